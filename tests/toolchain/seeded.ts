// Seeded sampling for golden suites: one GNU invocation per sample, so no shrinking; a failure
// names the seed (replay with HANDOFF_SEED=<seed>).
import fc from 'fast-check';

export function seededSamples<T>(arb: fc.Arbitrary<T>, runs: number): { seed: number; samples: T[] } {
  const env = process.env.HANDOFF_SEED;
  const seed = env !== undefined ? Number(env) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  return { seed, samples: fc.sample(arb, { seed, numRuns: runs }) };
}

export function withSeed(seed: number, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof Error) e.message = `[seed ${seed}; replay with HANDOFF_SEED=${seed}] ${e.message}`;
    throw e;
  }
}
