// Expressions with GNU as operator precedence (highest first): unary; * / % << >>; | & ^ !;
// + -; == != <> < > <= >=; &&; ||. Comparisons yield -1 for true, as GNU as does. (This differs
// from C: in GNU as '|' binds tighter than '+', and '<<' as tight as '*'.)
// A value is a 64-bit integer plus an optional base (a section or an undefined symbol).
import { AsmError, type SourcePos } from '../errors.ts';
import type { Token, TokenStream } from './lexer.ts';

export type Base = { readonly kind: 'sec'; readonly section: string } | { readonly kind: 'ext'; readonly name: string };

export interface Value {
  readonly add: bigint;
  readonly base: Base | null;
}

export type Expr =
  | { readonly k: 'num'; readonly v: bigint }
  | { readonly k: 'val'; readonly v: Value }
  | { readonly k: 'sym'; readonly name: string; readonly col: number }
  | { readonly k: 'un'; readonly op: string; readonly e: Expr; readonly col: number }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr; readonly col: number };

export interface ParseContext {
  /** Maps a numeric local label reference token ("1b", "2f") to a symbol name. */
  localRef(tok: Token): string;
  /** Value of '.' at this statement. */
  dot(): Value;
}

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
    const r = parseLevel(ts, ctx, level + 1, depth);
    l = { k: 'bin', op: t.text, l, r, col: t.col };
  }
}

function parseUnary(ts: TokenStream, ctx: ParseContext, depth: number): Expr {
  if (depth > 200) ts.fail('expression nested too deeply');
  const t = ts.peek();
  if (t.kind === 'op' && (t.text === '-' || t.text === '~' || t.text === '!' || t.text === '+')) {
    ts.next();
    const e = parseUnary(ts, ctx, depth + 1);
    return t.text === '+' ? e : { k: 'un', op: t.text, e, col: t.col };
  }
  if (t.kind === 'op' && t.text === '(') {
    ts.next();
    const e = parseLevel(ts, ctx, 0, depth + 1);
    ts.expect(')', 'to close the parenthesis');
    return e;
  }
  if (t.kind === 'num') {
    ts.next();
    return { k: 'num', v: t.num };
  }
  if (t.kind === 'local') {
    ts.next();
    return { k: 'sym', name: ctx.localRef(t), col: t.col };
  }
  if (t.kind === 'id') {
    ts.next();
    if (t.text === '.') return { k: 'val', v: ctx.dot() };
    return { k: 'sym', name: t.text, col: t.col };
  }
  if (t.kind === 'eof') ts.fail('missing expression');
  return ts.fail(`bad expression at '${t.text}'`);
}

export type Resolver = (name: string) => Value | undefined;

const M64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const TRUE = -1n;

/**
 * Evaluates an expression. `resolve` returns undefined for symbols not defined yet: in non-final
 * mode that throws Unresolved; in final mode such symbols become external bases.
 */
export function evaluate(e: Expr, resolve: Resolver, final: boolean, pos: SourcePos): Value {
  switch (e.k) {
    case 'num':
      return { add: M64(e.v), base: null };
    case 'val':
      return e.v;
    case 'sym': {
      const v = resolve(e.name);
      if (v !== undefined) return v;
      if (!final) throw new Unresolved(e.name);
      return { add: 0n, base: { kind: 'ext', name: e.name } };
    }
    case 'un': {
      const v = evaluate(e.e, resolve, final, pos);
      if (v.base !== null) throw new AsmError({ ...pos, column: e.col }, `operator '${e.op}' needs an absolute operand`);
      const a = v.add;
      const r = e.op === '-' ? -a : e.op === '~' ? ~a : a === 0n ? 1n : 0n;
      return { add: M64(r), base: null };
    }
    case 'bin': {
      const l = evaluate(e.l, resolve, final, pos);
      const r = evaluate(e.r, resolve, final, pos);
      const at = { ...pos, column: e.col };
      if (e.op === '+') {
        if (l.base && r.base) throw new AsmError(at, 'cannot add two relocatable values');
        return { add: M64(l.add + r.add), base: l.base ?? r.base };
      }
      if (e.op === '-') {
        if (r.base) {
          if (l.base && sameBase(l.base, r.base)) return { add: M64(l.add - r.add), base: null };
          throw new AsmError(at, 'cannot subtract values in different sections');
        }
        return { add: M64(l.add - r.add), base: l.base };
      }
      if (l.base || r.base) {
        // Comparisons between values in one section are well defined; everything else is not.
        if (l.base && r.base && sameBase(l.base, r.base) && ['==', '!=', '<>', '<', '>', '<=', '>='].includes(e.op)) {
          return { add: compare(e.op, l.add, r.add), base: null };
        }
        throw new AsmError(at, `operator '${e.op}' needs absolute operands`);
      }
      return { add: binop(e.op, l.add, r.add, at), base: null };
    }
  }
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

function binop(op: string, a: bigint, b: bigint, at: SourcePos): bigint {
  switch (op) {
    case '*': return M64(a * b);
    case '/':
    case '%':
      if (b === 0n) throw new AsmError(at, 'division by zero');
      return M64(op === '/' ? a / b : a % b);
    case '<<': return b < 0n || b > 63n ? 0n : M64(a << b);
    case '>>': return b < 0n || b > 63n ? 0n : M64(BigInt.asUintN(64, a) >> b);
    case '|': return a | b;
    case '&': return a & b;
    case '^': return a ^ b;
    case '!': return M64(a | ~b);
    case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
    case '||': return a !== 0n || b !== 0n ? 1n : 0n;
    default: return compare(op, a, b);
  }
}
