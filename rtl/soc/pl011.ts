// PL011 UART (UART0 of the Versatile PB at 0x101F1000): the transmit side a kernel uses.
// A write to DR transmits its low byte at once (no FIFO timing, no baud rate: like QEMU): the byte
// is appended to a capture buffer the testbench reads, and shows for one cycle on tx_strobe/tx_data.
// The receiver is always empty: FR reads TXFE|RXFE (0x90), TXFF=0, BUSY=0; DR reads 0.
// Control registers are stored and read back with all 32 bits, as QEMU does (the TRM's registers
// are narrower); RIS bit 5 (TXRIS) is set by every DR write (as QEMU)
// and cleared through ICR; irq = (RIS & IMSC) != 0.
import { type Memory, Module, ElaborationError } from '../hdl/index.ts';
import { BusDevice, primeCellId } from './target.ts';

const ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export const UART_DR = 0x00;
export const UART_RSR = 0x04;
export const UART_FR = 0x18;
export const UART_ILPR = 0x20;
export const UART_IBRD = 0x24;
export const UART_FBRD = 0x28;
export const UART_LCR_H = 0x2c;
export const UART_CR = 0x30;
export const UART_IFLS = 0x34;
export const UART_IMSC = 0x38;
export const UART_RIS = 0x3c;
export const UART_MIS = 0x40;
export const UART_ICR = 0x44;
export const UART_DMACR = 0x48;
export const UART_FR_RXFE = 0x10;
export const UART_FR_TXFE = 0x80;
export const UART_INT_TX = 0x20;

export class Pl011 extends BusDevice {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static override readonly compileHere = (source: string): unknown => eval(source);

  readonly irq = this.output('irq', 1); // UARTINTR, active high
  readonly ilpr = this.reg('ilpr', 32);
  readonly ibrd = this.reg('ibrd', 32);
  readonly fbrd = this.reg('fbrd', 32);
  readonly lcr_h = this.reg('lcr_h', 32);
  readonly cr = this.reg('cr', 32, 0x300);
  readonly ifls = this.reg('ifls', 32, 0x12);
  readonly imsc = this.reg('imsc', 32);
  readonly ris = this.reg('ris', 32);
  readonly dmacr = this.reg('dmacr', 32);
  // Transmit capture: not a PL011 register, the testbench's view of the serial line.
  readonly tx_strobe = this.reg('tx_strobe', 1); // a byte was written to DR in the previous cycle
  readonly tx_data = this.reg('tx_data', 8); //     that byte
  readonly tx_count = this.reg('tx_count', 32); //  bytes transmitted since reset
  readonly txlog: Memory;

  /** `capture`: bytes kept for the testbench (a ring: the last `capture` bytes). */
  constructor(parent: Module | null, name: string, capture = 1 << 16) {
    super(parent, name);
    if (!Number.isInteger(capture) || capture < 1 || capture > 1 << 24) throw new ElaborationError(`${this.path}: capture ${String(capture)} not in 1..2^24`);
    this.txlog = this.memory('txlog', 8, capture);
  }

  override comb(): void {
    this.irq.v = (this.ris.v & this.imsc.v) !== 0 ? 1 : 0;
    this.rdata.v = this.sel.on ? this.readReg(this.addr.v & 0xffc) : 0;
  }

  private readReg(off: number): number {
    switch (off) {
      case UART_FR:
        return UART_FR_TXFE | UART_FR_RXFE;
      case UART_ILPR:
        return this.ilpr.v;
      case UART_IBRD:
        return this.ibrd.v;
      case UART_FBRD:
        return this.fbrd.v;
      case UART_LCR_H:
        return this.lcr_h.v;
      case UART_CR:
        return this.cr.v;
      case UART_IFLS:
        return this.ifls.v;
      case UART_IMSC:
        return this.imsc.v;
      case UART_RIS:
        return this.ris.v;
      case UART_MIS:
        return (this.ris.v & this.imsc.v) >>> 0;
      case UART_DMACR:
        return this.dmacr.v;
      default:
        return off >= 0xfe0 ? primeCellId(ID, off) : 0; // DR (receiver empty), RSR, ICR, unknown
    }
  }

  override clock(): void {
    if (this.tx_strobe.on) this.tx_strobe.next = 0;
    if (!this.strobe || !this.we.on) return;
    const v = this.wval.v;
    switch (this.addr.v & 0xffc) {
      case UART_DR: {
        const byte = v & 0xff;
        const n = this.tx_count.v;
        this.txlog.write(n % this.txlog.depth, byte);
        this.tx_count.next = (n + 1) >>> 0;
        this.tx_data.next = byte;
        this.tx_strobe.next = 1;
        this.ris.next = this.ris.v | UART_INT_TX;
        break;
      }
      case UART_ILPR:
        this.ilpr.next = v;
        break;
      case UART_IBRD:
        this.ibrd.next = v;
        break;
      case UART_FBRD:
        this.fbrd.next = v;
        break;
      case UART_LCR_H:
        this.lcr_h.next = v;
        break;
      case UART_CR:
        this.cr.next = v;
        break;
      case UART_IFLS:
        this.ifls.next = v;
        break;
      case UART_IMSC:
        this.imsc.next = v;
        break;
      case UART_ICR:
        this.ris.next = (this.ris.v & ~v) >>> 0;
        break;
      case UART_DMACR:
        this.dmacr.next = v;
        break;
      default:
        break; // RSR/ECR (no receive errors to clear), read-only and unknown offsets
    }
  }

  // ---- testbench view ----

  /** Bytes transmitted since reset (the last `capture` of them if more were sent). */
  transmitted(): Uint8Array {
    const n = this.tx_count.v;
    const depth = this.txlog.depth;
    const kept = Math.min(n, depth);
    const out = new Uint8Array(kept);
    for (let k = 0; k < kept; k++) out[k] = this.txlog.read((n - kept + k) % depth);
    return out;
  }

  /** The output as text (each byte one character, latin-1). */
  transmittedText(): string {
    let s = '';
    for (const b of this.transmitted()) s += String.fromCharCode(b);
    return s;
  }
}
