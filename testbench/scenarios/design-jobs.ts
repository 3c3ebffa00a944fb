// The runs behind npm start's "Why it is fast" (one per design, one per published message length),
// shared out between this thread and a worker thread on the other core. Every run is deterministic,
// so which thread computes a row changes nothing but the wall time (tests/cli/launch.test.ts compares
// the precompiled npm start, which uses the worker, with the sequential in-process one).
//
// The worker runs only when the code runs precompiled (dist/, scripts/launch.mjs): a worker thread
// of TypeScript sources would need tsx's loader and its start-up, which is what precompiling saves.
// From the sources (tests, tsx) the jobs run one after another in this thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { IpcDesign } from '../../kernel/abi.ts';
import { runDesign, type DesignRow } from './designs.ts';
import type { IpcScenarioOptions } from './ipc-scenario.ts';

export interface DesignJob {
  readonly options: IpcScenarioOptions;
  readonly design: IpcDesign;
}

const COMPILED = import.meta.url.endsWith('.js');

/** Options a worker can take: data only (a test's kernel patch is a function, and stays here). */
const cloneable = (o: IpcScenarioOptions): boolean => o.patchKernel === undefined;

/**
 * Start the jobs now; `work` runs in this thread meanwhile (npm start's own run), then this thread
 * takes jobs too until none is left. The rows come back in the jobs' order. The two threads take
 * jobs from one shared counter (this thread's simulation does not yield to the event loop, so a
 * worker asking for its next job by message would wait for it).
 */
export async function runJobsBeside<T>(jobs: readonly DesignJob[], work: () => Promise<T>): Promise<{ readonly result: T; readonly rows: DesignRow[]; readonly inWorker: number }> {
  const rows = new Array<DesignRow | undefined>(jobs.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const useWorker = COMPILED && jobs.length > 0 && availableParallelism() > 1 && jobs.every((j) => cloneable(j.options));
  const helper = useWorker ? startWorker(jobs, counter, rows) : Promise.resolve(0);
  const result = await work();
  for (let k = Atomics.add(counter, 0, 1); k < jobs.length; k = Atomics.add(counter, 0, 1)) rows[k] = await runDesign(jobs[k]!.options, jobs[k]!.design);
  const inWorker = await helper;
  return { result, rows: rows.map((r, k) => r ?? fail(`design job ${k} produced no row`)), inWorker };
}

function fail(message: string): never {
  throw new Error(message);
}

/** The worker takes jobs from the shared counter and posts each row, then 'done'; resolves to how many it ran. */
function startWorker(jobs: readonly DesignJob[], counter: Int32Array, rows: Array<DesignRow | undefined>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let ran = 0;
    const worker = new Worker(new URL('./design-worker.js', import.meta.url), { workerData: { jobs, counter } });
    worker.on('message', (m: { readonly job?: number; readonly row?: DesignRow; readonly error?: string; readonly done?: true }) => {
      if (m.error !== undefined) {
        void worker.terminate();
        reject(new Error(`design worker: ${m.error}`));
      } else if (m.done) void worker.terminate().then(() => resolve(ran));
      else if (m.job !== undefined && m.row !== undefined) {
        rows[m.job] = m.row;
        ran++;
      }
    });
    worker.on('error', reject);
  });
}
