// A measurement in a fresh isolate (a worker thread that built nothing before it): the bench thread
// starts the worker and waits; the worker computes and writes its figures into a shared array,
// then a done flag after them. Used where one process's earlier machines or loops would change
// what is measured (the reference loop's speed level, a long RTL run's own code).
//
// The bench thread waits in Atomics.wait, so it cannot see the worker's `error` event: every
// failure reaches it through the shared memory instead. The worker starts in isolate-entry.ts,
// which imports the measuring module; a module that fails to load, a compute that throws and a
// result that is not a number each write the error's text and raise the done flag, and the bench
// thread throws that text at once (it waited the whole bound before, and said only "no measurement").
import { Worker, workerData } from 'node:worker_threads';

/** Bytes of an error's text the worker can hand back. */
const MESSAGE_BYTES = 2048;

/** The shared state: `values` float64s, an int32 done flag, then the error text (length-prefixed UTF-8). */
interface Shared {
  readonly result: Float64Array;
  readonly message: SharedArrayBuffer;
}

function doneFlag(result: Float64Array): Int32Array {
  return new Int32Array(result.buffer, 8 * (result.length - 1), 1);
}

/** In the worker: raise the done flag and wake the bench thread. */
function raiseDone(result: Float64Array): void {
  const done = doneFlag(result);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

function readMessage(buffer: SharedArrayBuffer): string {
  const length = new Int32Array(buffer, 0, 1)[0]!;
  return new TextDecoder().decode(new Uint8Array(buffer, 4, Math.min(length, MESSAGE_BYTES - 4)).slice());
}

/**
 * Run the worker module at `url` (given `data`; it calls reportFromIsolate) once in a fresh isolate
 * and return its `values` figures. Throws the worker's error when it failed (to load, or in its
 * computation), or when it gave no answer within `waitMs`.
 */
export function measureInFreshIsolate(url: URL, data: Record<string, unknown>, values: number, what: string, waitMs = 120_000): number[] {
  const result = new Float64Array(new SharedArrayBuffer(8 * (values + 1)));
  const message = new SharedArrayBuffer(MESSAGE_BYTES);
  const done = doneFlag(result);
  const worker = new Worker(new URL('./isolate-entry.js', import.meta.url), { workerData: { ...data, result, message, module: url.href } });
  worker.on('error', () => undefined); // reported through the shared memory
  Atomics.wait(done, 0, 0, waitMs);
  void worker.terminate();
  if (Atomics.load(done, 0) !== 1) throw new Error(`${what} gave no measurement within ${waitMs / 1000} s`);
  const failure = readMessage(message);
  if (failure !== '') throw new Error(`${what} failed: ${failure}`);
  const figures = Array.from(result.subarray(0, values));
  if (!figures.every(Number.isFinite)) throw new Error(`${what} gave a figure that is not a number: ${figures.join(', ')}`);
  return figures;
}

/** In the worker: the failure's text, then the done flag (the bench thread throws the text). */
export function failIsolate(error: unknown): void {
  const { result, message } = workerData as Shared;
  const text = new TextEncoder().encode(error instanceof Error ? (error.stack ?? error.message) : String(error)).subarray(0, MESSAGE_BYTES - 4);
  new Uint8Array(message, 4).set(text);
  new Int32Array(message, 0, 1)[0] = Math.max(text.length, 1);
  raiseDone(result);
}

/** In the worker: compute the figures, write them and raise the done flag (or report the failure). */
export function reportFromIsolate(compute: () => readonly number[]): void {
  const { result } = workerData as Shared;
  let figures: readonly number[];
  try {
    figures = compute();
  } catch (e) {
    failIsolate(e);
    return;
  }
  const values = result.length - 1;
  for (let k = 0; k < values; k++) result[k] = figures[k] ?? Number.NaN;
  raiseDone(result);
}
