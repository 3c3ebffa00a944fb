// Runs one point on the RTL system and reduces the scenario's report to the study's metrics.
import { runIpcScenario } from '../scenarios/ipc-scenario.ts';
import { claimMetrics, fastVerdict, hotCounters, userCodeBytes, type PointOutcome } from './metrics.ts';
import type { PointConfig } from './point.ts';
import { runRingScenario } from './scenarios/ring.ts';
import { runBenchPoint } from '../ipcbench/measure/point-outcome.ts';

export async function runPoint(p: PointConfig): Promise<PointOutcome> {
  if (p.scenario === 'ring') return runRingScenario(p);
  if (p.scenario === 'ipcbench') return runBenchPoint(p);
  // Every hand-off is judged (slow path too), for the claim metrics; the point's hand-off verdict
  // stays the fast path's.
  const r = await runIpcScenario({
    registerMrs: p.registerMrs, words: p.words, strategy: p.strategy, design: p.design, kernelPages: p.kernelMapping === 'pages', rounds: p.rounds, hardware: p.hardware, judgeSlowPath: true,
    clientIsa: p.userIsa === 'arm' ? 'arm' : 'thumb', serverIsa: p.userIsa === 'thumb' ? 'thumb' : 'arm',
  });
  const handOffs = r.report.ipcs.filter((i) => i.kind === 'hand-off');
  return {
    metrics: {
      hotCycles: r.hotCycles ?? null,
      coldCycles: r.coldCycles ?? null,
      ringRoundCycles: null,
      ...hotCounters(r.hot),
      ...claimMetrics(handOffs),
      fastPathIpcs: r.fastPathIpcs,
      ipcs: r.report.ipcs.length,
      totalCycles: r.cycles,
      userCodeBytes: userCodeBytes(r.built),
    },
    handoff: fastVerdict(handOffs),
    exited: r.exited,
    uart: r.uart,
    seconds: r.seconds,
  };
}
