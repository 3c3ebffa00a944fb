// Streaming VCD writer. It observes a Simulator and writes only the values that changed each
// cycle. The scope tree is the module tree; a signal's name in the code is its name in the VCD.
// Output goes through a fixed buffer to a sink, so memory stays bounded however long the run, and
// identical runs give byte-identical files (no dates, ids assigned in declaration order).
//
// The header and the variables are planned once (vcd-plan.ts); the diffing and formatting
// (vcd-emitter.ts) run either here or, for a long trace to a file from precompiled code, in a
// worker thread fed one frame per cycle in batches (vcd-worker-link.ts, vcd-frames.ts): the
// simulation's thread copies the traced store, the worker diffs and formats (the speed measured,
// short of issue 19's goal, is in docs/WAVEFORMS.md). Both run the same emitter over the same
// values: the bytes are the same (tests/trace/vcd-worker.test.ts compares them).
import { availableParallelism } from 'node:os';
import type { CycleObserver, Memory, Module, Simulator } from '../../rtl/hdl/index.ts';
import { ByteBuffer } from './byte-buffer.ts';
import { FileSink, type ByteSink } from './byte-sink.ts';
import { VcdEmitter, type FrameSource } from './vcd-emitter.ts';
import { planVcd, withWindow, type PlannedVcd, type VcdLayoutOptions, type VcdVariable } from './vcd-plan.ts';
import { WORKER_COMPILED, WorkerFormatter, type RingSize } from './vcd-worker-link.ts';

export type { VcdVariable } from './vcd-plan.ts';

/**
 * Where diffing and formatting run. 'auto': in a worker thread when the code runs precompiled, the
 * output is a file, the source is a live simulator, the machine has a second core and the window is
 * open-ended or at least WORKER_MIN_CYCLES long (a worker costs tens of milliseconds to start);
 * else here. 'worker' insists (and fails where a worker cannot run); 'this-thread' never uses one.
 */
export type VcdFormatter = 'auto' | 'worker' | 'this-thread';

/** Windows shorter than this are formatted in the simulation's thread under 'auto'. */
export const WORKER_MIN_CYCLES = 20_000;

export interface VcdOptions extends VcdLayoutOptions {
  /** Where the bytes go: a file path or a sink. */
  readonly output: string | ByteSink;
  readonly formatter?: VcdFormatter;
  /** The worker's frame ring (tests shrink it to exercise waiting for the worker). */
  readonly ring?: RingSize;
  /** The output buffer's bytes when formatted in this thread (default 1 MiB; a short window to memory needs far less). */
  readonly bufferBytes?: number;
}

/**
 * What the writer samples: the live simulator (wrapped by `liveSource`), or cycles recorded earlier
 * and replayed (trace-ring.ts). `store`, `textStore` and each memory's data array are read as they
 * stand when `sample` is called; a replay refills the same arrays before each cycle.
 */
export interface TraceSource {
  readonly top: Module;
  readonly store: Uint32Array;
  readonly textStore: readonly string[];
  readonly resetActive: boolean;
  addObserver(o: CycleObserver): void;
  removeObserver(o: CycleObserver): void;
  /** A traced memory's entries (the same array every call). */
  memoryData(mem: Memory): Uint32Array;
  /** The memory's entries changed since the last drain, in the order they changed. */
  drainDirty(mem: Memory, visit: (entry: number) => void): void;
}

/** The live simulator as a trace source. */
export function liveSource(sim: Simulator): TraceSource {
  return {
    top: sim.design.top,
    store: sim.design.store,
    textStore: sim.design.textStore,
    get resetActive() {
      return sim.resetActive;
    },
    addObserver: (o) => sim.addObserver(o),
    removeObserver: (o) => sim.removeObserver(o),
    memoryData: (mem) => mem.data,
    drainDirty: (mem, visit) => mem.drainDirty(visit),
  };
}


export class VcdWriter implements CycleObserver {
  readonly variables: readonly VcdVariable[];
  readonly period: number;
  readonly sink: ByteSink;
  /** True when a worker thread formats this VCD. */
  readonly inWorker: boolean;

  private readonly src: TraceSource;
  private readonly memories: readonly Memory[];
  private readonly from: number;
  private readonly to: number;
  private readonly emitter: VcdEmitter | undefined;
  private readonly out: ByteBuffer | undefined;
  private readonly worker: WorkerFormatter | undefined;
  private closed = false;

  /**
   * `sim`: the live simulator, or a TraceSource (a replay of recorded cycles). `layout`: a plan
   * made earlier by planLayout for this source's top and these options' layout (a trace ring that
   * writes many windows plans once); only the window is taken from `options` then.
   */
  constructor(sim: Simulator | TraceSource, options: VcdOptions, layout?: PlannedVcd) {
    const live = 'design' in sim ? sim : undefined;
    this.src = live ? liveSource(live) : (sim as TraceSource);
    const { plan, memories } = layout ? withWindow(layout, options.window) : planVcd(this.src.top, options);
    this.variables = plan.variables;
    this.period = plan.period;
    this.memories = memories;
    this.from = plan.from;
    this.to = plan.to;
    const useWorker = chooseWorker(options, live !== undefined, plan.to - plan.from);
    const sink = typeof options.output === 'string' ? new FileSink(options.output) : options.output;
    this.sink = sink;
    this.inWorker = useWorker;
    if (useWorker) {
      this.worker = new WorkerFormatter(plan, memories, live!, sink as FileSink, options.ring);
    } else {
      this.out = new ByteBuffer(sink, options.bufferBytes);
      this.emitter = new VcdEmitter(plan, this.frameSource(), this.out);
    }
    this.src.addObserver(this);
  }

  /** The source as the emitter reads it: memories by their number in the plan. */
  private frameSource(): FrameSource {
    const src = this.src;
    const mems = this.memories;
    return {
      store: src.store,
      textStore: src.textStore,
      get resetActive() {
        return src.resetActive;
      },
      memoryData: (j) => src.memoryData(mems[j]!),
      drainDirty: (j, visit) => src.drainDirty(mems[j]!, visit),
    };
  }

  sample(cycle: number): void {
    if (this.worker) {
      this.worker.sample(cycle);
      return;
    }
    // Memories report changed entries once; drain them every cycle, inside the window or not.
    if (cycle < this.from || cycle >= this.to || this.closed) {
      for (const m of this.memories) this.src.drainDirty(m, noop);
      return;
    }
    this.emitter!.sample(cycle);
  }

  /** Seconds the simulation waited for the worker (running: for a free batch; closing: in close()); zero in-thread. */
  get workerWait(): { readonly running: number; readonly closing: number } {
    return this.worker?.waitedSeconds ?? { running: 0, closing: 0 };
  }

  /** CPU seconds the worker thread used in all and to start, after close() (NaN in-thread or without /proc). */
  get workerCpuSeconds(): { readonly total: number; readonly startUp: number } {
    return this.worker?.workerCpuSeconds ?? { total: Number.NaN, startUp: Number.NaN };
  }

  /** End the file (a last timestamp closes the final cycle), flush and close the sink. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.src.removeObserver(this);
    if (this.worker) {
      this.worker.close();
      return;
    }
    this.emitter!.finish();
    this.sink.close();
  }
}

function chooseWorker(options: VcdOptions, live: boolean, cycles: number): boolean {
  const mode = options.formatter ?? 'auto';
  if (mode === 'this-thread') return false;
  const why = !WORKER_COMPILED
    ? 'a worker thread runs only from the compiled JavaScript (dist/)'
    : typeof options.output !== 'string'
      ? 'the worker writes to a file path, not a sink object'
      : !live
        ? 'the worker reads a live simulator, not a replay'
        : undefined;
  if (mode === 'worker') {
    if (why !== undefined) throw new Error(`VcdOptions.formatter 'worker': ${why}`);
    return true;
  }
  return why === undefined && availableParallelism() > 1 && cycles >= WORKER_MIN_CYCLES;
}

function noop(): void {}
