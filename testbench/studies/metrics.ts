// The numbers a point reports: every one read straight from the scenario's own report (hot IPC =
// median of the second half of the measured IPCs, as runIpcScenario defines it).
import type { BuiltSystem } from '../../kernel/build.ts';
import type { IpcReport } from '../checkers/report.ts';
import type { BenchRecord } from '../ipcbench/measure/record.ts';
import type { FastForwardRecord } from './fast-forward.ts';

export const METRICS = {
  hotCycles: 'one-way IPC, hot (cycles)',
  coldCycles: 'one-way IPC, cold (cycles)',
  ringRoundCycles: 'one trip round the ring, hot (cycles)',
  hotKernelInstructions: 'kernel instructions per hot IPC',
  hotIcacheMisses: 'I-cache misses per hot IPC',
  hotDcacheMisses: 'D-cache misses per hot IPC',
  hotDcacheWritebacks: 'D-cache write-backs per hot IPC',
  hotTlbWalks: 'table walks per hot IPC',
  hotIlines: 'I-cache lines touched per hot IPC',
  userCodeBytes: "bytes of the user programs' code",
  hotTlbMisses: 'TLB misses (I + D) per hot IPC',
  hotDataAccesses: 'kernel loads and stores per hot IPC',
  hotEntryCycles: 'trap and entry, cycles of a hot IPC',
  hotCheckCycles: 'fast-path checks, cycles of a hot IPC',
  hotMessageCycles: 'moving the message (copy or remap) and the state update, cycles of a hot IPC',
  hotExitCycles: 'address-space switch and exit, cycles of a hot IPC',
  hotSlowCycles: 'slow path, cycles of a hot IPC',
  claimRegisterMrs: 'register MRs left in place (1 held, 0 broken)',
  claimUtcbDirect: 'UTCB words copied directly (1 held, 0 broken)',
  claimDelivered: 'message delivered (1 held, 0 broken)',
  claimNoRemap: 'no remapping (1 held, 0 broken)',
  fastPathIpcs: 'fast-path IPCs',
  ipcs: 'IPCs measured',
  totalCycles: 'cycles of the whole run',
} as const;
export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export type Metrics = { readonly [K in MetricName]: number | null };

/** Bytes of the user programs' code: the executable segments of every space, literal pools and strings included. */
export function userCodeBytes(built: BuiltSystem): number {
  return [...built.users.values()].reduce((n, img) => n + img.segments.filter((g) => g.flags.exec).reduce((m, g) => m + g.data.length, 0), 0);
}

export interface PointOutcome {
  readonly metrics: Metrics;
  /** Zero-copy hand-off verdict of the checkers ('n/a' when no fast-path IPC was judged). */
  readonly handoff: 'pass' | 'fail' | 'n/a';
  readonly exited: boolean;
  readonly uart: string;
  readonly seconds: number;
  /** Benchmark points (scenario ipcbench): every operation's figures. */
  readonly bench?: BenchRecord;
  /** Fast-forwarded points: where the RTL took over and what the hand-off did (studies/fast-forward.ts). */
  readonly fastForward?: FastForwardRecord;
}

/** Phases of the kernel's IPC (phase-markers.ts) grouped the way the study reports them. */
const PHASE_GROUPS = {
  hotEntryCycles: ['trap', 'entry', 'save context'],
  hotCheckCycles: ['fast-path checks'],
  hotMessageCycles: ['copy register MRs', 'copy UTCB', 'copy into buffer', 'copy out of buffer', 'remap message', 'state update'],
  hotExitCycles: ['switch space', 'exit', 'restore context'],
  hotSlowCycles: ['slow path', 'slow-path return'],
} as const;

type HotMetric =
  | 'hotKernelInstructions' | 'hotIcacheMisses' | 'hotDcacheMisses' | 'hotDcacheWritebacks' | 'hotTlbWalks' | 'hotTlbMisses' | 'hotDataAccesses' | 'hotIlines'
  | keyof typeof PHASE_GROUPS;

export function hotCounters(hot: IpcReport | undefined): Pick<Metrics, HotMetric> {
  const c = hot?.cost.counters;
  const get = (k: string): number | null => (c ? (c[k] ?? 0) : null);
  const phase = (names: readonly string[]): number | null => (hot ? hot.cost.phases.filter((p) => names.includes(p.phase)).reduce((a, p) => a + p.cycles, 0) : null);
  return {
    hotKernelInstructions: hot?.cost.kernelInstructions ?? null,
    hotIcacheMisses: get('icacheMisses'),
    hotDcacheMisses: get('dcacheMisses'),
    hotDcacheWritebacks: get('dcacheWritebacks'),
    hotTlbWalks: get('tlbWalks'),
    hotIlines: hot?.cost.iLines ?? null,
    hotTlbMisses: c ? (c['itlbMisses'] ?? 0) + (c['dtlbMisses'] ?? 0) : null,
    hotDataAccesses: hot ? hot.cost.kernelLoads + hot.cost.kernelStores : null,
    hotEntryCycles: phase(PHASE_GROUPS.hotEntryCycles),
    hotCheckCycles: phase(PHASE_GROUPS.hotCheckCycles),
    hotMessageCycles: phase(PHASE_GROUPS.hotMessageCycles),
    hotExitCycles: phase(PHASE_GROUPS.hotExitCycles),
    hotSlowCycles: phase(PHASE_GROUPS.hotSlowCycles),
  };
}

/** Each claim over every hand-off of the run (slow path included): 1 held, 0 broken, null with no hand-off. */
export function claimMetrics(handOffs: readonly IpcReport[]): Pick<Metrics, 'claimRegisterMrs' | 'claimUtcbDirect' | 'claimDelivered' | 'claimNoRemap'> {
  const held = (f: (i: IpcReport) => string): number | null => (handOffs.length === 0 ? null : handOffs.every((i) => f(i) !== 'fail') ? 1 : 0);
  return {
    claimRegisterMrs: held((i) => i.registerMRs.verdict),
    claimUtcbDirect: held((i) => i.utcb.verdict),
    claimDelivered: held((i) => i.delivery.verdict),
    claimNoRemap: held((i) => i.remap.verdict),
  };
}

/** The point's hand-off verdict: the fast path's hand-offs ('n/a' without one). */
export function fastVerdict(handOffs: readonly IpcReport[]): 'pass' | 'fail' | 'n/a' {
  const fast = handOffs.filter((i) => i.path === 'fast');
  return fast.length === 0 ? 'n/a' : fast.every((i) => i.verdict === 'pass') ? 'pass' : 'fail';
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
