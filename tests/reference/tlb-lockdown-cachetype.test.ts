// TLB lockdown (c10) and the c0 cache type register, RTL against the reference model in lockstep:
// the victim advances after a P = 1 walk, a locked entry survives invalidate-all and goes with
// invalidate-by-MVA, the cache type register follows the cache knobs (a set/way clean sized from
// it reaches every line), and the generated MMU programs of the verify memory suite agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, cacheTypeRegister, validateConfig } from '../../rtl/config.ts';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';
import { checkMmuProgram, mmuProgram, renderMmuProgram, type MmuProgram } from '../../testbench/lockstep/mmu-programs.ts';

const DEFAULT_HW = {} as const;

function run(p: MmuProgram) {
  const r = runLockstep(assembleProgram(renderMmuProgram(p), { textAddress: 0 }), { maxCycles: 400_000, system: { hardware: p.hardware } });
  return { r, reg: (n: number) => r.reference.core.register(n) >>> 0 };
}

describe('TLB lockdown (c10): RTL and reference agree', () => {
  it('the victim field advances after a P = 1 walk (ARM926 TRM 2.3.11)', () => {
    const { r, reg } = run({ hardware: DEFAULT_HW, steps: [{ k: 'lock', section: 1, second: null, victim: 2, off: 0 }, { k: 'read-c10' }] });
    expect(r.report).toBeUndefined();
    expect(r.end).toBe('exit');
    expect(reg(4)).toBe((3 << 26) >>> 0); // read inside the P = 1 window (victim 2 -> 3), then P cleared
    expect(reg(6)).toBe((3 << 26) >>> 0); // after P = 0
  });

  it('the victim wraps at 8; the entry is the victim mod the configured count', () => {
    const { r, reg } = run({ hardware: { tlb: { lockdownEntries: 3 } }, steps: [{ k: 'lock', section: 1, second: 2, victim: 7, off: 0 }, { k: 'read-c10' }] });
    expect(r.report).toBeUndefined();
    expect(reg(6)).toBe((1 << 26) >>> 0); // two fills: 7 -> 0 -> 1
    expect(r.reference.core.mmu.lockedEntries().map((e) => [e.entry, e.mva])).toEqual([[0, 0x200000], [1, 0x100000]]);
  });

  it('with no lockdown entries configured, P = 1 fills nothing and the victim stays', () => {
    const { r, reg } = run({ hardware: { tlb: { lockdownEntries: 0 } }, steps: [{ k: 'lock', section: 1, second: null, victim: 1, off: 0 }, { k: 'read-c10' }] });
    expect(r.report).toBeUndefined();
    expect(reg(6)).toBe((1 << 26) >>> 0);
  });

  it('a locked entry survives invalidate-all (c8,c7,0) and goes with invalidate-by-MVA (TRM 2.3.8, 3.7)', () => {
    const { r, reg } = run({
      hardware: DEFAULT_HW,
      steps: [
        { k: 'lock', section: 1, second: null, victim: 0, off: 0 }, // VA MB 1 -> PA MB 1, locked
        { k: 'remap', section: 1, pa: 2, maintenance: 'all' }, // the locked entry stays: still PA MB 1
        { k: 'load', section: 1, off: 0x104 },
        { k: 'store', section: 1, off: 0x104, value: 0 }, // (keeps r5; r7 = 0)
        { k: 'invalidate-mva', section: 1, off: 0xff0 }, // removes the locked entry
        { k: 'read-c10' },
      ],
    });
    expect(r.report).toBeUndefined();
    expect(reg(5)).toBe(((1 << 24) | (0x104 << 4) | 0xa5) >>> 0); // loaded through the locked entry: PA MB 1
    expect(r.reference.core.mmu.lockedEntries()).toEqual([]);
    const after = run({
      hardware: DEFAULT_HW,
      steps: [
        { k: 'lock', section: 1, second: null, victim: 0, off: 0 },
        { k: 'remap', section: 1, pa: 2, maintenance: 'all' },
        { k: 'invalidate-mva', section: 1, off: 0 },
        { k: 'load', section: 1, off: 0x104 },
      ],
    });
    expect(after.r.report).toBeUndefined();
    expect(after.reg(5)).toBe(((2 << 24) | (0x104 << 4) | 0xa5) >>> 0); // a fresh walk: PA MB 2
  });
});

describe('c0 cache type register follows the cache knobs', () => {
  it('the default configuration keeps 0x1d152152', () => {
    expect(cacheTypeRegister(DEFAULT_CONFIG)).toBe(0x1d152152);
  });

  it('encodes size, associativity and line length of each cache (ARM926 TRM 2.3.2 fields, M = 0)', () => {
    const hw = validateConfig({ dcache: { sizeBytes: 32768, ways: 8, lineBytes: 16 }, icache: { sizeBytes: 1024, ways: 1, lineBytes: 64 } });
    const v = cacheTypeRegister(hw);
    expect((v >>> 25) & 15).toBe(0b1110);
    expect((v >>> 24) & 1).toBe(1);
    expect([(v >>> 18) & 15, (v >>> 15) & 7, (v >>> 14) & 1, (v >>> 12) & 3]).toEqual([6, 3, 0, 1]);
    expect([(v >>> 6) & 15, (v >>> 3) & 7, (v >>> 2) & 1, v & 3]).toEqual([1, 0, 0, 3]);
  });

  it('a geometry the fields cannot hold is a ConfigError naming the field', () => {
    const bad = { ...DEFAULT_CONFIG, dcache: { ...DEFAULT_CONFIG.dcache, ways: 3 } };
    expect(() => cacheTypeRegister(bad)).toThrow(ConfigError);
    expect(() => cacheTypeRegister(bad)).toThrow(/config\.dcache\.ways/);
  });

  for (const dcache of [{ sizeBytes: 32768, ways: 4, lineBytes: 32 }, { sizeBytes: 16384, ways: 4, lineBytes: 16 }, { sizeBytes: 4096, ways: 1, lineBytes: 64 }]) {
    it(`both models read it, and a set/way clean sized from it reaches every line (dcache ${JSON.stringify(dcache)})`, () => {
      const p: MmuProgram = { hardware: { dcache }, steps: [{ k: 'clean-set-way', stores: [[0, 0, 1], [1, 0x40, 2], [3, 0xf0, 3], [15, 0xffc, 4]] }] };
      const { r, reg } = run(p);
      expect(r.report).toBeUndefined();
      expect(r.end).toBe('exit');
      expect(reg(9)).toBe(cacheTypeRegister(validateConfig({ dcache })));
      expect(reg(3)).toBe(4); // the last store, read back through the uncached alias
    });
  }
});

describe('generated MMU programs (the verify memory suite\'s lockstep part)', () => {
  const SEED = 20260517;
  it(`RTL and reference agree (fast-check seed ${SEED}, 40 runs)`, () => {
    console.log(`tlb-lockdown-cachetype: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(mmuProgram(), (p) => {
        const problem = checkMmuProgram(p);
        if (problem !== undefined) throw new Error(`${problem}\nprogram on ${JSON.stringify(p.hardware)}:\n${renderMmuProgram(p)}`);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
