// Directed tests of the caches and the write buffer: read-allocate, write-back vs write-through
// per page, no write-allocate, critical word first, dirty eviction, each c7 maintenance operation,
// self-modifying code on the I side, uncached device accesses. Check mode on.
import { describe, expect, it } from 'vitest';
import { validateConfig, type PartialConfig } from '../../rtl/config.ts';
import { CTRL_C, CTRL_I, CTRL_M, OP, RESULT_Z } from '../../rtl/mem/cp15-link.ts';
import { Harness, section } from './harness.ts';

const TTB = 0x4000;
const WB = 0x8000_0000; // write-back section -> PA 0x100000
const WT = 0x8010_0000; // write-through section -> PA 0x100000 (same PA: never used together)
const NCB = 0x8020_0000; // non-cacheable bufferable -> PA 0x100000
const DEV = 0x8030_0000; // non-cacheable non-bufferable -> PA 0x100000

function setup(partial: PartialConfig = {}): Harness {
  const h = new Harness(validateConfig(partial), { ramBytes: 1 << 21 });
  h.pokeWord(TTB + ((WB >>> 20) << 2), section(0x10_0000, { c: true, b: true }));
  h.pokeWord(TTB + ((WT >>> 20) << 2), section(0x10_0000, { c: true, b: false }));
  h.pokeWord(TTB + ((NCB >>> 20) << 2), section(0x10_0000, { c: false, b: true }));
  h.pokeWord(TTB + ((DEV >>> 20) << 2), section(0x10_0000, { c: false, b: false }));
  h.setCp15({ ttbr: TTB, dacr: 0xffff_ffff, ctrl: CTRL_M | CTRL_C | CTRL_I });
  for (let k = 0; k < 0x4000; k += 4) h.pokeWord(0x10_0000 + k, 0x1000_0000 + k);
  return h;
}

describe('D-cache', () => {
  it('read-allocates: a miss fills the line, the rest of the line hits', () => {
    const h = setup();
    expect(h.read(WB + 0x40).data).toBe(0x1000_0040);
    for (let k = 0; k < 32; k += 4) expect(h.read(WB + 0x40 + k).data).toBe(0x1000_0040 + k);
    const s = h.mem.stats().d;
    expect([s.misses, s.fills, s.hits]).toEqual([1, 1, 8]);
    expect(h.ram.dreads.v).toBe(1 + 8); // one descriptor, one line
  });

  it('critical word first: the missed word arrives first and is answered before the fill ends', () => {
    const h = setup({ memory: { ramWaitStates: 3 } });
    h.read(WB + 0x400); // warm the TLB (same TLB set, another line)
    h.idle(50); // let that fill finish
    const addrs: number[] = [];
    const bus = h.mem.dbus;
    h.sim.addObserver({ sample: () => void (bus.req.on && bus.ready.on && addrs.push(bus.addr.v)) });
    const first = h.read(WB + 0x54);
    expect(addrs[0]).toBe(0x10_0054);
    expect(first.cycles).toBeLessThan(2 * 4);
    h.read(WB + 0x40); // waits for the rest of the line, then hits
    expect(addrs).toEqual([0x54, 0x58, 0x5c, 0x40, 0x44, 0x48, 0x4c, 0x50].map((a) => 0x10_0000 + a));
  });

  it('write-back page: a write hit stays in the cache until cleaned by MVA', () => {
    const h = setup();
    h.read(WB + 0x80);
    h.idle(30); // the rest of the line streams in after the critical word
    const w = h.write(WB + 0x84, 0xabcd);
    expect(w.cycles).toBe(1);
    h.idle(20);
    expect(h.peekWord(0x10_0084)).toBe(0x1000_0084);
    h.op(OP.CLEAN_D_MVA, WB + 0x80);
    expect(h.peekWord(0x10_0084)).toBe(0xabcd);
    expect(h.mem.stats().d.writebacks).toBe(1);
    h.op(OP.CLEAN_D_MVA, WB + 0x80); // now clean: nothing to write
    expect(h.mem.stats().d.writebacks).toBe(1);
  });

  it('write-through page: a write hit updates the line and goes through the write buffer', () => {
    const h = setup();
    h.read(WT + 0x80);
    h.write(WT + 0x84, 0x1234, { size: 1 });
    expect(h.read(WT + 0x84).data).toBe(0x1000_1234);
    h.op(OP.DRAIN_WB);
    expect(h.peekWord(0x10_0084)).toBe(0x1000_1234);
    expect(h.mem.dcache.dirty.data.some((d) => d !== 0)).toBe(false);
  });

  it('write-through policy knob: a write-back page behaves as write-through', () => {
    const h = setup({ dcache: { writePolicy: 'write-through' } });
    h.read(WB + 0x80);
    h.write(WB + 0x84, 0x77);
    h.op(OP.DRAIN_WB);
    expect(h.peekWord(0x10_0084)).toBe(0x77);
  });

  it('no write-allocate: a write miss is buffered, the line stays absent', () => {
    const h = setup();
    h.write(WB + 0x200, 0x5555);
    expect(h.mem.stats().d.fills).toBe(0);
    expect(h.mem.stats().writeBuffer.pushes).toBe(1);
    expect(h.read(WB + 0x200).data).toBe(0x5555); // the fill waits for the write buffer to drain
    h.idle(30);
    expect(h.mem.stats().d.fills).toBe(1);
  });

  it('a dirty victim is written back before the fill that replaces it', () => {
    const h = setup({ dcache: { sizeBytes: 1024, ways: 1 } });
    h.read(WB + 0x20);
    h.write(WB + 0x20, 0xdd);
    h.read(WB + 0x420); // same set, other tag
    expect(h.mem.stats().d.writebacks).toBe(1);
    expect(h.peekWord(0x10_0020)).toBe(0xdd);
    expect(h.read(WB + 0x20).data).toBe(0xdd);
  });

  it('invalidate by MVA discards a dirty line; by set/way; all', () => {
    const h = setup();
    h.read(WB);
    h.write(WB, 0x99);
    h.op(OP.INV_D_MVA, WB);
    expect(h.read(WB).data).toBe(0x1000_0000);
    const set = (0x40 >>> 5) & 127;
    h.read(WB + 0x40);
    const way = [0, 1, 2, 3].find((w) => h.mem.dcache.valid.data[set * 4 + w] !== 0)!;
    h.write(WB + 0x40, 0x98);
    h.op(OP.INV_D_SETWAY, ((way << 30) | (set << 5)) >>> 0);
    expect(h.read(WB + 0x40).data).toBe(0x1000_0040);
    h.op(OP.INV_D_ALL);
    expect(h.mem.dcache.valid.data.some((v) => v !== 0)).toBe(false);
  });

  it('clean and clean+invalidate by set/way write dirty lines back', () => {
    const h = setup();
    h.read(WB + 0x60);
    h.write(WB + 0x60, 0x61);
    const set = 3;
    const way = [0, 1, 2, 3].find((w) => h.mem.dcache.valid.data[set * 4 + w] !== 0)!;
    h.op(OP.CLEAN_D_SETWAY, ((way << 30) | (set << 5)) >>> 0);
    expect(h.peekWord(0x10_0060)).toBe(0x61);
    expect(h.mem.dcache.valid.data[set * 4 + way]).toBe(1);
    h.write(WB + 0x60, 0x62);
    h.op(OP.CLEAN_INV_D_SETWAY, ((way << 30) | (set << 5)) >>> 0);
    expect(h.peekWord(0x10_0060)).toBe(0x62);
    expect(h.mem.dcache.valid.data[set * 4 + way]).toBe(0);
    h.read(WB + 0x60);
    h.write(WB + 0x64, 0x63);
    h.op(OP.CLEAN_INV_D_MVA, WB + 0x60);
    expect(h.peekWord(0x10_0064)).toBe(0x63);
  });

  it('test-and-clean cleans one dirty line per call until Z; test-clean-invalidate empties the cache', () => {
    const h = setup();
    for (const off of [0x0, 0x100, 0x2000, 0x3fe0]) {
      h.read(WB + off);
      h.write(WB + off, off + 1);
    }
    let calls = 0;
    while ((h.op(OP.TEST_CLEAN_D).result & RESULT_Z) === 0) calls++;
    expect(calls).toBe(4);
    for (const off of [0x0, 0x100, 0x2000, 0x3fe0]) expect(h.peekWord(0x10_0000 + off)).toBe(off + 1);
    h.write(WB + 0x100, 7);
    while ((h.op(OP.TEST_CLEAN_INV_D).result & RESULT_Z) === 0);
    expect(h.peekWord(0x10_0100)).toBe(7);
    expect(h.mem.dcache.valid.data.some((v) => v !== 0)).toBe(false);
  });

  it('a data access pending with a maintenance request goes first (it is older than the MCR)', () => {
    for (const mode of ['fcse', 'asid'] as const) {
      const h = setup({ addressSpaceSwitch: mode });
      h.read(WB + 0xa0);
      h.idle(30);
      const s = h.sim;
      const d = h.mem.d;
      const c = h.mem.cp15;
      s.poke(d.req, 1);
      s.poke(d.addr, WB + 0xa4);
      s.poke(d.we, 1);
      s.poke(d.size, 2);
      s.poke(d.wdata, 0x5170_0e5);
      s.poke(d.priv, 1);
      s.poke(c.op_valid, 1);
      s.poke(c.op_crn, 7);
      s.poke(c.op_crm, 10);
      s.poke(c.op_opc2, 1); // clean D line by MVA
      s.poke(c.op_data, WB + 0xa0);
      let storeDone = -1;
      let opDone = -1;
      for (let k = 0; k < 200 && opDone < 0; k++) {
        s.step();
        if (storeDone < 0 && d.ready.on) {
          storeDone = k;
          s.poke(d.req, 0);
        }
        if (c.op_ready.on) opDone = k;
      }
      s.poke(c.op_valid, 0);
      expect(storeDone).toBe(0);
      expect(opDone).toBeGreaterThan(storeDone);
      expect(h.peekWord(0x10_00a4)).toBe(0x5170_0e5);
    }
  });

  it('drain write buffer completes only when buffered stores have reached memory', () => {
    const h = setup({ writeBuffer: { depth: 4 }, memory: { ramWaitStates: 5 } });
    for (let k = 0; k < 6; k++) h.write(NCB + k * 4, k); // more than the depth: stalls when full
    expect(h.peekWord(0x10_0014)).not.toBe(5);
    const d = h.op(OP.DRAIN_WB);
    expect(d.cycles).toBeGreaterThan(1);
    for (let k = 0; k < 6; k++) expect(h.peekWord(0x10_0000 + k * 4)).toBe(k);
  });

  it('non-cacheable non-bufferable (device) accesses go to the bus every time, in order', () => {
    const h = setup();
    h.read(DEV);
    const before = h.ram.dreads.v;
    h.read(DEV);
    h.read(DEV, { size: 0 });
    expect(h.ram.dreads.v - before).toBe(2);
    h.write(NCB + 8, 1);
    h.write(DEV + 8, 2); // waits for the buffered store first
    expect(h.peekWord(0x10_0008)).toBe(2);
    expect(h.mem.stats().d.hits).toBe(0);
  });
});

describe('I-cache', () => {
  it('fills on a miss, hits after; self-modifying code needs clean D + drain + invalidate I', () => {
    const h = setup();
    expect(h.fetch(WB + 0x300).data).toBe(0x1000_0300);
    expect(h.fetch(WB + 0x304).data).toBe(0x1000_0304);
    expect(h.mem.stats().i.hits).toBe(1);
    h.read(WB + 0x300);
    h.write(WB + 0x300, 0xe1a0_0000); // a new instruction
    expect(h.fetch(WB + 0x300).data).toBe(0x1000_0300); // stale, as on hardware
    h.op(OP.CLEAN_D_MVA, WB + 0x300);
    h.op(OP.DRAIN_WB);
    h.op(OP.INV_I_MVA, WB + 0x300);
    expect(h.fetch(WB + 0x300).data).toBe(0xe1a0_0000);
  });

  it('invalidate I all and by set/way; I disabled fetches uncached', () => {
    const h = setup();
    h.fetch(WB);
    h.op(OP.INV_I_ALL);
    expect(h.mem.icache.valid.data.some((v) => v !== 0)).toBe(false);
    h.fetch(WB + 0x20);
    const way = [0, 1, 2, 3].find((w) => h.mem.icache.valid.data[4 + w] !== 0)!;
    h.op(OP.INV_I_SETWAY, ((way << 30) | (1 << 5)) >>> 0);
    expect(h.mem.icache.valid.data.some((v) => v !== 0)).toBe(false);
    h.setCp15({ ctrl: CTRL_M | CTRL_C });
    h.fetch(WB + 0x40);
    h.fetch(WB + 0x40);
    expect(h.mem.stats().i.uncached).toBe(2);
    h.setCp15({ ctrl: CTRL_M | CTRL_C | CTRL_I });
    h.fetch(WB + 0x40);
    h.read(WB + 0x80);
    h.idle(30);
    h.op(OP.INV_ID_ALL);
    expect(h.mem.icache.valid.data.some((v) => v !== 0)).toBe(false);
    expect(h.mem.dcache.valid.data.some((v) => v !== 0)).toBe(false);
  });

  it('physically tagged (asid): two virtual aliases of one page share one line', () => {
    const h = setup({ addressSpaceSwitch: 'asid' });
    h.pokeWord(TTB + (0x900 << 2), section(0x10_0000, { c: true, b: true }));
    h.read(WB + 0x10);
    h.write(WB + 0x10, 0x4242);
    expect(h.read(0x9000_0010).data).toBe(0x4242);
    expect(h.mem.stats().d.fills).toBe(1);
    h.op(OP.CLEAN_INV_D_MVA, 0x9000_0010); // by-MVA ops translate the MVA
    expect(h.peekWord(0x10_0010)).toBe(0x4242);
  });

  it('no-op codes (prefetch buffer, BTB) complete at once', () => {
    const h = setup();
    expect(h.op(OP.FLUSH_PREFETCH).cycles).toBe(1);
    expect(h.op(OP.FLUSH_BTB).cycles).toBe(1);
  });
});
