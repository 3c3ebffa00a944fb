// SP804 dual timer (Timer 0/1 of the Versatile PB at 0x101E2000; VIC line 4 is the OR of both).
// Two identical down counters, registers at 0x00 (timer 1) and 0x20 (timer 2):
//   +0x00 Load     write: Load, and the count restarts (see below)
//   +0x04 Value    read only: the current count
//   +0x08 Control  bit 7 enable, 6 periodic (else free-running), 5 interrupt enable (reset 1),
//                  3:2 prescale (00 /1, 01 /16, 10 /256, 11 treated as /256: the TRM leaves it
//                  undefined), 1 32-bit (else 16-bit), 0 one-shot
//   +0x0C IntClr   write: clear the interrupt
//   +0x10 RIS, +0x14 MIS (RIS & interrupt enable)
//   +0x18 BGLoad   write: Load only (the count continues); read: Load
// Counting: the timer clock enable TIMCLKEN is 1 every `cyclesPerTick` core cycles (a free-running
// divider from reset); a timer counts one step per TIMCLKEN (divided by its prescaler) while
// enabled. A step from 1 to 0 raises the interrupt (RIS=1). A step from 0: periodic reloads Load,
// free-running restarts from its maximum, one-shot stays at 0 (halted until Load or Control is
// written). So a periodic timer with Load=N interrupts every N+1 steps, the first time N steps after
// it starts. Where QEMU departs from the TRM the model follows QEMU (the golden reference), checked
// with test programs on QEMU 7.2: writing Load restarts the count from Load (periodic, one-shot) or
// from the maximum (free-running: Load is not used); writing Control with enable set restarts the
// count the same way; 16-bit mode only changes the free-running maximum (0xFFFF) - a periodic or
// one-shot count uses all 32 bits of Load; Value resets to 0 (the TRM says 0xFFFFFFFF).
import { ElaborationError, Module, type Reg } from '../hdl/index.ts';
import { BusDevice, primeCellId } from './target.ts';

const ID = [0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export const TIMER_LOAD = 0x00;
export const TIMER_VALUE = 0x04;
export const TIMER_CONTROL = 0x08;
export const TIMER_INTCLR = 0x0c;
export const TIMER_RIS = 0x10;
export const TIMER_MIS = 0x14;
export const TIMER_BGLOAD = 0x18;
export const TIMER_CTRL_ONESHOT = 0x01;
export const TIMER_CTRL_32BIT = 0x02;
export const TIMER_CTRL_DIV16 = 0x04;
export const TIMER_CTRL_DIV256 = 0x08;
export const TIMER_CTRL_IE = 0x20;
export const TIMER_CTRL_PERIODIC = 0x40;
export const TIMER_CTRL_ENABLE = 0x80;

export interface TimerRegs {
  readonly load: Reg;
  readonly value: Reg;
  readonly control: Reg;
  readonly ris: Reg;
  readonly pre: Reg; // prescaler: TIMCLKEN pulses seen since the last step
}

export class Sp804 extends BusDevice {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static override readonly compileHere = (source: string): unknown => eval(source);

  readonly irq = this.output('irq', 1); //        TIMINTC: either timer's masked interrupt
  readonly timint1 = this.wire('timint1', 1);
  readonly timint2 = this.wire('timint2', 1);
  readonly timclken = this.wire('timclken', 1); // a timer clock tick this cycle
  readonly div = this.reg('div', 32); //           core cycles since the last tick
  readonly t1: TimerRegs = this.timer('t1');
  readonly t2: TimerRegs = this.timer('t2');

  /** `cyclesPerTick`: core cycles per timer clock tick (1 = the timer runs at the core clock). */
  constructor(
    parent: Module | null,
    name: string,
    readonly cyclesPerTick = 1,
  ) {
    super(parent, name);
    if (!Number.isInteger(cyclesPerTick) || cyclesPerTick < 1 || cyclesPerTick > 0xffff_ffff) {
      throw new ElaborationError(`${this.path}: cyclesPerTick ${String(cyclesPerTick)} is not a positive 32-bit integer`);
    }
  }

  private timer(prefix: string): TimerRegs {
    return {
      load: this.reg(`${prefix}_load`, 32),
      value: this.reg(`${prefix}_value`, 32),
      control: this.reg(`${prefix}_control`, 32, TIMER_CTRL_IE),
      ris: this.reg(`${prefix}_ris`, 1),
      pre: this.reg(`${prefix}_pre`, 8),
    };
  }

  override comb(): void {
    this.timclken.v = this.div.v + 1 >= this.cyclesPerTick ? 1 : 0;
    const i1 = this.t1.ris.v & (this.t1.control.v >>> 5) & 1;
    const i2 = this.t2.ris.v & (this.t2.control.v >>> 5) & 1;
    this.timint1.v = i1;
    this.timint2.v = i2;
    this.irq.v = i1 | i2;
    if (!this.sel.on) {
      this.rdata.v = 0;
      return;
    }
    const off = this.addr.v & 0xffc;
    if (off < 0x40) this.rdata.v = this.readReg(off < 0x20 ? this.t1 : this.t2, off & 0x1f);
    // QEMU's SP804 answers ID reads only at byte offsets 0xFE0..0xFFC (a narrow read at 0xFFD..0xFFF is 0).
    else this.rdata.v = off >= 0xfe0 && (this.addr.v & 0xfff) <= 0xffc ? primeCellId(ID, off) : 0;
  }

  private readReg(t: TimerRegs, off: number): number {
    switch (off) {
      case TIMER_LOAD:
      case TIMER_BGLOAD:
        return t.load.v;
      case TIMER_VALUE:
        return t.value.v;
      case TIMER_CONTROL:
        return t.control.v;
      case TIMER_RIS:
        return t.ris.v;
      case TIMER_MIS:
        return t.ris.v & (t.control.v >>> 5) & 1;
      default:
        return 0;
    }
  }

  override clock(): void {
    const tick = this.timclken.on;
    this.div.next = tick ? 0 : this.div.v + 1;
    if (tick) {
      this.count(this.t1);
      this.count(this.t2);
    }
    if (this.strobe && this.we.on) {
      const off = this.addr.v & 0xffc;
      if (off < 0x40) this.write(off < 0x20 ? this.t1 : this.t2, off & 0x1f, this.wval.v);
    }
  }

  /** One TIMCLKEN pulse for timer t. */
  private count(t: TimerRegs): void {
    const ctl = t.control.v;
    if ((ctl & TIMER_CTRL_ENABLE) === 0) return;
    const divisor = (ctl & 0x0c) === 0 ? 1 : (ctl & 0x0c) === TIMER_CTRL_DIV16 ? 16 : 256;
    if (divisor > 1) {
      const p = t.pre.v + 1;
      if (p < divisor) {
        t.pre.next = p;
        return;
      }
      t.pre.next = 0;
    }
    const v = t.value.v;
    if (v === 0) {
      if ((ctl & TIMER_CTRL_ONESHOT) !== 0) return; // halted
      const r = reloadValue(ctl, t.load.v);
      t.value.next = r;
      if (r === 0) t.ris.next = 1; // periodic with Load 0: QEMU raises the interrupt at once
    } else {
      t.value.next = v - 1;
      if (v === 1) t.ris.next = 1;
    }
  }

  /** A bus write to timer t's register at `off`: it wins over a count step in the same cycle. */
  private write(t: TimerRegs, off: number, v: number): void {
    switch (off) {
      case TIMER_LOAD:
        t.load.next = v;
        t.value.next = reloadValue(t.control.v, v);
        t.pre.next = 0;
        break;
      case TIMER_BGLOAD:
        t.load.next = v;
        break;
      case TIMER_CONTROL:
        t.control.next = v; // all 32 bits kept, as QEMU
        t.pre.next = 0;
        if ((v & TIMER_CTRL_ENABLE) !== 0) t.value.next = reloadValue(v, t.load.v); // QEMU restarts the count
        break;
      case TIMER_INTCLR:
        t.ris.next = 0;
        break;
      default:
        break; // Value, RIS, MIS are read-only
    }
  }
}

/**
 * The value a timer (re)starts from, as QEMU: Load in periodic and one-shot mode (all 32 bits, even
 * in 16-bit mode), the maximum count in free-running mode (0xFFFFFFFF, or 0xFFFF in 16-bit mode).
 */
function reloadValue(ctl: number, load: number): number {
  if ((ctl & (TIMER_CTRL_PERIODIC | TIMER_CTRL_ONESHOT)) !== 0) return load;
  return (ctl & TIMER_CTRL_32BIT) !== 0 ? 0xffff_ffff : 0xffff;
}