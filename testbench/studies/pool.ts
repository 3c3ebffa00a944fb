// The worker pool: `jobs` child processes (node + tsx running worker.ts), each computing one point
// at a time; points go to whichever worker is free. Processes rather than threads because a point is
// seconds of CPU and a crash must not take the study down.
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './fingerprint.ts';
import type { PointConfig } from './point.ts';

export interface PoolAnswer {
  readonly index: number;
  readonly hash?: string;
  readonly cached?: boolean;
  readonly error?: string;
}

interface Reply {
  readonly id: number;
  readonly hash?: string;
  readonly cached?: boolean;
  readonly error?: string;
}

// Precompiled (dist/, run by scripts/launch.mjs) the worker is the compiled module beside this one;
// from the sources, worker.ts through tsx.
const COMPILED = import.meta.url.endsWith('.js');
const WORKER = COMPILED ? join(dirname(fileURLToPath(import.meta.url)), 'worker.js') : join(REPO_ROOT, 'testbench', 'studies', 'worker.ts');

export async function runPool(points: readonly { readonly point: PointConfig; readonly hash: string }[], jobs: number, cacheDir: string, onAnswer: (a: PoolAnswer) => void): Promise<void> {
  let next = 0;
  const n = Math.max(1, Math.min(jobs, points.length));
  const workers: ChildProcess[] = [];
  const stopAll = (): void => workers.forEach((w) => w.kill());
  process.once('exit', stopAll);
  try {
    await Promise.all(
      Array.from({ length: n }, () =>
        new Promise<void>((resolve, reject) => {
          const w = fork(WORKER, [], { cwd: REPO_ROOT, execArgv: COMPILED ? [] : ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
          workers.push(w);
          const send = (): void => {
            if (next >= points.length) {
              w.disconnect();
              resolve();
              return;
            }
            const id = next++;
            w.send({ id, ...points[id], cacheDir });
          };
          w.on('message', (m: Reply) => {
            onAnswer({ index: m.id, ...(m.hash !== undefined ? { hash: m.hash, cached: m.cached ?? false } : {}), ...(m.error !== undefined ? { error: m.error } : {}) });
            send();
          });
          w.on('exit', (code) => {
            if (next < points.length || code !== 0) reject(new Error(`study worker ${w.pid} exited with code ${code}`));
          });
          send();
        }),
      ),
    );
  } finally {
    process.removeListener('exit', stopAll);
    stopAll();
  }
}
