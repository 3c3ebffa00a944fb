// Report types of the hand-off monitors: a verdict and the evidence behind it (cycles, registers,
// bus transactions), plain data so they serialise to JSON as they are.

export type Verdict = 'pass' | 'fail';

/** A write on a register-file write port to a register that holds an MR. */
export interface RegisterWriteEvidence {
  readonly cycle: number;
  readonly port: 'w0' | 'w1';
  /** Physical register number and name (r4, r8_fiq, ...). */
  readonly physical: number;
  readonly register: string;
  readonly data: number;
  /** Address of the instruction that wrote it (the uop in Writeback). */
  readonly pc: number;
  /** A load wrote it (from `address`), or an ALU/other result. */
  readonly cause: 'load' | 'result';
  readonly address?: number;
}

/** A data-port transaction the kernel made inside an IPC. */
export interface BusEvidence {
  readonly cycle: number;
  readonly pc: number;
  readonly address: number;
  readonly write: boolean;
  readonly size: number;
  /** Store data, or the aligned word a load returned. */
  readonly data: number;
  /** The range the address falls in (UTCB, kernel buffer, page table), if any. */
  readonly region?: string;
  /** For stores: the physical register whose value was stored, when known. */
  readonly sourceRegister?: string;
}

export interface RegisterMrReport {
  readonly verdict: Verdict;
  readonly registers: readonly string[];
  /** Their values when the trap retired and when the receiver's first instruction retired. */
  readonly valuesAtTrap: readonly number[];
  readonly valuesAtResume: readonly number[];
  readonly writes: readonly RegisterWriteEvidence[];
  /** Stores whose data came from an MR register. */
  readonly stores: readonly BusEvidence[];
}

export interface UtcbCopy {
  readonly load: BusEvidence;
  readonly store: BusEvidence;
  readonly offset: number;
}

export interface UtcbReport {
  readonly verdict: Verdict;
  readonly wordsCopied: number;
  readonly copies: readonly UtcbCopy[];
  /** Stores into a UTCB's MR area whose word was not loaded from another UTCB at the same offset. */
  readonly unmatchedStores: readonly BusEvidence[];
  readonly kernelBufferStores: readonly BusEvidence[];
  /** UTCBs the copied words came from and went to (one each for an IPC). */
  readonly fromUtcbs: readonly string[];
  readonly toUtcbs: readonly string[];
  readonly utcbLoads: number;
  readonly utcbStores: number;
}

export interface Cp15WriteEvidence {
  readonly cycle: number;
  readonly pc: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  readonly value: number;
  readonly kind: 'tlb' | 'cache' | 'switch' | 'other';
}

export interface RemapReport {
  readonly verdict: Verdict;
  readonly pageTableWrites: readonly BusEvidence[];
  readonly tlbOps: number;
  readonly tlbOpsAllowed: number;
  readonly cacheOps: number;
  /** The IPC switched address space (wrote TTBR, FCSE PID or CONTEXTIDR). */
  readonly spaceSwitch: boolean;
  readonly switchWrites: number;
  readonly cp15Writes: readonly Cp15WriteEvidence[];
}

export interface PhaseSpan {
  readonly phase: string;
  readonly startCycle: number;
  readonly cycles: number;
  readonly instructions: number;
}

export interface CostReport {
  readonly cycles: number;
  /** Instructions retired strictly between the trap and the first user instruction. */
  readonly kernelInstructions: number;
  readonly iLines: number;
  readonly iPages: number;
  readonly dLines: number;
  readonly dPages: number;
  readonly kernelLoads: number;
  readonly kernelStores: number;
  readonly phases: readonly PhaseSpan[];
  /** Counter deltas trap -> resume, by counter name. */
  readonly counters: Readonly<Record<string, number>>;
}

export interface IpcReport {
  readonly index: number;
  /** Cycle the sender's SWI retired, and the cycle the receiver's first user instruction retired. */
  readonly trapCycle: number;
  readonly resumeCycle: number;
  readonly trapPc: number;
  readonly resumePc: number;
  readonly verdict: Verdict;
  /** One line per failed claim. */
  readonly failures: readonly string[];
  /** The slow path was taken (a slow-path phase marker retired). */
  readonly path: 'fast' | 'slow';
  /** Counts in the overall verdict (fast path, or slow path with judgeSlowPath). */
  readonly judged: boolean;
  readonly registerMRs: RegisterMrReport;
  readonly utcb: UtcbReport;
  readonly remap: RemapReport;
  readonly cost: CostReport;
}

export interface HandoffReport {
  /** Pass: at least one judged IPC, and every judged IPC passed. */
  readonly verdict: Verdict;
  /** Failures of judged IPCs. */
  readonly failures: readonly string[];
  readonly ipcs: readonly IpcReport[];
  readonly judgedIpcs: number;
  /** A trap seen with no return to user mode before the end of the run. */
  readonly openTrapCycle?: number;
  // Totals over the judged IPCs (the `handoff` object of `npm start --json`).
  readonly registerMRsWritten: number;
  readonly registerMRsStored: number;
  readonly utcbWordsCopied: number;
  readonly kernelBufferStores: number;
  readonly pageTableWrites: number;
}
