// The measuring pass keeps only the waveform windows that can still be the hot IPC shown
// (testbench/scenarios/hot-candidates.ts). A window it gives up must never be the one hotAndCold
// picks at the end, whatever the rest of the run: checked on generated runs (hand-offs on the fast
// and the slow path and other kernel windows, few costs so that twins abound), at every point of
// each run, against hotAndCold itself.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HandoffReport, IpcReport } from '../../testbench/checkers/report.ts';
import { hotAndCold } from '../../testbench/scenarios/ipc-scenario.ts';
import { HotCandidates, type HotCandidate } from '../../testbench/scenarios/hot-candidates.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';

const window = fc.record({
  kind: fc.constantFrom('hand-off', 'interrupt'),
  path: fc.constantFrom<'fast' | 'slow'>('fast', 'slow'),
  cycles: fc.integer({ min: 1, max: 4 }),
});

/** hotAndCold reads kind, path and cost.cycles of each window: a report of just those. */
function reportOf(ipcs: readonly HotCandidate[]): HandoffReport {
  return { ipcs } as unknown as HandoffReport;
}

describe('hot candidates of the measuring pass', () => {
  beforeAll(() => void process.stdout.write(seedBanner('hot-candidates')));

  it('a window given up at any point of a run is never the hot IPC at its end', () => {
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 24 }), (spec) => {
        const ipcs: HotCandidate[] = spec.map((w, index) => ({ index, kind: w.kind, path: w.path, cost: { cycles: w.cycles } }));
        const hot = hotAndCold(reportOf(ipcs)).hot as IpcReport | undefined;
        expect(hot).toBeDefined();
        for (let t = 1; t <= ipcs.length; t++) {
          const c = new HotCandidates();
          for (const ipc of ipcs.slice(0, t)) c.admit(ipc);
          for (const ipc of ipcs.slice(0, t)) if (!c.showable(ipc)) expect(ipc.index, `given up after ${t} windows`).not.toBe(hot!.index);
        }
        // At the end the hot one is left, with at most one window per cost (the last of each).
        const end = new HotCandidates();
        for (const ipc of ipcs) end.admit(ipc);
        const left = ipcs.filter((i) => end.showable(i));
        expect(left.map((i) => i.index)).toContain(hot!.index);
        expect(new Set(left.map((i) => i.cost.cycles)).size).toBe(left.length);
      }),
      { seed: TEST_SEED, numRuns: 2000 },
    );
  });

  it('a run of equal costs keeps only its newest window (the ping-pong\'s steady state)', () => {
    const c = new HotCandidates();
    const ipcs = Array.from({ length: 10 }, (_, index) => ({ index, kind: 'hand-off', path: 'fast' as const, cost: { cycles: 89 } }));
    for (const ipc of ipcs) c.admit(ipc);
    expect(ipcs.filter((i) => c.showable(i)).map((i) => i.index)).toEqual([9]);
  });
});
