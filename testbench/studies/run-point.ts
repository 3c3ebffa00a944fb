// Runs one point on the RTL system and reduces the scenario's report to the study's metrics.
import { runIpcScenario } from '../scenarios/ipc-scenario.ts';
import { hotCounters, type PointOutcome } from './metrics.ts';
import type { PointConfig } from './point.ts';
import { runRingScenario } from './scenarios/ring.ts';

export async function runPoint(p: PointConfig): Promise<PointOutcome> {
  if (p.scenario === 'ring') return runRingScenario(p);
  const r = await runIpcScenario({ registerMrs: p.registerMrs, words: p.words, strategy: p.strategy, rounds: p.rounds, hardware: p.hardware });
  return {
    metrics: {
      hotCycles: r.hotCycles ?? null,
      coldCycles: r.coldCycles ?? null,
      ringRoundCycles: null,
      ...hotCounters(r.hot),
      fastPathIpcs: r.fastPathIpcs,
      ipcs: r.report.ipcs.length,
      totalCycles: r.cycles,
    },
    handoff: r.report.judgedIpcs > 0 ? r.report.verdict : 'n/a',
    exited: r.exited,
    uart: r.uart,
    seconds: r.seconds,
  };
}
