// Runs a study: expand its points, take finished ones from the cache, compute the rest on the
// worker pool with progress, then assemble the rows. A killed run loses only the points in flight.
import { ResultCache } from './cache.ts';
import { pointHash } from './point.ts';
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

export async function runStudy(study: StudyDef, o: RunStudyOptions): Promise<RunStudyResult> {
  const cache = new ResultCache(o.cacheDir);
  const points = expandStudy(study);
  const hashes = points.map((p) => pointHash(p.point));
  const missing = points.map((_, i) => i).filter((i) => cache.get(hashes[i]!) === undefined);
  const cached = points.length - missing.length;
  const out = o.progress ?? process.stderr;
  out.write(`study ${study.name}: ${points.length} points, ${cached} cached, ${missing.length} to compute on ${Math.min(o.jobs, Math.max(1, missing.length))} workers\n`);
  if (missing.length > 0) {
    if (o.noCompute) throw new StudyError(`study ${study.name}: ${missing.length} points missing from ${o.cacheDir} (first: ${JSON.stringify(points[missing[0]!]!.assignment)})`);
    const bar = new Progress(missing.length, study.name, out);
    const errors: string[] = [];
    await runPool(missing.map((i) => ({ point: points[i]!.point, hash: hashes[i]! })), o.jobs, o.cacheDir, (a) => {
      const assignment = JSON.stringify(points[missing[a.index]!]!.assignment);
      if (a.error !== undefined) errors.push(`${assignment}: ${a.error}`);
      bar.tick(a.cached === true, a.error !== undefined ? `FAILED ${assignment}` : assignment);
    });
    if (errors.length > 0) throw new PointFailures(`study ${study.name}: ${errors.length} points failed:\n${errors.join('\n')}`);
  }
  const rows: Row[] = points.map((p, i) => {
    const result = cache.get(hashes[i]!);
    if (!result) throw new Error(`study ${study.name}: result of ${JSON.stringify(p.assignment)} missing after the run`);
    return { assignment: p.assignment, result };
  });
  return { study, rows, cached, computed: missing.length };
}
