// Coprocessor instructions: CDP, MCR, MRC, MCRR, MRRC, LDC, STC (and the '2' forms).
import { groupAddend } from './loadstore.ts';
import { hex8 } from './grouprelocs.ts';
import type { EncodeCtx, InsnHandler } from './context.ts';
import type { Expr, ParseContext } from './expr.ts';
import type { TokenStream } from './lexer.ts';
import { parseAddress, parseCoproc, parseCoReg, parseImm, parseReg, parseRegNpc } from './operands.ts';

function smallImm(ts: TokenStream, pctx: ParseContext): { e: Expr; col: number } {
  const col = ts.peek().col;
  return { e: parseImm(ts, pctx).expr, col };
}

function rangeCheck(ctx: EncodeCtx, v: { e: Expr; col: number }, max: number, what: string): number {
  const n = ctx.abs(v.e, v.col, what);
  if (n < 0 || n > max) ctx.fail(v.col, `${what} ${n} out of range (0..${max})`);
  return n;
}

function condBits(m: { base: string; cond: number; hasCond: boolean }, ts: TokenStream): number {
  if (m.base.endsWith('2')) {
    if (m.hasCond) ts.fail(`${m.base} cannot be conditional`, ts.toks[0]);
    return 0xf0000000;
  }
  return (m.cond << 28) >>> 0;
}

export const cdp: InsnHandler = (m, ts, pctx) => {
  const c = condBits(m, ts);
  const cp = parseCoproc(ts);
  ts.expect(',');
  const op1 = smallImm(ts, pctx);
  ts.expect(',');
  const crd = parseCoReg(ts);
  ts.expect(',');
  const crn = parseCoReg(ts);
  ts.expect(',');
  const crm = parseCoReg(ts);
  const op2 = ts.accept(',') ? smallImm(ts, pctx) : null;
  ts.expectEnd();
  return (ctx) => {
    const o1 = rangeCheck(ctx, op1, 15, 'opcode');
    const o2 = op2 ? rangeCheck(ctx, op2, 7, 'opcode') : 0;
    return (c | 0x0e000000 | (o1 << 20) | (crn << 16) | (crd << 12) | (cp << 8) | (o2 << 5) | crm) >>> 0;
  };
};

export const mcrMrc: InsnHandler = (m, ts, pctx) => {
  const c = condBits(m, ts);
  const l = m.base.startsWith('mrc') ? 1 << 20 : 0;
  const cp = parseCoproc(ts);
  ts.expect(',');
  const op1 = smallImm(ts, pctx);
  ts.expect(',');
  // MRC to APSR_nzcv is MRC to r15 (the flags take bits 31..28), as GNU writes it.
  const apsr = l !== 0 && ts.peek().kind === 'id' && ts.peek().text.toLowerCase() === 'apsr_nzcv';
  if (apsr) ts.next();
  const rd = apsr ? 15 : parseReg(ts);
  ts.expect(',');
  const crn = parseCoReg(ts);
  ts.expect(',');
  const crm = parseCoReg(ts);
  const op2 = ts.accept(',') ? smallImm(ts, pctx) : null;
  ts.expectEnd();
  return (ctx) => {
    const o1 = rangeCheck(ctx, op1, 7, 'opcode');
    const o2 = op2 ? rangeCheck(ctx, op2, 7, 'opcode') : 0;
    return (c | 0x0e000010 | l | (o1 << 21) | (crn << 16) | (rd << 12) | (cp << 8) | (o2 << 5) | crm) >>> 0;
  };
};

export const mcrrMrrc: InsnHandler = (m, ts, pctx) => {
  const c = condBits(m, ts);
  const l = m.base.startsWith('mrrc') ? 1 << 20 : 0;
  const cp = parseCoproc(ts);
  ts.expect(',');
  const op = smallImm(ts, pctx);
  ts.expect(',');
  const rdTok = ts.peek();
  const rd = parseRegNpc(ts);
  ts.expect(',');
  const rn = parseRegNpc(ts);
  ts.expect(',');
  const crm = parseCoReg(ts);
  ts.expectEnd();
  if (l && rd === rn) ts.fail('registers may not be the same (mrrc loads two registers)', rdTok);
  return (ctx) => {
    const o = rangeCheck(ctx, op, 15, 'opcode');
    return (c | 0x0c400000 | l | (rn << 16) | (rd << 12) | (cp << 8) | (o << 4) | crm) >>> 0;
  };
};

export const ldcStc: InsnHandler = (m, ts, pctx) => {
  const c = condBits(m, ts);
  const load = m.base.startsWith('ldc') ? 1 << 20 : 0;
  const n = m.suffix === 'l' ? 1 << 22 : 0;
  const cp = parseCoproc(ts);
  ts.expect(',');
  const crd = parseCoReg(ts);
  ts.expect(',');
  const addr = parseAddress(ts, pctx, false);
  ts.expectEnd();
  const base = (c | 0x0c000000 | load | n | (crd << 12) | (cp << 8)) >>> 0;
  if (addr.kind === 'literal') return ts.fail('coprocessor transfers take an address');
  if (addr.kind === 'label') {
    return (ctx) => {
      const off = ctx.pcrel(addr.expr, addr.col, null, 'coprocessor load/store target');
      const b = (base | (1 << 24) | (15 << 16)) >>> 0;
      if (off === null) return (b | (1 << 23)) >>> 0;
      return (b | offset8(ctx, off, off > 0 || false, addr.col)) >>> 0;
    };
  }
  if (addr.reg) return ts.fail('coprocessor transfers take only immediate offsets');
  if (addr.rn === 15 && (addr.writeback || (addr.kind === 'post' && !addr.option))) return ts.fail('pc may not be used with write-back');
  return (ctx) => {
    let bits = base | (addr.rn << 16);
    if (addr.option) {
      const opt = rangeCheck(ctx, { e: addr.option.expr, col: addr.option.col }, 255, 'option');
      return (bits | (1 << 23) | opt) >>> 0;
    }
    const p = addr.kind === 'pre' ? 1 : 0;
    const w = addr.kind === 'post' || addr.writeback ? 1 : 0;
    if (addr.group) {
      const add = groupAddend(ctx, addr.group, 'ldc');
      const mag = Math.abs(add);
      if (mag & 3) ctx.fail(addr.group.col, `bad offset ${hex8(mag)} (must be word-aligned)`);
      if (mag >> 2 > 0xff) ctx.fail(addr.group.col, `bad offset ${hex8(mag)} (must be an 8-bit number of words)`);
      return (bits | (p << 24) | (w << 21) | ((add < 0 ? 0 : 1) << 23) | (mag >> 2)) >>> 0;
    }
    if (addr.kind === 'post' && !addr.imm) ctx.fail(ctx.pos.column, 'post-indexed coprocessor address needs an offset or {option}');
    bits |= (p << 24) | (w << 21);
    if (!addr.imm) return (bits | (1 << 23)) >>> 0;
    const v = ctx.abs(addr.imm.expr, addr.imm.col, 'offset');
    const up = v > 0 || (v === 0 && !addr.imm.negZero);
    return (bits | offset8(ctx, v, up, addr.imm.col)) >>> 0;
  };
};

function offset8(ctx: EncodeCtx, v: number, up: boolean, col: number): number {
  const mag = Math.abs(v);
  if (mag % 4 !== 0) ctx.fail(col, `coprocessor offset ${v} must be a multiple of 4`);
  if (mag > 1020) ctx.fail(col, `coprocessor offset ${v} out of range (-1020..1020)`);
  return ((up ? 1 : 0) << 23) | (mag >> 2);
}
