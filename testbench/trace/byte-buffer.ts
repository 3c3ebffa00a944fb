// A fixed output buffer with byte-level writers, flushed to a ByteSink when nearly full, so a trace
// of any length uses bounded memory and no per-value allocation.
import type { ByteSink } from './byte-sink.ts';

/**
 * Binary digits of an unsigned 32-bit value without leading zeros ("0" for zero) at `p` (33 bytes
 * at most); returns the position after them. The leading digits go one by one up to a nibble
 * boundary, then four per store (a table of the 16 nibbles as little-endian ASCII words): a VCD is
 * mostly binary digits.
 */
export function writeBinary(buf: Uint8Array, view: DataView, p: number, v: number): number {
  if (v === 0) {
    buf[p] = 0x30;
    return p + 1;
  }
  let bit = 31 - Math.clz32(v);
  for (; (bit & 3) !== 3; bit--) buf[p++] = 0x30 | ((v >>> bit) & 1);
  for (; bit >= 3; bit -= 4, p += 4) view.setUint32(p, NIBBLE_DIGITS[(v >>> (bit - 3)) & 15]!, true);
  return p;
}

/** The four binary digits of each nibble, as a little-endian word ("0101" for 5). */
const NIBBLE_DIGITS = Uint32Array.from({ length: 16 }, (_, n) => {
  let word = 0;
  for (let b = 0; b < 4; b++) word |= (0x30 | ((n >> (3 - b)) & 1)) << (8 * b);
  return word >>> 0;
});

/** An output buffer with byte-level writers; flushes to its sink when nearly full. */
export class ByteBuffer {
  private readonly buf: Uint8Array;
  private readonly view: DataView;
  private pos = 0;
  private readonly limit: number;

  constructor(
    private readonly sink: ByteSink,
    size = 1 << 20,
  ) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
    this.limit = size - 8192;
  }

  /** Make room for at least `n` more bytes (n at most the buffer's size less 8 KiB). */
  reserve(n: number): void {
    if (this.pos + n > this.limit) {
      this.flush();
      if (n > this.limit) throw new Error(`ByteBuffer: ${n} bytes do not fit a ${this.buf.length}-byte buffer`);
    }
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    if (n > 16) {
      this.buf.set(b, this.pos);
      this.pos += n;
      return;
    }
    // Most pieces are a VCD identifier tail of 2-5 bytes: a loop is cheaper than a native set().
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < n; k++) buf[p++] = b[k]!;
    this.pos = p;
  }

  /** ASCII/latin1 text; long strings are written through in pieces. */
  ascii(s: string): void {
    for (let k = 0; k < s.length; k++) {
      if (this.pos >= this.limit) this.flush();
      this.buf[this.pos++] = s.charCodeAt(k) & 0xff;
    }
  }

  /** Binary digits of an unsigned 32-bit value without leading zeros ("0" for zero). */
  binary(v: number): void {
    this.pos = writeBinary(this.buf, this.view, this.pos, v);
  }

  /**
   * For a writer's tight loop (vcd-emitter.ts): after reserve(n), write at most n bytes into `raw`
   * from `position` on (`rawView` is a DataView of the same bytes), then set `position`.
   */
  get raw(): Uint8Array {
    return this.buf;
  }

  get rawView(): DataView {
    return this.view;
  }

  get position(): number {
    return this.pos;
  }

  set position(p: number) {
    this.pos = p;
  }

  /** Decimal digits of a non-negative integer (written without making a string below 2^53). */
  decimal(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      this.ascii(String(n));
      return;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    if (this.pos + digits > this.limit) this.flush();
    let p = this.pos + digits;
    this.pos = p;
    let t = n;
    do {
      const q = Math.floor(t / 10);
      this.buf[--p] = 0x30 + (t - q * 10);
      t = q;
    } while (t > 0);
  }

  flush(): void {
    if (this.pos > 0) this.sink.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}
