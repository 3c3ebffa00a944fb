// A section being assembled: a growable byte buffer plus relocations, lines and mapping symbols.
import type { LineEntry, MappingEntry, MappingKind, ObjSection, Reloc, SectionFlags } from '../object.ts';

const AX: SectionFlags = { alloc: true, write: false, exec: true };
const WA: SectionFlags = { alloc: true, write: true, exec: false };
const A: SectionFlags = { alloc: true, write: false, exec: false };
const WAT: SectionFlags = { alloc: true, write: true, exec: false, tls: true };
const NONE: SectionFlags = { alloc: false, write: false, exec: false };

/** GNU's special sections (BFD's ELF table): `name` exactly, or `name.*` where marked. */
const SPECIAL: readonly (readonly [string, boolean, SectionFlags, boolean])[] = [
  ['.text', true, AX, false], ['.data', true, WA, false], ['.bss', true, WA, true], ['.rodata', true, A, false],
  ['.tdata', true, WAT, false], ['.tbss', true, WAT, true], ['.init', false, AX, false], ['.fini', false, AX, false],
  ['.noinit', true, WA, true], ['.persistent', true, WA, false], ['.data1', false, WA, false], ['.rodata1', false, A, false],
  ['.init_array', true, WA, false], ['.fini_array', true, WA, false], ['.preinit_array', true, WA, false],
];

/**
 * The flags and type GNU as gives a section by its name when `.section` names none: .text* code,
 * .data* data, .bss* zero fill, .rodata* read-only, .tdata* and .tbss* thread-local, .init and .fini
 * code; any other name is not allocated (it is not loaded) unless flags are given.
 */
export function specialSection(name: string): { flags: SectionFlags; nobits: boolean } {
  for (const [prefix, dotted, flags, nobits] of SPECIAL) {
    if (name === prefix || (dotted && name.startsWith(prefix + '.'))) return { flags, nobits };
  }
  return { flags: NONE, nobits: false };
}

/** Flags written in `.section` plus those of a special section (GNU adds them). */
export function orFlags(a: SectionFlags, b: SectionFlags): SectionFlags {
  const tls = a.tls === true || b.tls === true;
  return { alloc: a.alloc || b.alloc, write: a.write || b.write, exec: a.exec || b.exec, ...(tls ? { tls } : {}) };
}

interface MapSym {
  readonly offset: number;
  readonly kind: MappingKind;
  readonly seq: number;
  /** Position among symbols at one offset (the highest stays). */
  readonly rank: number;
  dead?: boolean;
}

export class SectionBuf {
  private buf = new Uint8Array(256);
  size = 0;
  align = 1;
  readonly relocs: Reloc[] = [];
  readonly lines: LineEntry[] = [];
  /** The mapping symbols, set by finishMappings. */
  mappings: MappingEntry[] = [];
  private readonly maps: MapSym[] = [];
  private readonly lateAligns: { at: number; fix: number; kind: 'a' | 't'; rank: number; replaces: MapSym | undefined }[] = [];
  private mapState: MappingKind | '' = '';

  /** When the section was made, in the assembler's sequence (GNU orders local symbols so). */
  readonly seq: number;

  constructor(
    readonly name: string,
    readonly nobits: boolean,
    readonly flags: SectionFlags,
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

  // Mapping symbols follow GNU as (tc-arm.c's mapping_state, mapping_state_2, s_ltorg,
  // arm_handle_align and check_mapping_symbols), so objects list the same $a/$t/$d symbols in the
  // same order:
  //  - bytes of a kind (`mark`) start a symbol when the state changes, except that data at the
  //    start of a section waits: if code follows, a $d at offset 0 is added then, else none;
  //  - alignment, .space/.fill and the zero padding of `.arm` (`mark2`) mark their start at once,
  //    even when they turn out empty;
  //  - a code alignment whose padding is not whole instructions becomes, once assembly ends,
  //    $d over the odd bytes and the code state after them (those symbols come last);
  //  - of symbols at one offset the last one placed stays, and none stays at the section's end.

  /** Bytes of `kind` follow (GNU's mapping_state). */
  mark(kind: MappingKind): void {
    if (this.mapState === kind) return;
    if (this.mapState === '' && kind === 'd') return;
    this.mark2(kind);
  }

  /** An alignment or fill of `kind` starts here (GNU's mapping_state_2). */
  mark2(kind: MappingKind): void {
    if (this.mapState === kind) return;
    if (this.mapState === '' && kind !== 'd' && this.size > 0) this.addMapping('d', 0);
    this.mapState = kind;
    this.addMapping(kind, this.size);
  }

  /** A literal pool starts here: GNU gives every pool its own $d. */
  markPool(): void {
    this.mapState = 'd';
    this.addMapping('d', this.size);
  }

  /**
   * A code alignment (`kind` the instruction set in force) of `pad` bytes starts here; padding that
   * is not whole instructions is marked when assembly ends (`finishMappings`).
   */
  markCodeAlign(kind: 'a' | 't', pad: number): void {
    this.mark2(kind);
    const rank = this.next();
    const fix = pad % (kind === 't' ? 2 : 4);
    if (fix === 0) return;
    const last = this.maps[this.maps.length - 1];
    this.lateAligns.push({ at: this.size, fix, kind, rank, replaces: last && last.offset === this.size ? last : undefined });
  }

  private addMapping(kind: MappingKind, offset: number): void {
    const seq = this.next();
    this.maps.push({ offset, kind, seq, rank: seq });
  }

  /** Places the symbols of odd code-alignment padding and drops superseded ones (end of assembly). */
  finishMappings(): void {
    for (const a of this.lateAligns) {
      if (a.replaces) a.replaces.dead = true;
      this.maps.push({ offset: a.at, kind: 'd', seq: this.next(), rank: a.rank + 0.25 });
      this.maps.push({ offset: a.at + a.fix, kind: a.kind, seq: this.next(), rank: a.rank + 0.5 });
    }
    this.lateAligns.length = 0;
    const best = new Map<number, MapSym>();
    for (const m of this.maps) {
      if (m.dead || m.offset >= this.size) continue;
      const b = best.get(m.offset);
      if (!b || m.rank > b.rank) best.set(m.offset, m);
    }
    this.mappings = [...best.values()].sort((x, y) => x.offset - y.offset).map((m) => ({ offset: m.offset, kind: m.kind, seq: m.seq }));
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
      mappings: this.mappings,
    };
  }
}
