// Data processing (AND..MVN), shift pseudo-instructions (LSL/LSR/ASR/ROR/RRX), NOP and ADR.
import type { EncodeCtx, Encoder, InsnHandler } from './context.ts';
import { parseExpr, type ParseContext } from './expr.ts';
import { groupReloc, hex8, parseGroupPrefix } from './grouprelocs.ts';
import type { TokenStream } from './lexer.ts';
import { encodeRotated, fits32 } from './immediate.ts';
import { CONDITIONS } from './conditions.ts';
import { parseImm, parseReg, parseShift, tryReg, type ImmOperand, type Shift } from './operands.ts';

export const DP_OPCODES: Readonly<Record<string, number>> = {
  and: 0, eor: 1, sub: 2, rsb: 3, add: 4, adc: 5, sbc: 6, rsc: 7,
  tst: 8, teq: 9, cmp: 10, cmn: 11, orr: 12, mov: 13, bic: 14, mvn: 15,
};

/** Opcode pairs GNU as swaps to when an immediate only encodes in its complemented/negated form. */
const SWAP: Readonly<Record<number, { op: number; neg: boolean }>> = {
  13: { op: 15, neg: false }, 15: { op: 13, neg: false },
  0: { op: 14, neg: false }, 14: { op: 0, neg: false },
  4: { op: 2, neg: true }, 2: { op: 4, neg: true },
  5: { op: 6, neg: false }, 6: { op: 5, neg: false },
  10: { op: 11, neg: true }, 11: { op: 10, neg: true },
};

export type Operand2 =
  | { readonly kind: 'imm'; readonly imm: ImmOperand; readonly rot?: ImmOperand }
  | { readonly kind: 'reg'; readonly rm: number; readonly shift?: Shift };

export function parseOperand2(ts: TokenStream, pctx: ParseContext): Operand2 {
  const rm = tryReg(ts);
  if (rm >= 0) {
    if (ts.accept(',')) return { kind: 'reg', rm, shift: parseShift(ts, pctx, true) };
    return { kind: 'reg', rm };
  }
  const imm = parseImm(ts, pctx);
  if (ts.accept(',')) return { kind: 'imm', imm, rot: parseImm(ts, pctx) };
  return { kind: 'imm', imm };
}

/** Bits 11..0 (and bit 4) for a register operand with optional shift. */
export function encodeShiftedReg(ctx: EncodeCtx, rm: number, shift: Shift | undefined): number {
  if (!shift) return rm;
  if (shift.kind === 'rrx') return rm | (3 << 5);
  if (shift.kind === 'reg') return rm | (shift.type << 5) | (1 << 4) | (shift.rs << 8);
  const n = ctx.abs(shift.amount.expr, shift.amount.col, 'shift amount');
  const max = shift.type === 1 || shift.type === 2 ? 32 : shift.type === 3 ? 31 : 31;
  if (n < 0 || n > max) ctx.fail(shift.amount.col, `shift amount ${n} out of range (0..${max})`);
  // A zero shift of any type is LSL #0; LSR/ASR #32 encode as 0.
  if (n === 0) return rm;
  return rm | (shift.type << 5) | ((n & 31) << 7);
}

/** Encodes operand 2 into bits 25 and 11..0; may switch opcode for an unencodable immediate. */
function encodeOp2(ctx: EncodeCtx, opcode: number, op2: Operand2, swappable: boolean): { bits: number; opcode: number } {
  if (op2.kind === 'reg') return { bits: encodeShiftedReg(ctx, op2.rm, op2.shift), opcode };
  const v = ctx.abs(op2.imm.expr, op2.imm.col, 'immediate');
  if (op2.rot) {
    const rot = ctx.abs(op2.rot.expr, op2.rot.col, 'rotation');
    if (v < 0 || v > 255) ctx.fail(op2.imm.col, `immediate ${v} must be 0..255 with an explicit rotation`);
    if (rot < 0 || rot > 30 || rot % 2 !== 0) ctx.fail(op2.rot.col, `rotation ${rot} must be an even number 0..30`);
    return { bits: (1 << 25) | ((rot / 2) << 8) | v, opcode };
  }
  if (!fits32(v)) ctx.fail(op2.imm.col, `immediate ${v} does not fit in 32 bits`);
  const direct = encodeRotated(v);
  if (direct >= 0) return { bits: (1 << 25) | direct, opcode };
  const alt = SWAP[opcode];
  if (swappable && alt) {
    const w = alt.neg ? -v : ~v;
    const e = encodeRotated(w);
    if (e >= 0) return { bits: (1 << 25) | e, opcode: alt.op };
  }
  return ctx.fail(op2.imm.col, `invalid constant 0x${(v >>> 0).toString(16)}: cannot be encoded as a rotated 8-bit immediate`);
}

export const dataProc: InsnHandler = (m, ts, pctx) => {
  const opcode = DP_OPCODES[m.base]!;
  const isCmp = opcode >= 8 && opcode <= 11;
  const isMov = opcode === 13 || opcode === 15;
  const s = isCmp || m.suffix === 's' ? 1 : 0;
  let rd = 0;
  let rn = 0;
  // Registers written, with their columns, for GNU's r15 warning on register-shifted operands.
  const written: { r: number; col: number }[] = [{ r: -1, col: ts.peek().col }];
  if (isCmp) rn = parseReg(ts);
  else rd = parseReg(ts);
  written[0]!.r = isCmp ? rn : rd;
  ts.expect(',');
  if (isCmp && s && m.suffix === 's') pctx.warn(m.col, 's suffix on comparison instruction is deprecated');
  if (!isCmp && !isMov) {
    // "add rd, rn, op2", or the two-operand form "add rd, op2" meaning "add rd, rd, op2"
    // (a register followed by a shift is operand 2, not Rn).
    const save = ts.index;
    const rnCol = ts.peek().col;
    const r = tryReg(ts);
    const after = ts.peek(1);
    const shiftNext = after.kind === 'id' && /^(lsl|lsr|asr|ror|rrx|asl)$/i.test(after.text);
    if (r >= 0 && ts.isOp(',') && !shiftNext) {
      rn = r;
      written.push({ r, col: rnCol });
      ts.next();
    } else {
      ts.index = save;
      rn = rd;
    }
  }
  // GNU: ADD, ADDS and MOVS take a group relocation as operand 2 (#:pc_g0:sym).
  const g = opcode === 4 || (opcode === 13 && s === 1) ? parseGroupPrefix(ts) : null;
  if (g) {
    const col = ts.peek().col;
    const e = parseExpr(ts, pctx);
    ts.expectEnd();
    return (ctx) => {
      const spec = groupReloc(g.name, 'alu');
      if (typeof spec === 'string') return ctx.fail(g.col, spec);
      const add = ctx.suffixReloc(e, col, spec);
      const enc = encodeRotated(Math.abs(add));
      if (enc < 0) ctx.fail(col, `the offset ${hex8(Math.abs(add))} is not representable`);
      // GNU's REL encoding: ADD for a positive addend, SUB for a negative one (other opcode bits kept).
      let insn = ((m.cond << 28) | (1 << 25) | (opcode << 21) | (s << 20) | ((opcode === 13 ? 0 : rn) << 16) | (rd << 12)) >>> 0;
      insn = (insn & 0xff1fffff) | (add < 0 ? 1 << 22 : 1 << 23);
      return ((insn & 0xfffff000) | enc) >>> 0;
    };
  }
  const rmCol = ts.peek().col;
  const op2 = parseOperand2(ts, pctx);
  ts.expectEnd();
  if (op2.kind === 'reg' && op2.shift?.kind === 'reg') {
    // GNU: r15 in a register-shifted register form is UNPREDICTABLE (a warning per use).
    for (const w of [...written, { r: op2.rm, col: rmCol }, { r: op2.shift.rs, col: op2.shift.col }]) {
      if (w.r === 15) pctx.warn(w.col, 'using r15 results in unpredictable behaviour');
    }
  }
  // TSTP/TEQP/CMPP/CMNP (26-bit ARM's PSR update) put r15 in the unused Rd field.
  return build(m.cond, opcode, s, rn, m.suffix === 'p' ? 15 : rd, op2);
};

function build(cond: number, opcode: number, s: number, rn: number, rd: number, op2: Operand2): Encoder {
  return (ctx) => {
    const { bits, opcode: op } = encodeOp2(ctx, opcode, op2, true);
    const cmp = op >= 8 && op <= 11;
    const mov = op === 13 || op === 15;
    const rnF = mov ? 0 : rn;
    const rdF = cmp && rd !== 15 ? 0 : rd;
    return ((cond << 28) | bits | (op << 21) | (s << 20) | (rnF << 16) | (rdF << 12)) >>> 0;
  };
}

/** LSL/LSR/ASR/ROR rd, rm, #n|rs and RRX rd, rm: MOV with a shifted register. */
export const shiftPseudo: InsnHandler = (m, ts, pctx) => {
  const s = m.suffix === 's' ? 1 : 0;
  const rd = parseReg(ts);
  let rm = rd;
  let shift: Shift;
  if (m.base === 'rrx') {
    ts.expect(',');
    rm = parseReg(ts);
    shift = { kind: 'rrx' };
  } else {
    const type = ({ lsl: 0, lsr: 1, asr: 2, ror: 3 } as const)[m.base as 'lsl' | 'lsr' | 'asr' | 'ror'];
    ts.expect(',');
    // "asr rd, rs" and "asr rd, #n" shift rd itself (GNU's two-operand form).
    const second = tryReg(ts);
    if (second >= 0 && ts.accept(',')) rm = second;
    else if (second >= 0) {
      ts.expectEnd();
      return () => ((m.cond << 28) | (13 << 21) | (s << 20) | (rd << 12) | rd | (type << 5) | (1 << 4) | (second << 8)) >>> 0;
    }
    const rsCol = ts.peek().col;
    const rs = tryReg(ts);
    if (rs >= 0) shift = { kind: 'reg', type, rs, col: rsCol };
    else {
      const col = ts.peek().col;
      shift = { kind: 'imm', type, amount: parseImm(ts, pctx), col };
    }
  }
  ts.expectEnd();
  return (ctx) => ((m.cond << 28) | (13 << 21) | (s << 20) | (rd << 12) | encodeShiftedReg(ctx, rm, shift)) >>> 0;
};

/** CPY rd, rm: MOV without S (ARMv6 UAL alias GNU accepts in ARM state). */
export const cpy: InsnHandler = (m, ts) => {
  const rd = parseReg(ts);
  ts.expect(',');
  const rm = parseReg(ts);
  ts.expectEnd();
  return () => ((m.cond << 28) | 0x01a00000 | (rd << 12) | rm) >>> 0;
};

/** NEG{S} rd, rm: RSB{S} rd, rm, #0. */
export const neg: InsnHandler = (m, ts) => {
  const rd = parseReg(ts);
  ts.expect(',');
  const rm = parseReg(ts);
  ts.expectEnd();
  return () => ((m.cond << 28) | 0x02600000 | (m.suffix === 's' ? 1 << 20 : 0) | (rm << 16) | (rd << 12)) >>> 0;
};

/** IT{T|E}* <cond> in ARM state: checked for syntax and assembled to nothing, as GNU as does. */
export const itBlock: InsnHandler = (_m, ts) => {
  const t = ts.next();
  if (t.kind !== 'id' || CONDITIONS[t.text.toLowerCase()] === undefined) ts.fail('condition expected after it', t);
  ts.expectEnd();
  return { words: 0, encode: () => [] };
};

export const nop: InsnHandler = (m, ts) => {
  ts.expectEnd();
  return () => ((m.cond << 28) | 0x01a00000) >>> 0;
};

/**
 * ADRL rd, label: two ADD/SUB rd, pc, #a; rd, rd, #b (the first alone and a NOP when one
 * immediate holds the offset). GNU splits the offset into its lowest rotated byte and one more
 * byte at a byte position of the rest.
 */
export const adrl: InsnHandler = (m, ts, pctx) => {
  const rd = parseReg(ts);
  ts.expect(',');
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseImm(ts, pctx).expr;
  ts.expectEnd();
  const encode = (ctx: EncodeCtx): number[] => {
    const off = ctx.pcrel(e, col, null, 'adrl target')!;
    const neg = off < 0;
    const mag = (neg ? -off : off) >>> 0;
    const op = ((m.cond << 28) | (1 << 25) | ((neg ? 2 : 4) << 21)) >>> 0;
    const first = (imm: number): number => (op | (15 << 16) | (rd << 12) | imm) >>> 0;
    const single = encodeRotated(mag);
    if (single >= 0) return [first(single), 0xe1a00000];
    const parts = splitTwoRotated(mag);
    if (!parts) return ctx.fail(col, `unable to compute ADRL instructions for PC offset of 0x${mag.toString(16)} (two rotated bytes cannot hold it)`);
    return [first(parts[0]), (op | (rd << 16) | (rd << 12) | parts[1]) >>> 0];
  };
  return { words: 2, encode };
};

/** The offset as two 12-bit rotated immediates: its lowest rotated byte, then the rest in one byte. */
function splitTwoRotated(v: number): [number, number] | null {
  for (let rot = 0; rot < 32; rot += 2) {
    const a = rot === 0 ? v : ((v << rot) | (v >>> (32 - rot))) >>> 0;
    if ((a & 0xff) === 0) continue;
    const rest = (a & ~0xff) >>> 0;
    for (const byte of [8, 16, 24]) {
      if ((rest & ~(0xff << byte)) >>> 0 !== 0) continue;
      // a is v rotated left by rot: a byte at `byte` of a is that byte of v rotated right by rot - byte.
      const hiRot = (rot - byte + 32) % 32;
      return [((rot / 2) << 8) | (a & 0xff), ((hiRot / 2) << 8) | ((rest >>> byte) & 0xff)];
    }
  }
  return null;
}

/** ADR rd, label: ADD/SUB rd, pc, #offset. */
export const adr: InsnHandler = (m, ts, pctx, hooks) => {
  if (m.suffix === 'l') return adrl({ ...m, suffix: '' }, ts, pctx, hooks);
  const rd = parseReg(ts);
  ts.expect(',');
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseImm(ts, pctx).expr;
  ts.expectEnd();
  return (ctx) => {
    const base = ((m.cond << 28) | (1 << 25) | (15 << 16) | (rd << 12)) >>> 0;
    const off = ctx.pcrel(e, col, null, 'adr target');
    if (off === null) return (base | (4 << 21)) >>> 0;
    return encodeAdr(ctx, base, off, col);
  };
};

export function encodeAdr(ctx: EncodeCtx, base: number, off: number, col: number): number {
  const add = encodeRotated(off);
  if (off >= 0 && add >= 0) return (base | (4 << 21) | add) >>> 0;
  const sub = encodeRotated(-off);
  if (off < 0 && sub >= 0) return (base | (2 << 21) | sub) >>> 0;
  return ctx.fail(col, `address offset ${off} cannot be encoded for adr`);
}
