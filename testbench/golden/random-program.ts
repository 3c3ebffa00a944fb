// Random ARMv5TE instruction streams for QEMU lockstep (fast-check arbitraries). The streams
// stay away from QEMU's non-ARMv5 behaviour and from UNPREDICTABLE encodings: no r15 operands
// with register shifts, no stores of r15, aligned accesses only, non-empty register lists, no ^.
// r12 is the data pointer (never a destination, never in FIQ mode where it is banked).
import fc from 'fast-check';
import { SEMIHOSTING_EXIT } from './semihosting-exit.ts';

const COND = ['', 'eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];
const DP = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'orr', 'bic'];
const MOVES = ['mov', 'mvn'];
const COMPARES = ['tst', 'teq', 'cmp', 'cmn'];
const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];
const MODES = [0xd2, 0xd3, 0xd7, 0xdb, 0xdf]; // irq svc abt und sys, interrupts masked

const reg = fc.integer({ min: 0, max: 11 }).map((n) => `r${n}`);
const anyReadable = fc.integer({ min: 0, max: 12 }).map((n) => `r${n}`);
const cond = fc.constantFrom(...COND);
const sflag = fc.constantFrom('', 's');

/** An immediate encodable as an 8-bit value rotated right by an even amount. */
const immediate = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 15 })).map(([v, rot]) => {
  const r = rot * 2;
  return (r === 0 ? v : ((v >>> r) | (v << (32 - r))) >>> 0).toString();
});

const operand2 = fc.oneof(
  immediate.map((i) => `#${i}`),
  anyReadable,
  fc.tuple(anyReadable, fc.constantFrom(...SHIFTS), fc.integer({ min: 1, max: 31 })).map(([m, s, n]) => `${m}, ${s} #${n}`),
  fc.tuple(anyReadable, fc.constantFrom('lsr', 'asr'), fc.constant(32)).map(([m, s, n]) => `${m}, ${s} #${n}`),
  anyReadable.map((m) => `${m}, rrx`),
  fc.tuple(anyReadable, fc.constantFrom(...SHIFTS), anyReadable).map(([m, s, rs]) => `${m}, ${s} ${rs}`),
);

const dataProcessing = fc.oneof(
  fc.tuple(fc.constantFrom(...DP), cond, sflag, reg, anyReadable, operand2).map(([op, c, s, d, n, o]) => `${op}${c}${s} ${d}, ${n}, ${o}`),
  fc.tuple(fc.constantFrom(...MOVES), cond, sflag, reg, operand2).map(([op, c, s, d, o]) => `${op}${c}${s} ${d}, ${o}`),
  fc.tuple(fc.constantFrom(...COMPARES), cond, anyReadable, operand2).map(([op, c, n, o]) => `${op}${c} ${n}, ${o}`),
);

/** Distinct registers from r0..r11. */
function distinct(n: number): fc.Arbitrary<string[]> {
  return fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { minLength: n, maxLength: n }).map((a) => a.map((x) => `r${x}`));
}

const multiplies = fc.oneof(
  fc.tuple(cond, sflag, distinct(3)).map(([c, s, [d, m, x]]) => `mul${c}${s} ${d}, ${m}, ${x}`),
  fc.tuple(cond, sflag, distinct(4)).map(([c, s, [d, m, x, n]]) => `mla${c}${s} ${d}, ${m}, ${x}, ${n}`),
  fc.tuple(fc.constantFrom('umull', 'umlal', 'smull', 'smlal'), cond, sflag, distinct(4)).map(
    ([op, c, s, [lo, hi, m, x]]) => `${op}${c}${s} ${lo}, ${hi}, ${m}, ${x}`,
  ),
  fc.tuple(fc.constantFrom('smulbb', 'smulbt', 'smultb', 'smultt', 'smulwb', 'smulwt'), cond, distinct(3)).map(
    ([op, c, [d, m, x]]) => `${op}${c} ${d}, ${m}, ${x}`,
  ),
  fc.tuple(fc.constantFrom('smlabb', 'smlabt', 'smlatb', 'smlatt', 'smlawb', 'smlawt'), cond, distinct(4)).map(
    ([op, c, [d, m, x, n]]) => `${op}${c} ${d}, ${m}, ${x}, ${n}`,
  ),
  fc.tuple(fc.constantFrom('smlalbb', 'smlalbt', 'smlaltb', 'smlaltt'), cond, distinct(4)).map(
    ([op, c, [lo, hi, m, x]]) => `${op}${c} ${lo}, ${hi}, ${m}, ${x}`,
  ),
  fc.tuple(fc.constantFrom('qadd', 'qsub', 'qdadd', 'qdsub'), cond, reg, reg, reg).map(([op, c, d, m, n]) => `${op}${c} ${d}, ${m}, ${n}`),
  fc.tuple(cond, reg, reg).map(([c, d, m]) => `clz${c} ${d}, ${m}`),
);

const offset = (scale: number, max: number): fc.Arbitrary<number> => fc.integer({ min: -max, max }).map((n) => n * scale);

const loadsStores = fc.oneof(
  fc.tuple(fc.constantFrom('ldr', 'str', 'ldrb', 'strb'), cond, reg, offset(4, 32), fc.constantFrom('', '!', 'post')).map(
    ([op, c, d, o, mode]) => (mode === 'post' ? `${op}${c} ${d}, [r12], #${o}` : `${op}${c} ${d}, [r12, #${o}]${mode}`),
  ),
  fc.tuple(fc.constantFrom('ldrb', 'strb'), cond, reg, offset(1, 255)).map(([op, c, d, o]) => `${op}${c} ${d}, [r12, #${o}]`),
  // (writeback only by multiples of 4: r12 must stay word-aligned for the word and block accesses)
  fc.tuple(fc.constantFrom('ldrh', 'strh', 'ldrsh'), cond, reg, offset(2, 100)).map(([op, c, d, o]) => `${op}${c} ${d}, [r12, #${o}]`),
  fc.tuple(fc.constantFrom('ldrh', 'strh', 'ldrsh'), cond, reg, offset(4, 50)).map(([op, c, d, o]) => `${op}${c} ${d}, [r12, #${o}]!`),
  fc.tuple(cond, reg, offset(1, 200)).map(([c, d, o]) => `ldrsb${c} ${d}, [r12, #${o}]`),
  fc.tuple(fc.constantFrom('ldrd', 'strd'), cond, fc.integer({ min: 0, max: 5 }), offset(8, 20)).map(
    ([op, c, d, o]) => `${op}${c} r${d * 2}, [r12, #${o}]`,
  ),
  fc.tuple(fc.constantFrom('ldm', 'stm'), fc.constantFrom('ia', 'ib', 'da', 'db'), cond, fc.boolean(), fc.integer({ min: 1, max: 0xfff })).map(
    ([op, mode, c, w, list]) => {
      const regs = [...Array(12).keys()].filter((i) => list & (1 << i)).map((i) => `r${i}`);
      return `${op}${mode}${c} r12${w ? '!' : ''}, {${regs.join(', ')}}`;
    },
  ),
  fc.tuple(fc.constantFrom('swp', 'swpb'), cond, distinct(2)).map(([op, c, [d, m]]) => `${op}${c} ${d}, ${m}, [r12]`),
);

const control = fc.oneof(
  fc.tuple(cond, dataProcessing).map(([c, skipped]) => `b${c} 1f\n  ${skipped}\n1:`),
  // QEMU keeps CPSR bit 8 set (ARMv6's A bit): clear it so computed values stay comparable
  fc.tuple(cond, reg).map(([c, d]) => `mrs${c} ${d}, cpsr\n  bic${c} ${d}, ${d}, #0x100`),
  fc.integer({ min: 0, max: 31 }).map((f) => `msr cpsr_f, #0x${((f << 27) >>> 0).toString(16)}`),
  fc.constantFrom(...MODES).map((m) => `msr cpsr_c, #0x${m.toString(16)}`),
  fc.tuple(cond, fc.integer({ min: 0, max: 0xffff })).map(([c, n]) => `swi${c} 0x${n.toString(16)}`),
  fc.constant('.word 0xe7f000f0'),
);

export const randomInstruction: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: dataProcessing },
  { weight: 2, arbitrary: multiplies },
  { weight: 3, arbitrary: loadsStores },
  { weight: 1, arbitrary: control },
);

export interface RandomProgram {
  readonly initialRegisters: readonly number[];
  /** Words around the data pointer (from r12 - 512). */
  readonly memory: readonly number[];
  readonly flags: number;
  readonly body: readonly string[];
}

export const randomProgram = (length: number): fc.Arbitrary<RandomProgram> =>
  fc.record({
    initialRegisters: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 12, maxLength: 12 }),
    memory: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 256, maxLength: 256 }),
    flags: fc.integer({ min: 0, max: 15 }),
    body: fc.array(randomInstruction, { minLength: 1, maxLength: length }),
  });

/** Link the program's .data here so r12 (0x108000) sits in the middle of the random words. */
export const RANDOM_PROGRAM_DATA_ADDRESS = 0x107e00;

/**
 * Assembly text: vectors (undefined and SWI return to the next instruction), random registers
 * and flags, r12 in the middle of a 64 KB data area, the body, then semihosting exit.
 */
export function renderRandomProgram(p: RandomProgram): string {
  const init = p.initialRegisters.map((v, i) => `  ldr r${i}, =0x${v.toString(16)}`).join('\n');
  return `
  .syntax unified
  .text
  .global _start
_start:
  mov r0, #0
  ldr r1, =0xe1b0f00e          @ movs pc, lr
  str r1, [r0, #4]
  str r1, [r0, #8]
  ldr r12, =0x108000
${init}
  msr cpsr_f, #0x${((p.flags << 28) >>> 0).toString(16)}
${p.body.map((line) => `  ${line}`).join('\n')}
${SEMIHOSTING_EXIT}
  .data
random_memory:
  .word ${p.memory.map((w) => '0x' + w.toString(16)).join(', ')}
`;
}
