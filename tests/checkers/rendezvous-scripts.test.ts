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
import { TCB, TCB_SIZE, threadStateName } from '../../kernel/abi.ts';
import { STATE_NAMES, T_HALT, T_NEW, T_RUN, T_SEND, T_UNKNOWN, T_WAIT } from '../../testbench/checkers/rendezvous.ts';
import { handoffConfigFor, runBuiltScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { NTHREADS, SPACES, commandsArb, configArb, type Scripts } from '../kernel/ipc-gen.ts';
import { buildScripted, type ScriptThread } from '../kernel/script-harness.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';

const RUNS = Number(process.env.HANDOFF_RENDEZVOUS_RUNS ?? 24);

/** The kernel's state name for a view state (the view's "new" and "run" are both ready). */
const KERNEL_NAME: Record<number, string> = { [T_NEW]: 'ready', [T_RUN]: 'ready', [T_WAIT]: 'receiving', [T_SEND]: 'sending', [T_HALT]: 'halted' };

describe('the view follows every thread\'s IPC state as the kernel keeps it', () => {
  it(`generated operation sequences on the RTL (${RUNS} runs)`, () => {
    process.stdout.write(seedBanner('rendezvous-scripts', `, ${RUNS} runs (HANDOFF_RENDEZVOUS_RUNS=n runs more)`));
    let compared = 0;
    let blocked = 0;
    fc.assert(
      fc.property(commandsArb, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: NTHREADS, maxLength: NTHREADS }), configArb, (cmds, prios, config) => {
        const scripts: Scripts = { ops: Array.from({ length: NTHREADS }, () => []) };
        fc.modelRun(() => ({ model: scripts, real: { ops: Array.from({ length: NTHREADS }, () => []) } }), cmds);
        const threads: ScriptThread[] = scripts.ops.map((ops, i) => ({ name: `t${i + 1}`, space: SPACES[i]!, priority: prios[i]!, ops }));
        const built = buildScripted(threads, config);
        const run = runBuiltScenario({ strategy: config.switchStrategy ?? 'fcse', registerMrs: config.nreg ?? 6, maxCycles: 3_000_000 }, built, handoffConfigFor(built));
        expect(run.exited, 'the kernel exits').toBe(true);
        for (const w of run.checker.report().ipcs) {
          if (w.kind !== 'no hand-off') expect(w.delivery.verdict, `IPC ${w.index} (${w.summary}): ${w.failures.join('; ')}`).toBe('pass');
          if (w.judged) expect(w.verdict, `IPC ${w.index} (${w.summary}): ${w.failures.join('; ')}`).toBe('pass');
        }
        const view = run.bench.msg!.ipcStates();
        const kdata = built.kernelSymbol('KDATA');
        const tcbs = built.kernelSymbol('tcbs');
        built.threads.forEach((t, k) => {
          const mine = view.threads[k]!;
          if (mine.state === T_UNKNOWN) return;
          const word = (offset: number): number => new DataView(run.machine.readMemory(tcbs + kdata + t.id * TCB_SIZE + offset, 4).buffer).getUint32(0, true);
          const kernel = threadStateName(word(TCB.state));
          const seen = `${STATE_NAMES[mine.state]} (${KERNEL_NAME[mine.state]})${mine.state === T_WAIT || mine.state === T_SEND ? ` partner 0x${mine.partner.toString(16)}` : ''}`;
          expect(KERNEL_NAME[mine.state], `${t.name}: the view has ${seen}, the kernel ${kernel}`).toBe(kernel);
          if (mine.state === T_WAIT || mine.state === T_SEND) expect(mine.partner >>> 0, `${t.name}'s partner`).toBe(word(TCB.partner) >>> 0);
          if (mine.state === T_WAIT || mine.state === T_SEND) blocked++;
          compared++;
        });
      }),
      { numRuns: RUNS, seed: TEST_SEED },
    );
    // The comparison must have had something to compare: blocked threads among the states.
    expect(compared).toBeGreaterThan(RUNS * 2);
    expect(blocked).toBeGreaterThan(0);
  }, 300_000);
});
