// PL190 vectored interrupt controller (VIC of the Versatile PB at 0x10140000).
//   0x000 IRQStatus  (RawIntr & IntEnable & ~IntSelect)     0x004 FIQStatus (RawIntr & IntSelect: QEMU)
//   0x008 RawIntr    (source lines | SoftInt)               0x00C IntSelect (1 = FIQ)
//   0x010 IntEnable  (write 1s to enable)                    0x014 IntEnClear (write 1s to disable)
//   0x018 SoftInt    (write 1s to set)                       0x01C SoftIntClear
//   0x020 Protection (stored, not enforced)                  0x030 VectAddr   0x034 DefVectAddr
//   0x100+4i VectAddr i, 0x200+4i VectCntl i (bit 5 enable, 4:0 source), i = 0..15 (0 highest)
// Outputs: fiq = FIQStatus != 0; irq = an IRQ-status source allowed by the priority hardware.
// Priority hardware (TRM): reading VectAddr returns the ISR address of the highest-priority pending
// IRQ (an enabled vector slot whose source is pending; else DefVectAddr for a non-vectored one),
// and masks that priority and all lower ones from irq until VectAddr is written; nested reads
// stack the levels. Levels: 0..15 vector slots, 16 non-vectored, 17 none in service.
import { type Memory } from '../hdl/index.ts';
import { BusDevice, primeCellId } from './target.ts';

const ID = [0x90, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export const VIC_IRQSTATUS = 0x000;
export const VIC_FIQSTATUS = 0x004;
export const VIC_RAWINTR = 0x008;
export const VIC_INTSELECT = 0x00c;
export const VIC_INTENABLE = 0x010;
export const VIC_INTENCLEAR = 0x014;
export const VIC_SOFTINT = 0x018;
export const VIC_SOFTINTCLEAR = 0x01c;
export const VIC_PROTECTION = 0x020;
export const VIC_VECTADDR = 0x030;
export const VIC_DEFVECTADDR = 0x034;
export const VIC_VECTADDR0 = 0x100;
export const VIC_VECTCNTL0 = 0x200;
export const VIC_NO_PRIORITY = 17;
export const VIC_DEFAULT_PRIORITY = 16;
const NONE = 31;

export class Pl190 extends BusDevice {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static override readonly compileHere = (source: string): unknown => eval(source);

  readonly intsrc = this.input('intsrc', 32); // VICINTSOURCE[31:0], active high
  readonly irq = this.output('irq', 1); //        nVICIRQ, as active high
  readonly fiq = this.output('fiq', 1); //        nVICFIQ, as active high
  readonly raw_intr = this.wire('raw_intr', 32);
  readonly irq_status = this.wire('irq_status', 32);
  readonly fiq_status = this.wire('fiq_status', 32);
  readonly vect_next = this.wire('vect_next', 5); // level a VectAddr read in this cycle enters (31: none)
  readonly int_select = this.reg('int_select', 32);
  readonly int_enable = this.reg('int_enable', 32);
  readonly soft_int = this.reg('soft_int', 32);
  readonly protection = this.reg('protection', 1);
  readonly def_vect_addr = this.reg('def_vect_addr', 32);
  readonly priority = this.reg('priority', 5, VIC_NO_PRIORITY); // level in service
  readonly stack_depth = this.reg('stack_depth', 5);
  readonly vect_addr: Memory = this.memory('vect_addr', 32, 16, { trace: true, resetValue: 0 });
  readonly vect_cntl: Memory = this.memory('vect_cntl', 8, 16, { trace: true, resetValue: 0 });
  readonly prio_stack: Memory = this.memory('prio_stack', 5, 18, { resetValue: 0 });

  /** Sources of enabled vector slots above `level` (those the priority hardware lets through). */
  private allowed(level: number): number {
    let m = 0;
    const n = Math.min(level, 16);
    for (let i = 0; i < n; i++) {
      const c = this.vect_cntl.read(i);
      if ((c & 0x20) !== 0) m |= 1 << (c & 31);
    }
    return m;
  }

  override comb(): void {
    const raw = (this.intsrc.v | this.soft_int.v) >>> 0;
    const en = raw & this.int_enable.v;
    const irqs = (en & ~this.int_select.v) >>> 0;
    // QEMU: FIQStatus and the FIQ line ignore IntEnable (measured: an FIQ is taken for a selected,
    // disabled source); the TRM masks them with IntEnable. The model follows QEMU.
    const fiqs = (raw & this.int_select.v) >>> 0;
    this.raw_intr.v = raw;
    this.irq_status.v = irqs;
    this.fiq_status.v = fiqs;
    this.fiq.v = fiqs !== 0 ? 1 : 0;
    const p = this.priority.v;
    this.irq.v = irqs !== 0 && (p === VIC_NO_PRIORITY || (irqs & this.allowed(p)) !== 0) ? 1 : 0;
    if (!this.sel.on) {
      this.vect_next.v = NONE;
      this.rdata.v = 0;
      return;
    }
    const off = this.addr.v & 0xffc;
    this.vect_next.v = off === VIC_VECTADDR ? this.nextLevel(irqs, p) : NONE;
    this.rdata.v = this.readReg(off, raw, irqs, fiqs);
  }

  /** The level a VectAddr read would enter: the highest-priority pending IRQ above level p. */
  private nextLevel(irqs: number, p: number): number {
    const n = Math.min(p, 16);
    for (let i = 0; i < n; i++) {
      const c = this.vect_cntl.read(i);
      if ((c & 0x20) !== 0 && ((irqs >>> (c & 31)) & 1) !== 0) return i;
    }
    if (p === VIC_NO_PRIORITY && irqs !== 0) return VIC_DEFAULT_PRIORITY;
    return NONE;
  }

  private readReg(off: number, raw: number, irqs: number, fiqs: number): number {
    switch (off) {
      case VIC_IRQSTATUS:
        return irqs;
      case VIC_FIQSTATUS:
        return fiqs;
      case VIC_RAWINTR:
        return raw;
      case VIC_INTSELECT:
        return this.int_select.v;
      case VIC_INTENABLE:
        return this.int_enable.v;
      case VIC_SOFTINT:
        return this.soft_int.v;
      case VIC_PROTECTION:
        return this.protection.v;
      case VIC_VECTADDR: {
        const l = this.vect_next.v === NONE ? this.priority.v : this.vect_next.v;
        return l < 16 ? this.vect_addr.read(l) : this.def_vect_addr.v;
      }
      case VIC_DEFVECTADDR:
        return this.def_vect_addr.v;
      default:
        if (off >= VIC_VECTADDR0 && off < VIC_VECTADDR0 + 0x40) return this.vect_addr.read((off - VIC_VECTADDR0) >>> 2);
        if (off >= VIC_VECTCNTL0 && off < VIC_VECTCNTL0 + 0x40) return this.vect_cntl.read((off - VIC_VECTCNTL0) >>> 2);
        return off >= 0xfe0 ? primeCellId(ID, off) : 0; // IntEnClear, SoftIntClear, unknown
    }
  }

  override clock(): void {
    if (!this.strobe) return;
    const off = this.addr.v & 0xffc;
    if (!this.we.on) {
      // Reading VectAddr enters the new level and stacks the old one.
      const l = this.vect_next.v;
      if (off === VIC_VECTADDR && l !== NONE) {
        const d = this.stack_depth.v;
        this.prio_stack.write(d, this.priority.v);
        this.stack_depth.next = d + 1;
        this.priority.next = l;
      }
      return;
    }
    const v = this.wval.v;
    switch (off) {
      case VIC_INTSELECT:
        this.int_select.next = v;
        break;
      case VIC_INTENABLE:
        this.int_enable.next = (this.int_enable.v | v) >>> 0;
        break;
      case VIC_INTENCLEAR:
        this.int_enable.next = (this.int_enable.v & ~v) >>> 0;
        break;
      case VIC_SOFTINT:
        this.soft_int.next = (this.soft_int.v | v) >>> 0;
        break;
      case VIC_SOFTINTCLEAR:
        this.soft_int.next = (this.soft_int.v & ~v) >>> 0;
        break;
      case VIC_PROTECTION:
        this.protection.next = v & 1;
        break;
      case VIC_VECTADDR: {
        // End of service: back to the stacked level.
        const d = this.stack_depth.v;
        if (d > 0) {
          this.priority.next = this.prio_stack.read(d - 1);
          this.stack_depth.next = d - 1;
        }
        break;
      }
      case VIC_DEFVECTADDR:
        this.def_vect_addr.next = v;
        break;
      default:
        if (off >= VIC_VECTADDR0 && off < VIC_VECTADDR0 + 0x40) this.vect_addr.write((off - VIC_VECTADDR0) >>> 2, v);
        else if (off >= VIC_VECTCNTL0 && off < VIC_VECTCNTL0 + 0x40) this.vect_cntl.write((off - VIC_VECTCNTL0) >>> 2, v & 0xff);
        break;
    }
  }
}

