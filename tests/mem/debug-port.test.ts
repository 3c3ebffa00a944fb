// The debug read port (rtl/mem/debug-port.ts) in the corners a random sequence rarely reaches: a
// store still in the write buffer, a dirty line the memory does not have yet, a TLB entry the
// tables no longer agree with, FCSE relocation, the MMU off, no mapping. In each case it must
// return what the next load returns, and reading must change nothing (no fill, no counter).
// (tests/mem/properties.test.ts checks the same against every read of its random sequences.)
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../rtl/config.ts';
import { CTRL_C, CTRL_M, OP } from '../../rtl/mem/cp15-link.ts';
import { DebugPort } from '../../rtl/mem/debug-port.ts';
import { Harness, coarse, section, small } from './harness.ts';

const TTB = 0x4000;
const L2 = 0x8000;
const VA = 0x9000_0000;
const PA1 = 0x0010_0000;
const PA2 = 0x0010_1000;

function setup(page: { c: boolean; b: boolean }, switchStrategy: 'fcse' | 'asid' = 'fcse'): { h: Harness; debug: DebugPort } {
  const h = new Harness(validateConfig({ addressSpaceSwitch: switchStrategy, writeBuffer: { depth: 4 }, memory: { ramWaitStates: 3 } }), { ramBytes: 1 << 22 });
  h.pokeWord(TTB + ((VA >>> 20) << 2), coarse(L2));
  h.pokeWord(L2, small(PA1, page));
  h.pokeWord(TTB + ((0x0200_0000 >>> 20) << 2), section(0x0030_0000, { c: true, b: true }));
  for (let k = 0; k < 16; k++) {
    h.pokeWord(PA1 + 4 * k, 0x1100 + k);
    h.pokeWord(PA2 + 4 * k, 0x2200 + k);
  }
  h.setCp15({ ttbr: TTB, dacr: 1, ctrl: CTRL_M | CTRL_C });
  return { h, debug: new DebugPort(h.mem, (pa) => h.peekWord(pa)) };
}

/** Every register and memory of the memory system, to show a debug read changes nothing. */
function snapshot(h: Harness): string {
  const parts: number[] = [];
  const visit = (m: typeof h.mem | (typeof h.mem.children)[number]): void => {
    for (const s of m.signals) if (s.words === 1) parts.push(h.sim.peek(s));
    for (const mem of m.memories) parts.push(...mem.data);
    for (const c of m.children) visit(c);
  };
  visit(h.mem);
  return parts.join(',');
}

describe('debug read port', () => {
  it('sees a store still in the write buffer (bufferable, uncached), sub-word stores merged in order', () => {
    const { h, debug } = setup({ c: false, b: true });
    h.write(VA + 8, 0xdead_beef);
    h.write(VA + 9, 0x55, { size: 0 });
    expect(h.mem.wbuf.count.v).toBeGreaterThan(0); // still pending: RAM has the old word
    expect(h.peekWord(PA1 + 8)).toBe(0x1102);
    const before = snapshot(h);
    expect(debug.readWord(VA + 8)).toEqual({ ok: true, pa: PA1 + 8, value: 0xdead_55ef, source: 'memory' });
    expect(snapshot(h)).toBe(before);
    expect(h.read(VA + 8).data).toBe(0xdead_55ef);
  });

  it('sees a dirty line the memory does not hold yet (write-back page)', () => {
    const { h, debug } = setup({ c: true, b: true });
    h.read(VA + 4); // allocate the line
    h.write(VA + 4, 0x1234_5678);
    h.idle(20);
    expect(h.peekWord(PA1 + 4)).toBe(0x1101);
    expect(debug.readWord(VA + 4)).toMatchObject({ value: 0x1234_5678, source: 'd-cache' });
    expect(h.read(VA + 4).data).toBe(0x1234_5678);
  });

  it('uses a TLB entry the tables no longer agree with, as the core does, until it is invalidated', () => {
    const { h, debug } = setup({ c: false, b: false });
    expect(h.read(VA).data).toBe(0x1100); // the TLB now holds VA -> PA1
    h.pokeWord(L2, small(PA2, { c: false, b: false }));
    expect(debug.translate(VA)).toMatchObject({ ok: true, pa: PA1, fromTlb: true });
    expect(debug.readWord(VA).value).toBe(0x1100);
    expect(h.read(VA).data).toBe(0x1100);
    h.op(OP.TLB_INV_MVA, VA);
    expect(debug.translate(VA)).toMatchObject({ ok: true, pa: PA2, fromTlb: false });
    expect(debug.readWord(VA).value).toBe(0x2200);
    expect(h.read(VA).data).toBe(0x2200);
  });

  it('relocates by the FCSE PID, reads flat with the MMU off, and reports no mapping', () => {
    const { h, debug } = setup({ c: false, b: false });
    h.pokeWord(0x0030_0010, 0xfc5e);
    h.setCp15({ fcsepid: 0x0200_0000 });
    expect(debug.translate(0x10)).toMatchObject({ ok: true, mva: 0x0200_0010, pa: 0x0030_0010 });
    expect(debug.readWord(0x10).value).toBe(0xfc5e);
    expect(debug.readWord(0x7000_0000)).toMatchObject({ ok: false, source: 'none' });
    h.setCp15({ ctrl: 0, fcsepid: 0 });
    expect(debug.readWord(PA1 + 12)).toEqual({ ok: true, pa: PA1 + 12, value: 0x1103, source: 'memory' });
  });

  it('looks up a physically tagged cache by PA (asid)', () => {
    const { h, debug } = setup({ c: true, b: true }, 'asid');
    h.read(VA + 16);
    h.write(VA + 16, 0xabc);
    expect(debug.readWord(VA + 16)).toMatchObject({ value: 0xabc, source: 'd-cache', pa: PA1 + 16 });
  });
});
