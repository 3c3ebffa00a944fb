// Clock-edge semantics, synchronous reset, schedule order and check mode of the simulation kernel.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ElaborationError, Module, Simulator, SignalWidthError, type ClockOrder } from '../../rtl/hdl/index.ts';
import { Chain, Counter, Mixed, ShiftRegister, Swapper } from './designs.ts';

describe('clock edge', () => {
  it('swaps two registers every cycle (all registers commit at once)', () => {
    const top = new Swapper(null, 'top');
    const sim = new Simulator(top);
    const seen: Array<[number, number]> = [];
    for (let k = 0; k < 4; k++) {
      seen.push([top.a.v, top.b.v]);
      sim.step();
    }
    expect(seen).toEqual([
      [0x12, 0x34],
      [0x34, 0x12],
      [0x12, 0x34],
      [0x34, 0x12],
    ]);
  });

  it('shifts input through every stage, one stage per cycle', () => {
    const top = new ShiftRegister(null, 'top', 4);
    const sim = new Simulator(top);
    const outs: number[] = [];
    for (let k = 1; k <= 8; k++) {
      sim.poke(top.din, k * 10);
      sim.step();
      sim.settle();
      outs.push(top.dout.v);
    }
    expect(outs).toEqual([0, 0, 0, 10, 20, 30, 40, 50]);
  });

  it('counts with enable, clears synchronously, and takes reset values under reset', () => {
    const top = new Counter(null, 'top');
    const sim = new Simulator(top);
    expect(top.value.v).toBe(5); // reset value before the first edge
    sim.poke(top.en, 1);
    sim.run(3);
    expect(top.value.v).toBe(8);
    sim.poke(top.clear, 1);
    expect(top.value.v).toBe(8); // synchronous: nothing happens until the edge
    sim.step();
    expect(top.value.v).toBe(0);
    sim.poke(top.clear, 0);
    sim.run(2);
    expect(top.value.v).toBe(2);
    sim.reset(1);
    expect(top.value.v).toBe(5);
    expect(sim.resetActive).toBe(false);
    sim.step();
    expect(top.value.v).toBe(6);
  });

  it('a register poked between cycles holds the poked value when clocked logic leaves it alone', () => {
    // The simulator skips copying registers into next when they already agree (after an edge):
    // a poke or a reset edge must make it copy again.
    const top = new Counter(null, 'top');
    const sim = new Simulator(top);
    sim.run(3); // en = 0: value holds 5
    sim.poke(top.value, 42);
    sim.run(2);
    expect(top.value.v).toBe(42);
    sim.poke(top.en, 1);
    sim.step();
    expect(top.value.v).toBe(43);
    sim.poke(top.en, 0);
    sim.reset(1);
    sim.run(2);
    expect(top.value.v).toBe(5);
  });

  it('wraps at the register width', () => {
    const top = new Counter(null, 'top');
    const sim = new Simulator(top);
    sim.poke(top.en, 1);
    sim.run(256);
    expect(top.value.v).toBe(5);
  });
});

function traceOf(order: ClockOrder, cycles: number): string[] {
  const top = new Mixed(null, 'top');
  const sim = new Simulator(top, { clockOrder: order, check: true });
  const out: string[] = [];
  for (let k = 0; k < cycles; k++) {
    sim.step();
    out.push([...sim.design.store].join(',') + '|' + [...top.rf.data].join(','));
  }
  return out;
}

describe('schedule', () => {
  it('the order in which clocked logic runs does not change results', () => {
    const reference = traceOf('declared', 40);
    expect(traceOf('reversed', 40)).toEqual(reference);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), (seed) => {
        expect(traceOf({ shuffleSeed: seed }, 40)).toEqual(reference);
      }),
      { numRuns: 20 },
    );
  });

  it('runs comb blocks in schedule order and clock() in the requested order (the generated phase functions)', () => {
    const log: string[] = [];
    class Logged extends Module {
      readonly out = this.output('out', 8);
      from: Logged | null = null;
      override comb(): void {
        log.push(`comb ${this.name}`);
        this.out.v = this.from ? (this.from.out.v + 1) & 0xff : 1;
      }
      override clock(): void {
        log.push(`clock ${this.name}`);
      }
    }
    class Top extends Module {
      // Declared c, b, a; c reads b and b reads a: the derived comb order is a, b, c.
      readonly c = new Logged(this, 'c');
      readonly b = new Logged(this, 'b');
      readonly a = new Logged(this, 'a');
      constructor() {
        super(null, 'top');
        this.c.from = this.b;
        this.b.from = this.a;
      }
    }
    for (const order of ['declared', 'reversed'] as const) {
      log.length = 0;
      const top = new Top();
      const sim = new Simulator(top, { clockOrder: order });
      log.length = 0; // elaboration's recording passes ran comb() too
      sim.step();
      const clocks = ['clock c', 'clock b', 'clock a'];
      expect(sim.design.combSchedule.map((b) => b.module.name)).toEqual(['a', 'b', 'c']);
      expect(log).toEqual(['comb a', 'comb b', 'comb c', ...(order === 'declared' ? clocks : [...clocks].reverse())]);
      expect(top.c.out.v).toBe(3);
    }
  });

  it('a correct comb order passes check mode on a whole run', () => {
    const top = new Chain(null, 'top');
    const sim = new Simulator(top, { check: true });
    sim.poke(top.counter.en, 1);
    sim.run(50);
    expect(top.consumer.seen.v).toBe(((5 + 49) & 0xff) * 2);
  });

  it('check mode catches a register written from comb logic and a wire written from clocked logic', () => {
    class CombWritesReg extends Module {
      readonly r = this.reg('r', 4);
      override comb(): void {
        this.r.next = 3;
      }
    }
    class ClockWritesWire extends Module {
      readonly w = this.wire('w', 4);
      override clock(): void {
        this.w.v = 3;
      }
    }
    expect(() => new Simulator(new CombWritesReg(null, 'top'), { check: true }).step()).toThrow(/top\.r had next written by combinational logic/);
    expect(() => new Simulator(new ClockWritesWire(null, 'top'), { check: true }).step()).toThrow(/wire top\.w written by clocked logic/);
  });
});

describe('bad designs fail at construction with a clear error', () => {
  class Holder extends Module {
    make(kind: 'name' | 'zero' | 'huge' | 'dup' | 'reset' | 'mem'): void {
      if (kind === 'name') this.wire('3bad', 1);
      if (kind === 'zero') this.wire('w', 0);
      if (kind === 'huge') this.wire('w', 1 << 20);
      if (kind === 'dup') {
        this.wire('w', 1);
        this.reg('w', 2);
      }
      if (kind === 'reset') this.reg('r', 4, 16);
      if (kind === 'mem') this.memory('m', 33, 4);
    }
  }
  it.each([
    ['name', /illegal name "3bad"/],
    ['zero', /width 0 is not an integer in 1\.\.4096/],
    ['huge', /width 1048576/],
    ['dup', /two declarations named "w"/],
    ['reset', /reset value 16 does not fit 4 bits/],
    ['mem', /width 33/],
  ] as const)('%s', (kind, message) => {
    expect(() => new Holder(null, 'top').make(kind)).toThrow(message);
  });

  it('a value wider than its signal is refused, naming the signal: a poke always, a wire or register write in check mode', () => {
    const top = new Counter(null, 'top');
    const sim = new Simulator(top);
    expect(() => sim.poke(top.en, 2)).toThrow(/top\.en/);
    class Overflow extends Module {
      readonly w = this.wire('w', 3);
      readonly r = this.reg('r', 4);
      constructor(
        parent: Module | null,
        name: string,
        readonly bad: 'wire' | 'reg',
      ) {
        super(parent, name);
      }
      override comb(): void {
        this.w.v = this.bad === 'wire' ? 9 : 1;
      }
      override clock(): void {
        this.r.next = this.bad === 'reg' ? 0x13 : 2;
      }
    }
    expect(() => new Simulator(new Overflow(null, 'top', 'wire'), { check: true }).step()).toThrow(SignalWidthError);
    expect(() => new Simulator(new Overflow(null, 'top', 'wire'), { check: true }).step()).toThrow(/top\.w is 3 bits wide; value 0x9 does not fit/);
    expect(() => new Simulator(new Overflow(null, 'top', 'reg'), { check: true }).step()).toThrow(/top\.r is 4 bits wide; value 0x13 does not fit/);
    // Plain runs do not test writes (the accessors stay inlinable): check mode is the width check.
    expect(() => new Simulator(new Overflow(null, 'top', 'wire')).step()).not.toThrow();
  });

  it('connecting signals of different widths is refused', () => {
    class BadConnect extends Module {
      readonly c = new Counter(this, 'c');
      readonly w = this.wire('w', 2);
      constructor() {
        super(null, 'top');
        this.connect(this.c.en, this.w);
      }
    }
    expect(() => new BadConnect()).toThrow(ElaborationError);
  });

  it('a register cannot be written through v', () => {
    const top = new Counter(null, 'top');
    new Simulator(top);
    expect(() => {
      (top.value as { v: number }).v = 1;
    }).toThrow(/write \.next/);
  });
});
