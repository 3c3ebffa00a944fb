// The interface between the assembler driver and the per-class instruction encoders.
// Encoders parse their operands once (local labels resolve at parse time) and return an
// Encoder closure that the driver runs immediately, or again at the end of the file when an
// operand referred to a symbol defined later.
import type { SourcePos } from '../errors.ts';
import type { RelocKind } from '../object.ts';
import type { Expr, ParseContext, Value } from './expr.ts';
import type { TokenStream } from './lexer.ts';
import type { SymRef } from './symbols.ts';

export interface EncodeCtx {
  readonly pos: SourcePos;
  readonly final: boolean;
  readonly section: string;
  /** Offset of the instruction in its section. */
  readonly offset: number;
  value(e: Expr): Value;
  /** An absolute value; relocatable values are an error naming `what`. */
  abs(e: Expr, col: number, what: string): number;
  /**
   * target - (address + 8) when the target lies in this section; otherwise (final pass only)
   * records a relocation of `kind` and returns null so the encoder writes a zero field.
   */
  pcrel(e: Expr, col: number, kind: RelocKind): number | null;
  fail(col: number, problem: string): never;
}

export type Encoder = (ctx: EncodeCtx) => number;

export interface Mnemonic {
  readonly name: string;
  readonly base: string;
  readonly cond: number;
  readonly suffix: string;
  /** Condition written explicitly. */
  readonly hasCond: boolean;
  readonly col: number;
}

export interface AsmHooks {
  /** Allocates (or reuses) a literal pool slot for `expr` and returns its label. */
  literal(expr: Expr, col: number): SymRef;
  /** Evaluates now if possible (non-final): undefined when a symbol is not yet defined. */
  tryValue(expr: Expr): Value | undefined;
}

export type InsnHandler = (m: Mnemonic, ts: TokenStream, pctx: ParseContext, hooks: AsmHooks) => Encoder;
