// The message view's IPC states (rendezvous.ts) against the kernel itself, on the kernel suite's
// generated operation sequences (tests/kernel/ipc-gen.ts: four threads in three spaces, Calls,
// Sends, open and closed receives, zero timeouts, errors, thread exits, drawn priorities and
// knobs) run on the RTL with the checkers. Two oracles the model never saw:
// - at the end, every thread's state as the view followed it from the user/kernel boundary equals
//   the state in the kernel's own TCB (read through the caches): receiving from whom, sending to
//   whom, halted, ready;
// - every window the checkers classify as a hand-off delivered its message exactly, and every
//   judged window passes (the unmodified kernel).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handoffConfigFor, runBuiltScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { expectKernelStates, generatedSystemArb, wordReader, type Compared } from './kernel-states.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';

const RUNS = Number(process.env.HANDOFF_RENDEZVOUS_RUNS ?? 24);

describe('the view follows every thread\'s IPC state as the kernel keeps it', () => {
  it(`generated operation sequences on the RTL (${RUNS} runs)`, () => {
    process.stdout.write(seedBanner('rendezvous-scripts', `, ${RUNS} runs (HANDOFF_RENDEZVOUS_RUNS=n runs more)`));
    const seen: Compared = { compared: 0, blocked: 0, pending: 0 };
    fc.assert(
      fc.property(generatedSystemArb, ({ built, config }) => {
        const run = runBuiltScenario({ strategy: config.switchStrategy ?? 'fcse', registerMrs: config.nreg ?? 6, maxCycles: 3_000_000 }, built, handoffConfigFor(built));
        expect(run.exited, 'the kernel exits').toBe(true);
        for (const w of run.checker.report().ipcs) {
          if (w.kind !== 'no hand-off') expect(w.delivery.verdict, `IPC ${w.index} (${w.summary}): ${w.failures.join('; ')}`).toBe('pass');
          if (w.judged) expect(w.verdict, `IPC ${w.index} (${w.summary}): ${w.failures.join('; ')}`).toBe('pass');
        }
        expectKernelStates(run.bench.msg!.ipcStates(), built, wordReader((a, n) => run.machine.readMemory(a, n)), 'at the end', 'skip', seen);
      }),
      { numRuns: RUNS, seed: TEST_SEED },
    );
    // The comparison must have had something to compare: blocked threads among the states.
    expect(seen.compared).toBeGreaterThan(RUNS * 2);
    expect(seen.blocked).toBeGreaterThan(0);
  }, 300_000);
});
