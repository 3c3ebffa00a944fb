// The cycle counter (0x101E9000, VIC line 20) in both models: the RTL device read and written by a
// bus master cycle by cycle, and the reference model's device given the same accesses at the same
// clock times, must answer every read alike and drive the same interrupt level every cycle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CCNT_BASE, CCNT_COMPARE, CCNT_CONTROL, CCNT_COUNT, CCNT_STATUS, compareReached, IRQ_CCNT } from '../../rtl/soc/index.ts';
import { CycleCounterDevice } from '../../testbench/reference/devices/cycle-counter.ts';
import { CYCLE_COUNTER_BASE, IRQ_CYCLE_COUNTER } from '../../testbench/reference/machine.ts';
import { Probe, bench, type Txn } from './master.ts';

const wr = (off: number, value: number, notBefore = 0): Txn => ({ addr: CCNT_BASE + off, we: true, value, notBefore });
const rd = (off: number, notBefore = 0): Txn => ({ addr: CCNT_BASE + off, notBefore });

/** Runs `script` on the RTL; returns each read's value, the completion cycles and the irq level per cycle. */
function rtl(script: readonly Txn[], deviceWaitStates: number, extra = 8): { reads: number[]; done: number[]; irq: number[]; vicRaw: number[] } {
  const b = bench({ deviceWaitStates }, { d: script });
  const probe = new Probe([b.top.soc.ccnt.irq, b.top.soc.intsrc]);
  b.sim.addObserver(probe);
  b.run(extra);
  return {
    reads: b.d.results.map((r) => (r.txn.we ? -1 : r.rdata)),
    done: b.d.results.map((r) => r.done),
    irq: probe.column(0),
    vicRaw: probe.column(1).map((v) => (v >>> IRQ_CCNT) & 1),
  };
}

/** The reference model's device given the same accesses at the RTL's completion cycles. */
function reference(script: readonly Txn[], done: readonly number[], cycles: number): { reads: number[]; irq: number[] } {
  let line = false;
  const dev = new CycleCounterDevice('ccnt', CYCLE_COUNTER_BASE, { setLine: (n, level) => n === IRQ_CYCLE_COUNTER && (line = level) }, IRQ_CYCLE_COUNTER);
  const reads: number[] = [];
  const irq: number[] = [];
  let k = 0;
  for (let t = 0; t < cycles; t++) {
    dev.advanceTo(t);
    irq.push(line ? 1 : 0);
    // An access completing in cycle t reads the state of cycle t; a write counts from t + 1.
    while (k < script.length && done[k] === t) {
      const txn = script[k]!;
      if (txn.we) {
        dev.write(txn.addr - CCNT_BASE, txn.value ?? 0, t + 1);
        reads.push(-1);
      } else reads.push(dev.read(txn.addr - CCNT_BASE, t));
      k++;
    }
  }
  return { reads, irq };
}

describe('cycle counter', () => {
  it('the two models agree on its address and interrupt line', () => {
    expect(CCNT_BASE).toBe(CYCLE_COUNTER_BASE);
    expect(IRQ_CCNT).toBe(IRQ_CYCLE_COUNTER);
  });

  for (const dws of [0, 1, 3]) {
    it(`COUNT reads the cycle its read completes in; back-to-back reads differ by the access time (device wait ${dws})`, () => {
      const r = rtl([rd(CCNT_COUNT), rd(CCNT_COUNT), rd(CCNT_COUNT, 40)], dws);
      // The master counts cycles from reset as the counter does: a read returns its completion cycle.
      expect(r.reads).toEqual(r.done);
      expect(r.reads[1]! - r.reads[0]!).toBe(dws + 1);
      expect(r.reads[2]).toBeGreaterThanOrEqual(40);
    });
  }

  it('reset values, read-only COUNT and STATUS, CONTROL keeps bit 0 only', () => {
    const r = rtl([rd(CCNT_COMPARE), rd(CCNT_CONTROL), rd(CCNT_STATUS), wr(CCNT_COUNT, 5), wr(CCNT_STATUS, 3), wr(CCNT_CONTROL, 0xffff_fffe), rd(CCNT_CONTROL), rd(0x10), rd(0xffc)], 1);
    expect([r.reads[0], r.reads[1], r.reads[2]]).toEqual([0, 0, 1]); // COUNT >= COMPARE = 0: reached, no interrupt
    expect(r.reads.slice(6)).toEqual([0, 0, 0]);
  });

  it('the interrupt rises in the cycle COUNT reaches COMPARE and stays until written away', () => {
    const r = rtl([wr(CCNT_COMPARE, 30), wr(CCNT_CONTROL, 1), rd(CCNT_STATUS, 20), rd(CCNT_STATUS, 35), wr(CCNT_COMPARE, 100, 50), wr(CCNT_CONTROL, 0, 110)], 1, 10);
    const rise = r.irq.findIndex((v) => v === 1);
    expect(rise).toBe(30);
    expect(r.vicRaw[30]).toBe(1); // the VIC sees the line in the same cycle
    expect(r.reads[2]).toBe(0);
    expect(r.reads[3]).toBe(3);
    const rewritten = r.done[4]!;
    expect(r.irq.slice(30, rewritten + 1).every((v) => v === 1)).toBe(true);
    expect(r.irq[rewritten + 1]).toBe(0);
    expect(r.irq[100]).toBe(1);
    expect(r.irq[r.done[5]! + 1]).toBe(0);
  });

  it('a COMPARE already passed asserts the interrupt at once; the comparison wraps with the counter', () => {
    expect(compareReached(5, 0xffff_fff0)).toBe(true); // COUNT wrapped past COMPARE
    expect(compareReached(0xffff_fff0, 5)).toBe(false); // COMPARE is ahead, across the wrap
    expect(compareReached(0x8000_0000, 0)).toBe(false); // 2^31 cycles after: the level falls
    const r = rtl([wr(CCNT_CONTROL, 1, 10), wr(CCNT_COMPARE, 3, 20)], 0, 4);
    expect(r.irq[r.done[0]!]).toBe(0); // COMPARE 0 reached, but not yet enabled
    expect(r.irq[r.done[0]! + 1]).toBe(1);
  });

  it('RTL and reference model: every read and the interrupt level every cycle, for generated accesses', () => {
    const access = fc.oneof(
      fc.record({ off: fc.constant(CCNT_COUNT), we: fc.constant(false), value: fc.constant(0) }),
      fc.record({ off: fc.constantFrom(CCNT_COMPARE, CCNT_CONTROL, CCNT_STATUS, 0x10), we: fc.boolean(), value: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.nat({ max: 0xffff_ffff })) }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(access, fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 2 }), (accesses, dws) => {
        let at = 0;
        const script = accesses.map(([a, gap]) => {
          at += gap;
          return a.we ? wr(a.off, a.value, at) : rd(a.off, at);
        });
        const r = rtl(script, dws, 40);
        const ref = reference(script, r.done, r.irq.length);
        expect(ref.reads).toEqual(r.reads);
        expect(ref.irq).toEqual(r.irq);
      }),
      { numRuns: 60 },
    );
  });
});
