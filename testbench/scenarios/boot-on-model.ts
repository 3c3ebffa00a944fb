// The kernel's boot on the reference model, the rest on the RTL: the model runs the image from its
// entry to the first instruction of `init_devices` (vectors copied, page tables cleared and built,
// TCBs set up), then its registers and RAM go into the hand-off machine, which starts there.
//
// Why this is exact for everything after: at that point the boot has not yet touched a device, CP15
// is as at reset (MMU, caches and write buffer off, nothing cached or in the TLB, timers stopped,
// no interrupt enabled) and nothing is printed, so the RTL's state equals a full run's at
// the same instruction except for the pipeline, which starts empty (a few cycles, long before the
// first IPC). The page-table clearing that precedes it is most of a short run's cycles (uncached
// stores: MMU off). Cycle numbers count from the hand-off. tests/scenarios/boot-on-model.test.ts
// compares every design's measurements with full RTL runs, and refuses later points (MMU on).
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import type { HandoffMachine } from '../checkers/handoff-machine.ts';
import { fastForwardInto, followerOf, modelOnMachineRam, shortOfPoint } from '../machine/fast-forward.ts';

/** The first boot step that touches a device or CP15 (kernel/src/boot.S). */
export const BOOT_HAND_OFF_SYMBOL = 'init_devices';

/**
 * Boot `image` on the model to BOOT_HAND_OFF_SYMBOL and start `machine` (built, not started) there.
 * (`symbol`: tests only, to show what a later point is refused for.)
 */
export function bootOnModel(machine: HandoffMachine, image: LinkedImage, symbol = BOOT_HAND_OFF_SYMBOL): void {
  const iss = modelOnMachineRam(machine, { image });
  const point = { symbol };
  // No access ring: nothing is cached at the point (checked below), so there is nothing to warm.
  // A follower sees that no thread ran before the point: the checkers start with every state known.
  const ff = fastForwardInto(iss, point, () => machine, { ringCapacity: 0, maxInstructions: 10_000_000, ...followerOf(machine) });
  const short = shortOfPoint(point, ff.reached);
  if (short) throw new Error(`boot on the model, to ${symbol}: ${short}`);
  if ((iss.iss.core.cp15.control & 1) !== 0) throw new Error(`boot on the model: the MMU is on at ${symbol}; the hand-off would need warming`);
  if (ff.warnings.length > 0) throw new Error(`boot on the model, to ${symbol}: ${ff.warnings.join('; ')}`);
}
