// Single loads and stores: LDR/STR{B}{T}, the halfword/signed/doubleword forms, PLD and SWP.
import type { EncodeCtx, Encoder, InsnHandler } from './context.ts';
import { encodeShiftedReg } from './dataproc.ts';
import type { Expr } from './expr.ts';
import { fits32 } from './datavalue.ts';
import { encodeRotated } from './immediate.ts';
import { BAD_PC, parseAddress, parseReg, parseRegNpc, type Address, type ImmOperand } from './operands.ts';
import type { ParseContext } from './expr.ts';
import type { TokenStream } from './lexer.ts';
import { groupReloc, hex8, type GroupClass, type GroupOperand } from './grouprelocs.ts';

type AddrBracket = Extract<Address, { kind: 'pre' | 'post' }>;

/** The addend of a group-relocated offset, with its relocation recorded. */
export function groupAddend(ctx: EncodeCtx, g: GroupOperand, cls: GroupClass): number {
  const spec = groupReloc(g.name, cls);
  if (typeof spec === 'string') return ctx.fail(g.col, spec);
  return ctx.suffixReloc(g.e, g.col, spec);
}

/** Offset value with the sign convention of GNU as: "#-0" keeps U clear. */
function signedOffset(ctx: EncodeCtx, imm: ImmOperand): { u: number; mag: number } {
  const v = ctx.abs(imm.expr, imm.col, 'offset');
  if (v < 0) return { u: 0, mag: -v };
  if (v === 0 && imm.negZero) return { u: 0, mag: 0 };
  return { u: 1, mag: v };
}

function pcLabel(ctx: EncodeCtx, e: Expr, col: number, literal = false): { u: number; mag: number } | null {
  // GNU as cannot relocate a pc-relative load either: the target must be in this section.
  const off = ctx.pcrel(e, col, null, 'load target');
  if (off === null) return null;
  // GNU as writes a zero offset to a literal pool entry as "-0", to a label as "+0".
  return off > 0 || (off === 0 && !literal) ? { u: 1, mag: off } : { u: 0, mag: -off };
}

/** Word/byte transfer: bits P U B W L, Rn, offset. */
function wordForm(ctx: EncodeCtx, base: number, a: AddrBracket, translate: boolean): number {
  let p = a.kind === 'pre' ? 1 : 0;
  let w = a.writeback ? 1 : 0;
  if (translate) {
    if (a.kind === 'pre' && (a.imm || a.reg || a.writeback || a.group)) ctx.fail(ctx.pos.column, 'T variants take only post-indexed addresses');
    p = 0;
    w = 1;
  } else if (a.kind === 'post') {
    w = 0;
  }
  if (a.option) ctx.fail(a.option.col, 'unexpected {option} in a load/store address');
  let bits = base | (p << 24) | (w << 21) | (a.rn << 16);
  if (a.group) {
    const add = groupAddend(ctx, a.group, 'ldr');
    if (Math.abs(add) >= 0x1000) ctx.fail(a.group.col, `bad offset ${hex8(Math.abs(add))} (only 12 bits available for the magnitude)`);
    return (bits | ((add < 0 ? 0 : 1) << 23) | Math.abs(add)) >>> 0;
  }
  if (a.reg) {
    bits |= (1 << 25) | ((a.reg.sub ? 0 : 1) << 23) | encodeShiftedReg(ctx, a.reg.rm, a.reg.shift);
  } else if (a.imm) {
    const { u, mag } = signedOffset(ctx, a.imm);
    if (mag > 4095) ctx.fail(a.imm.col, `offset ${u ? mag : -mag} out of range (-4095..4095)`);
    bits |= (u << 23) | mag;
  } else {
    bits |= 1 << 23;
  }
  return bits >>> 0;
}

/** Halfword/signed/doubleword transfer: split 8-bit immediate or register, no shifts. */
function miscForm(ctx: EncodeCtx, base: number, a: AddrBracket): number {
  const p = a.kind === 'pre' ? 1 : 0;
  const w = a.kind === 'pre' && a.writeback ? 1 : 0;
  if (a.option) ctx.fail(a.option.col, 'unexpected {option} in a load/store address');
  let bits = base | (p << 24) | (w << 21) | (a.rn << 16);
  if (a.group) {
    const add = groupAddend(ctx, a.group, 'ldrs');
    const mag = Math.abs(add);
    if (mag >= 0x100) ctx.fail(a.group.col, `bad offset ${hex8(mag)} (only 8 bits available for the magnitude)`);
    return (bits | (1 << 22) | ((add < 0 ? 0 : 1) << 23) | ((mag & 0xf0) << 4) | (mag & 0xf)) >>> 0;
  }
  if (a.reg) {
    if (a.reg.shift) ctx.fail(ctx.pos.column, 'shifted register offset not allowed for halfword/doubleword transfers');
    bits |= ((a.reg.sub ? 0 : 1) << 23) | a.reg.rm;
  } else if (a.imm) {
    const { u, mag } = signedOffset(ctx, a.imm);
    if (mag > 255) ctx.fail(a.imm.col, `offset ${u ? mag : -mag} out of range (-255..255)`);
    bits |= (1 << 22) | (u << 23) | ((mag & 0xf0) << 4) | (mag & 0xf);
  } else {
    bits |= (1 << 22) | (1 << 23);
  }
  return bits >>> 0;
}

const MISC_BITS: Readonly<Record<string, number>> = {
  'ldr:h': 0x001000b0, 'str:h': 0x000000b0, 'ldr:sb': 0x001000d0, 'ldr:sh': 0x001000f0,
  'ldr:d': 0x000000d0, 'str:d': 0x000000f0,
};

export const loadStore: InsnHandler = (m, ts, pctx, hooks) => {
  const load = m.base === 'ldr';
  const cond = m.cond << 28;
  const rdTok = ts.peek();
  const rd = parseReg(ts);
  const sfx = m.suffix;
  if (sfx === 'd') {
    if (rd % 2 !== 0) ts.fail('first transfer register of a doubleword transfer must be even', rdTok);
    if (rd === 14) ts.fail('r14 cannot be the first register of a doubleword transfer', rdTok);
    ts.expect(',');
    const save = ts.index;
    const second = ts.peek().kind === 'id' ? parseRegMaybe(ts) : -1;
    if (second >= 0) {
      if (second !== rd + 1) ts.fail('second transfer register must be the first plus one');
      ts.expect(',');
    } else ts.index = save;
  } else {
    ts.expect(',');
  }
  const addr = parseAddress(ts, pctx, load && sfx !== 'd' && sfx !== 't' && sfx !== 'bt');
  ts.expectEnd();
  const misc = MISC_BITS[`${m.base}:${sfx}`];
  // GNU: only LDR, STR and STRT take r15 as the transfer register.
  if (rd === 15 && !(sfx === '' || (sfx === 't' && !load))) ts.fail(BAD_PC, rdTok);
  if (addr.kind === 'pre' || addr.kind === 'post') checkAddress(pctx, m.col, ts, rd, load, sfx, misc !== undefined, addr);
  if (addr.kind === 'literal') {
    // ldr rd, =value: MOV/MVN when the constant is encodable now, else a pool load.
    const v = hooks.tryValue(addr.expr);
    if (v && v.base === null && (v.big || !fits32(v.add))) {
      const shown = v.big ? 'is a bignum' : `0x${BigInt.asUintN(64, v.add).toString(16)}`;
      ts.fail(`literal value ${shown}: it does not fit in 32 bits`, ts.toks.find((t) => t.col === addr.col));
    }
    // GNU: a word, halfword or signed load of a constant MOV/MVN can make is that instruction;
    // a byte load always reads the pool.
    if (v && v.base === null && sfx !== 'd') {
      const n = Number(BigInt.asUintN(32, v.add));
      const byteForm = sfx === 'b';
      const movImm = byteForm ? -1 : encodeRotated(n);
      const mvnImm = byteForm ? -1 : encodeRotated(~n);
      if (movImm >= 0) return () => (cond | 0x03a00000 | (rd << 12) | movImm) >>> 0;
      if (mvnImm >= 0) return () => (cond | 0x03e00000 | (rd << 12) | mvnImm) >>> 0;
    }
    const labelExpr: Expr = { k: 'sym', ref: hooks.literal(addr.expr, addr.col), col: addr.col };
    return labelLoad(m.cond, rd, load, sfx, misc, labelExpr, addr.col, true);
  }
  if (addr.kind === 'label') return labelLoad(m.cond, rd, load, sfx, misc, addr.expr, addr.col);
  if (misc !== undefined) return (ctx) => (cond | (rd << 12) | miscForm(ctx, misc, addr)) >>> 0;
  const base = cond | 0x04000000 | (sfx.startsWith('b') ? 1 << 22 : 0) | (load ? 1 << 20 : 0) | (rd << 12);
  const translate = sfx === 't' || sfx === 'bt';
  return (ctx) => wordForm(ctx, base, addr, translate);
};

const BAD_PC_ADDRESSING = 'cannot use register index with PC-relative addressing';
const BAD_PC_WRITEBACK = 'cannot use writeback with PC-relative addressing';

/**
 * GNU's checks of a bracketed load/store address: r15 as index or written-back base is an error;
 * a transfer register that is also the written-back base, and the doubleword overlaps, warn.
 */
function checkAddress(pctx: ParseContext, col: number, ts: TokenStream, rt: number, load: boolean, sfx: string, misc: boolean, a: AddrBracket): void {
  const writeback = a.writeback || a.kind === 'post';
  const translate = sfx === 't' || sfx === 'bt';
  if (misc) {
    if (a.reg?.rm === 15) ts.fail(BAD_PC_ADDRESSING);
    if (a.rn === 15 && writeback) ts.fail(BAD_PC_WRITEBACK);
  } else {
    if (a.reg?.rm === 15 || (a.rn === 15 && (writeback || translate))) ts.fail(BAD_PC_ADDRESSING);
  }
  if (sfx === 'd') {
    if (a.rn === rt + 1 && writeback) pctx.warn(col, 'base register written back, and overlaps second transfer register');
    if (load && a.reg && (a.reg.rm === rt || a.reg.rm === rt + 1)) pctx.warn(col, 'index register overlaps transfer register');
  }
  // GNU tests the L bit, which LDRD does not have: it says "source" for LDRD too.
  if ((writeback || translate) && a.rn === rt) pctx.warn(col, load && sfx !== 'd' ? 'destination register same as write-back base' : 'source register same as write-back base');
}

function parseRegMaybe(ts: Parameters<InsnHandler>[1]): number {
  const save = ts.index;
  try {
    return parseReg(ts);
  } catch {
    ts.index = save;
    return -1;
  }
}

function labelLoad(cond: number, rd: number, load: boolean, sfx: string, misc: number | undefined, e: Expr, col: number, literal = false): Encoder {
  return (ctx) => {
    if (sfx === 't' || sfx === 'bt') ctx.fail(col, 'T variants take only post-indexed addresses');
    if (misc !== undefined) {
      const base = (cond << 28) | misc | (1 << 24) | (1 << 22) | (15 << 16) | (rd << 12);
      const o = pcLabel(ctx, e, col, literal);
      if (o === null) return (base | (1 << 23)) >>> 0;
      if (o.mag > 255) ctx.fail(col, `pc-relative offset ${o.u ? o.mag : -o.mag} out of range (-255..255)`);
      return (base | (o.u << 23) | ((o.mag & 0xf0) << 4) | (o.mag & 0xf)) >>> 0;
    }
    const base = (cond << 28) | 0x05000000 | (sfx === 'b' ? 1 << 22 : 0) | (load ? 1 << 20 : 0) | (15 << 16) | (rd << 12);
    const o = pcLabel(ctx, e, col, literal);
    if (o === null) return (base | (1 << 23)) >>> 0;
    if (o.mag > 4095) ctx.fail(col, `pc-relative offset ${o.u ? o.mag : -o.mag} out of range (-4095..4095); a literal pool may be too far away (use .ltorg)`);
    return (base | (o.u << 23) | o.mag) >>> 0;
  };
}

export const pld: InsnHandler = (_m, ts, pctx) => {
  const addr = parseAddress(ts, pctx, false);
  ts.expectEnd();
  if (addr.kind === 'literal') return ts.fail('pld takes an address');
  if (addr.kind === 'label') {
    const e = addr.expr;
    return (ctx) => {
      const o = pcLabel(ctx, e, addr.col);
      const base = 0xf55ff000;
      if (o === null) return (base | (1 << 23)) >>> 0;
      if (o.mag > 4095) ctx.fail(addr.col, 'pc-relative offset out of range');
      return (base | (o.u << 23) | o.mag) >>> 0;
    };
  }
  if (addr.kind === 'post' || addr.writeback) return ts.fail('pld takes a pre-indexed address without writeback');
  if (addr.reg?.rm === 15) return ts.fail(BAD_PC_ADDRESSING);
  if (addr.group) return ts.fail('group relocations are not allowed here (LDR, STR, LDRB, STRB, the halfword and doubleword transfers, ADD, ADDS, MOVS, LDC and STC take them)');
  return (ctx) => wordForm(ctx, 0xf450f000, addr, false);
};

export const swp: InsnHandler = (m, ts) => {
  const rd = parseRegNpc(ts);
  ts.expect(',');
  const rm = parseRegNpc(ts);
  ts.expect(',');
  ts.expect('[');
  const rn = parseRegNpc(ts);
  ts.expect(']');
  ts.expectEnd();
  if (rn === rd || rn === rm) ts.fail('Rn must not overlap other operands (swp: the base register must differ from the other two)');
  const b = m.suffix === 'b' ? 1 << 22 : 0;
  return () => ((m.cond << 28) | 0x01000090 | b | (rn << 16) | (rd << 12) | rm) >>> 0;
};
