// The numbers a point reports: every one read straight from the scenario's own report (hot IPC =
// median of the second half of the measured IPCs, as runIpcScenario defines it).
import type { IpcReport } from '../checkers/report.ts';

export const METRICS = {
  hotCycles: 'one-way IPC, hot (cycles)',
  coldCycles: 'one-way IPC, cold (cycles)',
  ringRoundCycles: 'one trip round the ring, hot (cycles)',
  hotKernelInstructions: 'kernel instructions per hot IPC',
  hotIcacheMisses: 'I-cache misses per hot IPC',
  hotDcacheMisses: 'D-cache misses per hot IPC',
  hotDcacheWritebacks: 'D-cache write-backs per hot IPC',
  hotTlbWalks: 'table walks per hot IPC',
  fastPathIpcs: 'fast-path IPCs',
  ipcs: 'IPCs measured',
  totalCycles: 'cycles of the whole run',
} as const;
export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export type Metrics = { readonly [K in MetricName]: number | null };

export interface PointOutcome {
  readonly metrics: Metrics;
  /** Zero-copy hand-off verdict of the checkers ('n/a' when no fast-path IPC was judged). */
  readonly handoff: 'pass' | 'fail' | 'n/a';
  readonly exited: boolean;
  readonly uart: string;
  readonly seconds: number;
}

export function hotCounters(hot: IpcReport | undefined): Pick<Metrics, 'hotKernelInstructions' | 'hotIcacheMisses' | 'hotDcacheMisses' | 'hotDcacheWritebacks' | 'hotTlbWalks'> {
  const c = hot?.cost.counters;
  const get = (k: string): number | null => (c ? (c[k] ?? 0) : null);
  return {
    hotKernelInstructions: hot?.cost.kernelInstructions ?? null,
    hotIcacheMisses: get('icacheMisses'),
    hotDcacheMisses: get('dcacheMisses'),
    hotDcacheWritebacks: get('dcacheWritebacks'),
    hotTlbWalks: get('tlbWalks'),
  };
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
