// What the three models share: loading, symbols, and the run loop that checks stop conditions,
// breakpoints, watchpoints and budgets after every instruction. A model supplies `advance`: one
// instruction (an interrupt entry counts as one) and what it did.
import type { HardwareConfig } from '../../rtl/config.ts';
import { checkSegmentsFit, imageFrom, resolveAddress } from './image.ts';
import type { ExceptionName, ImageSource, LoadedImage, Machine, MachineCounters, ModelKind, RunLimits, RunResult, StopCondition, StopReason, Watchpoint } from './types.ts';
import { VECTOR_OFFSETS } from './types.ts';

/** One instruction as a model executed it. */
export interface Retired {
  readonly pc: number;
  readonly instruction: number;
  readonly thumb: boolean;
  readonly exception: ExceptionName | undefined;
  /** The next instruction to execute. */
  readonly nextPc: number;
  /** Data accesses it made (virtual addresses), for watchpoints; only collected while some are set. */
  readonly accesses: ReadonlyArray<{ readonly address: number; readonly size: number; readonly write: boolean }>;
}

export const SEMIHOSTING_ARM_SWI = 0x123456;
export const SEMIHOSTING_THUMB_SWI = 0xab;

/** The first pc for `entry` in the state `cpsr` says: both models align it alike (halfwords in Thumb, words in ARM). */
export function startPc(entry: number, cpsr: number): number {
  return (entry & ((cpsr >>> 5) & 1 ? ~1 : ~3)) >>> 0;
}

/** The mode field (CPSR bits 4:0) of a valid ARM mode; any other is UNPREDICTABLE, and the two models would start apart. */
export const VALID_MODES: ReadonlySet<number> = new Set([0x10, 0x11, 0x12, 0x13, 0x17, 0x1b, 0x1f]);

export function swiNumber(r: Retired): number {
  return r.thumb ? r.instruction & 0xff : r.instruction & 0xffffff;
}

export abstract class MachineBase implements Machine {
  abstract readonly model: ModelKind;
  abstract readonly ramBytes: number;
  abstract readonly hardware: HardwareConfig | null;
  symbols: ReadonlyMap<string, number> = new Map();
  readonly breakpoints = new Set<number>();
  readonly watchpoints: Watchpoint[] = [];

  abstract readRegister(name: string): number;
  abstract writeRegister(name: string, value: number): void;
  abstract get pc(): number;
  abstract readMemory(address: number, length: number): Uint8Array;
  abstract writeMemory(address: number, bytes: Uint8Array): void;
  abstract start(entry: number, options?: { readonly cpsr?: number; readonly registers?: Readonly<Record<string, number>> }): void;
  abstract get cycles(): number;
  abstract get instructions(): number;
  abstract uartOutput(): string;
  abstract counters(): MachineCounters;
  /** The vector base (0, or 0xFFFF0000 with CP15 V). */
  protected abstract vectorBase(): number;
  protected abstract putSegments(image: LoadedImage): void;
  /**
   * One instruction, or a stop that ends the run (exit, deadlock, mismatch, the cycle budget while
   * waiting). `cycleLimit`: absolute cycle count not to pass.
   */
  protected abstract advance(cycleLimit: number, collectAccesses: boolean): Retired | StopReason;

  load(source: ImageSource): LoadedImage {
    const image = imageFrom(source);
    checkSegmentsFit(image, this.ramBytes);
    this.putSegments(image);
    this.symbols = image.symbols ?? new Map();
    return image;
  }

  resolve(symbolOrAddress: string): number {
    return resolveAddress(symbolOrAddress, this.symbols);
  }

  stepInstruction(): RunResult {
    const c0 = this.cycles;
    const i0 = this.instructions;
    const r = this.advance(Infinity, false);
    const stop: StopReason = 'nextPc' in r ? { kind: 'pc', pc: r.nextPc } : r;
    return { stop, instructions: this.instructions - i0, cycles: this.cycles - c0 };
  }

  run(conditions: readonly StopCondition[] = [], limits: RunLimits = {}): RunResult {
    const c0 = this.cycles;
    const i0 = this.instructions;
    const cycleLimit = limits.maxCycles === undefined ? Infinity : c0 + limits.maxCycles;
    const instructionLimit = limits.maxInstructions === undefined ? Infinity : i0 + limits.maxInstructions;
    const done = (stop: StopReason): RunResult => ({ stop, instructions: this.instructions - i0, cycles: this.cycles - c0 });
    const pcs = new Set<number>();
    const swis = new Set<number>();
    const vectors = new Map<number, ExceptionName>();
    const predicates: Array<Extract<StopCondition, { kind: 'predicate' }>> = [];
    for (const c of conditions) {
      if (c.kind === 'pc') pcs.add(c.address >>> 0);
      else if (c.kind === 'swi') swis.add(c.number);
      else if (c.kind === 'vector') vectors.set(VECTOR_OFFSETS[c.exception], c.exception);
      else if (c.kind === 'predicate') predicates.push(c);
      // 'exit': an exit always ends a run (there is nothing to run after it); the condition says it is expected.
    }
    for (;;) {
      if (this.instructions >= instructionLimit) return done({ kind: 'max-instructions' });
      if (this.cycles >= cycleLimit) return done({ kind: 'max-cycles' });
      const r = this.advance(cycleLimit, this.watchpoints.length > 0);
      if (!('nextPc' in r)) return done(r);
      if (r.exception !== undefined) {
        if (r.exception === 'swi' && swis.has(swiNumber(r))) return done({ kind: 'swi', number: swiNumber(r), pc: r.pc });
        const offset = r.nextPc - this.vectorBase();
        if (vectors.get(offset) === r.exception) return done({ kind: 'vector', exception: r.exception, pc: r.nextPc });
      }
      for (const a of r.accesses) {
        const hit = this.watchHit(a.address, a.size, a.write);
        if (hit) return done({ kind: 'watchpoint', address: hit, access: a.write ? 'write' : 'read', pc: r.nextPc });
      }
      if (this.breakpoints.has(r.nextPc)) return done({ kind: 'breakpoint', pc: r.nextPc });
      if (pcs.has(r.nextPc)) return done({ kind: 'pc', pc: r.nextPc });
      for (const p of predicates) if (p.test(this)) return done({ kind: 'predicate', name: p.name ?? 'predicate' });
    }
  }

  /** The watched address an access touches, or undefined. */
  private watchHit(address: number, size: number, write: boolean): number | undefined {
    for (const w of this.watchpoints) {
      if (w.access === 'read' && write) continue;
      if (w.access === 'write' && !write) continue;
      const lo = Math.max(address >>> 0, w.address >>> 0);
      const hi = Math.min((address >>> 0) + size, (w.address >>> 0) + w.length);
      if (lo < hi) return lo;
    }
    return undefined;
  }
}
