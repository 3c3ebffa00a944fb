// The parts of an ELF32 little-endian ARM file both readers need: bounds-checked access, the
// header and the named section headers. A malformed file raises ElfError naming the field.
import { ElfError } from '../errors.ts';
import * as F from './format.ts';

export interface SectionHeader {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

export class Reader {
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


export interface ParsedElf {
  readonly r: Reader;
  readonly type: number;
  readonly flags: number;
  readonly entry: number;
  readonly phoff: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly shs: readonly SectionHeader[];
}

export function parseElf(bytes: Uint8Array, name: string): ParsedElf {
  const r = new Reader(bytes);
  if (bytes.length < F.ELF_HEADER_SIZE) throw new ElfError('e_ident', `${name}: file too short for an ELF header (${bytes.length} bytes)`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw new ElfError('e_ident[EI_MAG]', `${name}: not an ELF file`);
  if (bytes[4] !== 1) throw new ElfError('e_ident[EI_CLASS]', `${name}: not ELF32 (class ${bytes[4]})`);
  if (bytes[5] !== 1) throw new ElfError('e_ident[EI_DATA]', `${name}: not little-endian (data ${bytes[5]})`);
  const type = r.u16(16, 'e_type');
  const machine = r.u16(18, 'e_machine');
  if (machine !== F.EM_ARM) throw new ElfError('e_machine', `${name}: not ARM (machine ${machine})`);
  const entry = r.u32(24, 'e_entry');
  const flags = r.u32(36, 'e_flags');
  const phoff = r.u32(28, 'e_phoff');
  const shoff = r.u32(32, 'e_shoff');
  const phentsize = r.u16(42, 'e_phentsize');
  const phnum = r.u16(44, 'e_phnum');
  const shentsize = r.u16(46, 'e_shentsize');
  const shnum = r.u16(48, 'e_shnum');
  const shstrndx = r.u16(50, 'e_shstrndx');

  // Section headers (optional for loading; needed for names and symbols).
  const shs: SectionHeader[] = [];
  if (shoff !== 0 && shnum > 0) {
    if (shentsize < F.SH_SIZE) throw new ElfError('e_shentsize', `${name}: ${shentsize} is smaller than ${F.SH_SIZE}`);
    r.check(shoff, shnum * shentsize, 'e_shoff');
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      shs.push({
        name: String(r.u32(o, 'sh_name')), type: r.u32(o + 4, 'sh_type'), flags: r.u32(o + 8, 'sh_flags'), addr: r.u32(o + 12, 'sh_addr'),
        offset: r.u32(o + 16, 'sh_offset'), size: r.u32(o + 20, 'sh_size'), link: r.u32(o + 24, 'sh_link'), info: r.u32(o + 28, 'sh_info'),
        addralign: r.u32(o + 32, 'sh_addralign'), entsize: r.u32(o + 36, 'sh_entsize'),
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

  return { r, type, flags, entry, phoff, phentsize, phnum, shs };
}
