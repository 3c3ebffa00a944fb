// A section being assembled: a growable byte buffer plus relocations, lines and mapping symbols.
import type { LineEntry, MappingEntry, MappingKind, ObjSection, Reloc } from '../object.ts';

export class SectionBuf {
  private buf = new Uint8Array(256);
  size = 0;
  align = 1;
  readonly relocs: Reloc[] = [];
  readonly lines: LineEntry[] = [];
  readonly mappings: MappingEntry[] = [];
  private mapState: MappingKind | '' = '';

  /** When the section was made, in the assembler's sequence (GNU orders local symbols so). */
  readonly seq: number;

  constructor(
    readonly name: string,
    readonly nobits: boolean,
    readonly flags: { write: boolean; exec: boolean; alloc: boolean },
    private readonly next: () => number = () => 0,
  ) {
    this.seq = next();
  }

  private ensure(n: number): void {
    if (this.nobits) return;
    if (this.size + n <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < this.size + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.size));
    this.buf = nb;
  }

  mark(kind: MappingKind): void {
    if (this.mapState === kind) return;
    const last = this.mappings[this.mappings.length - 1];
    if (last && last.offset === this.size) this.mappings.pop();
    this.mappings.push({ offset: this.size, kind, seq: this.next() });
    this.mapState = kind;
  }

  line(file: string, line: number): void {
    const last = this.lines[this.lines.length - 1];
    if (last && last.offset === this.size) {
      this.lines[this.lines.length - 1] = { offset: this.size, file, line };
      return;
    }
    if (last && last.file === file && last.line === line) return;
    this.lines.push({ offset: this.size, file, line });
  }

  /** Appends bytes; in a nobits section only zeros are allowed (the caller checks). */
  bytes(data: ArrayLike<number>): void {
    this.ensure(data.length);
    if (!this.nobits) for (let i = 0; i < data.length; i++) this.buf[this.size + i] = data[i]! & 0xff;
    this.size += data.length;
  }

  fill(n: number, value: number): void {
    this.ensure(n);
    if (!this.nobits) this.buf.fill(value & 0xff, this.size, this.size + n);
    this.size += n;
  }

  word(w: number): void {
    this.ensure(4);
    if (!this.nobits) {
      const b = this.buf;
      const o = this.size;
      b[o] = w & 0xff;
      b[o + 1] = (w >>> 8) & 0xff;
      b[o + 2] = (w >>> 16) & 0xff;
      b[o + 3] = (w >>> 24) & 0xff;
    }
    this.size += 4;
  }

  half(h: number): void {
    this.ensure(2);
    if (!this.nobits) {
      this.buf[this.size] = h & 0xff;
      this.buf[this.size + 1] = (h >>> 8) & 0xff;
    }
    this.size += 2;
  }

  /** A Thumb instruction: 2 bytes, or 4 as two halfwords (the first in bits 31..16 of `v`). */
  thumb(v: number, size: 2 | 4): void {
    if (size === 4) this.half(v >>> 16);
    this.half(v & 0xffff);
  }

  patchThumb(offset: number, v: number, size: 2 | 4): void {
    if (size === 4) {
      this.patch(offset, BigInt(v >>> 16), 2);
      this.patch(offset + 2, BigInt(v & 0xffff), 2);
    } else this.patch(offset, BigInt(v & 0xffff), 2);
  }

  /** The mapping kind in force at the end of the section. */
  get state(): MappingKind | '' {
    return this.mapState;
  }

  patch(offset: number, value: bigint, size: number): void {
    if (this.nobits) return;
    let v = value;
    for (let i = 0; i < size; i++) {
      this.buf[offset + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }

  patchWord(offset: number, w: number): void {
    this.patch(offset, BigInt(w >>> 0), 4);
  }

  toObject(): ObjSection {
    return {
      name: this.name,
      nobits: this.nobits,
      flags: this.flags,
      data: this.nobits ? new Uint8Array(0) : this.buf.slice(0, this.size),
      size: this.size,
      align: this.align,
      seq: this.seq,
      relocs: this.relocs,
      lines: this.lines,
      // GNU as marks data only once code follows it: a section of data alone has no mapping symbols.
      mappings: this.mappings.some((m) => m.kind !== 'd') ? this.mappings : [],
    };
  }
}
