// Runs one point on the RTL system and reduces the scenario's report to the study's metrics.
import { buildIpcScenario, handoffConfigFor, hotAndCold, runBuiltScenario, runIpcScenario, type IpcScenarioOptions } from '../scenarios/ipc-scenario.ts';
import { claimMetrics, fastVerdict, hotCounters, userCodeBytes, type PointOutcome } from './metrics.ts';
import type { PointConfig } from './point.ts';
import { buildRing, runRingScenario } from './scenarios/ring.ts';
import type { BuiltSystem } from '../../kernel/build.ts';
import { runBenchPoint } from '../ipcbench/measure/point-outcome.ts';
import { fastForwardedMetrics, PointFastForward } from './fast-forward.ts';

/** The ping-pong run of a point. Every hand-off is judged (slow path too), for the claim metrics; the point's hand-off verdict stays the fast path's. */
function pingPongOptions(p: PointConfig): IpcScenarioOptions {
  return {
    registerMrs: p.registerMrs, words: p.words, strategy: p.strategy, design: p.design, kernelPages: p.kernelMapping === 'pages', rounds: p.rounds, hardware: p.hardware, judgeSlowPath: true,
    clientIsa: p.userIsa === 'arm' ? 'arm' : 'thumb', serverIsa: p.userIsa === 'thumb' ? 'thumb' : 'arm',
  };
}

/** The system a pingpong or ring point runs (for checking a fast-forward symbol before a study starts). */
export function buildPointSystem(p: PointConfig): BuiltSystem {
  return p.scenario === 'ring' ? buildRing(p) : buildIpcScenario(pingPongOptions(p));
}

export async function runPoint(p: PointConfig): Promise<PointOutcome> {
  if (p.scenario === 'ring') return runRingScenario(p);
  if (p.scenario === 'ipcbench') return runBenchPoint(p);
  const o = pingPongOptions(p);
  if (p.fastForward !== undefined) return runFastForwarded(o, p.fastForward);
  const r = await runIpcScenario(o);
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

/** The ping-pong handed off from the reference model at `point`: the metrics of the IPCs that follow. */
function runFastForwarded(o: IpcScenarioOptions, point: string): PointOutcome {
  const built = buildIpcScenario(o);
  const ff = new PointFastForward(point, built.image);
  const run = runBuiltScenario(o, built, handoffConfigFor(built, { judgeSlowPath: true }), undefined, ff.start);
  const report = run.checker.report();
  const { fast, cold, hot, hotCycles } = hotAndCold(report);
  const handOffs = report.ipcs.filter((i) => i.kind === 'hand-off');
  return {
    metrics: fastForwardedMetrics({
      hotCycles: hotCycles ?? null,
      coldCycles: cold?.cost.cycles ?? null,
      ringRoundCycles: null,
      ...hotCounters(hot),
      ...claimMetrics(handOffs),
      fastPathIpcs: fast.length,
      ipcs: report.ipcs.length,
      totalCycles: run.sim.cycle,
      userCodeBytes: userCodeBytes(built),
    }),
    handoff: fastVerdict(handOffs),
    exited: run.exited,
    uart: run.bench.sys.soc.uart0.transmittedText(), // (the model's bytes were carried into the RTL's capture)
    seconds: run.seconds,
    fastForward: ff.record(run.machine.cycles),
  };
}
