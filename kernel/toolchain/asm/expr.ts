// Expressions with GNU as operator precedence (highest first): unary; * / % << >>; | & ^ !;
// + -; == != <> < > <= >=; &&; ||. Comparisons yield -1 for true, as GNU as does. (This differs
// from C: in GNU as '|' binds tighter than '+', and '<<' as tight as '*'.)
// A value is a 64-bit integer plus an optional base (a section or an undefined symbol). Symbols are
// bound when the expression is parsed (see symbols.ts). Numbers beyond 64 bits are GNU "bignums":
// only data directives take them (truncated, with GNU's warning); an operator ignores them (0, with
// GNU's warning).
import { AsmError, type SourcePos } from '../errors.ts';
import type { Token, TokenStream } from './lexer.ts';
import type { SymRef } from './symbols.ts';

export type Base = { readonly kind: 'sec'; readonly section: string } | { readonly kind: 'ext'; readonly name: string };

export interface Value {
  readonly add: bigint;
  readonly base: Base | null;
  /** GNU's X_unsigned cleared: the constant went through a unary minus (literal pools key on it). */
  readonly signed?: boolean;
  /** A bignum (more than 64 bits), kept at full precision. */
  readonly big?: boolean;
  /**
   * Subtracted address of another section than `base`'s (`X - .`, `ext - label`): only a data word
   * in that section can hold it, as a pc-relative relocation (R_ARM_REL32), as in GNU as.
   */
  readonly sub?: Base;
}

export type Expr =
  | { readonly k: 'num'; readonly v: bigint; readonly big?: boolean }
  | { readonly k: 'val'; readonly v: Value }
  | { readonly k: 'sym'; readonly ref: SymRef; readonly col: number }
  | { readonly k: 'un'; readonly op: string; readonly e: Expr; readonly col: number }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr; readonly col: number };

export interface ParseContext {
  /** Binds a numeric local label reference token ("1b", "2f"). */
  localRef(tok: Token): SymRef;
  /** Binds a symbol name as written now. */
  symbol(name: string): SymRef;
  /** A `.eqv` symbol's expression with its symbols bound as written now (GNU re-evaluates it at each use). */
  eqv?(name: string, col: number): Expr | undefined;
  /** Value of '.' at this statement. */
  dot(): Value;
  /** Reports a GNU-compatible warning at a column of the statement. */
  warn(col: number, message: string): void;
}

const BIG = 1n << 64n;
const isBig = (e: Expr): boolean => e.k === 'num' && e.big === true;

/**
 * Thrown while evaluating when a symbol is not (yet) defined and the evaluation is not final.
 * Deliberately not an Error: it is control flow, thrown often, and needs no stack trace.
 */
export class Unresolved {
  constructor(readonly symbol: string) {}
}

const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!=', '<>', '<', '>', '<=', '>='],
  ['+', '-'],
  ['|', '&', '^', '!'],
  ['*', '/', '%', '<<', '>>'],
];

export function parseExpr(ts: TokenStream, ctx: ParseContext): Expr {
  return parseLevel(ts, ctx, 0, 0);
}

function parseLevel(ts: TokenStream, ctx: ParseContext, level: number, depth: number): Expr {
  if (level >= LEVELS.length) return parseUnary(ts, ctx, depth);
  let l = parseLevel(ts, ctx, level + 1, depth);
  const ops = LEVELS[level]!;
  for (;;) {
    const t = ts.peek();
    if (t.kind !== 'op' || !ops.includes(t.text)) return l;
    ts.next();
    // GNU as reads `!!` (spaces allowed between) as exclusive or, not `!` (or-not) of `!x`.
    const xor = t.text === '!' && ts.isOp('!');
    if (xor) ts.next();
    let r = parseLevel(ts, ctx, level + 1, depth);
    // GNU as drops a bignum operand of a binary operator, with a warning.
    if (isBig(l)) {
      ctx.warn(t.col, 'left operand is a bignum; integer 0 assumed');
      l = { k: 'num', v: 0n };
    }
    if (isBig(r)) {
      ctx.warn(t.col, 'right operand is a bignum; integer 0 assumed');
      r = { k: 'num', v: 0n };
    }
    l = { k: 'bin', op: xor ? '^' : t.text, l, r, col: t.col };
  }
}

function parseUnary(ts: TokenStream, ctx: ParseContext, depth: number): Expr {
  if (depth > 200) ts.fail('expression nested too deeply');
  const t = ts.peek();
  if (t.kind === 'op' && (t.text === '-' || t.text === '~' || t.text === '!' || t.text === '+')) {
    ts.next();
    const e = parseUnary(ts, ctx, depth + 1);
    if (t.text === '+') return e;
    // A negated or complemented bignum stays a bignum (as in GNU as).
    if (e.k === 'num' && e.big && t.text !== '!') return { k: 'num', v: t.text === '-' ? -e.v : ~e.v, big: true };
    return { k: 'un', op: t.text, e, col: t.col };
  }
  if (t.kind === 'op' && t.text === '(') {
    ts.next();
    const e = parseLevel(ts, ctx, 0, depth + 1);
    ts.expect(')', 'to close the parenthesis');
    return e;
  }
  if (t.kind === 'num') {
    ts.next();
    return t.num >= BIG ? { k: 'num', v: t.num, big: true } : { k: 'num', v: t.num };
  }
  if (t.kind === 'local') {
    ts.next();
    return { k: 'sym', ref: ctx.localRef(t), col: t.col };
  }
  if (t.kind === 'id') {
    ts.next();
    if (t.text === '.') return { k: 'val', v: ctx.dot() };
    return ctx.eqv?.(t.text, t.col) ?? { k: 'sym', ref: ctx.symbol(t.text), col: t.col };
  }
  if (t.kind === 'eof') ts.fail('missing expression');
  return ts.fail(`bad expression at '${t.text}'`);
}

/** What evaluation needs from the assembler: symbol values and a place for warnings. */
export interface EvalEnv {
  /** The value of a binding, or undefined while it is not defined. */
  resolve(ref: SymRef): Value | undefined;
  warn(pos: SourcePos, message: string): void;
}

const M64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const TRUE = -1n;

/**
 * Evaluates an expression. `resolve` returns undefined for symbols not defined yet: in non-final
 * mode that throws Unresolved; in final mode such symbols become external bases.
 */
export function evaluate(e: Expr, env: EvalEnv, final: boolean, pos: SourcePos): Value {
  switch (e.k) {
    case 'num':
      return e.big ? { add: e.v, base: null, big: true } : { add: M64(e.v), base: null };
    case 'val':
      return e.v;
    case 'sym': {
      const v = env.resolve(e.ref);
      // A symbol's value is unsigned in GNU as, whatever expression defined it.
      if (v !== undefined) return v.signed ? { add: v.add, base: v.base } : v;
      if (!final) throw new Unresolved(e.ref.name);
      return { add: 0n, base: { kind: 'ext', name: e.ref.name } };
    }
    case 'un': {
      const v = evaluate(e.e, env, final, pos);
      if (v.base !== null) {
        const what = v.base.kind === 'ext' ? `symbol '${v.base.name}' is not defined` : 'the operand is an address';
        throw new AsmError({ ...pos, column: e.col }, `operator '${e.op}' needs a constant operand (${what})`);
      }
      const a = v.add;
      if (e.op === '-') return { add: M64(-a), base: null, signed: true };
      if (e.op === '~') return v.signed ? { add: M64(~a), base: null, signed: true } : { add: M64(~a), base: null };
      return { add: a === 0n ? 1n : 0n, base: null };
    }
    case 'bin': {
      const l = evaluate(e.l, env, final, pos);
      const r = evaluate(e.r, env, final, pos);
      const at = { ...pos, column: e.col };
      const signed = l.signed || r.signed ? { signed: true } : {};
      if (l.sub || r.sub) {
        // X - Y (+/- constants) is all that a pc-relative data word can hold.
        if ((e.op === '+' || e.op === '-') && !r.base && !r.sub) return { add: M64(e.op === '+' ? l.add + r.add : l.add - r.add), base: l.base, sub: l.sub! };
        if (e.op === '+' && !l.base && !l.sub) return { add: M64(l.add + r.add), base: r.base, sub: r.sub! };
        throw new AsmError(at, `operator '${e.op}' cannot combine a difference of addresses in different sections with anything but a constant`);
      }
      if (e.op === '+') {
        if (l.base && r.base) throw new AsmError(at, `cannot add two addresses (${describe(l.base)} + ${describe(r.base)})`);
        return { add: M64(l.add + r.add), base: l.base ?? r.base, ...signed };
      }
      if (e.op === '-') {
        if (r.base) {
          if (l.base && sameBase(l.base, r.base)) return { add: M64(l.add - r.add), base: null };
          if (!l.base) throw new AsmError(at, `cannot subtract an address (${describe(r.base)}) from a constant`);
          // Resolved where it is used: a data word in the section of Y becomes X - P + constant.
          return { add: M64(l.add - r.add), base: l.base, sub: r.base };
        }
        return { add: M64(l.add - r.add), base: l.base, ...signed };
      }
      if (l.base || r.base) {
        // Comparisons between values in one section are well defined; everything else is not.
        if (l.base && r.base && sameBase(l.base, r.base) && ['==', '!=', '<>', '<', '>', '<=', '>='].includes(e.op)) {
          return { add: compare(e.op, l.add, r.add), base: null };
        }
        const b = (l.base ?? r.base)!;
        const what = b.kind === 'ext' ? `symbol '${b.name}' is not defined` : `${describe(b)} is an address`;
        throw new AsmError(at, `operator '${e.op}' needs constant operands (${what})`);
      }
      return { add: binop(e.op, l.add, r.add, at, env), base: null, ...signed };
    }
  }
}

export function describe(b: Base): string {
  return b.kind === 'sec' ? `section ${b.section}` : `undefined symbol '${b.name}'`;
}

function sameBase(a: Base, b: Base): boolean {
  return a.kind === 'sec' ? b.kind === 'sec' && a.section === b.section : b.kind === 'ext' && a.name === b.name;
}

function compare(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '==': return a === b ? TRUE : 0n;
    case '!=': case '<>': return a !== b ? TRUE : 0n;
    case '<': return a < b ? TRUE : 0n;
    case '>': return a > b ? TRUE : 0n;
    case '<=': return a <= b ? TRUE : 0n;
    default: return a >= b ? TRUE : 0n;
  }
}

function binop(op: string, a: bigint, b: bigint, at: SourcePos, env: EvalEnv): bigint {
  switch (op) {
    case '*': return M64(a * b);
    case '/':
    case '%':
      if (b === 0n) throw new AsmError(at, 'division by zero');
      return M64(op === '/' ? a / b : a % b);
    case '<<':
    case '>>':
      if (b < 0n || b > 63n) {
        env.warn(at, `shift count out of range (${b} is not between 0 and 63)`);
        return 0n;
      }
      return op === '<<' ? M64(a << b) : M64(BigInt.asUintN(64, a) >> b);
    case '|': return a | b;
    case '&': return a & b;
    case '^': return a ^ b;
    case '!': return M64(a | ~b);
    case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
    case '||': return a !== 0n || b !== 0n ? 1n : 0n;
    default: return compare(op, a, b);
  }
}
