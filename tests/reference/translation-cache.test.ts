// The translation cache is invisible: generated programs of page-table writes, CP15 switches, TLB
// maintenance and accesses observe exactly what the oracle (the model walking the tables on every
// access) observes. Two deliberate cache bugs (mmu.ts TranslationCacheFault) prove the property
// can see a stale translation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_SEED, seedBanner } from '../support/seed.ts';
import type { TranslationCacheFault } from '../../testbench/reference/mmu.ts';
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { VersatileMachine, type MachineConfig } from '../../testbench/reference/index.ts';
import { firstDivergence, translationMachine, translationProgram, type TranslationOp } from './translation-ops.ts';

const RUNS = 300;
const program = translationProgram(60);

function property(fault?: TranslationCacheFault): fc.IPropertyWithHooks<[TranslationOp[]]> {
  return fc.property(program, (ops) => {
    const divergence = firstDivergence(ops, fault ? { translationCacheFault: fault } : {});
    if (divergence !== undefined) throw new Error(divergence);
  });
}

describe('ISS translation cache', () => {
  it('agrees with the uncached oracle on generated programs', () => {
    process.stdout.write(seedBanner('translation cache property'));
    fc.assert(property(), { numRuns: RUNS, seed: TEST_SEED });
  });

  for (const fault of ['ignore-descriptor-writes', 'stale-domain', 'stale-page-shortcuts'] as const) {
    it(`catches the mutant "${fault}"`, () => {
      const result = fc.check(property(fault), { numRuns: RUNS, seed: TEST_SEED, endOnFailure: true });
      expect(result.failed).toBe(true);
    });
  }

  for (const strategy of ['fcse', 'asid', 'full'] as const) {
    it(`runs the kernel ping-pong (${strategy}) exactly as the oracle, walking once per page, not per switch`, () => {
      const system = buildSystem(pingPongScenario({ switchStrategy: strategy }, 200, 5));
      const run = (config: MachineConfig) => {
        const m = new VersatileMachine(config);
        m.loadImage(system.image);
        const result = m.run(5_000_000);
        const registers = new Int32Array(31);
        m.core.snapshotPhysical(registers);
        return { stop: result.stop, instret: m.core.instret, clock: m.core.clock, cpsr: m.core.cpsr, registers: [...registers], uart: m.uartOutput(), walks: m.core.mmu.walks };
      };
      const cached = run({});
      const oracle = run({ translationCache: false });
      expect(cached.uart).toContain('pingpong: ok');
      expect({ ...cached, walks: 0 }).toEqual({ ...oracle, walks: 0 });
      expect(cached.walks).toBeLessThan(100); // 400 address-space switches
      expect(oracle.walks).toBeGreaterThan(cached.instret / 2);
    });
  }

  it('keeps translations across TTBR and DACR switches and walks again after a descriptor write', () => {
    const m = translationMachine();
    const core = m.core;
    core.read32(0x00200000, false);
    const walks = core.mmu.walks;
    core.cp15.write(2, 0, 0, 0, 0x104000);
    core.read32(0x00200000, false); // a new context: one walk
    core.cp15.write(2, 0, 0, 0, 0x100000);
    core.cp15.write(3, 0, 0, 0, 0x55555555);
    core.read32(0x00200000, false); // back to the first context, DACR changed: still cached
    expect(core.mmu.walks).toBe(walks + 1);
    m.memory.write32(0x100000 + 2 * 4, 0); // MB 2 unmapped: the next access walks and faults
    expect(() => core.read32(0x00200000, false)).toThrow();
    expect(core.mmu.faultStatus).toBe(0x05);
    expect(core.mmu.walks).toBe(walks + 2);
  });
});
