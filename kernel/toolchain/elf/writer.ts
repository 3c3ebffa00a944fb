// Writes a LinkedImage as an ELF32 little-endian ARM executable: one PT_LOAD per segment, section
// headers, a symbol table with $a/$d mapping symbols (so objdump tells code from data), and the
// line table in a non-allocated section that readElf restores, and the same lines as DWARF
// (.debug_line/.debug_info/.debug_abbrev) for GDB and addr2line.
import type { LinkedImage } from '../image.ts';
import { Bytes, fileTable, lineRecords, StrTab } from './build.ts';
import { dwarfLineSections } from './dwarf-line.ts';
import * as F from './format.ts';

function encodeLines(image: LinkedImage): Uint8Array {
  const b = new Bytes();
  const index = fileTable(b, image.lines.map((l) => l.file));
  lineRecords(b, image.lines.map((l) => ({ at: l.address, file: l.file, line: l.line })), index);
  return b.done();
}

export function writeElf(image: LinkedImage): Uint8Array {
  const segs = image.segments.filter((s) => s.memSize > 0);
  const out = new Bytes();
  const phoff = F.ELF_HEADER_SIZE;
  // Header and program headers are filled in at the end; reserve their space.
  for (let i = 0; i < phoff + F.PH_SIZE * segs.length; i++) out.u8(0);
  const segOffsets: number[] = [];
  for (const s of segs) {
    // File offset congruent to the address modulo 4 KiB, as loaders expect for p_align.
    while (out.len % 0x1000 !== s.address % 0x1000) out.u8(0);
    segOffsets.push(out.len);
    out.bytes(s.data);
  }
  const lines = encodeLines(image);
  out.alignTo(4);
  const linesOff = out.len;
  out.bytes(lines);
  const dwarf = dwarfLineSections(image);
  const debug = dwarf
    ? ([['.debug_line', dwarf.line], ['.debug_info', dwarf.info], ['.debug_abbrev', dwarf.abbrev]] as const).map(([name, data]) => {
        const off = out.len;
        out.bytes(data);
        return { name, off, size: data.length };
      })
    : [];

  // Symbol table: null, mapping symbols, locals, then globals.
  const shstr = new StrTab();
  const str = new StrTab();
  const secIndexOf = (addr: number, allowEnd: boolean): number => {
    const i = segs.findIndex((s) => addr >= s.address && (addr < s.address + s.memSize || (allowEnd && addr === s.address + s.memSize)));
    return i < 0 ? F.SHN_ABS : i + 1;
  };
  const syms = new Bytes();
  const sym = (name: number, value: number, info: number, shndx: number): void => {
    syms.u32(name);
    syms.u32(value);
    syms.u32(0);
    syms.u8(info);
    syms.u8(0);
    syms.u16(shndx);
  };
  sym(0, 0, 0, 0);
  let count = 1;
  for (const m of image.mappings) {
    const shndx = secIndexOf(m.address, false);
    if (shndx === F.SHN_ABS) continue;
    sym(str.add(`$${m.kind}`), m.address, (F.STB_LOCAL << 4) | F.STT_NOTYPE, shndx);
    count++;
  }
  const entries = [...image.symbols.entries()].filter(([n]) => !n.startsWith('$'));
  const locals = entries.filter(([n]) => !image.globals.has(n));
  const globals = entries.filter(([n]) => image.globals.has(n));
  // Thumb functions are STT_FUNC with bit 0 set in the value, as GNU ld writes them.
  const thumb = image.thumbFunctions;
  for (const [n, v] of locals) {
    const t = thumb.has(n);
    sym(str.add(n), t ? v | 1 : v, (F.STB_LOCAL << 4) | (t ? F.STT_FUNC : F.STT_NOTYPE), secIndexOf(v, true));
    count++;
  }
  const firstGlobal = count;
  for (const [n, v] of globals) {
    const shndx = secIndexOf(v, true);
    const type = thumb.has(n) || (shndx !== F.SHN_ABS && segs[shndx - 1]!.flags.exec) ? F.STT_FUNC : F.STT_NOTYPE;
    sym(str.add(n), thumb.has(n) ? v | 1 : v, (F.STB_GLOBAL << 4) | type, shndx);
    count++;
  }
  out.alignTo(4);
  const symOff = out.len;
  out.bytes(syms.done());
  const strOff = out.len;
  const strData = str.out.done();
  out.bytes(strData);

  const names = [...segs.map((s) => s.name), F.LINES_SECTION, ...debug.map((d) => d.name), '.symtab', '.strtab', '.shstrtab'].map((n) => shstr.add(n));
  const shstrOff = out.len;
  const shstrData = shstr.out.done();
  out.bytes(shstrData);
  out.alignTo(4);
  const shoff = out.len;
  const sh = (name: number, type: number, flags: number, addr: number, off: number, size: number, link: number, info: number, align: number, entsize: number): void => {
    for (const v of [name, type, flags, addr, off, size, link, info, align, entsize]) out.u32(v);
  };
  sh(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  segs.forEach((s, i) => {
    const nobits = s.data.length === 0;
    const flags = F.SHF_ALLOC | (s.flags.write ? F.SHF_WRITE : 0) | (s.flags.exec ? F.SHF_EXECINSTR : 0);
    sh(names[i]!, nobits ? F.SHT_NOBITS : F.SHT_PROGBITS, flags, s.address, segOffsets[i]!, nobits ? s.memSize : s.data.length, 0, 0, 4, 0);
  });
  const n = segs.length;
  sh(names[n]!, F.SHT_PROGBITS, 0, 0, linesOff, lines.length, 0, 0, 4, 0);
  debug.forEach((d, i) => sh(names[n + 1 + i]!, F.SHT_PROGBITS, 0, 0, d.off, d.size, 0, 0, 1, 0));
  const t = n + 1 + debug.length; // the symbol table's name (its section index is t + 1: the null section is 0)
  sh(names[t]!, F.SHT_SYMTAB, 0, 0, symOff, count * F.SYM_SIZE, t + 2, firstGlobal, 4, F.SYM_SIZE);
  sh(names[t + 1]!, F.SHT_STRTAB, 0, 0, strOff, strData.length, 0, 0, 1, 0);
  sh(names[t + 2]!, F.SHT_STRTAB, 0, 0, shstrOff, shstrData.length, 0, 0, 1, 0);
  const shnum = t + 4;

  const bytes = out.done();
  const dv = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0);
  dv.setUint16(16, F.ET_EXEC, true);
  dv.setUint16(18, F.EM_ARM, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(24, image.entry >>> 0, true);
  dv.setUint32(28, segs.length ? phoff : 0, true);
  dv.setUint32(32, shoff, true);
  dv.setUint32(36, F.EF_ARM_EABI5_SOFT, true);
  dv.setUint16(40, F.ELF_HEADER_SIZE, true);
  dv.setUint16(42, F.PH_SIZE, true);
  dv.setUint16(44, segs.length, true);
  dv.setUint16(46, F.SH_SIZE, true);
  dv.setUint16(48, shnum, true);
  dv.setUint16(50, shnum - 1, true);
  segs.forEach((s, i) => {
    const o = phoff + i * F.PH_SIZE;
    const flags = F.PF_R | (s.flags.write ? F.PF_W : 0) | (s.flags.exec ? F.PF_X : 0);
    const vals = [F.PT_LOAD, segOffsets[i]!, s.address, s.address, s.data.length, s.memSize, flags, 0x1000];
    vals.forEach((v, k) => dv.setUint32(o + 4 * k, v >>> 0, true));
  });
  return bytes;
}
