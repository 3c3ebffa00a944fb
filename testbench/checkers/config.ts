// What the hand-off checkers are told about the system. Nothing here describes how a kernel moves
// a message: the checkers follow the data. They need the ABI-level facts any L4 system has: which
// threads exist (their ids, UTCBs and stacks, so the running thread can be recognised), which
// registers carry message registers, where the page tables are, and which CP15 operations the
// hardware's address-space switch strategy needs. Named regions only label evidence.
import { FAST_PATH_PHASES } from './phase-markers.ts';
import type { SwitchPolicyName } from './switch-policy.ts';

export interface AddressRange {
  readonly name: string;
  /** First byte. */
  readonly base: number;
  /** Bytes. */
  readonly size: number;
}

/** A user thread as the ABI defines it. */
export interface ThreadInfo {
  readonly name: string;
  /** Its L4 thread id (what r0 names). */
  readonly id: number;
  /** Virtual address of its UTCB in its own address space. */
  readonly utcb: number;
  /**
   * Its user stack, (top - size, top]: the thread running in user mode is the one whose stack
   * holds r13_usr (the checkers' way to tell threads apart without reading kernel data).
   */
  readonly stackTop: number;
  readonly stackSize: number;
  /** Interrupt lines it handles (messages from interrupt threads irqThreadBase + line). */
  readonly irqs?: readonly number[];
}

/** A monotonically increasing counter, sampled at trap and resume; the report gives the delta. */
export type CounterSource =
  | { readonly name: string; readonly path: string } // a signal by full hierarchical path (online and VCD)
  | { readonly name: string; readonly read: () => number }; // a function (online only)

/** Rules the checkers apply; tests switch one off to show that some test then fails (checker mutants). */
export const RULES = [
  'register-mr-written', // a register holding a message register is written between trap and resume
  'register-mr-stored', // a value carrying a register MR reaches memory
  'message-left-registers', // a message word reaches CP15 or a status register
  'utcb-word-staged', // a UTCB message word is stored anywhere but its slot in the receiver's UTCB
  'utcb-word-not-copied', // a UTCB message word does not reach the receiver's slot from the sender's
  'utcb-word-wrong', // a receiver slot is written with something that is not the sender's word
  'utcb-word-extra', // the receiver's UTCB is written outside the message (from MR0 to the UTCB's end)
  'delivery', // the receiver's registers and UTCB at resume differ from the sender's at trap
  'page-table-write', // a store into a page table
  'maintenance', // a TLB or cache operation the switch strategy does not need
] as const;
export type RuleName = (typeof RULES)[number];

export interface HandoffConfig {
  /** The user threads (default none: no hand-off can be recognised). */
  readonly threads?: readonly ThreadInfo[];
  /** Physical registers holding MR0, MR1, ... in order (default r3..r8 = 3..8). */
  readonly mrRegisters?: readonly number[];
  /** Byte offset of MR0 in a UTCB (default 64); MR k is at offset + 4k. */
  readonly utcbMrOffset?: number;
  /** Message registers a UTCB holds, MR0 included (default 64, as L4 X.2). */
  readonly maxMrs?: number;
  /** Bytes of a UTCB (default 512): a kernel store into the receiver's UTCB from MR0 to its end, outside the message, is an extra write. */
  readonly utcbBytes?: number;
  /** Physical ranges of page tables (the first-level table at TTBR is added at run time). */
  readonly pageTables?: readonly AddressRange[];
  /** The hardware's address-space switch (default 'fcse'): which CP15 operations a switch may use. */
  readonly switchPolicy?: SwitchPolicyName;
  /** Physical ranges named in evidence (kernel stack, TCBs, ...); never used to judge. */
  readonly regions?: readonly AddressRange[];
  /** Thread id of interrupt line 0's interrupt thread (default 0x1000) and the label of its messages (default 0xFFF0). */
  readonly irqThreadBase?: number;
  readonly irqLabel?: number;
  /** Cache line and page sizes for the footprint counts (default 32 and 4096 bytes). */
  readonly lineBytes?: number;
  readonly pageBytes?: number;
  /** Cache, TLB and walk counters, when the memory system provides them. */
  readonly counters?: readonly CounterSource[];
  /** Instruction address -> phase name (see phase-markers.ts); phases are entered on retirement. */
  readonly phases?: ReadonlyMap<number, string>;
  /** SWI numbers (comment field) that are IPC system calls (default: every SWI from user mode). */
  readonly ipcSwis?: readonly number[];
  /** Follow interrupts taken in user mode as IPC from interrupt threads (default true). */
  readonly interrupts?: boolean;
  /**
   * Phases that mark the slow path (default ['slow path']). A slow-path hand-off keeps its report but
   * counts in the verdict only with `judgeSlowPath` (default false): the claims are the fast path's.
   */
  readonly slowPathPhases?: readonly string[];
  readonly judgeSlowPath?: boolean;
  /**
   * Phases only the fast path runs (default FAST_PATH_PHASES of phase-markers.ts). A phase's code is
   * from its marker to the next marker of any phase. A window that, after its first slow-path
   * instruction, retires an instruction in such code has left the slow path: what it does from
   * there on is judged as a fast path's.
   */
  readonly fastPathPhases?: readonly string[];
  /** Tests only: rules not applied (a mutant of the checker). */
  readonly disabledRules?: readonly RuleName[];
}

export interface ResolvedConfig {
  readonly threads: readonly ThreadInfo[];
  readonly mrRegisters: readonly number[];
  readonly utcbMrOffset: number;
  readonly maxMrs: number;
  readonly utcbBytes: number;
  readonly pageTables: readonly AddressRange[];
  readonly switchPolicy: SwitchPolicyName;
  readonly regions: readonly AddressRange[];
  readonly irqThreadBase: number;
  readonly irqLabel: number;
  readonly lineBytes: number;
  readonly pageBytes: number;
  readonly counters: readonly CounterSource[];
  readonly phases: ReadonlyMap<number, string>;
  readonly ipcSwis: ReadonlySet<number> | null;
  readonly interrupts: boolean;
  readonly slowPathPhases: ReadonlySet<string>;
  readonly judgeSlowPath: boolean;
  readonly fastPathPhases: ReadonlySet<string>;
  readonly rules: ReadonlySet<RuleName>;
}

export const DEFAULT_MR_REGISTERS: readonly number[] = [3, 4, 5, 6, 7, 8];

export class HandoffConfigError extends Error {}

export function resolveConfig(c: HandoffConfig = {}): ResolvedConfig {
  const fail = (m: string): never => {
    throw new HandoffConfigError(`handoff config: ${m}`);
  };
  const pow2 = (n: number, what: string): number => (Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0 ? n : fail(`${what} must be a power of two (got ${n})`));
  const regs = c.mrRegisters ?? DEFAULT_MR_REGISTERS;
  for (const r of regs) if (!Number.isInteger(r) || r < 0 || r > 29) fail(`mrRegisters: ${r} is not a physical register 0..29`);
  if (new Set(regs).size !== regs.length) fail('mrRegisters: a register is listed twice');
  const maxMrs = c.maxMrs ?? 64;
  if (!Number.isInteger(maxMrs) || maxMrs < 1 || maxMrs > 64) fail(`maxMrs must be 1..64 (got ${maxMrs})`);
  const utcbMrOffset = c.utcbMrOffset ?? 64;
  const utcbBytes = c.utcbBytes ?? 512;
  if (!Number.isInteger(utcbBytes) || utcbBytes % 4 !== 0 || utcbBytes < utcbMrOffset + 4 * maxMrs) fail(`utcbBytes must be a multiple of 4 holding the MRs (at least ${utcbMrOffset + 4 * maxMrs}; got ${utcbBytes})`);
  const threads = c.threads ?? [];
  const ids = new Set<number>();
  for (const t of threads) {
    if (ids.has(t.id)) fail(`threads: id ${t.id} twice`);
    ids.add(t.id);
    if (!(t.stackSize > 0)) fail(`threads: ${t.name}: stackSize must be positive`);
  }
  const disabled = new Set(c.disabledRules ?? []);
  return {
    threads,
    mrRegisters: regs,
    utcbMrOffset,
    maxMrs,
    utcbBytes,
    pageTables: c.pageTables ?? [],
    switchPolicy: c.switchPolicy ?? 'fcse',
    regions: c.regions ?? [],
    irqThreadBase: c.irqThreadBase ?? 0x1000,
    irqLabel: c.irqLabel ?? 0xfff0,
    lineBytes: pow2(c.lineBytes ?? 32, 'lineBytes'),
    pageBytes: pow2(c.pageBytes ?? 4096, 'pageBytes'),
    counters: c.counters ?? [],
    phases: c.phases ?? new Map(),
    ipcSwis: c.ipcSwis ? new Set(c.ipcSwis) : null,
    interrupts: c.interrupts ?? true,
    slowPathPhases: new Set(c.slowPathPhases ?? ['slow path']),
    judgeSlowPath: c.judgeSlowPath ?? false,
    fastPathPhases: new Set(c.fastPathPhases ?? FAST_PATH_PHASES),
    rules: new Set(RULES.filter((r) => !disabled.has(r))),
  };
}

/** The range holding `address`, if any. */
export function rangeOf(ranges: readonly AddressRange[], address: number): AddressRange | undefined {
  for (const r of ranges) if (address >>> 0 >= r.base && (address >>> 0) - r.base < r.size) return r;
  return undefined;
}

/** The thread whose stack holds `sp` ((top - size, top]), if any. */
export function threadBySp(threads: readonly ThreadInfo[], sp: number): ThreadInfo | undefined {
  for (const t of threads) if (sp >>> 0 <= t.stackTop && (sp >>> 0) > t.stackTop - t.stackSize) return t;
  return undefined;
}
