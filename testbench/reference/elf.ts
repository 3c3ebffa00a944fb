// Minimal ELF32 little-endian ARM reader for loading: PT_LOAD segments (at their physical
// address, as QEMU's -kernel does) and the entry point. Works for GNU ld output and ours.

/** What the loader needs of an image: the shape of the toolchain's LinkedImage. */
export interface LoadableSegment {
  readonly address: number;
  readonly data: Uint8Array;
  /** Size in memory (>= data.length; the rest is zero-filled, e.g. .bss). */
  readonly memSize?: number;
}

export interface LoadableImage {
  readonly entry: number;
  readonly segments: readonly LoadableSegment[];
  readonly symbols?: ReadonlyMap<string, number>;
}

const PT_LOAD = 1;
const EM_ARM = 40;

export function parseElf(bytes: Uint8Array): LoadableImage {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new Error('not an ELF file');
  }
  if (bytes[4] !== 1 || bytes[5] !== 1) throw new Error('only ELF32 little-endian images are supported');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(18, true) !== EM_ARM) throw new Error('ELF machine is not ARM');
  const entry = view.getUint32(24, true);
  const phoff = view.getUint32(28, true);
  const phentsize = view.getUint16(42, true);
  const phnum = view.getUint16(44, true);
  const segments: LoadableSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (view.getUint32(at, true) !== PT_LOAD) continue;
    const offset = view.getUint32(at + 4, true);
    const paddr = view.getUint32(at + 12, true);
    const filesz = view.getUint32(at + 16, true);
    const memsz = view.getUint32(at + 20, true);
    if (memsz === 0) continue;
    segments.push({ address: paddr, data: bytes.slice(offset, offset + filesz), memSize: memsz });
  }
  return { entry, segments, symbols: readSymbols(bytes, view) };
}

function readSymbols(bytes: Uint8Array, view: DataView): ReadonlyMap<string, number> {
  const symbols = new Map<string, number>();
  const shoff = view.getUint32(32, true);
  const shentsize = view.getUint16(46, true);
  const shnum = view.getUint16(48, true);
  if (shoff === 0) return symbols;
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    if (view.getUint32(at + 4, true) !== 2) continue; // SHT_SYMTAB
    const offset = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const link = view.getUint32(at + 24, true);
    const strOffset = view.getUint32(shoff + link * shentsize + 16, true);
    for (let s = offset; s + 16 <= offset + size; s += 16) {
      const nameAt = view.getUint32(s, true);
      if (nameAt === 0) continue;
      let end = strOffset + nameAt;
      while (end < bytes.length && bytes[end] !== 0) end++;
      const name = new TextDecoder().decode(bytes.subarray(strOffset + nameAt, end));
      if (!name.startsWith('$')) symbols.set(name, view.getUint32(s + 4, true));
    }
  }
  return symbols;
}
