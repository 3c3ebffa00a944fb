// Opt-in per-instruction effects record, for lockstep comparison with the RTL's retirement
// interface and for the QEMU comparison. Only built when recording is on: the fast run loop
// never allocates.

export type ExceptionKind =
  | 'reset'
  | 'undefined'
  | 'swi'
  | 'prefetch-abort'
  | 'data-abort'
  | 'irq'
  | 'fiq';

export interface RegisterWrite {
  /** Physical register number (0..30, see modes.ts: 0..15 user/system, 16.. banked copies). */
  readonly physical: number;
  /** e.g. 'r13_svc', 'r4', 'pc'. */
  readonly name: string;
  readonly value: number;
}

export interface MemoryAccess {
  readonly virtualAddress: number;
  readonly physicalAddress: number;
  readonly size: 1 | 2 | 4;
  /** Value read or written (zero-extended to the access size). */
  readonly value: number;
  readonly write: boolean;
}

export interface StepEffects {
  /** Address of the instruction (undefined when the step only took an interrupt). */
  readonly pc: number | undefined;
  /** The instruction word, when one was fetched. */
  readonly instruction: number | undefined;
  /** Mode number the instruction executed in. */
  readonly mode: number;
  /** Condition passed (false: the instruction did nothing). */
  readonly executed: boolean;
  /** Executed in Thumb state (`instruction` is then a halfword). */
  readonly thumb: boolean;
  readonly cpsrAfter: number;
  /** PC of the next instruction. */
  readonly nextPc: number;
  /** Architectural destination writes (also writes of an unchanged value), r15 excluded. */
  readonly registerWrites: readonly RegisterWrite[];
  readonly memory: readonly MemoryAccess[];
  /** Exception entered by this step (caused by the instruction, or an interrupt taken before it). */
  readonly exception: ExceptionKind | undefined;
  /** SPSR written by exception entry or MSR SPSR (value), if any. */
  readonly spsrWrite: number | undefined;
}
