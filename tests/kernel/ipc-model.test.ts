// Model-based test: fast-check commands build one script per thread; the kernel on the reference
// model and the abstract specification (ipc-model.ts) must agree on every delivery (sender, tag,
// words), its order, every error code and the final thread states. Knobs are drawn too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_SEED } from '../support/seed.ts';
import { runModel, type ScriptOp } from './ipc-model.ts';
import { compareWithSpec } from './spec-compare.ts';
import { runScripted, type ScriptThread } from './script-harness.ts';
import { NTHREADS, SPACES, commandsArb, configArb, type Scripts } from './ipc-gen.ts';

const RUNS = Number(process.env.HANDOFF_KERNEL_RUNS ?? 40);
const SEED = TEST_SEED;

describe('kernel IPC against the abstract specification', () => {
  it(`generated operation sequences by 4 threads agree (seed ${SEED}, ${RUNS} runs)`, () => {
    process.stdout.write(`ipc-model: seed ${SEED} (HANDOFF_SEED=${SEED} reproduces, HANDOFF_KERNEL_RUNS=n runs more)\n`);
    fc.assert(
      fc.property(commandsArb, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: NTHREADS, maxLength: NTHREADS }), configArb, (cmds, prios, config) => {
        const scripts: Scripts = { ops: Array.from({ length: NTHREADS }, () => []) };
        const real: Scripts = { ops: Array.from({ length: NTHREADS }, () => []) };
        fc.modelRun(() => ({ model: scripts, real }), cmds);
        const threads: ScriptThread[] = scripts.ops.map((ops, i) => ({ name: `t${i + 1}`, space: SPACES[i]!, priority: prios[i]!, ops }));
        compareWithSpec(threads, config);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 60_000);
});

describe('knobs change cost, never results', () => {
  it('one generated workload gives identical logs and states for all 21 knob combinations', () => {
    // of 40 sampled workloads, the one with the most deliveries
    const toThreads = (cmds: Iterable<fc.Command<Scripts, Scripts>>): ScriptThread[] => {
      const scripts: Scripts = { ops: Array.from({ length: NTHREADS }, () => []) };
      fc.modelRun(() => ({ model: scripts, real: { ops: Array.from({ length: NTHREADS }, () => []) } }), cmds);
      return scripts.ops.map((ops, i) => ({ name: `t${i + 1}`, space: SPACES[i]!, priority: [2, 1, 2, 3][i]!, ops }));
    };
    const deliveries = (ts: ScriptThread[]): number =>
      runModel(ts.map((t) => ({ priority: t.priority, ops: t.ops as ScriptOp[] }))).logs.flat().filter((e) => e.error === 0 && e.words.length > 0).length;
    const threads = fc
      .sample(commandsArb, { numRuns: 40, seed: 4242 })
      .map(toThreads)
      .reduce((a, b) => (deliveries(b) > deliveries(a) ? b : a));
    let reference: string | undefined;
    for (const switchStrategy of ['full', 'fcse', 'asid'] as const) {
      for (let nreg = 0; nreg <= 6; nreg++) {
        const r = runScripted(threads, { switchStrategy, nreg });
        const result = JSON.stringify({ logs: r.logs.map((l) => l.map((e) => ({ ...e, r0: (e.tag & 0x8000) !== 0 ? 0 : e.r0 }))), states: r.states, partners: r.partners });
        if (reference === undefined) reference = result;
        expect(result, `${switchStrategy}, nreg ${nreg}`).toBe(reference);
      }
    }
    compareWithSpec(threads, {});
    expect(deliveries(threads)).toBeGreaterThanOrEqual(4);
  });
});
