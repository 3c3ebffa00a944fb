// Growable byte buffers for the ELF writers: little-endian fields and string tables.

export class Bytes {
  buf = new Uint8Array(4096);
  len = 0;
  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let c = this.buf.length;
    while (c < this.len + n) c *= 2;
    const b = new Uint8Array(c);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  u8(v: number): void {
    this.grow(1);
    this.buf[this.len++] = v & 0xff;
  }
  u16(v: number): void {
    this.u8(v);
    this.u8(v >>> 8);
  }
  u32(v: number): void {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }
  bytes(d: Uint8Array): void {
    this.grow(d.length);
    this.buf.set(d, this.len);
    this.len += d.length;
  }
  alignTo(a: number): void {
    while (this.len % a !== 0) this.u8(0);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class StrTab {
  readonly out = new Bytes();
  private readonly index = new Map<string, number>();
  constructor() {
    this.out.u8(0);
  }
  add(s: string): number {
    const hit = this.index.get(s);
    if (hit !== undefined) return hit;
    const off = this.out.len;
    this.out.bytes(new TextEncoder().encode(s));
    this.out.u8(0);
    this.index.set(s, off);
    return off;
  }
}

/** A line table's file names: the count, then each name length-prefixed and padded to a word. */
export function fileTable(b: Bytes, names: Iterable<string>): Map<string, number> {
  const index = new Map<string, number>();
  for (const n of names) if (!index.has(n)) index.set(n, index.size);
  b.u32(index.size);
  for (const f of index.keys()) {
    const e = new TextEncoder().encode(f);
    b.u32(e.length);
    b.bytes(e);
    b.alignTo(4);
  }
  return index;
}

/** Line entries as (address or offset, file index, line) words. */
export function lineRecords(b: Bytes, entries: readonly { readonly at: number; readonly file: string; readonly line: number }[], index: ReadonlyMap<string, number>): void {
  b.u32(entries.length);
  for (const l of entries) {
    b.u32(l.at);
    b.u32(index.get(l.file)!);
    b.u32(l.line);
  }
}
