// RAM: a memory of 32-bit words, little-endian (byte at address a is bits 8*(a&3) of word a>>2),
// with byte-lane writes. Reads are combinational (the word as of the last edge); writes land at the
// clock edge ending the cycle in which the bus completes them. A testbench backdoor loads images and
// reads memory without clocks.
import { ElaborationError, type Memory, Module, SignalWidthError } from '../hdl/index.ts';

export const DEFAULT_RAM_BYTES = 128 << 20;

export class Ram extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly sel = this.input('sel', 1); //     addressed by the granted master
  readonly done = this.input('done', 1); //   the transfer completes at the end of this cycle
  readonly addr = this.input('addr', 32); //  byte address (relative to `base`)
  readonly we = this.input('we', 1);
  readonly wdata = this.input('wdata', 32); // store data on its byte lanes
  readonly wmask = this.input('wmask', 32); // bits written: 0xff << 8*lane for a byte, ...
  readonly rdata = this.output('rdata', 32); // the aligned word containing addr
  readonly mem: Memory;

  /** `bytes`: size, a multiple of 4 (default 128 MB as on QEMU versatilepb); `base`: first address. */
  constructor(
    parent: Module | null,
    name: string,
    readonly bytes: number = DEFAULT_RAM_BYTES,
    readonly base: number = 0,
  ) {
    super(parent, name);
    if (!Number.isInteger(bytes) || bytes < 4 || bytes % 4 !== 0 || bytes > 2 ** 30) {
      throw new ElaborationError(`${this.path}: RAM size ${String(bytes)} bytes is not a multiple of 4 in 4..2^30`);
    }
    this.mem = this.memory('mem', 32, bytes / 4);
  }

  override comb(): void {
    this.rdata.v = this.sel.on ? this.mem.read(((this.addr.v - this.base) >>> 2) % this.mem.depth) : 0;
  }

  override clock(): void {
    if (this.sel.on && this.done.on && this.we.on) {
      this.mem.write(((this.addr.v - this.base) >>> 2) % this.mem.depth, this.wdata.v, this.wmask.v);
    }
  }

  // ---- testbench backdoor (no clock; do not call between settle and edge) ----

  private offsetOf(address: number, length: number): number {
    const off = (address >>> 0) - this.base;
    if (off < 0 || off + length > this.bytes) {
      throw new SignalWidthError(`${this.path}: backdoor access of ${length} bytes at 0x${(address >>> 0).toString(16)} is outside RAM 0x${this.base.toString(16)}+0x${this.bytes.toString(16)}`);
    }
    return off;
  }

  /** Copy `bytes` into RAM at byte `address` (any alignment). */
  load(address: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const off = this.offsetOf(address, bytes.length);
    const first = off >>> 2;
    const last = (off + bytes.length - 1) >>> 2;
    const words = new Uint32Array(last - first + 1);
    for (let w = first; w <= last; w++) words[w - first] = this.mem.read(w);
    for (let k = 0; k < bytes.length; k++) {
      const a = off + k;
      const w = (a >>> 2) - first;
      const sh = (a & 3) * 8;
      words[w] = ((words[w]! & ~(0xff << sh)) | (bytes[k]! << sh)) >>> 0;
    }
    this.mem.load(first, words);
  }

  /** Store a word at an aligned `address` (backdoor). */
  writeWord(address: number, value: number): void {
    if ((address & 3) !== 0) throw new SignalWidthError(`${this.path}: writeWord at unaligned 0x${(address >>> 0).toString(16)}`);
    this.mem.load(this.offsetOf(address, 4) >>> 2, [value >>> 0]);
  }

  /** The aligned word containing `address`. */
  readWord(address: number): number {
    return this.mem.read(this.offsetOf(address & ~3, 4) >>> 2);
  }

  readByte(address: number): number {
    const off = this.offsetOf(address, 1);
    return (this.mem.read(off >>> 2) >>> ((off & 3) * 8)) & 0xff;
  }

  readBytes(address: number, length: number): Uint8Array {
    const off = this.offsetOf(address, length);
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) out[k] = (this.mem.read((off + k) >>> 2) >>> (((off + k) & 3) * 8)) & 0xff;
    return out;
  }
}
