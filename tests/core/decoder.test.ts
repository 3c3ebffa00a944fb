// The decoder's contract: for any 32-bit word, step and mode, every uop field fits its width (the
// Decode stage writes the fields straight into the store), sequences end, and physical register
// numbers are in range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXC_UND, MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_SYS, MODE_UND, MODE_USR, PHYS_REGS } from '../../rtl/core/arm.ts';
import { decodeStep } from '../../rtl/core/decoder.ts';
import { decodeThumbStep } from '../../rtl/core/thumb-decoder.ts';
import { K_EXC, newUopValues, UOP_FIELDS } from '../../rtl/core/uop.ts';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';

const MODES = [MODE_USR, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND, MODE_SYS];

describe('decoder', () => {
  it('every field fits its width, and every instruction ends within 17 uops', () => {
    const u = newUopValues();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constantFrom(...MODES), fc.boolean(), (word, mode, abort) => {
        let step = 0;
        for (;;) {
          const last = decodeStep(word, step, mode, abort, u);
          for (const [name, width] of UOP_FIELDS) {
            const v = u[name];
            if (!Number.isInteger(v) || v < 0 || v >= 2 ** width) throw new Error(`${name} = ${v} does not fit ${width} bits (word 0x${word.toString(16)}, step ${step})`);
          }
          for (const r of ['ra', 'rb', 'rc', 'rd', 'rd2'] as const) if (u[r] >= PHYS_REGS) throw new Error(`${r} = ${u[r]}`);
          if (last) break;
          step++;
          expect(step).toBeLessThan(17);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('Thumb: for every halfword, address and mode, every field fits and the instruction ends', () => {
    const u = newUopValues();
    for (let hw = 0; hw < 0x10000; hw++) {
      for (const pc of [0x8000, 0x8002]) {
        const mode = MODES[hw % MODES.length]!;
        let step = 0;
        for (;;) {
          const last = decodeThumbStep(hw, pc, step, mode, false, u);
          for (const [name, width] of UOP_FIELDS) {
            const v = u[name];
            if (!Number.isInteger(v) || v < 0 || v >= 2 ** width) throw new Error(`${name} = ${v} does not fit ${width} bits (halfword 0x${hw.toString(16)}, step ${step})`);
          }
          if (u.thumb !== 1) throw new Error(`halfword 0x${hw.toString(16)} not marked Thumb`);
          if (last) break;
          step++;
          if (step > 17) throw new Error(`halfword 0x${hw.toString(16)} does not end`);
        }
      }
    }
  });
});

// cond 0000 01xx ... 1001 is the ARMv6 UMAAL/MLS space, unallocated on ARMv5TE: undefined in both
// models (the RTL once ran it as MUL/MLA, ignoring bit 22). Checked on the decoder for random
// words of the space and in lockstep for the four opcode values, each with and without S.
describe('the multiply extension space (bits 27:22 = 000001, 7:4 = 1001)', () => {
  it('decodes as the undefined instruction', () => {
    const u = newUopValues();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 0x3ffff }), fc.constantFrom(...MODES), (cond, x, mode) => {
        const word = ((cond << 28) | 0x00400090 | (((x >>> 4) & 0x3fff) << 8) | (x & 15)) >>> 0;
        expect(decodeStep(word, 0, mode, false, u)).toBe(true);
        expect([u.kind, u.exc]).toEqual([K_EXC, EXC_UND]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes the undefined-instruction exception in lockstep', () => {
    const words = [0xe0432291, 0xe0532291, 0xe0632291, 0xe0732291, 0x00432291];
    const source = `
  .text
  .global _start
vectors:
  b _start
  b und
und:
  add r12, r12, #1               @ r12 counts undefined-instruction entries
  movs pc, lr
_start:
  mov r1, #3
  mov r2, #5
  mov r3, #0x100
  mov r12, #0
  msr cpsr_f, #0x40000000        @ Z set: the last word's EQ passes
${words.map((w) => `  .word 0x${w.toString(16)}`).join('\n')}
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
  .ltorg
`;
    const r = runLockstep(assembleProgram(source, { textAddress: 0 }), { check: true, maxCycles: 10_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.history.filter((h) => h.exc === EXC_UND)).toHaveLength(words.length);
    expect(r.reference.core.register(12)).toBe(words.length);
    expect(r.reference.core.register(2)).toBe(5); // Rn (bits 15:12) and Rd (19:16) untouched: no MLA
    expect(r.reference.core.register(3)).toBe(0x100);
  });
});
