// A measurement in a fresh isolate (a worker thread that built nothing before it): the bench thread
// starts the worker and waits; the worker computes and writes its figures into a shared array,
// then a done flag after them. Used where one process's earlier machines or loops would change
// what is measured (the reference loop's speed level, a long RTL run's own code).
import { Worker, workerData } from 'node:worker_threads';

/** The shared result: `values` float64s, then an int32 done flag (in the last float's bytes). */
function layout(result: Float64Array): { readonly values: number; readonly done: Int32Array } {
  const values = result.length - 1;
  return { values, done: new Int32Array(result.buffer, 8 * values, 1) };
}

/**
 * Run the worker at `url` (given `data` plus the shared `result`) once in a fresh isolate and
 * return its `values` figures; throws when it gave none (an error, NaN, or no answer in 120 s).
 */
export function measureInFreshIsolate(url: URL, data: Record<string, unknown>, values: number, what: string): number[] {
  const result = new Float64Array(new SharedArrayBuffer(8 * (values + 1)));
  const { done } = layout(result);
  const worker = new Worker(url, { workerData: { ...data, result } });
  worker.on('error', () => undefined); // reported through the shared result (no done flag, or NaN)
  Atomics.wait(done, 0, 0, 120_000);
  void worker.terminate();
  const figures = Array.from(result.subarray(0, values));
  if (Atomics.load(done, 0) !== 1 || !figures.every(Number.isFinite)) throw new Error(`${what} gave no measurement`);
  return figures;
}

/** In the worker: compute the figures, write them (NaN if it threw) and raise the done flag. */
export function reportFromIsolate(compute: () => readonly number[]): void {
  const { result } = workerData as { readonly result: Float64Array };
  const { values, done } = layout(result);
  try {
    const figures = compute();
    for (let k = 0; k < values; k++) result[k] = figures[k] ?? Number.NaN;
  } catch {
    result[0] = Number.NaN;
  }
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
