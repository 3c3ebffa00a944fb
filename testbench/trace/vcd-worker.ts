// The VCD worker thread (vcd-worker-link.ts starts it): takes batches of frames, runs the
// same emitter as the in-thread writer (vcd-emitter.ts) and writes the bytes to the file the
// simulation's thread opened (its descriptor). A failure (a full disk, a bug) is posted back with
// its errno code and the STATE word says FAILED, so the simulation's thread throws it.
import { writeSync } from 'node:fs';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { ByteBuffer } from './byte-buffer.ts';
import type { ByteSink } from './byte-sink.ts';
import { VcdEmitter } from './vcd-emitter.ts';
import { threadCpuSeconds } from './thread-cpu.ts';
import { bump, Ctl, FrameReader, sleepUntilMoved, WorkerState, type FrameLayout, type FromWorker, type ToWorker } from './vcd-frames.ts';
import type { VcdPlan } from './vcd-plan.ts';

export interface VcdWorkerData {
  readonly plan: VcdPlan;
  readonly layout: FrameLayout;
  readonly control: SharedArrayBuffer;
  /** Three float64s: bytes written so far, the worker's CPU seconds when it finished, and when the first batch came (its start-up). */
  readonly written: SharedArrayBuffer;
  readonly fd: number;
  /** Batches arrive here and go back from here. */
  readonly port: MessagePort;
  /** Failures leave from here. */
  readonly failures: MessagePort;
}

/** A failure as posted to the simulation's thread. */
export interface WorkerFailure {
  readonly error: string;
  readonly code?: string;
  readonly syscall?: string;
}

class DescriptorSink implements ByteSink {
  bytes = 0;
  constructor(
    private readonly fd: number,
    private readonly written: Float64Array,
  ) {}

  write(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
    this.bytes += chunk.length;
    this.written[0] = this.bytes;
  }

  close(): void {}
}

function run(d: VcdWorkerData): void {
  const ctl = new Int32Array(d.control);
  Atomics.store(ctl, Ctl.STATE, WorkerState.RUNNING);
  Atomics.notify(ctl, Ctl.STATE);
  const reader = new FrameReader(d.layout);
  const emitter = new VcdEmitter(d.plan, reader, new ByteBuffer(new DescriptorSink(d.fd, new Float64Array(d.written))));
  let first = true;
  for (;;) {
    // SIGNAL first: a batch posted after this load changes it, so the wait returns at once.
    const signal = Atomics.load(ctl, Ctl.SIGNAL);
    for (let m = receiveMessageOnPort(d.port); m !== undefined; m = receiveMessageOnPort(d.port)) {
      const msg = m.message as ToWorker;
      if ('close' in msg) {
        emitter.finish();
        new Float64Array(d.written)[1] = threadCpuSeconds();
        return;
      }
      if (first) {
        new Float64Array(d.written)[2] = threadCpuSeconds();
        first = false;
      }
      reader.batch(new Uint32Array(msg.buffer), msg.strings);
      for (let k = 0; k < msg.frames; k++) {
        reader.next();
        emitter.sample(reader.cycle);
      }
      const back: FromWorker = { buffer: msg.buffer };
      d.port.postMessage(back, [msg.buffer]);
      bump(ctl, Ctl.RETURNED, Ctl.SIM_SLEEPS);
    }
    sleepUntilMoved(ctl, Ctl.SIGNAL, signal, Ctl.WORKER_SLEEPS);
  }
}

const data = workerData as VcdWorkerData | null;
if (data) {
  try {
    run(data);
    const ctl = new Int32Array(data.control);
    Atomics.store(ctl, Ctl.STATE, WorkerState.DONE);
    Atomics.notify(ctl, Ctl.STATE);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const failure: WorkerFailure = { error: !(err instanceof Error) ? String(e) : err.code && err.syscall ? err.message : (err.stack ?? err.message), ...(err.code ? { code: err.code } : {}), ...(err.syscall ? { syscall: err.syscall } : {}) };
    data.failures.postMessage(failure);
    const ctl = new Int32Array(data.control);
    Atomics.store(ctl, Ctl.STATE, WorkerState.FAILED);
    Atomics.notify(ctl, Ctl.STATE);
    Atomics.notify(ctl, Ctl.RETURNED);
  }
}
