// The ring scenario: N address spaces, one thread each, pass one message round the ring ROUNDS
// times, under the hand-off checkers. Answers "how far does the TLB reach": every hop switches
// address space, and a round touches the code, stack and UTCB pages of all N spaces.
import { buildSystem, type BuiltSystem } from '../../../kernel/build.ts';
import { handoffConfigFor, hotAndCold, runBuiltScenario } from '../../scenarios/ipc-scenario.ts';
import { claimMetrics, hotCounters, median, type Metrics, type PointOutcome } from '../metrics.ts';
import { fastForwardedMetrics, PointFastForward } from '../fast-forward.ts';
import type { PointConfig } from '../point.ts';
import { RING_PROGRAM } from './ring-program.ts';


export function buildRing(p: PointConfig): BuiltSystem {
  const n = p.spaces;
  const names = Array.from({ length: n }, (_, i) => `ring${i}`);
  return buildSystem({
    spaces: names.map((name, i) => ({
      name,
      sources: [{ name: 'ring.S', text: RING_PROGRAM }],
      defsym: { ROUNDS: p.rounds, WORDS: p.words, DIRTY: p.dirtyLines, LEADER: i === 0 ? 1 : 0 },
    })),
    // Thread ids are 1-based in declaration order; the leader runs last (lowest priority).
    threads: names.map((name, i) => ({ name, space: name, entry: 'ring_start', priority: i === 0 ? 10 : 20, arg: ((i + 1) % n) + 1 })),
    config: { nreg: p.registerMrs, switchStrategy: p.strategy },
  });
}

export function runRingScenario(p: PointConfig, maxCycles = 40_000_000): PointOutcome {
  const built = buildRing(p);
  // Fast-forwarded: the round and hot figures are of the trips after the hand-off.
  const ff = p.fastForward === undefined ? undefined : new PointFastForward(p.fastForward, built.image);
  const run = runBuiltScenario({ ...p, maxCycles }, built, handoffConfigFor(built), undefined, ff?.start);
  const report = run.checker.report();
  const { fast, measured, hot, hotCycles } = hotAndCold(report);
  // A round is N hops: the trap of hop k to the trap of hop k+N, over the second half of the run
  // (the IPC system calls: interrupts taken in user mode are windows of their own, not hops).
  const all = report.ipcs.filter((i) => i.trap === 'swi');
  const rounds: number[] = [];
  for (let k = Math.floor(all.length / 2); k + p.spaces < all.length; k++) rounds.push(all[k + p.spaces]!.trapCycle - all[k]!.trapCycle);
  const metrics: Metrics = {
    hotCycles: hotCycles ?? null,
    coldCycles: measured[0]?.cost.cycles ?? null,
    ringRoundCycles: median(rounds),
    ...hotCounters(hot),
    ...claimMetrics(report.ipcs.filter((i) => i.kind === 'hand-off' && i.judged)),
    fastPathIpcs: fast.length,
    ipcs: report.ipcs.length,
    totalCycles: run.sim.cycle,
    userCodeBytes: null,
  };
  return {
    metrics: ff ? fastForwardedMetrics(metrics) : metrics,
    handoff: report.judgedIpcs > 0 ? report.verdict : 'n/a',
    exited: run.exited,
    uart: run.bench.sys.soc.uart0.transmittedText(), // (fast-forwarded: the model's bytes were carried into the RTL's capture)
    seconds: run.seconds,
    ...(ff ? { fastForward: ff.record(run.machine.cycles) } : {}),
  };
}
