// The operations the benchmark measures: their log codes (kernel/user/ipcbench.S, OP_*), names,
// what each measures, and which run yields them.
import type { BenchRun } from './spec.ts';

export const BENCH_OPS = [
  'call', 'replywait', 'call-blocks', 'send-blocks', 'recv-blocks', 'recv-queued-call', 'recv-queued-send', 'send', 'helper-send', 'null', 'irq', 'irq-reply',
] as const;
export type BenchOp = (typeof BENCH_OPS)[number];

/** The log's op field (OP_* in ipcbench.S) for each measured operation. */
export const OP_CODE: Readonly<Record<BenchOp, number>> = {
  call: 2, replywait: 3, 'call-blocks': 4, 'send-blocks': 5, 'recv-blocks': 6, 'recv-queued-call': 7, 'recv-queued-send': 8,
  send: 9, 'helper-send': 10, null: 11, irq: 12, 'irq-reply': 13,
};
export const OP_OVERHEAD = 1;
/** A first receive: its "before" is no operation's start. */
export const OP_FIRST = 14;
export const PHASE = { overhead: 0, warm: 1, hot: 2, cold: 3, close: 4 } as const;

const BY_CODE = new Map<number, BenchOp>(Object.entries(OP_CODE).map(([op, code]) => [code, op as BenchOp]));
export const opOfCode = (code: number): BenchOp | undefined => BY_CODE.get(code);

/** In words, from the SWI (or the interrupt) to where the figure ends. */
export const OP_TEXT: Readonly<Record<BenchOp, string>> = {
  call: 'Call, the server waiting (ReplyWait): client SWI -> server',
  replywait: 'ReplyWait, the client waiting in its Call: server SWI -> client',
  'call-blocks': 'Call, the server not waiting (waits for another thread): the client joins its send queue -> next thread',
  'send-blocks': 'Send, the receiver not waiting: the sender joins its send queue -> next thread',
  'recv-blocks': 'Receive (closed), no sender yet: the receiver blocks -> next thread',
  'recv-queued-call': 'Wait (open), a Call queued: the message taken from the send queue, the caller left waiting for the reply -> receiver continues',
  'recv-queued-send': 'Wait (open), a Send queued: the message taken from the send queue, the sender runnable -> receiver or sender',
  send: 'Send (reply), the receiver waiting in its Call: rendezvous -> sender or receiver, by priority',
  'helper-send': 'Send to a waiting receiver of higher priority (the queue run\'s helper, lowest priority) -> receiver',
  null: 'null system call: SWI -> back in the caller',
  irq: 'interrupt asserted (the cycle counter\'s compare) -> first instruction of the handler thread',
  'irq-reply': 'handler\'s reply and wait (one Call to its interrupt thread), the next interrupt already asserted -> handler again',
};

/** The operations each run measures, the first one being the run's headline figure. */
export const RUN_OPS: Readonly<Record<BenchRun, readonly BenchOp[]>> = {
  pingpong: ['call', 'replywait'],
  queue: ['call-blocks', 'send-blocks', 'recv-blocks', 'recv-queued-call', 'recv-queued-send', 'send', 'helper-send'],
  null: ['null'],
  irq: ['irq', 'irq-reply'],
};

/** Operations whose figure runs from an interrupt's assertion (no counter read before it). */
export const FROM_ASSERTION: ReadonlySet<BenchOp> = new Set(['irq']);
/** Operations that end at the measuring thread's own next counter read (the handler's, woken by an interrupt). */
export const OWN_END: ReadonlySet<BenchOp> = new Set(['irq', 'irq-reply']);
