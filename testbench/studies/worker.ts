// A pool worker: a child process that computes the points its parent sends and answers with the
// hash (the result itself is in the cache). One process per core keeps simulations parallel.
import { ResultCache } from './cache.ts';
import { computePoint } from './compute.ts';
import type { PointConfig } from './point.ts';
import { userErrorMessage } from '../cli/run-main.ts';

interface Job {
  readonly id: number;
  readonly point: PointConfig;
  readonly hash: string;
  readonly cacheDir: string;
}

process.on('message', (job: Job) => {
  computePoint(job.point, new ResultCache(job.cacheDir), job.hash).then(
    ({ result, cached }) => process.send!({ id: job.id, hash: result.hash, cached }),
    // A point's bad input (its field named) as one line; a bug with its stack.
    (e: unknown) => process.send!({ id: job.id, error: userErrorMessage(e) ?? (e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e)) }),
  );
});

// The parent is gone (killed study): stop once the point in hand is stored.
process.on('disconnect', () => process.exit(0));
