// The comparison of the RTL system with the reference model, retirement by retirement (the lockstep
// machine, testbench/machine, and runLockstep use it): the instruction's address and word, the
// exception taken, the CPSR after it, and every physical general-purpose register.
import { disassemble } from '../../kernel/toolchain/index.ts';
import { EXC_NAMES, PHYS_NAMES, physReg } from '../../rtl/core/arm.ts';
import type { Arm926System } from '../../rtl/system/arm926-system.ts';
import type { StepEffects, VersatileMachine } from '../reference/index.ts';

/** Device space on the Versatile PB: loads from here take the RTL's value. */
const DEVICE_BASE = 0x1000_0000;

/** SWI 0x123456 (ARM semihosting; Thumb: SWI 0xAB): the ISS treats it as a host call; here it ends the run. */
export const SEMIHOSTING_SWI = 0xef123456;
export const SEMIHOSTING_THUMB_SWI = 0xdfab;

export interface Retirement {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  readonly thumb: boolean;
  readonly exc: number;
  readonly cpsr: number;
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
