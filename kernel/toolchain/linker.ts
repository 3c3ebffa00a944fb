// Links objects into an image: places same-named sections one after another at the addresses of
// the layout, resolves symbols and applies relocations.
import { encodeRotated } from './asm/immediate.ts';
import { LinkError } from './errors.ts';
import { makeImage, type LineRecord, type LinkedImage, type MappingRecord, type Segment } from './image.ts';
import type { ObjectFile, ObjSection, Reloc } from './object.ts';

export interface SectionPlacement {
  name: string;
  address: number;
}

export interface Layout {
  sections: readonly SectionPlacement[];
  /** Entry symbol (default _start, else the first section's address). */
  entry?: string;
}

interface Placed {
  readonly obj: number;
  readonly sec: ObjSection;
  readonly address: number;
}

const ADDRESS_SPACE = 2 ** 32;
const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

function where(r: Reloc): string {
  return `${r.file}:${r.line}:${r.column}`;
}

export function link(objects: readonly ObjectFile[], layout: Layout): LinkedImage {
  const names: string[] = [];
  for (const o of objects) for (const s of o.sections) if (!names.includes(s.name)) names.push(s.name);
  const order = [...layout.sections.map((p) => p.name)];
  for (const n of names) if (!order.includes(n)) order.push(n);

  const placed: Placed[] = [];
  const base = new Map<string, number>(); // `${obj}:${section}` -> address
  const segments: Segment[] = [];
  let cursor = 0;
  for (const name of order) {
    const fixed = layout.sections.find((p) => p.name === name);
    const parts = objects.flatMap((o, i) => o.sections.filter((s) => s.name === name).map((sec) => ({ obj: i, sec })));
    if (parts.length === 0) continue;
    const maxAlign = Math.max(...parts.map((p) => p.sec.align));
    if (fixed && !(Number.isInteger(fixed.address) && fixed.address >= 0 && fixed.address < ADDRESS_SPACE)) {
      throw new LinkError(`section ${name}: address ${fixed.address} is outside the 32-bit address space`);
    }
    let addr = fixed ? fixed.address : alignUp(cursor, maxAlign);
    const start = addr;
    for (const p of parts) {
      addr = alignUp(addr, p.sec.align);
      placed.push({ obj: p.obj, sec: p.sec, address: addr });
      base.set(`${p.obj}:${name}`, addr);
      addr += p.sec.size;
    }
    // Nothing wraps past 4 GB to address 0 (GNU ld: "section ... VMA wraps around address space").
    if (addr > ADDRESS_SPACE) {
      throw new LinkError(`section ${name} (0x${start.toString(16)}, ${addr - start} bytes) does not fit in the 32-bit address space`);
    }
    const size = addr - start;
    const nobits = parts.every((p) => p.sec.nobits);
    const data = new Uint8Array(nobits ? 0 : size);
    if (!nobits) for (const p of placed.filter((x) => x.sec.name === name)) if (!p.sec.nobits) data.set(p.sec.data, p.address - start);
    const flags = parts[0]!.sec.flags;
    segments.push({ name, address: start, data, memSize: size, flags: { read: true, write: flags.write, exec: flags.exec } });
    cursor = addr;
  }
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      const a = segments[i]!;
      const b = segments[j]!;
      if (a.memSize > 0 && b.memSize > 0 && a.address < b.address + b.memSize && b.address < a.address + a.memSize) {
        throw new LinkError(`sections ${a.name} (0x${a.address.toString(16)}..) and ${b.name} (0x${b.address.toString(16)}..) overlap`);
      }
    }
  }

  // Symbols: globals must be unique; locals are kept for traces when the name is free.
  const symbols = new Map<string, number>();
  const globals = new Set<string>();
  const globalDef = new Map<string, string>();
  objects.forEach((o, i) => {
    for (const s of o.symbols) {
      const addr = s.section === null ? s.value >>> 0 : (base.get(`${i}:${s.section}`)! + s.value) >>> 0;
      if (s.global) {
        if (globalDef.has(s.name)) throw new LinkError(`symbol '${s.name}' defined in both ${globalDef.get(s.name)} and ${o.file}`);
        globalDef.set(s.name, o.file);
        globals.add(s.name);
        symbols.set(s.name, addr);
      }
    }
  });
  objects.forEach((o, i) => {
    for (const s of o.symbols) {
      if (s.global || symbols.has(s.name)) continue;
      const addr = s.section === null ? s.value >>> 0 : (base.get(`${i}:${s.section}`)! + s.value) >>> 0;
      symbols.set(s.name, addr);
    }
  });

  const segOf = (name: string): Segment => segments.find((s) => s.name === name)!;
  const lines: LineRecord[] = [];
  const mappings: MappingRecord[] = [];
  for (const p of placed) {
    const o = objects[p.obj]!;
    for (const l of p.sec.lines) lines.push({ address: (p.address + l.offset) >>> 0, file: l.file, line: l.line });
    for (const m of p.sec.mappings) mappings.push({ address: (p.address + m.offset) >>> 0, kind: m.kind });
    const seg = segOf(p.sec.name);
    for (const r of p.sec.relocs) {
      let s: number;
      if (r.target.kind === 'absolute') s = 0;
      else if (r.target.kind === 'section') s = base.get(`${p.obj}:${r.target.section}`)!;
      else {
        const local = o.symbols.find((x) => x.name === (r.target as { name: string }).name);
        const v = local ? (local.section === null ? local.value : base.get(`${p.obj}:${local.section}`)! + local.value) : symbols.get(r.target.name);
        if (v === undefined || (!local && !globals.has(r.target.name))) {
          throw new LinkError(`${where(r)}: undefined symbol '${r.target.name}'`);
        }
        s = v;
      }
      const place = (p.address + r.offset) >>> 0;
      applyReloc(seg, place, r, (s + r.addend) >>> 0);
    }
  }
  let entry = segments[0]?.address ?? 0;
  const entryName = layout.entry ?? '_start';
  const e = symbols.get(entryName);
  if (e !== undefined) entry = e;
  else if (layout.entry !== undefined) throw new LinkError(`entry symbol '${layout.entry}' is not defined`);
  return makeImage(entry, segments, symbols, lines, mappings, globals);
}

function applyReloc(seg: Segment, place: number, r: Reloc, value: number): void {
  const at = place - seg.address;
  if (seg.data.length < at + 4) throw new LinkError(`${where(r)}: relocation outside the data of ${seg.name}`);
  const dv = new DataView(seg.data.buffer, seg.data.byteOffset, seg.data.byteLength);
  let w = dv.getUint32(at, true);
  const off = (value - (place + 8)) | 0;
  switch (r.kind) {
    case 'abs32':
      w = value;
      break;
    case 'branch24':
      if (off % 4 !== 0) throw new LinkError(`${where(r)}: branch target misaligned`);
      if (off < -0x2000000 || off > 0x1fffffc) throw new LinkError(`${where(r)}: branch out of range (offset ${off})`);
      w = (w & 0xff000000) | ((off >> 2) & 0xffffff);
      break;
    case 'blx24':
      if (off % 2 !== 0) throw new LinkError(`${where(r)}: blx target misaligned`);
      if (off < -0x2000000 || off > 0x1fffffe) throw new LinkError(`${where(r)}: branch out of range (offset ${off})`);
      w = 0xfa000000 | (((off >> 1) & 1) << 24) | ((off >> 2) & 0xffffff);
      break;
    case 'ldr12': {
      const mag = Math.abs(off);
      if (mag > 4095) throw new LinkError(`${where(r)}: pc-relative load out of range (offset ${off})`);
      w = (w & ~0x00800fff) | (off > 0 ? 1 << 23 : 0) | mag;
      break;
    }
    case 'ldrh8': {
      const mag = Math.abs(off);
      if (mag > 255) throw new LinkError(`${where(r)}: pc-relative load out of range (offset ${off})`);
      w = (w & ~0x00800f0f) | (off > 0 ? 1 << 23 : 0) | ((mag & 0xf0) << 4) | (mag & 0xf);
      break;
    }
    case 'cp8': {
      const mag = Math.abs(off);
      if (mag > 1020 || mag % 4 !== 0) throw new LinkError(`${where(r)}: coprocessor pc-relative offset ${off} not encodable`);
      w = (w & ~0x008000ff) | (off > 0 ? 1 << 23 : 0) | (mag >> 2);
      break;
    }
    case 'adr': {
      const add = encodeRotated(off);
      const sub = encodeRotated(-off);
      if (off >= 0 && add >= 0) w = (w & ~0x01e00fff) | (4 << 21) | add;
      else if (off < 0 && sub >= 0) w = (w & ~0x01e00fff) | (2 << 21) | sub;
      else throw new LinkError(`${where(r)}: adr offset ${off} cannot be encoded`);
      break;
    }
  }
  dv.setUint32(at, w >>> 0, true);
}
