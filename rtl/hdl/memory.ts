// A memory: register files, cache tag/data arrays, RAM. Reads are combinational (the array as it was
// at the last edge); writes made by clocked logic are queued and land at the edge with every
// register. Entries can be traced one by one (a register file) or not at all (RAM).
import { ElaborationError, SignalWidthError } from './errors.ts';
import { checkName, topWordOverflowMask } from './naming.ts';
import type { SignalOwner } from './signal.ts';

export interface MemoryOptions {
  /** Trace every entry as its own waveform signal (default: false). */
  readonly trace?: boolean;
  /** Waveform names of the entries (default: name_0, name_1, ...). */
  readonly entryNames?: readonly string[];
  /** Writes that may be queued in one cycle (default 8). */
  readonly writePorts?: number;
  /** Value every entry takes on reset; omit for a memory that reset leaves alone. */
  readonly resetValue?: number;
}

export class Memory {
  readonly data: Uint32Array;
  readonly trace: boolean;
  readonly entryNames: readonly string[];
  readonly resetValue: number | undefined;
  private readonly overflow: number;

  // Writes queued this cycle: address, data, byte-lane mask (applied at the edge, in order).
  private readonly pendingAddr: Int32Array;
  private readonly pendingData: Uint32Array;
  private readonly pendingMask: Uint32Array;
  private pending = 0;
  /** The design's list of memories written this cycle (elaboration sets it): the edge commits only those. */
  private written: Memory[] | null = null;

  // Entries changed since the tracer last looked: a list plus a membership flag, no allocation.
  private readonly dirtyList: Int32Array;
  private readonly dirtyFlag: Uint8Array;
  private dirtyCount = 0;
  private allDirty = true;

  constructor(
    readonly owner: SignalOwner,
    readonly name: string,
    readonly width: number,
    readonly depth: number,
    options: MemoryOptions = {},
  ) {
    const what = `memory ${owner.path}.${name}`;
    checkName(name, what);
    if (!Number.isInteger(width) || width < 1 || width > 32) throw new ElaborationError(`${what}: width ${String(width)} is not an integer in 1..32`);
    if (!Number.isInteger(depth) || depth < 1 || depth > 1 << 28) throw new ElaborationError(`${what}: depth ${String(depth)} is not an integer in 1..2^28`);
    this.data = new Uint32Array(depth);
    this.overflow = topWordOverflowMask(width);
    this.trace = options.trace ?? false;
    this.resetValue = options.resetValue;
    if (this.resetValue !== undefined && (this.resetValue < 0 || (this.resetValue & this.overflow) !== 0)) {
      throw new SignalWidthError(`${what}: reset value ${this.resetValue} does not fit ${width} bits`);
    }
    const ports = options.writePorts ?? 8;
    this.pendingAddr = new Int32Array(ports);
    this.pendingData = new Uint32Array(ports);
    this.pendingMask = new Uint32Array(ports);
    if (this.trace && depth > 65536) throw new ElaborationError(`${what}: tracing ${depth} entries is not supported (at most 65536)`);
    this.dirtyList = new Int32Array(this.trace ? depth : 0);
    this.dirtyFlag = new Uint8Array(this.trace ? depth : 0);
    if (options.entryNames !== undefined) {
      if (options.entryNames.length !== depth) throw new ElaborationError(`${what}: ${options.entryNames.length} entry names for ${depth} entries`);
      options.entryNames.forEach((n) => checkName(n, `${what} entry`));
      this.entryNames = options.entryNames;
    } else {
      this.entryNames = this.trace ? Array.from({ length: depth }, (_, k) => `${name}_${k}`) : [];
    }
  }

  get path(): string {
    return `${this.owner.path}.${this.name}`;
  }

  /** Combinational read: the entry as of the last clock edge. */
  read(addr: number): number {
    return this.data[addr]!;
  }

  /** Clocked write, applied at the edge. `mask` selects bits (default all). */
  write(addr: number, value: number, mask = 0xffff_ffff): void {
    if (addr < 0 || addr >= this.depth || !Number.isInteger(addr)) throw new SignalWidthError(`${this.path}: write address ${addr} out of 0..${this.depth - 1}`);
    if ((value & this.overflow) !== 0) throw new SignalWidthError(`${this.path} is ${this.width} bits wide; value 0x${(value >>> 0).toString(16)} does not fit`);
    const k = this.pending;
    if (k === this.pendingAddr.length) throw new SignalWidthError(`${this.path}: more than ${k} writes in one cycle (raise writePorts)`);
    this.pendingAddr[k] = addr;
    this.pendingData[k] = value;
    this.pendingMask[k] = mask;
    this.pending = k + 1;
    if (k === 0 && this.written !== null) this.written.push(this);
  }

  /** Elaboration: report the first write of each cycle to `list` (the simulator commits the memories on it at the edge). */
  reportWritesTo(list: Memory[]): void {
    this.written = list;
  }

  /** Writes queued but not yet committed (check mode uses this to catch writes from comb logic). */
  get pendingWrites(): number {
    return this.pending;
  }

  /** Apply queued writes: called by the simulator at the clock edge. */
  commit(): void {
    const n = this.pending;
    for (let k = 0; k < n; k++) {
      const a = this.pendingAddr[k]!;
      const m = this.pendingMask[k]!;
      this.data[a] = (this.data[a]! & ~m) | (this.pendingData[k]! & m);
      if (this.trace) this.markDirty(a);
    }
    this.pending = 0;
  }

  /** Drop queued writes (check mode re-runs clocked logic). */
  discardPending(): void {
    this.pending = 0;
  }

  /** Synchronous reset, if the memory has a reset value. */
  reset(): void {
    this.pending = 0;
    if (this.resetValue !== undefined) {
      this.data.fill(this.resetValue);
      this.allDirty = true;
    }
  }

  /** Testbench backdoor: load words without a clock (program images, initial tables). */
  load(offset: number, words: ArrayLike<number>): void {
    if (offset < 0 || offset + words.length > this.depth) throw new SignalWidthError(`${this.path}: load of ${words.length} words at ${offset} exceeds depth ${this.depth}`);
    for (let k = 0; k < words.length; k++) {
      const w = words[k]! >>> 0;
      if ((w & this.overflow) !== 0) throw new SignalWidthError(`${this.path}: loaded value 0x${w.toString(16)} does not fit ${this.width} bits`);
      this.data[offset + k] = w;
    }
    this.allDirty = true;
  }

  private markDirty(a: number): void {
    if (this.dirtyFlag[a] === 0) {
      this.dirtyFlag[a] = 1;
      this.dirtyList[this.dirtyCount++] = a;
    }
  }

  /**
   * Hand the changed entries to `visit` and forget them. When everything may have changed (reset,
   * load), `visit` is called for every entry.
   */
  drainDirty(visit: (entry: number) => void): void {
    if (this.allDirty) {
      for (let a = 0; a < this.depth; a++) visit(a);
      this.dirtyFlag.fill(0);
      this.dirtyCount = 0;
      this.allDirty = false;
      return;
    }
    for (let k = 0; k < this.dirtyCount; k++) {
      const a = this.dirtyList[k]!;
      this.dirtyFlag[a] = 0;
      visit(a);
    }
    this.dirtyCount = 0;
  }
}
