// Runs the hand-made IPC program on the RTL system with the online hand-off checker attached and,
// optionally, a VCD of the whole run.
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import { Simulator, type CycleObserver } from '../../rtl/hdl/index.ts';
import { HandoffChecker } from '../../testbench/checkers/handoff-checker.ts';
import { HandoffMachine, type HandoffTop } from '../../testbench/checkers/handoff-machine.ts';
import type { HandoffConfig } from '../../testbench/checkers/config.ts';
import { resolvePhaseMarkers } from '../../testbench/checkers/phase-markers.ts';
import type { HandoffReport } from '../../testbench/checkers/report.ts';
import { MemorySink } from './memory-sink.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';
import { ipcImage, STACK_BYTES, THREAD_A, THREAD_B, type Variant } from './ipc-program.ts';

export interface IpcRun {
  readonly image: LinkedImage;
  readonly bench: HandoffTop;
  readonly sim: Simulator;
  readonly report: HandoffReport;
  readonly config: HandoffConfig;
  readonly vcd?: { readonly bytes: Uint8Array; readonly writer: VcdWriter };
}

export function ipcConfig(image: LinkedImage): HandoffConfig {
  const at = (n: string): number => image.symbols.get(n)!;
  return {
    threads: [
      { name: 'a', id: THREAD_A, utcb: at('utcb_a'), stackTop: at('stack_a_top'), stackSize: STACK_BYTES },
      { name: 'b', id: THREAD_B, utcb: at('utcb_b'), stackTop: at('stack_b_top'), stackSize: STACK_BYTES },
    ],
    pageTables: [{ name: 'page_table', base: at('page_table'), size: 8 }],
    regions: [{ name: 'kbuf', base: at('kbuf'), size: 8 }],
    phases: resolvePhaseMarkers(image),
  };
}

export interface RunOptions {
  readonly words?: number;
  readonly vcd?: boolean;
  /** Scopes or signals left out of the VCD. */
  readonly vcdExclude?: readonly string[];
  readonly check?: boolean;
  readonly viewEnabled?: boolean;
  readonly mrRegisters?: readonly number[];
  readonly counters?: HandoffConfig['counters'];
  readonly ipcSwis?: readonly number[];
  readonly phases?: ReadonlyMap<number, string>;
  readonly judgeSlowPath?: boolean;
  readonly disabledRules?: HandoffConfig['disabledRules'];
  /** Another observer to attach (after the checker). */
  readonly observe?: (bench: HandoffTop) => CycleObserver;
}

export function runIpc(variant: Variant, options: RunOptions = {}): IpcRun {
  const image = ipcImage(variant, options.words ?? 4);
  const base = ipcConfig(image);
  const { mrRegisters, counters, ipcSwis, phases, judgeSlowPath, disabledRules } = options;
  const config: HandoffConfig = { ...base, mrRegisters, counters, ipcSwis, judgeSlowPath, disabledRules, phases: phases ?? base.phases };
  const machine = new HandoffMachine(image, { check: options.check ?? false, view: { phases: config.phases ?? new Map(), enabled: options.viewEnabled ?? true }, message: { threads: config.threads ?? [] } });
  const { sim, bench } = machine;
  const checker = new HandoffChecker(sim, bench.sys.core, config);
  if (options.observe) sim.addObserver(options.observe(bench));
  const sink = options.vcd ? new MemorySink() : undefined;
  const writer = sink ? new VcdWriter(sim, { output: sink, ...(options.vcdExclude ? { exclude: options.vcdExclude } : {}) }) : undefined;
  machine.boot();
  const done = image.symbols.get('done')!;
  const w = bench.sys.core.writeback;
  let seen = false;
  sim.runUntil(() => {
    // Stop a few cycles after the receiver reaches `done`, so the VCD shows the resume.
    if (w.ret_valid.on && w.ret_pc.v === done) seen = true;
    return seen;
  }, 5000);
  sim.run(4);
  writer?.close();
  const report = checker.report();
  return sink && writer ? { image, bench, sim, report, config, vcd: { bytes: sink.data(), writer } } : { image, bench, sim, report, config };
}
