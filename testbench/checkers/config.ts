// What the hand-off checkers are told about the system: which registers hold MRs, where UTCBs,
// kernel buffers and page tables live, and which counters to sample. Addresses are those on the
// core's data port (virtual when the MMU is on).

export interface AddressRange {
  readonly name: string;
  /** First byte. */
  readonly base: number;
  /** Bytes. */
  readonly size: number;
}

/** A monotonically increasing counter, sampled at trap and resume; the report gives the delta. */
export type CounterSource =
  | { readonly name: string; readonly path: string } // a signal by full hierarchical path (online and VCD)
  | { readonly name: string; readonly read: () => number }; // a function (online only)

export interface HandoffConfig {
  /** Physical register numbers that hold MRs (default r3..r8 = 3..8, user bank). */
  readonly mrRegisters?: readonly number[];
  /** UTCB areas, one per thread (default none). */
  readonly utcbs?: readonly AddressRange[];
  /** Where MR words sit inside a UTCB: [from, to) byte offsets (default 64..512). */
  readonly utcbMrArea?: { readonly from: number; readonly to: number };
  /** Kernel memory no message word may pass through. */
  readonly kernelBuffers?: readonly AddressRange[];
  /** Page tables: the IPC path must not write them. */
  readonly pageTables?: readonly AddressRange[];
  /** TLB maintenance operations (MCR p15 c8) allowed per address-space switch (default 2: I and D). */
  readonly tlbOpsPerSwitch?: number;
  /** Cache line and page sizes for the footprint counts (default 32 and 4096 bytes). */
  readonly lineBytes?: number;
  readonly pageBytes?: number;
  /** Cache, TLB and walk counters, when the memory system provides them. */
  readonly counters?: readonly CounterSource[];
  /** Instruction address -> phase name (see phase-markers.ts); phases are entered on retirement. */
  readonly phases?: ReadonlyMap<number, string>;
  /** SWI numbers (comment field) that are IPC system calls (default: every SWI from user mode). */
  readonly ipcSwis?: readonly number[];
  /**
   * Phases that mark the slow path (default ['slow path']). A slow-path IPC keeps its report but
   * counts in the verdict only with `judgeSlowPath` (default false): the kernel saves MR registers
   * there by design, and the claims are about the fast path.
   */
  readonly slowPathPhases?: readonly string[];
  readonly judgeSlowPath?: boolean;
}

export interface ResolvedConfig {
  readonly mrRegisters: ReadonlySet<number>;
  readonly utcbs: readonly AddressRange[];
  readonly utcbMrArea: { readonly from: number; readonly to: number };
  readonly kernelBuffers: readonly AddressRange[];
  readonly pageTables: readonly AddressRange[];
  readonly tlbOpsPerSwitch: number;
  readonly lineBytes: number;
  readonly pageBytes: number;
  readonly counters: readonly CounterSource[];
  readonly phases: ReadonlyMap<number, string>;
  readonly ipcSwis: ReadonlySet<number> | null;
  readonly slowPathPhases: ReadonlySet<string>;
  readonly judgeSlowPath: boolean;
}

export const DEFAULT_MR_REGISTERS: readonly number[] = [3, 4, 5, 6, 7, 8];

export function resolveConfig(c: HandoffConfig = {}): ResolvedConfig {
  const pow2 = (n: number, what: string): number => {
    if (!Number.isInteger(n) || n <= 0 || (n & (n - 1)) !== 0) throw new Error(`handoff config: ${what} must be a power of two (got ${n})`);
    return n;
  };
  const regs = c.mrRegisters ?? DEFAULT_MR_REGISTERS;
  for (const r of regs) if (!Number.isInteger(r) || r < 0 || r > 29) throw new Error(`handoff config: MR register ${r} is not a physical register 0..29`);
  return {
    mrRegisters: new Set(regs),
    utcbs: c.utcbs ?? [],
    utcbMrArea: c.utcbMrArea ?? { from: 64, to: 512 },
    kernelBuffers: c.kernelBuffers ?? [],
    pageTables: c.pageTables ?? [],
    tlbOpsPerSwitch: c.tlbOpsPerSwitch ?? 2,
    lineBytes: pow2(c.lineBytes ?? 32, 'lineBytes'),
    pageBytes: pow2(c.pageBytes ?? 4096, 'pageBytes'),
    counters: c.counters ?? [],
    phases: c.phases ?? new Map(),
    ipcSwis: c.ipcSwis ? new Set(c.ipcSwis) : null,
    slowPathPhases: new Set(c.slowPathPhases ?? ['slow path']),
    judgeSlowPath: c.judgeSlowPath ?? false,
  };
}

/** The range holding `address`, if any. */
export function rangeOf(ranges: readonly AddressRange[], address: number): AddressRange | undefined {
  for (const r of ranges) if (address >= r.base && address - r.base < r.size) return r;
  return undefined;
}
