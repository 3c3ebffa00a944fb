// Generated code (new Function). Shared: cached by its text, so designs built alike get the same
// function object and V8 compiles and optimises it once for all of them (short runs). Own: a long
// run's, made for one design alone (a tag in its text keeps even V8's eval cache from sharing it),
// the only closure of its code, so V8 optimises it with its context (slot arrays, modules) as
// constants (rtl/hdl/specialize.ts).
const cache = new Map<string, unknown>();

/** `new Function(...params, body)`, made once per parameter list and body. */
export function generatedFunction<F>(params: readonly string[], body: string): F {
  const key = `${params.join(',')}\n${body}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Function(...params, body);
    cache.set(key, f);
  }
  return f as F;
}

/** `new Function(...params, body)` made afresh, `tag` in its text (never cached: one design's own code). */
export function ownFunction<F>(params: readonly string[], body: string, tag: string): F {
  return new Function(...params, `// ${tag.replace(/[\r\n]/g, ' ')}\n${body}`) as F;
}

/** Slot-bound helpers a design's modules hold (bundle copies, record drivers): specializeDesign gives each its own code. */
export interface OwnCode {
  makeOwn(tag: string): void;
}

export function hasOwnCode(x: unknown): x is OwnCode {
  return typeof x === 'object' && x !== null && typeof (x as { makeOwn?: unknown }).makeOwn === 'function';
}
