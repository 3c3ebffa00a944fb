// One benchmark run on the RTL system: build the run's programs on the real kernel, run them under
// the hand-off checkers (runBuiltScenario, as npm start), read every thread's log from memory
// (the last thread cleaned the D-cache to it), and reduce logs and windows to the run's figures.
import { SYSCALL } from '../../../kernel/abi.ts';
import { buildSystem, type BuiltSystem } from '../../../kernel/build.ts';
import { handoffConfigFor, runBuiltScenario, type ScenarioRun } from '../../scenarios/ipc-scenario.ts';
import { runOutcome, type RunOutcome } from '../../scenarios/outcome.ts';
import type { IpcReport } from '../../checkers/report.ts';
import type { PartialConfig } from '../../../rtl/config.ts';
import { DEFAULT_PHASE_MARKERS, resolvePhaseMarkers, type PhaseMarkers } from '../../checkers/phase-markers.ts';
import { analyse, decodeLog, type LogEntry, type Sample } from './analyse.ts';
import type { BenchRecord } from './record.ts';
import { benchScenario, type BenchPoint, type LogSite } from './scenario.ts';

export interface BenchRunResult {
  readonly built: BuiltSystem;
  readonly run: ScenarioRun;
  readonly uart: string;
  readonly outcome: RunOutcome;
  readonly windows: readonly IpcReport[];
  readonly entries: readonly LogEntry[];
  readonly samples: readonly Sample[];
  readonly record: BenchRecord;
  /** COUNT minus the simulator's cycle number: the counter read in cycle c returns c + offset. */
  readonly counterOffset: number;
}

const MAX_CYCLES = 60_000_000;

/**
 * The kernel's phases as npm start marks them, and inside the slow path, interrupts and the
 * benchmark calls as well (a phase runs from its symbol to the next marked one: code run after a
 * marked function returns counts in that function's phase).
 */
export const BENCH_PHASE_MARKERS: PhaseMarkers = [
  ...DEFAULT_PHASE_MARKERS,
  ['send_phase', 'send phase'],
  ['recv_phase', 'receive phase'],
  ['transfer', 'transfer'],
  ['schedule', 'schedule'],
  ['kernel_resume', 'resume'],
  ['switch_flush', 'flush (switch)'],
  ['irq_entry', 'interrupt entry'],
  ['handle_irq', 'interrupt dispatch'],
  ['sys_null', 'null call'],
];

/** A thread's log words, from its start to the end it recorded, out of RAM. */
function readLog(built: BuiltSystem, run: ScenarioRun, site: LogSite): number[] {
  const ram = run.bench.sys.soc.ram;
  const start = built.userSymbol(site.space, site.log);
  const end = ram.readWord(built.userSymbol(site.space, site.end));
  if (end < start || end > start + 1_000_000 || (end - start) % 12 !== 0) throw new Error(`log of ${site.thread}: its end 0x${end.toString(16)} is not inside it (start 0x${start.toString(16)}): the thread did not finish`);
  const words: number[] = [];
  for (let a = start; a < end; a += 4) words.push(ram.readWord(a));
  return words;
}

export function runBench(p: BenchPoint & { readonly hardware: PartialConfig }): BenchRunResult {
  const bs = benchScenario(p);
  const built = buildSystem(bs.scenario);
  // The null system call counts as a window of its own, so the checkers measure it too.
  const config = handoffConfigFor(built, { ipcSwis: [SYSCALL.ipc, SYSCALL.null], phases: resolvePhaseMarkers(built.image, BENCH_PHASE_MARKERS) });
  const run = runBuiltScenario({ hardware: p.hardware, strategy: p.strategy, registerMrs: p.registerMrs, maxCycles: MAX_CYCLES }, built, config);
  const uart = run.bench.sys.soc.uart0.transmittedText();
  const outcome = runOutcome(uart, run.exited, run.exitReason, bs.programs);
  if (!outcome.ok) throw new Error(`ipcbench ${p.bench.run} run failed: ${outcome.problems.join('; ')}`);
  const windows = run.checker.report().ipcs;
  const entries = bs.logs.flatMap((site) => decodeLog(site.thread, readLog(built, run, site)));
  // The counter and the simulator count the same clock from reset: one offset for the whole run.
  const counterOffset = (run.bench.sys.soc.ccnt.count.v - run.sim.cycle) | 0;
  const { record, samples } = analyse(p.bench.run, entries, windows, (c) => ((c - counterOffset) >>> 0));
  return { built, run, uart, outcome, windows, entries, samples, record, counterOffset };
}
