// ARM-state items for encoding programs (encoding-program.ts): one arbitrary per decode class,
// every field drawn, fix-ups added so addresses stay in the data window and pc writes land.
// What is deliberately not generated (each would make the run UNPREDICTABLE or leave the sandbox)
// is listed in docs/CORE.md ("Lockstep coverage").
import fc from 'fast-check';
import {
  armPad, atLabel, constant, DATA_CENTRE, dataAddress, decodeImmediate, encodeImmediate, hex, type Item, landing, LOW_PAD, LOW_PAD_CELL,
  PAD, PAD_CELL, type RenderContext, setRegister, temporaries, type Value,
} from './encoding-program.ts';

const word = (w: number, comment = ''): string => `.word ${hex(w)}${comment ? `        @ ${comment}` : ''}`;

/** Condition: mostly AL, all 15 others too. */
const cond = fc.oneof({ weight: 3, arbitrary: fc.constant(14) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 13 }) });
/** Registers: any, r15 one time in six, and often r0..r3 so that operands coincide. */
const regOrPc = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 14 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(15) });
const anyReg = regOrPc;
/** Shift amounts: the boundaries (0: LSL #0, LSR/ASR #32, RRX) often. */
const shiftAmount = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 1, max: 31 }) }, { weight: 1, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 31) });
const bit = fc.integer({ min: 0, max: 1 });

/** Register values worth having: boundaries of the shifter, the ALU and the multiplier. */
const interesting = fc.constantFrom(0, 1, 31, 32, 33, 255, 256, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_8000, 0x0000_8000);

// ------------------------------------------------------------------ values the generator predicts

/** Evaluate a fix-up value for an instruction at address a (the label it is relative to). */
function evaluate(v: Value, a: number): number {
  let x = (v.k * a + v.c) >>> 0;
  if (v.then?.op === 'eor') x = (x ^ v.then.imm) >>> 0;
  else if (v.then?.op === 'mvn') x = ~x >>> 0;
  else if (v.then?.op === 'lsr1') x >>>= 1;
  return x;
}

/** Data-processing result (the generator's prediction, for steering pc writes). */
function aluResult(op: number, a: number, b: number, c: number): number {
  switch (op) {
    case 0: return a & b;
    case 1: return a ^ b;
    case 2: return a - b;
    case 3: return b - a;
    case 4: return a + b;
    case 5: return a + b + c;
    case 6: return a - b - 1 + c;
    case 7: return b - a - 1 + c;
    case 12: return a | b;
    case 13: return b;
    case 14: return a & ~b;
    default: return ~b;
  }
}

/** The immediate-shifted register operand (LSL/LSR/ASR/ROR #n; #0 = LSL 0, LSR/ASR 32, RRX). */
function shiftImmediate(v: number, type: number, n: number, carry: number): number {
  if (type === 0) return (v << n) >>> 0;
  if (type === 1) return n === 0 ? 0 : v >>> n;
  if (type === 2) return (n === 0 ? v >> 31 : v >> n) >>> 0;
  return n === 0 ? ((carry << 31) | (v >>> 1)) >>> 0 : ((v >>> n) | (v << (32 - n))) >>> 0;
}

/** A register value whose shifted form is the small offset o (o < 4096, or negative for ASR). */
function offsetRegister(type: number, n: number, o: number): number {
  if (type === 0) return (o >>> n) >>> 0;
  if (type === 1) return n === 0 ? o : ((o & (2 ** (32 - n) - 1)) * 2 ** n) >>> 0;
  if (type === 2) return n === 0 ? o >>> 0 : (Math.max(-(2 ** (30 - n)), Math.min(o, 2 ** (30 - n) - 1)) * 2 ** n) >>> 0;
  return n === 0 ? (o << 1) >>> 0 : ((o << n) | (o >>> (32 - n))) >>> 0;
}

/** Sample instruction addresses (a program's items sit at 0x8000..0x20000) to check a solution. */
const SAMPLE_ADDRESSES = [0x8010, 0x9234, 0xabcc, 0x1fff0];

// ------------------------------------------------------------------ data processing

interface DpFields {
  cond: number; op: number; s: number; form: number; rn: number; rd: number; rm: number; rs: number; sht: number; sha: number; imm: number;
}

function dpWord(f: DpFields): number {
  let w = (f.cond << 28) | (f.op << 21) | (f.s << 20) | (f.rn << 16) | (f.rd << 12);
  if (f.form === 0) w |= (1 << 25) | f.imm;
  else if (f.form === 1) w |= (f.sha << 7) | (f.sht << 5) | f.rm;
  else w |= (f.rs << 8) | (f.sht << 5) | 0x10 | f.rm;
  return w >>> 0;
}

const dpFields: fc.Arbitrary<DpFields> = fc.record({
  cond, op: fc.integer({ min: 0, max: 15 }), s: bit, form: fc.integer({ min: 0, max: 2 }), rn: regOrPc,
  rd: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 14 }) }, { weight: 1, arbitrary: fc.constant(15) }),
  rm: regOrPc, rs: regOrPc, sht: fc.integer({ min: 0, max: 3 }), sha: shiftAmount, imm: fc.integer({ min: 0, max: 0xfff }),
});

interface PcSolution {
  readonly f: DpFields;
  readonly values: ReadonlyArray<readonly [number, Value]>;
  /** The target is the fixed pad (the fix-up must set its resume cell). */
  readonly pad: boolean;
}

/**
 * Operand values that make a data-processing write to the pc land: on the item's zone (the
 * instruction's address A plus 4..12, whatever the carry) or on the fixed pad. Searches small sets
 * of candidates, checking each on sample addresses; undefined when the fields admit none.
 */
function solvePcWrite(f: DpFields, label: string): PcSolution | undefined {
  const usesRn = f.op !== 13 && f.op !== 15;
  const pcRead = f.form === 2 ? 12 : 8;
  if (f.form === 2 && (f.rs === 15 || (f.rs === f.rn && usesRn) || f.rs === f.rm)) return undefined;
  const T = atLabel(label, 8);
  const lands = (rnV: Value | undefined, vV: Value | 'pc' | number, pad: boolean): boolean => {
    for (const a of SAMPLE_ADDRESSES) {
      const rnVal = !usesRn ? 0 : f.rn === 15 ? a + pcRead : evaluate(rnV!, a);
      const v = vV === 'pc' ? a + pcRead : typeof vV === 'number' ? vV : evaluate(vV, a);
      for (const c of [0, 1]) {
        const t = (aluResult(f.op, rnVal >>> 0, v >>> 0, c) & ~3) >>> 0;
        if (pad ? t !== PAD : t < a + 4 || t > a + 12) return false;
      }
    }
    return true;
  };
  if (f.form === 0) {
    // Immediate: the logical ones go to the pad (the immediate is the pad's address or zero).
    const padImm = encodeImmediate(PAD)!;
    const zeroImm = f.imm & 0xf00;
    const tries: Array<{ imm: number; pad: boolean }> = [{ imm: f.imm, pad: false }, { imm: zeroImm, pad: false }, { imm: padImm, pad: true }];
    for (const t of tries) {
      const v = decodeImmediate(t.imm);
      const g = { ...f, imm: t.imm };
      const rnCands: Value[] = [constant(0), constant(0xffff_ffff), T, atLabel(label, 8 - v), atLabel(label, 8 + v), atLabel(label, v - 8, -1), { ...T, then: { op: 'eor', imm: v } }];
      if (!usesRn || f.rn === 15) {
        if (lands(undefined, v, t.pad)) return { f: g, values: [], pad: t.pad };
        continue;
      }
      for (const rnV of rnCands) if (lands(rnV, v, t.pad)) return { f: g, values: [[f.rn, rnV]], pad: t.pad };
    }
    return undefined;
  }
  // Register operand: the shift is made neutral (LSL #0, or a shift amount register holding 0).
  const g: DpFields = f.form === 1 ? { ...f, sht: 0, sha: 0 } : f;
  const extra: Array<readonly [number, Value]> = f.form === 2 ? [[f.rs, constant(0)]] : [];
  const vCands: Array<Value | 'pc'> = f.rm === 15 ? ['pc'] : [constant(0), constant(0xffff_ffff), T, { ...T, then: { op: 'mvn' } }, atLabel(label, 16, 2), atLabel(label, 20, 2)];
  const rnCands: Value[] = [constant(0), constant(0xffff_ffff), constant(4), constant(-4), T, atLabel(label, 16, 2), atLabel(label, 20, 2), { ...T, then: { op: 'lsr1' } }];
  for (const vV of vCands) {
    if (!usesRn || f.rn === 15) {
      if (lands(undefined, vV, false)) return { f: g, values: [...(vV === 'pc' ? [] : [[f.rm, vV] as const]), ...extra], pad: false };
      continue;
    }
    if (f.rn === f.rm) {
      if (vV !== 'pc' && lands(vV, vV, false)) return { f: g, values: [[f.rm, vV], ...extra], pad: false };
      continue;
    }
    for (const rnV of rnCands) {
      if (lands(rnV, vV, false)) return { f: g, values: [...(vV === 'pc' ? [] : [[f.rm, vV] as const]), [f.rn, rnV], ...extra], pad: false };
    }
  }
  return undefined;
}

/** An SPSR for an exception return: random flags, masks and mode (invalid ones included), ARM state. */
const spsrValue = fc.tuple(fc.integer({ min: 0, max: 31 }), bit, bit, fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0x10, 0x11, 0x12, 0x13, 0x17, 0x1b, 0x1f) }, { weight: 1, arbitrary: fc.constantFrom(0x00, 0x15, 0x1a) })).map(
  ([flags, i, fq, mode]) => ((flags << 27) | (i << 7) | (fq << 6) | mode) >>> 0,
);

const dataProcessing: fc.Arbitrary<Item> = fc.tuple(dpFields, fc.array(interesting, { minLength: 3, maxLength: 3 }), fc.boolean(), spsrValue).map(([f0, vals, setOperands, spsr]) => (ctx: RenderContext) => {
  const f = { ...f0 };
  if (f.op >= 8 && f.op <= 11) f.s = 1; // S=0 compares are the miscellaneous space
  const writesPc = f.rd === 15 && !(f.op >= 8 && f.op <= 11);
  const lines: string[] = [];
  if (!writesPc) {
    if (setOperands) {
      const regs = f.form === 0 ? [f.rn] : f.form === 1 ? [f.rn, f.rm] : [f.rn, f.rm, f.rs];
      regs.forEach((r, k) => { if (r !== 15) lines.push(...setRegister(r, constant(vals[k]!))); });
    }
    lines.push(word(dpWord(f)));
    return lines;
  }
  const a = ctx.label('A');
  const l = ctx.label('L');
  const used = [f.rn, f.rm, f.rs];
  const [t0, t1, t2] = temporaries(used, 3) as [number, number, number];
  // Fields that admit no landing get another register (never r15) until one does.
  const tries: DpFields[] = [f, { ...f, rm: t0 }, { ...f, rn: t0 }, { ...f, rs: t1 }, { ...f, rm: t0, rs: t1 }, { ...f, rn: t0, rm: t1, rs: t2 }];
  const sol = tries.map((t) => solvePcWrite(t, a)).find((s) => s !== undefined);
  if (!sol) {
    lines.push(word(dpWord({ ...f, rd: t0 })));
    return lines;
  }
  const temps = temporaries([sol.f.rn, sol.f.rm, sol.f.rs], 2) as [number, number];
  if (sol.f.s) lines.push(...setRegister(temps[0], constant(spsr)), `msr spsr_fsxc, r${temps[0]}`); // exception return
  if (sol.pad) lines.push(...armPad(PAD_CELL, l, temps[0], temps[1]));
  for (const [r, v] of sol.values) lines.push(...setRegister(r, v));
  lines.push(`${a}:`, word(dpWord(sol.f)), ...landing(l));
  return lines;
});

// ------------------------------------------------------------------ loads and stores

/** Put `value` at the aligned word containing `address` (pre-rotated for an LDR that rotates). */
function plantWord(address: number, value: Value, rotate: boolean, t1: number, t2: number): string[] {
  const rot = rotate ? (address & 3) * 8 : 0;
  return [...setRegister(t1, value), ...(rot ? [`ror r${t1}, r${t1}, #${32 - rot}`] : []), ...setRegister(t2, constant(address & ~3)), `str r${t1}, [r${t2}]`];
}

/** The low pad's target as a loaded byte/halfword, and the fix-up for its resume cell. */
function plantLowPad(address: number, size: 1 | 2, l: string, t1: number, t2: number): string[] {
  return [...armPad(LOW_PAD_CELL, l, t1, t2), `mov r${t1}, #${hex(LOW_PAD)}`, ...setRegister(t2, constant(address)), size === 1 ? `strb r${t1}, [r${t2}]` : `strh r${t1}, [r${t2}]`];
}

interface LsFields {
  cond: number; p: number; u: number; b: number; w: number; l: number; rn: number; rd: number; reg: number; imm: number; rm: number; sht: number; sha: number;
}

function lsWord(f: LsFields): number {
  let w = (f.cond << 28) | (1 << 26) | (f.p << 24) | (f.u << 23) | (f.b << 22) | (f.w << 21) | (f.l << 20) | (f.rn << 16) | (f.rd << 12);
  w |= f.reg ? (1 << 25) | (f.sha << 7) | (f.sht << 5) | f.rm : f.imm;
  return w >>> 0;
}

/** Pc-relative store: the encoding after a branch over three scratch words it writes to. */
function scratchStore(w: number, ctx: RenderContext): string[] {
  const over = ctx.label('S');
  return [`b ${over}`, '.word 0, 0, 0', `${over}:`, word(w)];
}

const singleTransfer: fc.Arbitrary<Item> = fc.tuple(
  fc.record({
    cond, p: bit, u: bit, b: bit, w: bit, l: bit, rn: regOrPc, rd: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 14 }) }, { weight: 1, arbitrary: fc.constant(15) }),
    reg: bit, imm: fc.integer({ min: 0, max: 0xfff }), rm: regOrPc, sht: fc.integer({ min: 0, max: 3 }), sha: shiftAmount,
  }),
  dataAddress, fc.integer({ min: -2048, max: 4095 }), fc.integer({ min: 0, max: 7 }),
).map(([f0, base, small, same]) => (ctx: RenderContext) => {
  const f = { ...f0 };
  if (same === 0) f.rd = f.rn; // writeback to the register loaded or stored (one time in eight)
  const lines: string[] = [];
  if (f.rn === 15 && !f.l) {
    // A store relative to the pc writes the scratch words just behind it: pre-indexed, no writeback.
    const s = { ...f, p: 1, w: 0, u: 0, reg: 0, imm: 12 + (f.imm & 7) };
    return scratchStore(lsWord(s), ctx);
  }
  const pcLoad = f.rd === 15 && f.l === 1;
  // A store's address, and a pc load's, must be known: no offset from r15 or from the base itself.
  const [spare] = temporaries([f.rn, f.rd], 1) as [number];
  if (f.reg && (f.rm === 15 || f.rm === f.rn) && (!f.l || pcLoad)) f.rm = spare;
  if (pcLoad && f.reg && f.sht === 3 && f.sha === 0) f.sht = 0; // no RRX: the address must not hang on C
  const [t1, t2] = temporaries([f.rn, f.rd, f.rm], 2) as [number, number];
  // The effective address, where the generator can know it.
  let offset = f.imm;
  if (f.reg && f.rm !== 15 && f.rm !== f.rn) {
    const o = f.sht === 2 ? small : small & 0xfff;
    const rmValue = offsetRegister(f.sht, f.sha, o);
    lines.push(...setRegister(f.rm, constant(rmValue)));
    offset = shiftImmediate(rmValue, f.sht, f.sha, 0);
  }
  if (f.rn !== 15) lines.push(...setRegister(f.rn, constant(base)));
  const address = ((f.p ? (f.u ? base + offset : base - offset) : base) >>> 0);
  if (f.rd === 15 && f.l) {
    const a = ctx.label('A');
    const l = ctx.label('L');
    if (f.rn === 15) {
      // LDR pc relative to the pc: the target sits in a literal just behind the instruction.
      const over = ctx.label('S');
      const s = { ...f, p: 1, u: 0, reg: 0, imm: 8 + 4 };
      const value = f.b ? `${hex(LOW_PAD)}` : `${a}+8`;
      if (f.b) lines.push(...armPad(LOW_PAD_CELL, l, t1, t2));
      return [...lines, `b ${over}`, `.word ${value}`, `${over}:`, `${a}:`, word(lsWord(s)), ...landing(l)];
    }
    if (f.b) lines.push(...plantLowPad(address, 1, l, t1, t2));
    else lines.push(...plantWord(address, atLabel(a, 8), true, t1, t2));
    lines.push(`${a}:`, word(lsWord(f)), ...landing(l));
    return lines;
  }
  lines.push(word(lsWord(f)));
  return lines;
});

interface ExtraFields {
  cond: number; p: number; u: number; i: number; w: number; l: number; rn: number; rd: number; sh: number; rm: number; imm: number;
}

function extraWord(f: ExtraFields): number {
  let w = (f.cond << 28) | (f.p << 24) | (f.u << 23) | (f.i << 22) | (f.w << 21) | (f.l << 20) | (f.rn << 16) | (f.rd << 12) | 0x90 | (f.sh << 5);
  w |= f.i ? ((f.imm & 0xf0) << 4) | (f.imm & 15) : f.rm;
  return w >>> 0;
}

const extraTransfer: fc.Arbitrary<Item> = fc.tuple(
  fc.record({
    cond, p: bit, u: bit, i: bit, w: bit, l: bit, rn: regOrPc, rd: fc.oneof({ weight: 6, arbitrary: anyReg }, { weight: 1, arbitrary: fc.constant(14) }), sh: fc.integer({ min: 1, max: 3 }), rm: regOrPc, imm: fc.integer({ min: 0, max: 255 }),
  }),
  dataAddress, fc.integer({ min: -255, max: 255 }), fc.integer({ min: 0, max: 7 }),
).map(([f0, base, small, same]) => (ctx: RenderContext) => {
  const f = { ...f0 };
  if (same === 0) f.rn = f.rd; // the base among the registers transferred (one time in eight)
  const double = !f.l && f.sh >= 2;
  const load = f.l === 1 || f.sh === 2;
  const lines: string[] = [];
  const pcLoad = load && (f.rd === 15 || (double && f.rd === 14));
  if (f.rn === 15 && !load) return scratchStore(extraWord({ ...f, p: 1, w: 0, u: 0, i: 1, imm: double ? 16 : 12 + (f.imm & 3) }), ctx);
  const [s1, s2] = temporaries([f.rd, f.rd + 1], 2) as [number, number];
  if (f.rn === 15 && pcLoad) f.rn = s1;
  if (!f.i && (f.rm === 15 || f.rm === f.rn) && (!load || pcLoad)) f.rm = f.rn === s1 ? s2 : s1;
  const [t1, t2] = temporaries([f.rn, f.rd, f.rm, f.rd + 1], 2) as [number, number];
  let offset = f.imm;
  if (!f.i && f.rm !== 15 && f.rm !== f.rn) {
    lines.push(...setRegister(f.rm, constant(small)));
    offset = small;
  }
  if (f.rn !== 15) lines.push(...setRegister(f.rn, constant(base)));
  const address = ((f.p ? (f.u ? base + offset : base - offset) : base) >>> 0);
  if (pcLoad && !(f.p === 0 && f.w === 1 && double)) {
    const a = ctx.label('A');
    const l = ctx.label('L');
    if (double) lines.push(...plantWord((address + 4) >>> 0, atLabel(a, 8), false, t1, t2));
    else lines.push(...plantLowPad(address & ~(f.sh === 2 ? 0 : 1), f.sh === 2 ? 1 : 2, l, t1, t2));
    lines.push(`${a}:`, word(extraWord(f)), ...landing(l));
    return lines;
  }
  lines.push(word(extraWord(f)));
  return lines;
});

const blockTransfer: fc.Arbitrary<Item> = fc.tuple(
  fc.record({ cond, p: bit, u: bit, s: bit, w: bit, l: bit, rn: regOrPc, list: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 0xffff }) }, { weight: 1, arbitrary: fc.constant(0) }) }),
  dataAddress, spsrValue,
).map(([f0, base, spsr]) => (ctx: RenderContext) => {
  const f = { ...f0 };
  const pcLoaded = f.l === 1 && (f.list === 0 || (f.list & 0x8000) !== 0);
  if (f.rn === 15 && (!f.l || pcLoaded)) f.rn = temporaries([], 1)[0]!;
  const used = [f.rn, ...Array.from({ length: 15 }, (_, r) => r).filter((r) => f.list & (1 << r))];
  const [u1, u2] = temporaries(used, 2);
  const w = ((f.cond << 28) | (4 << 25) | (f.p << 24) | (f.u << 23) | (f.s << 22) | (f.w << 21) | (f.l << 20) | (f.rn << 16) | f.list) >>> 0;
  const lines: string[] = [];
  if (f.rn !== 15) lines.push(...setRegister(f.rn, constant(base)));
  if (!pcLoaded) return [...lines, word(w)];
  const n = f.list === 0 ? 16 : popcount(f.list);
  const start = (f.u ? (f.p ? base + 4 : base) : f.p ? base - 4 * n : base - 4 * n + 4) & ~3;
  const pcWord = (start + 4 * (f.list === 0 ? 0 : n - 1)) >>> 0;
  const a = ctx.label('A');
  const l = ctx.label('L');
  // The fix-ups need two registers outside the list; a full list plants with r13/r14 saved around.
  if (u1 === undefined || u2 === undefined) return [...lines, word((w & ~0x8000) >>> 0)];
  if (f.s) lines.push(...setRegister(u1, constant(spsr)), `msr spsr_fsxc, r${u1}`);
  lines.push(...plantWord(pcWord, atLabel(a, 8), false, u1, u2), ...setRegister(f.rn, constant(base)));
  lines.push(`${a}:`, word(w), ...landing(l));
  return lines;
});

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

const swap: fc.Arbitrary<Item> = fc.tuple(fc.record({ cond, b: bit, rn: fc.integer({ min: 0, max: 14 }), rd: anyReg, rm: anyReg }), dataAddress).map(([f, base]) => () => [
  ...setRegister(f.rn, constant(base)),
  word(((f.cond << 28) | (1 << 24) | (f.b << 22) | (f.rn << 16) | (f.rd << 12) | 0x90 | f.rm) >>> 0),
]);

// ------------------------------------------------------------------ multiplies, DSP, CLZ

/**
 * One of the 16 multiply, DSP and CLZ classes, every register field random (r15 and overlaps too),
 * or the multiply extension space beside them (cond 0000 01xx ... 1001: ARMv6 UMAAL/MLS, undefined).
 */
const multiplies: fc.Arbitrary<Item> = fc.tuple(
  fc.integer({ min: 0, max: 16 }), cond, bit, fc.tuple(anyReg, anyReg, anyReg, anyReg), fc.tuple(bit, bit), fc.boolean(), fc.array(interesting, { minLength: 4, maxLength: 4 }),
).map(([kind, c, s, [r1, r2, r3, r4], [x, y], setOperands, vals]) => () => {
  const lines: string[] = [];
  if (setOperands) [r1, r2, r3, r4].forEach((r, k) => { if (r !== 15) lines.push(...setRegister(r, constant(vals[k]!))); });
  const cc = c << 28;
  const regs = (r1 << 16) | (r2 << 12) | (r3 << 8) | r4;
  let w: number;
  if (kind <= 1) w = cc | (kind << 21) | (s << 20) | regs | 0x90; // MUL, MLA
  else if (kind <= 5) w = cc | (1 << 23) | (((kind - 2) >> 1) << 22) | (((kind - 2) & 1) << 21) | (s << 20) | regs | 0x90; // UMULL UMLAL SMULL SMLAL
  else if (kind <= 10) {
    // SMLAxy, SMLAWy (x = 0), SMULWy (x = 1), SMLALxy, SMULxy
    const op = [0, 1, 1, 2, 3][kind - 6]!;
    const xBit = kind === 7 ? 0 : kind === 8 ? 1 : x;
    w = cc | (1 << 24) | (op << 21) | regs | 0x80 | (y << 6) | (xBit << 5);
  } else if (kind <= 14) w = cc | (1 << 24) | ((kind - 11) << 21) | (r1 << 16) | (r2 << 12) | 0x50 | r4; // QADD QSUB QDADD QDSUB
  else if (kind === 15) w = cc | 0x016f0f10 | (r2 << 12) | r4; // CLZ
  else w = cc | (1 << 22) | (x << 21) | (s << 20) | regs | 0x90; // the multiply extension space: undefined
  lines.push(word(w >>> 0));
  return lines;
});

// ------------------------------------------------------------------ branches, status, exceptions, coprocessor

const branches: fc.Arbitrary<Item> = fc.tuple(fc.integer({ min: 0, max: 4 }), cond, regOrPc).map(([kind, c, rm]) => (ctx: RenderContext) => {
  const a = ctx.label('A');
  const l = ctx.label('L');
  const cc = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', ''][c]!;
  if (kind === 0) return [`${a}:`, `b${cc} ${l}`, ...landing(l)];
  if (kind === 1) return [`${a}:`, `bl${cc} ${l}`, ...landing(l)];
  // BX, BLX, BXJ (register): Rm = the landing; r15 reads A + 8, in the zone.
  const op = kind === 2 ? 0x1 : kind === 3 ? 0x3 : 0x2;
  return [...(rm === 15 ? [] : setRegister(rm, atLabel(a, 8))), `${a}:`, word(((c << 28) | 0x012fff00 | (op << 4) | rm) >>> 0), ...landing(l)];
});

const statusTransfers: fc.Arbitrary<Item> = fc.tuple(
  fc.integer({ min: 0, max: 2 }), cond, bit, anyReg, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 0xfff }),
  fc.oneof(fc.integer({ min: 0, max: 0xffff_ffff }), spsrValue),
).map(([kind, c, r, reg, mask, imm, value]) => () => {
  const cc = c << 28;
  if (kind === 0) return [word((cc | 0x010f0000 | (r << 22) | (reg << 12)) >>> 0)]; // MRS
  if (kind === 1) return [word((cc | 0x0320f000 | (r << 22) | (mask << 16) | imm) >>> 0)]; // MSR immediate
  return [...(reg === 15 ? [] : setRegister(reg, constant(value))), word((cc | 0x0120f000 | (r << 22) | (mask << 16) | reg) >>> 0)]; // MSR register
});

/** Undefined encodings from every undefined space (and coprocessors other than CP15). */
const undefinedSpace = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((x) => (0xe7f000f0 | ((x & 0xfff) << 8) | (x >>> 12)) >>> 0), // architecturally undefined
  fc.integer({ min: 0, max: 0x1ffffff }).map((x) => (0xe6000010 | (x & 0x1ffffef)) >>> 0), // media space (ARMv6)
  fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 0x1ffffff })).map(([c, x]) => ((c << 28) | 0x0c000000 | (x & 0x1ffffff)) >>> 0), // LDC/STC/MCRR
  fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 0xffffff })).map(([c, cp, x]) => ((c << 28) | 0x0e000000 | (x & 0xff0ff) | (cp << 8)) >>> 0), // CDP/MCR/MRC other cp
  fc.integer({ min: 0, max: 0xfffffff }).filter((x) => (x & 0x0e000000) !== 0x0a000000 && (x & 0x0d70f000) !== 0x0550f000).map((x) => (0xf0000000 | x) >>> 0), // cond = 1111
  fc.tuple(fc.integer({ min: 0, max: 14 }), fc.constantFrom(0x2, 0x4, 0x6), fc.integer({ min: 0, max: 3 }))
    .filter(([, low, op]) => !(low === 2 && op === 1)) // (that one is BXJ)
    .map(([c, low, op]) => ((c << 28) | 0x01000000 | (op << 21) | (low << 4)) >>> 0), // misc space holes
);

const exceptions: fc.Arbitrary<Item> = fc.oneof(
  fc.tuple(cond, fc.integer({ min: 0, max: 0xffffff }).filter((n) => n !== 0x123456)).map(([c, n]) => () => [word(((c << 28) | 0x0f000000 | n) >>> 0)]), // SWI
  fc.tuple(cond, fc.integer({ min: 0, max: 0xffff })).map(([c, n]) => () => [word(((c << 28) | 0x01200070 | ((n >>> 4) << 8) | (n & 15)) >>> 0)]), // BKPT
  undefinedSpace.map((w) => () => [word(w)]),
);

/**
 * CP15 transfers that keep the sandbox: reads of every register; writes where they change no
 * translation or vector (MMU, high vectors and the FCSE PID stay off; no D-cache invalidation
 * without clean, which would lose stores the reference model keeps; no wait-for-interrupt).
 */
const cp15: fc.Arbitrary<Item> = fc.tuple(
  cond, fc.integer({ min: 0, max: 14 }), fc.boolean(),
  // (alignment checking on or off, and the test-and-clean read into r15, more often than the rest)
  fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 15 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 12) }),
  bit, fc.integer({ min: 0, max: 0xffff_ffff }),
).map(
  ([c, rd, read, which, alignBit, value]) => () => {
    const mrc = (crn: number, crm: number, op2: number, r = rd): number => ((c << 28) | 0x0e100f10 | (crn << 16) | (r << 12) | (op2 << 5) | crm) >>> 0;
    const mcr = (crn: number, crm: number, op2: number): number => ((c << 28) | 0x0e000f10 | (crn << 16) | (rd << 12) | (op2 << 5) | crm) >>> 0;
    if (read) {
      const regs: Array<[number, number, number]> = [[0, 0, 0], [0, 0, 1], [0, 0, 2], [1, 0, 0], [2, 0, 0], [3, 0, 0], [5, 0, 0], [5, 0, 1], [6, 0, 0], [13, 0, 0], [13, 0, 1], [9, 0, 0], [7, 10, 3], [0, 0, 7]];
      const [crn, crm, op2] = regs[which % regs.length]!;
      return [word(mrc(crn, crm, op2, crn === 7 ? 15 : rd))];
    }
    const set = rd === 15 ? [] : setRegister(rd, constant(value));
    switch (which % 8) {
      case 0: return [...(rd === 15 ? [] : [`mrc p15, 0, r${rd}, c1, c0, 0`, `bic r${rd}, r${rd}, #0x2000`, `bic r${rd}, r${rd}, #0x1`, alignBit ? `orr r${rd}, r${rd}, #2` : `bic r${rd}, r${rd}, #2`]), word(mcr(1, 0, 0))]; // control: A
      case 1: return [...set, word(mcr(13, 0, 1))]; // CONTEXTIDR
      case 2: return [...set, word(mcr(7, 5, 0))]; // invalidate I-cache
      case 3: return [...set, word(mcr(7, 10, 4))]; // drain the write buffer
      case 4: return [...(rd === 15 ? [] : setRegister(rd, constant(DATA_CENTRE))), word(mcr(7, 14, 1))]; // clean+invalidate D line
      case 5: return [...set, word(mcr(8, 7, 0))]; // invalidate TLBs
      case 6: return [...set, word(mcr(3, 0, 0))]; // DACR (MMU off)
      default: return [...set, word(mcr(9, 0, 0))]; // D-cache lockdown
    }
  },
);

const preload: fc.Arbitrary<Item> = fc.tuple(bit, bit, anyReg, fc.integer({ min: 0, max: 0xfff }), anyReg).map(([reg, u, rn, imm, rm]) => () => [
  word((0xf550f000 | (reg << 25) | (u << 23) | (rn << 16) | (reg ? rm : imm)) >>> 0),
]);

const flags: fc.Arbitrary<Item> = fc.integer({ min: 0, max: 31 }).map((f) => () => [`msr cpsr_f, #${hex((f << 27) >>> 0)}`]);

/** Every ARM decode class, weighted so a few hundred items hit each corner. */
export const armItem: fc.Arbitrary<Item> = fc.oneof(
  { weight: 8, arbitrary: dataProcessing },
  { weight: 5, arbitrary: singleTransfer },
  { weight: 4, arbitrary: extraTransfer },
  { weight: 4, arbitrary: blockTransfer },
  { weight: 1, arbitrary: swap },
  { weight: 5, arbitrary: multiplies },
  { weight: 3, arbitrary: branches },
  { weight: 3, arbitrary: statusTransfers },
  { weight: 2, arbitrary: exceptions },
  { weight: 3, arbitrary: cp15 },
  { weight: 1, arbitrary: preload },
  { weight: 1, arbitrary: flags },
);
