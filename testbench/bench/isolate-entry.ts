// Where a fresh-isolate measurement starts (isolate.ts): it imports the measuring module, so a
// module that fails to load is reported through the shared memory like a failed computation.
import { workerData } from 'node:worker_threads';
import { failIsolate } from './isolate.ts';

const { module } = workerData as { readonly module: string };
try {
  await import(module);
} catch (e) {
  failIsolate(e);
}
