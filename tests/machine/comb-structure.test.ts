// The comb recording's key (testbench/machine/rtl-machine.ts) names only the config's structural
// part (rtl/config.ts combStructure: the address-space switch). That is sound only if no other
// field changes which signals the comb blocks read or write. Held here: every value of every other
// field (wait states sampled at their ends and around powers of two), one at a time from the
// defaults, and random whole configurations under each switch, record exactly what the switch's
// default configuration records; and the switch itself does change the recording (so it must stay
// in the key). A field that starts to change the comb structure fails here: move it into
// combStructure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combStructure, validateConfig, type AddressSpaceSwitch, type PartialConfig } from '../../rtl/config.ts';
import { recordingsMadeHere } from '../../rtl/hdl/index.ts';
import { MachineTop, RtlMachine } from '../../testbench/machine/rtl-machine.ts';
import { combRecordingText } from '../support/comb-recording.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';

const MB = 1 << 20;
const SWITCHES: readonly AddressSpaceSwitch[] = ['flush', 'fcse', 'asid'];
const POW2 = (lo: number, hi: number): number[] => Array.from({ length: Math.log2(hi / lo) + 1 }, (_, k) => lo << k);
const WAIT_STATES = [0, 1, 2, 3, 7, 8, 31, 32, 63, 64];

/** The comb recording of the machine design with this config and RAM size, as comparable text. */
function recording(hardware: PartialConfig, ramBytes = MB): string {
  return combRecordingText(new MachineTop({ hardware, ramBytes, view: {}, message: { threads: [], maxMrs: 16 } }));
}

/** Every value of every field outside combStructure, one field at a time. */
function singleFieldVariants(): Array<{ readonly label: string; readonly hardware: PartialConfig; readonly ramBytes?: number }> {
  const out: Array<{ label: string; hardware: PartialConfig; ramBytes?: number }> = [];
  for (const cache of ['icache', 'dcache'] as const) {
    for (const sizeBytes of POW2(1024, 131072)) out.push({ label: `${cache}.sizeBytes ${sizeBytes}`, hardware: { [cache]: { sizeBytes } } });
    for (const ways of [1, 2, 4, 8]) out.push({ label: `${cache}.ways ${ways}`, hardware: { [cache]: { ways } } });
    for (const lineBytes of [16, 32, 64]) out.push({ label: `${cache}.lineBytes ${lineBytes}`, hardware: { [cache]: { lineBytes } } });
    for (const replacement of ['round-robin', 'random'] as const) out.push({ label: `${cache}.replacement ${replacement}`, hardware: { [cache]: { replacement } } });
    for (const seed of [1, 0x5a5a, 0xffff]) out.push({ label: `${cache}.seed ${seed}`, hardware: { [cache]: { seed } } });
  }
  for (const writePolicy of ['page', 'write-through'] as const) out.push({ label: `dcache.writePolicy ${writePolicy}`, hardware: { dcache: { writePolicy } } });
  for (const entries of POW2(2, 256)) out.push({ label: `tlb.entries ${entries}`, hardware: { tlb: { entries, ways: Math.min(2, entries) } } });
  for (const ways of [1, 2, 4, 8]) out.push({ label: `tlb.ways ${ways}`, hardware: { tlb: { ways } } });
  for (let lockdownEntries = 0; lockdownEntries <= 8; lockdownEntries++) out.push({ label: `tlb.lockdownEntries ${lockdownEntries}`, hardware: { tlb: { lockdownEntries } } });
  for (const depth of POW2(1, 64)) out.push({ label: `writeBuffer.depth ${depth}`, hardware: { writeBuffer: { depth } } });
  for (const ramWaitStates of WAIT_STATES) out.push({ label: `memory.ramWaitStates ${ramWaitStates}`, hardware: { memory: { ramWaitStates } } });
  for (const deviceWaitStates of WAIT_STATES) out.push({ label: `memory.deviceWaitStates ${deviceWaitStates}`, hardware: { memory: { deviceWaitStates } } });
  for (let registerMrs = 0; registerMrs <= 6; registerMrs++) out.push({ label: `registerMrs ${registerMrs}`, hardware: { registerMrs } });
  for (const ramBytes of [4096, 8 * MB, 128 * MB]) out.push({ label: `RAM ${ramBytes} bytes`, hardware: {}, ramBytes });
  return out;
}

const cacheArb = fc
  .record({ sizeBytes: fc.constantFrom(...POW2(1024, 131072)), ways: fc.constantFrom(1, 2, 4, 8), lineBytes: fc.constantFrom(16, 32, 64), replacement: fc.constantFrom('round-robin' as const, 'random' as const), seed: fc.integer({ min: 1, max: 0xffff }) })
  .filter((c) => c.sizeBytes >= c.ways * c.lineBytes);
/** A whole configuration: every field outside combStructure drawn, the switch given. */
const configArb = (addressSpaceSwitch: AddressSpaceSwitch): fc.Arbitrary<PartialConfig> =>
  fc.record({
    icache: cacheArb,
    dcache: fc.tuple(cacheArb, fc.constantFrom('page' as const, 'write-through' as const)).map(([c, writePolicy]) => ({ ...c, writePolicy })),
    tlb: fc.constantFrom(1, 2, 4, 8).chain((ways) => fc.record({ ways: fc.constant(ways), entries: fc.constantFrom(...POW2(Math.max(2, ways), 256)), lockdownEntries: fc.integer({ min: 0, max: 8 }) })),
    writeBuffer: fc.record({ depth: fc.constantFrom(...POW2(1, 64)) }),
    memory: fc.record({ ramWaitStates: fc.integer({ min: 0, max: 64 }), deviceWaitStates: fc.integer({ min: 0, max: 64 }) }),
    registerMrs: fc.integer({ min: 0, max: 6 }),
    addressSpaceSwitch: fc.constant(addressSpaceSwitch),
  });

describe('the comb recording depends on the config only through combStructure', () => {
  it('every value of every other field records what the defaults record', () => {
    const base = recording({});
    const differ = singleFieldVariants().filter((v) => recording(v.hardware, v.ramBytes) !== base).map((v) => v.label);
    expect(differ, 'these fields change the comb structure: move them into combStructure (rtl/config.ts)').toEqual([]);
  }, 120_000);

  it('random whole configurations under each switch record what that switch records by default; the switch changes it', () => {
    process.stdout.write(seedBanner('comb-structure'));
    const bySwitch = new Map(SWITCHES.map((s) => [s, recording({ addressSpaceSwitch: s })]));
    expect(bySwitch.get('asid'), 'the asid switch records what fcse does: combStructure need not name it').not.toBe(bySwitch.get('fcse'));
    for (const s of SWITCHES) {
      fc.assert(
        fc.property(configArb(s), fc.constantFrom(4096, MB, 128 * MB), (hardware, ramBytes) => {
          expect(combStructure(validateConfig(hardware))).toEqual({ addressSpaceSwitch: s });
          expect(recording(hardware, ramBytes)).toBe(bySwitch.get(s));
        }),
        { seed: TEST_SEED, numRuns: 16 },
      );
    }
  }, 120_000);

  it('machines that differ only outside combStructure share one recording; another switch records its own', () => {
    const made = recordingsMadeHere();
    const a = new RtlMachine({ hardware: { addressSpaceSwitch: 'fcse', dcache: { sizeBytes: 2048 } }, ramBytes: MB });
    const b = new RtlMachine({ hardware: { icache: { ways: 1 }, tlb: { entries: 8 }, memory: { ramWaitStates: 5 }, registerMrs: 2 }, ramBytes: 4 * MB });
    expect(b.sim.design.combAccesses).toBe(a.sim.design.combAccesses);
    const c = new RtlMachine({ hardware: { addressSpaceSwitch: 'asid', dcache: { sizeBytes: 2048 } }, ramBytes: MB });
    expect(c.sim.design.combAccesses).not.toBe(a.sim.design.combAccesses);
    // a and c recorded (the tests above used keys of their own); b recorded nothing
    expect(recordingsMadeHere() - made).toBe(2);
  }, 60_000);
});
