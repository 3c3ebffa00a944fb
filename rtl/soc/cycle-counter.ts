// Cycle counter (CCNT at 0x101E9000, VIC line 20): a free-running count of core clock cycles that
// user programs can read (mapped in the device window of spaces with `devices`), so a benchmark is
// a user program that reads the cycle counter at its own boundaries, as sel4bench reads the ARM
// PMU's. Not a Versatile PB device (QEMU has nothing there: reads 0, writes ignored); see docs/SOC.md.
//   +0x00 COUNT    read only: cycles since reset (32 bits, wraps; reset value 0)
//   +0x04 COMPARE  read/write
//   +0x08 CONTROL  bit 0: interrupt enable (other bits read 0)
//   +0x0C STATUS   read only: bit 0 = COUNT has reached COMPARE (COUNT - COMPARE, as a signed
//                  32-bit number, >= 0), bit 1 = the interrupt (bit 0 and the enable)
// The interrupt is a level: asserted from the cycle COUNT equals COMPARE (or at once, when the
// compare value written is already reached) while enabled; written away (a later COMPARE, or the
// enable cleared). A handler thus knows the exact cycle its interrupt was asserted: COMPARE.
import { BusDevice } from './target.ts';

export const CCNT_COUNT = 0x00;
export const CCNT_COMPARE = 0x04;
export const CCNT_CONTROL = 0x08;
export const CCNT_STATUS = 0x0c;
export const CCNT_CTRL_IE = 0x1;
export const CCNT_STATUS_REACHED = 0x1;
export const CCNT_STATUS_IRQ = 0x2;

/** COUNT has reached COMPARE (modulo 2^32: within half the counter's range after it). */
export const compareReached = (count: number, compare: number): boolean => ((count - compare) | 0) >= 0;

export class CycleCounter extends BusDevice {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static override readonly compileHere = (source: string): unknown => eval(source);

  readonly irq = this.output('irq', 1);
  readonly count = this.reg('count', 32);
  readonly compare = this.reg('compare', 32);
  readonly control = this.reg('control', 1);
  readonly reached = this.wire('reached', 1);

  override comb(): void {
    const reached = compareReached(this.count.v, this.compare.v) ? 1 : 0;
    this.reached.v = reached;
    this.irq.v = reached & this.control.v;
    if (!this.sel.on) {
      this.rdata.v = 0;
      return;
    }
    switch (this.addr.v & 0xffc) {
      case CCNT_COUNT:
        this.rdata.v = this.count.v;
        break;
      case CCNT_COMPARE:
        this.rdata.v = this.compare.v;
        break;
      case CCNT_CONTROL:
        this.rdata.v = this.control.v;
        break;
      case CCNT_STATUS:
        this.rdata.v = reached | (this.irq.v << 1);
        break;
      default:
        this.rdata.v = 0;
    }
  }

  override clock(): void {
    this.count.next = (this.count.v + 1) >>> 0;
    if (!this.strobe || !this.we.on) return;
    const off = this.addr.v & 0xffc;
    if (off === CCNT_COMPARE) this.compare.next = this.wval.v >>> 0;
    else if (off === CCNT_CONTROL) this.control.next = this.wval.v & CCNT_CTRL_IE;
  }
}
