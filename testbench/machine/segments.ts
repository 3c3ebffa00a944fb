// The one loader of image segments into the RTL system's RAM: the bytes at their addresses and
// the rest of each segment's memory size zero-filled (.bss).
import type { Ram } from '../../rtl/soc/ram.ts';

export interface SegmentsImage {
  readonly segments: ReadonlyArray<{ readonly address: number; readonly data: Uint8Array; readonly memSize?: number }>;
}

export function loadSegmentsIntoRam(ram: Ram, image: SegmentsImage): void {
  for (const s of image.segments) {
    ram.load(s.address, s.data);
    const extra = (s.memSize ?? s.data.length) - s.data.length;
    if (extra > 0) ram.load(s.address + s.data.length, new Uint8Array(extra));
  }
}
