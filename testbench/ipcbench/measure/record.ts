// What one benchmark run reports (the `bench` field of a study point's result): per operation the
// counter-based figures (hot and cold distributions, the counter-read overhead subtracted), the
// checkers' trap-to-resume figures for the same samples, how far the two differ, the path, the
// hand-off verdict and the phase breakdown of the median hot sample. Validated wherever a result
// enters (worker, cache, merge) like the rest of the record.
import { BENCH_OPS, type BenchOp } from './ops.ts';
import type { Distribution } from './stats.ts';

export interface PhaseCycles {
  readonly phase: string;
  readonly cycles: number;
  readonly instructions: number;
}

export interface Breakdown {
  /** Phases of the kernel's path (phase-markers.ts), in order, summed over the sample's windows. */
  readonly phases: readonly PhaseCycles[];
  readonly kernelInstructions: number;
  readonly icacheMisses: number;
  readonly dcacheMisses: number;
  readonly tlbWalks: number;
}

/** fast: the IPC fast path to ipc_exit; slow: ipc_slowpath; other: neither (the null call, an interrupt); mixed across samples; none: no sample. */
export const PATHS = ['fast', 'slow', 'other', 'mixed', 'none'] as const;
export type OpPath = (typeof PATHS)[number];
const VERDICTS = ['pass', 'fail', 'n/a'] as const;

export interface OpFigures {
  readonly op: BenchOp;
  /** Which kernel path the operation's system call took (the checkers' phases); mixed across samples. */
  readonly path: OpPath;
  /** Counter figures, overhead subtracted (interrupt latency: from the assertion, nothing subtracted). */
  readonly hot: Distribution | null;
  readonly cold: Distribution | null;
  /** The checkers' cycles for the same samples: the trap-to-resume windows inside each measured interval. */
  readonly checkerHot: Distribution | null;
  readonly checkerCold: Distribution | null;
  /** Counter minus checker over every measured sample: the smallest and largest difference. */
  readonly deviationMin: number | null;
  readonly deviationMax: number | null;
  /** The hand-off checkers' verdict on the operation's windows (n/a: none judged, i.e. no fast path). */
  readonly handoff: (typeof VERDICTS)[number];
  readonly breakdown: Breakdown | null;
}

export interface BenchRecord {
  /** Counter-read overhead: the smallest of the back-to-back read pairs (subtracted) and the largest. */
  readonly overhead: number;
  readonly overheadMax: number;
  readonly ops: readonly OpFigures[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a record; `fail(field, message)` throws with the caller's location. */
export function checkBenchRecord(raw: unknown, fail: (field: string, message: string) => never): BenchRecord {
  if (!isObject(raw)) return fail('bench', `expected an object, got ${JSON.stringify(raw) ?? String(raw)}`);
  const count = (field: string, v: unknown): void => {
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) fail(field, `${JSON.stringify(v) ?? 'missing'} (expected a count >= 0)`);
  };
  const integer = (field: string, v: unknown): void => {
    if (v !== null && !(typeof v === 'number' && Number.isSafeInteger(v))) fail(field, `${JSON.stringify(v) ?? 'missing'} (expected an integer, or null)`);
  };
  const real = (field: string, v: unknown): void => {
    if (!(typeof v === 'number' && Number.isFinite(v))) fail(field, `${JSON.stringify(v) ?? 'missing'} (expected a number)`);
  };
  const dist = (field: string, v: unknown): void => {
    if (v === null) return;
    if (!isObject(v)) return void fail(field, `${JSON.stringify(v) ?? 'missing'} (expected a distribution, or null)`);
    count(`${field}.n`, v.n);
    for (const k of ['min', 'median', 'max'] as const) integer(`${field}.${k}`, v[k]);
    for (const k of ['mean', 'stddev'] as const) real(`${field}.${k}`, v[k]);
    if ((v.n as number) < 1 || (v.min as number) > (v.median as number) || (v.median as number) > (v.max as number)) fail(field, 'not a distribution (n >= 1, min <= median <= max)');
  };
  count('bench.overhead', raw.overhead);
  count('bench.overheadMax', raw.overheadMax);
  if (!Array.isArray(raw.ops)) return fail('bench.ops', 'expected a list');
  raw.ops.forEach((o: unknown, i) => {
    const f = `bench.ops[${i}]`;
    if (!isObject(o)) return void fail(f, 'expected an object');
    if (!(BENCH_OPS as readonly unknown[]).includes(o.op)) fail(`${f}.op`, `${JSON.stringify(o.op)} is not an operation`);
    if (!(PATHS as readonly unknown[]).includes(o.path)) fail(`${f}.path`, `${JSON.stringify(o.path)} (expected one of ${PATHS.join(', ')})`);
    if (!(VERDICTS as readonly unknown[]).includes(o.handoff)) fail(`${f}.handoff`, `${JSON.stringify(o.handoff)} (expected one of ${VERDICTS.join(', ')})`);
    for (const k of ['hot', 'cold', 'checkerHot', 'checkerCold'] as const) dist(`${f}.${k}`, o[k]);
    integer(`${f}.deviationMin`, o.deviationMin);
    integer(`${f}.deviationMax`, o.deviationMax);
    if (o.breakdown !== null) {
      const b = o.breakdown;
      if (!isObject(b) || !Array.isArray(b.phases)) return void fail(`${f}.breakdown`, 'expected phases and counts, or null');
      for (const k of ['kernelInstructions', 'icacheMisses', 'dcacheMisses', 'tlbWalks'] as const) count(`${f}.breakdown.${k}`, b[k]);
      b.phases.forEach((p: unknown, j) => {
        if (!isObject(p) || typeof p.phase !== 'string') return void fail(`${f}.breakdown.phases[${j}]`, 'expected {phase, cycles, instructions}');
        count(`${f}.breakdown.phases[${j}].cycles`, p.cycles);
        count(`${f}.breakdown.phases[${j}].instructions`, p.instructions);
      });
    }
  });
  return raw as unknown as BenchRecord;
}
