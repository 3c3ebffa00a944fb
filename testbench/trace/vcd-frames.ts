// The frame ring between a simulation and its VCD worker (vcd-worker.ts): each traced cycle the
// simulation copies the traced part of the signal store into the next frame of a SharedArrayBuffer
// (one typed-array copy), with text signals as interned ids and the changed entries of traced
// memories as (entry, value) pairs; the worker turns frames back into a FrameSource for the same
// emitter the in-thread writer runs (vcd-emitter.ts).
//
// Frame: [cycle low, cycle high, reset, pairs, store[lo..hi), text ids, pairs (memory<<16|entry, value)].
// Control words: the frames published (WRITE) and consumed (READ), as sequence numbers mod 2^32, a
// SIGNAL counter the worker sleeps on, the worker's STATE, and CLOSING. Frames are published in
// batches; when the ring is full the simulation waits (Atomics.wait) for the worker: bounded memory,
// nothing dropped.
//
// Strings travel by message: the simulation interns a text the first time it sees it and posts the
// new strings with the batch that first uses them, tagged with the batch's first frame; the worker
// applies each message before that frame. The table is cleared (with the next message saying so)
// when it grows past a bound, so endless runs keep bounded memory.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { FrameSource } from './vcd-emitter.ts';

/** Control words (an Int32Array over a SharedArrayBuffer of Ctl.WORDS words). */
export const Ctl = { WRITE: 0, READ: 1, SIGNAL: 2, STATE: 3, CLOSING: 4, WORDS: 8 } as const;

/** Values of the STATE word. */
export const WorkerState = { STARTING: 0, RUNNING: 1, DONE: 2, FAILED: 3 } as const;

const HEAD = 4;

/** Where things are in a frame: plain data, shared with the worker. */
export interface FrameLayout {
  /** Frames in the ring: a power of two, a multiple of `batch`. */
  readonly capacity: number;
  /** Frames per publication. */
  readonly batch: number;
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
  readonly frameWords: number;
}

export function frameLayout(o: { storeWords: number; textWords: number; slots: readonly { slot: number; words: number }[]; textIndices: readonly number[]; memDepths: readonly number[]; capacity: number; batch: number }): FrameLayout {
  let lo = o.storeWords;
  let hi = 0;
  for (const s of o.slots) {
    lo = Math.min(lo, s.slot);
    hi = Math.max(hi, s.slot + s.words);
  }
  if (hi <= lo) lo = hi = 0;
  if (o.memDepths.length > 0xffff) throw new Error(`VCD worker: at most 65535 traced memories (got ${o.memDepths.length})`);
  const memWords = o.memDepths.reduce((n, d) => n + d, 0);
  if (!(o.capacity > 0 && (o.capacity & (o.capacity - 1)) === 0 && o.capacity % o.batch === 0)) throw new Error(`VCD worker: ring of ${o.capacity} frames must be a power of two and a multiple of the batch (${o.batch})`);
  const frameWords = HEAD + (hi - lo) + o.textIndices.length + 2 * memWords;
  return { capacity: o.capacity, batch: o.batch, storeLo: lo, storeHi: hi, storeWords: o.storeWords, textWords: o.textWords, textIndices: o.textIndices, memDepths: o.memDepths, frameWords };
}

/** A batch's new strings: ids from `base` on (base 0: forget every earlier id). */
export interface StringBatch {
  readonly seq: number;
  readonly base: number;
  readonly strings: readonly string[];
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

/** The simulation's side: writes frames, publishes batches, waits when the ring is full. */
export class FrameWriter {
  private seq = 0;
  private readCached = 0;
  private readonly frames: Uint32Array;
  private readonly storeView: Uint32Array;
  private readonly texts: Int32Array;
  private readonly lastText: string[];
  private readonly lastId: Int32Array;
  private readonly ids = new Map<string, number>();
  private newStrings: string[] = [];
  private batchStart = 0;
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
    framesBuffer: SharedArrayBuffer,
    private readonly control: Int32Array,
    private readonly live: LiveValues,
    private readonly port: MessagePort,
    /** Called while waiting for room; throws when the worker has failed. */
    private readonly checkWorker: () => void,
  ) {
    this.frames = new Uint32Array(framesBuffer);
    this.storeView = live.store.subarray(layout.storeLo, layout.storeHi);
    this.texts = Int32Array.from(layout.textIndices);
    this.lastText = layout.textIndices.map(() => '');
    this.lastId = new Int32Array(layout.textIndices.length).fill(-1);
    this.mems = layout.memDepths.map((_, j) => live.memoryData(j));
  }

  /** Record the live values as cycle `cycle`'s frame. */
  record(cycle: number): void {
    const L = this.layout;
    if (this.seq - this.readCached >= L.capacity) this.waitForRoom();
    const f = (this.seq & (L.capacity - 1)) * L.frameWords;
    const u = this.frames;
    const live = this.live;
    u[f] = cycle >>> 0;
    u[f + 1] = Math.floor(cycle / 4294967296);
    u[f + 2] = live.resetActive ? 1 : 0;
    u.set(this.storeView, f + HEAD);
    let p = f + HEAD + (L.storeHi - L.storeLo);
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
    this.seq++;
    if ((this.seq & (L.batch - 1)) === 0) this.publish();
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

  /** Make the frames so far visible to the worker (with the strings they need first). */
  publish(): void {
    if (this.newStrings.length > 0 || this.tableReset) {
      const base = this.ids.size - this.newStrings.length;
      const batch: StringBatch = { seq: this.batchStart, base, strings: this.newStrings };
      this.port.postMessage(batch);
      this.newStrings = [];
      this.tableReset = false;
    }
    if (this.ids.size >= STRING_TABLE_LIMIT) {
      // Ids restart from 0 for the frames after this batch; the next message says so (base 0).
      this.ids.clear();
      this.lastId.fill(-1);
      this.tableReset = true;
    }
    this.batchStart = this.seq;
    Atomics.store(this.control, Ctl.WRITE, this.seq | 0);
    Atomics.add(this.control, Ctl.SIGNAL, 1);
    Atomics.notify(this.control, Ctl.SIGNAL);
    this.checkWorker();
  }

  /** Frames written so far. */
  get written(): number {
    return this.seq;
  }

  private waitForRoom(): void {
    this.publish();
    const cap = this.layout.capacity;
    for (;;) {
      const read = Atomics.load(this.control, Ctl.READ);
      // Sequence numbers are kept mod 2^32 in the control words.
      this.readCached = this.seq - ((this.seq - read) | 0);
      if (this.seq - this.readCached < cap) return;
      this.checkWorker();
      Atomics.wait(this.control, Ctl.READ, read, 1000);
    }
  }
}

/** The worker's side: loads a frame into arrays shaped like the design's, for the emitter. */
export class FrameReader implements FrameSource {
  readonly store: Uint32Array;
  readonly textStore: string[];
  resetActive = false;
  cycle = 0;
  private readonly frames: Uint32Array;
  private readonly data: Uint32Array[];
  private readonly dirty: Int32Array[];
  private readonly dirtyCount: Int32Array;
  private table: string[] = [];
  private pending: StringBatch | undefined;

  constructor(
    private readonly layout: FrameLayout,
    framesBuffer: SharedArrayBuffer,
    private readonly port: MessagePort,
  ) {
    this.frames = new Uint32Array(framesBuffer);
    this.store = new Uint32Array(layout.storeWords);
    this.textStore = new Array<string>(layout.textWords).fill('');
    this.data = layout.memDepths.map((d) => new Uint32Array(d));
    this.dirty = layout.memDepths.map((d) => new Int32Array(d));
    this.dirtyCount = new Int32Array(layout.memDepths.length);
  }

  /** Load frame number `seq` (its strings arrive by message first). */
  load(seq: number): void {
    const L = this.layout;
    this.takeStrings(seq);
    const f = (seq & (L.capacity - 1)) * L.frameWords;
    const u = this.frames;
    this.cycle = u[f]! + u[f + 1]! * 4294967296;
    this.resetActive = u[f + 2] === 1;
    const pairs = u[f + 3]!;
    let p = f + HEAD;
    const storeWords = L.storeHi - L.storeLo;
    this.store.set(u.subarray(p, p + storeWords), L.storeLo);
    p += storeWords;
    for (let k = 0; k < L.textIndices.length; k++) {
      const id = u[p++]!;
      this.textStore[L.textIndices[k]!] = this.table[id] ?? this.awaitString(seq, id);
    }
    this.dirtyCount.fill(0);
    for (let k = 0; k < pairs; k++, p += 2) {
      const w = u[p]!;
      const j = w >>> 16;
      const a = w & 0xffff;
      this.data[j]![a] = u[p + 1]!;
      this.dirty[j]![this.dirtyCount[j]!++] = a;
    }
  }

  /** A message posted before the frame was published is normally there at once; allow it a moment. */
  private awaitString(seq: number, id: number): string {
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (let ms = 0; ms < 10_000; ms++) {
      Atomics.wait(nap, 0, 0, 1);
      this.takeStrings(seq);
      const s = this.table[id];
      if (s !== undefined) return s;
    }
    throw new Error(`VCD worker: frame ${seq} names string ${id}, which no message brought`);
  }

  private takeStrings(seq: number): void {
    for (;;) {
      if (this.pending === undefined) {
        const m = receiveMessageOnPort(this.port);
        if (m === undefined) return;
        this.pending = m.message as StringBatch;
      }
      if (this.pending.seq > seq) return;
      const b = this.pending;
      this.pending = undefined;
      if (b.base === 0) this.table = [];
      if (b.base !== this.table.length) throw new Error(`VCD worker: strings from id ${b.base} arrived with ${this.table.length} known`);
      for (const s of b.strings) this.table.push(s);
    }
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
