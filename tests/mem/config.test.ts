// The hardware configuration: defaults are the ARM926EJ-S, a bad field is named with its allowed values.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, validateConfig, type PartialConfig } from '../../rtl/config.ts';
import { MemorySystem } from '../../rtl/mem/memory-system.ts';

describe('hardware configuration', () => {
  it('defaults: 16 KB + 16 KB 4-way caches with 32-byte lines, 64+8 TLB (2-way), 16-entry write buffer', () => {
    const c = validateConfig();
    expect(c).toEqual(DEFAULT_CONFIG);
    expect([c.icache.sizeBytes, c.icache.ways, c.icache.lineBytes]).toEqual([16384, 4, 32]);
    expect([c.dcache.sizeBytes, c.dcache.ways, c.dcache.lineBytes]).toEqual([16384, 4, 32]);
    expect(c.tlb).toEqual({ entries: 64, ways: 2, lockdownEntries: 8 });
    expect(c.writeBuffer.depth).toBe(16);
  });

  it('merges a partial configuration over the defaults', () => {
    const c = validateConfig({ dcache: { ways: 2 }, addressSpaceSwitch: 'asid' });
    expect(c.dcache.ways).toBe(2);
    expect(c.dcache.sizeBytes).toBe(16384);
    expect(c.addressSpaceSwitch).toBe('asid');
  });

  const bad: Array<[PartialConfig | Record<string, unknown>, RegExp]> = [
    [{ dcache: { ways: 3 } }, /config\.dcache\.ways: 3 is not allowed \(allowed: 1, 2, 4, 8\)/],
    [{ icache: { lineBytes: 8 } }, /config\.icache\.lineBytes: 8 .*allowed: 16, 32, 64/],
    [{ icache: { sizeBytes: 3000 } }, /config\.icache\.sizeBytes/],
    [{ tlb: { entries: 48 } }, /config\.tlb\.entries: 48/],
    [{ tlb: { lockdownEntries: 9 } }, /config\.tlb\.lockdownEntries: 9 .*0\.\.8/],
    [{ writeBuffer: { depth: 0 } }, /config\.writeBuffer\.depth/],
    [{ memory: { ramWaitStates: -1 } }, /config\.memory\.ramWaitStates/],
    [{ addressSpaceSwitch: 'pcid' as never }, /config\.addressSpaceSwitch: "pcid" is not allowed \(allowed: "flush", "fcse", "asid"\)/],
    [{ registerMrs: 7 }, /config\.registerMrs: 7/],
    [{ dcache: { writePolicy: 'write-around' as never } }, /config\.dcache\.writePolicy/],
    [{ icache: { writePolicy: 'page' } } as never, /config\.icache\.writePolicy: unknown field/],
    [{ caches: {} } as never, /config\.caches: unknown field/],
  ];
  for (const [partial, message] of bad) {
    it(`rejects ${JSON.stringify(partial)}`, () => {
      expect(() => validateConfig(partial as PartialConfig)).toThrow(ConfigError);
      expect(() => validateConfig(partial as PartialConfig)).toThrow(message);
    });
  }

  it('the memory system builds with every geometry the validator allows (extremes)', () => {
    for (const p of [
      { icache: { sizeBytes: 1024, ways: 8, lineBytes: 64 }, dcache: { sizeBytes: 131072, ways: 1, lineBytes: 16 }, tlb: { entries: 8, ways: 8, lockdownEntries: 0 }, writeBuffer: { depth: 1 } },
      { tlb: { entries: 256, ways: 1 } },
    ] as PartialConfig[]) {
      expect(() => new MemorySystem(null, 'mem', validateConfig(p))).not.toThrow();
    }
  });
});
