// The formatting half of the VCD writer: given a plan (vcd-plan.ts) and, each cycle, the values of
// that cycle (a FrameSource), it writes the header, the first cycle's values in $dumpvars, then only
// what changed. It runs in the simulation's thread (VcdWriter, trace-ring replays) or in a worker
// thread fed batches of frames (vcd-frames.ts, vcd-worker.ts): one code path, so the same bytes.
//
// Time: cycle N occupies [N*period, (N+1)*period); clk rises at N*period (values of cycle N appear
// there) and falls half a period later.
import { writeBinary, type ByteBuffer } from './byte-buffer.ts';
import { escapeVcdString, packTextBits } from './text-encoding.ts';
import type { VcdPlan } from './vcd-plan.ts';

/**
 * The store slots whose value differs from the previous frame's, in any order (`count` of them at
 * the start of `slots`): a source that finds them while it loads a frame (the worker's FrameReader)
 * spares the emitter comparing every signal.
 */
export interface SlotChanges {
  readonly slots: Int32Array;
  count: number;
}

/** A cycle's values as the emitter reads them; memories are numbered as in `plan.mems`. */
export interface FrameSource {
  readonly store: Uint32Array;
  /** This frame's changed slots against the previous frame (every frame of the window passes through the source), if the source knows them. */
  readonly changes?: SlotChanges;
  readonly textStore: readonly string[];
  readonly resetActive: boolean;
  /** A traced memory's entries (the same array every call). */
  memoryData(mem: number): Uint32Array;
  /** The memory's entries changed since the last drain, in the order they changed. */
  drainDirty(mem: number, visit: (entry: number) => void): void;
}

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');

interface WideVar {
  readonly slot: number;
  readonly words: number;
  readonly tail: Uint8Array;
  readonly last: Uint32Array;
}

interface TextVar {
  readonly index: number;
  readonly tail: Uint8Array;
  last: string;
}

interface MemoryVar {
  readonly data: Uint32Array;
  readonly oneBit: boolean;
  readonly tails: ReadonlyArray<Uint8Array | null>;
  readonly last: Uint32Array;
  /** Writes a changed entry: made once per memory, so draining allocates nothing per cycle. */
  readonly emitEntry: (entry: number) => void;
}

export class VcdEmitter {
  // One-word signals, flat for the per-cycle loop: slot, last value, one bit or not, and the tail
  // (" <id>\n" or "<id>\n") as a range of one byte array.
  private readonly narrowSlots: Int32Array;
  private readonly narrowLast: Uint32Array;
  private readonly narrowOneBit: Uint8Array;
  private readonly narrowTailStart: Int32Array;
  private readonly narrowTailEnd: Int32Array;
  private readonly narrowTails: Uint8Array;
  // The same tails as two little-endian words each (bytes 0-3 and 4-7; a tail is 3-5 bytes while
  // identifiers are 1-3 characters), written with one or two stores: the byte loop was a third of
  // the hot loop's time. Null when a tail is longer than 8 bytes (the byte loop then).
  private readonly narrowTailLo: Uint32Array | null;
  private readonly narrowTailHi: Uint32Array | null;
  /** Bytes all one-word signals take when every one changes. */
  private readonly narrowWorst: number;
  // For a source that lists changed slots: the one-word signal at each slot (-1: none; the plan
  // declares a slot once), and a bit per signal (the changed ones, written in plan order).
  private readonly narrowAtSlot: Int32Array;
  private readonly narrowChanged: Int32Array;
  private readonly wide: WideVar[];
  private readonly texts: TextVar[];
  private readonly mems: MemoryVar[];
  private readonly period: number;
  private readonly clkRise: Uint8Array;
  private readonly clkFall: Uint8Array;
  private readonly rstTail: Uint8Array;
  private started = false;
  private lastCycle = -1;
  private lastReset = -1;

  /** Writes the header into `out` at once. */
  constructor(
    private readonly plan: VcdPlan,
    private readonly src: FrameSource,
    private readonly out: ByteBuffer,
  ) {
    this.period = plan.period;
    this.clkRise = enc(`1${plan.clkId}\n`);
    this.clkFall = enc(`0${plan.clkId}\n`);
    this.rstTail = enc(`${plan.rstId}\n`);
    this.narrowSlots = Int32Array.from(plan.narrow, (n) => n.slot);
    this.narrowLast = new Uint32Array(plan.narrow.length);
    this.narrowOneBit = Uint8Array.from(plan.narrow, (n) => (n.oneBit ? 1 : 0));
    this.narrowTails = enc(plan.narrow.map((n) => n.tail).join(''));
    this.narrowTailStart = new Int32Array(plan.narrow.length);
    this.narrowTailEnd = new Int32Array(plan.narrow.length);
    let at = 0;
    plan.narrow.forEach((n, k) => {
      this.narrowTailStart[k] = at;
      at += n.tail.length;
      this.narrowTailEnd[k] = at;
    });
    this.narrowWorst = 33 * plan.narrow.length + at + 8; // (+8: a tail's word may store past its end)
    const packable = plan.narrow.every((n) => n.tail.length <= 8);
    this.narrowTailLo = packable ? Uint32Array.from(plan.narrow, (n) => packedBytes(n.tail, 0)) : null;
    this.narrowTailHi = packable ? Uint32Array.from(plan.narrow, (n) => packedBytes(n.tail, 4)) : null;
    const slotsSpan = plan.narrow.reduce((n, v) => Math.max(n, v.slot + 1), 0);
    this.narrowAtSlot = new Int32Array(slotsSpan).fill(-1);
    plan.narrow.forEach((n, k) => {
      if (this.narrowAtSlot[n.slot] !== -1) throw new Error(`VCD plan: store slot ${n.slot} declared twice`);
      this.narrowAtSlot[n.slot] = k;
    });
    this.narrowChanged = new Int32Array((plan.narrow.length + 31) >>> 5);
    this.wide = plan.wide.map((w) => ({ slot: w.slot, words: w.words, tail: enc(w.tail), last: new Uint32Array(w.words) }));
    this.texts = plan.texts.map((t) => ({ index: t.index, tail: enc(t.tail), last: '' }));
    this.mems = plan.mems.map((m, j) => {
      const tails = m.tails.map((t) => (t === null ? null : enc(t)));
      const last = new Uint32Array(m.depth);
      const data = src.memoryData(j);
      const oneBit = m.oneBit;
      const emitEntry = (a: number): void => {
        const tail = tails[a];
        const v = data[a]!;
        if (tail && v !== last[a]) {
          last[a] = v;
          this.emitValue(oneBit, v, tail);
        }
      };
      return { data, oneBit, tails, last, emitEntry };
    });
    out.ascii(plan.header);
  }

  /** Write cycle `cycle`, which must lie in the plan's window (the caller skips the others). */
  sample(cycle: number): void {
    const o = this.out;
    const time = cycle * this.period;
    o.reserve(64);
    o.byte(0x23); // '#'
    o.decimal(time);
    o.byte(10);
    if (!this.started) {
      this.started = true;
      o.ascii('$dumpvars\n');
      this.emitAll();
      o.ascii('$end\n');
    } else {
      this.emitChanges();
    }
    o.reserve(64);
    o.byte(0x23);
    o.decimal(time + this.period / 2);
    o.byte(10);
    o.bytes(this.clkFall);
    this.lastCycle = cycle;
  }

  /** A last timestamp closes the final cycle; then everything goes to the sink. */
  finish(): void {
    if (this.lastCycle >= 0) {
      this.out.reserve(32);
      this.out.byte(0x23);
      this.out.decimal((this.lastCycle + 1) * this.period);
      this.out.byte(10);
    }
    this.out.flush();
  }

  private emitAll(): void {
    const o = this.out;
    const store = this.src.store;
    o.bytes(this.clkRise);
    o.reserve(16);
    this.lastReset = this.src.resetActive ? 1 : 0;
    o.byte(0x30 | this.lastReset);
    o.bytes(this.rstTail);
    for (let k = 0; k < this.narrowSlots.length; k++) {
      const v = store[this.narrowSlots[k]!]!;
      this.narrowLast[k] = v;
      this.emitValue(this.narrowOneBit[k] === 1, v, this.narrowTails.subarray(this.narrowTailStart[k]!, this.narrowTailEnd[k]!));
    }
    for (const w of this.wide) {
      for (let j = 0; j < w.words; j++) w.last[j] = store[w.slot + j]!;
      this.emitWide(w);
    }
    for (const t of this.texts) {
      t.last = this.src.textStore[t.index]!;
      this.emitText(t);
    }
    for (let j = 0; j < this.mems.length; j++) {
      const m = this.mems[j]!;
      this.src.drainDirty(j, noop);
      const data = m.data;
      for (let a = 0; a < m.tails.length; a++) {
        const tail = m.tails[a];
        if (!tail) continue;
        m.last[a] = data[a]!;
        this.emitValue(m.oneBit, data[a]!, tail);
      }
    }
  }

  private emitChanges(): void {
    const o = this.out;
    const store = this.src.store;
    o.reserve(16);
    o.bytes(this.clkRise);
    const rst = this.src.resetActive ? 1 : 0;
    if (rst !== this.lastReset) {
      o.byte(0x30 | rst);
      o.bytes(this.rstTail);
      this.lastReset = rst;
    }
    this.emitNarrowChanges(store, this.src.changes);
    for (const w of this.wide) {
      let changed = false;
      for (let j = 0; j < w.words; j++) {
        const v = store[w.slot + j]!;
        if (v !== w.last[j]) {
          w.last[j] = v;
          changed = true;
        }
      }
      if (changed) this.emitWide(w);
    }
    const textStore = this.src.textStore;
    for (const t of this.texts) {
      const v = textStore[t.index]!;
      if (v !== t.last) {
        t.last = v;
        this.emitText(t);
      }
    }
    for (let j = 0; j < this.mems.length; j++) this.src.drainDirty(j, this.mems[j]!.emitEntry);
  }

  /**
   * The changed one-word signals, in plan order: the hot loop of a trace. Without a list, each is
   * compared with its last value; with the source's list of changed slots, their signals are marked
   * in a bit set that is then read in plan order (the order of the scan), so the bytes are the same.
   */
  private emitNarrowChanges(store: Uint32Array, changes: SlotChanges | undefined): void {
    const o = this.out;
    o.reserve(this.narrowWorst);
    const buf = o.raw;
    const view = o.rawView;
    let p = o.position;
    const slots = this.narrowSlots;
    const last = this.narrowLast;
    if (changes === undefined) {
      for (let k = 0; k < slots.length; k++) {
        const v = store[slots[k]!]!;
        if (v === last[k]) continue;
        last[k] = v;
        p = this.writeNarrow(buf, view, p, k, v);
      }
      o.position = p;
      return;
    }
    const atSlot = this.narrowAtSlot;
    const changed = this.narrowChanged;
    const listed = changes.slots;
    for (let i = 0; i < changes.count; i++) {
      const slot = listed[i]!;
      const k = slot < atSlot.length ? atSlot[slot]! : -1; // (past the last one-word signal: a wide one's)
      if (k >= 0) changed[k >>> 5]! |= 1 << (k & 31);
    }
    for (let w = 0; w < changed.length; w++) {
      let bits = changed[w]!;
      if (bits === 0) continue;
      changed[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const k = (w << 5) | (31 - Math.clz32(low));
        const v = store[slots[k]!]!;
        if (v === last[k]) continue;
        last[k] = v;
        p = this.writeNarrow(buf, view, p, k, v);
      }
    }
    o.position = p;
  }

  /** One-word signal `k`'s new value `v` and its tail at `p` (room reserved); returns the position after. */
  private writeNarrow(buf: Uint8Array, view: DataView, p: number, k: number, v: number): number {
    if (this.narrowOneBit[k] === 1) buf[p++] = 0x30 | (v & 1);
    else {
      buf[p++] = 0x62; // 'b'
      p = writeBinary(buf, view, p, v);
    }
    const start = this.narrowTailStart[k]!;
    const end = this.narrowTailEnd[k]!;
    const lo = this.narrowTailLo;
    if (lo !== null) {
      // Whole words; the bytes past the tail's end are overwritten by what follows (room reserved).
      view.setUint32(p, lo[k]!, true);
      if (end - start > 4) view.setUint32(p + 4, this.narrowTailHi![k]!, true);
      return p + (end - start);
    }
    const tails = this.narrowTails;
    for (let t = start; t < end; t++) buf[p++] = tails[t]!;
    return p;
  }

  private emitValue(oneBit: boolean, v: number, tail: Uint8Array): void {
    const o = this.out;
    o.reserve(48 + tail.length);
    if (oneBit) {
      o.byte(0x30 | (v & 1));
    } else {
      o.byte(0x62); // 'b'
      o.binary(v);
    }
    o.bytes(tail);
  }

  private emitWide(w: WideVar): void {
    const o = this.out;
    o.reserve(40 + w.tail.length);
    o.byte(0x62);
    let top = w.words - 1;
    while (top > 0 && w.last[top] === 0) top--;
    o.binary(w.last[top]!);
    for (let j = top - 1; j >= 0; j--) {
      o.reserve(40);
      const v = w.last[j]!;
      for (let bit = 31; bit >= 0; bit--) o.byte(0x30 | ((v >>> bit) & 1));
    }
    o.bytes(w.tail);
  }

  /** Encoded text values: a waveform repeats the same few hundred mnemonics, so encode each once. */
  private readonly textCache = new Map<string, Uint8Array>();

  private encodeText(text: string): Uint8Array {
    let bytes = this.textCache.get(text);
    if (bytes === undefined) {
      const body = this.plan.textEncoding === 'string' ? `s${escapeVcdString(text)}` : `b${packTextBits(text, this.plan.textChars)}`;
      bytes = enc(body);
      if (this.textCache.size >= 65536) this.textCache.clear(); // bounded memory on endless runs
      this.textCache.set(text, bytes);
    }
    return bytes;
  }

  private emitText(t: TextVar): void {
    const o = this.out;
    const bytes = this.encodeText(t.last);
    if (bytes.length + t.tail.length < 4096) {
      o.reserve(bytes.length + t.tail.length);
      o.bytes(bytes);
    } else {
      o.ascii(Buffer.from(bytes).toString('latin1'));
      o.reserve(t.tail.length);
    }
    o.bytes(t.tail);
  }
}

function noop(): void {}

/** Bytes `from`..`from + 3` of a latin1 string as a little-endian word (zeros past its end). */
function packedBytes(text: string, from: number): number {
  let word = 0;
  for (let k = 0; k < 4 && from + k < text.length; k++) word |= (text.charCodeAt(from + k) & 0xff) << (8 * k);
  return word >>> 0;
}
