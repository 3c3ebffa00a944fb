// The worker of reference.bench.ts's loop rows: one measurement in a fresh isolate, written to the
// shared result (rate, then a done flag the bench thread waits on).
import { workerData } from 'node:worker_threads';
import { measure } from './reference.bench.ts';

const { mmu, instructions, result } = workerData as { readonly mmu: boolean; readonly instructions: number; readonly result: Float64Array };
const done = new Int32Array(result.buffer, 8, 1);
try {
  result[0] = measure(mmu, false, instructions);
} catch {
  result[0] = Number.NaN;
}
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);
