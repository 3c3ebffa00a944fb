// Putting a linked image into the RTL system's RAM the way every testbench boots it: the segments
// at their addresses and, when the entry is not address 0 (where the core starts after reset), a
// branch to the entry at address 0.
import type { Arm926System } from '../rtl/soc/arm926-system.ts';

/** `b entry`, placed at address 0. */
export function bootBranch(entry: number): number {
  return (0xea000000 | (((entry - 8) >> 2) & 0xffffff)) >>> 0;
}

export function loadImageIntoSystem(sys: Arm926System, image: { readonly entry: number; readonly segments: ReadonlyArray<{ readonly address: number; readonly data: Uint8Array }> }): void {
  for (const seg of image.segments) sys.soc.ram.load(seg.address, seg.data);
  if (image.entry !== 0) sys.soc.ram.writeWord(0, bootBranch(image.entry));
}
