// Lockstep: the RTL system and the reference model (ISS) run the same image; at every retirement of
// the RTL core the ISS executes one instruction and the architectural effects must match: the
// instruction's address and word, the exception taken, the CPSR after it, and every physical
// general-purpose register. A mismatch stops the run with a report naming the cycle, pc,
// disassembly, field, both values and the retirements before it, and (optionally) writes the
// waveform window around it by re-running deterministically.
import { disassemble } from '../../kernel/toolchain/index.ts';
import { EXC_NAMES, PHYS_NAMES, physReg } from '../../rtl/core/arm.ts';
import { Simulator, type CycleObserver } from '../../rtl/hdl/index.ts';
import { Arm926System } from '../../rtl/system/arm926-system.ts';
import type { SystemOptions } from '../../rtl/system/arm926-system.ts';
import { type LoadableImage, VersatileMachine, type StepEffects } from '../reference/index.ts';
import { VcdWriter } from '../trace/vcd-writer.ts';
import { bootBranch, loadImageIntoSystem } from '../boot-image.ts';

/** Device space on the Versatile PB: loads from here take the RTL's value. */
const DEVICE_BASE = 0x1000_0000;

/** SWI 0x123456 (ARM semihosting; Thumb: SWI 0xAB): the ISS treats it as a host call; here it ends the run. */
export const SEMIHOSTING_SWI = 0xef123456;
export const SEMIHOSTING_THUMB_SWI = 0xdfab;

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

export interface Retirement {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  readonly thumb: boolean;
  readonly exc: number;
  readonly cpsr: number;
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

const ISS_EXC: Record<string, number> = { undefined: 1, swi: 2, 'prefetch-abort': 3, 'data-abort': 4, irq: 5, fiq: 6 };

/** RTL physical register k -> ISS physical register (the ISS numbers r15 as 15 and banks from 16). */
function issPhysical(k: number): number {
  return k < 15 ? k : k + 1;
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;


/** A disagreement at one retirement: the field and both values. */
export interface Mismatch {
  readonly field: string;
  readonly rtl: string;
  readonly reference: string;
}

/**
 * The comparison of one RTL system with one reference model, retirement by retirement. Devices are
 * the RTL's: the two models count time differently (the reference model's timer ticks per
 * instruction, the RTL's per cycle), so the reference model takes an interrupt exactly where the
 * RTL did (it sees a line only for the step that mirrors the RTL's entry), and a load from a device
 * takes the value the RTL loaded. Used by runLockstep and by the lockstep machine (testbench/machine).
 */
export class LockstepComparator {
  readonly history: Retirement[] = [];
  private issIrq = false;
  private issFiq = false;

  constructor(
    private readonly sys: Arm926System,
    readonly iss: VersatileMachine,
    private readonly onRetire?: (instruction: number, effects: StepEffects) => void,
  ) {
    // (The reference VIC keeps computing its own lines; those writes are ignored.)
    Object.defineProperty(iss.vic, 'irqOut', { get: () => this.issIrq, set: () => {} });
    Object.defineProperty(iss.vic, 'fiqOut', { get: () => this.issFiq, set: () => {} });
  }

  /** Step the reference model for the RTL's retirement `r` and compare; undefined when they agree. */
  compare(r: Retirement): Mismatch | undefined {
    const iss = this.iss;
    const history = this.history;
    const gpr = this.sys.core.rf.gpr.data;
    const fail = (field: string, rtl: string, reference: string): Mismatch => ({ field, rtl, reference });
    this.issIrq = r.exc === 5;
    this.issFiq = r.exc === 6;
    const eff = iss.step();
    this.issIrq = false;
    this.issFiq = false;
    if (!eff) return fail('reference', 'retired an instruction', `stopped (${JSON.stringify(iss.core.stop)})`);
    if (eff.pc === undefined && eff.exception === undefined) return fail('reference', 'retired', 'waited (WFI)');
    const issExc = eff.exception ? ISS_EXC[eff.exception] ?? -1 : 0;
    if (eff.pc === undefined) {
      // The ISS took an interrupt before an instruction; the RTL must have done the same.
      if (r.exc !== issExc) return fail('exception', EXC_NAMES[r.exc] ?? String(r.exc), eff.exception ?? 'none');
    } else {
      if (eff.pc !== r.pc) return fail('pc', hex(r.pc), hex(eff.pc));
      if ((eff.instruction ?? 0) >>> 0 !== r.instr) return fail('instruction', hex(r.instr), hex(eff.instruction ?? 0));
      if (eff.thumb !== r.thumb) return fail('state', r.thumb ? 'Thumb' : 'ARM', eff.thumb ? 'Thumb' : 'ARM');
      if (issExc !== r.exc) return fail('exception', EXC_NAMES[r.exc] ?? String(r.exc), eff.exception ?? 'none');
    }
    if (!r.thumb && isCacheStatusRead(r.instr) && r.exc === 0) {
      // Test-and-clean reads cache state the reference model does not have (it is always
      // clean): the RTL's answer stands, so both run the kernel's clean loop the same number of times.
      iss.core.setCpsr(r.cpsr);
      for (let k = 0; k < PHYS_NAMES.length; k++) iss.core.setPhysicalRegister(issPhysical(k), gpr[k]!);
    } else if (eff.cpsrAfter >>> 0 !== r.cpsr) return fail('cpsr', hex(r.cpsr), hex(eff.cpsrAfter));
    if (eff.memory.some((m) => !m.write && m.physicalAddress >>> 0 >= DEVICE_BASE)) {
      for (let k = 0; k < PHYS_NAMES.length; k++) iss.core.setPhysicalRegister(issPhysical(k), gpr[k]!);
    }
    // An LDM that aborts leaves the registers it loaded before the fault UNPREDICTABLE (ARM ARM;
    // the base is restored on the ARM926): the RTL has written them, the reference model not.
    // Those registers are not compared; the rest are, and the reference model takes the RTL's.
    const ranIn = (history.length > 0 ? history[history.length - 1]!.cpsr : this.startCpsr) & 0x1f;
    const unpredictable = r.exc !== 4 ? NONE : r.thumb ? thumbLdmTargets(r.instr) : isLdm(r.instr) ? ldmTargets(r.instr, ranIn) : NONE;
    for (let k = 0; k < PHYS_NAMES.length; k++) {
      const ref = iss.core.physicalRegister(issPhysical(k)) >>> 0;
      if (gpr[k] !== ref) {
        if (unpredictable.has(k)) {
          iss.core.setPhysicalRegister(issPhysical(k), gpr[k]!);
          continue;
        }
        return fail(PHYS_NAMES[k]!, hex(gpr[k]!), hex(ref));
      }
    }
    history.push(r);
    this.onRetire?.(eff.instruction ?? 0, eff);
    return undefined;
  }

  /** The CPSR the first instruction runs with (for the mode of an aborting LDM). */
  startCpsr = 0xd3;

  /** The report of a mismatch at `r`: the field, both values and the retirements before it. */
  report(r: Retirement, m: Mismatch): string {
    const history = this.history;
    return [
      `lockstep mismatch at cycle ${r.cycle}, retirement ${history.length}: ${hex(r.pc)}  ${hex(r.instr)}  ${safeDisasm(r)}`,
      `  field ${m.field}: RTL ${m.rtl}, reference ${m.reference}`,
      '  last retirements:',
      ...history.slice(-12).map((h) => `    cycle ${String(h.cycle).padStart(7)}  ${hex(h.pc)}  ${safeDisasm(h)}${h.exc ? `  [${EXC_NAMES[h.exc]}]` : ''}`),
    ].join('\n');
  }
}

/** A semihosting call (ARM SWI 0x123456, Thumb SWI 0xAB) retired: the ISS serves it, the RTL has no host. */
export function isSemihostingRetirement(r: Pick<Retirement, 'thumb' | 'instr' | 'exc'>): boolean {
  return (r.thumb ? r.instr === SEMIHOSTING_THUMB_SWI : r.instr === SEMIHOSTING_SWI) && r.exc === 2;
}

export function runLockstep(image: LoadableImage, options: LockstepOptions = {}): LockstepResult {
  const maxCycles = options.maxCycles ?? 200_000;
  const sys = makeSystem(options);
  const ramBytes = sys.soc.config.ramBytes;
  const sim = new Simulator(sys, { check: options.check ?? false });
  const iss = new VersatileMachine({ ramSize: ramBytes });
  iss.loadImage(image);
  loadImageIntoSystem(sys, image);
  if (image.entry !== 0) iss.memory.write32(0, bootBranch(image.entry));
  iss.core.setCpsr(0xd3);
  iss.core.setRegister(15, 0);
  options.setup?.(sys, sim);
  const comparator = new LockstepComparator(sys, iss, options.onRetire);
  let rng = (options.interrupts?.seed ?? 1) >>> 0 || 1;
  const random = (): number => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 4294967296;
  };

  const w = sys.core.writeback;
  const uart = (): LockstepResult['uart'] => ({ rtl: sys.soc.uart0.transmittedText(), reference: iss.uartOutput() });
  let pending: Retirement | null = null;
  const observer: CycleObserver = {
    sample(cycle) {
      pending = w.ret_valid.on ? { cycle, pc: w.ret_pc.v, instr: w.ret_instr.v, thumb: w.ret_thumb.on, exc: w.ret_exc.v, cpsr: w.ret_cpsr.v } : null;
    },
  };
  sim.addObserver(observer);
  sim.reset(1);
  const history = comparator.history;

  const irqs = options.interrupts;
  while (sim.cycle < maxCycles) {
    if (irqs) {
      if (!sys.ext_irq.on && random() * irqs.irqEvery < 1) sim.poke(sys.ext_irq, 1);
      if (!sys.ext_fiq.on && random() * irqs.fiqEvery < 1) sim.poke(sys.ext_fiq, 1);
    }
    sim.step();
    const r = pending as Retirement | null;
    if (!r) continue;
    if (isSemihostingRetirement(r)) return { ok: true, retired: history.length, cycles: sim.cycle, end: 'exit', history, uart: uart(), reference: iss };
    if (r.exc === 5) sim.poke(sys.ext_irq, 0);
    if (r.exc === 6) sim.poke(sys.ext_fiq, 0);
    const m = comparator.compare(r);
    if (m) {
      const lines = [comparator.report(r, m)];
      if (options.vcdOnMismatch) {
        writeWindow(image, options, r.cycle);
        lines.push(`  waveform of cycles ${Math.max(0, r.cycle - 60)}..${r.cycle + 4}: ${options.vcdOnMismatch}`);
      }
      return { ok: false, retired: history.length, cycles: sim.cycle, end: 'mismatch', report: lines.join('\n'), history, uart: uart(), reference: iss };
    }
  }
  return { ok: true, retired: history.length, cycles: sim.cycle, end: 'max-cycles', history, uart: uart(), reference: iss };
}

/** LDM (any addressing mode). */
function isLdm(instr: number): boolean {
  return (instr & 0x0e100000) === 0x08100000;
}

const NONE: ReadonlySet<number> = new Set();

/** Physical registers an LDM loads (its base excluded: restored on abort), banked as it ran. */
function ldmTargets(instr: number, mode: number): ReadonlySet<number> {
  const out = new Set<number>();
  const base = (instr >>> 16) & 15;
  const userBank = (instr & (1 << 22)) !== 0 && (instr & 0x8000) === 0;
  for (let r = 0; r < 15; r++) if (instr & (1 << r) && r !== base) out.add(physReg(r, userBank ? 0x10 : mode));
  return out;
}

/** Registers a Thumb LDMIA or POP loads (its base excluded), r0..r7 in every mode. */
function thumbLdmTargets(hw: number): ReadonlySet<number> {
  const ldmia = (hw & 0xf800) === 0xc800;
  if (!ldmia && (hw & 0xfe00) !== 0xbc00) return NONE;
  const out = new Set<number>();
  for (let r = 0; r < 8; r++) if (hw & (1 << r) && !(ldmia && r === ((hw >>> 8) & 7))) out.add(r);
  return out;
}

/** MRC p15, 0, Rd, c7, ... : a cache status read (test-and-clean), not architectural state. */
function isCacheStatusRead(instr: number): boolean {
  return (instr & 0x0ff00f10) === 0x0e100f10 && ((instr >>> 16) & 15) === 7;
}

function safeDisasm(r: Retirement): string {
  if (r.thumb) return `(Thumb) .short 0x${r.instr.toString(16).padStart(4, '0')}`;
  try {
    return disassemble(r.instr, r.pc).replace(/\t/g, ' ');
  } catch {
    return '?';
  }
}

/** Re-run the same program (runs are deterministic) with a VCD window ending just after `cycle`. */
function makeSystem(options: LockstepOptions): Arm926System {
  const o = options.system ?? {};
  return new Arm926System(null, 'top', { ...o, soc: { ramBytes: 4 << 20, ...o.soc } });
}

function writeWindow(image: LoadableImage, options: LockstepOptions, cycle: number): void {
  const sys = makeSystem(options);
  const sim = new Simulator(sys);
  loadImageIntoSystem(sys, image);
  options.setup?.(sys, sim);
  const vcd = new VcdWriter(sim, { output: options.vcdOnMismatch!, window: { from: Math.max(0, cycle - 60), to: cycle + 5 }, include: ['top.core'] });
  sim.reset(1);
  while (sim.cycle < cycle + 5) sim.step();
  vcd.close();
}
