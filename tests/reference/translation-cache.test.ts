// The translation cache and the page shortcuts are invisible: generated programs of page-table
// writes, CP15 switches, TLB maintenance, accesses and LDM/STM observe exactly what the oracle (the
// model walking the tables on every access) observes. Deliberate bugs (mmu.ts
// TranslationCacheFault) prove the property, or a directed sequence, can see each stale path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_SEED, seedBanner } from '../support/seed.ts';
import type { TranslationCacheFault } from '../../testbench/reference/mmu.ts';
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { VersatileMachine, type MachineConfig } from '../../testbench/reference/index.ts';
import { firstDivergence, observe, translationMachine, translationProgram, type TranslationOp } from './translation-ops.ts';

const RUNS = 300;
const program = translationProgram(60);

type Permissions = 'open' | 'mixed';

function property(permissions: Permissions, fault?: TranslationCacheFault): fc.IPropertyWithHooks<[TranslationOp[]]> {
  return fc.property(program, (ops) => {
    const divergence = firstDivergence(ops, fault ? { translationCacheFault: fault } : {}, permissions);
    if (divergence !== undefined) throw new Error(divergence);
  });
}

/** The machine's start: all domains manager and pages open, or client domains and small pages with mixed subpage permissions. */
const START: Record<Permissions, string> = { open: 'all domains manager', mixed: 'client domains, mixed subpage permissions' };

/** The mutants each property must catch (block-ignores-descriptors needs a sequence neither makes: the directed test below). */
const CAUGHT: Record<Permissions, readonly TranslationCacheFault[]> = {
  open: ['ignore-descriptor-writes', 'stale-domain', 'stale-page-shortcuts', 'block-crosses-pages', 'core-stores-unwatched'],
  mixed: ['ignore-descriptor-writes', 'stale-domain', 'stale-page-shortcuts', 'block-crosses-pages', 'block-ignores-privilege', 'whole-page-from-subpage', 'core-stores-unwatched'],
};

describe('ISS translation cache', () => {
  for (const permissions of ['open', 'mixed'] as const) {
    it(`agrees with the uncached oracle on generated programs (${START[permissions]})`, () => {
      process.stdout.write(seedBanner(`translation cache property (${START[permissions]})`));
      fc.assert(property(permissions), { numRuns: RUNS, seed: TEST_SEED });
    });

    for (const fault of CAUGHT[permissions]) {
      it(`catches the mutant "${fault}" (${START[permissions]})`, () => {
        const result = fc.check(property(permissions, fault), { numRuns: RUNS, seed: TEST_SEED, endOnFailure: true });
        expect(result.failed).toBe(true);
      });
    }
  }

  it('drops a translation whose descriptor an STM overwrites through the write page shortcut', () => {
    // The shortcut holds page 0x100 from a store to an unwatched 1 KB block of it; the STM then
    // writes MB 2's first-level descriptor (a fault) in the watched block: the next read of MB 2 faults.
    const stm = (0xe8800000 | (13 << 16) | 0x3) >>> 0; // stmia r13, {r0, r1}: r0 lands on the descriptor
    const ops: TranslationOp[] = [
      { kind: 'load', size: 4, va: 0x00200000, user: false },
      { kind: 'store', size: 4, va: 0x00100800, value: 0, user: false },
      { kind: 'block', word: stm, va: 0x00100008, mode: 'keep' },
      { kind: 'load', size: 4, va: 0x00200000, user: false },
    ];
    expect(firstDivergence(ops)).toBeUndefined();
    expect(observe(ops).steps[3]).toMatch(/^fault/);
    expect(firstDivergence(ops, { translationCacheFault: 'block-ignores-descriptors' })).toMatch(/^op 3 /);
  });

  it('keeps a User-mode LDM out of a privileged-only page the read shortcut holds for privileged reads', () => {
    // MB 0x21 is a section with AP = 1 (privileged read/write); DACR all client makes AP count.
    const ldm = (0xe8900000 | (13 << 16) | 0x3) >>> 0; // ldmia r13, {r0, r1}
    const ops: TranslationOp[] = [
      { kind: 'cp15', crn: 3, crm: 0, opc2: 0, value: 0x55555555 },
      { kind: 'load', size: 4, va: 0x02100040, user: false },
      { kind: 'block', word: ldm, va: 0x02100040, mode: 'user' },
    ];
    expect(firstDivergence(ops)).toBeUndefined();
    expect(observe(ops).steps[2]).toMatch(/^fault fsr=d /); // permission fault, section, domain 0
    expect(firstDivergence(ops, { translationCacheFault: 'block-ignores-privilege' })).toMatch(/^op 2 /);
  });

  it('does not let a read of one 1 KB subpage open the whole small page to the read shortcut', () => {
    // MB 2, page 0 as a small page whose subpage 0 is User read/write (AP 3) and subpage 1
    // privileged only (AP 1); the DACR makes domain 1 a client.
    const ops: TranslationOp[] = [
      { kind: 'cp15', crn: 3, crm: 0, opc2: 0, value: 0x55555555 },
      { kind: 'host-write', address: 0x108000, value: 0x00200f72 },
      { kind: 'load', size: 4, va: 0x00200010, user: true },
      { kind: 'load', size: 4, va: 0x00200410, user: true },
    ];
    expect(firstDivergence(ops)).toBeUndefined();
    expect(observe(ops).steps[3]).toMatch(/^fault fsr=1f /); // permission fault, page, domain 1
    expect(firstDivergence(ops, { translationCacheFault: 'whole-page-from-subpage' })).toMatch(/^op 3 /);
  });

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
