// Directed tests of the MMU: each page size, each fault status code, AP with S and R, FCSE
// relocation, ASID tagging, TLB maintenance and lockdown. Check mode is on throughout.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../rtl/config.ts';
import { CTRL_A, CTRL_M, CTRL_R, CTRL_S, OP } from '../../rtl/mem/cp15-link.ts';
import { Harness, coarse, fine, large, section, small, tiny } from './harness.ts';

const TTB = 0x4000;
const L2 = 0x8000; // coarse tables at 0x8000 + k*0x400; fine tables at 0xc000 + k*0x1000
const FINE = 0xc000;

function setup(mode: 'flush' | 'fcse' | 'asid' = 'fcse', abortFrom?: number): Harness {
  const h = new Harness(validateConfig({ addressSpaceSwitch: mode }), { abortFrom: abortFrom ?? 0xffff_ffff, ramBytes: 1 << 21 });
  h.setCp15({ ttbr: TTB, dacr: 0x5555_5555, ctrl: CTRL_M });
  return h;
}
const l1 = (h: Harness, va: number, desc: number): void => h.pokeWord(TTB + ((va >>> 20) << 2), desc);

describe('translation', () => {
  it('MMU off: flat, data uncached, no walks', () => {
    const h = new Harness(validateConfig());
    h.setCp15({ ctrl: 0 });
    h.pokeWord(0x1234 & ~3, 0xcafef00d);
    expect(h.read(0x1234 & ~3).data).toBe(0xcafef00d);
    h.write(0x2000, 0x11223344);
    h.idle(10);
    expect(h.peekWord(0x2000)).toBe(0x11223344);
    expect(h.mem.stats().walks).toBe(0);
    expect(h.mem.stats().d.uncached).toBe(2); // the read and the (non-bufferable) write
  });

  it('section: walks once, then hits the TLB', () => {
    const h = setup();
    l1(h, 0x8000_0000, section(0x0010_0000));
    h.pokeWord(0x0012_3450, 0xdeadbeef);
    expect(h.read(0x8002_3450).data).toBe(0xdeadbeef);
    expect(h.read(0x8002_3450).data).toBe(0xdeadbeef);
    const s = h.mem.stats();
    expect(s.walks).toBe(1);
    expect(s.d.tlbMisses).toBe(1);
    expect(s.d.tlbHits).toBe(2); // the retry after the walk, and the second access
  });

  it('coarse table: small and large pages', () => {
    const h = setup();
    l1(h, 0x9000_0000, coarse(L2, { domain: 3 }));
    h.pokeWord(L2 + (0x05 << 2), small(0x0015_0000)); // VA 0x90005000 -> PA 0x150000
    for (let k = 0; k < 16; k++) h.pokeWord(L2 + ((0x10 + k) << 2), large(0x0016_0000)); // VA 0x90010000.. -> 0x160000 (64 KB)
    h.pokeWord(0x0015_0ffc, 0x5a5a0001);
    h.pokeWord(0x0016_a008, 0x5a5a0002);
    expect(h.read(0x9000_5ffc).data).toBe(0x5a5a0001);
    expect(h.read(0x9001_a008).data).toBe(0x5a5a0002);
    expect(h.read(0x9001_a00c).abort).toBe(false); // same large page, same set: no new walk
    expect(h.mem.stats().walks).toBe(2);
    expect(h.read(0x9001_0000).abort).toBe(false); // same page, another set: entered again
    expect(h.mem.stats().walks).toBe(3);
  });

  it('fine table: tiny pages (1 KB) and small pages', () => {
    const h = setup();
    l1(h, 0xa000_0000, fine(FINE));
    h.pokeWord(FINE + (0x007 << 2), tiny(0x0017_0400)); // VA 0xa0001c00 -> PA 0x170400
    for (let k = 0; k < 4; k++) h.pokeWord(FINE + ((0x010 + k) << 2), small(0x0018_0000)); // VA 0xa0004000..: 4 KB page
    h.pokeWord(0x0017_0404, 0x77);
    h.pokeWord(0x0018_0ff0, 0x88);
    expect(h.read(0xa000_1c04).data).toBe(0x77);
    expect(h.read(0xa000_4ff0).data).toBe(0x88);
    // the next 1 KB is not mapped by that tiny page
    expect(h.read(0xa000_2000).fsr & 0xf).toBe(0x7);
  });

  it('subpages with different AP are entered 1 KB at a time', () => {
    const h = setup();
    h.setCp15({ dacr: 0x1 }); // domain 0 client
    l1(h, 0x9000_0000, coarse(L2));
    h.pokeWord(L2 + (0x05 << 2), small(0x0015_0000, { aps: [3, 2, 1, 3] }));
    expect(h.read(0x9000_5000, { priv: false }).abort).toBe(false);
    expect(h.write(0x9000_5400, 1, { priv: false }).fsr).toBe(0x0f); // AP=2: user read-only
    expect(h.read(0x9000_5800, { priv: false }).fsr).toBe(0x0f); // AP=1: no user access
    expect(h.read(0x9000_5c00, { priv: false }).abort).toBe(false);
    expect(h.mem.stats().walks).toBe(4);
  });
});

describe('fault status codes and FAR', () => {
  it('translation fault, section (0x5) and page (0x7), with domain and FAR = MVA', () => {
    const h = setup();
    h.pokeWord(TTB + (0x123 << 2), 0x0000_01e0); // invalid, domain bits 15 (ignored by hardware but reported)
    const a = h.read(0x1230_0004);
    expect([a.abort, a.fsr, a.far]).toEqual([true, 0xf5, 0x1230_0004]);
    l1(h, 0x9000_0000, coarse(L2, { domain: 6 }));
    const b = h.read(0x9000_3000);
    expect([b.abort, b.fsr]).toEqual([true, 0x67]);
    expect(h.fetch(0x9000_3000).fsr).toBe(0x67); // prefetch abort
  });

  it('domain fault, section (0x9) and page (0xb)', () => {
    const h = setup();
    h.setCp15({ dacr: 0x5555_5555 & ~(3 << 8) }); // domain 4: no access
    l1(h, 0x8000_0000, section(0x10_0000, { domain: 4 }));
    l1(h, 0x9000_0000, coarse(L2, { domain: 4 }));
    h.pokeWord(L2, small(0x10_0000));
    expect(h.read(0x8000_0000).fsr).toBe(0x49);
    expect(h.read(0x9000_0000).fsr).toBe(0x4b);
    h.setCp15({ dacr: 0x5555_5555 | (3 << 8) }); // manager: no AP check, no TLB flush needed
    expect(h.read(0x8000_0000).abort).toBe(false);
  });

  it('permission fault, section (0xd) and page (0xf); AP with S and R', () => {
    const h = setup();
    l1(h, 0x8000_0000, section(0x10_0000, { ap: 1, domain: 2 }));
    expect(h.read(0x8000_0000, { priv: false }).fsr).toBe(0x2d);
    expect(h.read(0x8000_0000, { priv: true }).abort).toBe(false);
    l1(h, 0x8010_0000, section(0x10_0000, { ap: 0, domain: 2 }));
    expect(h.read(0x8010_0000, { priv: true }).fsr).toBe(0x2d); // S=R=0: no access
    h.setCp15({ ctrl: CTRL_M | CTRL_S });
    expect(h.read(0x8010_0000, { priv: true }).abort).toBe(false);
    expect(h.read(0x8010_0000, { priv: false }).fsr).toBe(0x2d);
    expect(h.write(0x8010_0000, 0, { priv: true }).fsr).toBe(0x2d);
    h.setCp15({ ctrl: CTRL_M | CTRL_R });
    expect(h.read(0x8010_0000, { priv: false }).abort).toBe(false);
    l1(h, 0x9000_0000, coarse(L2, { domain: 1 }));
    h.pokeWord(L2, small(0x10_0000, { ap: 2 }));
    expect(h.write(0x9000_0000, 5, { priv: false }).fsr).toBe(0x1f);
  });

  it('alignment fault (0x1) when A is set, before translation', () => {
    const h = setup();
    h.setCp15({ ctrl: CTRL_M | CTRL_A });
    const a = h.read(0x8000_0002);
    expect([a.abort, a.fsr]).toEqual([true, 0x01]);
    expect(h.read(0x8000_0001, { size: 1 }).fsr).toBe(0x01);
    expect(h.mem.stats().walks).toBe(0);
    h.setCp15({ ctrl: CTRL_M });
    l1(h, 0x8000_0000, section(0x10_0000));
    expect(h.read(0x8000_0002).abort).toBe(false);
  });

  it('external aborts: on translation L1 (0xc) and L2 (0xe), non-cached access (0x8), linefill (0x4)', () => {
    const h = setup('fcse', 0x0018_0000);
    h.setCp15({ ttbr: 0x0018_0000 });
    expect(h.read(0x8000_0000).fsr).toBe(0x0c);
    h.setCp15({ ttbr: TTB });
    l1(h, 0x9000_0000, coarse(0x0018_0000, { domain: 5 }));
    expect(h.read(0x9000_0000).fsr).toBe(0x5e);
    l1(h, 0x8000_0000, section(0x0010_0000, { domain: 3 })); // 0x180000 lies inside it
    expect(h.read(0x8008_0000).fsr).toBe(0x38);
    h.setCp15({ ctrl: CTRL_M | 4 });
    l1(h, 0x8010_0000, section(0x0010_0000, { domain: 3, c: true, b: true }));
    expect(h.read(0x8018_0000).fsr).toBe(0x34);
    expect(h.mem.stats().walkFaults).toBe(2);
  });
});

describe('FCSE and ASID', () => {
  it('FCSE relocates addresses below 32 MB by the PID (also for fetches)', () => {
    const h = setup();
    h.setCp15({ fcsepid: 3 << 25 }); // slot 3: 0x06000000
    l1(h, 0x0600_0000, section(0x0010_0000));
    l1(h, 0x0000_0000, section(0x0000_0000, { ap: 0 })); // would fault if not relocated
    h.pokeWord(0x0010_0010, 0x1234);
    expect(h.read(0x0000_0010).data).toBe(0x1234);
    expect(h.fetch(0x0000_0010).data).toBe(0x1234);
    // addresses at or above 32 MB are not relocated
    l1(h, 0x0200_0000, section(0x0010_0000));
    h.pokeWord(0x0010_0020, 0x99);
    expect(h.read(0x0200_0020).data).toBe(0x99);
    const f = h.read(0x01f0_0000); // -> MVA 0x07f00000, unmapped
    expect(f.far).toBe(0x07f0_0000);
  });

  it("ASID mode: non-global entries are per ASID, global ones shared; switch without flush", () => {
    const h = setup('asid');
    const TTB2 = 0x1_0000;
    // ASID 1 tables at TTB, ASID 2 tables at TTB2
    l1(h, 0x4000_0000, section(0x0010_0000, { ng: true }));
    h.pokeWord(TTB2 + (0x400 << 2), section(0x0020_0000, { ng: true }));
    l1(h, 0xc000_0000, section(0x0000_0000)); // global kernel mapping
    h.pokeWord(TTB2 + (0xc00 << 2), section(0x0000_0000));
    h.pokeWord(0x0010_0000, 0x1111);
    h.pokeWord(0x0001_8000, 0x2222);
    h.pokeWord(0x0000_0000, 0x3333);
    h.setCp15({ contextid: 1 });
    expect(h.read(0x4000_0000).data).toBe(0x1111);
    expect(h.read(0xc001_8000).data).toBe(0x2222);
    h.setCp15({ contextid: 2, ttbr: TTB2 });
    expect(h.read(0x4000_0000).data).toBe(0x3333); // PA 0x200000 wraps to 0 in a 2 MB RAM
    const walks = h.mem.stats().walks;
    expect(h.read(0xc001_8000).data).toBe(0x2222); // global: no walk
    expect(h.mem.stats().walks).toBe(walks);
    h.setCp15({ contextid: 1, ttbr: TTB });
    expect(h.read(0x4000_0000).data).toBe(0x1111); // still in the TLB
    expect(h.mem.stats().walks).toBe(walks);
    // invalidate by ASID drops only that ASID's non-global entries
    h.op(OP.TLB_INV_ASID, 1);
    h.read(0x4000_0000);
    h.read(0xc001_8000);
    expect(h.mem.stats().walks).toBe(walks + 1);
  });
  it('ASID mode: a walk in flight when CONTEXTIDR and TTBR change is tagged with the ASID it started under', () => {
    const h = new Harness(validateConfig({ addressSpaceSwitch: 'asid', memory: { ramWaitStates: 4 } }), { ramBytes: 1 << 21 });
    const TTB2 = 0x1_0000;
    h.setCp15({ ttbr: TTB, dacr: 0x5555_5555, ctrl: CTRL_M, contextid: 1 });
    l1(h, 0x4000_0000, section(0x0010_0000, { ng: true }));
    h.pokeWord(TTB2 + (0x400 << 2), section(0x0000_0000, { ng: true }));
    h.pokeWord(0x0010_0000, 0x1111);
    h.pokeWord(0x0000_0000, 0x2222);
    // Start a read under ASID 1 / TTB; while the first-level descriptor read is on the bus, switch to
    // ASID 2 / TTB2 (as a fetch walk may be in flight while the core executes the switch).
    const port = h.mem.d;
    const s = h.sim;
    s.poke(port.req, 1);
    s.poke(port.addr, 0x4000_0000);
    s.poke(port.we, 0);
    s.poke(port.size, 2);
    s.poke(port.priv, 1);
    s.step();
    s.step();
    expect(h.mem.walker.state.v).not.toBe(0); // walking
    h.setCp15({ contextid: 2, ttbr: TTB2 });
    let n = 0;
    while (!port.ready.on && n++ < 1000) s.step();
    s.poke(port.req, 0);
    s.step();
    // The entry came from ASID 1's table: ASID 2 must not hit it.
    expect(h.read(0x4000_0000).data).toBe(0x2222);
    const walks = h.mem.stats().walks;
    h.setCp15({ contextid: 1, ttbr: TTB });
    expect(h.read(0x4000_0000).data).toBe(0x1111); // the in-flight walk's entry, tagged ASID 1
    expect(h.mem.stats().walks).toBe(walks);
  });
});

describe('TLB maintenance and lockdown', () => {
  it('a stale entry survives a table edit until invalidated by MVA or all', () => {
    const h = setup();
    l1(h, 0x8000_0000, section(0x0010_0000));
    h.pokeWord(0x0010_0000, 1);
    h.pokeWord(0x0000_0000, 2);
    expect(h.read(0x8000_0000).data).toBe(1);
    l1(h, 0x8000_0000, section(0x0000_0000));
    expect(h.read(0x8000_0000).data).toBe(1); // stale, as on hardware
    h.op(OP.TLB_INV_MVA, 0x8000_0000);
    expect(h.read(0x8000_0000).data).toBe(2);
    l1(h, 0x8000_0000, section(0x0010_0000));
    h.op(OP.TLB_INV_D_ALL);
    expect(h.read(0x8000_0000).data).toBe(1);
  });

  it('a section is one TLB entry: every 4 KB of it hits after one walk, whatever the page set', () => {
    const h = setup();
    l1(h, 0x8000_0000, section(0x0010_0000));
    for (let k = 0; k < 256; k++) h.read(0x8000_0000 + k * 0x1000);
    expect(h.mem.stats().walks).toBe(1);
  });

  it('sections whose 4 KB page sets collide (kernel, client, server, VIC) all stay in a 2-way TLB', () => {
    const h = setup('asid');
    const mbs = [0x000, 0x001, 0x002, 0x101, 0x01f, 0x400, 0xc00];
    for (const mb of mbs) l1(h, mb << 20, section(0, { ng: mb !== 0 && mb !== 0x101 }));
    h.setCp15({ contextid: 1 });
    for (let round = 0; round < 3; round++) for (const mb of mbs) h.read(((mb << 20) | 0x40) >>> 0);
    expect(h.mem.stats().walks).toBe(mbs.length);
  });

  it('invalidate by MVA removes a section, by any MVA inside it', () => {
    const h = setup();
    l1(h, 0x8000_0000, section(0x0010_0000));
    h.read(0x8000_0000);
    h.read(0x8000_1000); // another page set, same section (same entry)
    l1(h, 0x8000_0000, section(0x0000_0000));
    h.op(OP.TLB_INV_I_MVA, 0x8000_0000);
    h.pokeWord(0x0000_1000, 0x42);
    expect(h.read(0x8000_1000).data).toBe(0x42);
  });

  it('lockdown: P=1 walks fill the victim entry, pulse tlblock_inc, and survive invalidate-all', () => {
    const h = setup();
    l1(h, 0x8000_0000, section(0x0010_0000));
    h.setCp15({ tlblock: (5 << 26) | 1 });
    const s = h.sim;
    s.poke(h.mem.d.req, 1);
    s.poke(h.mem.d.addr, 0x8000_0000);
    s.poke(h.mem.d.we, 0);
    s.poke(h.mem.d.size, 2);
    s.poke(h.mem.d.priv, 1);
    let pulses = 0;
    while (!h.mem.d.ready.on) {
      s.step();
      pulses += h.mem.cp15.tlblock_inc.v;
    }
    s.poke(h.mem.d.req, 0);
    expect(pulses).toBe(1);
    expect(h.mem.tlb.tlb_attr.data[64 + 5]! & 1).toBe(1);
    h.setCp15({ tlblock: 6 << 26 });
    l1(h, 0x8000_0000, section(0x0000_0000));
    h.op(OP.TLB_INV_ALL);
    h.pokeWord(0x0010_0000, 7);
    expect(h.read(0x8000_0000).data).toBe(7); // still the locked entry
    h.op(OP.TLB_INV_MVA, 0x8000_0000);
    h.pokeWord(0, 8);
    expect(h.read(0x8000_0000).data).toBe(8);
  });
});
