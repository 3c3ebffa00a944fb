// Published one-way IPC costs, for the report to stand ours beside (hot caches, between address
// spaces; trustworthy.systems L4 performance pages, as quoted in the design brief).
export interface PublishedFigure {
  readonly system: string;
  readonly cpu: string;
  readonly cycles: number;
  readonly note: string;
}

export const PUBLISHED_ONE_WAY_IPC: readonly PublishedFigure[] = [
  { system: 'OKL4', cpu: 'XScale PXA255', cycles: 151, note: 'register MRs only (8 MRs: 188, 16 MRs: 228)' },
  { system: 'OKL4', cpu: 'StrongARM SA-1100', cycles: 131, note: '(8 MRs: 141, 16 MRs: 161)' },
  { system: 'seL4', cpu: 'ARM11', cycles: 188, note: '' },
  { system: 'seL4', cpu: 'Cortex-A9', cycles: 316, note: 'call (reply: 335)' },
];
