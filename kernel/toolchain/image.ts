// The linked image: segments at addresses, symbols, a line table and mapping symbols, with the
// lookups traces and waveforms use (address -> file:line, address -> symbol+offset).
import type { MappingKind } from './object.ts';

export interface Segment {
  name: string;
  address: number;
  data: Uint8Array;
  flags: { read: boolean; write: boolean; exec: boolean };
  /** Bytes in memory (>= data.length; the rest is zero, like .bss). */
  memSize: number;
}

export interface LineRecord {
  readonly address: number;
  readonly file: string;
  readonly line: number;
}

export interface MappingRecord {
  readonly address: number;
  readonly kind: MappingKind;
}

export interface LinkedImage {
  entry: number;
  segments: readonly Segment[];
  symbols: ReadonlyMap<string, number>;
  lineAt(address: number): { file: string; line: number } | undefined;
  symbolAt(address: number): { name: string; offset: number } | undefined;
  /** Line table sorted by address (empty for images read from foreign ELF files). */
  readonly lines: readonly LineRecord[];
  /** ARM/Thumb/data mapping symbols sorted by address. */
  readonly mappings: readonly MappingRecord[];
  /** Names of global symbols (the rest of `symbols` are file-local). */
  readonly globals: ReadonlySet<string>;
  /**
   * Names of Thumb functions. `symbols` holds their (even) addresses; the ELF symbol table, like
   * GNU ld's, gives them with bit 0 set, and `entry` has bit 0 set when the entry is one.
   */
  readonly thumbFunctions: ReadonlySet<string>;
}

function lastAtOrBefore<T extends { address: number }>(sorted: readonly T[], address: number): T | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  let best: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = sorted[mid]!;
    if (e.address <= address) {
      best = e;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Builds the image object with its lookup functions. */
export function makeImage(
  entry: number,
  segments: readonly Segment[],
  symbols: ReadonlyMap<string, number>,
  lines: readonly LineRecord[],
  mappings: readonly MappingRecord[],
  globals: ReadonlySet<string>,
  thumbFunctions: ReadonlySet<string> = new Set(),
): LinkedImage {
  const inSegment = (a: number): Segment | undefined => segments.find((s) => a >= s.address && a < s.address + s.memSize);
  const sortedLines = [...lines].sort((a, b) => a.address - b.address);
  const symList = [...symbols.entries()]
    .filter(([n]) => !n.startsWith('$'))
    .map(([name, address]) => ({ name, address, global: globals.has(name) }))
    .sort((a, b) => a.address - b.address || Number(b.global) - Number(a.global) || a.name.localeCompare(b.name));
  // For each address keep the preferred name (globals first, then alphabetical).
  const dedup: { name: string; address: number }[] = [];
  for (const s of symList) if (dedup.length === 0 || dedup[dedup.length - 1]!.address !== s.address) dedup.push(s);
  return {
    entry,
    segments,
    symbols,
    lines: sortedLines,
    mappings: [...mappings].sort((a, b) => a.address - b.address),
    globals,
    thumbFunctions,
    lineAt(address) {
      const seg = inSegment(address);
      if (!seg) return undefined;
      const e = lastAtOrBefore(sortedLines, address);
      if (!e || e.address < seg.address) return undefined;
      return { file: e.file, line: e.line };
    },
    symbolAt(address) {
      const seg = inSegment(address);
      const e = lastAtOrBefore(dedup, address);
      if (!e) return undefined;
      if (seg && e.address < seg.address) return undefined;
      return { name: e.name, offset: address - e.address };
    },
  };
}
