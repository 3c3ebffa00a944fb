// PL011 UART: transmit only (captured output), always ready. Receive FIFO stays empty.
import { primeCellId, type InterruptSink, type MappedDevice } from './device.ts';

const PL011_IDS = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
const FR_TXFE = 0x80;
const FR_RXFE = 0x10;
const INT_TX = 0x20;

export class Pl011Uart implements MappedDevice {
  readonly size = 0x1000;
  private readonly chars: number[] = [];
  private ibrd = 0;
  private fbrd = 0;
  private lcrh = 0;
  private cr = 0x300;
  private ifls = 0x12;
  private imsc = 0;
  private ris = INT_TX; // transmit FIFO empty: TX interrupt raw status set

  constructor(
    readonly name: string,
    readonly base: number,
    private readonly vic: InterruptSink | undefined,
    private readonly irqLine: number,
  ) {}

  /** Everything written to the data register, as text (bytes as Latin-1). */
  output(): string {
    return String.fromCharCode(...this.chars);
  }

  read(offset: number): number {
    const id = primeCellId(offset, PL011_IDS);
    if (id !== undefined) return id;
    switch (offset) {
      case 0x00:
        return 0;
      case 0x04:
        return 0;
      case 0x18:
        return FR_TXFE | FR_RXFE;
      case 0x24:
        return this.ibrd;
      case 0x28:
        return this.fbrd;
      case 0x2c:
        return this.lcrh;
      case 0x30:
        return this.cr;
      case 0x34:
        return this.ifls;
      case 0x38:
        return this.imsc;
      case 0x3c:
        return this.ris;
      case 0x40:
        return this.ris & this.imsc;
      default:
        return 0;
    }
  }

  write(offset: number, value: number): void {
    switch (offset) {
      case 0x00:
        this.chars.push(value & 0xff);
        break;
      case 0x24:
        this.ibrd = value & 0xffff;
        break;
      case 0x28:
        this.fbrd = value & 0x3f;
        break;
      case 0x2c:
        this.lcrh = value & 0xff;
        break;
      case 0x30:
        this.cr = value & 0xffff;
        break;
      case 0x34:
        this.ifls = value & 0x3f;
        break;
      case 0x38:
        this.imsc = value & 0x7ff;
        break;
      case 0x44:
        this.ris &= ~value | INT_TX; // TX stays asserted: the FIFO is always empty
        break;
      default:
        break;
    }
    this.vic?.setLine(this.irqLine, (this.ris & this.imsc) !== 0);
  }
}
