// SWI/SVC, BKPT, MRS and MSR.
import type { InsnHandler } from './context.ts';
import { parseExpr } from './expr.ts';
import { encodeRotated, fits32 } from './immediate.ts';
import { parseImm, parseRegNpc, tryReg } from './operands.ts';
import type { TokenStream } from './lexer.ts';

export const swi: InsnHandler = (m, ts, pctx) => {
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseExpr(ts, pctx);
  ts.expectEnd();
  return (ctx) => {
    const v = ctx.abs(e, col, 'swi number');
    if (v < 0 || v > 0xffffff) ctx.fail(col, `swi number ${v} out of range (0..0xffffff)`);
    return ((m.cond << 28) | 0x0f000000 | v) >>> 0;
  };
};

export const bkpt: InsnHandler = (m, ts, pctx) => {
  if (m.hasCond) ts.fail('bkpt cannot be conditional', ts.toks[0]);
  if (ts.atEnd()) return () => 0xe1200070;
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseExpr(ts, pctx);
  ts.expectEnd();
  return (ctx) => {
    const v = ctx.abs(e, col, 'breakpoint number');
    if (v < 0 || v > 0xffff) ctx.fail(col, `breakpoint number ${v} out of range (0..0xffff)`);
    return (0xe1200070 | ((v >> 4) << 8) | (v & 0xf)) >>> 0;
  };
};

/** Parses a PSR name: returns R (0 cpsr, 1 spsr) and the field mask (for MSR). */
function parsePsr(ts: TokenStream, forMsr: boolean): { r: number; mask: number } {
  const t = ts.peek();
  if (t.kind !== 'id') ts.fail(`status register expected, found '${t.text || 'end of line'}'`);
  const name = t.text.toLowerCase();
  const m = /^(cpsr|spsr|apsr)(?:_([a-z]+))?$/.exec(name);
  if (!m) ts.fail(`status register expected, found '${t.text}'`);
  ts.next();
  const r = m[1] === 'spsr' ? 1 : 0;
  const f = m[2];
  if (!forMsr) {
    if (f !== undefined && f !== 'all') ts.fail('mrs takes cpsr or spsr without fields', t);
    return { r, mask: 0 };
  }
  // GNU: plain APSR is APSR_nzcvq (the flags); CPSR/SPSR alone are their control and flag fields.
  if (f === undefined && m[1] === 'apsr') return { r, mask: 8 };
  if (f === undefined || f === 'all') return { r, mask: 9 };
  if (m[1] === 'apsr') {
    const apsr: Record<string, number> = { nzcvq: 8, g: 4, nzcvqg: 12 };
    const v = apsr[f];
    if (v === undefined) ts.fail(`bad APSR field '${f}'`, t);
    return { r, mask: v };
  }
  if (f === 'flg') return { r, mask: 8 };
  if (f === 'ctl') return { r, mask: 1 };
  let mask = 0;
  for (const ch of f) {
    const bit = ({ c: 1, x: 2, s: 4, f: 8 } as Record<string, number>)[ch];
    if (bit === undefined || mask & bit) ts.fail(`bad status register field '${f}'`, t);
    mask |= bit;
  }
  return { r, mask };
}

export const mrs: InsnHandler = (m, ts) => {
  const rd = parseRegNpc(ts);
  ts.expect(',');
  const { r } = parsePsr(ts, false);
  ts.expectEnd();
  return () => ((m.cond << 28) | 0x010f0000 | (r << 22) | (rd << 12)) >>> 0;
};

export const msr: InsnHandler = (m, ts, pctx) => {
  const psrTok = ts.peek();
  const { r, mask } = parsePsr(ts, true);
  if (psrTok.text.toLowerCase() === 'apsr') pctx.warn(m.col, 'writing to APSR without specifying a bitmask is deprecated');
  ts.expect(',');
  const rm = tryReg(ts);
  const base = ((m.cond << 28) | (r << 22) | (mask << 16) | 0xf000) >>> 0;
  if (rm >= 0) {
    ts.expectEnd();
    return () => (base | 0x01200000 | rm) >>> 0;
  }
  const imm = parseImm(ts, pctx);
  ts.expectEnd();
  return (ctx) => {
    const v = ctx.abs(imm.expr, imm.col, 'immediate');
    const enc = fits32(v) ? encodeRotated(v) : -1;
    // GNU as treats MSR SPSR's opcode field like CMN and swaps to CMP with the negated constant
    // when the value does not encode; the result is another instruction, but we match the bytes.
    const neg = fits32(v) && r === 1 ? encodeRotated(-v) : -1;
    if (enc < 0 && neg >= 0) return ((base | 0x03200000 | neg) & ~(1 << 21)) >>> 0;
    if (enc < 0) ctx.fail(imm.col, `invalid constant 0x${(v >>> 0).toString(16)}: cannot be encoded as a rotated 8-bit immediate`);
    return (base | 0x03200000 | enc) >>> 0;
  };
};

/** UDF #imm16 (GNU takes a condition too, giving another encoding: we follow it). */
export const udf: InsnHandler = (m, ts, pctx) => {
  if (ts.atEnd()) return () => ((m.cond << 28) | 0x07f000f0) >>> 0;
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseExpr(ts, pctx);
  ts.expectEnd();
  return (ctx) => {
    const v = ctx.abs(e, col, 'udf number');
    if (v < 0 || v > 0xffff) ctx.fail(col, `immediate value out of range (udf number ${v}: 0..0xffff)`);
    return ((m.cond << 28) | 0x07f000f0 | ((v >> 4) << 8) | (v & 0xf)) >>> 0;
  };
};
