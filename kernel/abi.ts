// The kernel ABI as the testbench sees it. Mirrors kernel/src/kernel.inc and kernel/ABI.md: keep
// the three in step (tests/kernel/abi.test.ts reads kernel.inc and compares).

/** System call numbers (SWI comment field). */
export const SYSCALL = { ipc: 0, putc: 1, puthex: 2, threadExit: 3, exit: 4, null: 5, flushCaches: 6 } as const;

export const NILTHREAD = 0;
export const ANYTHREAD = 0xffffffff;
/** Interrupt thread of line n. */
export const IRQ_ID_BASE = 0x1000;
export const irqThread = (line: number): number => IRQ_ID_BASE + line;
export const IRQ_LABEL = 0xfff0;

/** UTCB: 512 bytes per thread; error code at 28, MR0 at 64. */
export const UTCB_SIZE = 512;
export const UTCB_ERROR = 28;
export const UTCB_MR0 = 64;
/** MR0..MR63: a message is the tag and at most 63 words (untyped + typed). */
export const MAX_MRS = 64;
/** The fast path's copy chain: 16 groups of 4 words (any untyped count up to 63 takes the fast path). */
export const FAST_COPY_GROUPS = 16;
/**
 * Untyped words the fast path takes with `nreg` register MRs: any the tag can hold (MR1..MR63);
 * undefined with nreg = 0, where the kernel has no fast path.
 */
export const fastPathMaxWords = (nreg: number): number | undefined => (nreg === 0 ? undefined : MAX_MRS - 1);

export const ERROR = { timeout: 1, noPartner: 2, cancelled: 3, overflow: 4, aborted: 7 } as const;
export type ErrorName = keyof typeof ERROR;
export const PHASE = { send: 0, receive: 1 } as const;
export const errorWord = (code: number, phase: 0 | 1): number => (code << 1) | phase;
export function decodeError(word: number): { code: number; phase: 'send' | 'receive' } {
  return { code: word >>> 1, phase: (word & 1) === 1 ? 'receive' : 'send' };
}

/** Message tag (MR0): label 31..16, flags 15..12 (15 = error), typed 11..6, untyped 5..0. */
export interface Tag {
  label: number;
  flags: number;
  typed: number;
  untyped: number;
}
export const TAG_ERROR = 0x8000;
export function encodeTag(t: Partial<Tag>): number {
  return (((t.label ?? 0) & 0xffff) << 16 | ((t.flags ?? 0) & 0xf) << 12 | ((t.typed ?? 0) & 0x3f) << 6 | ((t.untyped ?? 0) & 0x3f)) >>> 0;
}
export function decodeTag(w: number): Tag {
  return { label: w >>> 16, flags: (w >>> 12) & 0xf, typed: (w >>> 6) & 0x3f, untyped: w & 0x3f };
}

/** Timeouts (r2): send in 31..16, receive in 15..0. 0 = never, 0x0400 = zero, else m << e us. */
export const TIMEOUT_NEVER = 0;
export const TIMEOUT_ZERO = 0x0400;
export function timeoutMicros(us: number): number {
  let e = 0;
  let m = us;
  while (m > 0x3ff) {
    m = Math.ceil(m / 2);
    e++;
  }
  if (m === 0) return TIMEOUT_ZERO;
  return (e << 10) | m;
}
export const timeouts = (send: number, receive: number): number => ((send & 0xffff) << 16 | (receive & 0xffff)) >>> 0;

/** Thread control block layout (bytes). TCB of thread id i is at symbol `tcbs` + i * TCB_SIZE. */
export const TCB_SIZE = 256;
export const TCB = {
  ctxR9: 0, ctxR10: 4, ctxR11: 8, ctxR12: 12, ctxSp: 16, ctxLr: 20, ctxPc: 24, ctxCpsr: 28,
  ctxR0: 32, ctxR1: 36, ctxR2: 40, ctxR3: 44, ctxR4: 48, ctxR5: 52, ctxR6: 56, ctxR7: 60, ctxR8: 64,
  state: 68, partner: 72, sendqHead: 76, sendqTail: 80, sendqNext: 84, space: 88, priority: 92,
  utcb: 96, id: 100, wakeup: 104, irqPending: 108, rcvFrom: 112, rcvTimeout: 116, irqMask: 120,
  utcbMrs: 124, spaceDesc: 128, dacr: 132, pid: 136, asid: 140, ttbr: 144, mrPage: 148, mrPte: 152, msgBuf: 156, msgs: 160,
} as const;
export const THREAD_STATE = { inactive: 0, ready: 1, sending: 2, receiving: 3, halted: 4 } as const;
/** Receiving with a timeout (TCB wake-up tick set): kept apart so the fast path's check is one compare. */
export const ST_RECV_TIMED = 5;
export type ThreadStateName = keyof typeof THREAD_STATE;
export function threadStateName(v: number): ThreadStateName {
  if (v === ST_RECV_TIMED) return 'receiving';
  const e = Object.entries(THREAD_STATE).find(([, n]) => n === v);
  if (!e) throw new Error(`unknown thread state ${v}`);
  return e[0] as ThreadStateName;
}

/**
 * IPC designs (defsym DESIGN): how a message travels, on the same hardware and user programs.
 *   l4         register MRs left in place, UTCB words copied directly, synchronous rendezvous, fast path
 *   tcb-copy   seL4-style: entry saves the sender's registers in its TCB, register MRs copied TCB to
 *              TCB, exit restores the receiver's whole context
 *   buffered   Mach/pipe-style, asynchronous: send copies the message into a kernel buffer slot,
 *              receive copies it out; the sender does not wait for the receiver
 *   remap      the asker's model: UTCB words are not copied, the receiver's message page is replaced
 *              by the sender's (page-table writes, TLB and cache maintenance)
 *   slow       no fast path: every IPC takes the general path
 *   l4-spread  l4 with its fast path spread over 11 pages (one branch per step): the footprint claim
 */
export const IPC_DESIGNS = ['l4', 'tcb-copy', 'buffered', 'remap', 'slow', 'l4-spread'] as const;
export type IpcDesign = (typeof IPC_DESIGNS)[number];
/** The buffered design's message slots per receiver (a full queue blocks its senders). */
export const MSG_SLOTS = 4;
export const IPC_DESIGN_CODE: Readonly<Record<IpcDesign, number>> = { l4: 0, 'tcb-copy': 1, buffered: 2, remap: 3, slow: 4, 'l4-spread': 5 };

/** Address-space switch strategies (defsym SWITCH). */
export const SWITCH_STRATEGY = { full: 0, fcse: 1, asid: 2 } as const;
export type SwitchStrategy = keyof typeof SWITCH_STRATEGY;

/** Memory map. */
export const KERNEL_TEXT = 0x00010000;
export const PAGE_TABLES = 0x00080000;
/**
 * The remap design's second-level (coarse) tables: 1 KB per space s at L2_TABLES + s * 1 KB, and
 * (a table per space: full, ASID) its privileged mirror at L2_TABLES + 8 KB + s * 1 KB.
 */
export const L2_TABLES = 0x000a0000;
export const L2_TABLES_SIZE = 16 * 1024;
/** KernelConfig.kernelPages: MB 0's coarse table (1 KB), right after the remap design's tables. */
export const KERNEL_L2 = 0x000a4000;
export const USER_DEVICE_WINDOW = 0x01f00000;
export const MAX_SPACES = 7;

/**
 * Kernel symbols marking IPC phases, in execution order on the fast path (the testbench marks
 * waveform phases from these). `ipc_slowpath` is where any failed check continues.
 */
export const IPC_PHASE_SYMBOLS = [
  'ipc_entry',
  'ipc_fastpath',
  'fastpath_check_call_or_replywait',
  'fastpath_check_dest_exists',
  'fastpath_check_dest_waiting',
  'fastpath_check_no_typed',
  'fastpath_check_recv_timeout_never',
  'fastpath_check_no_queued_senders',
  'fastpath_check_space_switch',
  'ipc_copy_utcb',
  'ipc_fast_state',
  'ipc_switch_space',
  'ipc_exit',
] as const;
export const IPC_SLOW_SYMBOLS = ['ipc_slowpath', 'slow_ipc', 'send_phase', 'recv_phase', 'transfer', 'slow_copy_utcb', 'kernel_return', 'kernel_resume', 'switch_space'] as const;
