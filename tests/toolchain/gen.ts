// fast-check generators of ARMv5TE instructions in GNU as (divided) syntax, covering every class,
// condition and operand form, including immediates no encoding can hold.
import fc from 'fast-check';

const CONDS = ['', 'eq', 'ne', 'cs', 'hs', 'cc', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'];
const REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc', 'ip', 'fp', 'sl', 'a1', 'v1'];
const LOW = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12'];

const cond = fc.constantFrom(...CONDS);
const reg = fc.constantFrom(...REGS);
const low = fc.constantFrom(...LOW);
const regNum = fc.integer({ min: 0, max: 14 });

const rotl = (v: number, r: number): number => (r === 0 ? v : ((v << r) | (v >>> (32 - r))) >>> 0);

/** Immediates: encodable, encodable after negation/inversion, and arbitrary (mostly not encodable). */
export const imm32 = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 15 })).map(([v, r]) => rotl(v, 32 - 2 * r) >>> 0),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 15 })).map(([v, r]) => ~rotl(v, 32 - 2 * r) >>> 0),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 15 })).map(([v, r]) => (-rotl(v, 32 - 2 * r)) >>> 0),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.integer({ min: -300, max: 300 }),
);
const immText = imm32.chain((v) => fc.constantFrom(`#${v}`, `#0x${(v >>> 0).toString(16)}`, `#${v | 0}`));

const shiftImm = fc.oneof(
  fc.tuple(fc.constantFrom('lsl', 'asl'), fc.integer({ min: 0, max: 31 })).map(([s, n]) => `${s} #${n}`),
  fc.tuple(fc.constantFrom('lsr', 'asr'), fc.integer({ min: 1, max: 32 })).map(([s, n]) => `${s} #${n}`),
  fc.integer({ min: 1, max: 31 }).map((n) => `ror #${n}`),
  fc.constant('rrx'),
);
const shiftReg = fc.tuple(fc.constantFrom('lsl', 'lsr', 'asr', 'ror'), low).map(([s, r]) => `${s} ${r}`);

const op2 = fc.oneof(
  immText,
  reg,
  fc.tuple(reg, shiftImm).map(([r, s]) => `${r}, ${s}`),
  fc.tuple(low, shiftReg).map(([r, s]) => `${r}, ${s}`),
);

const dataProc = fc.oneof(
  fc.tuple(fc.constantFrom('and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'orr', 'bic'), cond, fc.constantFrom('', 's'), low, reg, op2)
    .map(([m, c, s, d, n, o]) => `${m}${c}${s} ${d}, ${n}, ${o}`),
  fc.tuple(fc.constantFrom('mov', 'mvn'), cond, fc.constantFrom('', 's'), low, op2).map(([m, c, s, d, o]) => `${m}${c}${s} ${d}, ${o}`),
  fc.tuple(fc.constantFrom('tst', 'teq', 'cmp', 'cmn'), cond, reg, op2).map(([m, c, n, o]) => `${m}${c} ${n}, ${o}`),
  fc.tuple(fc.constantFrom('lsl', 'lsr', 'asr', 'ror'), fc.constantFrom('', 's'), cond, low, low, fc.integer({ min: 1, max: 31 }))
    .map(([m, s, c, d, r, n]) => `${m}${c}${s} ${d}, ${r}, #${n}`),
  fc.tuple(fc.constantFrom('lsl', 'lsr', 'asr', 'ror'), fc.constantFrom('', 's'), cond, low, low, low).map(([m, s, c, d, r, n]) => `${m}${c}${s} ${d}, ${r}, ${n}`),
  // GNU as (divided syntax) rejects a conditional RRX without the S suffix.
  fc.tuple(fc.constantFrom('', 's'), cond, low, low).map(([s, c, d, r]) => `rrx${s === '' ? '' : c}${s} ${d}, ${r}`),
);

/** Four distinct low registers (the multiplies are unpredictable with overlaps in ARMv5). */
const distinct4 = fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: 4, maxLength: 4 }).map((a) => a.map((n) => `r${n}`));

const multiply = fc.oneof(
  fc.tuple(cond, fc.constantFrom('', 's'), distinct4).map(([c, s, r]) => `mul${c}${s} ${r[0]}, ${r[1]}, ${r[2]}`),
  fc.tuple(cond, fc.constantFrom('', 's'), distinct4).map(([c, s, r]) => `mla${c}${s} ${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}`),
  fc.tuple(fc.constantFrom('umull', 'umlal', 'smull', 'smlal'), cond, fc.constantFrom('', 's'), distinct4).map(([m, c, s, r]) => `${m}${c}${s} ${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}`),
  fc.tuple(fc.constantFrom('smlabb', 'smlabt', 'smlatb', 'smlatt', 'smlawb', 'smlawt'), cond, distinct4).map(([m, c, r]) => `${m}${c} ${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}`),
  fc.tuple(fc.constantFrom('smulbb', 'smulbt', 'smultb', 'smultt', 'smulwb', 'smulwt'), cond, distinct4).map(([m, c, r]) => `${m}${c} ${r[0]}, ${r[1]}, ${r[2]}`),
  fc.tuple(fc.constantFrom('smlalbb', 'smlalbt', 'smlaltb', 'smlaltt'), cond, distinct4).map(([m, c, r]) => `${m}${c} ${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}`),
  fc.tuple(fc.constantFrom('qadd', 'qsub', 'qdadd', 'qdsub'), cond, distinct4).map(([m, c, r]) => `${m}${c} ${r[0]}, ${r[1]}, ${r[2]}`),
  fc.tuple(cond, low, low).map(([c, d, m]) => `clz${c} ${d}, ${m}`),
);

const sign = fc.constantFrom('', '-');
const wordAddr = fc.oneof(
  fc.tuple(low, fc.integer({ min: -4095, max: 4095 }), fc.boolean()).map(([n, o, w]) => `[${n}, #${o}]${w ? '!' : ''}`),
  fc.tuple(low, fc.integer({ min: -4095, max: 4095 })).map(([n, o]) => `[${n}], #${o}`),
  low.map((n) => `[${n}]`),
  fc.tuple(low, sign, low, fc.option(shiftImm), fc.boolean()).map(([n, s, m, sh, w]) => `[${n}, ${s}${m}${sh ? `, ${sh}` : ''}]${w ? '!' : ''}`),
  fc.tuple(low, sign, low, fc.option(shiftImm)).map(([n, s, m, sh]) => `[${n}], ${s}${m}${sh ? `, ${sh}` : ''}`),
  // Out of range offsets: both assemblers must reject.
  fc.tuple(low, fc.integer({ min: 4096, max: 9000 })).map(([n, o]) => `[${n}, #${o}]`),
);
const miscAddr = fc.oneof(
  fc.tuple(low, fc.integer({ min: -255, max: 255 }), fc.boolean()).map(([n, o, w]) => `[${n}, #${o}]${w ? '!' : ''}`),
  fc.tuple(low, fc.integer({ min: -255, max: 255 })).map(([n, o]) => `[${n}], #${o}`),
  low.map((n) => `[${n}]`),
  fc.tuple(low, sign, low, fc.boolean()).map(([n, s, m, w]) => `[${n}, ${s}${m}]${w ? '!' : ''}`),
  fc.tuple(low, sign, low).map(([n, s, m]) => `[${n}], ${s}${m}`),
  fc.tuple(low, fc.integer({ min: 256, max: 600 })).map(([n, o]) => `[${n}, #${o}]`),
);

const loadStore = fc.oneof(
  fc.tuple(fc.constantFrom('ldr', 'str'), cond, fc.constantFrom('', 'b'), low, wordAddr).map(([m, c, b, d, a]) => `${m}${c}${b} ${d}, ${a}`),
  fc.tuple(fc.constantFrom('ldr', 'str'), cond, fc.constantFrom('t', 'bt'), low, low, fc.integer({ min: -4095, max: 4095 }))
    .map(([m, c, b, d, n, o]) => `${m}${c}${b} ${d}, [${n}], #${o}`),
  fc.tuple(fc.constantFrom('ldrh', 'strh', 'ldrsb', 'ldrsh'), cond, low, miscAddr).map(([m, c, d, a]) => `${m.slice(0, 3)}${c}${m.slice(3)} ${d}, ${a}`),
  fc.tuple(fc.constantFrom('ldr', 'str'), cond, fc.integer({ min: 0, max: 5 }), miscAddr).map(([m, c, d, a]) => `${m}${c}d r${d * 2}, ${a}`),
  fc.tuple(cond, fc.constantFrom('', 'b'), low, low, low).map(([c, b, d, m, n]) => `swp${c}${b} ${d}, ${m}, [${n}]`),
  fc.tuple(low, fc.integer({ min: -4095, max: 4095 })).map(([n, o]) => `pld [${n}, #${o}]`),
  fc.tuple(low, sign, low, fc.option(shiftImm)).map(([n, s, m, sh]) => `pld [${n}, ${s}${m}${sh ? `, ${sh}` : ''}]`),
);

const regList = fc.integer({ min: 1, max: 0xffff }).map((mask) => {
  const names: string[] = [];
  for (let i = 0; i < 16; i++) if (mask & (1 << i)) names.push(`r${i}`);
  return `{${names.join(', ')}}`;
});
const multiple = fc.oneof(
  fc.tuple(fc.constantFrom('ldm', 'stm'), cond, fc.constantFrom('', 'ia', 'ib', 'da', 'db', 'fd', 'fa', 'ed', 'ea'), low, fc.boolean(), regList, fc.boolean())
    .map(([m, c, mode, n, w, l, s]) => `${m}${c}${mode} ${n}${w ? '!' : ''}, ${l}${s ? '^' : ''}`),
  fc.tuple(fc.constantFrom('push', 'pop'), cond, regList.filter((l) => !l.includes('r13'))).map(([m, c, l]) => `${m}${c} ${l}`),
);

const system = fc.oneof(
  fc.tuple(fc.constantFrom('swi', 'svc'), cond, fc.integer({ min: 0, max: 0xffffff })).map(([m, c, n]) => `${m}${c} ${n}`),
  fc.integer({ min: 0, max: 0xffff }).map((n) => `bkpt ${n}`),
  fc.tuple(cond, low, fc.constantFrom('cpsr', 'spsr', 'CPSR', 'SPSR')).map(([c, d, p]) => `mrs${c} ${d}, ${p}`),
  fc.tuple(cond, fc.constantFrom('cpsr', 'spsr'), fc.subarray(['f', 's', 'x', 'c'], { minLength: 1 }), low).map(([c, p, f, r]) => `msr${c} ${p}_${f.join('')}, ${r}`),
  fc.tuple(cond, fc.constantFrom('cpsr', 'spsr'), fc.subarray(['f', 's', 'x', 'c'], { minLength: 1 }), immText).map(([c, p, f, i]) => `msr${c} ${p}_${f.join('')}, ${i}`),
  fc.tuple(fc.constantFrom('bx', 'blx'), cond, low).map(([m, c, r]) => `${m}${c} ${r}`),
);

const cpNum = fc.integer({ min: 0, max: 15 });
/** GNU as treats LDC/STC on p8..p11 as VFP loads (different offset scaling): left out. */
const cpLdc = fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15);
const coproc = fc.oneof(
  fc.tuple(cond, cpNum, fc.integer({ min: 0, max: 15 }), regNum, regNum, regNum, fc.integer({ min: 0, max: 7 }))
    .map(([c, p, o1, d, n, m, o2]) => `cdp${c} p${p}, ${o1}, c${d}, c${n}, c${m}, ${o2}`),
  fc.tuple(fc.constantFrom('mcr', 'mrc'), cond, cpNum, fc.integer({ min: 0, max: 7 }), low, regNum, regNum, fc.integer({ min: 0, max: 7 }))
    .map(([m, c, p, o1, r, n, cm, o2]) => `${m}${c} p${p}, ${o1}, ${r}, c${n}, c${cm}, ${o2}`),
  fc.tuple(fc.constantFrom('mcr2', 'mrc2'), cpNum, fc.integer({ min: 0, max: 7 }), low, regNum, regNum).map(([m, p, o1, r, n, cm]) => `${m} p${p}, ${o1}, ${r}, c${n}, c${cm}`),
  fc.tuple(fc.constantFrom('mcrr', 'mrrc'), cond, cpNum, fc.integer({ min: 0, max: 15 }), distinct4, regNum).map(([m, c, p, o, r, cm]) => `${m}${c} p${p}, ${o}, ${r[0]}, ${r[1]}, c${cm}`),
  fc.tuple(fc.constantFrom('ldc', 'stc'), cond, fc.constantFrom('', 'l'), cpLdc, regNum, low, fc.integer({ min: -255, max: 255 }), fc.constantFrom('pre', 'wb', 'post', 'opt'))
    .map(([m, c, l, p, d, n, o, mode]) => {
      const addr = mode === 'pre' ? `[${n}, #${o * 4}]` : mode === 'wb' ? `[${n}, #${o * 4}]!` : mode === 'post' ? `[${n}], #${o * 4}` : `[${n}], {${Math.abs(o)}}`;
      return `${m}${c}${l} p${p}, c${d}, ${addr}`;
    }),
  fc.tuple(fc.constantFrom('ldc2', 'stc2', 'ldc2l', 'stc2l'), cpLdc, regNum, low, fc.integer({ min: -255, max: 255 })).map(([m, p, d, n, o]) => `${m} p${p}, c${d}, [${n}, #${o * 4}]`),
);

/** Instructions whose operand refers to labels L0..L3 defined around the batch. */
const labelled = fc.oneof(
  fc.tuple(fc.constantFrom('b', 'bl'), cond, fc.integer({ min: 0, max: 3 })).map(([m, c, l]) => `${m}${c} L${l}`),
  fc.integer({ min: 0, max: 3 }).map((l) => `blx L${l}`),
  fc.tuple(cond, low, fc.integer({ min: 0, max: 3 })).map(([c, r, l]) => `adr${c} ${r}, L${l}`),
  fc.tuple(cond, low, imm32).map(([c, r, v]) => `ldr${c} ${r}, =${v}`),
  fc.tuple(cond, low, fc.integer({ min: 0, max: 3 })).map(([c, r, l]) => `ldr${c} ${r}, =L${l}`),
  fc.tuple(cond, low, fc.integer({ min: 0, max: 3 })).map(([c, r, l]) => `ldr${c} ${r}, L${l}`),
  fc.constantFrom('nop', 'nopeq'),
);

export const instruction = fc.oneof(
  { arbitrary: dataProc, weight: 4 },
  { arbitrary: multiply, weight: 2 },
  { arbitrary: loadStore, weight: 3 },
  { arbitrary: multiple, weight: 1 },
  { arbitrary: system, weight: 1 },
  { arbitrary: coproc, weight: 2 },
);

export const labelledInstruction = labelled;

/**
 * Operands at the edges GNU as checks: r15 and r13 anywhere, registers that overlap, written-back
 * bases in transfers and lists, register lists out of order or with repeats, the comparisons with
 * S. GNU refuses some, warns about others (UNPREDICTABLE or deprecated): ours must do the same.
 */
const edgeReg = fc.constantFrom('r0', 'r1', 'r2', 'sp', 'lr', 'pc');
const edgeList = fc.array(fc.constantFrom('r0', 'r1', 'r2', 'r3', 'sp', 'lr', 'pc', 'r0-r2', 'r1-r3'), { minLength: 1, maxLength: 4 }).map((rs) => `{${rs.join(', ')}}`);
const edgeAddr = fc.oneof(
  fc.tuple(edgeReg, fc.integer({ min: -8, max: 8 }), fc.boolean()).map(([n, o, w]) => `[${n}, #${o}]${w ? '!' : ''}`),
  fc.tuple(edgeReg, fc.integer({ min: -8, max: 8 })).map(([n, o]) => `[${n}], #${o}`),
  fc.tuple(edgeReg, sign, edgeReg, fc.boolean()).map(([n, s, m, w]) => `[${n}, ${s}${m}]${w ? '!' : ''}`),
  fc.tuple(edgeReg, sign, edgeReg).map(([n, s, m]) => `[${n}], ${s}${m}`),
  edgeReg.map((n) => `[${n}]`),
);
export const edgeInstruction = fc.oneof(
  fc.tuple(fc.constantFrom('mul', 'muls'), cond, edgeReg, edgeReg, fc.option(edgeReg)).map(([m, c, d, a, b]) => `${m.slice(0, 3)}${c}${m.slice(3)} ${d}, ${a}${b ? `, ${b}` : ''}`),
  fc.tuple(fc.constantFrom('mla', 'umull', 'umlal', 'smull', 'smlal', 'smlabb', 'smlawt', 'smlaltb'), cond, edgeReg, edgeReg, edgeReg, edgeReg).map(([m, c, a, b, d, e]) => `${m}${c} ${a}, ${b}, ${d}, ${e}`),
  fc.tuple(fc.constantFrom('smulbt', 'smulwb', 'qadd', 'qdsub'), cond, edgeReg, edgeReg, edgeReg).map(([m, c, a, b, d]) => `${m}${c} ${a}, ${b}, ${d}`),
  fc.tuple(cond, edgeReg, edgeReg).map(([c, d, m]) => `clz${c} ${d}, ${m}`),
  fc.tuple(fc.constantFrom('add', 'sub', 'and', 'orr', 'rsc'), cond, fc.constantFrom('', 's'), edgeReg, edgeReg, edgeReg, fc.constantFrom('lsl', 'lsr', 'asr', 'ror'), edgeReg)
    .map(([m, c, s, d, n, r, sh, rs]) => `${m}${c}${s} ${d}, ${n}, ${r}, ${sh} ${rs}`),
  fc.tuple(fc.constantFrom('mov', 'mvn', 'cmp', 'tst'), cond, edgeReg, edgeReg, fc.constantFrom('lsl', 'ror'), edgeReg).map(([m, c, d, r, sh, rs]) => `${m}${c} ${d}, ${r}, ${sh} ${rs}`),
  fc.tuple(fc.constantFrom('tst', 'teq', 'cmp', 'cmn'), cond, edgeReg, edgeReg).map(([m, c, n, r]) => `${m}${c}s ${n}, ${r}`),
  fc.tuple(fc.constantFrom('ldr', 'str'), cond, fc.constantFrom('', 'b', 'h', 'sh', 'sb'), edgeReg, edgeAddr).map(([m, c, s, d, a]) => (m === 'str' && (s === 'sh' || s === 'sb') ? `str${c}h ${d}, ${a}` : `${m}${c}${s} ${d}, ${a}`)),
  fc.tuple(fc.constantFrom('ldr', 'str'), cond, fc.constantFrom('t', 'bt'), edgeReg, edgeReg, fc.oneof(fc.integer({ min: -8, max: 8 }).map((o) => `#${o}`), edgeReg)).map(([m, c, s, d, n, o]) => `${m}${c}${s} ${d}, [${n}], ${o}`),
  fc.tuple(fc.constantFrom('ldr', 'str'), cond, fc.constantFrom('r0', 'r2'), edgeAddr).map(([m, c, d, a]) => `${m}${c}d ${d}, ${a}`),
  fc.tuple(fc.constantFrom('ldm', 'stm'), cond, fc.constantFrom('ia', 'db', 'fd'), edgeReg, fc.boolean(), edgeList, fc.boolean()).map(([m, c, mode, n, w, l, s]) => `${m}${c}${mode} ${n}${w ? '!' : ''}, ${l}${s ? '^' : ''}`),
  fc.tuple(fc.constantFrom('push', 'pop'), cond, edgeList).map(([m, c, l]) => `${m}${c} ${l}`),
  fc.tuple(cond, fc.constantFrom('', 'b'), edgeReg, edgeReg, edgeReg).map(([c, b, d, m, n]) => `swp${c}${b} ${d}, ${m}, [${n}]`),
  fc.tuple(fc.constantFrom('bx', 'blx'), cond, edgeReg).map(([m, c, r]) => `${m}${c} ${r}`),
  fc.tuple(cond, edgeReg, fc.constantFrom('cpsr', 'spsr')).map(([c, d, p]) => `mrs${c} ${d}, ${p}`),
  fc.tuple(cond, fc.constantFrom('apsr', 'cpsr', 'APSR_nzcvq'), edgeReg).map(([c, p, r]) => `msr${c} ${p}, ${r}`),
  fc.tuple(fc.constantFrom('mcrr', 'mrrc'), cond, edgeReg, edgeReg).map(([m, c, a, b]) => `${m}${c} p5, 1, ${a}, ${b}, c3`),
  fc.tuple(fc.constantFrom('ldc', 'stc'), cond, edgeReg, fc.constantFrom('', '!')).map(([m, c, n, w]) => `${m}${c} p5, c1, [${n}, #8]${w}`),
  fc.tuple(edgeReg, edgeReg).map(([n, m]) => `pld [${n}, ${m}]`),
);
