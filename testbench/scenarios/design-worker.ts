// The worker thread of design-jobs.ts: takes jobs from the shared counter, posts each row, then 'done'.
import { parentPort, workerData } from 'node:worker_threads';
import { runDesign } from './designs.ts';
import type { DesignJob } from './design-jobs.ts';

const port = parentPort;
if (port) {
  const { jobs, counter } = workerData as { readonly jobs: readonly DesignJob[]; readonly counter: Int32Array };
  try {
    for (let k = Atomics.add(counter, 0, 1); k < jobs.length; k = Atomics.add(counter, 0, 1)) {
      port.postMessage({ job: k, row: await runDesign(jobs[k]!.options, jobs[k]!.design) });
    }
    port.postMessage({ done: true });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
