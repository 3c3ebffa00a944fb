// What each user thread is doing in IPC, as an observer of the user/kernel boundary can know it
// from the L4 ABI alone (a thread's r0..r2 at its system call, who resumes, the interrupt lines
// pending): running, blocked receiving (and from whom), queued to send (and to whom), halted.
//
// Why the checkers need it: a window ending in the sender's destination is a hand-off only if that
// destination was blocked receiving from the sender (or from any thread) when the sender trapped.
// A destination that had not yet run, was preempted, was itself queued to send, or waited for
// someone else resumes for another reason: the sender was queued, and judging the window as a
// delivery would both fail a correct kernel and exempt a wrong one's stores into its slots.
//
// The model follows the ABI's semantics (kernel/ABI.md, "IPC"), not any kernel's data structures.
// Where the boundary does not show what happened (a finite timeout may have expired; a queued
// sender with a finite timeout may have left the queue; a fault or a run observed from its middle),
// the thread's state becomes UNKNOWN, which the judges take as "may have been waiting" (what they
// did before this model existed): an unknown state never turns a window into a failure.

import { SYSCALL } from '../../kernel/abi.ts';

/** Thread states (the message view's `st_<n>` registers and its `rx_state` output). */
export const T_NEW = 0; // not yet run since reset
export const T_RUN = 1; // running or runnable
export const T_WAIT = 2; // blocked in a receive phase; partner = its from-specifier
export const T_SEND = 3; // queued in partner's send queue; pendFrom = its receive phase to follow
export const T_HALT = 4; // exited or faulted
export const T_UNKNOWN = 5; // the boundary did not show it (see above)

export const STATE_NAMES = ['new', 'run', 'wait', 'send', 'halt', 'unknown'] as const;

export interface ThreadIpcState {
  state: number;
  /** WAIT: the from-specifier; SEND: the destination's id. */
  partner: number;
  /** SEND: the receive phase's from-specifier after the send (0: none), and its 16-bit timeout. */
  pendFrom: number;
  pendTimeout: number;
  /** SEND: position in the FIFO send queues (smaller is earlier). */
  seq: number;
}

/** What a window's trap was, as latched at the crossing into the kernel. */
export interface TrapSeen {
  readonly kind: 'ipc' | 'irq' | 'halt' | 'other';
  /** Index of the trapping (or interrupted) thread in the thread list; -1 if not a known thread. */
  readonly thread: number;
  readonly to: number;
  readonly from: number;
  readonly timeouts: number;
  /** Interrupt lines pending at the trap (kind 'irq'). */
  readonly lines: number;
  /** The message's words by its tag (MR0: untyped + typed; kind 'ipc'). */
  readonly words?: number;
}

/** The most words a message may have (MR1..MR63): more is an overflow error. */
export const MAX_WORDS = 63;

/** Untyped plus typed words by a tag. */
export const tagWords = (tag: number): number => (tag & 0x3f) + ((tag >>> 6) & 0x3f);

export interface RendezvousAbi {
  /** Thread ids by index. */
  readonly ids: readonly number[];
  /** Interrupt lines each thread handles, by index. */
  readonly irqs: readonly (readonly number[])[];
  readonly irqThreadBase: number;
}

export const NILTHREAD = 0;
export const ANYTHREAD = 0xffff_ffff;

/** An L4 16-bit timeout: never (0), zero (mantissa 0), or a finite period. */
export function timeoutKind(t: number): 'never' | 'zero' | 'finite' {
  const v = t & 0xffff;
  if (v === 0) return 'never';
  return (v & 0x3ff) === 0 ? 'zero' : 'finite';
}

/**
 * Was a thread in state `s` blocked receiving from `sender` (a thread id or an interrupt thread
 * id)? 'maybe' where the boundary did not show its state.
 */
export function waitedFor(s: { readonly state: number; readonly partner: number }, sender: number): 'yes' | 'no' | 'maybe' {
  if (s.state === T_UNKNOWN) return 'maybe';
  if (s.state !== T_WAIT) return 'no';
  return s.partner >>> 0 === ANYTHREAD || s.partner >>> 0 === sender >>> 0 ? 'yes' : 'no';
}

/** In words, for a window that is not a hand-off because of it. */
export function describeState(s: { readonly state: number; readonly partner: number }, name: (id: number) => string): string {
  switch (s.state) {
    case T_NEW:
      return 'it had not run yet';
    case T_RUN:
      return 'it was running or runnable, not in a receive';
    case T_WAIT:
      return `it was waiting for ${name(s.partner)}`;
    case T_SEND:
      return `it was itself queued to send to ${name(s.partner)}`;
    case T_HALT:
      return 'it had halted';
    default:
      return 'its state is unknown';
  }
}

/** Every thread's state, the next send-queue position and the interrupt lines held pending for a handler that was not waiting. */
export interface RendezvousState {
  readonly threads: ThreadIpcState[];
  seq: number;
  pendingIrqs: number;
}

export function initialRendezvous(threads: number, state = T_NEW): RendezvousState {
  return { threads: Array.from({ length: threads }, () => ({ state, partner: 0, pendFrom: 0, pendTimeout: 0, seq: 0 })), seq: 0, pendingIrqs: 0 };
}

/** Apply one window (its trap, then the resume of thread `resumed`, -1 if none known) to the states. */
export function applyWindow(r: RendezvousState, abi: RendezvousAbi, trap: TrapSeen, resumed: number): void {
  const t = r.threads;
  const s = trap.thread;
  const indexOf = (id: number): number => abi.ids.indexOf(id >>> 0);
  const run = (k: number): void => {
    t[k]!.state = T_RUN;
    t[k]!.partner = 0;
    t[k]!.pendFrom = 0;
    t[k]!.pendTimeout = 0;
  };
  if (trap.kind === 'irq') {
    // Each pending line goes to its handler if it waits for it; else the kernel holds it pending,
    // which this model does not follow: a handler that then waits may take it at once.
    for (let line = 0; line < 32; line++) {
      if (((trap.lines >>> line) & 1) === 0) continue;
      const h = abi.irqs.findIndex((ls) => ls.includes(line));
      if (h < 0) continue;
      const w = waitedFor(t[h]!, abi.irqThreadBase + line);
      if (w === 'yes') run(h);
      else if (w === 'no') r.pendingIrqs |= 1 << line; // masked until the handler takes it and replies
      else t[h]!.state = T_UNKNOWN;
    }
    if (s >= 0) run(s);
  } else if (s >= 0 && trap.kind === 'halt') {
    // The thread halts; partners blocked on it are cancelled (they run again with an error).
    t[s]!.state = T_HALT;
    const id = abi.ids[s]!;
    t.forEach((x, k) => {
      if ((x.state === T_SEND || x.state === T_WAIT) && x.partner >>> 0 === id) run(k);
    });
  } else if (s >= 0 && trap.kind === 'ipc') ipc(r, abi, trap, s, run, indexOf);
  else if (s >= 0) run(s);
  if (resumed >= 0) run(resumed);
}

function ipc(r: RendezvousState, abi: RendezvousAbi, trap: TrapSeen, s: number, run: (k: number) => void, indexOf: (id: number) => number): void {
  const t = r.threads;
  const me = abi.ids[s]!;
  const to = trap.to >>> 0;
  const from = trap.from >>> 0;
  let sent = true;
  const toLine = to - abi.irqThreadBase;
  if (toLine >= 0 && toLine < 32 && !(abi.irqs[s] ?? []).includes(toLine)) {
    run(s); // only the line's handler may send to its interrupt thread: for anyone else, error 2
    return;
  }
  if (to !== NILTHREAD && (toLine < 0 || toLine >= 32)) {
    const d = indexOf(to);
    if (d < 0 || t[d]!.state === T_HALT || (trap.words ?? 0) > MAX_WORDS) {
      run(s); // a non-existing partner (a thread not yet run exists) or an overflow: an error, the receive phase skipped
      return;
    }
    // (To itself: it is running, not waiting, so it queues on its own send queue, as any sender would.)
    const w = waitedFor(t[d]!, me);
    if (w === 'yes') run(d);
    else if (w === 'maybe') {
      // It may have received (and run) or not (and we are queued): neither is known any more.
      t[d]!.state = T_UNKNOWN;
      t[s]!.state = T_UNKNOWN;
      return;
    } else {
      const send = timeoutKind(trap.timeouts >>> 16);
      if (send === 'zero') {
        run(s); // error 1: the receive phase skipped
        return;
      }
      // Queued; a finite send timeout may take it out of the queue unseen.
      t[s]!.state = send === 'finite' ? T_UNKNOWN : T_SEND;
      t[s]!.partner = to;
      t[s]!.pendFrom = from;
      t[s]!.pendTimeout = trap.timeouts & 0xffff;
      t[s]!.seq = r.seq++;
      sent = false;
    }
  }
  if (sent) receive(r, abi, s, from, trap.timeouts & 0xffff, run, indexOf);
}

/**
 * Thread k's receive phase (from-specifier `from`, 16-bit receive timeout), run when its send phase
 * completed: in its own system call, or when a receiver took its queued Call (a Call queued with
 * a zero receive timeout and no reply waiting for it then fails at once).
 */
function receive(r: RendezvousState, abi: RendezvousAbi, k: number, from: number, timeout: number, run: (k: number) => void, indexOf: (id: number) => number): void {
  const t = r.threads;
  const me = abi.ids[k]!;
  from >>>= 0;
  if (from === NILTHREAD) {
    run(k);
    return;
  }
  // A closed wait for a thread that does not exist (halted, or no such id), or for an interrupt line
  // it does not handle: error 2 at once.
  const line = from - abi.irqThreadBase;
  const fromIrq = line >= 0 && line < 32;
  const partner = indexOf(from);
  if (from !== ANYTHREAD && (fromIrq ? !(abi.irqs[k] ?? []).includes(line) : partner < 0 || t[partner]!.state === T_HALT)) {
    run(k);
    return;
  }
  // The first matching sender in FIFO order, if any.
  let q = -1;
  let unsure = false;
  t.forEach((x, j) => {
    const matches = from === ANYTHREAD || from === abi.ids[j];
    if (x.state === T_SEND && x.partner >>> 0 === me && matches && (q < 0 || x.seq < t[q]!.seq)) q = j;
    if (x.state === T_UNKNOWN && matches) unsure = true;
  });
  // A pending interrupt of a line it handles comes first (open wait, or closed for that line).
  const mine = (abi.irqs[k] ?? []).reduce((m, l) => m | (1 << l), 0);
  const wanted = from === ANYTHREAD ? mine : fromIrq ? mine & (1 << line) : 0;
  const irq = r.pendingIrqs & wanted;
  if (irq !== 0) {
    r.pendingIrqs &= ~(irq & -irq);
    run(k);
  } else if (q >= 0) {
    // Its send completes; a Call goes on to its own receive phase.
    const pend = t[q]!.pendFrom >>> 0;
    const pendTimeout = t[q]!.pendTimeout;
    run(k);
    run(q);
    receive(r, abi, q, pend, pendTimeout, run, indexOf);
  } else if (unsure) {
    // A matching sender in an unknown state may be queued here.
    t[k]!.state = T_UNKNOWN;
    t[k]!.partner = from;
  } else if (timeoutKind(timeout) === 'zero') run(k);
  else {
    t[k]!.state = timeoutKind(timeout) === 'finite' ? T_UNKNOWN : T_WAIT;
    t[k]!.partner = from;
  }
}

/** System calls that return to their caller with nothing scheduled; any other number is a fault (the thread halts), as is any other exception. */
const RETURNING_SYSCALLS: ReadonlySet<number> = new Set([SYSCALL.putc, SYSCALL.puthex, SYSCALL.null, SYSCALL.flushCaches, SYSCALL.exit]);

/**
 * What a crossing into the kernel from user mode is, by the exception that made it (and a SWI's
 * number): an IPC, an interrupt, a halt (a fault, an unknown system call, exit of the thread), or
 * a call that returns to its caller. The message view and the reference model's follower
 * (crossing-follower.ts) both read their traps through this.
 */
export function trapKindOf(exception: 'swi' | 'irq' | 'fiq' | 'none' | 'fault', swi: number): TrapSeen['kind'] {
  if (exception === 'irq') return 'irq';
  if (exception === 'none' || exception === 'fiq') return 'other'; // (no mode change from user mode but by an exception; FIQ preempts)
  if (exception === 'swi') return swi === SYSCALL.ipc ? 'ipc' : RETURNING_SYSCALLS.has(swi) ? 'other' : 'halt';
  return 'halt';
}

/**
 * A window, applied when the thread it resumed retires its first instruction (at `resumePc`): its
 * trap (latched with the trapping instruction's `trapPc`), unless the resumed thread is the one
 * that trapped and is back at that instruction (a restarted system call: the trap had no effect),
 * then the resume.
 */
export function applyResume(r: RendezvousState, abi: RendezvousAbi, trap: TrapSeen, trapPc: number, resumed: number, resumePc: number): void {
  const restart = trap.kind === 'ipc' && resumed >= 0 && resumed === trap.thread && resumePc >>> 0 === trapPc >>> 0;
  applyWindow(r, abi, restart ? { ...trap, kind: 'other' } : trap, resumed);
}
