// The mutation suite on the real kernel, first half (split so the halves run in parallel): every
// broken kernel of kernel-mutants.ts is caught online and on the VCD, with the evidence at the
// right cycle, by exactly the rules it breaks; and the unmodified kernel passes.
import { describe, expect, it } from 'vitest';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { KERNEL_MUTANTS } from './kernel-mutants.ts';
import { checkMutant, MUTANT_BASE } from './kernel-mutants-run.ts';

const mine = KERNEL_MUTANTS.slice(0, Math.ceil(KERNEL_MUTANTS.length / 2));

describe('broken kernels are caught from the data (1)', () => {
  it('the unmodified kernel passes, with the programs reporting success', async () => {
    const r = await runIpcScenario(MUTANT_BASE);
    expect(r.report.failures).toEqual([]);
    expect(r.report.verdict).toBe('pass');
    expect(r.outcome.ok).toBe(true);
  }, 120_000);

  it.each(mine.map((m) => [m.name, m] as const))('%s', async (_, m) => {
    await checkMutant(m);
  }, 120_000);
});
