// Putting a linked image into the RTL system's RAM the way the scenario testbenches boot it (the
// kernel, the bench, runLockstep): the segments at their addresses (one loader, shared with the
// machine interface: testbench/machine/segments.ts) and, when the entry is not address 0 (where the
// core starts after reset), a branch to the entry at address 0. The machine interface
// (testbench/machine, docs/API.md) starts the RTL at any entry without that branch; the scenario
// testbenches keep the branch so that their published cycle counts stay comparable.
import type { Arm926System } from '../rtl/system/arm926-system.ts';
import { loadSegmentsIntoRam, type SegmentsImage } from './machine/segments.ts';

/** `b entry`, placed at address 0. */
export function bootBranch(entry: number): number {
  return (0xea000000 | (((entry - 8) >> 2) & 0xffffff)) >>> 0;
}

export function loadImageIntoSystem(sys: Arm926System, image: SegmentsImage & { readonly entry: number }): void {
  loadSegmentsIntoRam(sys.soc.ram, image);
  if (image.entry !== 0) sys.soc.ram.writeWord(0, bootBranch(image.entry));
}
