// Thumb operand lists as GNU as reads them: registers (with an optional shift), immediates (which
// need '#' or '$', unlike a few ARM forms), and the messages GNU gives for the common refusals.
import { AsmError } from '../../errors.ts';
import type { Expr, ParseContext } from '../expr.ts';
import { parseExpr } from '../expr.ts';
import type { Token, TokenStream } from '../lexer.ts';
import type { ThumbMnemonic } from '../context.ts';
import { parseReg, regNumber, shiftType, tryReg, type ShiftType } from '../operands.ts';

export const BAD_HIREG = 'lo register required';
export const BAD_THUMB32 = 'instruction not supported in Thumb16 mode';
export const BAD_PC = 'r15 not allowed here';
export const BAD_SP = 'r13 not allowed here';

export interface ImmOp {
  readonly kind: 'imm';
  readonly expr: Expr;
  readonly col: number;
}

export interface RegOp {
  readonly kind: 'reg';
  readonly reg: number;
  readonly col: number;
  /** ", lsl #n" (amount) or ", lsl rN" (reg) after the register. */
  readonly shift?: { readonly type: ShiftType | 'rrx'; readonly amount?: ImmOp; readonly reg?: number };
}

export type Operand = RegOp | ImmOp;

/** '#expr' or '$expr' (GNU requires the prefix for Thumb immediates). */
export function parseThumbImm(ts: TokenStream, ctx: ParseContext): ImmOp {
  if (!ts.accept('#') && !ts.accept('$')) ts.fail('immediate expression requires a # prefix');
  const col = ts.peek().col;
  return { kind: 'imm', expr: parseExpr(ts, ctx), col };
}

function parseShiftOf(ts: TokenStream, ctx: ParseContext): RegOp['shift'] {
  const t = ts.next();
  const type = shiftType(t.text);
  if (type === -1) return ts.fail('shift expression expected', t);
  if (type === 'rrx') return { type };
  const r = tryReg(ts);
  if (r >= 0) return { type, reg: r };
  return { type, amount: parseThumbImm(ts, ctx) };
}

/**
 * A comma-separated list of registers and immediates; "rN, <shift>" makes one shifted register
 * operand. `expectShift` is true after a register when a non-register follows without '#'.
 */
export function parseOperands(ts: TokenStream, ctx: ParseContext): Operand[] {
  const ops: Operand[] = [];
  for (;;) {
    const t = ts.peek();
    const r = t.kind === 'id' ? regNumber(t.text) : -1;
    if (r >= 0) {
      ts.next();
      ops.push({ kind: 'reg', reg: r, col: t.col });
    } else if (ts.isOp('#') || ts.isOp('$')) {
      ops.push(parseThumbImm(ts, ctx));
    } else if (ops.length > 0 && ops[ops.length - 1]!.kind === 'reg') {
      // After a register, anything but a register or an immediate must be a shift.
      const prev = ops.pop() as RegOp;
      if (t.kind !== 'id' || shiftType(t.text) === -1) ts.fail('shift expression expected');
      ops.push({ ...prev, shift: parseShiftOf(ts, ctx) });
    } else {
      ts.fail(t.kind === 'eof' ? 'missing operand' : 'immediate expression requires a # prefix');
    }
    if (!ts.accept(',')) break;
  }
  ts.expectEnd();
  return ops;
}

/** The register of operand `i`, or a GNU-style error. */
export function regAt(ts: TokenStream, ops: readonly Operand[], i: number): RegOp {
  const o = ops[i];
  if (!o || o.kind !== 'reg') return ts.fail('ARM register expected');
  return o;
}

export function tokenAt(ts: TokenStream, col: number): Token {
  return ts.toks.find((t) => t.col === col) ?? ts.peek();
}

/**
 * GNU as on ARMv5TE asks every Thumb instruction except BL/BLX for its 16-bit form: when unified
 * syntax has none, the error is "cannot honor width suffix" (or, for .w, the Thumb-2 refusal).
 */
export function noNarrowForm(m: ThumbMnemonic, ts: TokenStream): never {
  if (m.width === 4) return failAt(ts, m.col, `selected processor does not support '${m.name}' in Thumb-2 mode (ARMv5TE has no 32-bit Thumb instructions but BL/BLX)`);
  return failAt(ts, m.col, 'cannot honor width suffix: no 16-bit Thumb encoding for these operands (ARMv5TE has no 32-bit ones but BL/BLX)');
}

/** Divided syntax knows only the 16-bit mnemonics without 's' (movs, cmps, tsts, cmns aside). */
export function rejectFlagSpelling(m: ThumbMnemonic, ts: TokenStream): void {
  if (!m.unified && m.s) failAt(ts, m.col, `${BAD_THUMB32}: divided syntax writes '${m.base}' (the 's' spelling is unified syntax)`);
}

/** An error at a column of the statement (the mnemonic's, usually). */
export function failAt(ts: TokenStream, col: number, problem: string): never {
  throw new AsmError({ file: ts.pos.file, line: ts.pos.line, column: col }, problem);
}

export { parseReg, tryReg };
