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

/**
 * A string table as BFD writes it (elf-strtab.c): each string once, in the order added, except that
 * a string which ends another one shares its bytes. Add every string, then finish(); offsets are
 * known after that.
 */
export class GnuStrTab {
  private readonly strings: Uint8Array[] = [];
  private readonly index = new Map<string, number>();
  private offsets: number[] = [];

  /** A handle for `s` (-1 for the empty string, offset 0). */
  add(s: string): number {
    if (s === '') return -1;
    const hit = this.index.get(s);
    if (hit !== undefined) return hit;
    this.index.set(s, this.strings.length);
    this.strings.push(new TextEncoder().encode(s));
    return this.strings.length - 1;
  }

  offset(handle: number): number {
    return handle < 0 ? 0 : this.offsets[handle]!;
  }

  /** Merges suffixes and lays the table out. */
  finish(): Uint8Array {
    const n = this.strings.length;
    const order = [...Array(n).keys()].sort((a, b) => {
      const A = this.strings[a]!;
      const B = this.strings[b]!;
      for (let i = A.length - 1, j = B.length - 1; i >= 0 && j >= 0; i--, j--) if (A[i] !== B[j]) return A[i]! - B[j]!;
      return A.length - B.length;
    });
    // From the longest of each run of common endings down: a string ending the kept one shares it.
    const parent = new Array<number>(n).fill(-1);
    let e = order[n - 1]!;
    for (let k = n - 2; k >= 0; k--) {
      const c = order[k]!;
      const E = this.strings[e]!;
      const C = this.strings[c]!;
      if (E.length > C.length && E.subarray(E.length - C.length).every((v, i) => v === C[i])) parent[c] = e;
      else e = c;
    }
    const out = new Bytes();
    out.u8(0);
    this.offsets = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      if (parent[i] !== -1) continue;
      this.offsets[i] = out.len;
      out.bytes(this.strings[i]!);
      out.u8(0);
    }
    for (let i = 0; i < n; i++) {
      const p = parent[i]!;
      if (p !== -1) this.offsets[i] = this.offsets[p]! + this.strings[p]!.length - this.strings[i]!.length;
    }
    return out.done();
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
