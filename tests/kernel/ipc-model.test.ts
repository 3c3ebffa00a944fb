// Model-based test: fast-check commands build one script per thread; the kernel on the reference
// model and the abstract specification (ipc-model.ts) must agree on every delivery (sender, tag,
// words), its order, every error code and the final thread states. Knobs are drawn too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelConfig } from '../../kernel/build.ts';
import { TEST_SEED } from '../support/seed.ts';
import { runModel, type ModelOutcome, type ScriptOp } from './ipc-model.ts';
import { runScripted, type ScriptThread } from './script-harness.ts';
import { NTHREADS, SPACES, commandsArb, configArb, type Scripts } from './ipc-gen.ts';

function compare(threads: ScriptThread[], config: KernelConfig): void {
  const model: ModelOutcome = runModel(threads.map((t) => ({ priority: t.priority, ops: t.ops as ScriptOp[] })));
  const real = runScripted(threads, config);
  expect(real.run.stop, real.run.uart).toBe('exit');
  for (let i = 0; i < threads.length; i++) {
    const exp = model.logs[i]!;
    const got = real.logs[i]!;
    expect(got.length, `thread ${i + 1}: completed operations`).toBe(exp.length);
    exp.forEach((e, k) => {
      const g = got[k]!;
      const ctx = `thread ${i + 1}, operation result ${k}`;
      expect(g.tag >>> 0, `${ctx}: tag`).toBe(e.tag >>> 0);
      expect(g.error, `${ctx}: error`).toBe(e.error);
      if (e.r0 !== undefined) expect((g.r0 ?? 0) >>> 0, `${ctx}: r0`).toBe(e.r0 >>> 0);
      expect(g.words, `${ctx}: words`).toEqual(e.words);
    });
  }
  expect(real.states, 'final thread states').toEqual(model.states);
  expect(real.partners, 'partners of blocked threads').toEqual(model.partners);
}

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
        compare(threads, config);
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
    compare(threads, {});
    expect(deliveries(threads)).toBeGreaterThanOrEqual(4);
  });
});
