// The mutation suite on the real kernel, second half (split so the halves run in parallel), and
// the check that the suite as a whole exercises every rule of the checkers.
import { describe, expect, it } from 'vitest';
import { RULES, type RuleName } from '../../testbench/checkers/config.ts';
import { KERNEL_MUTANTS } from './kernel-mutants.ts';
import { checkMutant } from './kernel-mutants-run.ts';

const mine = KERNEL_MUTANTS.slice(Math.ceil(KERNEL_MUTANTS.length / 2));

describe('broken kernels are caught from the data (2)', () => {
  it.each(mine.map((m) => [m.name, m] as const))('%s', async (_, m) => {
    await checkMutant(m);
  }, 120_000);

  it('the mutants together exercise every rule of the checkers', () => {
    const covered = new Set<RuleName>(KERNEL_MUTANTS.flatMap((m) => m.rules));
    expect(RULES.filter((r) => !covered.has(r))).toEqual([]);
  });
});
