// B, BL, BLX (immediate and register) and BX.
import type { EncodeCtx, InsnHandler } from './context.ts';
import { parseExpr } from './expr.ts';
import { tryReg } from './operands.ts';
import { readBranchSuffix, TLS_CALL } from './relocsuffix.ts';

export const branch: InsnHandler = (m, ts, pctx) => {
  const link = m.base === 'bl';
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseExpr(ts, pctx);
  const tls = readBranchSuffix(ts);
  ts.expectEnd();
  return (ctx) => {
    const base = ((m.cond << 28) | 0x0a000000 | (link ? 1 << 24 : 0)) >>> 0;
    if (tls) {
      ctx.suffixReloc(e, col, TLS_CALL.arm);
      return base;
    }
    const off = ctx.pcrel(e, col, 'branch24');
    if (off === null) return base;
    if (ctx.functionKind(e) === 'thumb') {
      // GNU as: an unconditional BL to a Thumb function here becomes BLX (from ARMv5T on); B,
      // a conditional BL, or any call without BLX is left to the linker (GNU ld adds a veneer).
      if (link && m.cond === 14 && ctx.blx) return blxWord(ctx, off, col);
      ctx.forceReloc(e, col, 'branch24');
      return base;
    }
    if (off % 4 !== 0) ctx.fail(col, `branch target misaligned (offset ${off} is not a multiple of 4)`);
    if (off < -0x2000000 || off > 0x1fffffc) ctx.fail(col, `branch out of range (offset ${off}, limit +/-32 MB)`);
    return (base | ((off >> 2) & 0xffffff)) >>> 0;
  };
};

export const blx: InsnHandler = (m, ts, pctx) => {
  const rm = tryReg(ts);
  if (rm >= 0) {
    ts.expectEnd();
    if (rm === 15) pctx.warn(m.col, 'use of r15 in blx in ARM mode is not really useful');
    return () => ((m.cond << 28) | 0x012fff30 | rm) >>> 0;
  }
  if (m.hasCond && m.cond !== 14) ts.fail('blx with an immediate target cannot be conditional', ts.toks[0]);
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseExpr(ts, pctx);
  const tls = readBranchSuffix(ts);
  ts.expectEnd();
  return (ctx) => {
    if (tls) {
      ctx.suffixReloc(e, col, TLS_CALL.arm);
      return 0xfa000000;
    }
    const off = ctx.pcrel(e, col, 'blx24');
    if (off === null) return 0xfa000000;
    if (ctx.functionKind(e) === 'arm') {
      if (!ctx.blx) {
        ctx.forceReloc(e, col, 'blx24');
        return 0xfa000000;
      }
      // GNU as turns a BLX to an ARM function defined here into BL, with this warning.
      ctx.warn(col, `blx to '${e.k === 'sym' ? e.ref.name : 'target'}' an ARM ISA state function changed to bl`);
      if (off % 4 !== 0) ctx.fail(col, `branch target misaligned (offset ${off} is not a multiple of 4)`);
      if (off < -0x2000000 || off > 0x1fffffc) ctx.fail(col, `branch out of range (offset ${off}, limit +/-32 MB)`);
      return (0xeb000000 | ((off >> 2) & 0xffffff)) >>> 0;
    }
    return blxWord(ctx, off, col);
  };
};

/** BLX <label> for a pc-relative offset: H (bit 24) holds bit 1 of the halfword target. */
function blxWord(ctx: EncodeCtx, off: number, col: number): number {
  if (off % 2 !== 0) ctx.fail(col, 'blx target misaligned');
  if (off < -0x2000000 || off > 0x1fffffe) ctx.fail(col, `branch out of range (offset ${off}, limit +/-32 MB)`);
  return (0xfa000000 | (((off >> 1) & 1) << 24) | ((off >> 2) & 0xffffff)) >>> 0;
}

export const bx: InsnHandler = (m, ts, pctx) => {
  const rm = tryReg(ts);
  if (rm < 0) ts.fail('register expected');
  ts.expectEnd();
  if (rm === 15) pctx.warn(m.col, 'use of r15 in bx in ARM mode is not really useful');
  return (ctx) => {
    ctx.markV4bx();
    return ((m.cond << 28) | 0x012fff10 | rm) >>> 0;
  };
};

/** BXJ Rm (ARMv5TEJ: `.arch armv5tej` or a Jazelle CPU). */
export const bxj: InsnHandler = (m, ts, pctx) => {
  const rm = tryReg(ts);
  if (rm < 0) ts.fail('register expected');
  ts.expectEnd();
  if (rm === 15) pctx.warn(m.col, 'use of r15 in bxj is not really useful');
  return (ctx) => {
    if (ctx.archLevel < 5) ctx.fail(m.col, "selected processor does not support 'bxj' (ARMv5TEJ: select it with .arch armv5tej or a Jazelle CPU)");
    return ((m.cond << 28) | 0x012fff20 | rm) >>> 0;
  };
};
