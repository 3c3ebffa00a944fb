// Runs a study: expand its points, take finished ones from the cache, compute the rest on the
// worker pool with progress, then assemble the rows. A killed run loses only the points in flight.
// `runPoints` is the same for any list of points (the IPC benchmark's matrix uses it).
import { ResultCache, type PointResult } from './cache.ts';
import { pointHash, type PointConfig } from './point.ts';
import { runPool } from './pool.ts';
import { Progress } from './progress.ts';
import type { Row, StudyResults } from './results.ts';
import { expandStudy, StudyError, type StudyDef } from './study.ts';

export interface RunStudyOptions {
  readonly jobs: number;
  readonly cacheDir: string;
  /** Only report what the cache holds (after a merge); missing points are an error. */
  readonly noCompute?: boolean;
  readonly progress?: NodeJS.WritableStream;
}

/** Points whose simulation failed (a bug in the model or kernel, not in the study): exit 1. */
export class PointFailures extends Error {
  override readonly name = 'PointFailures';
}

export interface RunStudyResult extends StudyResults {
  readonly cached: number;
  readonly computed: number;
}

/** A point to run and how progress and errors name it. */
export interface NamedPoint {
  readonly point: PointConfig;
  readonly label: string;
}

export interface PointsResult {
  /** In the order of the points. */
  readonly results: readonly PointResult[];
  readonly cached: number;
  readonly computed: number;
}

/** Every point's result: from the cache, or computed on `jobs` workers (and then cached). */
export async function runPoints(name: string, points: readonly NamedPoint[], o: RunStudyOptions): Promise<PointsResult> {
  const cache = new ResultCache(o.cacheDir);
  const hashes = points.map((p) => pointHash(p.point));
  const missing = points.map((_, i) => i).filter((i) => cache.get(hashes[i]!) === undefined);
  const cached = points.length - missing.length;
  const out = o.progress ?? process.stderr;
  out.write(`${name}: ${points.length} points, ${cached} cached, ${missing.length} to compute on ${Math.min(o.jobs, Math.max(1, missing.length))} workers\n`);
  if (missing.length > 0) {
    if (o.noCompute) throw new StudyError(`${name}: ${missing.length} points missing from ${o.cacheDir} (first: ${points[missing[0]!]!.label})`);
    const bar = new Progress(missing.length, name, out);
    const errors: string[] = [];
    await runPool(missing.map((i) => ({ point: points[i]!.point, hash: hashes[i]! })), o.jobs, o.cacheDir, (a) => {
      const label = points[missing[a.index]!]!.label;
      if (a.error !== undefined) errors.push(`${label}: ${a.error}`);
      bar.tick(a.cached === true, a.error !== undefined ? `FAILED ${label}` : label);
    });
    if (errors.length > 0) throw new PointFailures(`${name}: ${errors.length} points failed:\n${errors.join('\n')}`);
  }
  const results = points.map((p, i) => {
    const result = cache.get(hashes[i]!);
    if (!result) throw new Error(`${name}: result of ${p.label} missing after the run`);
    return result;
  });
  return { results, cached, computed: missing.length };
}

export async function runStudy(study: StudyDef, o: RunStudyOptions): Promise<RunStudyResult> {
  const points = expandStudy(study);
  const r = await runPoints(`study ${study.name}`, points.map((p) => ({ point: p.point, label: JSON.stringify(p.assignment) })), o);
  const rows: Row[] = points.map((p, i) => ({ assignment: p.assignment, result: r.results[i]! }));
  return { study, rows, cached: r.cached, computed: r.computed };
}
