// Seeded sampling for golden suites: one GNU invocation per sample, so no shrinking; a failure
// names the seed (replay with HANDOFF_SEED=<seed>).
import fc from 'fast-check';
import { TEST_SEED } from '../support/seed.ts';

export function seededSamples<T>(arb: fc.Arbitrary<T>, runs: number): { seed: number; samples: T[] } {
  const seed = TEST_SEED;
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
