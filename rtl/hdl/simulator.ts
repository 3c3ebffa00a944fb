// The simulator: runs clock cycles over an elaborated design.
//
// One cycle (step):
//   1. settle:  every comb() in schedule order, from the registers latched at the last edge;
//               check mode records every signal access and fails on a read whose writer the
//               schedule runs later, then runs the schedule twice and names any signal that differs.
//   2. sample:  observers (the VCD writer, monitors) see the settled values of this cycle.
//   3. clock:   every clock() writes registers' next and queues memory writes.
//   4. edge:    all registers take next (or their reset value during reset), all memory writes land.
// Settle and clock each run as one generated straight-line function (phaseFunction below); the
// registers are copied into next only when a poke or a reset edge may have made them differ. From
// SPECIALIZE_AFTER_CYCLES on, the modules' methods run compiled with constant slots (specialize.ts).
// Widths: a value wider than its signal is refused in check mode (a wire at the write, a register
// before the edge, naming it); plain runs do not test writes, so accessors stay inlinable.
// Testbench pokes and memory writes are always checked.
import { CheckModeError } from './errors.ts';
import { setAccessSink, startRecording } from './access-recording.ts';
import { elaborate, slotMasks, type Design } from './elaborate.ts';
import type { Module } from './module.ts';
import { generatedFunction, ownFunction } from './generated.ts';
import { ScheduleChecker } from './schedule-check.ts';
import { specializeDesign, type SpecializeReport } from './specialize.ts';
import type { AnySignal, Reg, TextSignal } from './signal.ts';

export interface CycleObserver {
  /** Called once per cycle after combinational logic has settled, before the clock edge. */
  sample(cycle: number, sim: Simulator): void;
}

export type ClockOrder = 'declared' | 'reversed' | { readonly shuffleSeed: number };

export interface SimulatorOptions {
  /** Evaluate combinational logic twice per cycle and check phase discipline (slower). */
  readonly check?: boolean;
  /** Order in which clocked logic runs; results must not depend on it (tests vary it). */
  readonly clockOrder?: ClockOrder;
  /**
   * Reuse the comb recording of an earlier design built from the same inputs (elaborate.ts). In check
   * mode too: it checks every cycle's accesses against the schedule, so a shared recording is held
   * to account as much as one of its own (and a recording per design swapped the signal classes'
   * accessors each time, discarding the optimised code: the `encodings` verify suite ran 2.2x slower).
   */
  readonly scheduleKey?: string;
  /**
   * When to compile the modules' methods with constant slots (specialize.ts): 'now', 'never', or
   * after this many cycles (default: defaultSpecialize()). Never in check mode.
   */
  readonly specialize?: 'now' | 'never' | number;
}

/**
 * A run this long has its methods compiled with constant slots. Shorter runs keep the classes'
 * methods, whose optimised code every machine in the process shares; a design's compiled code is
 * its own and warms up again (~0.1-0.15 s of a machine's time), which a run pays back only some
 * 100,000-150,000 cycles after compiling. 300,000 keeps a sweep's points of a few hundred thousand
 * cycles on the shared code (the memory-latency study 6.1-6.3 s, as never compiled, against
 * 7.3-7.8 s at 100,000); a 1.5 M-cycle run loses ~0.2 s against 100,000. The measurements:
 * docs/ARCHITECTURE.md, "Constant-slot methods".
 */
export const SPECIALIZE_AFTER_CYCLES = 300_000;

/**
 * The default of SimulatorOptions.specialize, read as each simulator is built: HANDOFF_SPECIALIZE
 * ('now', 'never' or a cycle count) when set (to run any test suite or tool both ways), else
 * SPECIALIZE_AFTER_CYCLES.
 */
export function defaultSpecialize(value = process.env.HANDOFF_SPECIALIZE): 'now' | 'never' | number {
  if (value === undefined || value === '') return SPECIALIZE_AFTER_CYCLES;
  if (value === 'now' || value === 'never') return value;
  if (/^\d+$/.test(value)) return Number(value);
  throw new Error(`HANDOFF_SPECIALIZE: ${JSON.stringify(value)} is not 'now', 'never' or a number of cycles`);
}

/** One call of a generated phase function: a module method (comb or clock) or a further comb block's closure. */
type PhaseCall = { readonly module: Module; readonly method: 'comb' | 'clock' } | { readonly run: () => void; readonly label: string };

/**
 * A function that makes every call of a phase in order: straight-line code with one call site per
 * block, each always calling the same method of the same class (monomorphic), where a loop over an
 * array of functions is one megamorphic site V8 cannot inline through. Shared: cached by its text
 * (the classes and calls in order), so designs built alike share it and its optimisation (short
 * runs: no warm-up per machine). `own` (a long run, with its methods compiled): this design's own
 * function (the number in its text), the only closure of its code, so V8 optimises it with the
 * modules as constants (specialize.ts says why that matters).
 */
function phaseFunction(name: string, calls: readonly PhaseCall[], own?: number): () => void {
  const lines = calls.map((c, k) => ('module' in c ? `t${k}.${c.method}(); // ${c.module.constructor.name}` : `t${k}(); // ${c.label}`));
  const body = `return function ${name}() {${own === undefined ? '' : ` // design ${own}`}\n${lines.join('\n')}\n};`;
  const params = calls.map((_, k) => `t${k}`);
  type Factory = (...targets: unknown[]) => () => void;
  const factory = own === undefined ? generatedFunction<Factory>(params, body) : ownFunction<Factory>(params, body, `design ${own}: ${name}`);
  return factory(...calls.map((c) => ('module' in c ? c.module : c.run)));
}

/** Designs whose long run was given its own code in this process (each one's number goes in its functions' text). */
let designsMadeOwn = 0;

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed >>> 0 || 1;
  for (let k = out.length - 1; k > 0; k--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (k + 1);
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

export class Simulator {
  readonly design: Design;
  readonly check: boolean;
  /** Cycles completed (clock edges so far). */
  cycle = 0;
  /** True while synchronous reset is asserted: the next edges load reset values. */
  resetActive = false;

  /** Comb blocks in schedule order (check mode runs them one by one). */
  private readonly comb: Array<() => void>;
  /** The generated phases (phaseFunction): every comb block in schedule order; every clock() in the clock order. */
  private settleAll: () => void;
  private clockAll: () => void;
  private readonly settleCalls: readonly PhaseCall[];
  private readonly clockCalls: readonly PhaseCall[];
  private readonly observers: CycleObserver[] = [];
  private resetCycles = 0;
  /**
   * True when registers' next may differ from their value: before the first cycle, after a reset
   * edge or a poke. The edge copies next into the registers, so after it they agree and the next
   * cycle needs no copy (clocked logic writes next only for the registers it changes).
   */
  private nextStale = true;
  private readonly regNow: Uint32Array;
  private readonly regNext: Uint32Array;
  private readonly wireNow: Uint32Array;
  private readonly snapshot: Uint32Array;
  private textSnapshot: string[] = [];
  private readonly scheduleChecker: ScheduleChecker | null;
  /** Check mode: the bits each register slot may hold. */
  private readonly regMasks: Uint32Array | null;
  /** The cycle at which the methods are compiled with constant slots (Infinity: not, or done). */
  private specializeAt: number;
  /** What that compilation did (undefined until it ran). */
  specialization: SpecializeReport | undefined;

  constructor(top: Module, options: SimulatorOptions = {}) {
    this.design = elaborate(top, options.scheduleKey !== undefined ? { scheduleKey: options.scheduleKey } : {});
    this.check = options.check ?? false;
    const d = this.design;
    this.comb = d.combSchedule.map((b) => b.run);
    const order = options.clockOrder ?? 'declared';
    const clocked = order === 'declared' ? d.clocked : order === 'reversed' ? [...d.clocked].reverse() : shuffled(d.clocked, order.shuffleSeed);
    this.settleCalls = d.combSchedule.map((b) => (b.path === b.module.path ? { module: b.module, method: 'comb' as const } : { run: b.run, label: b.path }));
    this.clockCalls = clocked.map((m) => ({ module: m, method: 'clock' as const }));
    this.settleAll = phaseFunction('settle', this.settleCalls);
    this.clockAll = phaseFunction('clock', this.clockCalls);
    this.regNow = d.store.subarray(d.regLo, d.regHi);
    this.regNext = d.next.subarray(d.regLo, d.regHi);
    this.wireNow = d.store.subarray(0, d.regLo);
    this.snapshot = new Uint32Array(this.check ? d.store.length : 0);
    this.scheduleChecker = this.check ? new ScheduleChecker(d) : null;
    this.regMasks = this.check ? slotMasks(d.slotSignal).subarray(d.regLo, d.regHi) : null;
    // Check mode records accesses for the whole run (the signals keep their recording prototypes).
    if (this.check) startRecording(d.signals.filter((s) => s.i < d.regLo), d.texts);
    const when = options.specialize ?? defaultSpecialize();
    if (typeof when === 'number' && !(Number.isSafeInteger(when) && when >= 0)) throw new RangeError(`specialize: ${when} is not 'now', 'never' or a number of cycles`);
    this.specializeAt = this.check || when === 'never' ? Number.POSITIVE_INFINITY : when === 'now' ? 0 : when;
    if (this.specializeAt === 0) this.specializeNow();
  }

  /** Compile the modules' methods with constant slots now (once; not in check mode). */
  specializeNow(): SpecializeReport | undefined {
    if (this.check || this.specialization) return this.specialization;
    this.specializeAt = Number.POSITIVE_INFINITY;
    const own = ++designsMadeOwn;
    this.specialization = specializeDesign(this.design.modules, this.design.store, this.design.next, own);
    // The phases made again as this design's own, calling the compiled methods.
    this.settleAll = phaseFunction('settle', this.settleCalls, own);
    this.clockAll = phaseFunction('clock', this.clockCalls, own);
    return this.specialization;
  }

  addObserver(o: CycleObserver): void {
    this.observers.push(o);
  }

  removeObserver(o: CycleObserver): void {
    const k = this.observers.indexOf(o);
    if (k >= 0) this.observers.splice(k, 1);
  }

  /** Assert synchronous reset for the next `cycles` clock edges, and run them. */
  reset(cycles = 1): void {
    this.resetCycles = cycles;
    this.resetActive = cycles > 0;
    this.run(cycles);
  }

  /** Testbench drive: set a signal (a top-level input, or a register as a backdoor). */
  poke(signal: AnySignal | Reg, value: number): void {
    if (signal.words !== 1) throw new CheckModeError(`poke: ${signal.path} is wide; use setWord/big`);
    if ((value & signal.overflow) !== 0) throw new CheckModeError(`poke: 0x${(value >>> 0).toString(16)} does not fit ${signal.path} (${signal.width} bits)`);
    this.design.store[signal.i] = value;
    this.nextStale = true;
  }

  peek(signal: AnySignal): number {
    return this.design.store[signal.i]!;
  }

  pokeText(signal: TextSignal, value: string): void {
    this.design.textStore[signal.i] = value;
  }

  /** Evaluate combinational logic from the current registers and inputs. */
  settle(): void {
    this.settleAll();
  }

  step(): void {
    if (this.cycle >= this.specializeAt) this.specializeNow();
    const d = this.design;
    // Registers hold unless clocked logic writes them: next starts as the current value (it already
    // is, unless a poke or a reset edge changed a register since the last edge).
    if (this.nextStale) {
      this.regNext.set(this.regNow);
      this.nextStale = false;
    }
    if (this.check) this.settleChecked();
    else this.settle();

    const observers = this.observers;
    for (let k = 0; k < observers.length; k++) observers[k]!.sample(this.cycle, this);

    if (this.check) this.snapshot.set(this.wireNow);
    this.clockAll();
    if (this.check) {
      this.checkClockWroteNoWire();
      this.checkRegisterWidths();
    }

    // The edge: every register at once, then every memory write.
    if (this.resetActive) {
      this.regNow.set(d.resetValues);
      this.nextStale = true;
      for (const m of d.memories) m.reset();
      d.writtenMemories.length = 0;
      if (--this.resetCycles <= 0) this.resetActive = false;
    } else {
      this.regNow.set(this.regNext);
      // Only the memories written this cycle (most cycles: none or one).
      const mems = d.writtenMemories;
      for (let k = 0; k < mems.length; k++) mems[k]!.commit();
      mems.length = 0;
    }
    this.cycle++;
  }

  run(cycles: number): void {
    for (let k = 0; k < cycles; k++) this.step();
  }

  /** Step until `done()` is true after an edge, at most `maxCycles`; returns cycles run. */
  runUntil(done: () => boolean, maxCycles: number): number {
    let k = 0;
    while (k < maxCycles) {
      this.step();
      k++;
      if (done()) break;
    }
    return k;
  }

  /** settle(), with every access checked against the schedule. */
  private settleRecorded(): void {
    const checker = this.scheduleChecker!;
    const comb = this.comb;
    checker.begin(this.cycle);
    setAccessSink(checker, this.design.store.length);
    try {
      for (let k = 0; k < comb.length; k++) {
        checker.block = k;
        comb[k]!();
      }
    } finally {
      setAccessSink(null);
    }
  }

  private settleChecked(): void {
    const d = this.design;
    this.settleRecorded();
    this.snapshot.set(d.store);
    this.textSnapshot = [...d.textStore];
    // The second evaluation checks convergence only (a loop inside one block); its accesses are
    // those of the first, already checked.
    this.settle();
    const store = d.store;
    for (let k = 0; k < store.length; k++) {
      if (store[k] !== this.snapshot[k]) {
        const s = d.slotSignal[k]!;
        throw new CheckModeError(
          `cycle ${this.cycle}: ${s.path} settled to 0x${this.snapshot[k]!.toString(16)} then 0x${store[k]!.toString(16)} on a second evaluation: ` +
            `combinational logic reads it before it is computed (evaluation order) or through a loop`,
        );
      }
    }
    for (let k = 0; k < d.textStore.length; k++) {
      if (d.textStore[k] !== this.textSnapshot[k]) {
        throw new CheckModeError(`cycle ${this.cycle}: text ${d.texts[k]!.path} settled to ${JSON.stringify(this.textSnapshot[k])} then ${JSON.stringify(d.textStore[k])} on a second evaluation`);
      }
    }
    for (let k = 0; k < this.regNow.length; k++) {
      if (this.regNext[k] !== this.regNow[k]) {
        throw new CheckModeError(`cycle ${this.cycle}: register ${d.slotSignal[d.regLo + k]!.path} had next written by combinational logic (only clock() may)`);
      }
    }
    for (const m of d.memories) {
      if (m.pendingWrites > 0) throw new CheckModeError(`cycle ${this.cycle}: memory ${m.path} written by combinational logic (only clock() may)`);
    }
  }

  /** Every register's next fits its width (plain runs do not check writes: signal.ts). */
  private checkRegisterWidths(): void {
    const d = this.design;
    const masks = this.regMasks!;
    for (let k = 0; k < this.regNext.length; k++) {
      if ((this.regNext[k]! & ~masks[k]!) !== 0) d.slotSignal[d.regLo + k]!.widthError(this.regNext[k]!);
    }
  }

  private checkClockWroteNoWire(): void {
    const d = this.design;
    for (let k = 0; k < this.wireNow.length; k++) {
      if (this.wireNow[k] !== this.snapshot[k]) {
        throw new CheckModeError(`cycle ${this.cycle}: wire ${d.slotSignal[k]!.path} written by clocked logic (clock() may write only registers' next and memories)`);
      }
    }
  }
}
