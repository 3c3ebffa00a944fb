// An ipcbench point as a study point's outcome: the study's flat metrics (the run's headline
// operation: its hot and cold median, and the checkers' counts for the median hot sample) and the
// whole benchmark record beside them.
import { claimMetrics, fastVerdict, hotCounters, userCodeBytes, type PointOutcome } from '../../studies/metrics.ts';
import type { PointConfig } from '../../studies/point.ts';
import { RUN_OPS } from './ops.ts';
import { runBench } from './run.ts';
import { DEFAULT_BENCH } from './spec.ts';

export function runBenchPoint(p: PointConfig): PointOutcome {
  const bench = p.bench ?? DEFAULT_BENCH;
  const r = runBench({ registerMrs: p.registerMrs, words: p.words, strategy: p.strategy, design: p.design, kernelPages: p.kernelMapping === 'pages', hardware: p.hardware, bench });
  const headline = RUN_OPS[bench.run][0]!;
  const fig = r.record.ops.find((o) => o.op === headline)!;
  const median = fig.hot ? r.samples.find((s) => s.op === headline && !s.cold && s.counter === fig.hot!.median) : undefined;
  const handOffs = r.windows.filter((w) => w.kind === 'hand-off');
  return {
    metrics: {
      hotCycles: fig.hot?.median ?? null,
      coldCycles: fig.cold?.median ?? null,
      ringRoundCycles: null,
      ...hotCounters(median?.windows[0]),
      ...claimMetrics(handOffs),
      fastPathIpcs: handOffs.filter((w) => w.path === 'fast').length,
      ipcs: r.windows.length,
      totalCycles: r.run.sim.cycle,
      userCodeBytes: userCodeBytes(r.built),
    },
    handoff: fastVerdict(handOffs),
    exited: r.run.exited,
    uart: r.uart,
    seconds: r.run.seconds,
    bench: r.record,
  };
}
