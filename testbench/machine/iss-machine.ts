// The reference model (ISS) behind the machine interface. Runs without stop conditions go through
// the model's fast loop; with conditions, breakpoints or watchpoints, one recorded step per
// instruction (about 0.5 M instructions/s: docs/REFERENCE.md).
import { cacheTypeRegister, validateConfig } from '../../rtl/config.ts';
import { VersatileMachine, bankMap } from '../reference/index.ts';
import { MachineBase, startPc, type Retired } from './base.ts';
import { MODE_NUMBERS, parseRegisterName, RegisterNameError } from './registers.ts';
import type { LoadedImage, MachineCounters, MachineOptions, RunLimits, RunResult, StopCondition, StopReason } from './types.ts';

export const DEFAULT_START_CPSR = 0xd3;
const DEFAULT_RAM = 128 << 20;

export class IssMachine extends MachineBase {
  readonly model = 'iss' as const;
  readonly hardware = null;
  readonly ramBytes: number;
  readonly iss: VersatileMachine;
  private clock0 = 0;
  private instret0 = 0;

  /** `ram`: run on this buffer of `ramBytes` bytes, contents kept (an RTL machine's RAM: boot-on-model.ts). */
  constructor(options: MachineOptions = {}, ram?: ArrayBuffer) {
    super();
    this.ramBytes = options.ramBytes ?? DEFAULT_RAM;
    // The architecturally visible parts of the hardware configuration (the same one an RTL machine
    // is built from: the cache type register, the TLB lockdown entries).
    const hw = validateConfig(options.hardware);
    this.iss = new VersatileMachine({ ramSize: this.ramBytes, ...(ram ? { ram } : {}), cacheType: cacheTypeRegister(hw), tlbLockdownEntries: hw.tlb.lockdownEntries });
  }

  protected putSegments(image: LoadedImage): void {
    for (const s of image.segments) {
      this.iss.memory.load(s.address, s.data);
      const extra = (s.memSize ?? s.data.length) - s.data.length;
      if (extra > 0) this.iss.memory.load(s.address + s.data.length, new Uint8Array(extra));
    }
  }

  start(entry: number, options: { readonly cpsr?: number; readonly registers?: Readonly<Record<string, number>> } = {}): void {
    const core = this.iss.core;
    core.reset();
    for (let p = 0; p < 31; p++) core.setPhysicalRegister(p, 0);
    for (const m of ['fiq', 'irq', 'svc', 'abt', 'und'] as const) core.setSpsr(MODE_NUMBERS[m], 0);
    const cpsr = (options.cpsr ?? DEFAULT_START_CPSR) >>> 0;
    core.setCpsr(cpsr);
    core.setRegister(15, startPc(entry, cpsr));
    for (const [name, value] of Object.entries(options.registers ?? {})) this.writeRegister(name, value);
    this.clock0 = core.clock;
    this.instret0 = core.instret;
  }

  get pc(): number {
    return this.iss.core.pc >>> 0;
  }
  get cycles(): number {
    return this.iss.core.clock - this.clock0;
  }
  get instructions(): number {
    return this.iss.core.instret - this.instret0;
  }

  readRegister(name: string): number {
    const ref = parseRegisterName(name);
    const core = this.iss.core;
    if (ref.kind === 'cpsr') return core.cpsr >>> 0;
    if (ref.kind === 'spsr') return core.spsrOf(ref.mode === undefined ? core.mode : MODE_NUMBERS[ref.mode]) >>> 0;
    if (ref.index === 15) return this.pc;
    if (ref.mode === undefined) return core.register(ref.index) >>> 0;
    return core.physicalRegister(bankMap(MODE_NUMBERS[ref.mode])[ref.index]!) >>> 0;
  }

  writeRegister(name: string, value: number): void {
    const ref = parseRegisterName(name);
    const core = this.iss.core;
    if (ref.kind === 'cpsr') core.setCpsr(value);
    else if (ref.kind === 'spsr') {
      const mode = ref.mode === undefined ? core.mode : MODE_NUMBERS[ref.mode];
      if ((mode & 0xf) === 0 || mode === 0x1f) throw new RegisterNameError(`register ${name}: the current mode has no SPSR`);
      core.setSpsr(mode, value);
    } else if (ref.index === 15) core.setRegister(15, value);
    else if (ref.mode === undefined) core.setRegister(ref.index, value);
    else core.setPhysicalRegister(bankMap(MODE_NUMBERS[ref.mode])[ref.index]!, value);
  }

  readMemory(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const core = this.iss.core;
    for (let k = 0; k < length; k++) {
      const pa = core.debugTranslate((address + k) >>> 0);
      // RAM only: a debugger read of a device register could have side effects (VIC, UART).
      if (pa !== undefined && pa < this.ramBytes) out[k] = this.iss.memory.bytes[pa]!;
    }
    return out;
  }

  writeMemory(address: number, bytes: Uint8Array): void {
    this.iss.memory.load(address, bytes);
  }

  uartOutput(): string {
    return this.iss.uartOutput();
  }

  counters(): MachineCounters {
    return { cycles: this.cycles, instructions: this.instructions, memory: null };
  }

  protected vectorBase(): number {
    return this.iss.core.vectors;
  }

  override run(conditions: readonly StopCondition[] = [], limits: RunLimits = {}): RunResult {
    if (conditions.length > 0 || this.breakpoints.size > 0 || this.watchpoints.length > 0) return super.run(conditions, limits);
    // Nothing to check per instruction: the model's own loop.
    const core = this.iss.core;
    const c0 = this.cycles;
    const i0 = this.instructions;
    const done = (stop: StopReason): RunResult => ({ stop, instructions: this.instructions - i0, cycles: this.cycles - c0 });
    for (;;) {
      const left = Math.min(limits.maxInstructions === undefined ? Infinity : i0 + limits.maxInstructions - this.instructions, limits.maxCycles === undefined ? Infinity : c0 + limits.maxCycles - this.cycles);
      if (left <= 0) return done(limits.maxInstructions !== undefined && this.instructions >= i0 + limits.maxInstructions ? { kind: 'max-instructions' } : { kind: 'max-cycles' });
      const r = core.run(Math.min(left, 1 << 20));
      if (r.stop) return done(this.stopOf());
    }
  }

  private stopOf(): StopReason {
    const s = this.iss.core.stop!;
    return s.kind === 'exit' ? { kind: 'exit', code: s.code } : { kind: 'deadlock', pc: s.pc };
  }

  protected advance(cycleLimit: number): Retired | StopReason {
    const core = this.iss.core;
    for (;;) {
      if (core.stop) return this.stopOf();
      const pcBefore = core.pc >>> 0;
      const e = core.step();
      if (!e || core.stop) return this.stopOf();
      if (e.pc === undefined && e.exception === undefined) {
        if (this.cycles >= cycleLimit) return { kind: 'max-cycles' };
        continue; // waiting for an interrupt: time passed, nothing retired
      }
      return {
        pc: e.pc ?? pcBefore,
        instruction: e.instruction ?? 0,
        thumb: e.thumb,
        exception: e.exception,
        nextPc: e.nextPc,
        accesses: e.memory.map((m) => ({ address: m.virtualAddress, size: m.size, write: m.write })),
      };
    }
  }
}
