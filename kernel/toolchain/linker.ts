// Links objects into an image: places same-named sections one after another at the addresses of
// the layout, resolves symbols and applies relocations.
import { LinkError } from './errors.ts';
import { makeImage, type LineRecord, type LinkedImage, type MappingRecord, type Segment } from './image.ts';
import type { ObjectFile, ObjSection, ObjSymbol } from './object.ts';
import { applyReloc, relocSite, type FunctionKind } from './relocate.ts';

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

const where = relocSite;

export function link(objects: readonly ObjectFile[], layout: Layout): LinkedImage {
  // Sections that are not allocated (GNU as's default for unknown names) are not loaded, as in GNU ld.
  objects = objects.map((o) => (o.sections.every((s) => s.flags.alloc) ? o : { ...o, sections: o.sections.filter((s) => s.flags.alloc) }));
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
  const thumbFunctions = new Set<string>();
  const globalDef = new Map<string, { file: string; sym: ObjSymbol; address: number }>();
  const addressOf = (i: number, s: ObjSymbol): number => (s.section === null ? s.value >>> 0 : (base.get(`${i}:${s.section}`)! + s.value) >>> 0);
  objects.forEach((o, i) => {
    for (const s of o.symbols) {
      if (!s.global) continue;
      const prev = globalDef.get(s.name);
      if (prev) throw new LinkError(`symbol '${s.name}' defined in both ${prev.file} and ${o.file}`);
      const address = addressOf(i, s);
      globalDef.set(s.name, { file: o.file, sym: s, address });
      globals.add(s.name);
      symbols.set(s.name, address);
      if (isThumbFunction(s)) thumbFunctions.add(s.name);
    }
  });
  objects.forEach((o, i) => {
    for (const s of o.symbols) {
      if (s.global || symbols.has(s.name)) continue;
      symbols.set(s.name, addressOf(i, s));
      if (isThumbFunction(s)) thumbFunctions.add(s.name);
    }
  });

  const segOf = (name: string): Segment => segments.find((s) => s.name === name)!;
  const lines: LineRecord[] = [];
  const mappings: MappingRecord[] = [];
  for (const p of placed) {
    const o = objects[p.obj]!;
    const own = localSymbols(o);
    for (const l of p.sec.lines) lines.push({ address: (p.address + l.offset) >>> 0, file: l.file, line: l.line });
    for (const m of p.sec.mappings) mappings.push({ address: (p.address + m.offset) >>> 0, kind: m.kind });
    const seg = segOf(p.sec.name);
    for (const r of p.sec.relocs) {
      let s: number;
      let fn: FunctionKind = null;
      if (r.target.kind === 'absolute') s = 0;
      else if (r.target.kind === 'section') s = base.get(`${p.obj}:${r.target.section}`)!;
      else {
        const local = own.get(r.target.name);
        const def = local ? { sym: local, address: addressOf(p.obj, local) } : globalDef.get(r.target.name);
        if (!def) throw new LinkError(`${where(r)}: undefined symbol '${r.target.name}'`);
        s = def.address;
        fn = functionKind(def.sym);
      }
      const place = (p.address + r.offset) >>> 0;
      applyReloc(seg, place, r, (s + r.addend) >>> 0, fn);
    }
  }
  let entry = segments[0]?.address ?? 0;
  const entryName = layout.entry ?? '_start';
  const e = symbols.get(entryName);
  // A Thumb entry point has bit 0 set, as in GNU ld's e_entry.
  if (e !== undefined) entry = thumbFunctions.has(entryName) ? (e | 1) >>> 0 : e;
  else if (layout.entry !== undefined) throw new LinkError(`entry symbol '${layout.entry}' is not defined`);
  return makeImage(entry, segments, symbols, lines, mappings, globals, thumbFunctions);
}

const isThumbFunction = (s: ObjSymbol): boolean => s.type === 'function' && s.thumb === true;

/** The interworking state of a relocation's target: only functions say which state they run in. */
function functionKind(s: ObjSymbol): FunctionKind {
  return s.type === 'function' ? (s.thumb ? 'thumb' : 'arm') : null;
}

/** An object's own symbols by name (they win over globals of the same name). */
function localSymbols(o: ObjectFile): Map<string, ObjSymbol> {
  const m = new Map<string, ObjSymbol>();
  for (const s of o.symbols) if (!m.has(s.name)) m.set(s.name, s);
  return m;
}
