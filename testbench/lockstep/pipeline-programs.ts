// Generated programs aimed at the pipeline's corners, beyond the QEMU-comparable random streams:
// writes to the pc (data processing, loads, LDM), exceptions in branch shadows, mode changes with
// banked registers, BX, and code that runs with IRQ and FIQ unmasked so a testbench can raise them
// at any cycle. Vectors return to the interrupted or next instruction.
import fc from 'fast-check';
import { randomInstruction } from '../golden/random-program.ts';
import { SEMIHOSTING_EXIT } from '../golden/semihosting-exit.ts';

let labelSeq = 0;
const fresh = (): string => `L${labelSeq++}`;

/** Corner-case fragments; each is self-contained and leaves r12 (the data pointer) intact. */
const corner: fc.Arbitrary<() => string> = fc.oneof(
  // pc written by data processing, to the instruction after a skipped one
  fc.constantFrom(() => { const l = fresh(); return `adr r9, ${l}\n  mov pc, r9\n  add r0, r0, #1\n${l}:`; }),
  fc.constantFrom(() => 'add pc, pc, #0\n  add r1, r1, #1\n  add r2, r2, #1'),
  // pc loaded by LDR and LDM
  // (through a word-aligned copy of r12: random halfword writebacks may leave r12 unaligned, and a
  // rotated pc would send both models off into the weeds in agreement)
  fc.constantFrom(() => { const l = fresh(); return `bic r11, r12, #3\n  adr r9, ${l}\n  str r9, [r11, #-4]\n  ldr pc, [r11, #-4]\n  mov r3, #3\n${l}:`; }),
  fc.constantFrom(() => { const l = fresh(); return `bic r11, r12, #3\n  adr r9, ${l}\n  str r9, [r11, #-4]\n  mov r10, #5\n  str r10, [r11, #-8]\n  ldmdb r11, {r10, pc}\n  mov r4, #4\n${l}:`; }),
  // exceptions in a branch shadow (not taken) and right after a taken branch
  fc.constantFrom(() => { const l = fresh(); return `b ${l}\n  swi 0x12\n  .word 0xe7f000f0\n${l}:`; }),
  fc.constantFrom(() => { const l = fresh(); return `cmp r0, r1\n  beq ${l}\n  swi 0x34\n${l}:\n  swi 0x56`; }),
  fc.constantFrom(() => '.word 0xe7f000f0\n  add r5, r5, #1'),
  // BL/BX pairs
  fc.constantFrom(() => { const l = fresh(); const m = fresh(); return `bl ${l}\n  b ${m}\n${l}:\n  bx lr\n${m}:`; }),
  // mode changes with banked registers, then back to SVC with interrupts unmasked
  fc.constantFrom(
    () => 'msr cpsr_c, #0xd2\n  mov r13, #0x100\n  mov r14, r13\n  msr cpsr_c, #0x13',
    () => 'msr cpsr_c, #0xd1\n  mov r8, #7\n  add r9, r8, r8\n  msr cpsr_c, #0x13\n  add r8, r8, #1',
    () => 'msr cpsr_c, #0xdf\n  mov r14, #9\n  msr cpsr_c, #0x13',
    // (SPSR only where the mode has one: User and System have none, reading it is unpredictable)
    () => 'msr cpsr_c, #0xd3\n  mrs r11, spsr\n  msr spsr_fsxc, r11\n  msr cpsr_c, #0x13',
  ),
);

export interface PipelineProgram {
  readonly body: ReadonlyArray<string | (() => string)>;
  readonly registers: readonly number[];
}

export const pipelineProgram = (length: number): fc.Arbitrary<PipelineProgram> =>
  fc.record({
    body: fc.array(fc.oneof({ weight: 3, arbitrary: randomInstruction }, { weight: 1, arbitrary: corner }), { minLength: 1, maxLength: length }),
    registers: fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 12, maxLength: 12 }),
  });

/** Assembly text: vectors at 0, SVC with IRQ/FIQ unmasked, the body, semihosting exit. */
export function renderPipelineProgram(p: PipelineProgram): string {
  labelSeq = 0;
  const body = p.body.map((x) => (typeof x === 'string' ? x : x())).map((l) => `  ${l}`).join('\n');
  // unified syntax: the shared generators write conditions last (ldrdmi), as GNU requires there
  return `
  .syntax unified
  .text
  .global _start
vectors:
  b _start
  movs pc, lr            @ undefined: skip it
  movs pc, lr            @ SWI: return after it
  subs pc, lr, #4        @ prefetch abort
  subs pc, lr, #4        @ data abort: retry... never raised here
  nop
  subs pc, lr, #4        @ IRQ: resume the interrupted instruction
  subs pc, lr, #4        @ FIQ
_start:
  ldr r12, =data_area
${p.registers.map((v, i) => `  ldr r${i}, =0x${v.toString(16)}`).join('\n')}
  msr cpsr_c, #0x13
${body}
${SEMIHOSTING_EXIT}
  .data
  .space 256
data_area:
  .space 512
`;
}
