// ELF32 relocatable objects (`.o`), ours and GNU as's: the sections, a symbol table in GNU's order
// (section symbols, mapping symbols, locals, then globals and undefined ones), REL relocation
// sections with the addends in the instruction fields (R_ARM_ABS32, REL32, CALL, JUMP24, PC24,
// V4BX, THM_CALL, THM_JUMP11, THM_JUMP8), and our line table in a non-allocated section. GNU ld
// links our objects; readObject turns GNU's objects (and ours) back into an ObjectFile.
import { ElfError } from '../errors.ts';
import type { LineEntry, MappingEntry, MappingKind, ObjectFile, ObjSection, ObjSymbol, Reloc, RelocKind } from '../object.ts';
import { thumbCallPair } from '../relocate.ts';
import { Bytes, fileTable, GnuStrTab, lineRecords } from './build.ts';
import * as F from './format.ts';
import { parseElf, type Reader, type SectionHeader } from './parse.ts';

const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);

/** The ELF type of one of our relocations, and the field holding its REL addend. */
function elfType(r: Reloc, word: number): number {
  switch (r.kind) {
    case 'abs32': return F.R_ARM.ABS32;
    case 'rel32': return F.R_ARM.REL32;
    case 'v4bx': return F.R_ARM.V4BX;
    // GNU: R_ARM_CALL for an unconditional BL (and BLX), R_ARM_JUMP24 for B and conditional BL.
    case 'branch24': return (word & 0xff000000) >>> 0 === 0xeb000000 ? F.R_ARM.CALL : F.R_ARM.JUMP24;
    case 'blx24': return F.R_ARM.CALL;
    case 'thm_call': return F.R_ARM.THM_CALL;
    case 'thm_jump11': return F.R_ARM.THM_JUMP11;
    case 'thm_jump8': return F.R_ARM.THM_JUMP8;
    case 'other': return r.elfType ?? F.R_ARM.NONE;
  }
}

/**
 * Writes the implicit (REL) addend into the field. Our addend is the offset of the target from the
 * symbol; ELF's counts from the place as the instruction does (pc + 8 in ARM, pc + 4 in Thumb).
 */
function writeAddend(dv: DataView, at: number, r: Reloc): void {
  const a = r.addend | 0;
  switch (r.kind) {
    case 'abs32':
    case 'rel32':
      dv.setUint32(at, a >>> 0, true);
      return;
    case 'v4bx':
    case 'other': // the assembler wrote GNU's in-place value
      return;
    case 'branch24': {
      const w = dv.getUint32(at, true);
      dv.setUint32(at, ((w & 0xff000000) | (((a - 8) >> 2) & 0xffffff)) >>> 0, true);
      return;
    }
    case 'blx24':
      dv.setUint32(at, (0xfa000000 | ((((a - 8) >> 1) & 1) << 24) | (((a - 8) >> 2) & 0xffffff)) >>> 0, true);
      return;
    case 'thm_call': {
      const blx = (dv.getUint16(at + 2, true) & 0x1000) === 0;
      const pair = thumbCallPair(a - 4, blx);
      dv.setUint16(at, pair >>> 16, true);
      dv.setUint16(at + 2, pair & 0xffff, true);
      return;
    }
    case 'thm_jump11':
    case 'thm_jump8': {
      const h = dv.getUint16(at, true);
      const bits = r.kind === 'thm_jump11' ? 0x7ff : 0xff;
      dv.setUint16(at, (h & ~bits) | (((a - 4) >> 1) & bits), true);
      return;
    }
  }
}

function encodeObjectLines(sections: readonly ObjSection[], sectionIndex: ReadonlyMap<string, number>): Uint8Array {
  const b = new Bytes();
  const index = fileTable(b, sections.flatMap((s) => s.lines.map((l) => l.file)));
  b.u32(sections.length);
  for (const s of sections) {
    b.u32(sectionIndex.get(s.name)!);
    lineRecords(b, s.lines.map((l) => ({ at: l.offset, file: l.file, line: l.line })), index);
  }
  return b.done();
}

/**
 * The build attributes GNU as writes ("aeabi" vendor, file scope): Tag_CPU_name, Tag_CPU_arch
 * (from ARMv4 on), Tag_ARM_ISA_use, Tag_THUMB_ISA_use (with Thumb) for -march=armv5te unless
 * `.arch`/`.cpu` chose another, and those of `.eabi_attribute`; in BFD's order (Tag_conformance,
 * Tag_nodefaults, then by number), integers of 0 left out. GNU ld merges them into the output.
 */
function armAttributes(obj: ObjectFile): Uint8Array {
  const arch = obj.arch ?? { name: '5TE', arch: 4, thumb: true };
  const attrs = new Map<number, { int?: number; str?: string }>([[5, { str: arch.name }], [6, { int: arch.arch }], [8, { int: 1 }], [9, { int: arch.thumb ? 1 : 0 }]]);
  for (const [tag, v] of obj.attributes ?? []) attrs.set(tag, v);
  const rank = (t: number): number => (t === 67 ? -2 : t === 64 ? -1 : t);
  const file: number[] = [];
  const enc = new TextEncoder();
  for (const tag of [...attrs.keys()].sort((a, b) => rank(a) - rank(b))) {
    const v = attrs.get(tag)!;
    const isStr = attributeIsString(tag);
    if (tag === 32) {
      if (!v.int && !v.str) continue;
      file.push(...uleb(tag), ...uleb(v.int ?? 0), ...enc.encode(v.str ?? ''), 0);
    } else if (isStr) {
      if (v.str === undefined) continue;
      file.push(...uleb(tag), ...enc.encode(v.str), 0);
    } else {
      if (!v.int && tag !== 64) continue;
      file.push(...uleb(tag), ...uleb(v.int ?? 0));
    }
  }
  const vendor = [...enc.encode('aeabi'), 0, 1, ...u32le(5 + file.length), ...file];
  return Uint8Array.from([0x41, ...u32le(4 + vendor.length), ...vendor]);
}

/** GNU's rule for an attribute's value: Tag_CPU_raw_name, Tag_CPU_name and odd tags from 32 on are strings. */
export function attributeIsString(tag: number): boolean {
  return tag === 4 || tag === 5 || (tag > 32 && (tag & 1) === 1);
}

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}
const u32le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

const DEFAULT_SECTIONS = ['.text', '.data', '.bss'] as const;

/** Sections GNU gives an ELF type of their own by name (with the entry size). */
const SPECIAL_TYPES: Readonly<Record<string, { type: number; entsize: number }>> = {
  '.init_array': { type: 14, entsize: 4 }, '.fini_array': { type: 15, entsize: 4 }, '.preinit_array': { type: 16, entsize: 4 }, '.note': { type: 7, entsize: 0 },
};

/** GNU as's section list: .text, .data, .bss always (even empty), then the others in order made. */
function gnuSections(obj: ObjectFile): ObjSection[] {
  const empty = (name: string): ObjSection => ({
    name, nobits: name === '.bss', flags: { alloc: true, write: name !== '.text', exec: name === '.text' }, data: new Uint8Array(0), size: 0, align: 1,
    relocs: [], lines: [], mappings: [],
  });
  const defaults = DEFAULT_SECTIONS.map((n) => obj.sections.find((s) => s.name === n) ?? empty(n));
  return [...defaults, ...obj.sections.filter((s) => !(DEFAULT_SECTIONS as readonly string[]).includes(s.name))];
}

export interface WriteObjectOptions {
  /** Add our line table (`.handoff.objlines`), which GNU ld carries through unused. */
  readonly lineTable?: boolean;
}

/**
 * An ELF32 ARM relocatable object, laid out as GNU as lays out its own: the same sections in the
 * same order (with .ARM.attributes), each followed by its .rel section, and the symbol table in
 * the order the symbols were made. (GNU ld names and orders its interworking veneers by section
 * and symbol numbers: with the same numbering, mixed builds are byte-identical.)
 */
export function writeObject(obj: ObjectFile, options: WriteObjectOptions = {}): Uint8Array {
  const out = new Bytes();
  for (let i = 0; i < F.ELF_HEADER_SIZE; i++) out.u8(0);
  const secs = gnuSections(obj);
  const attributes = armAttributes(obj);

  // Symbols: null; locals in the order made (section and mapping symbols among them);
  // .ARM.attributes' section symbol; then globals and undefined symbols in the order mentioned.
  // Names go into BFD-style string tables (suffixes shared), laid out once all are known.
  const str = new GnuStrTab();
  const symRecords: { name: number; value: number; info: number; shndx: number }[] = [];
  let count = 0;
  const sym = (name: string, value: number, bind: number, type: number, shndx: number): number => {
    symRecords.push({ name: str.add(name), value: value >>> 0, info: (bind << 4) | type, shndx });
    return count++;
  };
  // Section header indices: each section, then its .rel section when it has relocations.
  const secIndex = new Map<string, number>();
  let next = 1;
  for (const s of secs) {
    secIndex.set(s.name, next++);
    if (s.relocs.length > 0) next++;
  }
  const attrIndex = next++;
  sym('', 0, 0, 0, 0);
  const sectionSym = new Map<string, number>();
  const symIndex = new Map<string, number>();
  const emit = (s: ObjSymbol, bind: number): void => {
    const thumbFunc = s.type === 'function' && s.thumb === true;
    const type = s.type === 'function' ? F.STT_FUNC : s.type === 'object' ? F.STT_OBJECT : s.type === 'tls' ? F.STT_TLS : F.STT_NOTYPE;
    const shndx = s.section === null ? F.SHN_ABS : secIndex.get(s.section)!;
    const i = sym(s.name, thumbFunc ? s.value | 1 : s.value, bind, type, shndx);
    if (!symIndex.has(s.name) || bind !== F.STB_LOCAL) symIndex.set(s.name, i);
  };
  type Local = { readonly seq: number; readonly write: () => void };
  const locals: Local[] = [];
  secs.forEach((s) => {
    const d = (DEFAULT_SECTIONS as readonly string[]).indexOf(s.name);
    locals.push({ seq: d >= 0 ? d - 3 : s.seq ?? Infinity, write: () => sectionSym.set(s.name, sym('', 0, F.STB_LOCAL, F.STT_SECTION, secIndex.get(s.name)!)) });
    for (const m of s.mappings) locals.push({ seq: m.seq ?? Infinity, write: () => void sym(`$${m.kind}`, m.offset, F.STB_LOCAL, F.STT_NOTYPE, secIndex.get(s.name)!) });
  });
  for (const s of obj.symbols) if (!s.global) locals.push({ seq: s.seq ?? Infinity, write: () => emit(s, F.STB_LOCAL) });
  locals.map((l, i) => ({ l, i })).sort((a, b) => a.l.seq - b.l.seq || a.i - b.i).forEach(({ l }) => l.write());
  sym('', 0, F.STB_LOCAL, F.STT_SECTION, attrIndex);
  const firstGlobal = count;
  const globals = new Map(obj.symbols.filter((s) => s.global).map((s) => [s.name, s]));
  const undefinedNames = new Set(obj.undefinedSymbols.filter((u) => !globals.has(u)));
  const undefinedTls = new Set(obj.undefinedTls ?? []);
  const placed = new Set<string>();
  for (const name of [...(obj.globalOrder ?? []), ...globals.keys(), ...undefinedNames]) {
    if (placed.has(name)) continue;
    const g = globals.get(name);
    if (g) emit(g, F.STB_GLOBAL);
    else if (undefinedNames.has(name)) symIndex.set(name, sym(name, 0, F.STB_GLOBAL, undefinedTls.has(name) ? F.STT_TLS : F.STT_NOTYPE, F.SHN_UNDEF));
    else continue;
    placed.add(name);
  }

  // Contents: each section's bytes (with REL addends in the fields), then its relocations.
  const headers: number[][] = [[-1, 0, 0, 0, 0, 0, 0, 0, 0, 0]];
  const shstr = new GnuStrTab();
  // BFD names these first.
  const symtabName = shstr.add('.symtab');
  const strtabName = shstr.add('.strtab');
  const shstrName = shstr.add('.shstrtab');
  const symtabIndex = attrIndex + (options.lineTable ? 2 : 1);
  // GNU's file layout: the sections' contents (each at its own alignment), the symbol and string
  // tables, then the relocation sections, then the section names.
  const relWrites: { header: number[]; write: () => void }[] = [];
  for (const s of secs) {
    out.alignTo(Math.min(Math.max(s.align, 1), 1 << 16));
    const offset = out.len;
    const dv = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    if (!s.nobits) {
      const data = s.data.slice();
      const ddv = new DataView(data.buffer);
      for (const r of s.relocs) writeAddend(ddv, r.offset, r);
      out.bytes(data);
    }
    const flags = (s.flags.alloc ? F.SHF_ALLOC : 0) | (s.flags.write ? F.SHF_WRITE : 0) | (s.flags.exec ? F.SHF_EXECINSTR : 0) | (s.flags.tls ? F.SHF_TLS : 0);
    const special = SPECIAL_TYPES[s.name.replace(/^(\.(?:init|fini|preinit)_array|\.note).*$/, '$1')];
    const type = s.nobits ? F.SHT_NOBITS : special?.type ?? F.SHT_PROGBITS;
    headers.push([shstr.add(s.name), type, flags, 0, offset, s.nobits ? s.size : s.data.length, 0, 0, s.align, special?.entsize ?? 0]);
    if (s.relocs.length === 0) continue;
    const header = [shstr.add(`.rel${s.name}`), F.SHT_REL, F.SHF_INFO_LINK, 0, 0, s.relocs.length * F.REL_SIZE, symtabIndex, secIndex.get(s.name)!, 4, F.REL_SIZE];
    headers.push(header);
    relWrites.push({
      header,
      write: () => {
        for (const r of s.relocs) {
          const target = r.target.kind === 'absolute' ? 0 : r.target.kind === 'section' ? sectionSym.get(r.target.section) : symIndex.get(r.target.name);
          if (target === undefined) throw new ElfError('r_info', `${obj.file}: relocation against '${r.target.kind === 'symbol' ? r.target.name : r.target.kind === 'section' ? r.target.section : '?'}', which has no symbol`);
          out.u32(r.offset);
          out.u32(((target << 8) | elfType(r, r.kind === 'branch24' ? dv.getUint32(r.offset, true) : 0)) >>> 0);
        }
      },
    });
  }
  const attrOffset = out.len;
  out.bytes(attributes);
  headers.push([shstr.add('.ARM.attributes'), F.SHT_ARM_ATTRIBUTES, 0, 0, attrOffset, attributes.length, 0, 0, 1, 0]);
  if (options.lineTable) {
    const lines = encodeObjectLines(secs, secIndex);
    out.alignTo(4);
    headers.push([shstr.add(F.OBJECT_LINES_SECTION), F.SHT_PROGBITS, 0, 0, out.len, lines.length, 0, 0, 4, 0]);
    out.bytes(lines);
  }
  out.alignTo(4);
  const strData = str.finish();
  headers.push([symtabName, F.SHT_SYMTAB, 0, 0, out.len, count * F.SYM_SIZE, symtabIndex + 1, firstGlobal, 4, F.SYM_SIZE]);
  for (const r of symRecords) {
    out.u32(str.offset(r.name));
    out.u32(r.value);
    out.u32(0);
    out.u8(r.info);
    out.u8(0);
    out.u16(r.shndx);
  }
  headers.push([strtabName, F.SHT_STRTAB, 0, 0, out.len, strData.length, 0, 0, 1, 0]);
  out.bytes(strData);
  for (const w of relWrites) {
    out.alignTo(4);
    w.header[4] = out.len;
    w.write();
  }
  const shstrData = shstr.finish();
  headers.push([shstrName, F.SHT_STRTAB, 0, 0, out.len, shstrData.length, 0, 0, 1, 0]);
  out.bytes(shstrData);
  out.alignTo(4);
  const shoff = out.len;
  for (const h of headers) {
    out.u32(shstr.offset(h[0]!));
    for (const v of h.slice(1)) out.u32(v);
  }

  const bytes = out.done();
  const dv = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0);
  dv.setUint16(16, F.ET_REL, true);
  dv.setUint16(18, F.EM_ARM, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(32, shoff, true);
  dv.setUint32(36, F.EF_ARM_EABI5, true);
  dv.setUint16(40, F.ELF_HEADER_SIZE, true);
  dv.setUint16(46, F.SH_SIZE, true);
  dv.setUint16(48, headers.length, true);
  dv.setUint16(50, headers.length - 1, true);
  return bytes;
}

interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  readonly type: number;
  readonly bind: number;
  readonly shndx: number;
}

function readSymbols(r: Reader, shs: readonly SectionHeader[], name: string): ElfSymbol[] {
  const symtab = shs.find((s) => s.type === F.SHT_SYMTAB);
  if (!symtab) return [];
  const strs = shs[symtab.link];
  if (!strs || strs.type !== F.SHT_STRTAB) throw new ElfError('sh_link', `${name}: .symtab does not link to a string table`);
  r.check(symtab.offset, symtab.size, 'sh_offset (.symtab)');
  r.check(strs.offset, strs.size, 'sh_offset (.strtab)');
  const ent = symtab.entsize || F.SYM_SIZE;
  if (ent < F.SYM_SIZE) throw new ElfError('sh_entsize', `${name}: symbol entry size ${ent}`);
  const out: ElfSymbol[] = [];
  for (let i = 0; i < Math.floor(symtab.size / ent); i++) {
    const o = symtab.offset + i * ent;
    const nameOff = r.u32(o, 'st_name');
    if (nameOff >= Math.max(strs.size, 1)) throw new ElfError('st_name', `${name}: symbol ${i} name offset ${nameOff} outside .strtab`);
    const info = r.u8(o + 12, 'st_info');
    out.push({
      name: nameOff === 0 ? '' : r.cstr(strs.offset + nameOff, strs.offset + strs.size, 'st_name'),
      value: r.u32(o + 4, 'st_value'), type: info & 0xf, bind: info >> 4, shndx: r.u16(o + 14, 'st_shndx'),
    });
  }
  return out;
}

/** Our kind and addend for one ELF REL entry, from the type and the field. */
function readAddend(type: number, dv: DataView, at: number, where: string): { kind: RelocKind; addend: number } {
  switch (type) {
    case F.R_ARM.ABS32: return { kind: 'abs32', addend: dv.getInt32(at, true) };
    case F.R_ARM.REL32: return { kind: 'rel32', addend: dv.getInt32(at, true) };
    case F.R_ARM.V4BX: return { kind: 'v4bx', addend: 0 };
    case F.R_ARM.PC24:
    case F.R_ARM.CALL:
    case F.R_ARM.JUMP24: {
      const w = dv.getUint32(at, true);
      const blx = w >>> 25 === 0x7d;
      const a = (sext(w & 0xffffff, 24) << 2) | (blx ? ((w >>> 24) & 1) << 1 : 0);
      return { kind: blx ? 'blx24' : 'branch24', addend: a + 8 };
    }
    case F.R_ARM.THM_CALL: {
      const hi = dv.getUint16(at, true);
      const lo = dv.getUint16(at + 2, true);
      return { kind: 'thm_call', addend: sext(((hi & 0x7ff) << 12) | ((lo & 0x7ff) << 1), 23) + 4 };
    }
    case F.R_ARM.THM_JUMP11: return { kind: 'thm_jump11', addend: sext(dv.getUint16(at, true) & 0x7ff, 11) * 2 + 4 };
    case F.R_ARM.THM_JUMP8: return { kind: 'thm_jump8', addend: sext(dv.getUint16(at, true) & 0xff, 8) * 2 + 4 };
    default:
      throw new ElfError('r_info', `${where}: relocation type ${type} is not supported (we link R_ARM_ABS32, REL32, CALL, JUMP24, PC24, V4BX, THM_CALL, THM_JUMP11, THM_JUMP8)`);
  }
}

function decodeObjectLines(r: Reader, h: SectionHeader, name: string, sectionOf: (shndx: number) => number): Map<number, LineEntry[]> {
  const out = new Map<number, LineEntry[]>();
  r.check(h.offset, h.size, `sh_offset (${F.OBJECT_LINES_SECTION})`);
  const end = h.offset + h.size;
  let p = h.offset;
  const u32 = (): number => {
    if (p + 4 > end) throw new ElfError(F.OBJECT_LINES_SECTION, `${name}: line table truncated`);
    const v = r.u32(p, F.OBJECT_LINES_SECTION);
    p += 4;
    return v;
  };
  const files: string[] = [];
  for (let n = u32(); n > 0; n--) {
    const len = u32();
    if (p + len > end) throw new ElfError(F.OBJECT_LINES_SECTION, `${name}: line table truncated`);
    files.push(new TextDecoder().decode(r.bytes.subarray(p, p + len)));
    p += Math.ceil(len / 4) * 4;
  }
  for (let n = u32(); n > 0; n--) {
    const sec = sectionOf(u32());
    const lines: LineEntry[] = [];
    for (let k = u32(); k > 0; k--) {
      const offset = u32();
      const file = files[u32()];
      if (file === undefined) throw new ElfError(F.OBJECT_LINES_SECTION, `${name}: file index out of range`);
      lines.push({ offset, file, line: u32() });
    }
    out.set(sec, lines);
  }
  return out;
}

/** Reads an ELF32 ARM relocatable object (GNU as's or ours) as an ObjectFile for our linker. */
export function readObject(bytes: Uint8Array, name = 'object'): ObjectFile {
  const { r, type, flags, shs } = parseElf(bytes, name);
  if (type !== F.ET_REL) throw new ElfError('e_type', `${name}: not a relocatable object (type ${type})`);
  if ((flags & F.EF_ARM_EABIMASK) >>> 0 !== F.EF_ARM_EABI5) throw new ElfError('e_flags', `${name}: EABI version ${flags >>> 24} (version 5 expected)`);
  const syms = readSymbols(r, shs, name);
  // Allocated sections with contents or zero fill; the rest (attributes, debug) is not linked.
  const keep = shs.map((h, i) => ({ h, i })).filter(({ h, i }) => (h.flags & F.SHF_ALLOC) !== 0 && h.type !== F.SHT_REL && h.type !== 0
    // Empty sections (GNU as always writes .text/.data/.bss) only when a symbol names them.
    && (h.size > 0 || syms.some((s) => s.shndx === i && s.type !== F.STT_SECTION && !s.name.startsWith('$'))));
  const secName = new Map(keep.map(({ h, i }) => [i, h.name]));
  const counts = new Map<string, number>();
  for (const s of syms) if (s.name) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  const mappings = new Map<number, MappingEntry[]>();
  const symbols: ObjSymbol[] = [];
  const undefinedSymbols: string[] = [];
  for (const s of syms) {
    if (!s.name || s.type === F.STT_SECTION || s.type === F.STT_FILE) continue;
    const m = /^\$([adt])(\.|$)/.exec(s.name);
    if (m) {
      if (!mappings.has(s.shndx)) mappings.set(s.shndx, []);
      mappings.get(s.shndx)!.push({ offset: s.value, kind: m[1] as MappingKind });
      continue;
    }
    if (s.shndx === F.SHN_UNDEF) {
      undefinedSymbols.push(s.name);
      continue;
    }
    const section = s.shndx === F.SHN_ABS ? null : secName.get(s.shndx);
    if (section === undefined) continue;
    const thumb = s.type === F.STT_FUNC && (s.value & 1) === 1;
    symbols.push({
      name: s.name, section, value: thumb ? s.value - 1 : s.value, global: s.bind === F.STB_GLOBAL || s.bind === F.STB_WEAK,
      ...(s.type === F.STT_FUNC ? { type: 'function' as const } : s.type === F.STT_OBJECT ? { type: 'object' as const } : {}), ...(thumb ? { thumb } : {}),
    });
  }
  const linesHeader = shs.find((h) => h.name === F.OBJECT_LINES_SECTION);
  const lines = linesHeader ? decodeObjectLines(r, linesHeader, name, (i) => i) : new Map<number, LineEntry[]>();
  const sections: ObjSection[] = keep.map(({ h, i }) => {
    const nobits = h.type === F.SHT_NOBITS;
    if (!nobits) r.check(h.offset, h.size, `sh_offset (${h.name})`);
    const data = nobits ? new Uint8Array(0) : bytes.slice(h.offset, h.offset + h.size);
    const dv = new DataView(data.buffer);
    const relocs: Reloc[] = [];
    for (const rel of shs.filter((x) => x.type === F.SHT_REL && x.info === i)) {
      r.check(rel.offset, rel.size, `sh_offset (${rel.name})`);
      for (let o = rel.offset; o + F.REL_SIZE <= rel.offset + rel.size; o += rel.entsize || F.REL_SIZE) {
        const offset = r.u32(o, 'r_offset');
        const info = r.u32(o + 4, 'r_info');
        const where = `${name}: ${rel.name}+0x${(o - rel.offset).toString(16)}`;
        if ((info & 0xff) === F.R_ARM.NONE) continue;
        if (offset + 4 > data.length && (info & 0xff) !== F.R_ARM.THM_JUMP11 && (info & 0xff) !== F.R_ARM.THM_JUMP8) throw new ElfError('r_offset', `${where}: offset 0x${offset.toString(16)} outside ${h.name}`);
        const { kind, addend } = readAddend(info & 0xff, dv, offset, where);
        const s = syms[info >>> 8];
        if (!s) throw new ElfError('r_info', `${where}: symbol ${info >>> 8} does not exist`);
        let target: Reloc['target'];
        let add = addend;
        if (info >>> 8 === 0) target = { kind: 'absolute' };
        else if (s.type === F.STT_SECTION) target = { kind: 'section', section: secName.get(s.shndx) ?? '?' };
        else if (s.shndx === F.SHN_ABS && s.bind === F.STB_LOCAL) {
          target = { kind: 'absolute' };
          add += s.value;
        } else if (s.bind !== F.STB_LOCAL || s.shndx === F.SHN_UNDEF || counts.get(s.name) === 1) target = { kind: 'symbol', name: s.name };
        else {
          target = { kind: 'section', section: secName.get(s.shndx) ?? '?' };
          add += s.value & ~(s.type === F.STT_FUNC ? 1 : 0);
        }
        relocs.push({ offset, kind, target, addend: add, ...relocSource(lines.get(i) ?? [], offset, name), section: h.name });
      }
    }
    return {
      name: h.name, nobits, flags: { alloc: true, write: (h.flags & F.SHF_WRITE) !== 0, exec: (h.flags & F.SHF_EXECINSTR) !== 0, ...((h.flags & F.SHF_TLS) !== 0 ? { tls: true } : {}) },
      data, size: h.size, align: Math.max(1, h.addralign), relocs, lines: lines.get(i) ?? [], mappings: mappings.get(i) ?? [],
    };
  });
  return { file: name, sections, symbols, undefinedSymbols: [...new Set(undefinedSymbols)], warnings: [] };
}

/** Where a relocation of an object was written: its line table's source line (no column is kept), else the object alone. */
function relocSource(lines: readonly LineEntry[], offset: number, object: string): { file: string; line: number; column: number } {
  let best: LineEntry | undefined;
  for (const l of lines) if (l.offset <= offset && (!best || l.offset >= best.offset)) best = l;
  return best ? { file: best.file, line: best.line, column: 0 } : { file: object, line: 0, column: 0 };
}
