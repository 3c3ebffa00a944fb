// Fast-forward at seeded points of kernel variants that stress the hand-off: timer interrupts
// delivered as IPC, the full-flush and ASID switch strategies, and the remap design whose page
// flips remap message pages (by-MVA maintenance the warming does not replay: its final check drops
// the lines whose mapping changed). Wherever the hand-off falls, the RTL continues to the exit with
// the output the reference model gives alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSystem, type Scenario } from '../../kernel/build.ts';
import { interruptScenario, pingPongScenario } from '../../kernel/scenarios.ts';
import type { AddressSpaceSwitch } from '../../rtl/config.ts';
import { IssMachine } from '../../testbench/machine/index.ts';
import { fastForward } from '../../testbench/machine/fast-forward.ts';
import { seedBanner } from '../support/seed.ts';

const RAM = 8 << 20;
const VARIANTS: ReadonlyArray<{ name: string; scenario: Scenario; hardware: AddressSpaceSwitch }> = [
  { name: 'timer interrupts as IPC', scenario: interruptScenario(), hardware: 'fcse' },
  { name: 'full flush on switch', scenario: pingPongScenario({ switchStrategy: 'full' }, 12), hardware: 'flush' },
  { name: 'ASIDs', scenario: pingPongScenario({ switchStrategy: 'asid' }, 12), hardware: 'asid' },
  { name: 'remap design, 40-word messages', scenario: pingPongScenario({ design: 'remap' }, 12, 40), hardware: 'fcse' },
];

describe('fast-forward at seeded points', () => {
  process.stdout.write(seedBanner('fast-forward points'));
  for (const v of VARIANTS) {
    it(`${v.name}: the RTL continues from the hand-off to the model's exit and output`, () => {
      const built = buildSystem(v.scenario);
      const alone = new IssMachine({ ramBytes: RAM });
      alone.load({ image: built.image });
      alone.start(built.image.entry);
      const total = alone.run([{ kind: 'exit' }], { maxInstructions: 10_000_000 });
      expect(total.stop).toEqual({ kind: 'exit', code: 0 });
      const [point] = fc.sample(fc.integer({ min: 1, max: total.instructions - 1 }), 1);
      const ff = fastForward({ image: built.image }, { instructions: point! }, { ramBytes: RAM, hardware: { addressSpaceSwitch: v.hardware } });
      expect(ff.reached.instructions).toBe(point);
      const r = ff.rtl.run([{ kind: 'exit' }], { maxCycles: 3_000_000 });
      expect([point, r.stop]).toEqual([point, { kind: 'exit', code: 0 }]);
      expect(ff.rtl.uartOutput()).toBe(alone.uartOutput());
      expect(ff.warnings).toEqual([]);
    });
  }
});
