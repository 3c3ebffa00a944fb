// The worker of system.bench.ts's steady-state row: one long run of the loop in a fresh isolate
// (no other machine built before it), written to the shared result (rate, IPC, then a done flag
// the bench thread waits on).
import { workerData } from 'node:worker_threads';
import { steadyRate } from './system.bench.ts';

const { result } = workerData as { readonly result: Float64Array };
const done = new Int32Array(result.buffer, 16, 1);
try {
  const r = steadyRate();
  result[0] = r.rate;
  result[1] = r.ipc;
} catch {
  result[0] = Number.NaN;
}
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);
