// The default scenario (scenarios/pingpong.json): ping-pong IPC between a client and a server in two address spaces, the L4
// kernel on the RTL system, with the hand-off checkers watching every IPC. One pass measures every
// IPC and captures the waveform windows of the IPCs that could be shown (window-capture.ts); the
// one shown (the first that failed a claim, else a hot one) is written and the hand-off claims are
// re-checked on that VCD parsed back. Only a window the capture could not hold (longer than its
// ring) takes a second pass over the same deterministic run (recordWindow).
import type { IpcDesign } from '../../kernel/abi.ts';
import { buildSystem, type BuiltSystem, type KernelConfig, type Scenario, type UserIsa } from '../../kernel/build.ts';
import type { AddressSpaceSwitch, PartialConfig } from '../../rtl/config.ts';
import { Simulator } from '../../rtl/hdl/index.ts';
import { HandoffMachine, type HandoffTop } from '../checkers/handoff-machine.ts';
import { HandoffChecker } from '../checkers/handoff-checker.ts';
import { memorySystemCounters } from '../checkers/counters.ts';
import type { HandoffConfig } from '../checkers/config.ts';
import { runOutcome, type RunOutcome } from './outcome.ts';
import { kernelHandoffConfig } from '../checkers/kernel-config.ts';
import type { HandoffReport, IpcReport } from '../checkers/report.ts';
import { checkHandoffVcd } from '../checkers/vcd-handoff.ts';
import { writeHandoffGtkw } from '../trace/handoff-view.ts';
import { writeFileAtomic } from '../cli/atomic-file.ts';
import { VcdWriter } from '../trace/vcd-writer.ts';
import type { TextEncoding } from '../trace/text-encoding.ts';
import { ipcWindow, WindowCapture, type CapturedWindow } from './window-capture.ts';
import { pingPongScenario, type ScenarioFile } from './scenario-file.ts';
import { bootOnModel } from './boot-on-model.ts';
import { FastPathDeclines } from './fast-path-declines.ts';

export type SwitchStrategy = NonNullable<KernelConfig['switchStrategy']>;

/** A run's cycle limit unless the options give one. */
export const DEFAULT_MAX_CYCLES = 20_000_000;

export interface IpcScenarioOptions {
  /** Message registers passed in core registers (0..6). */
  readonly registerMrs: number;
  /** Untyped words per message (0..63; beyond the register MRs they travel in the UTCB). */
  readonly words: number;
  readonly strategy: SwitchStrategy;
  /** The kernel's IPC design (default 'l4'; kernel/abi.ts IPC_DESIGNS). */
  readonly design?: IpcDesign;
  /** The kernel's own megabyte in 4 KB pages instead of one section (default false: a section). */
  readonly kernelPages?: boolean;
  /** Judge slow-path hand-offs too (default false: the claims are the fast path's). */
  readonly judgeSlowPath?: boolean;
  /** Ping-pong rounds: each is two one-way IPCs (call and reply). */
  readonly rounds: number;
  /** Hardware knobs (caches, TLB, memory latency); the switch strategy is set from `strategy`. */
  readonly hardware?: PartialConfig;
  /** Waveform of one hot IPC, and the GTKWave view of it. */
  readonly vcd?: string;
  readonly gtkw?: string;
  /** Cycles before the trap and after the resume in the waveform window (default 40). */
  readonly margin?: number;
  readonly textEncoding?: TextEncoding;
  /** The run stops here if the kernel has not exited (default DEFAULT_MAX_CYCLES). */
  readonly maxCycles?: number;
  /** Tests only: build a deliberately broken kernel variant (see kernel/build.ts Scenario). */
  readonly patchKernel?: (file: string, text: string) => string;
  /** The instruction set of the client's and the server's programs (default 'arm' for both). */
  readonly clientIsa?: UserIsa;
  readonly serverIsa?: UserIsa;
  /**
   * The system to run instead of the bundled ping-pong (a scenario file: scenario-file.ts), taken
   * as it is: the kernel's knobs come from these options; `words`, `rounds` and the ISAs, which
   * set the ping-pong's parameters, do not apply (apply them to the file with applyScenarioKnobs).
   */
  readonly scenario?: ScenarioFile;
  /** How the user named that scenario (a bundled name or a path), for the report. */
  readonly scenarioFile?: string;
  /**
   * Run the kernel's boot on the reference model up to `init_devices` and start the RTL there
   * (boot-on-model.ts): the page-table clearing, most of a short run's cycles, costs no RTL cycles.
   * Exact for everything after the boot; cycle numbers then count from the hand-off.
   */
  readonly bootOnModel?: boolean;
  /** Check mode (rtl/hdl/simulator.ts): every comb read against the derived schedule, widths checked; slower. */
  readonly check?: boolean;
}

export interface IpcScenarioResult {
  readonly options: IpcScenarioOptions;
  /** The system that ran (its image and symbols). */
  readonly built: BuiltSystem;
  readonly cycles: number;
  readonly retired: number;
  readonly seconds: number;
  readonly uart: string;
  readonly exited: boolean;
  /** What the programs and the kernel said (program verdicts, faults, how the kernel exited). */
  readonly outcome: RunOutcome;
  readonly report: HandoffReport;
  /** A hot fast-path IPC, and the first fast-path one (cold). */
  readonly hot: IpcReport | undefined;
  readonly cold: IpcReport | undefined;
  readonly hotCycles: number | undefined;
  readonly coldCycles: number | undefined;
  readonly fastPathIpcs: number;
  /** How often the fast path declined at each of its checks (the symbol of the check that branched to the slow path). */
  readonly declines: ReadonlyMap<string, number>;
  /** The waveform: its window, the IPC it shows and why, and whether the VCD re-check gave that IPC's report exactly. */
  readonly vcd?: Omit<RecordedWindow, 'variables'> & {
    readonly why: string;
    /** 1: captured in the measuring pass; 2: the window did not fit the capture and a second pass wrote it. */
    readonly passes: 1 | 2;
    /** Windows the measuring pass wrote from its ring (window-capture.ts): the one shown and any about to leave the ring. */
    readonly windowsWritten: number;
  };
  readonly gtkw?: string;
}

/** The RTL's address-space switch for each kernel switch strategy. */
export const STRATEGY_HARDWARE: Readonly<Record<SwitchStrategy, AddressSpaceSwitch>> = { full: 'flush', fcse: 'fcse', asid: 'asid' };

/** The checkers' view of a built kernel system (kernel-config.ts): ABI facts, no kernel layout. */
export function handoffConfigFor(built: BuiltSystem, extra: HandoffConfig = {}): HandoffConfig {
  return kernelHandoffConfig(built, extra);
}

/** The bundled ping-pong (scenarios/pingpong.json) with this run's parameters, or the given scenario as it is. */
export function scenarioOf(o: IpcScenarioOptions): ScenarioFile {
  return o.scenario ?? pingPongScenario({ words: o.words, rounds: o.rounds, clientIsa: o.clientIsa ?? 'arm', serverIsa: o.serverIsa ?? 'arm' });
}

export function buildIpcScenario(o: IpcScenarioOptions, scenario: Scenario = scenarioOf(o)): BuiltSystem {
  const config: KernelConfig = { nreg: o.registerMrs, switchStrategy: o.strategy, ...(o.design ? { design: o.design } : {}), ...(o.kernelPages ? { kernelPages: true } : {}) };
  return buildSystem({ spaces: scenario.spaces, threads: scenario.threads, config, ...(o.patchKernel ? { patchKernel: o.patchKernel } : {}) });
}

/** One run of a built kernel system on the RTL, with the hand-off checker watching. */
export interface ScenarioRun {
  readonly machine: HandoffMachine;
  readonly bench: HandoffTop;
  readonly sim: Simulator;
  readonly checker: HandoffChecker;
  readonly seconds: number;
  /** The kernel ended the scenario (semihosting SYS_EXIT retired) before the cycle limit. */
  readonly exited: boolean;
  /** The SYS_EXIT reason (r1) when it did. */
  readonly exitReason?: number;
}

/** The knobs a run needs besides the built system. */
export type RunKnobs = Pick<IpcScenarioOptions, 'hardware' | 'strategy' | 'registerMrs' | 'maxCycles' | 'bootOnModel' | 'check'>;

/**
 * Run `built` on the RTL system until the kernel exits (or the cycle limit), with the checkers.
 * `trace` may attach a waveform writer; the function it returns is called at the end. `start`
 * replaces the boot (a study's fast-forward hands the reference model's state to the machine).
 */
export function runBuiltScenario(o: RunKnobs, built: BuiltSystem, config: HandoffConfig, trace?: (sim: Simulator, bench: HandoffTop, checker: HandoffChecker) => () => void, start?: (machine: HandoffMachine) => void, observe?: (machine: HandoffMachine) => void): ScenarioRun {
  const machine = scenarioMachine(o, built, config, trace !== undefined);
  const { sim, bench } = machine;
  const checker = new HandoffChecker(sim, bench.sys.core, { ...config, counters: memorySystemCounters('top.sys.mem') });
  observe?.(machine);
  const finish = trace?.(sim, bench, checker);
  const t0 = process.hrtime.bigint();
  if (start) start(machine);
  else if (o.bootOnModel) bootOnModel(machine, built.image);
  else machine.boot();
  // The kernel ends a scenario with semihosting SYS_EXIT.
  const end = machine.runToExit(o.maxCycles ?? DEFAULT_MAX_CYCLES);
  finish?.();
  return { machine, bench, sim, checker, seconds: Number(process.hrtime.bigint() - t0) / 1e9, ...end };
}

/** The machine a scenario runs on: the knobs' hardware, the pipeline view (on when traced), the message view of the config's threads. */
export function scenarioMachine(o: RunKnobs, built: BuiltSystem, config: HandoffConfig, traced = false): HandoffMachine {
  const hardware: PartialConfig = { ...o.hardware, addressSpaceSwitch: STRATEGY_HARDWARE[o.strategy], registerMrs: o.registerMrs };
  return new HandoffMachine(built.image, {
    hardware,
    ...(o.check ? { check: true } : {}),
    view: { phases: config.phases, enabled: traced },
    message: { threads: config.threads ?? [], ...(config.maxMrs !== undefined ? { maxMrs: config.maxMrs } : {}), ...(config.utcbMrOffset !== undefined ? { utcbMrOffset: config.utcbMrOffset } : {}), ...(config.irqThreadBase !== undefined ? { irqThreadBase: config.irqThreadBase } : {}), ...(config.mrRegisters !== undefined ? { mrRegisters: config.mrRegisters } : {}) },
  });
}

/** Hot and cold IPCs of a report, as every figure of the project defines them. */
export interface HotCold {
  /** Fast-path hand-offs; without any, every hand-off (slow path); without any, every window. */
  readonly measured: readonly IpcReport[];
  readonly fast: readonly IpcReport[];
  /** The first measured IPC. */
  readonly cold: IpcReport | undefined;
  /**
   * The median cycles of the second half of the measured IPCs, and the last IPC with that cost (the
   * last, not the first: then a window with a later twin of its cost can never be the one shown,
   * and the measuring pass need not keep it: window-capture.ts).
   */
  readonly hotCycles: number | undefined;
  readonly hot: IpcReport | undefined;
}

export function hotAndCold(report: HandoffReport): HotCold {
  const handOffs = report.ipcs.filter((i) => i.kind === 'hand-off');
  const fast = handOffs.filter((i) => i.path === 'fast');
  const measured = fast.length > 0 ? fast : handOffs.length > 0 ? handOffs : report.ipcs;
  const hotSet = measured.slice(Math.floor(measured.length / 2));
  const hotCycles = hotSet.length > 0 ? median(hotSet.map((i) => i.cost.cycles)) : undefined;
  return { measured, fast, cold: measured[0], hotCycles, hot: [...hotSet].reverse().find((i) => i.cost.cycles === hotCycles) };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface RecordedWindow {
  readonly path: string;
  readonly bytes: number;
  readonly from: number;
  readonly to: number;
  /** The VCD alone gave exactly the online report of the IPC (and a second run, when one was needed, the same IPCs). */
  readonly agrees: boolean;
  readonly verdict: string;
  readonly ipc: number;
  readonly variables: VcdWriter['variables'];
}

/**
 * Run `built` again (deterministic: the same cycles) writing the waveform of one IPC with `margin`
 * cycles either side, then re-check the hand-off claims on that VCD alone and compare the report of
 * the IPC with the online one.
 */
export async function recordWindow(
  o: RunKnobs,
  built: BuiltSystem,
  config: HandoffConfig,
  online: HandoffReport,
  ipc: IpcReport,
  w: { readonly path: string; readonly margin: number; readonly lastCycle: number; readonly textEncoding?: TextEncoding },
): Promise<RecordedWindow> {
  const { from, to } = ipcWindow(ipc, w.margin, w.lastCycle);
  let writer: VcdWriter | undefined;
  const again = runBuiltScenario(o, built, config, (sim) => {
    writer = new VcdWriter(sim, { output: w.path, window: { from, to }, textEncoding: w.textEncoding ?? 'string', version: VCD_VERSION });
    return () => writer!.close();
  }).checker.report();
  // Streamed from the file: memory stays bounded however wide the window.
  const check = await recheckWindow(config, ipc, w.path, from, to);
  return { path: w.path, bytes: writer!.sink.bytes, from, to, agrees: again.ipcs.length === online.ipcs.length && check.agrees, verdict: check.verdict, ipc: ipc.index, variables: writer!.variables };
}

/** Re-check the hand-off claims on the VCD alone and compare its report of `ipc` with the online one. */
async function recheckWindow(config: HandoffConfig, ipc: IpcReport, path: string, from: number, to: number): Promise<{ agrees: boolean; verdict: string }> {
  // Streamed from the file: memory stays bounded however wide the window.
  const fromVcd = await checkHandoffVcd({ path }, { ...config, counters: memorySystemCounters('top.sys.mem'), window: { from, to } });
  const vcdIpc = fromVcd.ipcs.find((i) => i.trapCycle === ipc.trapCycle);
  return { agrees: vcdIpc !== undefined && comparableIpc(vcdIpc) === comparableIpc(ipc), verdict: vcdIpc?.verdict ?? 'missing' };
}

/** Write a window captured in the measuring pass to `path` and re-check it as recordWindow does. */
async function writeCapturedWindow(config: HandoffConfig, ipc: IpcReport, path: string, w: CapturedWindow): Promise<RecordedWindow> {
  writeFileAtomic(path, w.bytes);
  const check = await recheckWindow(config, ipc, path, w.from, w.to);
  return { path, bytes: w.bytes.length, from: w.from, to: w.to, agrees: check.agrees, verdict: check.verdict, ipc: ipc.index, variables: [...w.variables] };
}

const VCD_VERSION = 'handoff: L4 IPC on the ARM926 RTL model';

/** An IPC report without its position in the run (the VCD's window numbers IPCs from its start). */
export function comparableIpc(i: IpcReport): string {
  return JSON.stringify({ ...i, index: 0, failures: i.failures.map((f) => f.replace(/^IPC \d+: /, '')) });
}

export async function runIpcScenario(o: IpcScenarioOptions): Promise<IpcScenarioResult> {
  const scenario = scenarioOf(o);
  const built = buildIpcScenario(o, scenario);
  const config = handoffConfigFor(built, o.judgeSlowPath ? { judgeSlowPath: true } : {});
  let capture: WindowCapture | undefined;
  let declines: FastPathDeclines | undefined;
  const margin = o.margin ?? 40;
  const first = runBuiltScenario(
    o,
    built,
    config,
    o.vcd
      ? (sim, _bench, checker) => {
          capture = new WindowCapture(sim, checker, { margin, textEncoding: o.textEncoding ?? 'string', version: VCD_VERSION });
          return () => capture!.finish();
        }
      : undefined,
    undefined,
    (machine) => {
      declines = new FastPathDeclines(built.kernel, machine.bench.sys.core.writeback);
      machine.sim.addObserver(declines);
    },
  );
  const report = first.checker.report();
  const { fast, cold, hot, hotCycles } = hotAndCold(report);
  const uart = first.bench.sys.soc.uart0.transmittedText();
  // The programs that must report a verdict are the scenario file's to say (the ping-pong's: pingpong).
  const outcome = runOutcome(uart, first.exited, first.exitReason, scenario.verdicts ?? []);
  // The waveform shows the first judged IPC that failed a claim, else the hot one.
  const failing = report.ipcs.find((i) => i.judged && i.verdict === 'fail');
  const shown = failing ?? hot;
  let vcd: IpcScenarioResult['vcd'];
  if (o.vcd && shown) {
    // sim.cycle counts the cycles run (0..cycle-1 were sampled): the last one is one less.
    const captured = capture?.window(shown);
    const w = captured
      ? await writeCapturedWindow(config, shown, o.vcd, captured)
      : await recordWindow(o, built, config, report, shown, { path: o.vcd, margin, lastCycle: first.sim.cycle - 1, ...(o.textEncoding ? { textEncoding: o.textEncoding } : {}) });
    const { variables, ...window } = w;
    vcd = { ...window, why: failing ? 'the first IPC that failed a claim' : 'a hot IPC', passes: captured ? 1 : 2, windowsWritten: capture?.written ?? 0 };
    // The view's MR group shows the registers that held MRs in this run (the checkers' list), none when the kernel passed none.
    if (o.gtkw) writeFileAtomic(o.gtkw, writeHandoffGtkw({ dumpfile: o.vcd, variables, ipcs: [shown], mrRegisters: config.mrRegisters ?? [] }));
  }
  return {
    options: o,
    built,
    cycles: first.sim.cycle,
    retired: first.bench.sys.core.writeback.retired.v,
    seconds: first.seconds,
    uart,
    exited: first.exited,
    outcome,
    report,
    hot,
    cold,
    hotCycles,
    coldCycles: cold?.cost.cycles,
    fastPathIpcs: fast.length,
    declines: declines!.counts,
    ...(vcd ? { vcd } : {}),
    ...(o.gtkw && vcd ? { gtkw: o.gtkw } : {}),
  };
}
