// Both sides at once: walks for I and D in the same cycle share the one walker, fills share the
// buses; and the results do not depend on the order in which clocked logic runs.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../rtl/config.ts';
import type { ClockOrder } from '../../rtl/hdl/index.ts';
import { CTRL_C, CTRL_I, CTRL_M, OP } from '../../rtl/mem/cp15-link.ts';
import { Harness, coarse, section, small } from './harness.ts';

const TTB = 0x4000;

function setup(order: ClockOrder = 'declared'): Harness {
  const h = new Harness(validateConfig({ memory: { ramWaitStates: 1 } }), { ramBytes: 1 << 21, clockOrder: order });
  h.pokeWord(TTB + (0x800 << 2), section(0x10_0000, { c: true, b: true }));
  h.pokeWord(TTB + (0x900 << 2), coarse(0x8000));
  for (let k = 0; k < 16; k++) h.pokeWord(0x8000 + k * 4, small(0x18_0000 + k * 0x1000, { c: true, b: k % 2 === 0 }));
  for (let a = 0x10_0000; a < 0x1a_0000; a += 4) h.pokeWord(a, (a * 2654435761) >>> 0);
  h.setCp15({ ttbr: TTB, dacr: 0xffff_ffff, ctrl: CTRL_M | CTRL_C | CTRL_I });
  return h;
}
const expectWord = (a: number): number => (a * 2654435761) >>> 0;

describe('I and D together', () => {
  it('simultaneous TLB misses on both sides: one walker serves both, both answers right', () => {
    const h = setup();
    const r = h.both(0x8000_0100, 0x9000_3008);
    expect(r.fetch.data).toBe(expectWord(0x10_0100));
    expect(r.read.data).toBe(expectWord(0x18_3008));
    expect(h.mem.stats().walks).toBe(2); // one per side, one after the other
    expect(r.fetch.cycles).toBeGreaterThan(r.read.cycles); // D first when both ask
  });

  it('results do not depend on the order of clocked logic', () => {
    const trace = (order: ClockOrder): string => {
      const h = setup(order);
      const out: number[] = [];
      for (let k = 0; k < 40; k++) {
        const r = h.both(0x8000_0000 + ((k * 0x1234) & 0xfffc), 0x9000_0000 + ((k * 0x2468) & 0xfffc));
        out.push(r.fetch.data, r.read.data, r.fetch.cycles, r.read.cycles);
        h.write(0x9000_0000 + ((k * 0x1357) & 0xfffc), k);
        if (k % 9 === 0) h.op(OP.TEST_CLEAN_D);
      }
      out.push(h.sim.cycle, ...Object.values(h.mem.stats().d));
      return out.join(',');
    };
    const ref = trace('declared');
    expect(trace('reversed')).toBe(ref);
    expect(trace({ shuffleSeed: 7 })).toBe(ref);
  });
});
