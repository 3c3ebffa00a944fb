// The ring scenario: N address spaces, one thread each, pass one message round the ring ROUNDS
// times, under the hand-off checkers. Answers "how far does the TLB reach": every hop switches
// address space, and a round touches the code, stack and UTCB pages of all N spaces.
// (runIpcScenario builds its own ping-pong system; the run loop below is the same idea for a system
// built here. An option to pass a BuiltSystem to testbench/scenarios would remove it.)
import { buildSystem, type BuiltSystem } from '../../../kernel/build.ts';
import type { AddressSpaceSwitch } from '../../../rtl/config.ts';
import { Simulator } from '../../../rtl/hdl/index.ts';
import { HandoffBench } from '../../checkers/handoff-bench.ts';
import { HandoffChecker } from '../../checkers/handoff-checker.ts';
import { memorySystemCounters } from '../../checkers/counters.ts';
import { handoffConfigFor } from '../../scenarios/ipc-scenario.ts';
import { SEMIHOSTING_SWI } from '../../lockstep/rtl-vs-iss.ts';
import { hotCounters, median, type PointOutcome } from '../metrics.ts';
import type { PointConfig } from '../point.ts';
import { RING_PROGRAM } from './ring-program.ts';

const STRATEGY_HARDWARE: Record<PointConfig['strategy'], AddressSpaceSwitch> = { full: 'flush', fcse: 'fcse', asid: 'asid' };
const SWI_EXCEPTION = 2;

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
  const config = handoffConfigFor(built);
  const hardware = { ...p.hardware, addressSpaceSwitch: STRATEGY_HARDWARE[p.strategy], registerMrs: p.registerMrs };
  const bench = new HandoffBench('top', built.image, { system: { hardware, soc: { ramBytes: 8 << 20 } }, view: { phases: config.phases, enabled: false } });
  const sim = new Simulator(bench);
  const checker = new HandoffChecker(sim, bench.sys.core, { ...config, counters: memorySystemCounters('top.sys.mem') });
  const t0 = process.hrtime.bigint();
  sim.reset(1);
  const w = bench.sys.core.writeback;
  let exited = false;
  while (sim.cycle < maxCycles) {
    sim.step();
    if (w.ret_valid.on && w.ret_instr.v === SEMIHOSTING_SWI && w.ret_exc.v === SWI_EXCEPTION) {
      exited = true;
      break;
    }
    if (bench.sys.core.control.halted.on) break;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const report = checker.report();
  const fast = report.ipcs.filter((i) => i.path === 'fast' && i.judged);
  const measured = fast.length > 0 ? fast : report.ipcs;
  const hotSet = measured.slice(Math.floor(measured.length / 2));
  const hotCycles = median(hotSet.map((i) => i.cost.cycles));
  const hot = hotSet.find((i) => i.cost.cycles === hotCycles);
  // A round is N hops: the trap of hop k to the trap of hop k+N, over the second half of the run.
  const all = report.ipcs;
  const rounds: number[] = [];
  for (let k = Math.floor(all.length / 2); k + p.spaces < all.length; k++) rounds.push(all[k + p.spaces]!.trapCycle - all[k]!.trapCycle);
  return {
    metrics: {
      hotCycles,
      coldCycles: measured[0]?.cost.cycles ?? null,
      ringRoundCycles: median(rounds),
      ...hotCounters(hot),
      fastPathIpcs: fast.length,
      ipcs: report.ipcs.length,
      totalCycles: sim.cycle,
    },
    handoff: report.judgedIpcs > 0 ? report.verdict : 'n/a',
    exited,
    uart: bench.sys.soc.uart0.transmittedText(),
    seconds,
  };
}
