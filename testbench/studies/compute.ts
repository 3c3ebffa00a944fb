// Compute one point (or take it from the cache) and store it: the unit of work of the pool, of
// `--point` on the command line and of a job on another machine.
import { ResultCache, type PointResult } from './cache.ts';
import { sealResult } from './result-schema.ts';
import { pointHash, validatePoint } from './point.ts';
import { runPoint } from './run-point.ts';

/** `hash` given: the caller's (a pool worker must store under its parent's hash even if a source changed since). */
export async function computePoint(raw: unknown, cache: ResultCache, given?: string): Promise<{ result: PointResult; cached: boolean }> {
  const point = validatePoint(raw);
  const hash = given ?? pointHash(point);
  const hit = cache.get(hash);
  if (hit) return { result: hit, cached: true };
  const outcome = await runPoint(point);
  const result = sealResult({ hash, point, ...outcome });
  cache.put(result); // validated against the schema: a bad metric is an error, never stored
  return { result, cached: false };
}
