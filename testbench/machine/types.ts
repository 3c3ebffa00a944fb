// The one machine interface of the reference model (ISS), the RTL system and the lockstep pair:
// load an image, start at an entry with a chosen CPSR, read and write registers by architectural
// name and memory, and run until a condition, a breakpoint or a watchpoint. docs/API.md.
import type { HardwareConfig, PartialConfig } from '../../rtl/config.ts';
import type { PipelineViewOptions } from '../trace/pipeline-view.ts';
import type { MessageViewOptions } from '../checkers/message-view.ts';

export type ModelKind = 'iss' | 'rtl' | 'lockstep';

export type ExceptionName = 'reset' | 'undefined' | 'swi' | 'prefetch-abort' | 'data-abort' | 'irq' | 'fiq';

/** Vector offsets of the exceptions (at 0 or 0xFFFF0000 with CP15 V). */
export const VECTOR_OFFSETS: Readonly<Record<ExceptionName, number>> = {
  reset: 0x00, undefined: 0x04, swi: 0x08, 'prefetch-abort': 0x0c, 'data-abort': 0x10, irq: 0x18, fiq: 0x1c,
};

export interface MachineOptions {
  /** Hardware config (RTL and lockstep; its RAM size is the RAM of every model). */
  readonly hardware?: PartialConfig;
  /** RAM in bytes from address 0 (default 128 MB; a multiple of 1 MB). */
  readonly ramBytes?: number;
  /** RTL: include the MMU, caches and write buffer (default true). */
  readonly memorySystem?: boolean;
  /** RTL: evaluate combinational logic twice per cycle (order-bug check; about 2x slower). */
  readonly check?: boolean;
  /** RTL: add the pipeline text view (disassembly per stage, source line, symbol) for waveforms. */
  readonly view?: PipelineViewOptions;
  /** RTL: add the message view (which thread crosses the user/kernel boundary, its MRs) for the hand-off checkers and waveforms. */
  readonly message?: MessageViewOptions;
  /** RTL: when the modules' methods are compiled with constant slots (SimulatorOptions.specialize; default: a long run's). */
  readonly specialize?: 'now' | 'never' | number;
}

/** Something to run: an ELF file, raw bytes at an address, or a linked image (the toolchain's). */
export type ImageSource =
  | { readonly elf: Uint8Array }
  | { readonly raw: Uint8Array; readonly address: number; readonly entry?: number }
  | { readonly image: LoadedImage };

export interface LoadedImage {
  readonly entry: number;
  readonly segments: ReadonlyArray<{ readonly address: number; readonly data: Uint8Array; readonly memSize?: number }>;
  readonly symbols?: ReadonlyMap<string, number>;
}

/** A condition `run` stops at (besides breakpoints, watchpoints and budgets). */
export type StopCondition =
  /** The next instruction to execute is at `address` (it has not executed). */
  | { readonly kind: 'pc'; readonly address: number }
  /** A SWI with this number (the low 24 bits; Thumb: 8) has been taken: the machine is at the SWI vector. */
  | { readonly kind: 'swi'; readonly number: number }
  /** An exception has been taken: the machine is at its vector. */
  | { readonly kind: 'vector'; readonly exception: ExceptionName }
  /** The program called semihosting SYS_EXIT. */
  | { readonly kind: 'exit' }
  /** Checked after every instruction. */
  | { readonly kind: 'predicate'; readonly test: (machine: Machine) => boolean; readonly name?: string };

export interface RunLimits {
  /** Stop after this many clock cycles from the start of this run (ISS: its clock). */
  readonly maxCycles?: number;
  /** Stop after this many retired instructions from the start of this run. */
  readonly maxInstructions?: number;
}

export type StopReason =
  | { readonly kind: 'breakpoint'; readonly pc: number }
  | { readonly kind: 'watchpoint'; readonly address: number; readonly access: 'read' | 'write'; readonly pc: number }
  | { readonly kind: 'pc'; readonly pc: number }
  | { readonly kind: 'swi'; readonly number: number; readonly pc: number }
  | { readonly kind: 'vector'; readonly exception: ExceptionName; readonly pc: number }
  | { readonly kind: 'exit'; readonly code: number }
  /** A semihosting call the RTL cannot serve (it has no host): the SWI has been taken as an ordinary SWI. */
  | { readonly kind: 'semihosting'; readonly operation: number; readonly pc: number }
  | { readonly kind: 'predicate'; readonly name: string }
  | { readonly kind: 'max-cycles' }
  | { readonly kind: 'max-instructions' }
  /** The reference model waits for an interrupt that nothing will raise. */
  | { readonly kind: 'deadlock'; readonly pc: number }
  /** Lockstep: the two models disagree (report names the field). */
  | { readonly kind: 'mismatch'; readonly report: string };

export interface RunResult {
  readonly stop: StopReason;
  /** Instructions retired and clock cycles during this run. */
  readonly instructions: number;
  readonly cycles: number;
}

export interface Watchpoint {
  readonly address: number;
  readonly length: number;
  readonly access: 'read' | 'write' | 'access';
}

/** Counters of the memory system (RTL with the memory system; null elsewhere). */
export interface MachineCounters {
  readonly cycles: number;
  readonly instructions: number;
  readonly memory: Readonly<Record<string, unknown>> | null;
}

export interface Machine {
  readonly model: ModelKind;
  readonly ramBytes: number;
  /** The validated hardware config the RTL was built from (the ISS has none: null). */
  readonly hardware: HardwareConfig | null;
  /** Symbols of the last image loaded (ELF symbol table or the linker's). */
  readonly symbols: ReadonlyMap<string, number>;

  /** Put an image into RAM; returns its entry and symbols. Does not start it. */
  load(source: ImageSource): LoadedImage;
  /**
   * Begin execution at `entry` with this CPSR (default: SVC, IRQ and FIQ masked, 0xd3; the T bit
   * selects Thumb) and registers (by name; others zero). On the RTL: a reset, then the state.
   */
  start(entry: number, options?: { readonly cpsr?: number; readonly registers?: Readonly<Record<string, number>> }): void;

  readRegister(name: string): number;
  /** RTL: only before the first cycle after start (the pipeline holds younger instructions later). */
  writeRegister(name: string, value: number): void;
  /** The address of the next instruction to execute. */
  readonly pc: number;

  /** Bytes as the core's loads would see them (through the MMU; the RTL's D-cache). Unmapped bytes read 0. */
  readMemory(address: number, length: number): Uint8Array;
  /** Write RAM at a physical address (the RTL's caches are not updated: write before start or to uncached memory). */
  writeMemory(address: number, bytes: Uint8Array): void;

  /** Resolve a symbol of the loaded image or a number (0x...). */
  resolve(symbolOrAddress: string): number;

  readonly breakpoints: Set<number>;
  readonly watchpoints: Watchpoint[];

  run(conditions?: readonly StopCondition[], limits?: RunLimits): RunResult;
  /** Execute exactly one instruction (an interrupt entry counts as one), ignoring breakpoints. */
  stepInstruction(): RunResult;

  readonly cycles: number;
  readonly instructions: number;
  uartOutput(): string;
  counters(): MachineCounters;
}
