// Bus and RAM: every size and byte lane, wait states in cycles, arbitration, counters, unmapped space.
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../rtl/hdl/index.ts';
import { FSR_EXTERNAL_ABORT, SIZE_BYTE, SIZE_HALF } from '../../rtl/soc/index.ts';
import { Probe, TestTop, bench, extract, type Txn } from './master.ts';

const H = SIZE_HALF;
const B = SIZE_BYTE;

describe('RAM through the bus', () => {
  it('writes and reads words, halfwords and bytes on every lane (little-endian)', () => {
    const script: Txn[] = [
      { addr: 0x100, we: true, value: 0x11223344 },
      { addr: 0x104, we: true, size: B, value: 0xa0 },
      { addr: 0x105, we: true, size: B, value: 0xa1 },
      { addr: 0x106, we: true, size: B, value: 0xa2 },
      { addr: 0x107, we: true, size: B, value: 0xa3 },
      { addr: 0x108, we: true, size: H, value: 0xb1b0 },
      { addr: 0x10a, we: true, size: H, value: 0xb3b2 },
      { addr: 0x100, we: true, size: B, value: 0xee }, // overwrites one lane only
      { addr: 0x102, we: true, size: H, value: 0xcafe },
      { addr: 0x100 },
      { addr: 0x104 },
      { addr: 0x108 },
      { addr: 0x105, size: B },
      { addr: 0x10a, size: H },
    ];
    const b = bench({}, { d: script });
    b.run();
    const r = b.d.results;
    expect(r).toHaveLength(script.length);
    expect(r[9]!.rdata).toBe(0xcafe33ee);
    expect(r[10]!.rdata).toBe(0xa3a2a1a0);
    expect(r[11]!.rdata).toBe(0xb3b2b1b0);
    expect(r[12]!.rdata).toBe(0xa3a2a1a0); // the aligned word: the master picks its lane
    expect(extract(B, 0x105, r[12]!.rdata)).toBe(0xa1);
    expect(extract(H, 0x10a, r[13]!.rdata)).toBe(0xb3b2);
    expect(r.every((x) => !x.abort && x.fsr === 0)).toBe(true);
    const ram = b.top.soc.ram;
    expect(ram.readWord(0x100)).toBe(0xcafe33ee);
    expect([...ram.readBytes(0x104, 8)]).toEqual([0xa0, 0xa1, 0xa2, 0xa3, 0xb0, 0xb1, 0xb2, 0xb3]);
  });

  it('takes only the addressed lanes of wdata', () => {
    const b = bench({}, { d: [{ addr: 0x20, we: true, value: 0 }, { addr: 0x22, we: true, size: B, wdata: 0x00ab0000 }, { addr: 0x20 }] });
    b.run();
    expect(b.d.results[2]!.rdata).toBe(0x00ab0000);
  });

  it('backdoor: load at any alignment, read words and bytes', () => {
    const top = new TestTop();
    const ram = top.soc.ram;
    ram.load(0x201, Uint8Array.from([1, 2, 3, 4, 5, 6]));
    expect(ram.readWord(0x200)).toBe(0x03020100);
    expect(ram.readWord(0x204)).toBe(0x00060504);
    expect(ram.readByte(0x206)).toBe(6);
    ram.writeWord(0x300, 0xdeadbeef);
    expect(ram.readWord(0x301)).toBe(0xdeadbeef);
    expect(() => ram.readWord(0x10000)).toThrow(/outside RAM/);
    expect(() => ram.load(0xfffe, Uint8Array.from([1, 2, 3]))).toThrow(/outside RAM/);
    // The loaded image is what the bus reads.
    const b = bench({}, { d: [{ addr: 0x200 }] });
    b.top.soc.ram.load(0x200, Uint8Array.from([0x78, 0x56, 0x34, 0x12]));
    b.run();
    expect(b.d.results[0]!.rdata).toBe(0x12345678);
  });
});

describe('wait states', () => {
  for (const n of [0, 1, 2, 5]) {
    it(`a RAM access with ${n} wait states takes ${n + 1} cycles from req to ready, back to back`, () => {
      const script: Txn[] = [{ addr: 0x10, we: true, value: 7 }, { addr: 0x10 }, { addr: 0x14, size: B }, { addr: 0x18, we: true, size: H, value: 1 }];
      const b = bench({ ramWaitStates: n, deviceWaitStates: 3 }, { d: script });
      b.run();
      const r = b.d.results;
      r.forEach((x, k) => {
        expect(x.done - x.issue + 1).toBe(n + 1);
        expect(x.issue).toBe(k * (n + 1)); // the next request is granted in the cycle after ready
      });
      expect(r[1]!.rdata).toBe(7);
      expect(b.top.soc.bus.master('d').waitCycles.v).toBe(4 * n);
    });
  }

  it('zero wait states: ready in the same cycle as req, combinationally', () => {
    const b = bench({ ramWaitStates: 0 }, { d: [{ addr: 0x40, notBefore: 3 }] });
    const probe = new Probe([b.top.soc.ports[0]!.req, b.top.soc.ports[0]!.ready]);
    b.sim.addObserver(probe);
    b.run(1);
    expect(probe.rows.slice(0, 5)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it('devices have their own wait states (RAM 0, devices 2)', () => {
    const b = bench({ ramWaitStates: 0, deviceWaitStates: 2 }, { d: [{ addr: 0x101f1018 }, { addr: 0x0 }, { addr: 0x10140000, we: true, value: 0 }, { addr: 0x30000000 }] });
    b.run();
    expect(b.d.results.map((x) => x.done - x.issue + 1)).toEqual([3, 1, 3, 3]);
  });
});

describe('arbitration', () => {
  it('fixed priority: d before i when both request in the same cycle; counters per master', () => {
    const b = bench({ ramWaitStates: 1 }, { d: [{ addr: 0 }, { addr: 4 }], i: [{ addr: 8 }, { addr: 12 }] });
    b.run();
    const [d, i] = [b.top.masters[0]!.results, b.top.masters[1]!.results];
    expect(d.map((x) => [x.issue, x.done])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(i.map((x) => [x.issue, x.done])).toEqual([
      [0, 5],
      [6, 7],
    ]);
    const bus = b.top.soc.bus;
    expect(bus.master('d').txns.v).toBe(2);
    expect(bus.master('i').txns.v).toBe(2);
    expect(bus.txns.v).toBe(4);
    expect(bus.master('d').waitCycles.v).toBe(2); // its own wait states
    expect(bus.master('i').waitCycles.v).toBe(4 + 2); // 4 cycles behind d, then its own wait states
    expect(bus.wait_cycles.v).toBe(8);
  });

  it('a transfer in progress is not pre-empted by a higher-priority request', () => {
    const b = bench({ ramWaitStates: 3 }, { d: [{ addr: 0, notBefore: 1 }], i: [{ addr: 4 }] });
    b.run();
    const [d, i] = [b.top.masters[0]!.results[0]!, b.top.masters[1]!.results[0]!];
    expect([i.issue, i.done]).toEqual([0, 3]);
    expect([d.issue, d.done]).toEqual([1, 7]);
  });

  it('N masters: granted in the order they are listed', () => {
    const b = bench({ masters: ['walk', 'd', 'i'], ramWaitStates: 0 }, { walk: [{ addr: 0 }], d: [{ addr: 4 }], i: [{ addr: 8 }] });
    b.run();
    expect(b.top.masters.map((m) => m.results[0]!.done)).toEqual([0, 1, 2]);
    expect(b.top.soc.port('walk')).toBe(b.top.soc.ports[0]);
    expect(() => b.top.soc.port('x')).toThrow(/no bus master named "x"/);
  });

  it('zero wait states: back-to-back transfers of the high-priority master hold off the low one', () => {
    const d: Txn[] = Array.from({ length: 5 }, (_, k) => ({ addr: 4 * k }));
    const b = bench({ ramWaitStates: 0 }, { d, i: [{ addr: 0x100 }] });
    b.run();
    expect(b.top.masters[0]!.results.map((x) => x.done)).toEqual([0, 1, 2, 3, 4]);
    expect(b.top.masters[1]!.results[0]!.done).toBe(5);
  });
});

describe('unmapped addresses', () => {
  const addrs = [0x0001_0000 /* above this 64 KB RAM */, 0x0800_0000, 0x2000_0000, 0x101f_5000, 0x1015_0000, 0x8000_0000, 0xffff_fffc];
  it('read as zero, writes ignored, no abort (as QEMU versatilepb)', () => {
    const script: Txn[] = addrs.flatMap((a) => [{ addr: a, we: true, value: 0x12345678 }, { addr: a }]);
    const b = bench({}, { d: script });
    b.run();
    for (const r of b.d.results) {
      expect(r.rdata).toBe(0);
      expect(r.abort).toBe(false);
    }
    expect(b.top.soc.ram.readWord(0)).toBe(0); // no wrap-around into RAM
  });

  it('with unmappedAbort: an external abort (FSR 0x08), never a crash', () => {
    const b = bench({ unmappedAbort: true }, { d: [{ addr: 0x2000_0000 }, { addr: 0x2000_0000, we: true, value: 1 }, { addr: 0 }] });
    b.run();
    const r = b.d.results;
    expect(r.map((x) => [x.abort, x.fsr])).toEqual([
      [true, FSR_EXTERNAL_ABORT],
      [true, FSR_EXTERNAL_ABORT],
      [false, 0],
    ]);
  });
});

describe('schedule', () => {
  it('results do not depend on the order of clocked logic', () => {
    const run = (order: 'declared' | 'reversed' | { shuffleSeed: number }): string => {
      const top = new TestTop({ ramWaitStates: 1 });
      top.masters[0]!.script = [{ addr: 0x10, we: true, value: 5 }, { addr: 0x101e2000, we: true, value: 3 }, { addr: 0x101e2008, we: true, value: 0xe2 }, { addr: 0x10 }];
      top.masters[1]!.script = [{ addr: 0x10 }, { addr: 0x101f1000, we: true, size: B, value: 65 }, { addr: 0x101e2004 }];
      const sim = new Simulator(top, { check: true, clockOrder: order });
      sim.run(30);
      return JSON.stringify([top.masters.map((m) => m.results), [...sim.design.store]]);
    };
    const ref = run('declared');
    expect(run('reversed')).toBe(ref);
    expect(run({ shuffleSeed: 1234 })).toBe(ref);
  });
});
