// Every row of the timing table (rtl/core/timing.ts) measured on the model: the cycles between
// the retirement of the instruction under test and the next one, in a stream with no other stalls,
// and result latencies as the distance to a dependent instruction. Each run is also in lockstep
// with the reference model, so the timing is of correct execution.
import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { TIMING, type TimingClass } from '../../rtl/core/timing.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';

const EXIT = `
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456`;

/**
 * Retirement cycles of the labels in `body`: `distance` gives b - a. The body runs with r12
 * pointing at a data area. `cycles` gives the cycles of the instruction at `a`: the distance from
 * `p` (a single-cycle instruction just before a) to `b` (just after), minus one.
 */
function retirements(body: string, data = '.word 0'): (from: string, to: string) => number {
  const source = `
  .text
  .global _start
_start:
  ldr r12, =buffer
  mov r0, #0
  ldr r1, =0xe29ef000   @ adds pc, lr, #0: SWI and undefined return (arithmetic: 3 cycles)
  str r1, [r0, #8]
  str r1, [r0, #4]
  mov r1, #1
  mov r2, #2
  mov r3, #3
  nop
  nop
  nop
${body}
${EXIT}
  .ltorg
  .data
  .align 3
buffer:
  ${data}
  .space 64
`;
  const image = assembleProgram(source, { textAddress: 0x8000 });
  // The core's own timing: zero-wait memory, no caches in between (see docs/CORE.md).
  const r = runLockstep(image, { check: true, maxCycles: 20_000, system: { memorySystem: false } });
  if (!r.ok) throw new Error(r.report);
  const at = (label: string): number => {
    const addr = image.symbols.get(label);
    if (addr === undefined) throw new Error(`no label ${label}`);
    const hit = r.history.find((h) => h.pc === addr);
    if (!hit) throw new Error(`${label} (0x${addr.toString(16)}) never retired`);
    return hit.cycle;
  };
  return (from, to) => (to === 'vector' ? r.history.find((h) => h.pc === 8 && h.cycle > at(from))!.cycle : at(to)) - at(from);
}

const distance = (body: string): number => retirements(body)('a', 'b');
/** The body with a single-cycle `p:` just before `a:`. */
const withP = (body: string): string => body.replace(/^a:/m, 'p: nop\na:');
const cycles = (body: string): number => retirements(withP(body))('p', 'b') - 1;

const cases: Array<[TimingClass, string, string?]> = [
  ['dataOp', 'a: add r4, r1, r2\nb: add r5, r1, r2'],
  ['dataOpRegShift', 'a: add r4, r1, r2, lsl r3\nb: add r5, r1, r2'],
  ['dataOpWritesPc', 'a: add pc, pc, #-4\nb: add r5, r1, r2'],
  ['dataOpLogicalWritesPc', 'adr r4, b\na: mov pc, r4\nb: add r5, r1, r2'],
  ['dataOpShiftedWritesPc', 'adr r4, b\nmov r6, #0\na: add pc, r4, r6, lsl #3\nb: add r5, r1, r2'],
  ['dataOpRegShiftWritesPc', 'adr r4, b\nmov r6, #0\na: add pc, r4, r6, lsl r2\nb: add r5, r1, r2'],
  ['branch', 'a: b b\nb: add r5, r1, r2'],
  ['exceptionEntry', 'a: swi 1\nb: nop'], // b: the first instruction at the SWI vector (see below)
  ['ldrWord', 'a: ldr r4, [r12]\nb: add r5, r1, r2'],
  ['ldrPc', 'adr r4, b\nstr r4, [r12]\na: ldr pc, [r12]\nb: add r5, r1, r2'],
  ['str', 'a: str r4, [r12]\nb: add r5, r1, r2'],
  ['ldrdStrd', 'a: ldrd r4, [r12]\nb: add r8, r1, r2'],
  ['swp', 'a: swp r4, r5, [r12]\nb: add r8, r1, r2'],
  ['mul', 'a: mul r4, r1, r2\nb: add r5, r1, r2'],
  ['mulS', 'a: muls r4, r1, r2\nb: add r5, r1, r2'],
  ['mulLong', 'a: umull r4, r5, r1, r2\nb: add r6, r1, r2'],
  ['mulLongS', 'a: umulls r4, r5, r1, r2\nb: add r6, r1, r2'],
  ['dspMul', 'a: smulbb r4, r1, r2\nb: add r5, r1, r2'],
  ['dspMulLong', 'a: smlalbb r4, r5, r1, r2\nb: add r6, r1, r2'],
  ['qArith', 'a: qadd r4, r1, r2\nb: add r5, r1, r2'],
  ['clz', 'a: clz r4, r1\nb: add r5, r1, r2'],
  ['mrs', 'a: mrs r4, cpsr\nb: add r5, r1, r2'],
  ['msrFlags', 'a: msr cpsr_f, #0\nb: add r5, r1, r2'],
  ['msrControl', 'a: msr cpsr_c, #0xd3\nb: add r5, r1, r2'],
  ['mcr', 'a: mcr p15, 0, r1, c3, c0, 0\nb: add r5, r1, r2'],
  ['mrc', 'a: mrc p15, 0, r4, c0, c0, 0\nb: add r5, r1, r2'],
  ['conditionFailed', 'cmp r1, r1\na: addne r4, r1, r2\nb: add r5, r1, r2'],
  ['conditionFailedSequence', 'cmp r1, r1\na: ldmne r12, {r4, r5, r6}\nb: add r7, r1, r2'],
];

describe('timing table, measured', () => {
  it.each(cases.filter(([c]) => c !== 'exceptionEntry'))('%s', (cls, body) => {
    expect(cycles(body)).toBe(TIMING[cls].cycles);
  });

  it('exceptionEntry: from the SWI to the first instruction at the vector', () => {
    const at = retirements(withP('a: swi 1\nb: nop'));
    expect(at('p', 'vector') - 1).toBe(TIMING.exceptionEntry.cycles);
  });

  it.each([1, 2, 4, 7])('LDM and STM of %i registers', (n) => {
    const list = Array.from({ length: n }, (_, k) => `r${k + 4}`).join(', ');
    expect(cycles(`a: ldmia r12, {${list}}\nb: add r1, r2, r3`)).toBe(Math.max(2, n) * TIMING.ldmPerRegister.cycles);
    expect(cycles(`a: stmia r12, {${list}}\nb: add r1, r2, r3`)).toBe(Math.max(2, n) * TIMING.stmPerRegister.cycles);
  });

  it('LDM with the pc in the list adds the refill', () => {
    expect(cycles('adr r4, b\nstr r4, [r12, #4]\na: ldmia r12, {r5, pc}\nb: add r1, r2, r3')).toBe(2 + 4);
  });

  const latencyCases: Array<[TimingClass, string]> = [
    ['dataOp', 'a: add r4, r1, r2\nb: add r5, r4, r2'],
    ['ldrWord', 'a: ldr r4, [r12]\nb: add r5, r4, r2'],
    ['ldrByteHalf', 'a: ldrb r4, [r12]\nb: add r5, r4, r2'],
    ['mul', 'a: mul r4, r1, r2\nb: add r5, r4, r2'],
    ['qArith', 'a: qadd r4, r1, r2\nb: add r5, r4, r2'],
    ['mrc', 'a: mrc p15, 0, r4, c0, c0, 0\nb: add r5, r4, r2'],
  ];
  it.each(latencyCases)('%s result used by the next instruction', (cls, body) => {
    expect(distance(body)).toBe(TIMING[cls].latency);
  });

  it('a loaded value cannot be forwarded to a store\'s data: one more stall', () => {
    expect(distance('a: ldr r4, [r12]\nb: str r4, [r12, #8]')).toBe(TIMING.ldrWord.latency + 1);
  });
});

// Thumb code is written as halfwords (.short) until the project's assembler has Thumb.
/** `body` (Thumb halfwords with labels p, a, b) entered by BX and left by BX PC at a word boundary. */
const thumb = (body: string): string => `
  adr r4, t_start + 1
  bx r4
  .align 2
t_start:
  .short 0x46c0, 0x46c0       @ nop (mov r8, r8)
${body}
  .short 0x46c0, 0x46c0
  .align 2
  .short 0x4778, 0x46c0       @ bx pc: back to ARM
`;

describe('timing table, Thumb state', () => {
  it('a Thumb data operation takes the ARM row (adds r1, r2, r3)', () => {
    expect(retirements(thumb('p: .short 0x46c0\na: .short 0x18d1\nb: .short 0x46c0'))('p', 'b') - 1).toBe(TIMING.dataOp.cycles);
  });

  it('a Thumb load used next takes the ARM latency (ldr r1, [r2]; adds r1, r1, r3)', () => {
    expect(retirements(`ldr r2, =buffer\n${thumb('a: .short 0x6811\nb: .short 0x18c9')}`)('a', 'b')).toBe(TIMING.ldrWord.latency);
  });

  it('a Thumb branch takes the ARM row (b to the next instruction)', () => {
    expect(retirements(thumb('p: .short 0x46c0\na: .short 0xe7ff\nb: .short 0x46c0'))('p', 'b') - 1).toBe(TIMING.branch.cycles);
  });

  it('thumbBl: the BL pair to the instruction after it', () => {
    expect(retirements(thumb('p: .short 0x46c0\na: .short 0xf000, 0xf800\nb: .short 0x46c0'))('p', 'b') - 1).toBe(TIMING.thumbBl.cycles);
  });
});
