// What one benchmark run is (the `bench` part of a study point with scenario 'ipcbench'): which
// programs run (kernel/user/ipcbench.S), where their threads live, their priorities, how many
// warm, hot and cold iterations, and the seeded perturbation. Validated with the field named;
// fields a run does not use are set to their defaults, so runs that are the same share a hash.
import { PointError } from '../../studies/point-error.ts';

/** The program sets; each measures several operations (ops.ts). */
export const BENCH_RUNS = ['pingpong', 'queue', 'null', 'irq'] as const;
export type BenchRun = (typeof BENCH_RUNS)[number];

/** Intra: the threads share one address space; inter: one space each. */
export const PLACEMENTS = ['intra', 'inter'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** The client's priority against the server's (equal 20/20, lower 10/20, higher 30/20). */
export const PRIORITIES = ['equal', 'client-lower', 'client-higher'] as const;
export type PriorityRelation = (typeof PRIORITIES)[number];

/**
 * Perturbations a real system adds (off by default), all from one seed:
 *   irq      a top-priority thread takes timer interrupts at seeded random intervals
 *   dirty    that thread also dirties random lines of its own buffer at every interrupt
 *   pollute  after each cold flush, the measuring thread reads and writes random lines
 *            (random, dirty initial cache contents for the cold IPC)
 */
export const PERTURBATIONS = ['irq', 'dirty', 'pollute'] as const;
export type Perturbation = (typeof PERTURBATIONS)[number];

export interface BenchSpec {
  readonly run: BenchRun;
  readonly placement: Placement;
  readonly priority: PriorityRelation;
  /** Iterations not measured (caches and TLB warm up), measured hot, measured cold (flushed first). */
  readonly warm: number;
  readonly hot: number;
  readonly cold: number;
  /** Sorted, no repeats; [] = none. */
  readonly perturb: readonly Perturbation[];
  /** Seed of every perturbation (the default when there is none). */
  readonly seed: number;
}

export const DEFAULT_SEED = 2026;

export const DEFAULT_BENCH: BenchSpec = { run: 'pingpong', placement: 'inter', priority: 'equal', warm: 2, hot: 16, cold: 4, perturb: [], seed: DEFAULT_SEED };

/** Runs whose operations involve no priority choice or no second space. */
const USES_PRIORITY: ReadonlySet<BenchRun> = new Set(['pingpong', 'queue']);
const USES_PLACEMENT: ReadonlySet<BenchRun> = new Set(['pingpong', 'queue', 'irq']);
/** Runs whose messages carry words (the null call and interrupts carry none). */
export const USES_WORDS: ReadonlySet<BenchRun> = new Set(['pingpong', 'queue']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function choice<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new PointError(`point.bench.${field}: ${JSON.stringify(v)} is not allowed (allowed: ${allowed.join(', ')})`);
  return v as T;
}

function int(field: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new PointError(`point.bench.${field}: ${JSON.stringify(v)} is not allowed (an integer in ${lo}..${hi})`);
  return v;
}

/** Fill the defaults, check every field, normalise what the run does not use. */
export function validateBench(raw: unknown): BenchSpec {
  if (!isObject(raw)) throw new PointError(`point.bench: expected an object, got ${JSON.stringify(raw) ?? String(raw)}`);
  const known = Object.keys(DEFAULT_BENCH);
  for (const k of Object.keys(raw)) if (!known.includes(k)) throw new PointError(`point.bench.${k}: unknown field (allowed: ${known.join(', ')})`);
  const m = { ...DEFAULT_BENCH, ...raw } as Record<keyof BenchSpec, unknown>;
  const run = choice('run', m.run, BENCH_RUNS);
  if (!Array.isArray(m.perturb)) throw new PointError(`point.bench.perturb: expected a list (of ${PERTURBATIONS.join(', ')}), got ${JSON.stringify(m.perturb)}`);
  const perturb = [...new Set(m.perturb.map((p, i) => choice(`perturb[${i}]`, p, PERTURBATIONS)))].sort();
  const warm = int('warm', m.warm, 1, 64);
  const hot = int('hot', m.hot, 2, 1000);
  const cold = int('cold', m.cold, 0, 200);
  const seed = int('seed', m.seed, 0, 0xffff_ffff);
  return {
    run,
    placement: USES_PLACEMENT.has(run) ? choice('placement', m.placement, PLACEMENTS) : DEFAULT_BENCH.placement,
    priority: USES_PRIORITY.has(run) ? choice('priority', m.priority, PRIORITIES) : DEFAULT_BENCH.priority,
    warm,
    hot,
    cold,
    perturb,
    seed: perturb.length > 0 ? seed : DEFAULT_SEED,
  };
}

/** Client, server and helper priorities for a relation (the helper lowest, below every client). */
export function priorities(r: PriorityRelation): { readonly client: number; readonly server: number; readonly helper: number } {
  return { client: r === 'equal' ? 20 : r === 'client-lower' ? 10 : 30, server: 20, helper: 5 };
}
