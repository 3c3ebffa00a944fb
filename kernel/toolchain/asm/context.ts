// The interface between the assembler driver and the per-class instruction encoders.
// Encoders parse their operands once (local labels resolve at parse time) and return an
// Encoder closure that the driver runs immediately, or again at the end of the file when an
// operand referred to a symbol defined later.
import type { SourcePos } from '../errors.ts';
import type { RelocKind } from '../object.ts';
import type { Expr, ParseContext, Value } from './expr.ts';
import type { TokenStream } from './lexer.ts';
import type { RelocSuffix } from './relocsuffix.ts';
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
   * records a relocation of `kind` and returns null so the encoder writes a zero field, or, with
   * no kind, fails naming `what`.
   */
  pcrel(e: Expr, col: number, kind: RelocKind | null, what?: string): number | null;
  /**
   * The target's offset in this section when it lies here; otherwise (final pass only) records a
   * relocation of `kind` and returns null, or, with no kind, fails naming `what`. Thumb encoders
   * compute their own pc from it.
   */
  target(e: Expr, col: number, kind: RelocKind | null, what?: string): number | null;
  /** 'thumb'/'arm' when `e` names a function of that state defined in this section (interworking). */
  functionKind(e: Expr): 'thumb' | 'arm' | null;
  /** The architecture has BLX (ARMv5T and later; `.arch armv4t` has not): calls may change state. */
  readonly blx: boolean;
  /** The selected architecture's Tag_CPU_arch (4 ARMv5TE, 5 ARMv5TEJ, ...). */
  readonly archLevel: number;
  /** BX before ARMv5: GNU marks it with R_ARM_V4BX (so a linker can make it MOV PC for ARMv4). */
  markV4bx(): void;
  /**
   * Leaves a branch to the function `e` (of this section) to the linker: a relocation of `kind`
   * against the function's symbol, as GNU as does for interworking it cannot do itself.
   */
  forceReloc(e: Expr, col: number, kind: RelocKind): void;
  /**
   * A relocation from a suffix or group operator (`blx f(tlscall)`, `#:pc_g0:f`) at this
   * instruction (final pass only); returns the addend (the offset from the symbol).
   */
  suffixReloc(e: Expr, col: number, reloc: RelocSuffix): number;
  fail(col: number, problem: string): never;
  /** A GNU-compatible warning at a column of this statement. */
  warn(col: number, message: string): void;
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

/** ARM statements of other than one word: IT in ARM state (none), ADRL (two). */
export interface MultiWord {
  readonly words: 0 | 2;
  readonly encode: (ctx: EncodeCtx) => readonly number[];
}

export type InsnHandler = (m: Mnemonic, ts: TokenStream, pctx: ParseContext, hooks: AsmHooks) => Encoder | MultiWord;

/** A Thumb instruction: 2 bytes, or 4 (BL/BLX: the first halfword in bits 31..16 of the value). */
export interface ThumbEncoding {
  readonly size: 2 | 4;
  readonly encode: Encoder;
}

/** A Thumb mnemonic as written: GNU's unified syntax changes which forms are accepted. */
export interface ThumbMnemonic extends Mnemonic {
  /** The flag-setting spelling (adds, movs, ...) was written. */
  readonly s: boolean;
  readonly unified: boolean;
  /** Width suffix written: .n (2) or .w (4); unified syntax only. */
  readonly width: 0 | 2 | 4;
}

export type ThumbHandler = (m: ThumbMnemonic, ts: TokenStream, pctx: ParseContext, hooks: AsmHooks) => ThumbEncoding;
