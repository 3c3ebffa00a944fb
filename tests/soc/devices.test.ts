// Devices at their versatilepb addresses: SP804 timing, PL190 status/masking/vectors, PL011 output.
import { describe, expect, it } from 'vitest';
import { SIZE_BYTE, SIZE_HALF } from '../../rtl/soc/index.ts';
import { Probe, bench, extract, type Txn } from './master.ts';

const TIMER = 0x101e2000;
const VIC = 0x10140000;
const UART = 0x101f1000;
const wr = (addr: number, value: number, extra: Partial<Txn> = {}): Txn => ({ addr, we: true, value, ...extra });
const rd = (addr: number, extra: Partial<Txn> = {}): Txn => ({ addr, ...extra });

/** Cycles (as sampled after comb) at which a 0/1 column rises. */
function rises(col: number[]): number[] {
  const out: number[] = [];
  col.forEach((v, k) => {
    if (v === 1 && (k === 0 || col[k - 1] === 0)) out.push(k);
  });
  return out;
}

describe('SP804 timer', () => {
  it('reset values and identification registers as on QEMU', () => {
    const ids = Array.from({ length: 8 }, (_, k) => rd(TIMER + 0xfe0 + 4 * k));
    const b = bench({}, { d: [rd(TIMER), rd(TIMER + 4), rd(TIMER + 8), rd(TIMER + 0x28), rd(TIMER + 0x10), rd(TIMER + 0x40), ...ids] });
    b.run();
    const r = b.d.results.map((x) => x.rdata);
    expect(r.slice(0, 6)).toEqual([0, 0, 0x20, 0x20, 0, 0]);
    expect(r.slice(6)).toEqual([0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
  });

  for (const dws of [0, 1, 3]) {
    it(`periodic: counts down one per cycle, interrupts N cycles after enabling, reloads every N+1 (device wait ${dws})`, () => {
      const N = 5;
      const b = bench({ deviceWaitStates: dws }, { d: [wr(TIMER, N), wr(TIMER + 8, 0xe2)] });
      const t = b.top.soc.timer01;
      const probe = new Probe([t.t1.value, b.top.soc.timer01.irq, b.top.soc.irq]);
      b.sim.addObserver(probe);
      b.run(30);
      const tC = b.d.results[1]!.done; // the Control write completes at the end of this cycle
      const value = probe.column(0);
      const irq = probe.column(1);
      expect(value.slice(tC + 1, tC + 1 + 2 * (N + 1))).toEqual([5, 4, 3, 2, 1, 0, 5, 4, 3, 2, 1, 0]);
      expect(rises(irq)).toEqual([tC + 1 + N]);
      expect(irq.slice(tC + 1 + N)).toEqual(irq.slice(tC + 1 + N).map(() => 1)); // stays until cleared
      expect(probe.column(2).every((x) => x === 0)).toBe(true); // the VIC line is not enabled
    });
  }

  it('IntClr clears the interrupt; the next period raises it again', () => {
    const N = 3;
    const b = bench({ deviceWaitStates: 0 }, { d: [wr(TIMER, N), wr(TIMER + 8, 0xe2), wr(TIMER + 0xc, 1, { notBefore: 6 })] });
    const probe = new Probe([b.top.soc.timer01.irq]);
    b.sim.addObserver(probe);
    b.run(20);
    const tC = b.d.results[1]!.done;
    const tClr = b.d.results[2]!.done;
    const irq = probe.column(0);
    expect(rises(irq)).toEqual([tC + 1 + N, tC + 1 + N + (N + 1)]);
    expect(irq[tClr + 1]).toBe(0);
  });

  it('one-shot: stops at zero, interrupts once; writing Load restarts it', () => {
    const b = bench({ deviceWaitStates: 0 }, { d: [wr(TIMER, 2), wr(TIMER + 8, 0xa3), wr(TIMER + 0xc, 0, { notBefore: 10 }), wr(TIMER, 2, { notBefore: 20 })] });
    const probe = new Probe([b.top.soc.timer01.t1.value, b.top.soc.timer01.irq]);
    b.sim.addObserver(probe);
    b.run(10);
    const tC = b.d.results[1]!.done;
    const value = probe.column(0);
    expect(value.slice(tC + 1, tC + 8)).toEqual([2, 1, 0, 0, 0, 0, 0]);
    const tLoad = b.d.results[3]!.done;
    expect(value.slice(tLoad + 1, tLoad + 5)).toEqual([2, 1, 0, 0]);
    expect(rises(probe.column(1))).toEqual([tC + 3, tLoad + 3]);
  });

  it('free-running starts from the maximum (QEMU: Load unused) and wraps: 0xFFFFFFFF, or 0xFFFF in 16-bit mode', () => {
    const b = bench({ deviceWaitStates: 0 }, { d: [wr(TIMER, 2), wr(TIMER + 8, 0xa2), wr(TIMER + 0x20, 1), wr(TIMER + 0x28, 0xa0)] });
    const t = b.top.soc.timer01;
    const probe = new Probe([t.t1.value, t.t2.value, t.timint2]);
    b.sim.addObserver(probe);
    b.run(0x10000 + 4);
    const t1 = b.d.results[1]!.done;
    expect(probe.column(0).slice(t1 + 1, t1 + 4)).toEqual([0xffffffff, 0xfffffffe, 0xfffffffd]);
    const t2 = b.d.results[3]!.done;
    const v2 = probe.column(1);
    expect(v2.slice(t2 + 1, t2 + 3)).toEqual([0xffff, 0xfffe]);
    expect(v2.slice(t2 + 0x10000, t2 + 0x10003)).toEqual([0, 0xffff, 0xfffe]);
    expect(rises(probe.column(2))).toEqual([t2 + 0x10000]);
  });

  it('QEMU semantics: Control with enable restarts the count, disabling freezes it, BGLoad leaves it, Load sets it; 16-bit periodic uses all of Load', () => {
    const script: Txn[] = [
      wr(TIMER, 100),
      wr(TIMER + 8, 0xc2), // 1: periodic 32-bit
      wr(TIMER + 8, 0xc2, { notBefore: 20 }), // 2: rewrite while running: back to 100
      wr(TIMER + 8, 0x42, { notBefore: 30 }), // 3: disable: frozen
      wr(TIMER + 0x18, 0x777, { notBefore: 40 }), // 4: BGLoad
      rd(TIMER), // 5
      wr(TIMER, 0x555), // 6: Load while disabled
      wr(TIMER + 0x28, 0x40), // 7: timer 2 periodic 16-bit, disabled
      wr(TIMER + 0x20, 0x12345), // 8
      wr(TIMER + 0x28, 0xc0), // 9: enable
    ];
    const b = bench({ deviceWaitStates: 0 }, { d: script });
    const t = b.top.soc.timer01;
    const probe = new Probe([t.t1.value, t.t2.value]);
    b.sim.addObserver(probe);
    b.run(3);
    const r = b.d.results;
    const v1 = probe.column(0);
    const after = (k: number): number => r[k]!.done + 1;
    expect(v1[r[2]!.done]).toBe(100 - (r[2]!.done - after(1)));
    expect(v1.slice(after(2), after(2) + 2)).toEqual([100, 99]);
    const frozen = v1[after(3)]!;
    expect(v1.slice(after(3), r[4]!.done + 1).every((x) => x === frozen)).toBe(true);
    expect(v1[after(4)]).toBe(frozen);
    expect(r[5]!.rdata).toBe(0x777);
    expect(v1[after(6)]).toBe(0x555);
    const v2 = probe.column(1);
    expect(v2[after(8)]).toBe(0x12345);
    expect(v2.slice(after(9), after(9) + 3)).toEqual([0x12345, 0x12344, 0x12343]);
  });

  /**
   * Both timers of timer01 started periodic with Load 100 and the given Control values; the cycles
   * between their steps over `cycles` cycles. The set-up's first two changes are skipped: Load in the
   * reset mode (free-running 16-bit) makes Value 0xFFFF, as on QEMU, and the Control write that
   * enables periodic mode restarts it from Load.
   */
  function stepGaps(cyclesPerTimerTick: number, control1: number, control2: number, cycles: number): [number[], number[]] {
    const b = bench({ deviceWaitStates: 0, cyclesPerTimerTick }, { d: [wr(TIMER, 100), wr(TIMER + 8, control1), wr(TIMER + 0x20, 100), wr(TIMER + 0x28, control2)] });
    const t = b.top.soc.timer01;
    const probe = new Probe([t.t1.value, t.t2.value]);
    b.sim.addObserver(probe);
    b.run(cycles);
    const gaps = (col: number[]): number[] => {
      const steps = col.flatMap((v, k) => (k > 0 && v !== col[k - 1] ? [k] : [])).slice(2);
      return steps.slice(1).map((c, k) => c - steps[k]!);
    };
    return [gaps(probe.column(0)), gaps(probe.column(1))];
  }

  it('prescale /16 and a timer clock of 1 tick per 4 core cycles', () => {
    const [g1, g2] = stepGaps(4, 0xe2, 0xe6, 300);
    expect(g1).toEqual(g1.map(() => 4));
    expect(g2).toEqual(g2.map(() => 64));
    expect(g2.length).toBeGreaterThan(1);
  });

  it('prescale /256 (and 11, which the TRM leaves undefined, as /256 too)', () => {
    const [g1, g2] = stepGaps(1, 0xea, 0xee, 1200);
    for (const g of [g1, g2]) {
      expect(g.length).toBeGreaterThan(1);
      expect(g).toEqual(g.map(() => 256));
    }
  });

  it('reads Value, RIS and MIS through the bus while counting; timer 2 also drives line 4', () => {
    const b = bench({ deviceWaitStates: 0 }, { d: [wr(TIMER + 0x20, 3), wr(TIMER + 0x28, 0xc2), rd(TIMER + 0x24), rd(TIMER + 0x30, { notBefore: 10 }), rd(TIMER + 0x34), wr(TIMER + 0x28, 0xe2), rd(TIMER + 0x34)] });
    const probe = new Probe([b.top.soc.timer01.irq]);
    b.sim.addObserver(probe);
    b.run(2);
    const r = b.d.results;
    expect(r[2]!.rdata).toBe(3); // first cycle after enabling: not yet counted
    expect(r[3]!.rdata).toBe(1); // RIS
    expect(r[4]!.rdata).toBe(0); // MIS: interrupt enable was off
    expect(r[6]!.rdata).toBe(1);
    expect(rises(probe.column(0))).toEqual([r[5]!.done + 1]);
  });
});

describe('PL190 VIC', () => {
  it('reset values and identification registers as on QEMU', () => {
    const regs = [0, 4, 8, 0xc, 0x10, 0x14, 0x18, 0x1c, 0x20, 0x30, 0x34, 0x100, 0x200, 0x400];
    const ids = Array.from({ length: 8 }, (_, k) => rd(VIC + 0xfe0 + 4 * k));
    const b = bench({}, { d: [...regs.map((o) => rd(VIC + o)), ...ids] });
    b.run();
    const r = b.d.results.map((x) => x.rdata);
    expect(r.slice(0, regs.length)).toEqual(regs.map(() => 0));
    expect(r.slice(regs.length)).toEqual([0x90, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
  });

  it('a timer interrupt reaches irq in the same cycle when enabled; masking, FIQ select, status registers', () => {
    const script: Txn[] = [
      wr(VIC + 0x10, 1 << 4), // IntEnable timer
      wr(TIMER, 4),
      wr(TIMER + 8, 0xe2),
      rd(VIC + 0x8, { notBefore: 20 }), // RawIntr
      rd(VIC + 0x0), // IRQStatus
      wr(VIC + 0x14, 1 << 4), // IntEnClear
      rd(VIC + 0x0),
      rd(VIC + 0x10),
      wr(VIC + 0xc, 1 << 4), // IntSelect: FIQ
      wr(VIC + 0x10, 1 << 4),
      rd(VIC + 0x4), // FIQStatus
      rd(VIC + 0x0),
      rd(VIC + 0xc),
    ];
    const b = bench({ deviceWaitStates: 0 }, { d: script });
    const soc = b.top.soc;
    const probe = new Probe([soc.timer01.irq, soc.irq, soc.fiq]);
    b.sim.addObserver(probe);
    b.run(2);
    const r = b.d.results;
    const timerIrq = probe.column(0);
    const irq = probe.column(1);
    const fiq = probe.column(2);
    const first = rises(timerIrq)[0]!;
    expect(first).toBe(r[2]!.done + 1 + 4);
    expect(rises(irq)).toEqual([first]);
    expect(r[3]!.rdata).toBe(1 << 4);
    expect(r[4]!.rdata).toBe(1 << 4);
    expect(irq[r[5]!.done + 1]).toBe(0);
    expect(r[6]!.rdata).toBe(0);
    expect(r[7]!.rdata).toBe(0);
    expect(rises(fiq)).toEqual([r[8]!.done + 1]); // QEMU: FIQ ignores IntEnable
    expect(irq[r[9]!.done + 1]).toBe(0);
    expect(r[10]!.rdata).toBe(1 << 4);
    expect(r[11]!.rdata).toBe(0);
    expect(r[12]!.rdata).toBe(1 << 4);
  });

  it('SoftInt sets and SoftIntClear clears raw interrupts; disabled sources do not interrupt', () => {
    const b = bench({ deviceWaitStates: 0 }, { d: [wr(VIC + 0x18, 0x81), rd(VIC + 0x8), rd(VIC + 0x18), rd(VIC), wr(VIC + 0x10, 0x80), rd(VIC), wr(VIC + 0x1c, 0x80), rd(VIC + 0x8)] });
    const probe = new Probe([b.top.soc.irq]);
    b.sim.addObserver(probe);
    b.run(1);
    const r = b.d.results;
    expect([r[1]!.rdata, r[2]!.rdata, r[3]!.rdata, r[5]!.rdata, r[7]!.rdata]).toEqual([0x81, 0x81, 0, 0x80, 0x01]);
    expect(rises(probe.column(0))).toEqual([r[4]!.done + 1]);
    expect(probe.column(0)[r[6]!.done + 1]).toBe(0);
  });

  it('VectAddr: vectored and default addresses, priority masking until VectAddr is written, nesting', () => {
    const script: Txn[] = [
      wr(VIC + 0x200, 0x20 | 4), // VectCntl0: timer line, enabled
      wr(VIC + 0x100, 0xaaa0), // VectAddr0
      wr(VIC + 0x34, 0xdef0), // DefVectAddr
      wr(VIC + 0x10, (1 << 4) | (1 << 7)),
      wr(VIC + 0x18, (1 << 4) | (1 << 7)), // both pending (software)
      rd(VIC + 0x30), // 5: -> 0xaaa0, level 0 in service: everything masked
      rd(VIC + 0x30), // 6: nothing higher: the current address again
      wr(VIC + 0x30, 0), // 7: done: irq again
      wr(VIC + 0x1c, 1 << 4), // 8: only the non-vectored line 7 remains
      rd(VIC + 0x30), // 9: -> 0xdef0, level 16: line 7 masked
      wr(VIC + 0x18, 1 << 4), // 10: vectored line 4 pre-empts
      rd(VIC + 0x30), // 11: -> 0xaaa0 nested
      wr(VIC + 0x30, 0), // 12: back to level 16
      wr(VIC + 0x30, 0), // 13: back to none
      rd(VIC + 0x100),
      rd(VIC + 0x200),
    ];
    const b = bench({ deviceWaitStates: 0 }, { d: script });
    const probe = new Probe([b.top.soc.irq]);
    b.sim.addObserver(probe);
    b.run(1);
    const r = b.d.results;
    const irq = probe.column(0);
    const after = (k: number): number => irq[r[k]!.done + 1]!;
    expect(r[5]!.rdata).toBe(0xaaa0);
    expect(after(5)).toBe(0);
    expect(r[6]!.rdata).toBe(0xaaa0);
    expect(after(6)).toBe(0);
    expect(after(7)).toBe(1);
    expect(r[9]!.rdata).toBe(0xdef0);
    expect(after(9)).toBe(0);
    expect(after(10)).toBe(1);
    expect(r[11]!.rdata).toBe(0xaaa0);
    expect(after(11)).toBe(0);
    expect(after(12)).toBe(1); // level 16 again: line 4 (vectored) still pending, so irq
    expect(b.top.soc.vic.priority.v).toBe(17);
    expect([r[14]!.rdata, r[15]!.rdata]).toEqual([0xaaa0, 0x24]);
  });
});

describe('PL011 UART0', () => {
  it('captures bytes written to DR (byte, halfword, word stores), in order', () => {
    const script: Txn[] = [wr(UART, 0x48, { size: SIZE_BYTE }), wr(UART, 0x69, { size: SIZE_HALF }), wr(UART, 0x2121210a), wr(UART + 1, 0x41, { size: SIZE_BYTE })];
    const b = bench({}, { d: script });
    const probe = new Probe([b.top.soc.uart0.tx_strobe, b.top.soc.uart0.tx_data]);
    b.sim.addObserver(probe);
    b.run(1);
    expect(b.top.soc.uart0.transmittedText()).toBe('Hi\nA');
    expect(b.top.soc.uart0.tx_count.v).toBe(4);
    const strobes = probe.rows.filter((x) => x[0] === 1).map((x) => x[1]);
    expect(strobes).toEqual([0x48, 0x69, 0x0a, 0x41]);
  });

  it('flags, reset values, identification (narrow reads reach the whole register, as on QEMU)', () => {
    const regs = [0x18, 0x30, 0x34, 0x3c, 0x00, 0x04, 0x100];
    const ids = Array.from({ length: 8 }, (_, k) => rd(UART + 0xfe0 + 4 * k));
    const b = bench({}, { d: [...regs.map((o) => rd(UART + o)), ...ids, rd(UART + 0xfe1, { size: SIZE_BYTE }), rd(UART + 0xfe2, { size: SIZE_HALF })] });
    b.run();
    const r = b.d.results;
    expect(r.slice(0, regs.length).map((x) => x.rdata)).toEqual([0x90, 0x300, 0x12, 0, 0, 0, 0]);
    expect(r.slice(regs.length, regs.length + 8).map((x) => x.rdata)).toEqual([0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
    const n = regs.length + 8;
    expect(extract(SIZE_BYTE, UART + 0xfe1, r[n]!.rdata)).toBe(0x11);
    expect(extract(SIZE_HALF, UART + 0xfe2, r[n + 1]!.rdata)).toBe(0x11);
  });

  it('TX interrupt: RIS set by a DR write, masked by IMSC, cleared by ICR; VIC line 12', () => {
    const script: Txn[] = [
      wr(VIC + 0x10, 1 << 12),
      wr(UART + 0x38, 0x20), // IMSC TX
      wr(UART, 0x41),
      rd(UART + 0x3c),
      rd(UART + 0x40),
      rd(VIC + 0x0),
      wr(UART + 0x44, 0x20),
      rd(UART + 0x3c),
    ];
    const b = bench({ deviceWaitStates: 0 }, { d: script });
    const probe = new Probe([b.top.soc.irq]);
    b.sim.addObserver(probe);
    b.run(1);
    const r = b.d.results;
    expect([r[3]!.rdata, r[4]!.rdata, r[5]!.rdata, r[7]!.rdata]).toEqual([0x20, 0x20, 1 << 12, 0]);
    expect(rises(probe.column(0))).toEqual([r[2]!.done + 1]);
    expect(probe.column(0)[r[6]!.done + 1]).toBe(0);
  });

  it('keeps the last `capture` bytes when more are sent', () => {
    const script: Txn[] = Array.from('abcdef', (c) => wr(UART, c.charCodeAt(0)));
    const b = bench({ uartCapture: 4, deviceWaitStates: 0 }, { d: script });
    b.run(1);
    expect(b.top.soc.uart0.transmittedText()).toBe('cdef');
  });
});
