// Published one-way IPC costs (hot caches, cycles, kernel entry to exit or as each source states),
// for the report to stand ours beside like for like: a figure is compared with our run only at the
// same message length, and every row says where it comes from and what differs from our system.
// (Figures as the design brief quotes them from their sources.)

export interface PublishedFigure {
  readonly system: string;
  readonly cpu: string;
  readonly cycles: number;
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

export const PUBLISHED_ONE_WAY_IPC: readonly PublishedFigure[] = [
  { system: 'Pistachio-embedded', cpu: 'XScale PXA255', cycles: 151, words: 0, condition: 'message in register MRs only', source: NICTA, differs: XSCALE },
  { system: 'Pistachio-embedded', cpu: 'XScale PXA255', cycles: 188, words: 8, condition: '8 MRs', source: NICTA, differs: XSCALE },
  { system: 'Pistachio-embedded', cpu: 'XScale PXA255', cycles: 228, words: 16, condition: '16 MRs', source: NICTA, differs: XSCALE },
  { system: 'Pistachio-embedded', cpu: 'StrongARM SA-1100', cycles: 131, words: 0, condition: 'message in register MRs only', source: NICTA, differs: SA1100 },
  { system: 'Pistachio-embedded', cpu: 'StrongARM SA-1100', cycles: 141, words: 8, condition: '8 MRs', source: NICTA, differs: SA1100 },
  { system: 'Pistachio-embedded', cpu: 'StrongARM SA-1100', cycles: 161, words: 16, condition: '16 MRs', source: NICTA, differs: SA1100 },
  { system: 'seL4', cpu: 'ARM11', cycles: 188, words: 0, condition: 'one-way IPC, zero-length message (fastpath)', source: 'sel4.systems performance page (sel4bench)', differs: 'ARM11 (ARMv6): 8-stage pipeline, physically tagged caches, ASID-tagged TLB; seL4 saves the whole context in the TCB' },
  { system: 'seL4', cpu: 'Cortex-A9', cycles: 316, words: 0, condition: 'Call, zero-length message (ReplyRecv: 335)', source: 'sel4.systems performance page (sel4bench)', differs: 'Cortex-A9 (ARMv7): out-of-order, physically tagged caches, ASIDs' },
  { system: 'L4Re (Fiasco)', cpu: 'Cortex-A76', cycles: 384, words: 0, condition: 'IPC between address spaces, EL1 (within one: 247)', source: 'l4re.org/perf, CONFIG_PERFORMANCE, cycle counter', differs: 'Cortex-A76 (ARMv8, 64-bit): out-of-order, physically tagged caches' },
];

/** What else a reader should know about the figures. */
export const PUBLISHED_NOTES: readonly string[] = ["Elphinstone and Heiser (SOSP'13) list the register-only figures, 151 and 131, as OKL4's"];

/** The figures measured at `words` untyped words. */
export function publishedAt(words: number): PublishedFigure[] {
  return PUBLISHED_ONE_WAY_IPC.filter((p) => p.words === words);
}

/** The message lengths the published figures are for. */
export const PUBLISHED_LENGTHS: readonly number[] = [...new Set(PUBLISHED_ONE_WAY_IPC.map((p) => p.words))].sort((a, b) => a - b);
