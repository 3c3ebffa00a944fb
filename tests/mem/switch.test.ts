// What an address-space switch costs under each knob, on the memory system alone: two "processes"
// use the same virtual addresses (0x8000..0x8fff) for different physical pages. After A, B, then A
// again, A's data is still cached and translated under 'fcse' and 'asid' (no flush needed), and
// must be refetched under 'flush' (caches cleaned and invalidated, TLB invalidated). The values
// read are the same in every mode.
import { describe, expect, it } from 'vitest';
import { validateConfig, type AddressSpaceSwitch } from '../../rtl/config.ts';
import { CTRL_C, CTRL_I, CTRL_M, OP, RESULT_Z } from '../../rtl/mem/cp15-link.ts';
import { Harness, coarse, section, small } from './harness.ts';

const TTB_A = 0x4000;
const TTB_B = 0x10000;
const PA_A = 0x10_0000;
const PA_B = 0x11_0000;

function run(mode: AddressSpaceSwitch): { values: number[]; misses: number; walks: number; switchCycles: number } {
  const h = new Harness(validateConfig({ addressSpaceSwitch: mode, memory: { ramWaitStates: 2 } }), { ramBytes: 1 << 21 });
  for (let k = 0; k < 0x1000; k += 4) {
    h.pokeWord(PA_A + k, 0xa000_0000 + k);
    h.pokeWord(PA_B + k, 0xb000_0000 + k);
  }
  const ng = mode === 'asid';
  if (mode === 'fcse') {
    // One table: A in slot 1 (MVA 0x02000000 + va), B in slot 2 (0x04000000 + va).
    h.pokeWord(TTB_A + (0x020 << 2), coarse(0x8000));
    h.pokeWord(TTB_A + (0x040 << 2), coarse(0x8400));
    h.pokeWord(0x8000 + (8 << 2), small(PA_A, { c: true, b: true }));
    h.pokeWord(0x8400 + (8 << 2), small(PA_B, { c: true, b: true }));
  } else {
    h.pokeWord(TTB_A, coarse(0x8000, { ng }));
    h.pokeWord(TTB_B, coarse(0x8400, { ng }));
    h.pokeWord(0x8000 + (8 << 2), small(PA_A, { c: true, b: true }));
    h.pokeWord(0x8400 + (8 << 2), small(PA_B, { c: true, b: true }));
  }
  h.pokeWord(TTB_A + (0xc00 << 2), section(0)); // a global kernel section, unused here
  h.setCp15({ ttbr: TTB_A, dacr: 0x5555_5555, ctrl: CTRL_M | CTRL_C | CTRL_I, fcsepid: mode === 'fcse' ? 1 << 25 : 0, contextid: 1 });

  const values: number[] = [];
  const touch = (): void => {
    for (let k = 0; k < 0x400; k += 0x20) values.push(h.read(0x8000 + k).data);
  };
  let switchCycles = 0;
  const switchTo = (proc: 'A' | 'B'): void => {
    const c0 = h.sim.cycle;
    if (mode === 'flush') {
      while ((h.op(OP.TEST_CLEAN_INV_D).result & RESULT_Z) === 0);
      h.op(OP.DRAIN_WB);
      h.op(OP.INV_I_ALL);
      h.op(OP.TLB_INV_ALL);
      h.setCp15({ ttbr: proc === 'A' ? TTB_A : TTB_B });
    } else if (mode === 'fcse') {
      h.setCp15({ fcsepid: (proc === 'A' ? 1 : 2) << 25 });
    } else {
      h.setCp15({ ttbr: proc === 'A' ? TTB_A : TTB_B, contextid: proc === 'A' ? 1 : 2 });
    }
    switchCycles += h.sim.cycle - c0;
  };
  touch();
  h.idle(40);
  switchTo('B');
  touch();
  h.idle(40);
  switchTo('A');
  const s0 = h.mem.stats();
  touch();
  const s1 = h.mem.stats();
  return { values, misses: s1.d.misses - s0.d.misses, walks: s1.walks - s0.walks, switchCycles };
}

describe('address-space switch cost by mode', () => {
  it('same values in every mode; only flush refetches after switching back', () => {
    const flush = run('flush');
    const fcse = run('fcse');
    const asid = run('asid');
    expect(fcse.values).toEqual(flush.values);
    expect(asid.values).toEqual(flush.values);
    expect(flush.values[0]).toBe(0xa000_0000);
    expect(flush.values[32]).toBe(0xb000_0000);
    expect([fcse.misses, fcse.walks, fcse.switchCycles]).toEqual([0, 0, 0]);
    expect([asid.misses, asid.walks, asid.switchCycles]).toEqual([0, 0, 0]);
    expect(flush.misses).toBe(32);
    expect(flush.walks).toBe(1);
    expect(flush.switchCycles).toBeGreaterThan(100);
  });
});
