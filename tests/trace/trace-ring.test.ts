// The trace ring writes a window after the fact with exactly the bytes a live VcdWriter with that
// window writes: every signal kind (1-bit, 32-bit, 72-bit, memory entries, text), both text
// encodings, filters, windows at the start, in the middle and of one cycle; memories written several
// entries a cycle, the same entry twice, and reset mid-run, under every small ring capacity (the
// ring keeps memories as changes over a base image that moves as frames leave).
import { describe, expect, it } from 'vitest';
import { Module, Simulator } from '../../rtl/hdl/index.ts';
import { MemorySink } from '../../testbench/trace/byte-sink.ts';
import { TraceRing } from '../../testbench/trace/trace-ring.ts';
import { VcdWriter, type VcdOptions } from '../../testbench/trace/vcd-writer.ts';
import { Mixed } from '../hdl/designs.ts';

type Window = { from: number; to: number };

function start(): { top: Mixed; sim: Simulator } {
  const top = new Mixed(null, 'top');
  return { top, sim: new Simulator(top) };
}

function drive(top: Mixed, sim: Simulator, cycles: number): void {
  sim.reset(2);
  sim.poke(top.chain.counter.clear, 0);
  sim.run(cycles);
}

function live(window: Window, options: Omit<VcdOptions, 'output' | 'window'>, cycles: number): Buffer {
  const { top, sim } = start();
  const sink = new MemorySink();
  const writer = new VcdWriter(sim, { ...options, output: sink, window });
  drive(top, sim, cycles);
  writer.close();
  return sink.buffer();
}

function ring(capacity: number, cycles: number): TraceRing {
  const { top, sim } = start();
  const r = new TraceRing(sim, capacity);
  drive(top, sim, cycles);
  return r;
}

function fromRing(r: TraceRing, window: Window, options: Omit<VcdOptions, 'output' | 'window'>): Buffer {
  const sink = new MemorySink();
  r.write({ ...options, output: sink, window });
  return sink.buffer();
}

/** Two traced memories written in uneven patterns; one has a reset value (a reset marks it all changed). */
class Churn extends Module {
  readonly t = this.reg('t', 16);
  readonly a = this.memory('a', 32, 5, { trace: true, resetValue: 7 });
  readonly b = this.memory('b', 8, 3, { trace: true });
  readonly out = this.wire('out', 32);
  override comb(): void {
    this.out.v = (this.a.data[this.t.v % 5]! ^ this.b.data[this.t.v % 3]!) >>> 0;
  }
  override clock(): void {
    const t = this.t.v;
    this.t.next = (t + 1) & 0xffff;
    if (t % 3 !== 0) this.a.write(t % 5, (t * 0x9e3779b1) >>> 0);
    if (t % 4 === 1) this.a.write((t + 2) % 5, t); // a second entry this cycle
    if (t % 7 === 2) this.a.write(t % 5, t + 1000); // the same entry again: the last write lands
    if (t % 2 === 0) this.b.write((t >> 1) % 3, t & 0xff);
  }
}

/** Reset, run, reset again mid-run (every entry of `a` changes), run on: cycles 0..cycles+3. */
function churn(sim: Simulator, cycles: number): void {
  sim.reset(2);
  sim.run(cycles >> 1);
  sim.reset(2);
  sim.run(cycles - (cycles >> 1));
}

describe('TraceRing: memories as changes over a moving base', () => {
  const CYCLES = 24; // + 4 reset cycles: 0..27 sampled
  const LAST = CYCLES + 4;
  const liveChurn = (w: Window): Buffer => {
    const sim = new Simulator(new Churn(null, 'top'));
    const sink = new MemorySink();
    const writer = new VcdWriter(sim, { output: sink, window: w });
    churn(sim, CYCLES);
    writer.close();
    return sink.buffer();
  };

  it('gives the live bytes for every window of every ring of 1 to 7 cycles', () => {
    let compared = 0;
    for (let capacity = 1; capacity <= 7; capacity++) {
      const sim = new Simulator(new Churn(null, 'top'));
      const r = new TraceRing(sim, capacity);
      churn(sim, CYCLES);
      expect(r.oldest).toBe(LAST - capacity);
      for (let from = r.oldest; from < LAST; from++) {
        for (let to = from + 1; to <= LAST; to++) {
          expect(fromRing(r, { from, to }, {}).equals(liveChurn({ from, to })), `capacity ${capacity}, window ${from}..${to}`).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBe([1, 2, 3, 4, 5, 6, 7].reduce((n, c) => n + (c * (c + 1)) / 2, 0));
  });
});

describe('TraceRing: a window written after the run', () => {
  const CYCLES = 60; // + 2 reset cycles: cycles 0..61 sampled
  const windows: Window[] = [{ from: 0, to: 62 }, { from: 0, to: 5 }, { from: 7, to: 31 }, { from: 40, to: 41 }, { from: 55, to: 62 }];
  const variants: Array<Omit<VcdOptions, 'output' | 'window'>> = [
    {},
    { textEncoding: 'vector', textChars: 12 },
    { include: ['top.rf', 'top.chain.**'], period: 4, version: 'ring test' },
    { exclude: ['top.wideBus'] },
  ];

  it('gives the bytes of a live writer with the same window', () => {
    const r = ring(64, CYCLES);
    let compared = 0;
    for (const options of variants) {
      for (const w of windows) {
        const expected = live(w, options, CYCLES);
        expect(expected.length).toBeGreaterThan(100);
        expect(fromRing(r, w, options).equals(expected), `window ${w.from}..${w.to} ${JSON.stringify(options)}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(windows.length * variants.length);
  });

  it('holds only the last `capacity` cycles and refuses a window it no longer holds', () => {
    const r = ring(16, CYCLES);
    expect(r.oldest).toBe(62 - 16);
    expect(r.holds(46, 62)).toBe(true);
    expect(r.holds(45, 62)).toBe(false);
    expect(r.holds(50, 63)).toBe(false); // cycle 62 has not run
    expect(fromRing(r, { from: 46, to: 62 }, {}).equals(live({ from: 46, to: 62 }, {}, CYCLES))).toBe(true);
    expect(() => fromRing(r, { from: 40, to: 50 }, {})).toThrow(/not all held/);
  });
});
