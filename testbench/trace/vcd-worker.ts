// The VCD worker thread (vcd-worker-link.ts starts it): reads frames from the shared ring, runs the
// same emitter as the in-thread writer (vcd-emitter.ts) and writes the bytes to the file the
// simulation's thread opened (its descriptor). A failure (a full disk, a bug) is posted back with
// its errno code and the STATE word says FAILED, so the simulation's thread throws it.
import { writeSync } from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';
import { ByteBuffer, type ByteSink } from './byte-sink.ts';
import { VcdEmitter } from './vcd-emitter.ts';
import { Ctl, FrameReader, WorkerState, type FrameLayout } from './vcd-frames.ts';
import type { VcdPlan } from './vcd-plan.ts';

export interface VcdWorkerData {
  readonly plan: VcdPlan;
  readonly layout: FrameLayout;
  readonly frames: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  /** One float64: bytes written so far. */
  readonly written: SharedArrayBuffer;
  readonly fd: number;
  /** Strings arrive here; failures leave from here. */
  readonly port: MessagePort;
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
  const reader = new FrameReader(d.layout, d.frames, d.port);
  const emitter = new VcdEmitter(d.plan, reader, new ByteBuffer(new DescriptorSink(d.fd, new Float64Array(d.written))));
  const batch = d.layout.batch;
  let seq = 0;
  for (;;) {
    // SIGNAL first: a publication or a close after these loads changes it, so the wait returns.
    const signal = Atomics.load(ctl, Ctl.SIGNAL);
    const closing = Atomics.load(ctl, Ctl.CLOSING) === 1;
    const published = Atomics.load(ctl, Ctl.WRITE);
    for (let n = (published - seq) | 0; n > 0; n--) {
      reader.load(seq);
      emitter.sample(reader.cycle);
      seq++;
      if ((seq & (batch - 1)) === 0) {
        Atomics.store(ctl, Ctl.READ, seq | 0);
        Atomics.notify(ctl, Ctl.READ);
      }
    }
    Atomics.store(ctl, Ctl.READ, seq | 0);
    Atomics.notify(ctl, Ctl.READ);
    if (closing) break;
    Atomics.wait(ctl, Ctl.SIGNAL, signal);
  }
  emitter.finish();
  Atomics.store(ctl, Ctl.STATE, WorkerState.DONE);
  Atomics.notify(ctl, Ctl.STATE);
}

const data = workerData as VcdWorkerData | null;
if (data) {
  try {
    run(data);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const failure: WorkerFailure = { error: !(err instanceof Error) ? String(e) : err.code && err.syscall ? err.message : (err.stack ?? err.message), ...(err.code ? { code: err.code } : {}), ...(err.syscall ? { syscall: err.syscall } : {}) };
    data.port.postMessage(failure);
    const ctl = new Int32Array(data.control);
    Atomics.store(ctl, Ctl.STATE, WorkerState.FAILED);
    Atomics.notify(ctl, Ctl.STATE);
    Atomics.notify(ctl, Ctl.READ);
  }
}
