// Turning what a user hands the machine (an ELF file, raw bytes, a linked image) into segments,
// an entry and symbols; and resolving `sym`, `sym+off` or a number to an address.
import { parseElf } from '../reference/elf.ts';
import type { ImageSource, LoadedImage } from './types.ts';
import { parseInteger } from '../cli/args.ts';

export class MachineInputError extends Error {
  override readonly name = 'InputError';
}

export function imageFrom(source: ImageSource): LoadedImage {
  if ('elf' in source) {
    try {
      return parseElf(source.elf);
    } catch (e) {
      throw new MachineInputError(`ELF: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if ('raw' in source) {
    if (!Number.isInteger(source.address) || source.address < 0 || source.address > 0xffff_ffff) throw new MachineInputError(`raw image address ${source.address} is not a 32-bit address`);
    return { entry: source.entry ?? source.address, segments: [{ address: source.address, data: source.raw }], symbols: new Map() };
  }
  return source.image;
}

/** Segments must lie in RAM: the loader is the host, so this is a user error, not a guest one. */
export function checkSegmentsFit(image: LoadedImage, ramBytes: number): void {
  for (const s of image.segments) {
    const end = s.address + Math.max(s.data.length, s.memSize ?? 0);
    if (s.address < 0 || end > ramBytes) {
      throw new MachineInputError(`image segment 0x${s.address.toString(16)}..0x${end.toString(16)} lies outside RAM (0..0x${ramBytes.toString(16)}; use a larger RAM size)`);
    }
  }
}

/** `0x8000`, `32768`, `ipc_entry`, `ipc_entry+8`. */
export function resolveAddress(text: string, symbols: ReadonlyMap<string, number>): number {
  const t = text.trim();
  const n = parseInteger(t);
  if (n !== undefined) {
    if (n < 0 || n > 0xffff_ffff) throw new MachineInputError(`address ${text} is not a 32-bit address`);
    return n;
  }
  const m = /^([A-Za-z_.$][\w.$]*)\s*(?:([+-])\s*(\S+))?$/.exec(t);
  const base = m ? symbols.get(m[1]!) : undefined;
  if (!m || base === undefined) throw new MachineInputError(`unknown symbol or address ${JSON.stringify(text)}${symbols.size === 0 ? ' (the image has no symbols)' : ''}`);
  const off = m[3] === undefined ? 0 : parseInteger(m[3]);
  if (off === undefined) throw new MachineInputError(`bad offset in ${JSON.stringify(text)}`);
  return (base + (m[2] === '-' ? -off : off)) >>> 0;
}
