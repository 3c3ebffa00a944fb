// Small helpers for the toolchain suites.
import { assemble, type LinkedImage } from '../../kernel/toolchain/index.ts';

/** Assembles `src` and returns the .text words (little-endian) of the object. */
export function words(src: string, section = '.text'): number[] {
  const obj = assemble(src, { file: 't.s' });
  const sec = obj.sections.find((s) => s.name === section);
  if (!sec) return [];
  const dv = new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= sec.data.length; i += 4) out.push(dv.getUint32(i, true));
  return out;
}

export function word(src: string): number {
  const w = words(src);
  if (w.length !== 1) throw new Error(`expected one word from '${src}', got ${w.length}`);
  return w[0]!;
}

export const hex = (w: number): string => (w >>> 0).toString(16).padStart(8, '0');

/** `length` bytes of an image's memory from `address` (zero where no segment has data). */
export function imageBytes(image: LinkedImage, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (const s of image.segments) {
    for (let i = 0; i < length; i++) {
      const a = address + i;
      if (a >= s.address && a < s.address + s.data.length) out[i] = s.data[a - s.address]!;
    }
  }
  return out;
}
