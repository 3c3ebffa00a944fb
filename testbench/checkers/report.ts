// Report types of the hand-off checkers: a verdict per claim and the evidence behind it (cycles,
// instructions, registers, bus transactions, values), plain data so they serialise to JSON as they
// are. Every sentence a report prints is made from these fields.
import type { Cp15Kind } from './switch-policy.ts';

export type Verdict = 'pass' | 'fail';
/** A claim that does not apply to a window (no message was handed off in it). */
export type ClaimVerdict = Verdict | 'n/a';

/** An instruction at a cycle: where a piece of evidence happened. */
export interface At {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  /** Its disassembly. */
  readonly asm: string;
}

/** One message word that went somewhere it should not, or did not arrive. */
export interface WordEvidence extends At {
  /** MR number. */
  readonly mr: number;
  /** What happened, in words (computed from the event). */
  readonly what: string;
  /** Virtual and physical address involved (stores and loads). */
  readonly va?: number;
  readonly pa?: number;
  /** The region the physical address lies in, when configured. */
  readonly region?: string;
  readonly value?: number;
  readonly expected?: number;
}

export interface RegisterWriteEvidence extends At {
  readonly port: 'w0' | 'w1';
  readonly physical: number;
  readonly register: string;
  readonly data: number;
  readonly cause: 'load' | 'result';
  readonly address?: number;
}

export interface RegisterMrReport {
  readonly verdict: ClaimVerdict;
  readonly registers: readonly string[];
  /** Their values when the trap retired and when the receiver's first instruction retired. */
  readonly valuesAtTrap: readonly number[];
  readonly valuesAtResume: readonly number[];
  /** Kernel writes of the registers that hold MRs. */
  readonly writes: readonly RegisterWriteEvidence[];
  /** Register MRs (or values computed from them) stored to memory, or moved into CP15 / a PSR. */
  readonly stores: readonly WordEvidence[];
  readonly leaks: readonly WordEvidence[];
}

export interface UtcbCopy {
  readonly mr: number;
  readonly load: At & { readonly va: number; readonly pa: number };
  readonly store: At & { readonly va: number; readonly pa: number };
  readonly value: number;
}

export interface UtcbReport {
  readonly verdict: ClaimVerdict;
  /** MRs the message holds in the UTCB (MR NREG .. MR count). */
  readonly words: number;
  /** The receiver's message area is the sender's physical memory (mapped, not copied). */
  readonly inPlace: boolean;
  readonly wordsCopied: number;
  readonly copies: readonly UtcbCopy[];
  /** Message words stored anywhere but their slot in the receiver's UTCB. */
  readonly staged: readonly WordEvidence[];
  /** Message words that did not reach the receiver's slot from the sender's. */
  readonly notCopied: readonly WordEvidence[];
  /** Receiver slots of the message written with something else. */
  readonly wrong: readonly WordEvidence[];
  /** Receiver slots outside the message written. */
  readonly extra: readonly WordEvidence[];
  /** Physical MR0 addresses of the two UTCBs. */
  readonly senderPa: number;
  readonly receiverPa: number;
}

export interface DeliveryMismatch {
  /** 'r0' (the sender's id), 'MR k in r(3+k)' or 'MR k in the UTCB'. */
  readonly where: string;
  readonly mr?: number;
  readonly sent: number;
  readonly received: number;
}

export interface DeliveryReport {
  readonly verdict: ClaimVerdict;
  /** The tag the sender passed and the one the receiver got (flags aside). */
  readonly tagSent: number;
  readonly tagReceived: number;
  /** MRs in the message (tag included). */
  readonly mrs: number;
  readonly mismatches: readonly DeliveryMismatch[];
  /** Why delivery could not be checked (message area not readable), if so. */
  readonly unreadable?: string;
}

export interface Cp15Evidence extends At {
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  readonly value: number;
  readonly kind: Cp15Kind;
  readonly name: string;
}

export interface RemapReport {
  readonly verdict: ClaimVerdict;
  readonly pageTableWrites: readonly WordEvidence[];
  /** Every CP15 write and maintenance operation in the window. */
  readonly cp15: readonly Cp15Evidence[];
  /** Maintenance the switch strategy does not need. */
  readonly disallowed: readonly Cp15Evidence[];
  readonly tlbOps: number;
  readonly cacheOps: number;
  /** The IPC switched address space: TTBR, FCSE PID or CONTEXTIDR at the resume differ from the trap's. */
  readonly spaceSwitch: boolean;
  readonly policy: string;
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

/** What the window was. */
export type WindowKind =
  | 'hand-off' // the trapping thread sent, and the resumed thread is its destination
  | 'interrupt hand-off' // an interrupt message delivered to its handler
  | 'no hand-off'; // anything else (a blocked send, a receive from a queue, an error, a reply to an interrupt, ...)

export interface IpcReport {
  readonly index: number;
  /** Cycle the trapping instruction retired, and the cycle the resumed thread's first instruction retired. */
  readonly trapCycle: number;
  readonly resumeCycle: number;
  readonly trapPc: number;
  readonly resumePc: number;
  /** 'swi' or 'irq': what opened the window. */
  readonly trap: 'swi' | 'irq';
  readonly kind: WindowKind;
  /** In words: who sent what to whom, or why there was no hand-off. */
  readonly summary: string;
  /**
   * A failure here carried message data parked in kernel state by an earlier IPC: the trap cycle of
   * the earliest such IPC (its waveform must start there for the VCD alone to show it).
   */
  readonly dependsOn?: number;
  readonly sender?: string;
  readonly receiver?: string;
  /** r0..r2 of the trapping thread (destination, from-specifier, timeouts). */
  readonly operation: { readonly to: number; readonly from: number; readonly timeouts: number };
  readonly verdict: ClaimVerdict;
  /** One line per failed rule, each naming the first offending event. */
  readonly failures: readonly string[];
  /** The first offending event (for the waveform window and the report). */
  readonly firstFailure?: At;
  readonly path: 'fast' | 'slow';
  /**
   * A slow-path window that came back to code only the fast path runs (config fastPathPhases): the
   * first such instruction retiring. From there on the window is judged as a fast path's (the leak
   * rules, and the resumed thread's registers); it stays reported on the slow path.
   */
  readonly leftSlowPath?: { readonly cycle: number; readonly pc: number };
  /** Counts in the overall verdict (a hand-off on the fast path, or on the slow path with judgeSlowPath). */
  readonly judged: boolean;
  readonly registerMRs: RegisterMrReport;
  readonly utcb: UtcbReport;
  readonly delivery: DeliveryReport;
  readonly remap: RemapReport;
  readonly cost: CostReport;
}

/**
 * A kernel entry from user mode that opened no IPC window: another system call, an interrupt the
 * configuration does not deliver as IPC, an abort or undefined instruction. It carries no message
 * of its own, so it is judged by the leak rules alone: an earlier message's data the kernel kept
 * in its own state must not be stored, moved into CP15 or a status register, and the message slots
 * of the thread it interrupted must not be written.
 */
export interface EntryReport {
  /** Order among the kernel entries (not an IPC index). */
  readonly index: number;
  readonly trapCycle: number;
  readonly trapPc: number;
  /** The return to user mode: absent when the run ended inside the entry (`open`). */
  readonly resumeCycle?: number;
  readonly resumePc?: number;
  /** The run ended inside this entry (the exit system call): judged as far as it went. */
  readonly open?: boolean;
  /** The exception that entered the kernel (EXC_NAMES: 'swi', 'irq', 'data-abort', ...). */
  readonly exception: string;
  /** The thread that trapped, when the checkers know it. */
  readonly thread?: string;
  readonly verdict: 'pass' | 'fail';
  readonly failures: readonly string[];
  readonly firstFailure?: At;
  /** The trap cycle of the earliest IPC whose data a failure carried (as IpcReport.dependsOn). */
  readonly dependsOn?: number;
}

export interface HandoffReport {
  /** Pass: at least one judged IPC, and every judged IPC passed. */
  readonly verdict: Verdict;
  /** Failures of judged IPCs (and why there is no judged IPC, if so). */
  readonly failures: readonly string[];
  readonly ipcs: readonly IpcReport[];
  /** Kernel entries that were no IPC window, each judged by the leak rules (their failures are in `failures`). */
  readonly entries: readonly EntryReport[];
  readonly judgedIpcs: number;
  /** A trap seen with no return to user mode before the end of the run. */
  readonly openTrapCycle?: number;
  // Totals over the judged IPCs (the `handoff` object of `npm start --json`).
  readonly registerMRsWritten: number;
  readonly registerMRsStored: number;
  readonly utcbWordsCopied: number;
  readonly stagedWords: number;
  readonly pageTableWrites: number;
  readonly maintenanceOps: number;
  readonly deliveryMismatches: number;
  /** Tracker consistency: loads written back that no data access was seen for (must be 0). */
  readonly untrackedLoads: number;
}
