// The frames between a simulation and its VCD worker (vcd-worker.ts): each traced cycle the
// simulation compares the traced part of the signal store with the frame before and writes the
// slots that changed, with their values, into the next frame of a batch; text signals go as
// interned ids and the changed entries of traced memories as (entry, value) pairs. The worker
// turns frames back into a FrameSource for the same emitter the in-thread writer runs
// (vcd-emitter.ts), with the list of changed slots, so the emitter formats those without comparing
// every signal again.
//
// Frame: [cycle low, cycle high, reset, pairs, changed, (slot - storeLo, value) x changed, text ids,
// pairs (memory<<16|entry, value)], packed one after the other (a frame is as long as its changes),
// so a batch touches no more memory than it holds. The comparison is on the simulation's side: the
// worker was the slower thread (on the ping-pong rounds, compiled, ~225-265k cycles per CPU second
// against the simulation's ~325-415k, its frame loading a fifth of its time); the simulation's copy
// of the 593 traced words became a comparison of them, and the worker's comparison a walk over the
// ~74 that changed. Measured (alternating processes, rounds after cycle 55,000): the worker 294-357k,
// the simulation 256-303k, traced/untraced wall 0.28-0.30 -> 0.30-0.33.
//
// Transport: a full batch (a plain ArrayBuffer) is posted to the worker with its ownership
// (transferred, not copied) and comes back the same way when written, to be filled again. A
// SharedArrayBuffer ring was tried first: V8 copies into shared memory with relaxed atomic stores,
// about 10x slower than the plain memcpy (measured: ~460 vs ~50 ns per 633-word frame), which was
// most of the budget. At most `maxBatches` are out at a time: when all are, the simulation waits
// (Atomics.wait on a counter the worker bumps) - bounded memory, nothing dropped. Both sides talk
// without the event loop (receiveMessageOnPort), since neither yields to it while running.
//
// Strings: the simulation interns a text the first time it sees it and sends the new strings with
// the batch that first uses them. The table is cleared (the next batch says so: base 0) when it
// grows past a bound, so endless runs keep bounded memory.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { FrameSource, SlotChanges } from './vcd-emitter.ts';

/**
 * Control words (an Int32Array over a SharedArrayBuffer of Ctl.WORDS words): batches posted (SIGNAL,
 * the worker sleeps on it), batches returned (RETURNED, the simulation sleeps on it), the worker's
 * STATE, and who is asleep. A wake-up (Atomics.notify) costs a system call and, on a VM, an
 * interrupt to the other core (a sampling profile put ~8% of the simulation thread in it with a
 * notify per 64-frame batch, at load 6-12; the gain of this was not measured apart), so
 * each side wakes the other only when it says it sleeps: the sleeper sets its flag, then re-reads
 * the counter before Atomics.wait (which re-checks it atomically), so no wake-up is lost.
 */
export const Ctl = { SIGNAL: 0, RETURNED: 1, STATE: 2, WORKER_SLEEPS: 3, SIM_SLEEPS: 4, WORDS: 8 } as const;

/** Bump counter `at` and wake its sleeper if it says it sleeps. */
export function bump(control: Int32Array, at: number, sleeps: number): void {
  Atomics.add(control, at, 1);
  if (Atomics.load(control, sleeps) === 1) Atomics.notify(control, at);
}

/** Sleep until counter `at` moves from `seen` (at most `ms`), saying so in flag `sleeps`. */
export function sleepUntilMoved(control: Int32Array, at: number, seen: number, sleeps: number, ms = Number.POSITIVE_INFINITY): void {
  Atomics.store(control, sleeps, 1);
  if (Atomics.load(control, at) === seen) Atomics.wait(control, at, seen, ms);
  Atomics.store(control, sleeps, 0);
}

/** Values of the STATE word. */
export const WorkerState = { STARTING: 0, RUNNING: 1, DONE: 2, FAILED: 3 } as const;

const HEAD = 5;

/** Where things are in a frame: plain data, shared with the worker. */
export interface FrameLayout {
  /** Frames per batch. */
  readonly batch: number;
  /** Batches out (posted, not yet returned) at most. */
  readonly maxBatches: number;
  /** The traced part of the signal store: [storeLo, storeHi). */
  readonly storeLo: number;
  readonly storeHi: number;
  /** Length of the design's signal store and text store (the worker's copies have these). */
  readonly storeWords: number;
  readonly textWords: number;
  /** Text-store index of each traced text, in plan order. */
  readonly textIndices: readonly number[];
  /** Depth of each planned memory. */
  readonly memDepths: readonly number[];
  /** Words of the longest frame (every memory entry changed). */
  readonly frameWords: number;
  /** Words of a batch buffer: `batch` typical frames and room for one longest frame. */
  readonly batchWords: number;
}

export function frameLayout(o: { storeWords: number; textWords: number; slots: readonly { slot: number; words: number }[]; textIndices: readonly number[]; memDepths: readonly number[]; batch: number; maxBatches: number }): FrameLayout {
  let lo = o.storeWords;
  let hi = 0;
  for (const s of o.slots) {
    lo = Math.min(lo, s.slot);
    hi = Math.max(hi, s.slot + s.words);
  }
  if (hi <= lo) lo = hi = 0;
  if (o.memDepths.length > 0xffff) throw new Error(`VCD worker: at most 65535 traced memories (got ${o.memDepths.length})`);
  const memWords = o.memDepths.reduce((n, d) => n + d, 0);
  if (!(Number.isInteger(o.batch) && o.batch >= 1 && Number.isInteger(o.maxBatches) && o.maxBatches >= 1)) throw new Error(`VCD worker: batch (${o.batch}) and batches (${o.maxBatches}) must be positive integers`);
  // The longest frame has every slot changed and every memory entry; a batch has room for `batch`
  // frames with half their slots changed and no memory pairs, plus one longest frame.
  const frameWords = HEAD + 2 * (hi - lo) + o.textIndices.length + 2 * memWords;
  const batchWords = o.batch * (HEAD + (hi - lo) + o.textIndices.length) + frameWords;
  return { batch: o.batch, maxBatches: o.maxBatches, storeLo: lo, storeHi: hi, storeWords: o.storeWords, textWords: o.textWords, textIndices: o.textIndices, memDepths: o.memDepths, frameWords, batchWords };
}

/** New strings: ids from `base` on (base 0: forget every earlier id). */
export interface NewStrings {
  readonly base: number;
  readonly strings: readonly string[];
}

/** Simulation to worker: a batch of frames (its buffer transferred), or the end. */
export type ToWorker = { readonly frames: number; readonly buffer: ArrayBuffer; readonly strings?: NewStrings } | { readonly close: true };

/** Worker to simulation: a written batch's buffer, to be filled again. */
export interface FromWorker {
  readonly buffer: ArrayBuffer;
}

/** What the simulation sees of the design each cycle. */
export interface LiveValues {
  readonly store: Uint32Array;
  readonly textStore: readonly string[];
  readonly resetActive: boolean;
  /** Visit changed entries of planned memory `mem` (in the order they changed) and forget them. */
  drainDirty(mem: number, visit: (entry: number) => void): void;
  memoryData(mem: number): Uint32Array;
}

const STRING_TABLE_LIMIT = 1 << 16;

/** The simulation's side: writes frames into batches, posts full ones, waits when all are out. */
export class FrameWriter {
  private frames: Uint32Array;
  /** Where the next frame goes in `frames`. */
  private offset = 0;
  /** Time spent waiting for the worker to return a buffer (ns). */
  waitedNs = 0;
  private count = 0;
  private out = 0;
  private readonly storeView: Uint32Array;
  /** The traced slots as the last frame sent them (zero before the first, as the worker's copy). */
  private readonly sent: Uint32Array;
  private readonly texts: Int32Array;
  private readonly lastText: string[];
  private readonly lastId: Int32Array;
  private readonly ids = new Map<string, number>();
  private newStrings: string[] = [];
  private tableReset = false;
  private first = true;
  private pairBase = 0;
  private pairs = 0;
  private pairMem = 0;
  private readonly recordPair = (entry: number): void => {
    const p = this.pairBase + 2 * this.pairs++;
    this.frames[p] = (this.pairMem << 16) | entry;
    this.frames[p + 1] = this.mems[this.pairMem]![entry]!;
  };
  private readonly mems: Uint32Array[];

  constructor(
    private readonly layout: FrameLayout,
    private readonly control: Int32Array,
    private readonly live: LiveValues,
    private readonly port: MessagePort,
    /** Called while waiting for a buffer; throws when the worker has failed. */
    private readonly checkWorker: () => void,
  ) {
    this.frames = this.newBatch();
    this.storeView = live.store.subarray(layout.storeLo, layout.storeHi);
    this.sent = new Uint32Array(layout.storeHi - layout.storeLo);
    this.texts = Int32Array.from(layout.textIndices);
    this.lastText = layout.textIndices.map(() => '');
    this.lastId = new Int32Array(layout.textIndices.length).fill(-1);
    this.mems = layout.memDepths.map((_, j) => live.memoryData(j));
  }

  private newBatch(): Uint32Array {
    return new Uint32Array(this.layout.batchWords);
  }

  /** Record the live values as cycle `cycle`'s frame. */
  record(cycle: number): void {
    const L = this.layout;
    const f = this.offset;
    const u = this.frames;
    const live = this.live;
    u[f] = cycle >>> 0;
    u[f + 1] = Math.floor(cycle / 4294967296);
    u[f + 2] = live.resetActive ? 1 : 0;
    // The slots that changed since the last frame, with their new values.
    let p = f + HEAD;
    const now = this.storeView;
    const sent = this.sent;
    for (let i = 0, n = now.length; i < n; i++) {
      const v = now[i]!;
      if (v !== sent[i]) {
        sent[i] = v;
        u[p] = i;
        u[p + 1] = v;
        p += 2;
      }
    }
    u[f + 4] = (p - f - HEAD) >>> 1;
    const textStore = live.textStore;
    const texts = this.texts;
    for (let k = 0; k < texts.length; k++) {
      const v = textStore[texts[k]!]!;
      if (v !== this.lastText[k] || this.lastId[k]! < 0) {
        this.lastText[k] = v;
        this.lastId[k] = this.intern(v);
      }
      u[p++] = this.lastId[k]!;
    }
    this.pairBase = p;
    this.pairs = 0;
    for (let j = 0; j < this.mems.length; j++) {
      this.pairMem = j;
      if (this.first) {
        // The window's first cycle dumps every entry: send them all, and forget the dirty ones.
        live.drainDirty(j, noop);
        const depth = L.memDepths[j]!;
        for (let a = 0; a < depth; a++) this.recordPair(a);
      } else live.drainDirty(j, this.recordPair);
    }
    u[f + 3] = this.pairs;
    this.first = false;
    this.offset = this.pairBase + 2 * this.pairs;
    if (++this.count === L.batch || this.offset + L.frameWords > u.length) this.post();
  }

  private intern(v: string): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(v, id);
      this.newStrings.push(v);
    }
    return id;
  }

  /** Post the frames so far (with the strings they need), then take a buffer for the next ones. */
  post(): void {
    if (this.count === 0) return;
    const buffer = this.frames.buffer as ArrayBuffer;
    const strings = this.newStrings.length > 0 || this.tableReset ? { base: this.ids.size - this.newStrings.length, strings: this.newStrings } : undefined;
    const message: ToWorker = strings ? { frames: this.count, buffer, strings } : { frames: this.count, buffer };
    this.port.postMessage(message, [buffer]);
    this.out++;
    this.signal();
    this.newStrings = [];
    this.tableReset = false;
    if (this.ids.size >= STRING_TABLE_LIMIT) {
      // Ids restart from 0 for the frames after this batch; the next batch says so (base 0).
      this.ids.clear();
      this.lastId.fill(-1);
      this.tableReset = true;
    }
    this.count = 0;
    this.offset = 0;
    this.frames = this.takeBuffer();
  }

  /** Tell the worker there is no more. */
  end(): void {
    this.post();
    const message: ToWorker = { close: true };
    this.port.postMessage(message);
    this.signal();
  }

  private signal(): void {
    bump(this.control, Ctl.SIGNAL, Ctl.WORKER_SLEEPS);
  }

  /** A returned buffer, a new one while fewer than maxBatches are out, else wait for the worker. */
  private takeBuffer(): Uint32Array {
    for (;;) {
      const returned = Atomics.load(this.control, Ctl.RETURNED);
      const m = receiveMessageOnPort(this.port);
      if (m !== undefined) {
        this.out--;
        return new Uint32Array((m.message as FromWorker).buffer);
      }
      if (this.out < this.layout.maxBatches) return this.newBatch();
      this.checkWorker();
      const t0 = process.hrtime.bigint();
      sleepUntilMoved(this.control, Ctl.RETURNED, returned, Ctl.SIM_SLEEPS, 1000);
      this.waitedNs += Number(process.hrtime.bigint() - t0);
    }
  }
}

/** The worker's side: loads a frame into arrays shaped like the design's, for the emitter. */
export class FrameReader implements FrameSource {
  readonly store: Uint32Array;
  /** The slots each frame changed (found while it is loaded: the emitter then skips the rest). */
  readonly changes: SlotChanges;
  readonly textStore: string[];
  resetActive = false;
  cycle = 0;
  private frames: Uint32Array = new Uint32Array(0);
  private offset = 0;
  private readonly data: Uint32Array[];
  private readonly dirty: Int32Array[];
  private readonly dirtyCount: Int32Array;
  private table: string[] = [];

  constructor(private readonly layout: FrameLayout) {
    this.store = new Uint32Array(layout.storeWords);
    this.changes = { slots: new Int32Array(layout.storeHi - layout.storeLo), count: 0 };
    this.textStore = new Array<string>(layout.textWords).fill('');
    this.data = layout.memDepths.map((d) => new Uint32Array(d));
    this.dirty = layout.memDepths.map((d) => new Int32Array(d));
    this.dirtyCount = new Int32Array(layout.memDepths.length);
  }

  /** Take a batch: its strings join the table; its frames are loaded one by one with load(). */
  batch(frames: Uint32Array, strings: NewStrings | undefined): void {
    this.frames = frames;
    this.offset = 0;
    if (strings === undefined) return;
    if (strings.base === 0) this.table = [];
    if (strings.base !== this.table.length) throw new Error(`VCD worker: strings from id ${strings.base} arrived with ${this.table.length} known`);
    for (const s of strings.strings) this.table.push(s);
  }

  /** Load the current batch's next frame. */
  next(): void {
    const L = this.layout;
    const f = this.offset;
    const u = this.frames;
    this.cycle = u[f]! + u[f + 1]! * 4294967296;
    this.resetActive = u[f + 2] === 1;
    const pairs = u[f + 3]!;
    const changed = u[f + 4]!;
    let p = f + HEAD;
    // The slots that changed (the simulation compared them), in slot order.
    const store = this.store;
    const listed = this.changes.slots;
    const lo = L.storeLo;
    for (let k = 0; k < changed; k++, p += 2) {
      const slot = lo + u[p]!;
      store[slot] = u[p + 1]!;
      listed[k] = slot;
    }
    this.changes.count = changed;
    for (let t = 0; t < L.textIndices.length; t++) {
      const id = u[p++]!;
      const s = this.table[id];
      if (s === undefined) throw new Error(`VCD worker: a frame names string ${id}, which no batch brought`);
      this.textStore[L.textIndices[t]!] = s;
    }
    this.dirtyCount.fill(0);
    for (let n = 0; n < pairs; n++, p += 2) {
      const w = u[p]!;
      const j = w >>> 16;
      const a = w & 0xffff;
      this.data[j]![a] = u[p + 1]!;
      this.dirty[j]![this.dirtyCount[j]!++] = a;
    }
    this.offset = p;
  }

  memoryData(mem: number): Uint32Array {
    return this.data[mem]!;
  }

  drainDirty(mem: number, visit: (entry: number) => void): void {
    const list = this.dirty[mem]!;
    const n = this.dirtyCount[mem]!;
    this.dirtyCount[mem] = 0;
    for (let k = 0; k < n; k++) visit(list[k]!);
  }
}

function noop(): void {}
