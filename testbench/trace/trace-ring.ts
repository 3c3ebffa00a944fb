// The last N cycles of a run as the VCD writer sees them, kept in a ring, so a waveform window can
// be written after the fact, when the run has shown which window matters (npm start's one pass:
// the IPC to show is known only at the end). Each cycle keeps a frame: the whole signal store, the
// text signals, reset, and each traced memory's changed entries with their values, in the order
// they changed. Memories are not copied whole each cycle (a register file and a TLB's fields:
// hundreds of words, most of them unchanged): the ring keeps the memories' contents as of its
// oldest frame (`base`), brought forward as frames leave, and a window replays from there. A
// VcdWriter replaying frames [from, to) writes exactly the bytes it would have written live with
// window [from, to): it reads the same values in the same order (TraceSource).
import type { CycleObserver, Memory, Simulator } from '../../rtl/hdl/index.ts';
import { planLayout, type PlannedVcd } from './vcd-plan.ts';
import { VcdWriter, type TraceSource, type VcdOptions } from './vcd-writer.ts';

export class TraceRing implements CycleObserver {
  /** Cycles held; a frame costs about (store + 2 x traced memory entries) x 4 bytes. */
  readonly capacity: number;
  private readonly storeWords: number;
  private readonly textCount: number;
  private readonly mems: readonly Memory[];
  /** Offset of each traced memory's entries in `base` (and the bound of a frame's changes). */
  private readonly memOffset: Int32Array;
  private readonly memWords: number;
  private readonly stores: Uint32Array;
  /** The traced memories' entries as of the oldest frame held (valid once a frame is). */
  private readonly base: Uint32Array;
  /**
   * Per frame: how many entries of each traced memory changed, and which, with their values after
   * the change (in the order they changed; a frame has room for every entry of every memory).
   */
  private readonly changeCount: Int32Array;
  private readonly changeEntry: Int32Array;
  private readonly changeValue: Uint32Array;
  private readonly texts: string[];
  private readonly reset: Uint8Array;
  private newest = -1;
  private held = 0;
  /** The VCD layout of the windows written, planned once per layout (the options but the window and output). */
  private readonly layouts = new Map<string, PlannedVcd>();
  // Recording state: the memory being drained and where its changes go (one closure, nothing per cycle).
  private recData: Uint32Array = new Uint32Array(0);
  private recBase = 0;
  private recCount = 0;
  private readonly record = (entry: number): void => {
    const at = this.recBase + this.recCount++;
    this.changeEntry[at] = entry;
    this.changeValue[at] = this.recData[entry]!;
  };

  constructor(
    private readonly sim: Simulator,
    capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`TraceRing capacity must be a positive integer (got ${capacity})`);
    this.capacity = capacity;
    const d = sim.design;
    this.storeWords = d.store.length;
    this.textCount = d.textStore.length;
    this.mems = d.memories.filter((m) => m.trace);
    this.memOffset = new Int32Array(this.mems.length);
    let words = 0;
    this.mems.forEach((m, j) => {
      this.memOffset[j] = words;
      words += m.depth;
    });
    this.memWords = words;
    this.stores = new Uint32Array(capacity * this.storeWords);
    this.base = new Uint32Array(words);
    this.changeCount = new Int32Array(capacity * this.mems.length);
    this.changeEntry = new Int32Array(capacity * words);
    this.changeValue = new Uint32Array(capacity * words);
    this.texts = new Array<string>(capacity * this.textCount).fill('');
    this.reset = new Uint8Array(capacity);
    sim.addObserver(this);
  }

  /** Bytes a ring of `capacity` cycles of this design takes. */
  static bytesPerCycle(sim: Simulator): number {
    const memWords = sim.design.memories.filter((m) => m.trace).reduce((n, m) => n + m.depth, 0);
    return 4 * sim.design.store.length + 8 * memWords + 8 * sim.design.textStore.length + 1;
  }

  /** The oldest cycle still held (Infinity before the first). */
  get oldest(): number {
    return this.held === 0 ? Number.POSITIVE_INFINITY : this.newest - this.held + 1;
  }

  sample(cycle: number): void {
    if (cycle !== this.newest + 1 && this.held > 0) throw new Error(`TraceRing: cycle ${cycle} follows ${this.newest}; frames must be consecutive`);
    const f = cycle % this.capacity;
    const d = this.sim.design;
    this.stores.set(d.store, f * this.storeWords);
    const tBase = f * this.textCount;
    for (let k = 0; k < this.textCount; k++) this.texts[tBase + k] = d.textStore[k]!;
    this.reset[f] = this.sim.resetActive ? 1 : 0;
    for (let j = 0; j < this.mems.length; j++) {
      const m = this.mems[j]!;
      this.recData = m.data;
      this.recBase = f * this.memWords + this.memOffset[j]!;
      this.recCount = 0;
      m.drainDirty(this.record);
      this.changeCount[f * this.mems.length + j] = this.recCount;
    }
    this.newest = cycle;
    if (this.held === 0) {
      // The first frame: the base is the memories as they are now.
      for (let j = 0; j < this.mems.length; j++) this.base.set(this.mems[j]!.data, this.memOffset[j]!);
      this.held = 1;
    } else if (this.held < this.capacity) this.held++;
    // The oldest frame left (this one took its place): the next one is the oldest now, so the base
    // takes its changes (with a ring of one, that is the frame just recorded).
    else this.applyChanges(this.base, (cycle - this.capacity + 1) % this.capacity);
  }

  /** Apply frame slot `f`'s memory changes to `image` (laid out as `base`). */
  private applyChanges(image: Uint32Array, f: number): void {
    for (let j = 0; j < this.mems.length; j++) {
      const at = f * this.memWords + this.memOffset[j]!;
      const off = this.memOffset[j]!;
      const n = this.changeCount[f * this.mems.length + j]!;
      for (let k = 0; k < n; k++) image[off + this.changeEntry[at + k]!] = this.changeValue[at + k]!;
    }
  }

  /** Stop recording. */
  detach(): void {
    this.sim.removeObserver(this);
  }

  /** True when every cycle of [from, to) is held. */
  holds(from: number, to: number): boolean {
    return from >= this.oldest && to - 1 <= this.newest && from < to;
  }

  /** Write cycles [from, to) as a VCD, as a VcdWriter with that window would have written them live. */
  write(options: VcdOptions & { readonly window: { readonly from: number; readonly to: number } }): VcdWriter {
    const { from, to } = options.window;
    if (!this.holds(from, to)) throw new Error(`TraceRing: cycles ${from}..${to - 1} are not all held (held: ${this.oldest}..${this.newest})`);
    // The memories at `from`: the base (the oldest frame) with every later frame's changes up to it.
    const image = this.base.slice();
    for (let c = this.oldest + 1; c <= from; c++) this.applyChanges(image, c % this.capacity);
    const replay = new Replay(this.sim, this.mems);
    const writer = new VcdWriter(replay, options, this.layout(options));
    for (let c = from; c < to; c++) {
      const f = c % this.capacity;
      if (c > from) this.applyChanges(image, f);
      this.load(replay, f, image);
      writer.sample(c);
    }
    writer.close();
    return writer;
  }

  /** The plan of `options` but its window: made on first use (planning walks the whole design). */
  private layout(options: VcdOptions): PlannedVcd {
    const { window: _window, output: _output, formatter: _formatter, ring: _ring, bufferBytes: _bufferBytes, ...layout } = options;
    const key = JSON.stringify(layout);
    let planned = this.layouts.get(key);
    if (!planned) {
      planned = planLayout(this.sim.design.top, layout);
      this.layouts.set(key, planned);
    }
    return planned;
  }

  private load(r: Replay, f: number, image: Uint32Array): void {
    r.store.set(this.stores.subarray(f * this.storeWords, (f + 1) * this.storeWords));
    for (let k = 0; k < this.textCount; k++) r.textStore[k] = this.texts[f * this.textCount + k]!;
    r.resetActive = this.reset[f] === 1;
    for (let j = 0; j < this.mems.length; j++) {
      const m = this.mems[j]!;
      const off = this.memOffset[j]!;
      r.data[j]!.set(image.subarray(off, off + m.depth));
      const at = f * this.memWords + off;
      r.dirty[j] = this.changeEntry.subarray(at, at + this.changeCount[f * this.mems.length + j]!);
    }
  }
}

/** The recorded cycle being replayed, as the VCD writer reads it. */
class Replay implements TraceSource {
  readonly top;
  readonly store: Uint32Array;
  readonly textStore: string[];
  resetActive = false;
  readonly data: Uint32Array[];
  dirty: Int32Array[];
  private readonly index = new Map<Memory, number>();

  constructor(sim: Simulator, mems: readonly Memory[]) {
    this.top = sim.design.top;
    this.store = new Uint32Array(sim.design.store.length);
    this.textStore = sim.design.textStore.map(() => '');
    this.data = mems.map((m) => new Uint32Array(m.depth));
    this.dirty = mems.map(() => new Int32Array(0));
    mems.forEach((m, j) => this.index.set(m, j));
  }

  addObserver(): void {}
  removeObserver(): void {}

  memoryData(mem: Memory): Uint32Array {
    return this.data[this.slot(mem)]!;
  }

  drainDirty(mem: Memory, visit: (entry: number) => void): void {
    const j = this.slot(mem);
    const list = this.dirty[j]!;
    for (let k = 0; k < list.length; k++) visit(list[k]!);
    this.dirty[j] = new Int32Array(0);
  }

  private slot(mem: Memory): number {
    const j = this.index.get(mem);
    if (j === undefined) throw new Error(`TraceRing: memory ${mem.path} is not traced`);
    return j;
  }
}
