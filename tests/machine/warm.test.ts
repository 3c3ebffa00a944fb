// Functional warming (testbench/machine/warm.ts) and the rtl/mem preload backdoors it uses: a
// preloaded line takes the way a fill would (an invalid way first, then the round-robin victim,
// advancing the pointer); a TLB preload lands where the walker's fill would; warming replays the
// page-table walk; and a line whose MVA now maps elsewhere is dropped, never left stale.
import { describe, expect, it } from 'vitest';
import { RtlMachine } from '../../testbench/machine/rtl-machine.ts';
import { functionalWalk, warmFromAccesses } from '../../testbench/machine/warm.ts';
import { TAP_FETCH_ARM, TAP_READ, TAP_WRITE } from '../../testbench/machine/access-ring.ts';
import { sectionEntry } from '../../rtl/mem/walker.ts';

const RAM = 1 << 20;
const CTRL_M_C_I = 0x1 | 0x4 | 0x1000;
const TTBR = 0x4000;

function machine(): RtlMachine {
  const m = new RtlMachine({ ramBytes: RAM });
  m.start(0);
  return m;
}

/** RAM words with one section: MVA 0x00100000 -> PA `base`, cacheable and bufferable, AP 3. */
function ramWithSection(base: number): Int32Array {
  const ram = new Int32Array(RAM / 4);
  ram[(TTBR >>> 2) + 1] = (base | 0xc00 | 0xc | 2) >>> 0;
  for (let k = 0; k < 64; k++) ram[k] = 0x1000 + k;
  return ram;
}

describe('functional warming', () => {
  it('a preloaded line takes an invalid way first, then the round-robin victim, advancing the pointer', () => {
    const icache = machine().sys.mem!.icache;
    const stride = icache.sets << icache.lineShift; // same set, another tag
    const words = new Int32Array(icache.wordsPerLine).fill(7);
    let state = 0;
    const lines: number[] = [];
    for (let k = 0; k < icache.ways + 2; k++) {
      const r = icache.preloadLine(k * stride, words, state);
      lines.push(r & 0xffff);
      state = r >>> 16;
    }
    expect(lines).toEqual([0, 1, 2, 3, 0, 1].slice(0, icache.ways + 2));
    expect(state).toBe(2 % icache.ways);
    // A resident line: the same line, no state change.
    expect(icache.preloadLine((icache.ways + 1) * stride, words, state)).toBe((state << 16) | 1);
    expect(icache.data.data[icache.wordsPerLine]).toBe(7);
  });

  it('a TLB preload enters the walker\'s entry where a fill would, and the round-robin pointer moves once the set is full', () => {
    const tlb = machine().sys.mem!.tlb;
    const ram = ramWithSection(0);
    const walked = functionalWalk(ram, TTBR, 0, 0x00100abc)!;
    expect(walked).toEqual(sectionEntry(ram[(TTBR >>> 2) + 1]! >>> 0, 0));
    let state = 0;
    state = tlb.preload(0x00100000, walked.pa22, walked.attr, state);
    expect(tlb.find(0x00100abc)).toBeGreaterThanOrEqual(0);
    expect(state).toBe(0); // an invalid way was free
    // Other sections of the same (XOR-folded) section set: fill every way, then one more evicts way 0.
    const set = tlb.sectionSet(0x00100000);
    const others: number[] = [];
    for (let mb = 2; others.length < tlb.ways; mb++) if (tlb.sectionSet(mb << 20) === set) others.push((mb << 20) >>> 0);
    for (const mva of others) state = tlb.preload(mva, walked.pa22, walked.attr, state);
    expect(state).toBe(1 % tlb.ways);
    expect(tlb.find(0x00100abc)).toBe(-1); // way 0 went to the newest section
  });

  it('warming walks the tables, fills the lines the accesses touched and marks a written write-back line dirty', () => {
    const m = machine();
    const ram = ramWithSection(0);
    const stats = warmFromAccesses(m.sys.mem!, m.sim, { control: CTRL_M_C_I, ttbr: TTBR, contextid: 0, ram }, [
      { mva: 0x00100000, pa: 0x0, kind: TAP_FETCH_ARM, control: CTRL_M_C_I },
      { mva: 0x00100044, pa: 0x44, kind: TAP_READ, control: CTRL_M_C_I },
      { mva: 0x00100048, pa: 0x48, kind: TAP_WRITE, control: CTRL_M_C_I },
      { mva: 0x00100200, pa: 0x200, kind: TAP_WRITE, control: CTRL_M_C_I }, // a write miss: no allocation
    ]);
    expect(stats).toMatchObject({ accesses: 4, tlbFills: 1, iLines: 1, dLines: 1, dirtyLines: 1, staleDropped: 0 });
    const d = m.sys.mem!.dcache;
    const line = d.setOf(0x00100040) * d.ways + d.probe(d.setOf(0x00100040), 0x00100040 >>> d.lineShift);
    expect(d.data.data[line * d.wordsPerLine + 1]).toBe(0x1011); // RAM word 0x44 / 4
    expect(d.dirty.data[line]).toBe(1);
    expect(d.probe(d.setOf(0x00100200), 0x00100200 >>> d.lineShift)).toBe(-1);
  });

  it('a line filled under a mapping that has changed since is dropped (never stale)', () => {
    const m = machine();
    const ram = ramWithSection(0);
    // Recorded when MVA 0x00100040 mapped PA 0x20040; the tables now say 0x40.
    const stats = warmFromAccesses(m.sys.mem!, m.sim, { control: CTRL_M_C_I, ttbr: TTBR, contextid: 0, ram }, [{ mva: 0x00100040, pa: 0x20040, kind: TAP_READ, control: CTRL_M_C_I }]);
    expect(stats).toMatchObject({ dLines: 1, staleDropped: 1 });
    const d = m.sys.mem!.dcache;
    expect(d.probe(d.setOf(0x00100040), 0x00100040 >>> d.lineShift)).toBe(-1);
  });

  it('an access made with the MMU and caches off (a boot) fills nothing and leaves the victim state, whatever the control at the hand-off', () => {
    const m = machine();
    const ram = ramWithSection(0);
    const { icache, dcache, tlb } = m.sys.mem!;
    const before = [icache.replacementState.v, dcache.replacementState.v, tlb.victim.v];
    const stats = warmFromAccesses(m.sys.mem!, m.sim, { control: CTRL_M_C_I, ttbr: TTBR, contextid: 0, ram }, [
      { mva: 0x0, pa: 0x0, kind: TAP_FETCH_ARM, control: 0 },
      { mva: 0x44, pa: 0x44, kind: TAP_READ, control: 0 },
      { mva: 0x80, pa: 0x80, kind: TAP_READ, control: 0x1000 }, // (MMU off, I on: data still uncached)
    ]);
    expect(stats).toMatchObject({ accesses: 3, tlbFills: 0, iLines: 0, dLines: 0 });
    expect([icache.replacementState.v, dcache.replacementState.v, tlb.victim.v]).toEqual(before);
    // MMU off with the I-cache on: a fetch is cacheable (ARM926), and fills at its physical address.
    const on = warmFromAccesses(m.sys.mem!, m.sim, { control: CTRL_M_C_I, ttbr: TTBR, contextid: 0, ram }, [{ mva: 0x100, pa: 0x100, kind: TAP_FETCH_ARM, control: 0x1000 }]);
    expect(on).toMatchObject({ iLines: 1, tlbFills: 0 });
  });

  it('the fetches behind an FCSE PID write (in the pipeline when it executes) are replayed under the old PID', () => {
    const m = machine();
    const ram = ramWithSection(0);
    ram[(TTBR >>> 2) + 0x21] = ram[(TTBR >>> 2) + 1]!; // MVA 0x02100000 (PID slot 1): the same frame
    ram[0x40 >>> 2] = 0xee0d0f10; // mcr p15, 0, r0, c13, c0, 0 (FCSE PID)
    const fetch = (mva: number) => ({ mva, pa: mva & 0xfffff, kind: TAP_FETCH_ARM, control: CTRL_M_C_I });
    // The model relocates everything after the MCR into slot 1; the RTL fetched three of them already.
    const stats = warmFromAccesses(m.sys.mem!, m.sim, { control: CTRL_M_C_I, ttbr: TTBR, contextid: 0, ram }, [
      fetch(0x00100040),
      fetch(0x02100044),
      fetch(0x02100048),
      fetch(0x0210004c),
      fetch(0x02100400), // a branch (after the write: slot 1)
    ]);
    const i = m.sys.mem!.icache;
    const resident = (mva: number): boolean => i.probe(i.setOf(mva), mva >>> i.lineShift) >= 0;
    expect(stats).toMatchObject({ iLines: 2, wrongPath: 0, staleDropped: 0 });
    expect([resident(0x00100040), resident(0x02100040), resident(0x02100400)]).toEqual([true, false, true]);
    // A redirect ends the shadow: a branch target right after the MCR is fetched under the new PID.
    const m2 = machine();
    const branch = warmFromAccesses(m2.sys.mem!, m2.sim, { control: CTRL_M_C_I, ttbr: TTBR, contextid: 0, ram }, [fetch(0x00100040), fetch(0x02100400)]);
    expect(branch.iLines - branch.wrongPath).toBe(2);
    const i2 = m2.sys.mem!.icache;
    expect(i2.probe(i2.setOf(0x02100400), 0x02100400 >>> i2.lineShift)).toBeGreaterThanOrEqual(0);
  });
});
