// Lockstep: the RTL system and the reference model (ISS) run the same image; at every retirement of
// the RTL core the ISS executes one instruction and the architectural effects must match: the
// instruction's address and word, the exception taken, the CPSR after it, and every physical
// general-purpose register. A mismatch stops the run with a report naming the cycle, pc,
// disassembly, field, both values and the retirements before it, and (optionally) writes the
// waveform window around it by re-running deterministically.
import type { Simulator } from '../../rtl/hdl/index.ts';
import type { Arm926System, SystemOptions } from '../../rtl/system/arm926-system.ts';
import type { LoadableImage, StepEffects, VersatileMachine } from '../reference/index.ts';
import { VcdWriter } from '../trace/vcd-writer.ts';
import { LockstepMachine } from '../machine/lockstep-machine.ts';
import type { Retirement } from './comparator.ts';

export { LockstepComparator, isSemihostingRetirement, SEMIHOSTING_SWI, SEMIHOSTING_THUMB_SWI, type Mismatch, type Retirement } from './comparator.ts';

export interface LockstepOptions {
  readonly maxCycles?: number;
  /** Evaluate combinational logic twice per cycle (order-bug check). */
  readonly check?: boolean;
  /** The system: hardware knobs, memory system on/off (default on), RAM size (default 4 MB). */
  readonly system?: SystemOptions;
  /** On a mismatch, re-run and write the waveform of the cycles before it here. */
  readonly vcdOnMismatch?: string;
  /** Called with the system before reset (extra setup, e.g. random stalls). */
  readonly setup?: (sys: Arm926System, sim: Simulator) => void;
  /**
   * Raise IRQ and FIQ on the external pins at random cycles (seeded); a line drops when the core
   * retires its entry. The reference model takes the interrupt exactly where the RTL did.
   */
  readonly interrupts?: { readonly seed: number; readonly irqEvery: number; readonly fiqEvery: number };
  /**
   * Called for every retirement both models agree on (coverage): the instruction word (0 for an
   * interrupt entry, whose effects have no pc) and the reference model's effects.
   */
  readonly onRetire?: (instruction: number, effects: StepEffects) => void;
}

export interface LockstepResult {
  readonly ok: boolean;
  readonly retired: number;
  readonly cycles: number;
  /** How the run ended: semihosting exit, cycle limit, or a mismatch. */
  readonly end: 'exit' | 'max-cycles' | 'mismatch';
  readonly report?: string;
  readonly history: readonly Retirement[];
  /** UART0 output of the RTL system and of the reference model. */
  readonly uart: { readonly rtl: string; readonly reference: string };
  /** The reference model after the run (its state equals the RTL's at every compared retirement). */
  readonly reference: VersatileMachine;
}

/** RAM of a lockstep run unless `system.soc.ramBytes` says otherwise (the tests' programs fit in 4 MB). */
export const LOCKSTEP_RAM = 4 << 20;

/**
 * Run `image` on the lockstep machine (testbench/machine: the RTL system with the reference model
 * compared at every retirement), started at its entry in the reset state, until a semihosting call
 * (the RTL has no host to serve it: the run ends there), a mismatch or `maxCycles`.
 */
export function runLockstep(image: LoadableImage, options: LockstepOptions = {}): LockstepResult {
  const r = lockstepRun(image, options);
  if (r.end !== 'mismatch' || !options.vcdOnMismatch) return r;
  // Runs are deterministic (the interrupts too: seeded): the same run again, with the waveform.
  const last = r.history.length > 0 ? r.history[r.history.length - 1]!.cycle : 0;
  const from = Math.max(0, r.cycles - 60);
  const again = lockstepRun(image, options, { path: options.vcdOnMismatch, from });
  const same = again.end === 'mismatch' && again.cycles === r.cycles ? '' : ` (NOTE: the re-run ended differently: ${again.end} at cycle ${again.cycles})`;
  return { ...r, report: `${r.report}\n  waveform of cycles ${from}..${again.cycles} (last agreed retirement at ${last}): ${options.vcdOnMismatch}${same}` };
}

function lockstepRun(image: LoadableImage, options: LockstepOptions, vcd?: { readonly path: string; readonly from: number }): LockstepResult {
  const maxCycles = options.maxCycles ?? 200_000;
  const sys0 = options.system ?? {};
  const machine = new LockstepMachine({
    ...(sys0.hardware ? { hardware: sys0.hardware } : {}),
    ...(sys0.memorySystem !== undefined ? { memorySystem: sys0.memorySystem } : {}),
    ramBytes: sys0.soc?.ramBytes ?? LOCKSTEP_RAM,
    check: options.check ?? false,
    ...(options.onRetire ? { onRetire: options.onRetire } : {}),
  });
  const { sys, sim } = machine;
  const iss = machine.reference.iss;
  machine.load({ image });
  const writer = vcd ? new VcdWriter(sim, { output: vcd.path, window: { from: vcd.from }, include: ['top.sys.core'] }) : undefined;
  machine.start(image.entry);
  options.setup?.(sys, sim);
  const irqs = options.interrupts;
  if (irqs) {
    let rng = irqs.seed >>> 0 || 1;
    const random = (): number => {
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      return (rng >>> 0) / 4294967296;
    };
    const w = sys.core.writeback;
    // The interrupt entries the last cycle retired, as settled in that cycle (between cycles the
    // retirement outputs that are registers already show the next uop).
    let enteredIrq = false;
    let enteredFiq = false;
    sim.addObserver({
      sample: () => {
        enteredIrq = w.ret_valid.on && w.ret_exc.v === 5;
        enteredFiq = w.ret_valid.on && w.ret_exc.v === 6;
      },
    });
    // Before each cycle: a line drops once the core has retired its entry; a quiet line may rise.
    machine.onCycle = () => {
      if (enteredIrq) sim.poke(sys.ext_irq, 0);
      if (enteredFiq) sim.poke(sys.ext_fiq, 0);
      if (!sys.ext_irq.on && random() * irqs.irqEvery < 1) sim.poke(sys.ext_irq, 1);
      if (!sys.ext_fiq.on && random() * irqs.fiqEvery < 1) sim.poke(sys.ext_fiq, 1);
    };
  }
  const stop = machine.run([], { maxCycles: maxCycles - sim.cycle }).stop;
  writer?.close();
  const history = machine.history;
  const uart = { rtl: sys.soc.uart0.transmittedText(), reference: iss.uartOutput() };
  const base = { retired: history.length, cycles: sim.cycle, history, uart, reference: iss };
  if (stop.kind === 'mismatch') return { ok: false, end: 'mismatch', report: stop.report, ...base };
  if (stop.kind === 'exit' || stop.kind === 'semihosting') return { ok: true, end: 'exit', ...base };
  if (stop.kind === 'max-cycles') return { ok: true, end: 'max-cycles', ...base };
  throw new Error(`lockstep run: unexpected stop ${JSON.stringify(stop)}`);
}
