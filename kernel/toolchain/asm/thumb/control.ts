// Thumb control flow for ARMv5TE: B<cond>, B, the BL/BLX halfword pairs with GNU's interworking
// choices for functions defined in the same section, BX/BLX register, SWI/SVC, BKPT, UDF and NOP.
import type { EncodeCtx, ThumbHandler } from '../context.ts';
import type { Expr } from '../expr.ts';
import { readBranchSuffix, TLS_CALL } from '../relocsuffix.ts';
import { parseExpr } from '../expr.ts';
import { thumbCallPair } from '../../relocate.ts';
import { BAD_PC, failAt, parseReg } from './operands.ts';

function branchTarget(ts: Parameters<ThumbHandler>[1], pctx: Parameters<ThumbHandler>[2]): { e: Expr; col: number; tls: boolean } {
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseExpr(ts, pctx);
  // (plt) changes nothing; (tlscall) marks BL/BLX (GNU ignores it on B).
  const tls = readBranchSuffix(ts) === 'tlscall';
  ts.expectEnd();
  return { e, col, tls };
}

/** B<cond> (8-bit halfword offset) and B (11-bit), from pc = address + 4. */
export const branch: ThumbHandler = (m, ts, pctx) => {
  const { e, col } = branchTarget(ts, pctx);
  const conditional = m.cond !== 14;
  return {
    size: 2,
    encode: (ctx) => {
      const base = conditional ? 0xd000 | (m.cond << 8) : 0xe000;
      const target = ctx.target(e, col, conditional ? 'thm_jump8' : 'thm_jump11');
      if (target === null) return base;
      const off = target - (ctx.offset + 4);
      const limit = conditional ? 256 : 2048;
      if (off < -limit || off >= limit) ctx.fail(col, `branch out of range (offset ${off}, ${conditional ? '-256..254 for a conditional branch' : '-2048..2046'})`);
      return base | ((off >> 1) & (conditional ? 0xff : 0x7ff));
    },
  };
};


/** BL/BLX f(tlscall): R_ARM_THM_TLS_CALL, the pair with a zero offset in place. */
function tlsCall(ctx: EncodeCtx, e: Expr, col: number, blx: boolean): number {
  ctx.suffixReloc(e, col, TLS_CALL.thumb);
  return thumbCallPair(0, blx);
}

function encodeCall(ctx: EncodeCtx, e: Expr, col: number, writtenBlx: boolean, mnemonicCol: number): number {
  const target = ctx.target(e, col, 'thm_call');
  if (target === null) return thumbCallPair(-4, writtenBlx);
  // GNU as: a BL to an ARM function in this section becomes BLX, a BLX to a Thumb function BL.
  const kind = ctx.functionKind(e);
  let blx = writtenBlx;
  if (!writtenBlx && kind === 'arm') {
    // Without BLX (before ARMv5T) GNU as leaves the call to the linker.
    if (!ctx.blx) {
      ctx.forceReloc(e, col, 'thm_call');
      return thumbCallPair(-4, false);
    }
    blx = true;
  }
  if (writtenBlx && kind === 'thumb') {
    ctx.warn(mnemonicCol, `blx to Thumb func '${e.k === 'sym' ? e.ref.name : 'target'}' from Thumb ISA state changed to bl`);
    blx = false;
  }
  // BLX takes bit 1 of its target from the pc: the offset counts from Align(pc, 4), rounded up
  // (GNU). A BLX turned into BL counts from pc as a BL must: GNU 2.40 keeps the Align(pc, 4)
  // offset there, which lands 2 bytes off when the instruction is not word-aligned; we do not.
  const off = blx ? (target - ((ctx.offset + 4) & ~3) + 3) & ~3 : target - (ctx.offset + 4);
  if (off < -0x400000 || off > 0x3fffff) ctx.fail(col, `branch out of range (offset ${off}, BL/BLX reach +/-4 MB)`);
  return thumbCallPair(off, blx);
}

export const bl: ThumbHandler = (m, ts, pctx) => {
  if (m.width === 2) failAt(ts, m.col, 'cannot honor width suffix: BL is a 32-bit pair');
  const { e, col, tls } = branchTarget(ts, pctx);
  return { size: 4, encode: (ctx) => (tls ? tlsCall(ctx, e, col, false) : encodeCall(ctx, e, col, false, m.col)) };
};

/** BLX label (a 32-bit pair) or BLX Rm. */
export const blx: ThumbHandler = (m, ts, pctx) => {
  const t = ts.peek();
  if (t.kind === 'id' && /^(r\d+|sp|lr|pc|ip|fp|sl|sb|a[1-4]|v[1-8])$/i.test(t.text)) {
    const rm = parseReg(ts);
    ts.expectEnd();
    if (rm === 15) failAt(ts, t.col, BAD_PC);
    if (m.width === 4) failAt(ts, m.col, 'cannot honor width suffix: BLX Rm is 16-bit');
    return { size: 2, encode: () => 0x4780 | (rm << 3) };
  }
  if (m.width === 2) failAt(ts, m.col, 'cannot honor width suffix: BLX label is a 32-bit pair');
  const { e, col, tls } = branchTarget(ts, pctx);
  return { size: 4, encode: (ctx) => (tls ? tlsCall(ctx, e, col, true) : encodeCall(ctx, e, col, true, m.col)) };
};

export const bx: ThumbHandler = (_m, ts) => {
  const rm = parseReg(ts);
  ts.expectEnd();
  return { size: 2, encode: () => 0x4700 | (rm << 3) };
};

/** An optional 8-bit operand ('#' optional), as GNU takes for SWI/BKPT/UDF. */
function imm8(name: string, ops: { e: Expr; col: number } | null, fallback: number): (ctx: EncodeCtx) => number {
  return (ctx) => {
    if (!ops) return fallback;
    const v = ctx.abs(ops.e, ops.col, `${name} number`);
    if (v < 0 || v > 255) ctx.fail(ops.col, name === 'svc' ? `invalid swi expression (${v}: 0..255 in Thumb)` : `immediate value out of range (${v}: 0..255 in Thumb)`);
    return v;
  };
}

function optionalOperand(ts: Parameters<ThumbHandler>[1], pctx: Parameters<ThumbHandler>[2]): { e: Expr; col: number } | null {
  if (ts.atEnd()) return null;
  return branchTarget(ts, pctx);
}

export const swi: ThumbHandler = (_m, ts, pctx) => {
  const op = branchTarget(ts, pctx);
  const v = imm8('svc', op, 0);
  return { size: 2, encode: (ctx) => 0xdf00 | v(ctx) };
};

export const bkpt: ThumbHandler = (_m, ts, pctx) => {
  const v = imm8('bkpt', optionalOperand(ts, pctx), 0);
  return { size: 2, encode: (ctx) => 0xbe00 | v(ctx) };
};

export const udf: ThumbHandler = (_m, ts, pctx) => {
  const v = imm8('udf', optionalOperand(ts, pctx), 0);
  return { size: 2, encode: (ctx) => 0xde00 | v(ctx) };
};

/** NOP is MOV r8, r8 before ARMv6T2. */
export const nop: ThumbHandler = (_m, ts) => {
  ts.expectEnd();
  return { size: 2, encode: () => 0x46c0 };
};
