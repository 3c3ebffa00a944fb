// Thumb loads and stores for ARMv5TE: LDR/STR{B,H} and LDRS{B,H} in their register, immediate,
// SP and PC forms, pc-relative loads of labels and literal pool slots (`ldr rX, =expr`), ADR,
// LDMIA/STMIA and PUSH/POP, with GNU's choices in divided and unified syntax.
//
// One deliberate difference: in divided syntax GNU as 2.40 turns LDRB/LDRH/STRB/STRH with an SP or
// PC base (or a literal, or a label) into a *word* transfer without a word; we refuse those with
// the error GNU means to give ("byte or halfword not valid for base register").
import type { AsmHooks, EncodeCtx, ThumbHandler } from '../context.ts';
import type { Expr, ParseContext } from '../expr.ts';
import { parseExpr } from '../expr.ts';
import type { TokenStream } from '../lexer.ts';
import { parseLiteralOrLabel, parseRegList, regNumber, shiftType, type LiteralOrLabel } from '../operands.ts';
import { BAD_HIREG, BAD_PC, BAD_SP, failAt, noNarrowForm, parseReg, parseThumbImm, type ImmOp } from './operands.ts';

type Address =
  | {
      readonly kind: 'mem';
      readonly rn: number;
      readonly rnCol: number;
      readonly imm?: ImmOp;
      readonly rm?: { readonly reg: number; readonly col: number; readonly negative: boolean };
      readonly shifted: boolean;
      readonly post: boolean;
      readonly writeback: boolean;
    }
  | LiteralOrLabel;

function parseOffset(ts: TokenStream, ctx: ParseContext): { imm?: ImmOp; rm?: { reg: number; col: number; negative: boolean }; shifted: boolean } {
  if (ts.isOp('#') || ts.isOp('$')) return { imm: parseThumbImm(ts, ctx), shifted: false };
  const negative = ts.accept('-');
  if (!negative) ts.accept('+');
  const t = ts.peek();
  const reg = t.kind === 'id' ? regNumber(t.text) : -1;
  if (reg < 0) return ts.fail('immediate expression requires a # prefix');
  ts.next();
  let shifted = false;
  if (ts.accept(',')) {
    const s = ts.next();
    if (s.kind !== 'id' || shiftType(s.text) === -1) ts.fail('shift expression expected', s);
    shifted = true;
    if (shiftType(s.text) !== 'rrx') parseThumbImm(ts, ctx);
  }
  return { rm: { reg, col: t.col, negative }, shifted };
}

function parseAddress(ts: TokenStream, ctx: ParseContext): Address {
  const direct = parseLiteralOrLabel(ts, ctx);
  if (direct) return direct;
  ts.next();
  const rnCol = ts.peek().col;
  const rn = parseReg(ts, 'base register');
  if (ts.accept(']')) {
    if (ts.accept('!')) return { kind: 'mem', rn, rnCol, shifted: false, post: false, writeback: true };
    if (ts.accept(',')) return { kind: 'mem', rn, rnCol, ...parseOffset(ts, ctx), post: true, writeback: false };
    return { kind: 'mem', rn, rnCol, shifted: false, post: false, writeback: false };
  }
  ts.expect(',', 'or ] in address');
  const off = parseOffset(ts, ctx);
  ts.expect(']', 'to close the address');
  return { kind: 'mem', rn, rnCol, ...off, post: false, writeback: ts.accept('!') };
}

/** Register-offset opcodes and immediate-offset opcodes with their scale, by mnemonic. */
const REG_FORM: Readonly<Record<string, number>> = {
  str: 0x5000, strh: 0x5200, strb: 0x5400, ldrsb: 0x5600, ldr: 0x5800, ldrh: 0x5a00, ldrb: 0x5c00, ldrsh: 0x5e00,
};
const IMM_FORM: Readonly<Record<string, { op: number; scale: number }>> = {
  str: { op: 0x6000, scale: 4 }, ldr: { op: 0x6800, scale: 4 }, strb: { op: 0x7000, scale: 1 },
  ldrb: { op: 0x7800, scale: 1 }, strh: { op: 0x8000, scale: 2 }, ldrh: { op: 0x8800, scale: 2 },
};

function offsetValue(ctx: EncodeCtx, imm: ImmOp | undefined): number {
  return imm ? ctx.abs(imm.expr, imm.col, 'offset') : 0;
}

/** [Rn, #imm] with Rn low: 5 bits scaled by the access size. */
function immediateForm(ctx: EncodeCtx, name: string, rd: number, rn: number, imm: ImmOp | undefined): number {
  const { op, scale } = IMM_FORM[name]!;
  const v = offsetValue(ctx, imm);
  if (v < 0 || v > 31 * scale || v % scale !== 0) {
    ctx.fail(imm?.col ?? ctx.pos.column, `invalid offset, value too big (${v}: ${scale === 1 ? '0..31' : `a multiple of ${scale} from 0 to ${31 * scale}`})`);
  }
  return op | rd | (rn << 3) | ((v / scale) << 6);
}

/** [SP, #imm] and [PC, #imm]: 8 bits scaled by 4. */
function spPcForm(ctx: EncodeCtx, op: number, rd: number, imm: ImmOp | undefined, pc: boolean): number {
  const v = offsetValue(ctx, imm);
  const col = imm?.col ?? ctx.pos.column;
  if (pc && v % 4 !== 0) ctx.fail(col, `invalid offset, target not word aligned (${v})`);
  if (v < 0 || v > 1020 || v % 4 !== 0) ctx.fail(col, `invalid offset, value too big (${v}: a multiple of 4 from 0 to 1020)`);
  return op | (rd << 8) | (v >> 2);
}

/**
 * A pc-relative load of a label or pool slot in this section: Align(pc + 4, 4) up to 1020 bytes
 * ahead, word-aligned (Thumb cannot load backwards).
 */
export function pcWordOffset(ctx: EncodeCtx, e: Expr, col: number, what: string): number {
  const target = ctx.target(e, col, null, what)!;
  const off = target - ((ctx.offset + 4) & ~3);
  if (off % 4 !== 0) ctx.fail(col, `invalid offset, target not word aligned (${what} at offset ${off} from Align(pc, 4))`);
  if (off < 0 || off > 1020) ctx.fail(col, `invalid offset, value too big (${what} at ${off} bytes from Align(pc, 4): 0..1020 allowed, forward only${what === 'literal' ? '; a literal pool may be too far away (use .ltorg)' : ''})`);
  return off >> 2;
}

const BYTE_HALF_BASE = 'byte or halfword not valid for base register (GNU as 2.40 emits a word transfer here)';

export const loadStore: ThumbHandler = (m, ts, pctx, hooks) => {
  const name = m.base;
  const load = name.startsWith('ldr');
  const word = name === 'ldr' || name === 'str';
  const signed = name === 'ldrsb' || name === 'ldrsh';
  const rdCol = ts.peek().col;
  const rd = parseReg(ts);
  ts.expect(',');
  const a = parseAddress(ts, pctx);
  ts.expectEnd();
  const literal = (e: Expr, col: number): { size: 2; encode: (ctx: EncodeCtx) => number } => {
    if (!load) failAt(ts, m.col, 'invalid pseudo operation (only loads take =literal)');
    const slot: Expr = { k: 'sym', ref: hooks.literal(e, col), col };
    return { size: 2, encode: (ctx) => 0x4800 | (rd << 8) | pcWordOffset(ctx, slot, col, 'literal') };
  };
  const label = (e: Expr, col: number): { size: 2; encode: (ctx: EncodeCtx) => number } => ({
    size: 2, encode: (ctx) => 0x4800 | (rd << 8) | pcWordOffset(ctx, e, col, 'load target'),
  });
  if (m.unified) {
    if (a.kind === 'literal') {
      if (!word || rd > 7) return noNarrowForm(m, ts);
      return literal(a.expr, a.col);
    }
    if (a.kind === 'label') {
      if (!load || !word || rd > 7) return noNarrowForm(m, ts);
      return label(a.expr, a.col);
    }
    if (a.writeback || a.shifted || a.post || a.rm?.negative || rd > 7) return noNarrowForm(m, ts);
    if (a.rm) {
      if (a.rn <= 7 && a.rm.reg <= 7) return { size: 2, encode: () => REG_FORM[name]! | rd | (a.rn << 3) | (a.rm!.reg << 6) };
      return noNarrowForm(m, ts);
    }
    if (a.rn <= 7 && !signed) return { size: 2, encode: (ctx) => immediateForm(ctx, name, rd, a.rn, a.imm) };
    if (a.rn === 15 && name === 'ldr') return { size: 2, encode: (ctx) => spPcForm(ctx, 0x4800, rd, a.imm, true) };
    if (a.rn === 13 && word) return { size: 2, encode: (ctx) => spPcForm(ctx, load ? 0x9800 : 0x9000, rd, a.imm, false) };
    return noNarrowForm(m, ts);
  }
  if (rd > 7) failAt(ts, rdCol, BAD_HIREG);
  if (signed) {
    if (a.kind === 'mem' && (a.rn > 7 || (a.rm?.reg ?? 0) > 7)) failAt(ts, a.rnCol, BAD_HIREG);
    if (a.kind !== 'mem' || !a.rm || a.post || a.shifted || a.rm.negative || a.writeback) {
      return failAt(ts, m.col, 'Thumb does not support this addressing mode (ldrsb/ldrsh take only [Rn, Rm])');
    }
    const rm = a.rm.reg;
    return { size: 2, encode: () => REG_FORM[name]! | rd | (a.rn << 3) | (rm << 6) };
  }
  if (a.kind === 'literal') {
    if (!word) failAt(ts, m.col, BYTE_HALF_BASE);
    return literal(a.expr, a.col);
  }
  if (a.kind === 'label') {
    if (!word) failAt(ts, m.col, BYTE_HALF_BASE);
    if (!load) failAt(ts, m.col, 'r15 based store not allowed');
    return label(a.expr, a.col);
  }
  if (a.post || a.shifted || a.writeback) return failAt(ts, m.col, 'Thumb does not support this addressing mode (no writeback, post-index or shift)');
  if (a.rn === 15 || a.rn === 13) {
    if (!word) failAt(ts, a.rnCol, BYTE_HALF_BASE);
    if (a.rn === 15 && !load) failAt(ts, a.rnCol, 'r15 based store not allowed');
    if (a.rm) failAt(ts, a.rm.col, 'invalid base register for register offset');
    if (a.rn === 15) return { size: 2, encode: (ctx) => spPcForm(ctx, 0x4800, rd, a.imm, true) };
    return { size: 2, encode: (ctx) => spPcForm(ctx, load ? 0x9800 : 0x9000, rd, a.imm, false) };
  }
  if (a.rn > 7) failAt(ts, a.rnCol, BAD_HIREG);
  if (!a.rm) return { size: 2, encode: (ctx) => immediateForm(ctx, name, rd, a.rn, a.imm) };
  if (a.rm.reg > 7) failAt(ts, a.rm.col, BAD_HIREG);
  if (a.rm.negative) failAt(ts, a.rm.col, 'Thumb does not support this addressing mode (no negative register offset)');
  const rm = a.rm.reg;
  return { size: 2, encode: () => REG_FORM[name]! | rd | (a.rn << 3) | (rm << 6) };
};

/** ADR Rd, label: ADD Rd, PC, #imm (Align(pc + 4, 4), forward, word-aligned; +1 for a Thumb function). */
export const adr: ThumbHandler = (_m, ts, pctx) => {
  const rdCol = ts.peek().col;
  const rd = parseReg(ts);
  ts.expect(',');
  ts.accept('#');
  const col = ts.peek().col;
  const e = parseExpr(ts, pctx);
  ts.expectEnd();
  if (rd === 15) failAt(ts, rdCol, BAD_PC);
  if (rd === 13) failAt(ts, rdCol, BAD_SP);
  return {
    size: 2,
    encode: (ctx) => {
      // GNU finds this when it applies the offset, after laying the instruction out.
      if (rd > 7) ctx.fail(rdCol, 'invalid Hi register with immediate');
      const target = ctx.target(e, col, null, 'adr target')!;
      // GNU adds 1 for a Thumb function, which can never be encoded (the offset must be a multiple of 4).
      const off = target - ((ctx.offset + 4) & ~3) + (ctx.functionKind(e) === 'thumb' ? 1 : 0);
      if (off < 0 || off > 1020 || off % 4 !== 0) {
        ctx.fail(col, `invalid immediate for address calculation (offset ${off}: a multiple of 4 from 0 to 1020 ahead of Align(pc, 4)${off % 4 !== 0 && ctx.functionKind(e) === 'thumb' ? '; a Thumb function adds 1' : ''})`);
      }
      return 0xa000 | (rd << 8) | (off >> 2);
    },
  };
};

function constantNow(hooks: AsmHooks, e: Expr): bigint | undefined {
  const v = hooks.tryValue(e);
  return v && v.base === null && !v.sub ? v.add : undefined;
}

function ldmList(ts: TokenStream, pctx: ParseContext, hooks: AsmHooks): number {
  const mask = parseRegList(ts, pctx, (e) => constantNow(hooks, e));
  if (ts.isOp('^')) ts.fail('Thumb load/store multiple does not support {reglist}^');
  ts.expectEnd();
  return mask;
}

/** LDMIA/STMIA Rn!, {list} (ldm, ldmfd, stm, stmea are the same); unified syntax narrows more. */
export const ldmStm: ThumbHandler = (m, ts, pctx, hooks) => {
  const load = m.base.startsWith('ldm');
  const rnCol = ts.peek().col;
  const rn = parseReg(ts, 'base register');
  const wb = ts.accept('!');
  ts.expect(',');
  const mask = ldmList(ts, pctx, hooks);
  const single = (mask & (mask - 1)) === 0;
  const bit = 1 << rn;
  if (m.unified) {
    if ((mask & ~0xff) === 0) {
      if (rn <= 7) {
        if (load ? wb === !(mask & bit) : wb) {
          return { size: 2, encode: (ctx) => {
            if (!load && mask & bit && mask & (bit - 1)) ctx.warn(rnCol, `value stored for r${rn} is UNKNOWN`);
            return (load ? 0xc800 : 0xc000) | (rn << 8) | mask;
          } };
        }
        if (single) {
          if (mask & bit && wb) failAt(ts, rnCol, 'having the base register in the register list when using write back is UNPREDICTABLE');
          return { size: 2, encode: () => (load ? 0x6800 : 0x6000) | (rn << 3) | (31 - Math.clz32(mask)) };
        }
      } else if (rn === 13) {
        if (wb) return { size: 2, encode: () => (load ? 0xbc00 : 0xb400) | mask };
        if (single) return { size: 2, encode: () => (load ? 0x9800 : 0x9000) | ((31 - Math.clz32(mask)) << 8) };
      }
    }
    return noNarrowForm(m, ts);
  }
  if (rn > 7 || mask & ~0xff) failAt(ts, rnCol, BAD_HIREG);
  return {
    size: 2,
    encode: (ctx) => {
      if (!load) {
        if (!wb) ctx.warn(rnCol, 'this instruction will write back the base register');
        if (mask & bit && mask & (bit - 1)) ctx.warn(rnCol, `value stored for r${rn} is UNKNOWN`);
      } else if (!wb && !(mask & bit)) ctx.warn(rnCol, 'this instruction will write back the base register');
      else if (wb && mask & bit) ctx.warn(rnCol, 'this instruction will not write back the base register');
      return (load ? 0xc800 : 0xc000) | (rn << 8) | mask;
    },
  };
};

/** PUSH {r0-r7, lr} / POP {r0-r7, pc}. */
export const pushPop: ThumbHandler = (m, ts, pctx, hooks) => {
  const push = m.base === 'push';
  const mask = parseRegList(ts, pctx, (e) => constantNow(hooks, e));
  if (ts.isOp('^')) ts.fail('push/pop do not support {reglist}^');
  ts.expectEnd();
  const op = push ? 0xb400 : 0xbc00;
  if ((mask & ~0xff) === 0) return { size: 2, encode: () => op | mask };
  if ((mask & ~0xff) === 1 << (push ? 14 : 15)) return { size: 2, encode: () => op | 0x100 | (mask & 0xff) };
  if (m.unified) return noNarrowForm(m, ts);
  return failAt(ts, m.col, `invalid register list to push/pop instruction (r0-r7${push ? ' and lr' : ' and pc'} only)`);
};

