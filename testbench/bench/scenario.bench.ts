// The whole scenario: the kernel's ping-pong on the RTL system. Simulated cycles per second with
// tracing off and on, VCD bytes per cycle, and one-way IPC cycles (hot, fast path) for each number
// of register MRs, each message length and each address-space switch strategy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { HandoffMachine } from '../checkers/handoff-machine.ts';
import { buildIpcScenario, runIpcScenario, type IpcScenarioOptions, type SwitchStrategy } from '../scenarios/ipc-scenario.ts';
import { describeSpecialization } from '../../rtl/hdl/index.ts';
import { threadCpuSeconds } from '../trace/thread-cpu.ts';
import { VcdWriter, type VcdFormatter } from '../trace/vcd-writer.ts';
import type { BenchRow, BenchSuite } from './suite.ts';

const BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'asid', rounds: 3 };

/** The speed rows' workload: enough ping-pong rounds that every timed cycle is ping-pong work. */
const SPEED_ROUNDS = 300;
/** A shorter run beside it, to tell the boot's cycles from the rounds' (untimed). */
const CALIBRATION_ROUNDS = 40;
/** Cycles timed per run, at most. */
const SPEED_CYCLES = 120_000;
/** Alternating untraced/traced runs; each row reports its best (the machine is shared). */
const SPEED_REPEATS = 3;

/** The speed rows' machine: its methods compiled with constant slots from the start, as a long run's are (rtl/hdl/specialize.ts). */
function speedMachine(traced: boolean, rounds = SPEED_ROUNDS): HandoffMachine {
  const built = buildIpcScenario({ ...BASE, rounds });
  return new HandoffMachine(built.image, { hardware: { addressSpaceSwitch: 'asid' }, view: { enabled: traced }, specialize: 'now' });
}

/** Cycles from boot to the kernel's exit (untimed). */
function exitCycle(rounds: number): number {
  const machine = speedMachine(false, rounds);
  machine.boot();
  const out = machine.runToExit(20 * SPEED_CYCLES);
  if (!out.exited) throw new Error(`scenario bench: the ping-pong of ${rounds} rounds did not exit`);
  return machine.cycles;
}

/**
 * The timed window, all of it ping-pong rounds: the boot's length is what the rounds do not explain
 * (two runs of different lengths give the cycles per round), plus a margin each side.
 */
function pingPongWindow(): { readonly from: number; readonly cycles: number; readonly note: string } {
  const long = exitCycle(SPEED_ROUNDS);
  const short = exitCycle(CALIBRATION_ROUNDS);
  const perRound = (long - short) / (SPEED_ROUNDS - CALIBRATION_ROUNDS);
  const boot = short - CALIBRATION_ROUNDS * perRound;
  const margin = 5 * Math.ceil(perRound);
  const from = Math.ceil(boot) + margin;
  const cycles = Math.min(SPEED_CYCLES, long - margin - from);
  if (cycles < SPEED_CYCLES / 2) throw new Error(`scenario bench: only ${cycles} cycles of ping-pong rounds (boot ~${Math.round(boot)}, exit ${long}); raise SPEED_ROUNDS`);
  return { from, cycles, note: `cycles ${from}..${from + cycles} of ${SPEED_ROUNDS} rounds: all ping-pong (boot ~${Math.round(boot)}, ${perRound.toFixed(0)} cycles/round, exit ${long})` };
}

interface SpeedRun {
  /** Wall-clock cycles per second. */
  readonly rate: number;
  /** Cycles per CPU second of the busiest thread (the simulation's, or the VCD worker's if busier): the speed on a core of its own. */
  readonly cpuRate: number;
  /** Cycles per CPU second of the simulation thread and of the VCD worker (NaN without one). */
  readonly simCpuRate: number;
  readonly workerCpuRate: number;
  /** The worker's CPU seconds before its first batch. */
  readonly workerStartUp: number;
  readonly bytesPerCycle: number;
  readonly inWorker: boolean;
  /** How the machine's methods ran (describeSpecialization). */
  readonly compiled: string;
}

/** Traced runs so far (each writes its own VCD file). */
let vcdRuns = 0;

function speed(traced: VcdFormatter | false, window: { readonly from: number; readonly cycles: number }, dir: string): SpeedRun {
  const machine = speedMachine(traced !== false);
  const sim = machine.sim;
  const { from, cycles } = window;
  // Each run its own file, removed after the measurement: replacing the last run's ~150 MB file at
  // close() freed its blocks inside the timed window (5% of a traced run's main thread in a profile).
  const output = join(dir, `scenario-${++vcdRuns}.vcd`);
  const vcd = traced !== false ? new VcdWriter(sim, { output, formatter: traced, window: { from } }) : undefined;
  machine.boot();
  sim.run(from - sim.cycle);
  const cpu0 = threadCpuSeconds();
  const t0 = process.hrtime.bigint();
  sim.run(cycles);
  // The trace is done when its last byte is written: close() (which waits for a worker) is timed.
  vcd?.close();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = threadCpuSeconds() - cpu0;
  // The worker starts while the boot runs untimed; its start-up CPU is reported apart.
  const worker = vcd?.workerCpuSeconds ?? { total: Number.NaN, startUp: Number.NaN };
  const workerCpu = worker.total - worker.startUp;
  const busiest = vcd?.inWorker ? Math.max(cpu, workerCpu) : cpu;
  rmSync(output, { force: true });
  return { rate: cycles / seconds, cpuRate: cycles / busiest, simCpuRate: cycles / cpu, workerCpuRate: cycles / workerCpu, workerStartUp: worker.startUp, bytesPerCycle: vcd ? vcd.sink.bytes / cycles : 0, inWorker: vcd?.inWorker ?? false, compiled: describeSpecialization(sim.specialization) };
}

/**
 * The untraced run with the other core busy: a second simulation of the same ping-pong runs in a
 * worker thread (busy-sim-worker.ts) while this thread measures. Undefined where no worker can
 * run (the TypeScript sources).
 */
function speedBeside(window: { readonly from: number; readonly cycles: number }, dir: string): (SpeedRun & { readonly besideCycles: number }) | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const control = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(new URL('./busy-sim-worker.js', import.meta.url), { workerData: { options: { ...BASE, rounds: 10 * SPEED_ROUNDS }, control } });
  worker.on('error', () => undefined); // seen as a worker that never ran
  try {
    Atomics.wait(control, 1, 0, 60_000);
    if (Atomics.load(control, 1) !== 1) return undefined;
    const k0 = Atomics.load(control, 2);
    const run = speed(false, window, dir);
    // It must have run throughout; what it simulated meanwhile (the machine's boot included) is reported.
    return Atomics.load(control, 1) === 1 ? { ...run, besideCycles: 1000 * (Atomics.load(control, 2) - k0) } : undefined;
  } finally {
    Atomics.store(control, 0, 1);
    void worker.terminate();
  }
}

/** The best of each of the runs' figures. */
function best(runs: readonly SpeedRun[]): SpeedRun {
  const top = (f: (r: SpeedRun) => number): number => Math.max(...runs.map(f));
  return { ...runs[0]!, rate: top((r) => r.rate), cpuRate: top((r) => r.cpuRate), simCpuRate: top((r) => r.simCpuRate), workerCpuRate: top((r) => r.workerCpuRate) };
}

/** Rounds of npm start's measuring pass timed with and without its waveform capture. */
const CAPTURE_ROUNDS = 1000;

/**
 * npm start's one pass on a long ping-pong: the measuring pass (checkers on) without a waveform and
 * with the capture that keeps the windows that can still be shown (window-capture.ts); best of 2.
 */
async function captureRows(dir: string): Promise<BenchRow[]> {
  const o: IpcScenarioOptions = { ...BASE, strategy: 'fcse', rounds: CAPTURE_ROUNDS };
  const plain: number[] = [];
  const captured: number[] = [];
  let last: Awaited<ReturnType<typeof runIpcScenario>> | undefined;
  for (let k = 0; k < 2; k++) {
    const p = await runIpcScenario(o);
    plain.push(p.cycles / p.seconds);
    last = await runIpcScenario({ ...o, vcd: join(dir, 'capture.vcd'), gtkw: join(dir, 'capture.gtkw') });
    captured.push(last.cycles / last.seconds);
  }
  const off = Math.max(...plain);
  const on = Math.max(...captured);
  const work = `${CAPTURE_ROUNDS} rounds (fcse), ${last!.cycles} cycles, ${last!.report.ipcs.length} kernel windows; best of 2`;
  return [
    { metric: "cycles/s, npm start's measuring pass, no waveform", value: off, unit: 'cycles/s', note: work },
    { metric: "cycles/s, npm start's measuring pass with its waveform capture", value: on, unit: 'cycles/s', note: `${(on / off).toFixed(2)}x; ${last!.vcd?.windowsWritten} windows written from the ring, ${last!.vcd?.passes} pass(es)` },
  ];
}

async function hot(o: Partial<IpcScenarioOptions>): Promise<number> {
  const r = await runIpcScenario({ ...BASE, ...o });
  return r.hotCycles ?? Number.NaN;
}

export const scenarioBench: BenchSuite = {
  name: 'scenario',
  description: 'L4 ping-pong on the RTL system: speed, VCD size, one-way IPC cycles per knob',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'handoff-scenario-'));
    try {
      const window = pingPongWindow();
      const runs: Array<[SpeedRun, SpeedRun, SpeedRun]> = [];
      const beside: Array<SpeedRun & { readonly besideCycles: number }> = [];
      for (let k = 0; k < SPEED_REPEATS; k++) {
        runs.push([speed(false, window, dir), speed('auto', window, dir), speed('this-thread', window, dir)]);
        const b = speedBeside(window, dir);
        if (b) beside.push(b);
      }
      const off = best(runs.map((r) => r[0]));
      const on = best(runs.map((r) => r[1]));
      const here = best(runs.map((r) => r[2]));
      const work = `${window.note}, best of ${SPEED_REPEATS}; ${off.compiled} (a long run's, from the start here)`;
      const where = on.inWorker ? 'formatted in a worker thread' : 'formatted in the simulation thread (no worker: not compiled or one core)';
      rows.push({ metric: 'cycles/s, tracing off', value: off.rate, unit: 'cycles/s', note: work });
      rows.push({ metric: 'cycles/s, full VCD + pipeline text', value: on.rate, unit: 'cycles/s', note: `${(on.rate / off.rate).toFixed(2)}x the untraced speed; ${where}` });
      rows.push({ metric: 'cycles/s, the same VCD formatted in the simulation thread', value: here.rate, unit: 'cycles/s', note: `${(here.rate / off.rate).toFixed(2)}x the untraced speed` });
      // Wall time on a shared machine includes waiting for a core; thread CPU time does not.
      rows.push({ metric: 'cycles per CPU second, tracing off', value: off.cpuRate, unit: 'cycles/s', note: 'the simulation thread\'s CPU time (/proc/thread-self)' });
      rows.push({
        metric: 'cycles per CPU second of the busiest thread, full VCD',
        value: on.cpuRate,
        unit: 'cycles/s',
        note: `${(on.cpuRate / off.cpuRate).toFixed(2)}x untraced: the speed with a core for each thread (simulation thread ${Math.round(on.simCpuRate / 1000)}k, worker ${Math.round(on.workerCpuRate / 1000)}k per CPU second, its start-up ${Math.round(1000 * Math.min(...runs.map((r) => r[1].workerStartUp)))} ms CPU apart); ${where}`,
      });
      rows.push({ metric: 'cycles per CPU second, VCD in the simulation thread', value: here.cpuRate, unit: 'cycles/s', note: `${(here.cpuRate / off.cpuRate).toFixed(2)}x untraced` });
      if (beside.length === SPEED_REPEATS) {
        // What the other core's work costs this one, whatever that work is: the VCD worker's share of the traced slowdown.
        const b = best(beside);
        const meanwhile = Math.min(...beside.map((r) => r.besideCycles));
        rows.push({ metric: 'cycles per CPU second, tracing off, a second simulation running in a worker thread', value: b.simCpuRate, unit: 'cycles/s', note: `${(b.simCpuRate / off.cpuRate).toFixed(2)}x alone: the cost of a busy second core on this machine (the worker simulated at least ${Math.round(meanwhile / 1000)}k cycles during each measurement; the traced run's simulation thread: ${(on.simCpuRate / off.cpuRate).toFixed(2)}x)` });
      } else rows.push({ metric: 'cycles per CPU second, tracing off, a second simulation running in a worker thread', value: Number.NaN, unit: 'cycles/s', note: 'not measured: no worker (run from the TypeScript sources) or it did not run throughout' });
      rows.push({ metric: 'VCD bytes per cycle', value: on.bytesPerCycle, unit: 'B/cycle' });
      rows.push(...(await captureRows(dir)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (let nreg = 0; nreg <= 6; nreg++) rows.push({ metric: `one-way IPC, ${nreg} register MRs (8 words, asid)`, value: await hot({ registerMrs: nreg }), unit: 'cycles' });
    for (const words of [0, 1, 2, 4, 5, 6, 8, 12, 16]) rows.push({ metric: `one-way IPC, ${words} words (6 register MRs, asid)`, value: await hot({ words }), unit: 'cycles' });
    for (const strategy of ['full', 'fcse', 'asid'] as SwitchStrategy[]) rows.push({ metric: `one-way IPC, ${strategy} switch (6 MRs, 8 words)`, value: await hot({ strategy }), unit: 'cycles', note: strategy === 'full' ? 'slow path: no fast path across spaces' : 'fast path' });
    return rows;
  },
};
