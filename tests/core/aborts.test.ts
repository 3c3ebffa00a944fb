// Data aborts in the middle of a multi-word transfer, in lockstep: an LDM and an STM that run off
// the end of a mapped section into an unmapped one. The base register is restored (ARM926 base
// restored abort model), also when the LDM loaded it before the fault; registers an aborted LDM
// loaded before the fault are UNPREDICTABLE and not compared; FSR and FAR are read back by the
// handler and compared through the registers. A SWP whose store aborts after its load leaves its
// destination unchanged; LDRHT (post-indexed halfword with W) uses User permissions.
import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';
import { EXC_DABT, EXC_FIQ, EXC_IRQ, EXC_NONE, EXC_SWI, EXC_UND } from '../../rtl/core/arm.ts';
import { LockstepMachine } from '../../testbench/machine/lockstep-machine.ts';
import type { Arm926System } from '../../rtl/system/arm926-system.ts';
import type { Simulator } from '../../rtl/hdl/simulator.ts';
import { directedPrograms } from '../reference/programs/index.ts';

/** The vectors (data and prefetch aborts handled; the rest hang) and the start of the data abort handler: FSR and FAR into r10/r11. */
const VECTORS = `  .text
  .global _start
vectors:
  b _start
  b .
  b .
  b pabt
  b dabt
  b .
  b .
  b .
dabt:
  mrc p15, 0, r10, c5, c0, 0     @ FSR
  mrc p15, 0, r11, c6, c0, 0     @ FAR
`;

/**
 * Section 1 (0x100000): a translation fault unless a descriptor is given; control bits to set;
 * `tail` is placed after the program (code at fixed addresses). A prefetch abort records IFSR, LR
 * and SPSR in r10-r12 and ends the program.
 */
const program = (transfer: string, section1 = 0, control = 1, tail = '') => `
${VECTORS}  subs pc, lr, #4                @ skip the faulting instruction
pabt:
  mrc p15, 0, r10, c5, c0, 1     @ IFSR
  mov r11, lr
  mrs r12, spsr
  b done
_start:
  ldr r0, =0x80000               @ first-level table
  ldr r1, =0xc02                 @ section 0: identity, AP=11, uncached
  str r1, [r0]
  ldr r1, =0x${section1.toString(16)}
  str r1, [r0, #4]               @ section 1
  mcr p15, 0, r0, c2, c0, 0
  mov r1, #1
  mcr p15, 0, r1, c3, c0, 0      @ domain 0: client
  mcr p15, 0, r1, c8, c7, 0
  mrc p15, 0, r1, c1, c0, 0
  ldr r2, =0x${control.toString(16)}
  orr r1, r1, r2
  mcr p15, 0, r1, c1, c0, 0      @ MMU on
  ldr r9, =0x000ffff8
  add r8, r9, #8                 @ 0x100000, in section 1
  mov r1, #0x11
  mov r2, #0x22
  mov r3, #0x33
  mov r4, #0x44
  ${transfer}
  mov r5, r9                     @ the base after the abort
done:
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
  .ltorg
${tail}
`;

const PRIVILEGED_READ_ONLY = 0x100002; // AP=00 with the control register's S bit
const PRIVILEGED_ONLY = 0x100402; // AP=01

describe('data aborts inside LDM/STM, in lockstep', () => {
  it.each([
    'ldmia r9!, {r1, r2, r3, r4}',
    'ldmia r9, {r1, r2, r3, r4}',
    'stmia r9!, {r1, r2, r3, r4}',
    'ldrd r2, [r9, #8]!',
    'strd r2, [r9, #8]',
    // the base in the list, loaded before the faulting word: restored all the same
    'ldmia r9, {r1, r9, r10, r11}',
    'ldmia r9!, {r1, r9, r10, r11}',
    'ldmda r8!, {r2, r8, r9}',
    'sub r8, r8, #4\n  ldrd r8, [r8]', // LDRD loading its base, then aborting on the second word
    // LDRD whose second word aborts: the register the first word loaded is given back
    'ldrd r2, [r9, #4]',
    'ldrd r2, [r9, #4]!',
    'ldrd r8, [r9, #4]', // the second word would have loaded the base
  ])('%s', (transfer) => {
    const image = assembleProgram(program(transfer), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.history.some((h) => h.exc === 4)).toBe(true);
    if (/ldm.*r9[!,]/.test(transfer)) expect(r.reference.core.register(5)).toBe(0x000ffff8);
    if (/ldrd r8, \[r8\]/.test(transfer)) expect(r.reference.core.register(8)).toBe(0x000ffffc);
    if (/ldrd r2, \[r9, #4\]/.test(transfer)) expect([r.reference.core.register(2), r.reference.core.register(5)]).toEqual([0x22, 0x000ffff8]);
    if (/ldrd r8, \[r9, #4\]/.test(transfer)) expect([r.reference.core.register(8), r.reference.core.register(5)]).toEqual([0x100000, 0x000ffff8]);
  });

  it('a SWP whose store aborts (read-only section) leaves its destination as it was', () => {
    const image = assembleProgram(program('swp r2, r1, [r8]', PRIVILEGED_READ_ONLY, 0x101), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.history.some((h) => h.exc === 4)).toBe(true);
    expect(r.reference.core.register(2)).toBe(0x22);
    expect(r.reference.core.register(10) & 0xf).toBe(0xd); // permission fault (section)
  });

  it('LDRHT from a privileged-only section aborts in a privileged mode (User permissions)', () => {
    const image = assembleProgram(program('.word 0xe0f820b2 @ ldrht r2, [r8], #2\n  ldrh r3, [r8]', PRIVILEGED_ONLY), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.history.filter((h) => h.exc === 4)).toHaveLength(1);
    expect(r.reference.core.register(2)).toBe(0x22);
    expect(r.reference.core.register(8)).toBe(0x100000);
    expect(r.reference.core.register(10) & 0xf).toBe(0xd);
  });
});

// With alignment checking off, a misaligned access that faults in the MMU records in the FAR the
// address the instruction computed, bits 1:0 included (the MVA of the access attempted, ARM926EJ-S
// TRM; the RTL's data port carries it so); later words of a multi-word transfer are at the aligned
// address + 4n. The reference model once translated the aligned address and recorded that.
describe('the FAR of a misaligned access that faults in the MMU (A clear)', () => {
  it.each([
    ['ldr r2, [r8, #1]', 0x100001],
    ['ldr r2, [r8, #3]!', 0x100003],
    ['ldrh r2, [r8, #3]', 0x100003],
    ['ldrsh r2, [r8, #1]', 0x100001],
    ['str r2, [r8, #2]', 0x100002],
    ['strh r2, [r8, #1]', 0x100001],
    ['add r7, r8, #3\n  swp r2, r1, [r7]', 0x100003],
    ['add r7, r8, #1\n  ldmia r7, {r1, r2}', 0x100001],
    ['add r7, r8, #2\n  stmia r7!, {r1, r2}', 0x100002],
    ['add r7, r9, #5\n  ldmia r7, {r1, r2}', 0x100000], // the second word faults
    ['ldrd r2, [r9, #5]', 0x100000], // the second word faults
    ['strd r2, [r9, #5]!', 0x100000],
  ])('%s', (transfer, far) => {
    const image = assembleProgram(program(transfer), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.history.filter((h) => h.exc === EXC_DABT)).toHaveLength(1);
    expect(r.reference.core.register(11)).toBe(far);
    expect(r.reference.core.register(10) & 0xf).toBe(5); // section translation fault
  });
});

// The FAR and the IFAR hold modified virtual addresses (ARM926EJ-S TRM: c6 holds the MVA): with an
// FCSE PID, an address below 32 MB is recorded relocated. MMU faults did so in both models; the
// reference model recorded an alignment fault's VA, and the RTL a prefetch abort's VA in the IFAR.
const fcseProgram = (body: string, control: number) => `
${VECTORS}  subs pc, lr, #4
pabt:
  mrc p15, 0, r10, c5, c0, 1     @ IFSR
  mrc p15, 0, r11, c6, c0, 2     @ IFAR
  b done
_start:
  ldr r0, =0x80000               @ first-level table
  ldr r1, =0xc02                 @ section 0: identity, AP=11, uncached
  str r1, [r0]
  str r1, [r0, #0x180]           @ MVA 0x06000000 (PID 3's slot): the same physical section
  mcr p15, 0, r0, c2, c0, 0
  mov r1, #1
  mcr p15, 0, r1, c3, c0, 0      @ domain 0: client
  mcr p15, 0, r1, c8, c7, 0
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #${control}
  mcr p15, 0, r1, c1, c0, 0      @ MMU on
  mov r1, #0x06000000
  mcr p15, 0, r1, c13, c0, 0     @ FCSE PID 3 (the code runs on: its MVAs map to the same place)
  ldr r8, =0x100000              @ section 1: a translation fault
  mov r1, #0x11
  mov r2, #0x22
  ${body}
done:
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
  .ltorg
`;

describe('FAR and IFAR hold the MVA (FCSE PID 3)', () => {
  it.each([
    ['ldr r2, [r8, #1]', 0x06100001],
    ['ldr r9, =0x7ff2\n  stmda r9, {r1, r2}^', 0x06007fee],
    ['ldr r9, =0x2000001\n  ldrh r2, [r9]', 0x02000001], // 32 MB and above: not relocated
  ])('alignment fault (A set): %s', (body, far) => {
    const image = assembleProgram(fcseProgram(body, 3), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.reference.core.register(10)).toBe(1); // alignment
    expect(r.reference.core.register(11)).toBe(far);
  });

  it('prefetch abort: the IFAR holds the MVA of the fetch', () => {
    const image = assembleProgram(fcseProgram('bx r8', 1), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.history.filter((h) => h.exc === 3)).toHaveLength(1);
    expect(r.reference.core.register(10)).toBe(5); // section translation fault
    expect(r.reference.core.register(11)).toBe(0x06100000);
  });
});

// Thumb code is written as halfwords (.short) until the project's assembler has Thumb.
describe('aborts from Thumb state, in lockstep', () => {
  it('a data abort in Thumb code: LR = the instruction + 8, SPSR.T set, the return lands in Thumb', () => {
    const transfer = `
  mov r0, r8                     @ 0x100000: section 1, a translation fault
  adr r12, 7f
  orr r12, r12, #1
  bx r12
  .align 2
7:
  .short 0x6802                  @ ldr r2, [r0]: aborts
  .short 0x2309                  @ movs r3, #9: skipped (the handler returns to LR - 4 = the instruction + 4)
  .short 0x4778                  @ bx pc: back to ARM
  .short 0x46c0
  mrs r6, cpsr`;
    const image = assembleProgram(program(transfer), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    const abort = r.history.find((h) => h.exc === 4)!;
    expect(abort.thumb).toBe(true);
    expect(r.reference.core.register(2)).toBe(0x22); // not loaded
    expect(r.reference.core.register(3)).toBe(0x33); // LR was the instruction + 8
    expect(r.reference.core.register(11)).toBe(0x100000); // FAR
    expect(r.reference.core.register(6) & 0x20).toBe(0); // back in ARM state
  });

  it('a prefetch abort when Thumb code runs into an unmapped section: IFSR, LR = the instruction + 4, SPSR.T', () => {
    const edge = `
  .org 0xffff8
edge:
  .short 0x2105                  @ movs r1, #5
  .short 0x2206                  @ movs r2, #6
  .short 0x2307                  @ movs r3, #7
  .short 0x46c0                  @ nop: the last halfword of section 0`;
    const source = program('ldr r12, =edge + 1\n  bx r12', 0, 1, edge);
    const image = assembleProgram(source, { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    const m = r.reference.core;
    expect(m.register(3)).toBe(7);
    expect(m.register(10) & 0xf).toBe(5); // translation fault (section)
    expect(m.register(11)).toBe(0x100004); // LR = the aborted instruction (0x100000) + 4
    expect(m.register(12) & 0x20).toBe(0x20); // SPSR.T
  });
});

// The RTL sends Fetch to the data-abort vector the cycle Memory sees the abort, before the entry
// injected into Execute redirects there again. Were that early redirect to ignore CP15 V, the
// architecture would not change (the second redirect corrects it) and lockstep would pass: only
// the fetch to the low vector shows it, so it is watched here.
describe('high vectors on the instruction side', () => {
  it('with CP15 V set, undefined, SWI and data-abort entries never fetch from the low vectors', () => {
    // (The program clears V before its exit SWI, whose entry then fetches at 0x8.)
    const p = directedPrograms.find((d) => d.name.startsWith('high vectors'))!;
    const fetched: number[] = []; // instruction fetch addresses while V is set
    const watch = (sys: Arm926System, sim: Simulator): void => {
      const { req, addr } = sys.core.fetch.iport;
      const v = sys.core.cp15.high_vectors;
      sim.addObserver({ sample: () => void (req.v && v.v && fetched.push(addr.v >>> 0)) });
    };
    const image = assembleProgram(p.source, { textAddress: 0x10000 });
    const r = runLockstep(image, { check: true, maxCycles: 100_000, setup: watch });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    // Each entry was taken (and at its high vector: the lockstep compares every retirement's pc).
    expect(r.history.filter((h) => h.exc !== EXC_NONE).map((h) => h.exc)).toEqual([EXC_UND, EXC_SWI, EXC_DABT]);
    expect(fetched.filter((a) => a >= 0xffff0000 && a < 0xffff0020).length).toBeGreaterThanOrEqual(3);
    expect(fetched.filter((a) => a < 0x20)).toEqual([]);
  });
});

// Data Abort has priority over FIQ and IRQ, and interrupts are taken only between instructions:
// an interrupt raised while an LDM runs must wait for the LDM's abort entry (and then be taken
// from the abort handler's first instruction, FIQ, or after it returns, IRQ). The RTL once
// marked the abort entry it injects into Execute as the first uop of an instruction, so a pending
// interrupt replaced the abort: the LDM retired as the interrupted instruction with registers
// already loaded, and ran again after the handler (with its base in the list, from a loaded base).
const interruptedAbortProgram = (transfer: string) => `
  .text
  .global _start
vectors:
  b _start
  b .
  b .
  b .
  b dabt
  b .
  b irq
fiq:
  add r8, r8, #1                 @ r8_fiq counts FIQ entries
  subs pc, lr, #4
irq:
  add r13, r13, #1               @ r13_irq counts IRQ entries
  subs pc, lr, #4
dabt:
  mrc p15, 0, r10, c5, c0, 0     @ FSR
  mrc p15, 0, r11, c6, c0, 0     @ FAR
  add r12, r12, #1               @ r12 counts data aborts
  subs pc, lr, #4                @ skip the faulting instruction
_start:
  ldr r0, =0x80000               @ first-level table
  ldr r1, =0xc02                 @ section 0: identity, AP=11, uncached
  str r1, [r0]
  mcr p15, 0, r0, c2, c0, 0      @ section 1 (0x100000): a translation fault
  mov r1, #1
  mcr p15, 0, r1, c3, c0, 0
  mcr p15, 0, r1, c8, c7, 0
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #1
  mcr p15, 0, r1, c1, c0, 0      @ MMU on
  ldr r9, =0x000ffff8
  mov r12, #0
  mov r1, #0x11
  mov r2, #0x22
  mov r3, #0x33
  mov r4, #0x44
  msr cpsr_c, #0x13              @ SVC, IRQ and FIQ enabled
xfer:
  ${transfer}
  mov r5, r9                     @ the base after the abort
  nop
  nop
  nop
  nop
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
  .ltorg
`;

describe('an interrupt raised during an aborting LDM waits for the abort entry', () => {
  const transfers = [
    'ldmia r9!, {r1, r2, r3, r4}', // aborts on the third word
    'ldmia r9!, {r1, r9, r10, r11}', // the base loaded by the second word, restored
  ];
  for (const transfer of transfers) {
    for (const line of ['irq', 'fiq'] as const) {
      it(`${transfer}, ${line.toUpperCase()} raised 0..14 cycles after the LDM enters Execute`, () => {
        const image = assembleProgram(interruptedAbortProgram(transfer), { textAddress: 0 });
        const xfer = image.symbols.get('xfer')!;
        for (let delay = 0; delay <= 14; delay++) {
          const m = new LockstepMachine({ ramBytes: 4 << 20, check: true });
          m.load({ image });
          m.start(image.entry);
          const { sys, sim } = m;
          const x = sys.core.execute.u;
          const w = sys.core.writeback;
          const pin = line === 'irq' ? sys.ext_irq : sys.ext_fiq;
          const exc = line === 'irq' ? EXC_IRQ : EXC_FIQ;
          let seen = -1;
          let entered = false;
          sim.addObserver({ sample: () => void (entered ||= w.ret_valid.on && w.ret_exc.v === exc) });
          m.onCycle = () => {
            if (seen < 0 && x.valid.on && x.pc.v === xfer) seen = sim.cycle;
            if (entered) sim.poke(pin, 0);
            else if (seen >= 0 && sim.cycle - seen === delay) sim.poke(pin, 1);
          };
          const r = m.run([], { maxCycles: 20_000 });
          const where = `raised ${delay} cycles after the LDM entered Execute`;
          expect(r.stop.kind === 'mismatch' ? `${where}: ${r.stop.report}` : '', where).toBe('');
          expect(r.stop.kind, where).toBe('exit');
          expect(m.history.filter((h) => h.pc === xfer && h.exc === EXC_DABT), where).toHaveLength(1);
          expect(m.history.filter((h) => h.exc === exc), where).toHaveLength(1);
          const ref = m.reference;
          expect(ref.readRegister('r12'), where).toBe(1); // one data abort
          expect(ref.readRegister('r5'), where).toBe(0x000ffff8); // the base restored
          expect(ref.readRegister('r11'), where).toBe(0x100000); // FAR
        }
      });
    }
  }
});
