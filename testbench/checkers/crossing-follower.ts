// The message view's IPC-state model (rendezvous.ts) run over crossings seen somewhere else than
// the RTL: the reference model's, during a fast-forward. The view follows what each thread is doing
// from the user/kernel crossings it sees; a run fast-forwarded on the model crossed thousands of
// times unseen, and the view had to start with every state unknown (taken as "may have been
// waiting": nothing judged strictly). With a follower on the model from reset, the view starts
// the RTL part with every state the model's run decided, and an open window's trap, as if it had
// watched (message-view.ts seedIpcStates).
//
// The crossings carry what the view reads at the retirement that crosses: at a trap, the thread
// (by its user stack pointer), r0..r2, the message tag, the interrupt lines pending and the
// trapping instruction's address; at a resume, the thread and where it resumes.
import { threadBySp, type ThreadInfo } from './config.ts';
import { applyResume, applyWindow, initialRendezvous, tagWords, trapKindOf, type RendezvousAbi, type RendezvousState, type TrapSeen } from './rendezvous.ts';

/** A crossing from user mode into the kernel, as the model saw it. */
export interface TrapCrossing {
  readonly exception: 'swi' | 'irq' | 'fiq' | 'fault';
  /** A SWI's number (its comment field). */
  readonly swi: number;
  /** r13_usr, r0, r1, r2 before the trapping instruction wrote anything. */
  readonly sp: number;
  readonly r0: number;
  readonly r1: number;
  readonly r2: number;
  /** MR0 (the message tag): from its register, or read from the thread's UTCB. */
  readonly tag: number;
  /** The interrupt lines pending (the VIC's IRQ status). */
  readonly lines: number;
  /** The trapping instruction's address. */
  readonly pc: number;
}

/** The open window's trap at a hand-off, as the view latches it. */
export interface OpenTrap {
  readonly trap: TrapSeen;
  readonly pc: number;
  /** The raw tag (the view's tr_tag register). */
  readonly tag: number;
}

export class CrossingFollower {
  readonly state: RendezvousState;
  private open: OpenTrap | null = null;
  private readonly abi: RendezvousAbi;

  constructor(
    private readonly threads: readonly ThreadInfo[],
    abi: RendezvousAbi,
    /** The physical register holding MR0, or -1 (the tag is in the UTCB: `utcbMrOffset`). */
    readonly tagRegister: number,
    /** Byte offset of MR0 in a UTCB. */
    readonly utcbMrOffset: number,
  ) {
    this.abi = abi;
    this.state = initialRendezvous(threads.length);
  }

  /** The thread whose stack holds `sp`, by index (-1: none). */
  threadOf(sp: number): number {
    const t = threadBySp(this.threads, sp);
    return t ? this.threads.indexOf(t) : -1;
  }

  /** Where MR0 of the thread with stack pointer `sp` is (undefined: no thread's stack holds it). */
  mr0Address(sp: number): number | undefined {
    const t = threadBySp(this.threads, sp);
    return t ? (t.utcb + this.utcbMrOffset) >>> 0 : undefined;
  }

  /** Into the kernel from user mode: the window opens (its trap latched). */
  trapped(c: TrapCrossing): void {
    const kind = trapKindOf(c.exception, c.swi);
    const thread = this.threadOf(c.sp);
    this.open = { trap: { kind, thread, to: c.r0 >>> 0, from: c.r1 >>> 0, timeouts: c.r2 >>> 0, lines: kind === 'irq' ? c.lines >>> 0 : 0, words: tagWords(c.tag >>> 0) }, pc: c.pc >>> 0, tag: c.tag >>> 0 };
  }

  /** Back to user mode, the thread with stack pointer `sp` resuming at `pc`: the window applied. */
  resumed(sp: number, pc: number): void {
    const trap = this.open?.trap ?? { kind: 'other' as const, thread: -1, to: 0, from: 0, timeouts: 0, lines: 0 };
    applyResume(this.state, this.abi, trap, this.open?.pc ?? 0, this.threadOf(sp), pc);
    this.open = null;
  }

  /**
   * Every thread's IPC state now, a window still open applied as far as its trap goes (no thread
   * resumed yet): what the kernel's own thread states should say (as MessageView.ipcStates).
   */
  ipcStates(): RendezvousState {
    const copy: RendezvousState = { threads: this.state.threads.map((t) => ({ ...t })), seq: this.state.seq, pendingIrqs: this.state.pendingIrqs };
    if (this.open) applyWindow(copy, this.abi, this.open.trap, -1);
    return copy;
  }

  /** The window open now (a trap not yet followed by a resume), if any. */
  get openTrap(): OpenTrap | null {
    return this.open;
  }
}
