// fast-check generators of ARMv5TE Thumb instructions for the differential suite, in GNU's divided
// and unified syntax: every encoding class with its operand forms, and the forms GNU refuses (high
// registers, out-of-range and misaligned immediates, addressing modes Thumb lacks, conditions,
// 's' spellings in the wrong syntax, width suffixes), so acceptance is compared as well as bytes.
import fc from 'fast-check';

const LOW = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const ANY = [...LOW, 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'ip', 'fp', 'sl', 'a1', 'v4'];
const CONDS = ['eq', 'ne', 'cs', 'hs', 'cc', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'];

/** Mostly low registers, sometimes any. */
const reg = fc.oneof({ arbitrary: fc.constantFrom(...LOW), weight: 4 }, { arbitrary: fc.constantFrom(...ANY), weight: 1 });
const low = fc.constantFrom(...LOW);
const s = fc.constantFrom('', 's');
const imm = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((v) => `#${v}`);
/** Immediates around the Thumb field limits (3, 8 bits; word-scaled 7, 8 bits), either sign. */
const anyImm = fc.oneof(imm(-9, 9), imm(-260, 260), fc.integer({ min: -10, max: 260 }).map((v) => `#${v * 4}`), imm(-1100, 1100));

const addSub = fc.oneof(
  fc.tuple(fc.constantFrom('add', 'sub'), s, reg, reg, reg).map(([m, f, d, n, r]) => `${m}${f} ${d}, ${n}, ${r}`),
  fc.tuple(fc.constantFrom('add', 'sub'), s, reg, reg).map(([m, f, d, r]) => `${m}${f} ${d}, ${r}`),
  fc.tuple(fc.constantFrom('add', 'sub'), s, reg, reg, anyImm).map(([m, f, d, n, i]) => `${m}${f} ${d}, ${n}, ${i}`),
  fc.tuple(fc.constantFrom('add', 'sub'), s, reg, anyImm).map(([m, f, d, i]) => `${m}${f} ${d}, ${i}`),
  fc.tuple(fc.constantFrom('add', 'sub'), s, low, fc.constantFrom('sp', 'pc'), anyImm).map(([m, f, d, b, i]) => `${m}${f} ${d}, ${b}, ${i}`),
  fc.tuple(fc.constantFrom('add', 'sub'), s, anyImm).map(([m, f, i]) => `${m}${f} sp, sp, ${i}`),
  fc.tuple(fc.constantFrom('add', 'sub'), s, anyImm).map(([m, f, i]) => `${m}${f} sp, ${i}`),
);

const aluOps = ['and', 'eor', 'adc', 'sbc', 'orr', 'bic'];
const alu = fc.oneof(
  fc.tuple(fc.constantFrom(...aluOps), s, reg, reg).map(([m, f, d, r]) => `${m}${f} ${d}, ${r}`),
  fc.tuple(fc.constantFrom(...aluOps), s, low, low, low).map(([m, f, d, n, r]) => `${m}${f} ${d}, ${n}, ${r}`),
  fc.tuple(fc.constantFrom(...aluOps), s, low, imm(0, 9)).map(([m, f, d, i]) => `${m}${f} ${d}, ${i}`),
  fc.tuple(fc.constantFrom(...aluOps), s, low, low).map(([m, f, d, r]) => `${m}${f} ${d}, ${r}, lsl #2`),
  fc.tuple(fc.constantFrom('mul'), s, reg, reg).map(([m, f, d, r]) => `${m}${f} ${d}, ${r}`),
  fc.tuple(fc.constantFrom('mul'), s, low, low, low).map(([m, f, d, n, r]) => `${m}${f} ${d}, ${n}, ${r}`),
  fc.tuple(fc.constantFrom('neg'), s, reg, reg).map(([m, f, d, r]) => `${m}${f} ${d}, ${r}`),
  fc.tuple(fc.constantFrom('rsb'), s, low, low, fc.constantFrom('#0', '#1', 'r2')).map(([m, f, d, r, o]) => `${m}${f} ${d}, ${r}, ${o}`),
);

const shiftOps = ['lsl', 'lsr', 'asr', 'ror'];
const shifts = fc.oneof(
  fc.tuple(fc.constantFrom(...shiftOps), s, reg, reg, imm(-1, 33)).map(([m, f, d, r, i]) => `${m}${f} ${d}, ${r}, ${i}`),
  fc.tuple(fc.constantFrom(...shiftOps), s, reg, imm(0, 32)).map(([m, f, d, i]) => `${m}${f} ${d}, ${i}`),
  fc.tuple(fc.constantFrom(...shiftOps), s, reg, reg).map(([m, f, d, r]) => `${m}${f} ${d}, ${r}`),
  fc.tuple(fc.constantFrom(...shiftOps), s, low, low, low).map(([m, f, d, n, r]) => `${m}${f} ${d}, ${n}, ${r}`),
);

const movCmp = fc.oneof(
  fc.tuple(fc.constantFrom('mov', 'cmp', 'movs', 'cmps'), reg, imm(-2, 258)).map(([m, d, i]) => `${m} ${d}, ${i}`),
  fc.tuple(fc.constantFrom('mov', 'cmp', 'movs', 'cmps'), reg, reg).map(([m, d, r]) => `${m} ${d}, ${r}`),
  fc.tuple(fc.constantFrom('mov', 'movs'), low, low, fc.constantFrom('lsl', 'lsr', 'asr', 'ror'), imm(0, 32)).map(([m, d, r, k, i]) => `${m} ${d}, ${r}, ${k} ${i}`),
  fc.tuple(fc.constantFrom('mov', 'movs'), low, low, fc.constantFrom('lsl', 'lsr', 'asr', 'ror'), low).map(([m, d, r, k, x]) => `${m} ${d}, ${r}, ${k} ${x}`),
  fc.tuple(fc.constantFrom('mvn', 'tst', 'cmn'), s, reg, reg).map(([m, f, d, r]) => `${m}${f} ${d}, ${r}`),
  fc.tuple(fc.constantFrom('mvn', 'tst', 'cmn'), s, low, imm(0, 9)).map(([m, f, d, i]) => `${m}${f} ${d}, ${i}`),
  fc.constantFrom('movs pc, lr', 'mov pc, lr', 'mov r8, r8', 'nop'),
);

const memOps = ['ldr', 'str', 'ldrb', 'strb', 'ldrh', 'strh', 'ldrsb', 'ldrsh'];
const offset = fc.oneof(imm(-4, 8), fc.integer({ min: -1, max: 33 }).map((v) => `#${v * 4}`), fc.integer({ min: 0, max: 32 }).map((v) => `#${v * 2}`), imm(0, 40));
const address = fc.oneof(
  reg.map((n) => `[${n}]`),
  fc.tuple(reg, offset).map(([n, o]) => `[${n}, ${o}]`),
  fc.tuple(reg, reg).map(([n, m]) => `[${n}, ${m}]`),
  fc.tuple(low, low).map(([n, m]) => `[${n}, -${m}]`),
  fc.tuple(low, low).map(([n, m]) => `[${n}, ${m}, lsl #1]`),
  fc.tuple(low, offset).map(([n, o]) => `[${n}], ${o}`),
  fc.tuple(low, offset).map(([n, o]) => `[${n}, ${o}]!`),
  fc.tuple(fc.constantFrom('sp', 'pc'), fc.oneof(fc.integer({ min: -1, max: 257 }).map((v) => `#${v * 4}`), imm(0, 8))).map(([n, o]) => `[${n}, ${o}]`),
  fc.constantFrom('sp', 'pc').map((n) => `[${n}]`),
  fc.tuple(fc.constantFrom('sp', 'pc'), low).map(([n, m]) => `[${n}, ${m}]`),
);
const memory = fc.oneof(
  fc.tuple(fc.constantFrom(...memOps), reg, address).map(([m, d, a]) => `${m} ${d}, ${a}`),
  fc.tuple(fc.constantFrom(...memOps), reg, fc.integer({ min: -2, max: 300 })).map(([m, d, v]) => `${m} ${d}, =${v}`),
);

/**
 * Divided syntax: GNU as 2.40 assembles LDRB/LDRH/STRB/STRH with an SP or PC base, or a literal,
 * as a word LDR/STR (its check for this tests the wrong opcode bits). We refuse them.
 */
export function gnuWrongByteHalf(line: string): boolean {
  return /^(ldr|str)[bh]\s+\w+,\s*(\[\s*(sp|pc)\s*(\]|,\s*#)|=)/.test(line) && !/^str[bh]\s+\w+,\s*\[\s*pc/.test(line);
}

const regList = fc.tuple(fc.integer({ min: 0, max: 0xff }), fc.constantFrom(0, 0, 0, 1 << 8, 1 << 14, 1 << 15, 1 << 13)).map(([lo, hi]) => {
  const mask = lo | hi || 1;
  const names: string[] = [];
  for (let i = 0; i < 16; i++) if (mask & (1 << i)) names.push(i === 13 ? 'sp' : i === 14 ? 'lr' : i === 15 ? 'pc' : `r${i}`);
  return `{${names.join(', ')}}`;
});
const multiple = fc.oneof(
  fc.tuple(fc.constantFrom('ldmia', 'ldm', 'ldmfd', 'stmia', 'stm', 'stmea', 'ldmdb', 'stmfd'), fc.oneof(low, fc.constantFrom('sp', 'r8')), fc.boolean(), regList)
    .map(([m, n, w, l]) => `${m} ${n}${w ? '!' : ''}, ${l}`),
  fc.tuple(fc.constantFrom('push', 'pop'), regList).map(([m, l]) => `${m} ${l}`),
);

const misc = fc.oneof(
  fc.tuple(fc.constantFrom('bx', 'blx'), reg).map(([m, r]) => `${m} ${r}`),
  fc.tuple(fc.constantFrom('swi', 'svc'), fc.integer({ min: -1, max: 257 }), fc.boolean()).map(([m, n, h]) => `${m} ${h ? '#' : ''}${n}`),
  fc.tuple(fc.constantFrom('bkpt', 'udf'), fc.integer({ min: -1, max: 257 }), fc.boolean()).map(([m, n, h]) => `${m} ${h ? '#' : ''}${n}`),
  fc.constantFrom('bkpt', 'udf', 'nop'),
  // Conditions on anything but B, and instructions ARMv5TE has only in ARM state.
  fc.tuple(fc.constantFrom('add', 'mov', 'ldr', 'bx'), fc.constantFrom(...CONDS)).map(([m, c]) => (m === 'bx' ? `${m}${c} lr` : m === 'ldr' ? `${m}${c} r0, [r1]` : `${m}${c} r0, r1`)),
  fc.constantFrom('teq r0, r1', 'mla r0, r1, r2, r3', 'ldrd r0, [r1]', 'clz r0, r1', 'cpy r0, r1', 'yield', 'rev r0, r1', 'sxth r0, r1', 'cbz r0, .'),
  // Width suffixes.
  fc.tuple(fc.constantFrom('adds', 'add', 'movs', 'lsls', 'ldr'), fc.constantFrom('.n', '.w')).map(([m, w]) => (m === 'ldr' ? `${m}${w} r0, [r1]` : m === 'lsls' ? `${m}${w} r0, r1, #1` : `${m}${w} r0, r1`)),
);

export const thumbInstruction = fc.oneof(
  { arbitrary: addSub, weight: 3 },
  { arbitrary: alu, weight: 2 },
  { arbitrary: shifts, weight: 2 },
  { arbitrary: movCmp, weight: 2 },
  { arbitrary: memory, weight: 4 },
  { arbitrary: multiple, weight: 2 },
  { arbitrary: misc, weight: 2 },
);

/** A statement of a Thumb program with labels L0..L3: branches, calls, pc-relative loads, pools. */
const labelled = fc.oneof(
  fc.tuple(fc.constantFrom('', ...CONDS), fc.integer({ min: 0, max: 3 })).map(([c, l]) => `b${c} L${l}`),
  fc.tuple(fc.constantFrom('bl', 'blx'), fc.integer({ min: 0, max: 3 })).map(([m, l]) => `${m} L${l}`),
  fc.tuple(reg, fc.integer({ min: 0, max: 3 })).map(([r, l]) => `ldr ${r}, L${l}`),
  fc.tuple(reg, fc.integer({ min: 0, max: 3 })).map(([r, l]) => `adr ${r}, L${l}`),
  fc.tuple(low, fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: 0, max: 0xffffffff }))).map(([r, v]) => `ldr ${r}, =${v}`),
  fc.tuple(reg, fc.integer({ min: 0, max: 3 })).map(([r, l]) => `ldr ${r}, =L${l}`),
  low.map((r) => `str ${r}, =5`),
  fc.constantFrom('.align 2', '.ltorg', 'nop', '.byte 1, 2', '.hword 2', '.space 100', '.space 1000'),
);

/** Thumb programs with labels: the test places L0..L3 and the syntax. */
export const thumbProgram = fc.tuple(fc.array(labelled, { minLength: 20, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }))
  .map(([lines, at]) => {
    const out = [...lines];
    // Labels at random places, each once, in order of their position.
    at.map((p, l) => ({ p: Math.floor((p / 101) * (out.length + 1)), l })).sort((a, b) => b.p - a.p).forEach(({ p, l }) => out.splice(p, 0, `L${l}:`));
    return out;
  });

/** ARM and Thumb code calling functions of both states in one section (interworking). */
export const interworkingProgram = fc.array(
  fc.oneof(
    // A BLX from Thumb to a Thumb function becomes BL; GNU gets its offset right only from a
    // word-aligned address (thumb.test.ts checks ours at both alignments).
    fc.tuple(fc.constantFrom('bl', 'blx'), fc.constantFrom('af', 'al', 'tf', 'tl', 'tt')).map(([m, f]) => (m === 'blx' && (f === 'tf' || f === 'tt') ? `.align 2\n${m} ${f}` : `${m} ${f}`)),
    fc.constantFrom('af', 'al', 'tf', 'tl', 'tt').map((f) => `.word ${f}`),
    fc.constantFrom('af', 'tf', 'tt', 'tl').map((f) => `ldr r0, =${f}`),
    fc.constantFrom('af', 'tf', 'tt', 'tl').map((f) => `ldr r0, =${f} + 4`),
    fc.constantFrom('nop', 'bx lr'),
  ),
  { minLength: 4, maxLength: 12 },
).chain((thumbCalls) => fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom('bl', 'blx'), fc.constantFrom('af', 'al', 'tf', 'tl', 'tt')).map(([m, f]) => `${m} ${f}`),
    fc.constantFrom('af', 'tf', 'tt').map((f) => `.word ${f}`),
    fc.constantFrom('nop'),
  ),
  { minLength: 4, maxLength: 12 },
).map((armCalls) => [
  '.text', '.syntax unified', '.arm',
  ...armCalls,
  '.type af, %function', 'af: bx lr', 'al: bx lr',
  '.thumb', '.thumb_func', 'tf: bx lr', 'tl: bx lr', '.type tt, %function', 'tt: bx lr',
  ...thumbCalls,
  '.align 2', '.ltorg',
].join('\n')));
