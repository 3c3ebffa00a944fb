// The memory-system harnesses share one comb recording per kind and address-space switch
// (harnessScheduleKey). Sound only if nothing else changes which signals their comb blocks read or
// write: held here for the test RAM's wait states, aborting region and size, the SoC's RAM size,
// and random whole configurations (the config's fields are held for the machine design by
// tests/machine/comb-structure.test.ts; the memory system is the same module here).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfig, type AddressSpaceSwitch, type PartialConfig } from '../../rtl/config.ts';
import { combRecordingText } from '../support/comb-recording.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';
import { Harness, harnessScheduleKey, SocTop, TestTop } from './harness.ts';

const SWITCHES: readonly AddressSpaceSwitch[] = ['flush', 'fcse', 'asid'];
const recording = combRecordingText;

const configArb = (addressSpaceSwitch: AddressSpaceSwitch): fc.Arbitrary<PartialConfig> =>
  fc.record({
    icache: fc.record({ sizeBytes: fc.constantFrom(1024, 4096, 131072), ways: fc.constantFrom(1, 2, 8), lineBytes: fc.constantFrom(16, 64) }),
    dcache: fc.record({ sizeBytes: fc.constantFrom(1024, 16384), ways: fc.constantFrom(1, 4), replacement: fc.constantFrom('round-robin' as const, 'random' as const), writePolicy: fc.constantFrom('page' as const, 'write-through' as const) }),
    tlb: fc.record({ entries: fc.constantFrom(8, 256), lockdownEntries: fc.integer({ min: 0, max: 8 }) }),
    writeBuffer: fc.record({ depth: fc.constantFrom(1, 64) }),
    memory: fc.record({ ramWaitStates: fc.integer({ min: 0, max: 64 }), deviceWaitStates: fc.integer({ min: 0, max: 64 }) }),
    addressSpaceSwitch: fc.constant(addressSpaceSwitch),
  });

describe('memory-system harness recordings', () => {
  it('depend only on the harness kind and the address-space switch', () => {
    process.stdout.write(seedBanner('harness-key'));
    for (const s of SWITCHES) {
      const config = validateConfig({ addressSpaceSwitch: s });
      const test = recording(new TestTop(config, 1 << 20, 0xffff_ffff));
      const soc = recording(new SocTop(config, 1 << 20));
      expect(soc, 'the two kinds are two structures').not.toBe(test);
      // The test RAM's size, wait states and aborting region.
      for (const [words, waits, abortFrom] of [[1 << 10, 0, 0], [1 << 18, 1, 0x1000], [1 << 20, 7, 0x8000_0000], [1 << 12, 64, 0xffff_ffff]] as const) {
        expect(recording(new TestTop(validateConfig({ addressSpaceSwitch: s, memory: { ramWaitStates: waits } }), words * 4, abortFrom)), `${s}: ${words} words, ${waits} wait states, aborts from 0x${abortFrom.toString(16)}`).toBe(test);
      }
      expect(recording(new SocTop(config, 4 << 20))).toBe(soc);
      fc.assert(
        fc.property(configArb(s), (partial) => {
          const c = validateConfig(partial);
          expect(harnessScheduleKey(c, false)).toBe(harnessScheduleKey(config, false));
          expect(recording(new TestTop(c, 1 << 20, 0x4000))).toBe(test);
          expect(recording(new SocTop(c, 1 << 20))).toBe(soc);
        }),
        { seed: TEST_SEED, numRuns: 6 },
      );
    }
    expect(harnessScheduleKey(validateConfig({ addressSpaceSwitch: 'asid' }), false)).not.toBe(harnessScheduleKey(validateConfig({}), false));
  }, 120_000);

  it('harnesses of one kind and switch share the recording; check mode follows the schedule they share', () => {
    const a = new Harness(validateConfig({ dcache: { sizeBytes: 2048 } }), { check: false });
    const b = new Harness(validateConfig({ icache: { ways: 1 }, memory: { ramWaitStates: 3 } }), { check: true, ramBytes: 1 << 16 });
    expect(b.sim.design.combAccesses).toBe(a.sim.design.combAccesses);
    const c = new Harness(validateConfig({ addressSpaceSwitch: 'asid' }), { check: false });
    expect(c.sim.design.combAccesses).not.toBe(a.sim.design.combAccesses);
    const d = new Harness(validateConfig({}), { soc: true, check: false });
    expect(d.sim.design.combAccesses).not.toBe(a.sim.design.combAccesses);
  });
});
