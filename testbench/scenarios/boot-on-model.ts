// The kernel's boot on the reference model, the rest on the RTL: the model runs the image from its
// entry to the first instruction of `init_devices` (vectors copied, page tables cleared and built,
// TCBs set up), then its registers and RAM go into the hand-off machine, which starts there.
//
// Why this is exact for everything after: at that point the boot has not yet touched a device, CP15
// is as at reset (MMU, caches and write buffer off, nothing cached or in the TLB, timers stopped,
// no interrupt enabled) and the UART has printed nothing, so the RTL's state equals a full run's at
// the same instruction except for the pipeline, which starts empty (a few cycles, long before the
// first IPC). The page-table clearing that precedes it is most of a short run's cycles (uncached
// stores: MMU off). Cycle numbers count from the hand-off. tests/scenarios/boot-on-model.test.ts
// compares every design's measurements with full RTL runs.
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import type { HandoffMachine } from '../checkers/handoff-machine.ts';
import { handOffInto, runIssTo } from '../machine/fast-forward.ts';
import { DEFAULT_START_CPSR, IssMachine } from '../machine/iss-machine.ts';

/** The first boot step that touches a device or CP15 (kernel/src/boot.S). */
export const BOOT_HAND_OFF_SYMBOL = 'init_devices';

/** Boot `image` on the model to BOOT_HAND_OFF_SYMBOL and start `machine` (built, not started) there. */
export function bootOnModel(machine: HandoffMachine, image: LinkedImage): void {
  // The model runs on the RTL's RAM (the image is there already): the hand-off copies no memory.
  const ram = machine.sys.soc.ram.mem.data;
  if (ram.byteOffset !== 0 || ram.byteLength !== machine.ramBytes) throw new Error('boot on the model: the RTL RAM is not one buffer of the machine\'s RAM size');
  const iss = new IssMachine({ ramBytes: machine.ramBytes }, ram.buffer as ArrayBuffer);
  iss.load({ image });
  iss.start(image.entry, { cpsr: DEFAULT_START_CPSR });
  const reached = runIssTo(iss, { symbol: BOOT_HAND_OFF_SYMBOL }, { maxInstructions: 10_000_000 });
  if (reached.stop.kind !== 'breakpoint') throw new Error(`boot on the model: the kernel did not reach ${BOOT_HAND_OFF_SYMBOL} (${JSON.stringify(reached.stop)})`);
  const cp15 = iss.iss.core.cp15;
  if ((cp15.control & 1) !== 0) throw new Error(`boot on the model: the MMU is on at ${BOOT_HAND_OFF_SYMBOL}; the hand-off would need warming`);
  if (iss.uartOutput() !== '') throw new Error(`boot on the model: the kernel printed before ${BOOT_HAND_OFF_SYMBOL}; that output would be lost`);
  handOffInto(machine, iss, null);
}
