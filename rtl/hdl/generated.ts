// Generated code (new Function), cached by its text: designs built alike get the same function
// object, so V8 compiles and optimises it once for all of them (the simulator's phase functions,
// bundle copies).
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
