// Streaming VCD writer. It observes a Simulator and writes only the values that changed each
// cycle. The scope tree is the module tree; a signal's name in the code is its name in the VCD.
// Output goes through a fixed buffer to a sink, so memory stays bounded however long the run, and
// identical runs give byte-identical files (no dates, ids assigned in declaration order).
//
// Time: cycle N occupies [N*period, (N+1)*period); clk rises at N*period (values of cycle N appear
// there) and falls half a period later.
import type { AnySignal, CycleObserver, Memory, Module, Simulator, TextSignal } from '../../rtl/hdl/index.ts';
import { Reg } from '../../rtl/hdl/index.ts';
import { ByteBuffer, FileSink, type ByteSink } from './byte-sink.ts';
import { compileFilter, type TraceFilter } from './filter.ts';
import { escapeVcdString, packTextBits, type TextEncoding } from './text-encoding.ts';
import { vcdIdCode } from './vcd-ids.ts';

export interface VcdOptions extends TraceFilter {
  /** Where the bytes go: a file path or a sink. */
  readonly output: string | ByteSink;
  /** Time units per clock cycle (even, default 10). */
  readonly period?: number;
  /** VCD timescale (default '1ns'). */
  readonly timescale?: '1ps' | '10ps' | '100ps' | '1ns' | '10ns' | '100ns' | '1us';
  /** Cycles to record: [from, to). Default: all. */
  readonly window?: { readonly from?: number; readonly to?: number };
  readonly textEncoding?: TextEncoding;
  /** Characters per text signal in 'vector' encoding (default 32). */
  readonly textChars?: number;
  /** Written in the $version section. */
  readonly version?: string;
}

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');

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

interface NarrowVar {
  readonly slot: number;
  readonly oneBit: boolean;
  /** " <id>\n" for vectors, "<id>\n" for single bits. */
  readonly tail: Uint8Array;
}

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
  readonly mem: Memory;
  readonly data: Uint32Array;
  readonly oneBit: boolean;
  /** Per entry: its tail, or null when the filter drops it. */
  readonly tails: ReadonlyArray<Uint8Array | null>;
  readonly last: Uint32Array;
  /** Writes a changed entry: made once per memory, so draining allocates nothing per cycle. */
  readonly emitEntry: (entry: number) => void;
}

/** One declared variable, for readers and the .gtkw writer. */
export interface VcdVariable {
  /** Full hierarchical name, e.g. top.core.rf.r0 */
  readonly path: string;
  readonly width: number;
  readonly id: string;
  readonly kind: 'wire' | 'reg' | 'string' | 'text-vector' | 'clock';
}

export class VcdWriter implements CycleObserver {
  readonly variables: VcdVariable[] = [];
  readonly period: number;
  readonly sink: ByteSink;

  private readonly out: ByteBuffer;
  private readonly narrow: NarrowVar[] = [];
  private narrowSlots = new Int32Array(0);
  private narrowLast = new Uint32Array(0);
  private readonly wide: WideVar[] = [];
  private readonly texts: TextVar[] = [];
  private readonly mems: MemoryVar[] = [];
  private readonly from: number;
  private readonly to: number;
  private readonly textEncoding: TextEncoding;
  private readonly textChars: number;
  private clkRise = enc('1!\n');
  private clkFall = enc('0!\n');
  private rstTail = enc('"\n');
  private started = false;
  private lastCycle = -1;
  private closed = false;
  private nextId = 0;
  private readonly src: TraceSource;

  /** `sim`: the live simulator, or a TraceSource (a replay of recorded cycles). */
  constructor(sim: Simulator | TraceSource, options: VcdOptions) {
    this.src = 'design' in sim ? liveSource(sim) : sim;
    this.period = options.period ?? 10;
    if (!Number.isInteger(this.period) || this.period < 2 || this.period % 2 !== 0) {
      throw new Error(`VcdOptions.period must be an even integer >= 2 (got ${String(options.period)})`);
    }
    this.from = options.window?.from ?? 0;
    this.to = options.window?.to ?? Number.POSITIVE_INFINITY;
    if (!(this.from >= 0) || !(this.to > this.from)) throw new Error(`VcdOptions.window must satisfy 0 <= from < to (got ${this.from}..${this.to})`);
    this.textEncoding = options.textEncoding ?? 'string';
    this.textChars = options.textChars ?? 32;
    if (!Number.isInteger(this.textChars) || this.textChars < 1 || this.textChars > 256) throw new Error('VcdOptions.textChars must be an integer in 1..256');
    this.sink = typeof options.output === 'string' ? new FileSink(options.output) : options.output;
    this.out = new ByteBuffer(this.sink);
    this.writeHeader(options, compileFilter(options));
    this.src.addObserver(this);
  }

  private newId(): string {
    return vcdIdCode(this.nextId++);
  }

  private writeHeader(options: VcdOptions, selected: (path: string) => boolean): void {
    const o = this.out;
    o.ascii(`$version\n  ${options.version ?? 'handoff VCD writer'}\n$end\n`);
    o.ascii(`$timescale ${options.timescale ?? '1ns'} $end\n`);
    const top = this.src.top;
    const clkId = this.newId();
    const rstId = this.newId();
    this.clkRise = enc(`1${clkId}\n`);
    this.clkFall = enc(`0${clkId}\n`);
    this.rstTail = enc(`${rstId}\n`);
    this.variables.push({ path: `${top.path}.clk`, width: 1, id: clkId, kind: 'clock' });
    this.variables.push({ path: `${top.path}.rst`, width: 1, id: rstId, kind: 'wire' });
    const slotIds = new Map<number, string>();
    const lines: string[] = [];
    this.declareModule(top, selected, slotIds, lines, true, [`$var wire 1 ${clkId} clk $end`, `$var wire 1 ${rstId} rst $end`]);
    for (const l of lines) {
      o.reserve(l.length + 1);
      o.ascii(l);
      o.byte(10);
    }
    o.ascii('$enddefinitions $end\n');
    this.narrowSlots = Int32Array.from(this.narrow, (v) => v.slot);
    this.narrowLast = new Uint32Array(this.narrow.length);
  }

  /** Declare a module's variables and children; returns false when nothing under it is traced. */
  private declareModule(m: Module, selected: (path: string) => boolean, slotIds: Map<number, string>, lines: string[], isTop: boolean, extra: string[]): boolean {
    const body: string[] = [...extra];
    for (const s of m.signals) this.declareSignal(s, selected, slotIds, body);
    for (const t of m.texts) this.declareText(t, selected, body);
    for (const mem of m.memories) this.declareMemory(mem, selected, body);
    const childLines: string[] = [];
    for (const c of m.children) this.declareModule(c, selected, slotIds, childLines, false, []);
    if (!isTop && body.length === 0 && childLines.length === 0) return false;
    lines.push(`$scope module ${m.name} $end`, ...body, ...childLines, '$upscope $end');
    return true;
  }

  private declareSignal(s: AnySignal, selected: (path: string) => boolean, slotIds: Map<number, string>, body: string[]): void {
    if (!selected(s.path)) return;
    const range = s.width > 1 ? ` [${s.width - 1}:0]` : '';
    const kind = s instanceof Reg ? 'reg' : 'wire';
    let id = slotIds.get(s.i);
    if (id === undefined) {
      id = this.newId();
      slotIds.set(s.i, id);
      if (s.words === 1) this.narrow.push({ slot: s.i, oneBit: s.width === 1, tail: enc(s.width === 1 ? `${id}\n` : ` ${id}\n`) });
      else this.wide.push({ slot: s.i, words: s.words, tail: enc(` ${id}\n`), last: new Uint32Array(s.words) });
    }
    body.push(`$var ${kind} ${s.width} ${id} ${s.name}${range} $end`);
    this.variables.push({ path: s.path, width: s.width, id, kind });
  }

  private declareText(t: TextSignal, selected: (path: string) => boolean, body: string[]): void {
    if (!selected(t.path)) return;
    const id = this.newId();
    this.texts.push({ index: t.i, tail: enc(` ${id}\n`), last: '' });
    if (this.textEncoding === 'string') {
      body.push(`$var string 0 ${id} ${t.name} $end`);
      this.variables.push({ path: t.path, width: 1, id, kind: 'string' });
    } else {
      const bits = 8 * this.textChars;
      body.push(`$var wire ${bits} ${id} ${t.name} [${bits - 1}:0] $end`);
      this.variables.push({ path: t.path, width: bits, id, kind: 'text-vector' });
    }
  }

  private declareMemory(mem: Memory, selected: (path: string) => boolean, body: string[]): void {
    if (!mem.trace) return;
    const tails: Array<Uint8Array | null> = [];
    const vars: string[] = [];
    const range = mem.width > 1 ? ` [${mem.width - 1}:0]` : '';
    for (let k = 0; k < mem.depth; k++) {
      const name = mem.entryNames[k]!;
      const path = `${mem.path}.${name}`;
      if (!selected(path)) {
        tails.push(null);
        continue;
      }
      const id = this.newId();
      tails.push(enc(mem.width === 1 ? `${id}\n` : ` ${id}\n`));
      vars.push(`$var reg ${mem.width} ${id} ${name}${range} $end`);
      this.variables.push({ path, width: mem.width, id, kind: 'reg' });
    }
    if (vars.length === 0) return;
    body.push(`$scope module ${mem.name} $end`, ...vars, '$upscope $end');
    const last = new Uint32Array(mem.depth);
    const oneBit = mem.width === 1;
    const data = this.src.memoryData(mem);
    const emitEntry = (a: number): void => {
      const tail = tails[a];
      const v = data[a]!;
      if (tail && v !== last[a]) {
        last[a] = v;
        this.emitValue(oneBit, v, tail);
      }
    };
    this.mems.push({ mem, data, oneBit, tails, last, emitEntry });
  }

  sample(cycle: number): void {
    // Memories report changed entries once; drain them every cycle, inside the window or not.
    if (cycle < this.from || cycle >= this.to || this.closed) {
      for (const m of this.mems) this.src.drainDirty(m.mem, noop);
      return;
    }
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

  private emitAll(): void {
    const o = this.out;
    const store = this.src.store;
    o.bytes(this.clkRise);
    o.reserve(16);
    this.lastReset = this.src.resetActive ? 1 : 0;
    o.byte(0x30 | this.lastReset);
    o.bytes(this.rstTail);
    for (let k = 0; k < this.narrow.length; k++) {
      const v = store[this.narrowSlots[k]!]!;
      this.narrowLast[k] = v;
      this.emitNarrow(this.narrow[k]!, v);
    }
    for (const w of this.wide) {
      for (let j = 0; j < w.words; j++) w.last[j] = store[w.slot + j]!;
      this.emitWide(w);
    }
    for (const t of this.texts) {
      t.last = this.src.textStore[t.index]!;
      this.emitText(t);
    }
    for (const m of this.mems) {
      this.src.drainDirty(m.mem, noop);
      const data = m.data;
      for (let a = 0; a < m.tails.length; a++) {
        const tail = m.tails[a];
        if (!tail) continue;
        m.last[a] = data[a]!;
        this.emitValue(m.oneBit, data[a]!, tail);
      }
    }
  }

  private lastReset = -1;

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
    const slots = this.narrowSlots;
    const last = this.narrowLast;
    for (let k = 0; k < slots.length; k++) {
      const v = store[slots[k]!]!;
      if (v !== last[k]) {
        last[k] = v;
        this.emitNarrow(this.narrow[k]!, v);
      }
    }
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
    for (const m of this.mems) this.src.drainDirty(m.mem, m.emitEntry);
  }

  private emitNarrow(n: NarrowVar, v: number): void {
    this.emitValue(n.oneBit, v, n.tail);
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
      const body = this.textEncoding === 'string' ? `s${escapeVcdString(text)}` : `b${packTextBits(text, this.textChars)}`;
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

  /** End the file (a last timestamp closes the final cycle), flush and close the sink. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.src.removeObserver(this);
    if (this.lastCycle >= 0) {
      this.out.reserve(32);
      this.out.byte(0x23);
      this.out.decimal((this.lastCycle + 1) * this.period);
      this.out.byte(10);
    }
    this.out.flush();
    this.sink.close();
  }
}

function noop(): void {}
