// The simulation's side of a VCD formatted in a worker thread: per traced cycle one frame into a
// batch handed to the worker (vcd-frames.ts); the diffing and formatting run in vcd-worker.ts on the other core.
// The file is opened here (a bad path fails in the VcdWriter constructor, as in-thread) and written
// by the worker through its descriptor; close() waits for the worker, then renames it into place.
// A worker failure (disk full, a bug) is thrown here at the next publication, wait or close, with
// the file's name; the half-written file is removed.
//
// Workers run compiled JavaScript only (dist/, scripts/launch.mjs): from the TypeScript sources
// (vitest, tsx) VcdWriter formats in its own thread with the same emitter.
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Memory, Simulator } from '../../rtl/hdl/index.ts';
import type { FileSink } from './byte-sink.ts';
import { Ctl, frameLayout, FrameWriter, WorkerState, type LiveValues } from './vcd-frames.ts';
import type { VcdPlan } from './vcd-plan.ts';
import type { VcdWorkerData, WorkerFailure } from './vcd-worker.ts';

export const WORKER_COMPILED = import.meta.url.endsWith('.js');

/** How long a worker may take to start (a loaded machine) before the simulation gives up on it. */
const START_TIMEOUT_MS = 120_000;

export interface RingSize {
  /** Frames per batch (default 256: a post costs tens of microseconds, a frame well under one). */
  readonly batch?: number;
  /** Batches out at a time, at most (default 4; about 5 MB for the whole system): the simulation waits beyond. */
  readonly batches?: number;
}

export class WorkerFormatter {
  private readonly worker: Worker;
  private readonly control: Int32Array;
  private readonly written: Float64Array;
  private readonly failures: MessagePort;
  private readonly frames: FrameWriter;
  private readonly mems: readonly Memory[];
  private readonly from: number;
  private readonly to: number;
  private readonly started = Date.now();
  private finished = false;
  private closeWaitNs = 0;

  constructor(
    plan: VcdPlan,
    memories: readonly Memory[],
    sim: Simulator,
    private readonly sink: FileSink,
    ring: RingSize = {},
  ) {
    const d = sim.design;
    const layout = frameLayout({
      storeWords: d.store.length,
      textWords: d.textStore.length,
      slots: [...plan.narrow.map((n) => ({ slot: n.slot, words: 1 })), ...plan.wide],
      textIndices: plan.texts.map((t) => t.index),
      memDepths: plan.mems.map((m) => m.depth),
      batch: ring.batch ?? 256,
      maxBatches: ring.batches ?? 4,
    });
    this.mems = memories;
    this.from = plan.from;
    this.to = plan.to;
    const controlBuffer = new SharedArrayBuffer(4 * Ctl.WORDS);
    const writtenBuffer = new SharedArrayBuffer(24);
    this.control = new Int32Array(controlBuffer);
    this.written = new Float64Array(writtenBuffer);
    const channel = new MessageChannel();
    const failures = new MessageChannel();
    this.failures = failures.port1;
    const live: LiveValues = {
      store: d.store,
      textStore: d.textStore,
      get resetActive() {
        return sim.resetActive;
      },
      drainDirty: (j, visit) => memories[j]!.drainDirty(visit),
      memoryData: (j) => memories[j]!.data,
    };
    this.frames = new FrameWriter(layout, this.control, live, channel.port1, () => this.check());
    const workerData: VcdWorkerData = { plan, layout, control: controlBuffer, written: writtenBuffer, fd: sink.descriptor, port: channel.port2, failures: failures.port2 };
    this.worker = new Worker(new URL('./vcd-worker.js', import.meta.url), { workerData, transferList: [channel.port2, failures.port2] });
    // Errors come through the STATE word and the port; the event is kept from crashing the process.
    this.worker.on('error', () => undefined);
    this.worker.unref();
    channel.port1.unref();
    this.failures.unref();
  }

  sample(cycle: number): void {
    if (cycle < this.from || cycle >= this.to || this.finished) {
      // Memories report changed entries once; drain them every cycle, inside the window or not.
      for (const m of this.mems) m.drainDirty(noop);
      return;
    }
    this.frames.record(cycle);
  }

  /** Publish the last frames, wait for the worker to write them, and close the file. */
  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.frames.end();
    const t0 = process.hrtime.bigint();
    for (;;) {
      const state = Atomics.load(this.control, Ctl.STATE);
      if (state === WorkerState.DONE) break;
      this.check();
      Atomics.wait(this.control, Ctl.STATE, state, 1000);
    }
    this.closeWaitNs = Number(process.hrtime.bigint() - t0);
    void this.worker.terminate();
    this.sink.wroteElsewhere(this.written[0]!);
    this.sink.close();
  }

  /** Seconds the simulation waited for the worker: for a free buffer while running, and in close(). */
  get waitedSeconds(): { readonly running: number; readonly closing: number } {
    return { running: this.frames.waitedNs / 1e9, closing: this.closeWaitNs / 1e9 };
  }

  /**
   * CPU seconds the worker thread used (known after close(); NaN before, or without /proc): in all,
   * and before its first batch (starting a thread and loading its modules: once per writer).
   */
  get workerCpuSeconds(): { readonly total: number; readonly startUp: number } {
    const done = this.finished && Atomics.load(this.control, Ctl.STATE) === WorkerState.DONE;
    return done ? { total: this.written[1]!, startUp: this.written[2]! } : { total: Number.NaN, startUp: Number.NaN };
  }

  /** Throws the worker's failure, if any (the file is abandoned). */
  private check(): void {
    const state = Atomics.load(this.control, Ctl.STATE);
    if (state === WorkerState.FAILED) throw this.fail(this.failure());
    if (state === WorkerState.STARTING && Date.now() - this.started > START_TIMEOUT_MS) throw this.fail(new Error(`VCD worker: did not start within ${START_TIMEOUT_MS / 1000} s`));
  }

  private failure(): Error {
    // Posted before STATE was set, so it is there (allow the message a moment to land).
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (let ms = 0; ms < 5000; ms++) {
      const m = receiveMessageOnPort(this.failures);
      if (m) {
        const f = m.message as WorkerFailure;
        return Object.assign(new Error(f.error), f.code ? { code: f.code } : {}, f.syscall ? { syscall: f.syscall } : {});
      }
      Atomics.wait(nap, 0, 0, 1);
    }
    return new Error('VCD worker: failed without saying why');
  }

  private fail(e: Error): Error {
    this.finished = true;
    void this.worker.terminate();
    const err = e as NodeJS.ErrnoException;
    return err.code && err.syscall ? this.sink.abandon(e) : (this.sink.discard(), new Error(`VCD ${this.sink.path}: ${e.message}`));
  }
}

function noop(): void {}
