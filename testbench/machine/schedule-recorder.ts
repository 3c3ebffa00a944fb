// Comb recordings made in a worker thread, so a process that builds many different machines keeps
// its optimised code. Recording a design (rtl/hdl/comb-schedule.ts) swaps the signal classes'
// accessors and back, which discards V8's optimised code for every `.v` site in the thread: each
// new design then cost about 150 ms more than the one it replaced (measured on the kernel ping-pong
// booted on the model: 213-274 ms for a new configuration against 60-110 ms for the same one again,
// when every hardware configuration had a recording of its own; now only a new structure needs one:
// another address-space switch (combStructure), view or message view). The worker builds the same
// design from its recipe (DesignShape), records it and sends the recording back as plain data; this
// thread takes it (importRecording), and the elaboration uses it only if the design's blocks, store
// size and layout match.
//
// Used from the second recording of a process on (the first discards nothing: no code has run yet),
// with compiled JavaScript only (a worker cannot load the TypeScript sources; vitest and tsx record
// in-thread as before). A worker that fails or does not answer in time leaves the recording to this
// thread, as before.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { importRecording, recordingsMadeHere, type TransferredRecording } from '../../rtl/hdl/index.ts';
import type { PartialConfig } from '../../rtl/config.ts';

export const RECORDER_COMPILED = import.meta.url.endsWith('.js');

/** A machine design's recipe, for the worker to build one (the schedule key names its structural part: rtl-machine.ts). */
export interface DesignShape {
  readonly hardware: PartialConfig | null;
  readonly memorySystem: boolean;
  readonly ramBytes: number;
  readonly view: boolean;
  readonly message: { readonly mrs: number; readonly threads: number } | null;
}

export interface RecordRequest {
  readonly id: number;
  readonly key: string;
  readonly shape: DesignShape;
}

export type RecordReply = { readonly id: number; readonly recording: TransferredRecording } | { readonly id: number; readonly error: string };

/** How long to wait for a recording (the worker's start-up included) before recording here. */
const TIMEOUT_MS = 60_000;

/** Recordings taken from the worker and requests it could not answer, in this process (the last one's reason). */
export const recorderStats = { fromWorker: 0, failed: 0, lastError: '' };

/** Shared words: answers posted so far (the worker bumps it after each), and the worker's state. */
export const Word = { ANSWERS: 0, STATE: 1, COUNT: 2 } as const;
export const RecorderState = { STARTING: 0, READY: 1, FAILED: 2 } as const;

/** The worker (held, with its port and shared words, for the life of the process), once started. */
let worker: { readonly w: Worker; readonly port: MessagePort; readonly shared: Int32Array } | null = null;
let nextId = 1;
let disabled = false;

function start(): NonNullable<typeof worker> {
  const shared = new Int32Array(new SharedArrayBuffer(4 * Word.COUNT));
  const channel = new MessageChannel();
  const w = new Worker(new URL('./schedule-recorder-worker.js', import.meta.url), { workerData: { port: channel.port2, shared: shared.buffer }, transferList: [channel.port2] });
  // The worker serves this thread while it runs; it must not keep the process alive after.
  w.unref();
  return { w, port: channel.port1, shared };
}

/**
 * Make `key`'s recording in the worker and keep it here, when that is worth it (see the file
 * comment); true if kept. The caller elaborates as usual afterwards.
 */
export function recordElsewhere(key: string, shape: DesignShape): boolean {
  if (!RECORDER_COMPILED || disabled || recordingsMadeHere() === 0) return false;
  worker ??= start();
  const { port, shared } = worker;
  const id = nextId++;
  const request: RecordRequest = { id, key, shape };
  port.postMessage(request);
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    // Read the counter first: an answer posted after this read moves it, so the wait returns.
    const answers = Atomics.load(shared, Word.ANSWERS);
    const m = receiveMessageOnPort(port);
    if (m !== undefined) {
      const reply = m.message as RecordReply;
      if (reply.id !== id) continue; // the answer to a request that timed out
      if ('error' in reply) return fail(reply.error);
      importRecording(key, reply.recording);
      recorderStats.fromWorker++;
      return true;
    }
    if (Atomics.load(shared, Word.STATE) === RecorderState.FAILED) return fail('the worker failed to start');
    const left = deadline - Date.now();
    if (left <= 0) return fail(`no answer in ${TIMEOUT_MS / 1000} s`);
    Atomics.wait(shared, Word.ANSWERS, answers, Math.min(left, 1000));
  }
}

function fail(error: string): false {
  recorderStats.failed++;
  recorderStats.lastError = error;
  // A worker that cannot record one design will not record the next: record here from now on.
  disabled = true;
  return false;
}
