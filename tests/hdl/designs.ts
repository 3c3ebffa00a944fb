// Small designs that exercise the simulation kernel's semantics.
import { Module, type Signal } from '../../rtl/hdl/index.ts';

/** Two registers that swap values every cycle: only correct if all registers commit at once. */
export class Swapper extends Module {
  readonly a = this.reg('a', 8, 0x12);
  readonly b = this.reg('b', 8, 0x34);
  override clock(): void {
    this.a.next = this.b.v;
    this.b.next = this.a.v;
  }
}

/** A shift register of `stages` 8-bit stages fed from the input `din`. */
export class ShiftRegister extends Module {
  readonly din = this.input('din', 8);
  readonly dout = this.output('dout', 8);
  readonly stages: ReturnType<ShiftRegister['reg']>[] = [];
  constructor(parent: Module | null, name: string, count = 4) {
    super(parent, name);
    for (let k = 0; k < count; k++) this.stages.push(this.reg(`s${k}`, 8));
  }
  override comb(): void {
    this.dout.v = this.stages[this.stages.length - 1]!.v;
  }
  override clock(): void {
    for (let k = this.stages.length - 1; k > 0; k--) this.stages[k]!.next = this.stages[k - 1]!.v;
    this.stages[0]!.next = this.din.v;
  }
}

/** An 8-bit counter with enable and a synchronous clear input. */
export class Counter extends Module {
  readonly en = this.input('en', 1);
  readonly clear = this.input('clear', 1);
  readonly count = this.output('count', 8);
  readonly value = this.reg('value', 8, 5);
  override comb(): void {
    this.count.v = this.value.v;
  }
  override clock(): void {
    if (this.clear.on) this.value.next = 0;
    else if (this.en.on) this.value.next = (this.value.v + 1) & 0xff;
  }
}

/** Computes doubled = x * 2 combinationally. */
export class Doubler extends Module {
  readonly x = this.input('x', 8);
  readonly doubled = this.output('doubled', 9);
  override comb(): void {
    this.doubled.v = this.x.v * 2;
  }
}

/** Reads a wire that `Doubler` drives; latches it. */
export class Consumer extends Module {
  readonly inp = this.input('inp', 9);
  readonly seen = this.reg('seen', 9);
  readonly plusOne = this.output('plusOne', 10);
  override comb(): void {
    this.plusOne.v = this.inp.v + 1;
  }
  override clock(): void {
    this.seen.next = this.inp.v;
  }
}

/** A counter feeding a doubler feeding a consumer (declared last, scheduled after the doubler). */
export class Chain extends Module {
  readonly counter = new Counter(this, 'counter');
  readonly doubler = new Doubler(this, 'doubler');
  readonly consumer = new Consumer(this, 'consumer');
  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.connect(this.doubler.x, this.counter.count);
    this.connect(this.consumer.inp, this.doubler.doubled);
  }
}

/** A top with several designs side by side, plus a wide wire and a register file memory. */
export class Mixed extends Module {
  readonly swapper = new Swapper(this, 'swapper');
  readonly shift = new ShiftRegister(this, 'shift', 3);
  readonly chain = new Chain(this, 'chain');
  readonly wideBus = this.wide('wideBus', 72);
  readonly rf = this.memory('rf', 32, 4, { trace: true, entryNames: ['r0', 'r1', 'r2', 'sp'] });
  readonly mnemonic = this.text('mnemonic');
  readonly tick = this.reg('tick', 32);
  readonly enable = this.wire('enable', 1);
  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.connect(this.chain.counter.en, this.enable);
  }
  override comb(): void {
    this.enable.v = 1;
    const t = this.tick.v;
    this.wideBus.big = (BigInt(t) << 40n) | BigInt((t * 0x9e3779b1) >>> 0);
    this.mnemonic.v = ['add r0, r1, r2', 'ldr r3, [sp]', '', 'b 0x8000'][t & 3]!;
    this.shift.din.v = (t * 7) & 0xff;
  }
  override clock(): void {
    this.tick.next = (this.tick.v + 1) >>> 0;
    this.rf.write(this.tick.v & 3, (this.tick.v * 0x01010101) >>> 0);
  }
}

/** Drives `out` from a counting register. */
export class Source extends Module {
  readonly out = this.output('out', 8);
  readonly r = this.reg('r', 8, 7);
  override comb(): void {
    this.out.v = this.r.v;
  }
  override clock(): void {
    this.r.next = (this.r.v + 1) & 0xff;
  }
}

/**
 * Reads its input only in cycle 20 (tick === 20: a state elaboration's recording, from reset and
 * from random states, practically never reaches), unless it declares the read in combReads().
 */
export class LateReader extends Module {
  readonly inp = this.input('inp', 8);
  readonly seen = this.output('seen', 8);
  readonly tick = this.reg('tick', 32);
  constructor(
    parent: Module | null,
    name: string,
    private readonly declare: boolean,
  ) {
    super(parent, name);
  }
  override combReads(): readonly Signal[] {
    return this.declare ? [this.inp] : [];
  }
  override comb(): void {
    this.seen.v = this.tick.v === 20 ? this.inp.v : 0;
  }
  override clock(): void {
    this.tick.next = (this.tick.v + 1) >>> 0;
  }
}

/** A LateReader declared before the Source that drives it: the recording cannot order them. */
export class LateRead extends Module {
  readonly reader = new LateReader(this, 'reader', this.declaresRead());
  readonly source = new Source(this, 'source');
  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.connect(this.reader.inp, this.source.out);
  }
  protected declaresRead(): boolean {
    return false;
  }
}

/** The same, with the reader declaring its read in combReads(). */
export class LateReadDeclared extends LateRead {
  protected override declaresRead(): boolean {
    return true;
  }
}

/** Passes `inp` to `out` plus one; two of them connected in a ring make a combinational loop. */
export class PlusOne extends Module {
  readonly inp = this.input('inp', 8);
  readonly out = this.output('out', 8);
  override comb(): void {
    this.out.v = (this.inp.v + 1) & 0xff;
  }
}

/** a -> b -> c -> a, with d hanging off c (not on the loop; declared first, so the search for the loop starts there). */
export class Ring extends Module {
  readonly d = new PlusOne(this, 'd');
  readonly a = new PlusOne(this, 'a');
  readonly b = new PlusOne(this, 'b');
  readonly c = new PlusOne(this, 'c');
  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.connect(this.b.inp, this.a.out);
    this.connect(this.c.inp, this.b.out);
    this.connect(this.a.inp, this.c.out);
    this.connect(this.d.inp, this.c.out);
  }
}

/** Two modules whose comb logic both drive one wire. */
export class TwoDrivers extends Module {
  readonly x = this.wire('x', 8);
  readonly a = new PlusOne(this, 'a');
  readonly b = new PlusOne(this, 'b');
  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.connect(this.a.out, this.x);
    this.connect(this.b.out, this.x);
  }
}
