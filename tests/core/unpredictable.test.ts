// ARMv5 UNPREDICTABLE encodings where the project documents a behaviour (docs/REFERENCE.md,
// docs/CORE.md): both models make the same choice. Each case runs in lockstep (RTL against the
// reference model, check mode) and then asserts the documented result on the final state, so a
// choice cannot drift in both models at once. Cases marked QEMU are also what QEMU 7.2 does
// (tests/golden/unpredictable.golden.test.ts compares them there).
import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';
import type { VersatileMachine } from '../../testbench/reference/index.ts';
import { UNPREDICTABLE_CASES, unpredictableProgram } from '../../testbench/lockstep/unpredictable-cases.ts';

function run(name: string): VersatileMachine {
  const c = UNPREDICTABLE_CASES.find((k) => k.name === name)!;
  const image = assembleProgram(unpredictableProgram(c.body), { textAddress: 0, dataAddress: 0x1000 });
  const r = runLockstep(image, { check: true, maxCycles: 20_000 });
  expect(r.report ?? '').toBe('');
  expect(r.end).toBe('exit');
  return r.reference;
}

const reg = (m: VersatileMachine, i: number): number => m.core.register(i);
const BUF = 0x1000;

describe('UNPREDICTABLE encodings: one documented behaviour in both models', () => {
  it('LDM with writeback and the base in the list: the loaded value wins (QEMU)', () => {
    const m = run('ldm-writeback-base-in-list');
    expect(reg(m, 2)).toBe(0x88776655); // ldmia r9!, {r1, r9, r10}: r9 = word 1
    expect(reg(m, 3)).toBe(0xccbbaa99); // ldmdb r9!, {r4, r9, r11} from buf + 16: word 2
    expect(reg(m, 5)).toBe(0x88776655); // ldmib r9!, {r9, r10}: word 1
    expect(reg(m, 7)).toBe(0xccbbaa99); // ldmia r9!, {r1, r4, r9}: the base last, word 2
  });

  it('halfword and signed loads/stores post-indexed with W set: executed, written back (QEMU)', () => {
    const m = run('halfword-post-indexed-w');
    expect(reg(m, 2)).toBe(0x2211); // ldrht r2, [r3], #2
    expect(reg(m, 4)).toBe(0xffffff99); // ldrsbt r4, [r3], #1 at buf + 8
    expect(reg(m, 5)).toBe(0x22116655); // strht stored r2's halfword at buf + 6
    expect(reg(m, 7)).toBe(0xffffaa99); // ldrsht r7, [r3], #2 at buf + 8
    expect(reg(m, 3)).toBe(BUF + 10);
  });

  it('LDRD/STRD post-indexed with W set are undefined (QEMU)', () => {
    const m = run('doubleword-post-indexed-w');
    expect(reg(m, 6)).toBe(2); // both trapped: the handler counted them
    expect(reg(m, 3)).toBe(BUF); // base untouched
  });

  it('MSR to the CPSR ignores the reserved bits and T (QEMU but for bit 8)', () => {
    const m = run('msr-cpsr-reserved-bits');
    expect(reg(m, 2)).toBe(0xf80000df);
  });

  it('MSR to the CPSR with an invalid mode keeps the mode and writes the other fields (QEMU)', () => {
    const m = run('msr-cpsr-invalid-mode');
    expect(reg(m, 4)).toBe(0x1f); // System mode kept, I and F cleared, flags cleared
    expect(reg(m, 5)).toBe(0xa000001f); // flags field written alongside
  });

  it('MSR to an SPSR ignores the reserved bits and writes T', () => {
    const m = run('msr-spsr-reserved-bits');
    expect(reg(m, 5)).toBe(0xf80000df);
    expect(reg(m, 6)).toBe(0xf80000ff);
  });

  it('MRS of the SPSR in User or System mode reads the CPSR', () => {
    const m = run('mrs-spsr-without-spsr');
    expect(reg(m, 7)).toBe(0x600000df); // System
    expect(reg(m, 8)).toBe(0x600000d0); // User
  });

  it('exception return to an SPSR with an invalid mode keeps the mode; in System mode it leaves the CPSR', () => {
    const m = run('exception-return-invalid-mode');
    expect(reg(m, 6)).toBe(0x2000009b); // und: mode kept, flags, I from the SPSR (0x2000009a)
    expect(reg(m, 7)).toBe(0x200000df); // sys: movs pc and ldm ^ change nothing but the pc
    expect(reg(m, 8)).toBe(3); // every return landed
  });

  it('LDRD and STRD with Rd = r14 transfer r14 and the pc (LDRD loads the pc as LDR does; STRD stores pc + 12)', () => {
    const m = run('doubleword-r14');
    expect(reg(m, 9)).toBe(0); // the instruction after the LDRD was skipped
    expect(reg(m, 14)).toBe(0x55);
    expect(reg(m, 5)).toBe(reg(m, 6) + 12);
  });

  it('STR/STRH/STRD with the pc as base address from pc + 8 (only a stored pc reads + 12)', () => {
    const m = run('store-pc-base');
    expect(reg(m, 7)).toBe(BUF);
    expect(reg(m, 2)).toBe(BUF & 0xffff);
    expect(reg(m, 3)).toBe(0x5000);
  });
});
