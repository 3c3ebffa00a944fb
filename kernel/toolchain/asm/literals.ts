// What GNU as accepts after `ldr rX, =` and when it reuses a pool slot. The expression must be, when
// the load is assembled, a constant or one symbol plus a constant (GNU folds `X + N` with N a known
// constant into that form; `X + Y` of two symbols not yet defined is its "syntax error"). A slot is
// reused only for the same constant (64-bit value and signedness: `=-5` and `=0xfffffffb` get two
// slots) or the same symbol plus the same addend (`=X+1`, `=1+X` and `=X+N` with N = 1 share one);
// `.` is a new symbol each time it is written, so `=.` never shares.
import type { Expr, Value } from './expr.ts';

/** The reuse key of a literal, 'unique' when it never shares a slot, null when GNU rejects it. */
export function literalKey(expr: Expr, tryConst: (e: Expr) => Value | undefined): string | 'unique' | null {
  const v = tryConst(expr);
  if (v && v.base === null) return `c${v.add}${v.signed ? 's' : 'u'}`;
  const s = symbolic(expr, tryConst);
  if (!s) return null;
  return s.id === null ? 'unique' : `s${s.id}:${s.add}`;
}

/** The expression as symbol + constant (id null: the location counter). */
function symbolic(e: Expr, tryConst: (e: Expr) => Value | undefined): { id: number | null; add: bigint } | null {
  const constant = (x: Expr): bigint | undefined => {
    const v = tryConst(x);
    return v && v.base === null ? v.add : undefined;
  };
  if (e.k === 'sym') return { id: e.ref.id, add: 0n };
  if (e.k === 'val') return e.v.base === null ? null : { id: null, add: e.v.add };
  if (e.k !== 'bin' || (e.op !== '+' && e.op !== '-')) return null;
  const rc = constant(e.r);
  if (rc !== undefined) {
    const l = symbolic(e.l, tryConst);
    return l && { id: l.id, add: BigInt.asIntN(64, e.op === '+' ? l.add + rc : l.add - rc) };
  }
  const lc = e.op === '+' ? constant(e.l) : undefined;
  if (lc === undefined) return null;
  const r = symbolic(e.r, tryConst);
  return r && { id: r.id, add: BigInt.asIntN(64, r.add + lc) };
}
