// Reads an ELF32 little-endian ARM executable (ours or GNU ld's): PT_LOAD segments, symbols,
// mapping symbols, and our line table when present. Every bound is checked; a malformed file
// raises ElfError naming the offending field.
import { ElfError } from '../errors.ts';
import { makeImage, type LineRecord, type LinkedImage, type MappingRecord, type Segment } from '../image.ts';
import type { MappingKind } from '../object.ts';
import * as F from './format.ts';
import { parseElf } from './parse.ts';

export function readElf(bytes: Uint8Array, name = 'ELF file'): LinkedImage {
  const { r, type, entry, phoff, phentsize, phnum, shs } = parseElf(bytes, name);
  if (type !== F.ET_EXEC) throw new ElfError('e_type', `${name}: not an executable (type ${type})`);
  if (phnum > 0 && phentsize < F.PH_SIZE) throw new ElfError('e_phentsize', `${name}: ${phentsize} is smaller than ${F.PH_SIZE}`);
  if (phnum > 0) r.check(phoff, phnum * phentsize, 'e_phoff');

  const segments: Segment[] = [];
  const headers: number[] = []; // each segment's program header index, for errors
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
    if (vaddr + memsz > 2 ** 32) throw new ElfError('p_memsz', `${name}: segment ${i} (p_vaddr 0x${vaddr.toString(16)}, p_memsz 0x${memsz.toString(16)}) runs past the 32-bit address space`);
    headers.push(i);
    const sec = shs.find((s) => s.flags & F.SHF_ALLOC && s.addr === vaddr && s.size > 0);
    segments.push({
      name: sec?.name ?? `segment${i}`,
      address: vaddr,
      data: bytes.slice(offset, offset + filesz),
      memSize: memsz,
      flags: { read: (flags & F.PF_R) !== 0, write: (flags & F.PF_W) !== 0, exec: (flags & F.PF_X) !== 0 },
    });
  }

  checkNoOverlap(segments, headers, name);

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

/** Two PT_LOAD segments on one address: which bytes a loader keeps would depend on the order of loading. */
function checkNoOverlap(segments: readonly Segment[], headers: readonly number[], name: string): void {
  const order = segments.map((_, k) => k).sort((a, b) => segments[a]!.address - segments[b]!.address);
  for (let k = 1; k < order.length; k++) {
    const p = segments[order[k - 1]!]!;
    const q = segments[order[k]!]!;
    if (p.address + p.memSize <= q.address) continue;
    const range = (s: Segment): string => `p_vaddr 0x${s.address.toString(16)}, p_memsz 0x${s.memSize.toString(16)}`;
    throw new ElfError('p_vaddr', `${name}: segment ${headers[order[k]!]} (${range(q)}) overlaps segment ${headers[order[k - 1]!]} (${range(p)})`);
  }
}
