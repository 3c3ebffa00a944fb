// Reads an ELF32 little-endian ARM executable (ours or GNU ld's): PT_LOAD segments, symbols,
// mapping symbols, and our line table when present. Every bound is checked; a malformed file
// raises ElfError naming the offending field.
import { ElfError } from '../errors.ts';
import { makeImage, type LineRecord, type LinkedImage, type MappingRecord, type Segment } from '../image.ts';
import type { MappingKind } from '../object.ts';
import * as F from './format.ts';

interface SectionHeader {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

class Reader {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  check(off: number, len: number, field: string): void {
    if (!Number.isInteger(off) || off < 0 || len < 0 || off + len > this.bytes.length) {
      throw new ElfError(field, `range 0x${off.toString(16)}+0x${len.toString(16)} lies outside the file (0x${this.bytes.length.toString(16)} bytes)`);
    }
  }
  u8(off: number, field: string): number {
    this.check(off, 1, field);
    return this.dv.getUint8(off);
  }
  u16(off: number, field: string): number {
    this.check(off, 2, field);
    return this.dv.getUint16(off, true);
  }
  u32(off: number, field: string): number {
    this.check(off, 4, field);
    return this.dv.getUint32(off, true);
  }
  cstr(off: number, limit: number, field: string): string {
    this.check(off, 0, field);
    let end = off;
    while (end < limit && end < this.bytes.length && this.bytes[end] !== 0) end++;
    if (end >= limit || end >= this.bytes.length) throw new ElfError(field, 'string is not terminated inside its table');
    return new TextDecoder().decode(this.bytes.subarray(off, end));
  }
}

export function readElf(bytes: Uint8Array, name = 'ELF file'): LinkedImage {
  const r = new Reader(bytes);
  if (bytes.length < F.ELF_HEADER_SIZE) throw new ElfError('e_ident', `${name}: file too short for an ELF header (${bytes.length} bytes)`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw new ElfError('e_ident[EI_MAG]', `${name}: not an ELF file`);
  if (bytes[4] !== 1) throw new ElfError('e_ident[EI_CLASS]', `${name}: not ELF32 (class ${bytes[4]})`);
  if (bytes[5] !== 1) throw new ElfError('e_ident[EI_DATA]', `${name}: not little-endian (data ${bytes[5]})`);
  const type = r.u16(16, 'e_type');
  if (type !== F.ET_EXEC) throw new ElfError('e_type', `${name}: not an executable (type ${type})`);
  const machine = r.u16(18, 'e_machine');
  if (machine !== F.EM_ARM) throw new ElfError('e_machine', `${name}: not ARM (machine ${machine})`);
  const entry = r.u32(24, 'e_entry');
  const phoff = r.u32(28, 'e_phoff');
  const shoff = r.u32(32, 'e_shoff');
  const phentsize = r.u16(42, 'e_phentsize');
  const phnum = r.u16(44, 'e_phnum');
  const shentsize = r.u16(46, 'e_shentsize');
  const shnum = r.u16(48, 'e_shnum');
  const shstrndx = r.u16(50, 'e_shstrndx');
  if (phnum > 0 && phentsize < F.PH_SIZE) throw new ElfError('e_phentsize', `${name}: ${phentsize} is smaller than ${F.PH_SIZE}`);
  if (phnum > 0) r.check(phoff, phnum * phentsize, 'e_phoff');

  // Section headers (optional for loading; needed for names and symbols).
  const shs: SectionHeader[] = [];
  if (shoff !== 0 && shnum > 0) {
    if (shentsize < F.SH_SIZE) throw new ElfError('e_shentsize', `${name}: ${shentsize} is smaller than ${F.SH_SIZE}`);
    r.check(shoff, shnum * shentsize, 'e_shoff');
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      shs.push({
        name: String(r.u32(o, 'sh_name')), type: r.u32(o + 4, 'sh_type'), flags: r.u32(o + 8, 'sh_flags'), addr: r.u32(o + 12, 'sh_addr'),
        offset: r.u32(o + 16, 'sh_offset'), size: r.u32(o + 20, 'sh_size'), link: r.u32(o + 24, 'sh_link'), entsize: r.u32(o + 36, 'sh_entsize'),
      });
    }
    if (shstrndx !== 0) {
      const str = shs[shstrndx];
      if (!str) throw new ElfError('e_shstrndx', `${name}: section ${shstrndx} does not exist`);
      r.check(str.offset, str.size, 'sh_offset (.shstrtab)');
      for (const s of shs) {
        const off = Number(s.name);
        if (off >= str.size) throw new ElfError('sh_name', `${name}: name offset ${off} outside .shstrtab`);
        s.name = r.cstr(str.offset + off, str.offset + str.size, 'sh_name');
      }
    }
  }

  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (r.u32(o, 'p_type') !== F.PT_LOAD) continue;
    const offset = r.u32(o + 4, 'p_offset');
    const vaddr = r.u32(o + 8, 'p_vaddr');
    const filesz = r.u32(o + 16, 'p_filesz');
    const memsz = r.u32(o + 20, 'p_memsz');
    const flags = r.u32(o + 24, 'p_flags');
    if (filesz > memsz) throw new ElfError('p_filesz', `${name}: segment ${i} has p_filesz 0x${filesz.toString(16)} > p_memsz 0x${memsz.toString(16)}`);
    r.check(offset, filesz, 'p_offset');
    if (memsz === 0) continue;
    const sec = shs.find((s) => s.flags & F.SHF_ALLOC && s.addr === vaddr && s.size > 0);
    segments.push({
      name: sec?.name ?? `segment${i}`,
      address: vaddr,
      data: bytes.slice(offset, offset + filesz),
      memSize: memsz,
      flags: { read: (flags & F.PF_R) !== 0, write: (flags & F.PF_W) !== 0, exec: (flags & F.PF_X) !== 0 },
    });
  }

  const symbols = new Map<string, number>();
  const globals = new Set<string>();
  const thumbFunctions = new Set<string>();
  const mappings: MappingRecord[] = [];
  const symtab = shs.find((s) => s.type === F.SHT_SYMTAB);
  if (symtab) {
    if (symtab.entsize !== 0 && symtab.entsize < F.SYM_SIZE) throw new ElfError('sh_entsize', `${name}: symbol entry size ${symtab.entsize}`);
    const strs = shs[symtab.link];
    if (!strs || strs.type !== F.SHT_STRTAB) throw new ElfError('sh_link', `${name}: .symtab does not link to a string table`);
    r.check(symtab.offset, symtab.size, 'sh_offset (.symtab)');
    r.check(strs.offset, strs.size, 'sh_offset (.strtab)');
    const ent = symtab.entsize || F.SYM_SIZE;
    for (let i = 1; i < Math.floor(symtab.size / ent); i++) {
      const o = symtab.offset + i * ent;
      const nameOff = r.u32(o, 'st_name');
      const value = r.u32(o + 4, 'st_value');
      const info = r.u8(o + 12, 'st_info');
      const shndx = r.u16(o + 14, 'st_shndx');
      const stType = info & 0xf;
      const bind = info >> 4;
      if (stType === F.STT_SECTION || stType === F.STT_FILE || nameOff === 0) continue;
      if (nameOff >= strs.size) throw new ElfError('st_name', `${name}: symbol ${i} name offset ${nameOff} outside .strtab`);
      const sname = r.cstr(strs.offset + nameOff, strs.offset + strs.size, 'st_name');
      if (shndx === 0) continue; // undefined symbol
      const mm = /^\$([adt])(\.|$)/.exec(sname);
      if (mm) {
        mappings.push({ address: value, kind: mm[1] as MappingKind });
        continue;
      }
      // A Thumb function's value has bit 0 set (ARM ELF); the image keeps addresses even.
      const thumbFunc = stType === F.STT_FUNC && (value & 1) === 1;
      const address = thumbFunc ? value - 1 : value;
      if (bind === F.STB_GLOBAL || bind === 2) {
        globals.add(sname);
        symbols.set(sname, address);
      } else if (!symbols.has(sname)) symbols.set(sname, address);
      else continue;
      if (thumbFunc) thumbFunctions.add(sname);
    }
  }

  const lines: LineRecord[] = [];
  const lt = shs.find((s) => s.name === F.LINES_SECTION);
  if (lt) {
    r.check(lt.offset, lt.size, 'sh_offset (.handoff.lines)');
    const end = lt.offset + lt.size;
    let p = lt.offset;
    const need = (n: number): void => {
      if (p + n > end) throw new ElfError('.handoff.lines', `${name}: line table truncated`);
    };
    need(4);
    const nfiles = r.u32(p, '.handoff.lines');
    p += 4;
    const files: string[] = [];
    for (let i = 0; i < nfiles; i++) {
      need(4);
      const len = r.u32(p, '.handoff.lines');
      p += 4;
      need(len);
      files.push(new TextDecoder().decode(bytes.subarray(p, p + len)));
      p += Math.ceil(len / 4) * 4;
    }
    need(4);
    const n = r.u32(p, '.handoff.lines');
    p += 4;
    need(n * 12);
    for (let i = 0; i < n; i++, p += 12) {
      const fi = r.u32(p + 4, '.handoff.lines');
      const file = files[fi];
      if (file === undefined) throw new ElfError('.handoff.lines', `${name}: file index ${fi} out of range`);
      lines.push({ address: r.u32(p, '.handoff.lines'), file, line: r.u32(p + 8, '.handoff.lines') });
    }
  }
  return makeImage(entry, segments, symbols, lines, mappings, globals, thumbFunctions);
}
