// Published IPC and system-call costs (hot caches, cycles, as each source states), for the reports
// (npm start, npm run ipcbench) to stand ours beside like for like: a figure is compared with our
// run only for the same case and message length, and every row says where it comes from and what
// differs from our system. (The NICTA and seL4 figures as the design brief quotes them from their
// sources; the L4Re figures from l4re.org/performance.html.)

/** What a published figure measures, in the terms of our benchmark (testbench/ipcbench). */
export type PublishedCase = 'ipc-inter' | 'ipc-intra' | 'null-syscall';

export interface PublishedFigure {
  readonly system: string;
  readonly cpu: string;
  readonly cycles: number;
  readonly case: PublishedCase;
  /**
   * Untyped words of the message the figure is for, as we read the source: 0 for register-only
   * (zero-length) messages. The NICTA page counts messages in MRs (8 and 16); we stand those beside
   * our 8- and 16-word runs.
   */
  readonly words: number;
  /** The condition of the measurement, in the source's terms. */
  readonly condition: string;
  readonly source: string;
  /** What differs from the model measured here (ARM926EJ-S class: 5-stage pipeline, 16 + 16 KB 4-way caches). */
  readonly differs: string;
}

const NICTA = "NICTA's L4 performance page, kernel NICTA::Pistachio-embedded (OKL4's predecessor; 5 register MRs, fast address-space switching)";
const XSCALE = 'XScale PXA255: 7-stage pipeline, 32 KB 32-way I- and D-caches';
const SA1100 = 'StrongARM SA-1100: 5-stage pipeline, 16 KB I- and 8 KB D-cache, 32-way';
const L4RE = 'l4re.org/performance.html: L4Re microkernel (Fiasco) in its performance configuration (CONFIG_PERFORMANCE=y, no assertions), the cycle counter read around each call, the average over several ten thousand calls; Intra = two threads of one task on one core, Inter = two tasks, Syscall = an IPC to the kernel only';
const L4RE_PAYLOAD = 'the message length is not stated (a short payload; we stand it beside our 0-word figures)';

export const PUBLISHED: readonly PublishedFigure[] = [
  { system: 'Pistachio-embedded', cpu: 'XScale PXA255', cycles: 151, case: 'ipc-inter', words: 0, condition: 'message in register MRs only', source: NICTA, differs: XSCALE },
  { system: 'Pistachio-embedded', cpu: 'XScale PXA255', cycles: 188, case: 'ipc-inter', words: 8, condition: '8 MRs', source: NICTA, differs: XSCALE },
  { system: 'Pistachio-embedded', cpu: 'XScale PXA255', cycles: 228, case: 'ipc-inter', words: 16, condition: '16 MRs', source: NICTA, differs: XSCALE },
  { system: 'Pistachio-embedded', cpu: 'StrongARM SA-1100', cycles: 131, case: 'ipc-inter', words: 0, condition: 'message in register MRs only', source: NICTA, differs: SA1100 },
  { system: 'Pistachio-embedded', cpu: 'StrongARM SA-1100', cycles: 141, case: 'ipc-inter', words: 8, condition: '8 MRs', source: NICTA, differs: SA1100 },
  { system: 'Pistachio-embedded', cpu: 'StrongARM SA-1100', cycles: 161, case: 'ipc-inter', words: 16, condition: '16 MRs', source: NICTA, differs: SA1100 },
  { system: 'seL4', cpu: 'ARM11', cycles: 188, case: 'ipc-inter', words: 0, condition: 'one-way IPC, zero-length message (fastpath)', source: 'sel4.systems performance page (sel4bench)', differs: 'ARM11 (ARMv6): 8-stage pipeline, physically tagged caches, ASID-tagged TLB; seL4 saves the whole context in the TCB' },
  { system: 'seL4', cpu: 'Cortex-A9', cycles: 316, case: 'ipc-inter', words: 0, condition: 'Call, zero-length message (ReplyRecv: 335)', source: 'sel4.systems performance page (sel4bench)', differs: 'Cortex-A9 (ARMv7): out-of-order, physically tagged caches, ASIDs' },
  { system: 'L4Re (Fiasco)', cpu: 'Cortex-A76', cycles: 384, case: 'ipc-inter', words: 0, condition: `IPC between two tasks, Raspberry Pi 5, EL1; ${L4RE_PAYLOAD}`, source: L4RE, differs: 'Cortex-A76 (ARMv8, 64-bit): out-of-order, physically tagged caches' },
  { system: 'L4Re (Fiasco)', cpu: 'Cortex-A76', cycles: 247, case: 'ipc-intra', words: 0, condition: `IPC between two threads of one task, Raspberry Pi 5, EL1; ${L4RE_PAYLOAD}`, source: L4RE, differs: 'Cortex-A76 (ARMv8, 64-bit): out-of-order, physically tagged caches' },
  { system: 'L4Re (Fiasco)', cpu: 'Cortex-A76', cycles: 138, case: 'null-syscall', words: 0, condition: 'syscall (an IPC to the kernel), Raspberry Pi 5, EL1', source: L4RE, differs: 'Cortex-A76 (ARMv8, 64-bit): out-of-order, physically tagged caches' },
  { system: 'L4Re (Fiasco)', cpu: 'Cortex-A53', cycles: 691, case: 'ipc-inter', words: 0, condition: `IPC between two tasks, NXP S32G2, EL1; ${L4RE_PAYLOAD}`, source: L4RE, differs: 'Cortex-A53 (ARMv8, 64-bit): in-order dual issue, 8-stage pipeline, physically tagged caches' },
  { system: 'L4Re (Fiasco)', cpu: 'Cortex-A53', cycles: 562, case: 'ipc-intra', words: 0, condition: `IPC between two threads of one task, NXP S32G2, EL1; ${L4RE_PAYLOAD}`, source: L4RE, differs: 'Cortex-A53 (ARMv8, 64-bit): in-order dual issue, 8-stage pipeline, physically tagged caches' },
  { system: 'L4Re (Fiasco)', cpu: 'Cortex-A53', cycles: 230, case: 'null-syscall', words: 0, condition: 'syscall (an IPC to the kernel), NXP S32G2, EL1', source: L4RE, differs: 'Cortex-A53 (ARMv8, 64-bit): in-order dual issue, 8-stage pipeline, physically tagged caches' },
];

/** One-way IPC between address spaces: what npm start stands beside its run. */
export const PUBLISHED_ONE_WAY_IPC: readonly PublishedFigure[] = PUBLISHED.filter((p) => p.case === 'ipc-inter');

/** What else a reader should know about the figures. */
export const PUBLISHED_NOTES: readonly string[] = [
  "Elphinstone and Heiser (SOSP'13) list the register-only figures, 151 and 131, as OKL4's; trustworthy.systems' comparative table gives them (XScale 255 at 400 MHz, SA-1100 at 206 MHz) and seL4's 188 (ARM11, 532 MHz) and 316 (Cortex-A9, 1 GHz) as one-way (half a round trip), hot cache, between address spaces",
  'l4re.org/perf, an earlier version of the L4Re page, listed the same IPC figures with syscall figures half as large (Cortex-A76 EL1: 69): which of the two counts a round trip is not stated',
];

/** The one-way inter-space IPC figures measured at `words` untyped words. */
export function publishedAt(words: number): PublishedFigure[] {
  return PUBLISHED_ONE_WAY_IPC.filter((p) => p.words === words);
}

/** The message lengths the one-way IPC figures are for. */
export const PUBLISHED_LENGTHS: readonly number[] = [...new Set(PUBLISHED_ONE_WAY_IPC.map((p) => p.words))].sort((a, b) => a - b);
