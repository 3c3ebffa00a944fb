// Fast-forward: run a workload on the reference model (ISS) to a point (the Nth time the next
// instruction is a symbol, or an instruction count), hand its architectural state to a fresh RTL
// system (registers of every mode, CPSR and SPSRs, CP15, RAM), warm the RTL's TLB and caches from
// the model's recent accesses (warm.ts), and continue cycle by cycle. docs/API.md "Fast-forward".
//
// Devices: device-state.ts (VIC with its in-service stack, timers, UART0, cycle counter). A pending
// wait-for-interrupt: the RTL starts at the WFI instruction and waits there. Not transferred: the
// pipeline and the write buffer (empty: the RTL starts fetching at the hand-off pc), and what the
// model does not hold (no TLB or caches: lockdown; see `warnings`).
import { DEFAULT_START_CPSR, IssMachine } from './iss-machine.ts';
import { RtlMachine, type Cp15RegisterName } from './rtl-machine.ts';
import { AccessRing, TAP_FETCH_ARM, TAP_FETCH_THUMB } from './access-ring.ts';
import { MODE_NUMBERS, type ModeName } from './registers.ts';
import { MachineInputError } from './image.ts';
import { deviceWarnings, transferDevices } from './device-state.ts';
import { warmFromAccesses, type WarmStats } from './warm.ts';
import type { ImageSource, MachineOptions, RunResult } from './types.ts';
import type { Reg } from '../../rtl/hdl/index.ts';
import type { CrossingFollower } from '../checkers/crossing-follower.ts';

/** Where to hand off: before the `hits`th execution of the instruction at `symbol` (default the first), or after `instructions`. */
export type FastForwardPoint = { readonly symbol: string; readonly hits?: number } | { readonly instructions: number };

/** `ipc_entry`, `ipc_entry:5` (its 5th hit), or an instruction count (`1000000`, `1e6`). */
export function parseFastForwardPoint(text: string): FastForwardPoint {
  const t = text.trim();
  if (/^\d+(?:e\d+)?$/i.test(t)) {
    const n = Number(t);
    if (!Number.isSafeInteger(n)) throw new MachineInputError(`--fast-forward ${text}: the instruction count is too large`);
    return { instructions: n };
  }
  const m = /^([A-Za-z_.$][\w.$]*)(?::(\d+))?$/.exec(t);
  if (!m) throw new MachineInputError(`--fast-forward ${JSON.stringify(text)}: expected a symbol, symbol:N (its Nth hit) or an instruction count`);
  const hits = m[2] === undefined ? 1 : Number(m[2]);
  if (hits < 1) throw new MachineInputError(`--fast-forward ${text}: the hit count must be at least 1`);
  return { symbol: m[1]!, hits };
}

export interface RunToOptions {
  /** Record the model's accesses here on the way (for warming). */
  readonly ring?: AccessRing | null;
  /** Give up after this many instructions. */
  readonly maxInstructions?: number;
  /** A symbol point through machine breakpoints (the model's recorded step loop) instead of the fetch tap. */
  readonly viaBreakpoints?: boolean;
}

/** Thrown by the fetch tap at the point (no stack capture). */
const POINT_REACHED = { name: 'PointReached' };

/**
 * Run the model to the point (or its end: exit, deadlock, the instruction budget). A symbol point
 * runs in the model's fast loop: the access tap counts fetches at the symbol's address and, at the
 * `hits`th, aborts the run by throwing before that instruction does anything but count itself (the
 * model counts an instruction and a clock unit before fetching it: both are taken back). A fetch
 * that faults at the address is not a hit here (with `viaBreakpoints` it is).
 */
export function runIssTo(iss: IssMachine, point: FastForwardPoint, options: RunToOptions = {}): RunResult {
  const { ring = null, maxInstructions } = options;
  const core = iss.iss.core;
  const i0 = iss.instructions;
  const c0 = iss.cycles;
  const limits = (): { maxInstructions?: number } => (maxInstructions === undefined ? {} : { maxInstructions: Math.max(0, maxInstructions - (iss.instructions - i0)) });
  const hits = 'symbol' in point ? (point.hits ?? 1) : 0;
  const address = 'symbol' in point ? iss.resolve(point.symbol) : -1;
  let seen = 0;
  const tap = (mva: number, pa: number, kind: number): void => {
    if ((kind === TAP_FETCH_ARM || kind === TAP_FETCH_THUMB) && core.pc >>> 0 === address && ++seen === hits && !options.viaBreakpoints) throw POINT_REACHED;
    ring?.tap(mva, pa, kind);
  };
  if ('instructions' in point) {
    // Untapped (the model's fastest loop) until the last `capacity` instructions: each makes at
    // least one access, so the ring still ends full.
    const goal = Math.min(point.instructions, maxInstructions ?? Infinity);
    const untapped = ring ? Math.max(0, goal - ring.capacity) : goal;
    const first = iss.run([], { maxInstructions: untapped });
    if (first.instructions < untapped || !ring) return first;
    core.setAccessTap(tap);
    try {
      const rest = iss.run([], { maxInstructions: goal - untapped });
      return { stop: rest.stop, instructions: iss.instructions - i0, cycles: iss.cycles - c0 };
    } finally {
      core.setAccessTap(null);
    }
  }
  core.setAccessTap(tap);
  try {
    if (options.viaBreakpoints) return runToBreakpoint(iss, address, hits, maxInstructions);
    try {
      const r = iss.run([], limits());
      return r;
    } catch (e) {
      if (e !== POINT_REACHED) throw e;
      core.instret--; // the instruction clock follows (reference/core.ts clock)
      return { stop: { kind: 'breakpoint', pc: address }, instructions: iss.instructions - i0, cycles: iss.cycles - c0 };
    }
  } finally {
    core.setAccessTap(null);
  }
}

function runToBreakpoint(iss: IssMachine, address: number, hits: number, maxInstructions: number | undefined): RunResult {
  const had = iss.breakpoints.has(address);
  iss.breakpoints.add(address);
  const i0 = iss.instructions;
  const c0 = iss.cycles;
  try {
    let last: RunResult | undefined;
    for (let k = 0; k < hits; k++) {
      const left = maxInstructions === undefined ? undefined : maxInstructions - (iss.instructions - i0);
      if (left !== undefined && left <= 0) break;
      // The first hit may be the instruction the model is about to execute.
      if (k === 0 && iss.pc === address) {
        last = { stop: { kind: 'breakpoint', pc: address }, instructions: 0, cycles: 0 };
        continue;
      }
      last = iss.run([], left === undefined ? {} : { maxInstructions: left });
      if (last.stop.kind !== 'breakpoint') break;
    }
    return { stop: last?.stop ?? { kind: 'max-instructions' }, instructions: iss.instructions - i0, cycles: iss.cycles - c0 };
  } finally {
    if (!had) iss.breakpoints.delete(address);
  }
}

const MODES_WITH_BANKS: readonly ModeName[] = ['usr', 'fiq', 'irq', 'svc', 'abt', 'und'];

/** Every register of every mode by name (r0..r14 per mode, SPSRs), as the model holds them now. */
export function architecturalState(iss: IssMachine): Record<string, number> {
  const out: Record<string, number> = {};
  for (const mode of MODES_WITH_BANKS) {
    for (let r = 0; r < 15; r++) out[`r${r}_${mode}`] = iss.readRegister(`r${r}_${mode}`);
    if (mode !== 'usr') out[`spsr_${mode}`] = iss.readRegister(`spsr_${mode}`);
  }
  return out;
}

/** The model's CP15 registers under the RTL's names. */
export function cp15State(iss: IssMachine): Record<Cp15RegisterName, number> {
  const c = iss.iss.core.cp15;
  return {
    control: c.control >>> 0,
    ttbr: c.ttbr >>> 0,
    dacr: c.dacr >>> 0,
    dfsr: c.dataFaultStatus >>> 0,
    ifsr: c.instructionFaultStatus >>> 0,
    far: c.faultAddress >>> 0,
    ifar: c.instructionFaultAddress >>> 0,
    fcse_pid: c.fcsePid >>> 0,
    contextidr: c.contextId >>> 0,
    dlock: (c.read(9, 0, 0, 0) ?? 0) >>> 0,
    ilock: (c.read(9, 0, 0, 1) ?? 0) >>> 0,
    tlblock: (c.read(10, 0, 0, 0) ?? 0) >>> 0,
  };
}

export interface HandOff {
  readonly rtl: RtlMachine;
  /** What warming did (null: no access ring, or an RTL without the memory system). */
  readonly warm: WarmStats | null;
  /**
   * State the reference model does not hold (or holds otherwise than the RTL) that was in use at
   * the hand-off, so the RTL may not continue as a full RTL run would: each names what and why.
   * Empty for every kernel scenario. `npm run sim` prints them; a study point refuses to run.
   */
  readonly warnings: readonly string[];
  /** The model was waiting for an interrupt: the RTL starts at the wait-for-interrupt instruction again (it retires once more there). */
  readonly resumedWfi: boolean;
}

/** MCR p15, 0, Rd, c7, c0, 4 (wait for interrupt), any condition and Rd. */
const WFI_MASK = 0x0fff0fff;
const WFI = 0x0e070f90;

/**
 * A started RTL machine in the model's state: RAM copied, registers and CP15 set, TLB and caches
 * warmed from `ring` (null: cold). The RTL's RAM size is the model's.
 */
export function handOff(iss: IssMachine, ring: AccessRing | null, options: MachineOptions = {}): HandOff {
  const rtl = new RtlMachine({ ...options, ramBytes: iss.ramBytes });
  return { rtl, ...handOffInto(rtl, iss, ring) };
}

/**
 * handOff into a machine the caller built (not yet started: e.g. a hand-off machine with its
 * checkers attached); its RAM must be the model's size. Returns what warming did, and what the
 * hand-off could not carry.
 */
export function handOffInto(rtl: RtlMachine, iss: IssMachine, ring: AccessRing | null, followed: CrossingFollower | null = null): Omit<HandOff, 'rtl'> {
  const ram = rtl.sys.soc.ram;
  if (ram.base !== 0 || ram.bytes !== iss.ramBytes) throw new MachineInputError(`fast-forward: the RTL's RAM (${ram.bytes} bytes at 0x${ram.base.toString(16)}) is not the model's (${iss.ramBytes} bytes at 0)`);
  const words = iss.iss.memory.words;
  // (A model running on the RTL's own RAM buffer has nothing to copy: copying 8 MB touches every page.)
  if (words.buffer !== ram.mem.data.buffer) ram.mem.data.set(new Uint32Array(words.buffer, words.byteOffset, words.length));
  ram.mem.load(0, []); // (marks the whole memory changed for tracing)
  rtl.hostWrote(0, ram.bytes); // (newer than anything a previous run left in the D-cache)
  rtl.symbols = iss.symbols;
  const cpsr = iss.readRegister('cpsr');
  modeName(cpsr); // (throws for an invalid mode field)
  const warnings: string[] = [];
  // A model waiting for an interrupt has retired its WFI (pc is past it); the RTL waits in Execute
  // on the instruction itself, so it starts there and waits as the full run's pipeline does.
  const resumedWfi = iss.iss.core.waitingForInterrupt;
  let pc = iss.pc;
  if (resumedWfi) {
    const w = new DataView(iss.readMemory((pc - 4) >>> 0, 4).buffer).getUint32(0, true);
    if (((w & WFI_MASK) >>> 0) === WFI && (cpsr & 0x20) === 0) pc = (pc - 4) >>> 0;
    else warnings.push(`the reference model waits for an interrupt, but the word before pc 0x${pc.toString(16)} is not a wait-for-interrupt MCR (0x${w.toString(16)}): the RTL continues at pc without waiting`);
  }
  rtl.start(pc, { cpsr, registers: architecturalState(iss) });
  // What the threads were doing in IPC happened on the model: as a follower saw it from reset, or
  // else unknown to the message view.
  const poke = (r: Reg, value: number): void => rtl.sim.poke(r, value);
  if (followed) rtl.top.msg?.seedIpcStates(followed, poke);
  else rtl.top.msg?.forgetIpcStates(poke);
  const cp15 = cp15State(iss);
  rtl.writeCp15(cp15);
  transferDevices(iss, rtl);
  warnings.push(...deviceWarnings(iss), ...lockdownWarnings(cp15));
  const mem = rtl.sys.mem;
  const warm = ring && mem ? warmFromAccesses(mem, rtl.sim, { control: cp15.control, ttbr: cp15.ttbr, contextid: cp15.contextidr, ram: words }, ring.entries()) : null;
  return { warm, warnings, resumedWfi: resumedWfi && pc !== iss.pc };
}

/**
 * The model has no TLB and no caches, so it cannot say what a program locked down: the RTL starts
 * with empty lockdown TLB entries and no locked cache ways (translations and data are the same; the
 * costs, and which lines stay resident, are not).
 */
function lockdownWarnings(cp15: Readonly<Record<Cp15RegisterName, number>>): string[] {
  const out: string[] = [];
  if ((cp15.tlblock & 0x1c000001) !== 0) out.push(`TLB lockdown in use (c10 = 0x${cp15.tlblock.toString(16)}): the reference model has no TLB, so the RTL's lockdown entries start empty (and with P set, warming fills them)`);
  if (cp15.dlock !== 0 || cp15.ilock !== 0) out.push(`cache lockdown in use (c9 D 0x${cp15.dlock.toString(16)}, I 0x${cp15.ilock.toString(16)}): the reference model has no caches, so no locked line is warmed`);
  return out;
}

function modeName(cpsr: number): ModeName {
  const m = cpsr & 0x1f;
  const k = (Object.keys(MODE_NUMBERS) as ModeName[]).find((n) => MODE_NUMBERS[n] === m);
  if (!k) throw new MachineInputError(`fast-forward: CPSR 0x${cpsr.toString(16)} has no valid mode`);
  return k;
}

export interface FastForwardOptions extends MachineOptions {
  /** Accesses kept for warming (default 65536; 0: no warming, a cold hand-off). */
  readonly ringCapacity?: number;
  /** Give up (hand off where the model is) after this many instructions. */
  readonly maxInstructions?: number;
}

export interface FastForward extends HandOff {
  /** The model that ran to the point (its UART output is the run's so far). */
  readonly iss: IssMachine;
  /** How the model's run ended: at the point (a breakpoint or the instruction count) or earlier. */
  readonly reached: RunResult;
}

/** Load `image` on the model, start it at its entry, run to `point`, and hand off to a new RTL system. */
export function fastForward(image: ImageSource, point: FastForwardPoint, options: FastForwardOptions = {}): FastForward {
  const iss = new IssMachine({ ramBytes: options.ramBytes, ...(options.hardware ? { hardware: options.hardware } : {}) });
  const loaded = iss.load(image);
  iss.start(loaded.entry);
  return fastForwardFrom(iss, point, options);
}

/** Run a started model to `point` recording its accesses, and hand off to a new RTL system. */
export function fastForwardFrom(iss: IssMachine, point: FastForwardPoint, options: FastForwardOptions = {}): FastForward {
  const { ringCapacity: _r, maxInstructions: _m, ...machine } = options;
  return fastForwardInto(iss, point, () => new RtlMachine({ ...machine, ramBytes: iss.ramBytes }), options);
}

/**
 * The reference model for a run that will hand off to `rtl` (built, not started, its image loaded):
 * it runs on the RTL's own RAM buffer, so the hand-off copies no memory (copying 8 MB touched every
 * page: 70-90 ms), started at `image`'s entry in the reset state.
 */
export function modelOnMachineRam(rtl: RtlMachine, image: ImageSource): IssMachine {
  const ram = rtl.sys.soc.ram.mem.data;
  if (rtl.sys.soc.ram.base !== 0 || ram.byteOffset !== 0 || ram.byteLength !== rtl.ramBytes) throw new MachineInputError('fast-forward: the RTL RAM is not one buffer of the machine\'s RAM size at address 0');
  const iss = new IssMachine({ ramBytes: rtl.ramBytes, hardware: rtl.hardware }, ram.buffer as ArrayBuffer);
  const loaded = iss.load(image);
  iss.start(loaded.entry, { cpsr: DEFAULT_START_CPSR });
  return iss;
}

/** fastForwardFrom into an RTL machine the caller builds (`make` runs after the model reached the point). */
export function fastForwardInto<M extends RtlMachine>(iss: IssMachine, point: FastForwardPoint, make: () => M, options: Pick<FastForwardOptions, 'ringCapacity' | 'maxInstructions'> & { readonly follow?: CrossingFollower } = {}): FastForward & { readonly rtl: M } {
  const capacity = options.ringCapacity ?? 1 << 16;
  const ring = capacity > 0 ? new AccessRing(capacity) : null;
  // A follower must see the model's run from its start (a model that ran already: states unknown).
  const follow = options.follow && iss.instructions === 0 ? options.follow : null;
  if (follow) followModel(iss, follow);
  let reached: RunResult;
  try {
    reached = runIssTo(iss, point, { ring, maxInstructions: options.maxInstructions });
  } finally {
    iss.iss.core.crossingHook = null;
  }
  const rtl = make();
  return { iss, reached, rtl, ...handOffInto(rtl, iss, ring, follow) };
}

/** fastForwardInto's `follow` for a machine with a message view: a follower of its threads (none: nothing). */
export function followerOf(machine: RtlMachine): { readonly follow?: CrossingFollower } {
  const msg = machine.top.msg;
  return msg ? { follow: msg.follower() } : {};
}

/**
 * Tell `follower` each of the model's user/kernel crossings, with what the message view would read
 * at them (crossing-follower.ts): the user registers, the tag (from its register, or MR0 in the
 * thread's UTCB), the VIC's pending lines and the trapping instruction's address.
 */
export function followModel(iss: IssMachine, follower: CrossingFollower): void {
  const core = iss.iss.core;
  const words = iss.iss.memory.words;
  const mr0 = (sp: number): number => {
    const va = follower.mr0Address(sp);
    const pa = va === undefined ? undefined : core.debugTranslate(va);
    return pa !== undefined && pa + 4 <= iss.ramBytes ? words[pa >>> 2]! >>> 0 : 0;
  };
  core.crossingHook = {
    trap(kind, swi) {
      const r = core.r;
      const sp = r[13]! >>> 0;
      const exception = kind === 'swi' || kind === 'irq' || kind === 'fiq' ? kind : 'fault';
      const tag = follower.tagRegister >= 0 ? r[follower.tagRegister]! >>> 0 : mr0(sp);
      follower.trapped({ exception, swi, sp, r0: r[0]!, r1: r[1]!, r2: r[2]!, tag, lines: core.vic.irqStatusNow, pc: core.pc });
    },
    resume(pc) {
      follower.resumed(core.r[13]! >>> 0, pc);
    },
  };
}

/** The point as text, canonical (`sym:N` with N given, a count in decimal): equal points, equal text. */
export function formatFastForwardPoint(point: FastForwardPoint): string {
  return 'symbol' in point ? `${point.symbol}:${point.hits ?? 1}` : String(point.instructions);
}

/** Whether the model's run got to the point: undefined if it did, else why not (for an error message). */
export function shortOfPoint(point: FastForwardPoint, reached: RunResult): string | undefined {
  const got = 'symbol' in point ? reached.stop.kind === 'breakpoint' : reached.instructions === point.instructions;
  if (got) return undefined;
  const how = reached.stop.kind === 'exit' ? `the program exited (code ${reached.stop.code})` : `it stopped (${reached.stop.kind})`;
  return `the reference model did not reach the point: ${how} after ${reached.instructions} instructions`;
}
