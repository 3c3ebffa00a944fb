// The benchmark's results as rows: one per point and operation, with the point's coordinates. Every
// table, chart and check of the outputs reads these.
import type { PointResult } from '../studies/cache.ts';
import type { MatrixPoint } from './matrix.ts';
import type { BenchOp } from './measure/ops.ts';
import type { OpFigures } from './measure/record.ts';

export interface OpRow {
  readonly point: MatrixPoint;
  readonly figures: OpFigures;
  readonly overhead: number;
  readonly hash: string;
  /** The run's programs and kernel ended cleanly (a failed run is a point error, never a row). */
  readonly exited: boolean;
}

export function opRows(points: readonly MatrixPoint[], results: readonly PointResult[]): OpRow[] {
  return points.flatMap((point, i) => {
    const r = results[i]!;
    if (!r.bench) throw new Error(`${point.label}: the result has no benchmark figures`);
    return r.bench.ops.map((figures) => ({ point, figures, overhead: r.bench!.overhead, hash: r.hash, exited: r.exited }));
  });
}

/** The row of an operation at given coordinates (null coordinates match a point without them). */
export function findRow(rows: readonly OpRow[], op: BenchOp, at: Partial<Pick<MatrixPoint, 'placement' | 'priority' | 'strategy' | 'words'>>): OpRow | undefined {
  return rows.find((r) => r.figures.op === op && (Object.keys(at) as (keyof typeof at)[]).every((k) => r.point[k] === at[k]));
}

/**
 * A sample's figures are trustworthy when the counter and the checkers agree within the counter
 * read's overhead (perturbation off: with it, interrupts between the two reads are real cost).
 */
export function agrees(r: OpRow): boolean {
  const { deviationMin: lo, deviationMax: hi } = r.figures;
  return lo === null || hi === null || (Math.abs(lo) <= r.overhead && Math.abs(hi) <= r.overhead);
}

/** What is wrong with a row, one line each (an empty list: nothing). */
export function rowProblems(r: OpRow, perturbed: boolean): string[] {
  const out: string[] = [];
  const where = `${r.point.label}, ${r.figures.op}`;
  if (r.figures.hot === null) out.push(`${where}: no hot sample`);
  if (r.figures.handoff === 'fail') out.push(`${where}: the hand-off checkers failed its IPC (${r.figures.path === 'fast' ? 'a claim of the fast path' : 'a leak before it left the fast path'}: see the run with npm start)`);
  if (!perturbed && !agrees(r)) out.push(`${where}: counter and checkers differ by ${r.figures.deviationMin}..${r.figures.deviationMax} cycles, more than the read overhead ${r.overhead}`);
  return out;
}
