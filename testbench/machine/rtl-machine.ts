// The RTL system behind the machine interface. The simulation pauses between cycles, right after
// a retirement: a stop never changes the run (same cycles, same waveform as a run without stops).
//
// The state at a stop is architectural: the register file after the last retirement, the CPSR the
// retirement reports (a younger instruction may already have written the live one), and the pc of
// the next instruction to retire. That pc is tracked from the pipeline's redirects: each redirect
// is recorded with the address of the instruction that raised it (Writeback: the retiring one;
// Memory: a data abort; Execute: branches, exceptions, interrupts); an older instruction's redirect
// (Writeback, Memory) cancels the younger ones recorded. When an instruction retires, its redirect,
// if any, is the next pc; otherwise the next pc is the following instruction.
// (tests/machine/rtl-next-pc.test.ts checks the prediction against every retirement of the kernel.)
import { physReg, spsrIndex } from '../../rtl/core/arm.ts';
import { hasRecording, Module, Simulator, type CycleObserver } from '../../rtl/hdl/index.ts';
import { PipelineView } from '../trace/pipeline-view.ts';
import { MessageView, messageViewShape } from '../checkers/message-view.ts';
import { Arm926System } from '../../rtl/system/arm926-system.ts';
import { combStructure } from '../../rtl/config.ts';
import type { Retirement } from '../lockstep/comparator.ts';
import { MachineBase, type Retired, SEMIHOSTING_ARM_SWI, SEMIHOSTING_THUMB_SWI, startPc } from './base.ts';
import { MODE_NUMBERS, parseRegisterName, RegisterNameError } from './registers.ts';
import { DEFAULT_START_CPSR } from './iss-machine.ts';
import { recordElsewhere, type DesignShape } from './schedule-recorder.ts';
import { loadSegmentsIntoRam } from './segments.ts';
import { D_CLEAN, D_EVICT } from '../../rtl/mem/dcache.ts';
import { laneMask } from '../../rtl/mem/faults.ts';
import type { ExceptionName, LoadedImage, MachineCounters, MachineOptions, StopReason } from './types.ts';

const EXCEPTIONS: ReadonlyArray<ExceptionName | undefined> = [undefined, 'undefined', 'swi', 'prefetch-abort', 'data-abort', 'irq', 'fiq'];
const SYS_EXIT = 0x18;
const ADP_STOPPED_APPLICATION_EXIT = 0x20026;
const DEFAULT_RAM = 128 << 20;

export const CP15_REGISTER_NAMES = ['control', 'ttbr', 'dacr', 'dfsr', 'ifsr', 'far', 'ifar', 'fcse_pid', 'contextidr', 'dlock', 'ilock', 'tlblock'] as const;
export type Cp15RegisterName = (typeof CP15_REGISTER_NAMES)[number];

/** A write the RTL cannot take now (the pipeline already holds younger instructions). */
export class MachineStateError extends Error {
  override readonly name = 'UsageError';
}

/** Redirects kept at most (older ones belong to instructions long retired: a bound for runs that clock the simulator directly). */
const MAX_REDIRECTS = 64;
const NO_ACCESSES: Retired['accesses'] = [];


/**
 * The design: the system and, with the `view` and `message` options, the pipeline text view and
 * the message view beside it (waveforms, hand-off checkers; scheduled after the system, whose
 * settled signals they read).
 */
export class MachineTop extends Module {
  readonly sys: Arm926System;
  readonly view: PipelineView | null;
  /** Which thread crosses the user/kernel boundary, and its MRs (the hand-off checkers read it). */
  readonly msg: MessageView | null;

  constructor(options: MachineOptions) {
    super(null, 'top');
    this.sys = new Arm926System(this, 'sys', { hardware: options.hardware, memorySystem: options.memorySystem, soc: { ramBytes: options.ramBytes ?? DEFAULT_RAM } });
    // Built enabled, so elaboration records its accesses (RtlMachine sets the requested `enabled`
    // after): one recording then serves machines with the view on and off. Off, its comb accesses
    // nothing, so the schedule made with it on (the view last, as an observer) fits it too.
    this.view = options.view ? new PipelineView(this, 'view', this.sys.core, { ...options.view, enabled: true }) : null;
    this.msg = options.message ? new MessageView(this, 'msg', this.sys.core, this.sys.debug, { irqStatus: this.sys.soc.vic.irq_status, ...options.message }) : null;
  }
}

export class RtlMachine extends MachineBase {
  readonly model: 'rtl' | 'lockstep' = 'rtl';
  readonly top: MachineTop;
  readonly sys: Arm926System;
  readonly sim: Simulator;
  readonly ramBytes: number;
  private cycle0 = 0;
  private retired0 = 0;
  private startCycle = -1;
  private nextPc = 0;
  private cpsr = DEFAULT_START_CPSR;
  // Pending redirects, oldest first: the issuing instruction's address and the target.
  private redirectIssuers: number[] = [];
  private redirectTargets: number[] = [];
  // The retirement of the last cycle (fields, not an object: sampled every cycle).
  private retired = false;
  private retiredCycle = 0;
  private retiredPc = 0;
  private retiredInstr = 0;
  private retiredExc = 0;
  private retiredCpsr = 0;
  private retiredThumb = false;
  private accesses: Array<{ address: number; size: number; write: boolean; pc: number }> = [];
  private collect = false;
  /** Called before every cycle the machine clocks (testbenches drive input pins from it). */
  onCycle: (() => void) | null = null;
  /** Retirements whose pc differed from the tracked next pc (0 unless the tracking has a bug). */
  nextPcMisses = 0;

  constructor(options: MachineOptions = {}) {
    super();
    this.top = new MachineTop(options);
    this.sys = this.top.sys;
    // Machines of the same structure share one comb recording, made once per process. The key names
    // only what decides which signals the comb blocks access: the config's structural part
    // (combStructure: cache sizes, wait states and the like are not), the memory system, and the
    // view and message view (see them). The shape is the whole recipe, for the worker to build one.
    const shape: DesignShape = { hardware: options.hardware ?? null, memorySystem: options.memorySystem ?? true, ramBytes: options.ramBytes ?? DEFAULT_RAM, view: options.view !== undefined, message: options.message ? messageViewShape(options.message) : null };
    const scheduleKey = JSON.stringify({ comb: combStructure(this.sys.hardware), memorySystem: shape.memorySystem, view: shape.view, message: shape.message });
    // A new design after the first: recorded in a worker, so this thread keeps its optimised code (schedule-recorder.ts).
    if (!hasRecording(scheduleKey)) recordElsewhere(scheduleKey, shape);
    this.sim = new Simulator(this.top, { check: options.check ?? false, scheduleKey, ...(options.specialize !== undefined ? { specialize: options.specialize } : {}) });
    if (this.top.view) this.top.view.enabled = options.view?.enabled ?? true;
    this.ramBytes = this.sys.soc.config.ramBytes;
    this.sim.addObserver(this.observer());
  }

  get hardware(): Arm926System['hardware'] {
    return this.sys.hardware;
  }

  private observer(): CycleObserver {
    const core = this.sys.core;
    const ctl = core.control;
    const w = core.writeback;
    const port = core.dport;
    return {
      sample: (cycle) => {
        if (ctl.f_redirect.on) {
          const fromWriteback = ctl.w_redirect.on;
          const fromMemory = !fromWriteback && ctl.m_abort.on;
          const issuers = this.redirectIssuers;
          const targets = this.redirectTargets;
          if (fromWriteback || fromMemory || issuers.length >= MAX_REDIRECTS) {
            const keep = fromWriteback || fromMemory ? 0 : MAX_REDIRECTS / 2;
            issuers.splice(0, issuers.length - keep);
            targets.splice(0, targets.length - keep);
          }
          issuers.push(fromWriteback ? w.ret_pc.v : fromMemory ? core.mem.s.pc.v : core.execute.u.pc.v);
          targets.push(ctl.f_target.v);
        }
        if (this.collect && port.req.on && port.ready.on) {
          this.accesses.push({ address: port.addr.v, size: 1 << port.size.v, write: port.we.on, pc: core.mem.s.pc.v });
        }
        this.retired = w.ret_valid.on;
        if (this.retired) {
          this.retiredCycle = cycle;
          this.retiredPc = w.ret_pc.v;
          this.retiredInstr = w.ret_instr.v;
          this.retiredExc = w.ret_exc.v;
          this.retiredCpsr = w.ret_cpsr.v;
          this.retiredThumb = w.ret_thumb.on;
        }
      },
    };
  }

  protected putSegments(image: LoadedImage): void {
    loadSegmentsIntoRam(this.sys.soc.ram, image);
    for (const seg of image.segments) {
      const size = Math.max(seg.memSize ?? 0, seg.data.length);
      this.hostWrote(seg.address, size);
      if (this.sys.mem) this.updateDcache(seg.address >>> 0, size === seg.data.length ? seg.data : this.sys.soc.ram.readBytes(seg.address, size));
    }
  }

  // Memory is one memory for the host: what a run left in the D-cache and the write buffer is
  // written back to RAM at the next start (before the reset empties them), under the bytes the
  // host wrote since the last start (newer than anything cached); a host write also updates a
  // D-cache line holding its bytes, so loads and readMemory see it at once.
  /** RAM byte ranges the host wrote since the last start: [address, length]. */
  private hostWrites: Array<readonly [number, number]> = [];

  /** Record a host write to RAM made through the backdoor (the fast-forward's copy of RAM). */
  hostWrote(address: number, length: number): void {
    if (length > 0) this.hostWrites.push([address >>> 0, length]);
  }

  /** The bits of the word at `pa` (aligned) that host writes since the last start cover. */
  private hostBits(pa: number): number {
    let bits = 0;
    for (const [a, n] of this.hostWrites) {
      if (pa + 4 <= a || pa >= a + n) continue;
      for (let k = 0; k < 4; k++) if (pa + k >= a && pa + k < a + n) bits |= 0xff << (8 * k);
    }
    return bits >>> 0;
  }

  /** Write back the D-cache's dirty lines (and a line being evicted) and the write buffer's stores, oldest last. */
  private writeBackMemorySystem(): void {
    const mem = this.sys.mem;
    if (!mem) return;
    const ram = this.sys.soc.ram;
    const put = (pa: number, value: number, lanes: number): void => {
      if (pa >>> 0 >= this.ramBytes) return;
      const take = (lanes & ~this.hostBits(pa)) >>> 0;
      if (take === 0) return;
      const old = ram.readWord(pa);
      const v = ((old & ~take) | (value & take)) >>> 0;
      if (v !== old) ram.writeWord(pa, v);
    };
    const dc = mem.dcache;
    const st = dc.state.v;
    const evicting = st === D_EVICT || st === D_CLEAN ? dc.eline.v : -1;
    for (let line = 0; line < dc.lines; line++) {
      if (dc.dirty.data[line] === 0 || (dc.valid.data[line] === 0 && line !== evicting)) continue;
      const base = line === evicting ? dc.epa.v : (dc.ptag.data[line]! << dc.lineShift) >>> 0;
      for (let w = 0; w < dc.wordsPerLine; w++) put((base + 4 * w) >>> 0, dc.data.read(line * dc.wordsPerLine + w), 0xffff_ffff);
    }
    const wb = mem.wbuf;
    const mask = wb.depth - 1;
    for (let k = 0, i = wb.head.v; k < wb.count.v; k++, i = (i + 1) & mask) {
      const addr = wb.wb_addr.read(i);
      put((addr & ~3) >>> 0, wb.wb_data.read(i), laneMask(addr, wb.wb_size.read(i)));
    }
  }

  /** Put the host's bytes into any valid D-cache line holding them (physical tags). */
  private updateDcache(address: number, bytes: Uint8Array): void {
    const dc = this.sys.mem?.dcache;
    if (!dc) return;
    const lineBytes = dc.wordsPerLine * 4;
    const end = address + bytes.length;
    for (let line = 0; line < dc.lines; line++) {
      if (dc.valid.data[line] === 0) continue;
      const base = (dc.ptag.data[line]! << dc.lineShift) >>> 0;
      if (base + lineBytes <= address || base >= end) continue;
      for (let w = 0; w < dc.wordsPerLine; w++) {
        const pa = base + 4 * w;
        let v = dc.data.read(line * dc.wordsPerLine + w);
        for (let k = 0; k < 4; k++) {
          const at = pa + k - address;
          if (at >= 0 && at < bytes.length) v = ((v & ~(0xff << (8 * k))) | (bytes[at]! << (8 * k))) >>> 0;
        }
        dc.data.load(line * dc.wordsPerLine + w, [v]);
      }
    }
  }

  start(entry: number, options: { readonly cpsr?: number; readonly registers?: Readonly<Record<string, number>> } = {}): void {
    const core = this.sys.core;
    this.writeBackMemorySystem();
    this.hostWrites = [];
    this.sim.reset(1);
    const cpsr = (options.cpsr ?? DEFAULT_START_CPSR) >>> 0;
    const thumb = (cpsr >>> 5) & 1;
    this.sim.poke(core.fetch.pc, startPc(entry, cpsr));
    this.sim.poke(core.fetch.thumb, thumb);
    this.sim.poke(core.rf.cpsr, cpsr);
    core.rf.gpr.load(0, new Array<number>(core.rf.gpr.depth).fill(0));
    core.rf.spsr.load(0, [0, 0, 0, 0, 0]);
    this.cpsr = cpsr;
    this.nextPc = startPc(entry, cpsr);
    this.redirectIssuers = [];
    this.redirectTargets = [];
    this.retired = false;
    this.cycle0 = this.sim.cycle;
    this.retired0 = core.writeback.retired.v;
    this.startCycle = this.sim.cycle;
    for (const [name, value] of Object.entries(options.registers ?? {})) this.writeRegister(name, value);
    this.sim.settle();
  }

  /**
   * Set CP15 registers (fast-forward hand-off: fast-forward.ts); like register writes, only at start.
   * Names are the RTL's CP15 registers: control, ttbr, dacr, dfsr, ifsr, far, ifar, fcse_pid, contextidr, dlock, ilock, tlblock.
   */
  writeCp15(values: Readonly<Partial<Record<Cp15RegisterName, number>>>): void {
    if (this.sim.cycle !== this.startCycle) throw new MachineStateError('CP15: the RTL takes CP15 writes only at start');
    const cp15 = this.sys.core.cp15;
    for (const [name, value] of Object.entries(values)) {
      if (!CP15_REGISTER_NAMES.includes(name as Cp15RegisterName)) throw new RegisterNameError(`unknown CP15 register ${JSON.stringify(name)} (${CP15_REGISTER_NAMES.join(', ')})`);
      this.sim.poke(cp15[name as Cp15RegisterName], value >>> 0);
    }
    this.sim.settle();
  }

  get pc(): number {
    return this.nextPc;
  }
  get cycles(): number {
    return this.sim.cycle - this.cycle0;
  }
  get instructions(): number {
    return (this.sys.core.writeback.retired.v - this.retired0) >>> 0;
  }

  readRegister(name: string): number {
    const ref = parseRegisterName(name);
    const rf = this.sys.core.rf;
    if (ref.kind === 'cpsr') return this.cpsr;
    if (ref.kind === 'spsr') {
      const k = spsrIndex(ref.mode === undefined ? this.cpsr & 0x1f : MODE_NUMBERS[ref.mode]);
      return k < 0 ? this.cpsr : rf.spsr.read(k) >>> 0;
    }
    if (ref.index === 15) return this.nextPc;
    const mode = ref.mode === undefined ? this.cpsr & 0x1f : MODE_NUMBERS[ref.mode];
    return rf.gpr.read(physReg(ref.index, mode)) >>> 0;
  }

  writeRegister(name: string, value: number): void {
    const ref = parseRegisterName(name);
    if (this.sim.cycle !== this.startCycle) throw new MachineStateError(`register ${name}: the RTL takes register writes only at start (its pipeline already holds younger instructions)`);
    const core = this.sys.core;
    const v = value >>> 0;
    if (ref.kind === 'cpsr') {
      this.sim.poke(core.rf.cpsr, v);
      this.sim.poke(core.fetch.thumb, (v >>> 5) & 1);
      this.cpsr = v;
    } else if (ref.kind === 'spsr') {
      const k = spsrIndex(ref.mode === undefined ? this.cpsr & 0x1f : MODE_NUMBERS[ref.mode]);
      if (k < 0) throw new RegisterNameError(`register ${name}: the current mode has no SPSR`);
      core.rf.spsr.load(k, [v]);
    } else if (ref.index === 15) {
      this.sim.poke(core.fetch.pc, v);
      this.nextPc = v;
    } else core.rf.gpr.load(physReg(ref.index, ref.mode === undefined ? this.cpsr & 0x1f : MODE_NUMBERS[ref.mode]), [v]);
    this.sim.settle();
  }

  readMemory(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; ) {
      const a = (address + k) >>> 0;
      const word = this.sys.debug.readWord(a & ~3);
      for (let b = a & 3; b < 4 && k < length; b++, k++) out[k] = word.ok && word.pa < this.ramBytes ? (word.value >>> (b * 8)) & 0xff : 0;
    }
    return out;
  }

  writeMemory(address: number, bytes: Uint8Array): void {
    this.sys.soc.ram.load(address, bytes);
    this.hostWrote(address, bytes.length);
    this.updateDcache(address >>> 0, bytes);
  }

  uartOutput(): string {
    return this.sys.soc.uart0.transmittedText();
  }

  counters(): MachineCounters {
    const stats = this.sys.mem?.stats();
    return { cycles: this.cycles, instructions: this.instructions, memory: stats ? { ...stats } : null };
  }

  protected vectorBase(): number {
    return this.sys.core.cp15.control.v & (1 << 13) ? 0xffff0000 : 0;
  }

  /** Clock until an instruction retires (or the cycle limit); the pending retirement, if any. */
  protected stepToRetirement(cycleLimit: number): Retirement | null {
    if (this.startCycle < 0) throw new MachineStateError('the machine has not been started (load an image, then start it at an entry)');
    while (this.cycles < cycleLimit) {
      this.onCycle?.();
      this.sim.step();
      if (this.retired) {
        this.retired = false;
        return { cycle: this.retiredCycle, pc: this.retiredPc, instr: this.retiredInstr, exc: this.retiredExc, cpsr: this.retiredCpsr, thumb: this.retiredThumb };
      }
    }
    return null;
  }

  protected advance(cycleLimit: number, collectAccesses: boolean): Retired | StopReason {
    this.collect = collectAccesses;
    const r = this.stepToRetirement(cycleLimit);
    if (!r) return { kind: 'max-cycles' };
    // (An interrupt entry carries the interrupted instruction's pc: the expected one too.)
    if (r.pc !== this.nextPc) this.nextPcMisses++;
    this.cpsr = r.cpsr;
    this.nextPc = this.nextAfter(r);
    const semihosting = r.exc === 2 && (r.thumb ? r.instr === (0xdf00 | SEMIHOSTING_THUMB_SWI) : r.instr === (0xef000000 | SEMIHOSTING_ARM_SWI) >>> 0);
    if (semihosting) {
      const op = this.sys.core.rf.gpr.read(0) >>> 0;
      const arg = this.sys.core.rf.gpr.read(1) >>> 0;
      return op === SYS_EXIT ? { kind: 'exit', code: arg === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1 } : { kind: 'semihosting', operation: op, pc: r.pc };
    }
    const stop = this.checkRetirement(r);
    if (stop) return stop;
    let mine = NO_ACCESSES;
    if (this.accesses.length > 0) {
      mine = this.accesses.filter((a) => a.pc === r.pc);
      this.accesses = this.accesses.filter((a) => a.pc !== r.pc);
    }
    return { pc: r.pc, instruction: r.instr, thumb: r.thumb, exception: EXCEPTIONS[r.exc], nextPc: this.nextPc, accesses: mine };
  }

  /** Lockstep: compare the retirement with the reference model. */
  protected checkRetirement(_r: Retirement): StopReason | undefined {
    return undefined;
  }

  private nextAfter(r: Retirement): number {
    const issuers = this.redirectIssuers;
    const i = issuers.indexOf(r.pc);
    if (i < 0) return (r.pc + (r.thumb ? 2 : 4)) >>> 0;
    let j = i;
    while (j + 1 < issuers.length && issuers[j + 1] === r.pc) j++;
    const target = this.redirectTargets[j]!;
    issuers.splice(0, j + 1);
    this.redirectTargets.splice(0, j + 1);
    return target >>> 0;
  }
}
