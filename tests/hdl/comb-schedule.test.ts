// The derived combinational schedule: ordered from what each comb() reads and writes, loops
// reported with their signals, and check mode catching any read the derived order gets wrong.
import { describe, expect, it } from 'vitest';
import { CheckModeError, ElaborationError, Module, noteDirectWrites, Simulator, WireCopy, type Signal } from '../../rtl/hdl/index.ts';
import { Chain, LateRead, LateReadDeclared, PlusOne, Ring, TwoDrivers } from './designs.ts';

const schedule = (sim: Simulator): string[] => sim.design.combSchedule.map((b) => b.path);

class Reversed extends Module {
  readonly consumer = new PlusOne(this, 'consumer');
  readonly middle = new PlusOne(this, 'middle');
  readonly producer = new PlusOne(this, 'producer');
  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.connect(this.consumer.inp, this.middle.out);
    this.connect(this.middle.inp, this.producer.out);
  }
}

describe('derived comb schedule', () => {
  it('puts each writer before its readers, whatever the declaration order', () => {
    // Declared consumer-last and (below) consumer-first: the schedule is counter, doubler, consumer.
    expect(schedule(new Simulator(new Chain(null, 'top')))).toEqual(['top.counter', 'top.doubler', 'top.consumer']);
    const top = new Reversed(null, 'top');
    const sim = new Simulator(top, { check: true });
    expect(schedule(sim)).toEqual(['top.producer', 'top.middle', 'top.consumer']);
    sim.poke(top.producer.inp, 40);
    sim.step();
    expect(top.consumer.out.v).toBe(43);
  });

  it('designs built from the same inputs share one recording under a schedule key (check mode too); another design under that key is recorded afresh', () => {
    const key = "comb-schedule.test: the Chain design";
    const a = new Simulator(new Chain(null, 'top'), { scheduleKey: key });
    const b = new Simulator(new Chain(null, 'top'), { scheduleKey: key });
    expect(b.design.combAccesses).toBe(a.design.combAccesses);
    expect(schedule(b)).toEqual(schedule(a));
    for (let k = 0; k < 5; k++) {
      a.step();
      b.step();
    }
    expect([...b.design.store]).toEqual([...a.design.store]);
    // Check mode shares it too, and checks every cycle against it.
    const checked = new Simulator(new Chain(null, 'top'), { scheduleKey: key, check: true });
    expect(checked.design.combAccesses).toBe(a.design.combAccesses);
    checked.run(5);
    expect([...checked.design.store]).toEqual([...a.design.store]);
    // Not the same design: the blocks differ, so the key's recording is not taken.
    const other = new Simulator(new Reversed(null, 'top'), { scheduleKey: key });
    expect(other.design.combAccesses).not.toBe(a.design.combAccesses);
    expect(schedule(other)).toEqual(['top.producer', 'top.middle', 'top.consumer']);
    expect(new Simulator(new Chain(null, 'top')).design.combAccesses).not.toBe(a.design.combAccesses);
  });

  it('recording leaves no trace: the first cycle starts from the reset state', () => {
    const top = new Chain(null, 'top');
    const sim = new Simulator(top);
    expect(top.doubler.doubled.v).toBe(0);
    expect(top.consumer.plusOne.v).toBe(0);
    sim.step();
    expect(top.consumer.plusOne.v).toBe(5 * 2 + 1);
  });

  it('reports a combinational loop with the modules and signals on it, and only those', () => {
    let message = '';
    try {
      new Simulator(new Ring(null, 'top'));
    } catch (e) {
      expect(e).toBeInstanceOf(ElaborationError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^combinational loop through /);
    // A net is named by its first signal in declaration order (d.inp for d.inp = a.inp = c.out).
    expect(message).toBe(
      'combinational loop through top.a.out -> top.b.out -> top.d.inp -> top.a.out: ' +
        'top.a writes top.a.out, read by top.b; top.b writes top.b.out, read by top.c; top.c writes top.d.inp, read by top.a',
    );
    // d reads the loop's signal but is not on the loop: it is in no step.
    expect(message).not.toMatch(/top\.d writes|read by top\.d\b/);
  });

  it('refuses a wire driven by the comb logic of two modules', () => {
    expect(() => new Simulator(new TwoDrivers(null, 'top'))).toThrow(/top\.x is written by the comb logic of two modules, top\.a and top\.b/);
  });

  it('writes straight into the store count when reported with noteDirectWrites', () => {
    // The writer is declared after its reader and reads more wires, so only its recorded write
    // can put it first.
    class DirectWriter extends Module {
      readonly out = this.output('out', 8);
      readonly p = this.input('p', 4);
      readonly q = this.input('q', 4);
      override comb(): void {
        this.out.s[this.out.i] = (this.p.v + this.q.v + 1) & 0xff;
        noteDirectWrites([this.out]);
      }
    }
    class Top extends Module {
      readonly reader = new PlusOne(this, 'reader');
      readonly writer = new DirectWriter(this, 'writer');
      constructor(parent: Module | null, name: string) {
        super(parent, name);
        this.connect(this.reader.inp, this.writer.out);
      }
    }
    const top = new Top(null, 'top');
    const sim = new Simulator(top, { check: true });
    expect(schedule(sim)).toEqual(['top.writer', 'top.reader']);
    sim.poke(top.writer.p, 2);
    sim.step();
    expect(top.reader.out.v).toBe(4);
  });

  it('a WireCopy in comb() is recorded like .v accesses: its reads and writes order the schedule, and check mode passes', () => {
    // The copier is declared after its reader and before its source's writer: only the copy's
    // recorded read and write can put it between them.
    class Copier extends Module {
      readonly a = this.input('a', 8);
      readonly b = this.input('b', 4);
      readonly x = this.output('x', 8);
      readonly y = this.output('y', 4);
      private readonly copy = new WireCopy([this.x, this.y], [this.a, this.b]);
      override comb(): void {
        this.copy.run();
      }
    }
    class Top extends Module {
      readonly reader = new PlusOne(this, 'reader');
      readonly copier = new Copier(this, 'copier');
      readonly source = new PlusOne(this, 'source');
      constructor(parent: Module | null, name: string) {
        super(parent, name);
        this.connect(this.reader.inp, this.copier.x);
        this.connect(this.copier.a, this.source.out);
      }
    }
    for (const check of [false, true]) {
      const top = new Top(null, 'top');
      const sim = new Simulator(top, { check });
      expect(schedule(sim)).toEqual(['top.source', 'top.copier', 'top.reader']);
      sim.poke(top.source.inp, 40);
      sim.poke(top.copier.b, 9);
      sim.step();
      expect([top.copier.x.v, top.copier.y.v, top.reader.out.v]).toEqual([41, 9, 42]);
    }
    const top = new Top(null, 'top');
    expect(() => new WireCopy([top.copier.x], [top.copier.b])).toThrow(/wire copy: top\.copier\.x \(8 bits\) from top\.copier\.b \(4 bits\)/);
    expect(() => new WireCopy([top.copier.x, top.copier.y], [top.copier.a])).toThrow(/wire copy: 2 destinations from 1 signals/);
  });

  it('a further comb block breaks a module-level loop that is no loop between signals', () => {
    // `both` computes fromB = b.out + 1 (needs b) and toB = 5 (needs nothing); b reads toB.
    class Both extends Module {
      readonly inp = this.input('inp', 8);
      readonly fromB = this.output('fromB', 8);
      readonly toB = this.output('toB', 8);
      constructor(parent: Module | null, name: string, split: boolean) {
        super(parent, name);
        if (split) this.combBlock('to_b', () => (this.toB.v = 5));
      }
      override comb(): void {
        this.fromB.v = (this.inp.v + 1) & 0xff;
        if (this.combBlocks().length === 1) this.toB.v = 5;
      }
    }
    class Top extends Module {
      readonly both: Both;
      readonly b = new PlusOne(this, 'b');
      constructor(parent: Module | null, name: string, split: boolean) {
        super(parent, name);
        this.both = new Both(this, 'both', split);
        this.connect(this.b.inp, this.both.toB);
        this.connect(this.both.inp, this.b.out);
      }
    }
    expect(() => new Simulator(new Top(null, 'top', false))).toThrow(/combinational loop through/);
    const top = new Top(null, 'top', true);
    const sim = new Simulator(top, { check: true });
    expect(schedule(sim)).toEqual(['top.both/to_b', 'top.b', 'top.both']);
    sim.step();
    expect(top.both.fromB.v).toBe(7);
  });
});

describe('check mode verifies the derived schedule on every access', () => {
  it('a read elaboration never saw: the derived order is wrong, and check mode names the signal and both modules', () => {
    const top = new LateRead(null, 'top');
    const sim = new Simulator(top, { check: true });
    expect(schedule(sim)).toEqual(['top.reader', 'top.source']);
    sim.run(20);
    expect(() => sim.step()).toThrow(CheckModeError);
    const again = new Simulator(new LateRead(null, 'top'), { check: true });
    again.run(20);
    expect(() => again.step()).toThrow(/^cycle 20: top\.reader reads top\.reader\.inp before top\.source writes it .*declare the signal in top\.reader's combReads\(\)/);
  });

  it('without check mode the same wrong order silently reads last cycle’s value', () => {
    const top = new LateRead(null, 'top');
    const sim = new Simulator(top);
    sim.run(20);
    sim.settle();
    expect(top.reader.seen.v).not.toBe(top.source.out.v);
    expect(top.reader.seen.v).toBe((top.source.out.v - 1) & 0xff);
  });

  it('declared in combReads(), the read orders the schedule and check mode passes', () => {
    const top = new LateReadDeclared(null, 'top');
    const sim = new Simulator(top, { check: true });
    expect(schedule(sim)).toEqual(['top.source', 'top.reader']);
    sim.run(20);
    sim.settle();
    expect(top.reader.seen.v).toBe(top.source.out.v);
    sim.run(20);
  });

  it('a writer that appears only late is caught by the read that came first in the same cycle', () => {
    // The writer drives `x` only in cycle 20: recording never sees a writer, so nothing orders it.
    class LateWriter extends Module {
      readonly x = this.output('x', 8);
      readonly tick = this.reg('tick', 32);
      // Two inputs read every cycle: among unordered blocks, the one reading fewer wires goes first.
      readonly p = this.input('p', 4);
      readonly q = this.input('q', 4);
      override comb(): void {
        const sum = this.p.v + this.q.v;
        if (this.tick.v === 20) this.x.v = sum;
      }
      override clock(): void {
        this.tick.next = (this.tick.v + 1) >>> 0;
      }
    }
    class EarlyReader extends Module {
      readonly inp = this.input('inp', 8);
      readonly y = this.output('y', 8);
      override comb(): void {
        this.y.v = this.inp.v;
      }
    }
    class Top extends Module {
      readonly reader = new EarlyReader(this, 'reader');
      readonly writer = new LateWriter(this, 'writer');
      constructor(parent: Module | null, name: string) {
        super(parent, name);
        this.connect(this.reader.inp, this.writer.x);
      }
    }
    const sim = new Simulator(new Top(null, 'top'), { check: true });
    expect(schedule(sim)).toEqual(['top.reader', 'top.writer']);
    sim.run(20);
    expect(() => sim.step()).toThrow(/^cycle 20: top\.reader read top\.reader\.inp before top\.writer writes it/);
  });

  it('a loop inside one block (a wire read before the block writes it) fails the second evaluation', () => {
    class Accumulate extends Module {
      readonly w = this.wire('w', 8);
      override comb(): void {
        this.w.v = (this.w.v + 1) & 0xff;
      }
    }
    expect(() => new Simulator(new Accumulate(null, 'top'), { check: true }).step()).toThrow(/cycle 0: top\.w settled to 0x1 then 0x2 on a second evaluation/);
  });

  it('check mode and plain mode give the same values on a correctly ordered design', () => {
    const values = (check: boolean): number[] => {
      const top = new LateReadDeclared(null, 'top');
      const sim = new Simulator(top, { check });
      const out: number[] = [];
      for (let k = 0; k < 30; k++) {
        sim.step();
        out.push(top.reader.seen.v, top.source.out.v);
      }
      return out;
    };
    expect(values(true)).toEqual(values(false));
  });
});

// Keep the Signal type import used (combReads' return type in designs.ts is checked here too).
export type { Signal };
