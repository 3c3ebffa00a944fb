// PL190 vectored interrupt controller: 32 sources, IRQ/FIQ selection, soft interrupts and
// 16 vectored slots with hardware priority (slot 0 highest). Reading VICVectAddr acknowledges
// the highest pending interrupt and masks equal and lower priorities until VICVectAddr is written.
import { primeCellId, type InterruptSink, type MappedDevice } from './device.ts';

const PL190_IDS = [0x90, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
const DEFAULT_PRIORITY = 16;
const NO_SERVICE = 17;

export class Pl190Vic implements MappedDevice, InterruptSink {
  readonly size = 0x1000;
  /** Level of the nIRQ/nFIQ outputs, active high here. Read by the core before every instruction. */
  irqOut = false;
  fiqOut = false;
  /** Called whenever irqOut or fiqOut may have changed (the core folds them into its fast-path test). */
  onChange: (() => void) | null = null;

  private lines = 0;
  private soft = 0;
  private select = 0;
  private enable = 0;
  private protection = 0;
  private defaultVector = 0;
  private readonly vectorAddress = new Uint32Array(16);
  private readonly vectorControl = new Uint32Array(16);
  private readonly inService: number[] = [];

  constructor(
    readonly name: string,
    readonly base: number,
  ) {}

  /** The priority levels in service, oldest first (0..15 vector slots, 16 non-vectored): read by a fast-forward hand-off. */
  get inServiceLevels(): readonly number[] {
    return this.inService;
  }

  setLine(line: number, level: boolean): void {
    const bit = 1 << line;
    const next = level ? this.lines | bit : this.lines & ~bit;
    if (next !== this.lines) {
      this.lines = next;
      this.update();
    }
  }

  private raw(): number {
    return this.lines | this.soft;
  }
  private irqStatus(): number {
    return this.raw() & this.enable & ~this.select;
  }

  /** The IRQ status register (VICIRQStatus) as it reads now, without a read's side effects. */
  get irqStatusNow(): number {
    return this.irqStatus() >>> 0;
  }
  private fiqStatus(): number {
    return this.raw() & this.enable & this.select;
  }

  private priorityOf(source: number): number {
    for (let slot = 0; slot < 16; slot++) {
      const control = this.vectorControl[slot]!;
      if (control & 0x20 && (control & 0x1f) === source) return slot;
    }
    return DEFAULT_PRIORITY;
  }

  private currentPriority(): number {
    return this.inService.length === 0 ? NO_SERVICE : this.inService[this.inService.length - 1]!;
  }

  /** Highest priority (lowest number) among pending IRQ sources, or NO_SERVICE. */
  private bestPending(): number {
    const status = this.irqStatus();
    let best = NO_SERVICE;
    for (let source = 0; source < 32; source++) {
      if (status & (1 << source)) best = Math.min(best, this.priorityOf(source));
    }
    return best;
  }

  private update(): void {
    this.irqOut = this.bestPending() < this.currentPriority();
    this.fiqOut = this.fiqStatus() !== 0;
    this.onChange?.();
  }

  read(offset: number): number {
    const id = primeCellId(offset, PL190_IDS);
    if (id !== undefined) return id;
    if (offset >= 0x100 && offset < 0x140) return this.vectorAddress[(offset - 0x100) >> 2]!;
    if (offset >= 0x200 && offset < 0x240) return this.vectorControl[(offset - 0x200) >> 2]!;
    switch (offset) {
      case 0x000:
        return this.irqStatus() >>> 0;
      case 0x004:
        return this.fiqStatus() >>> 0;
      case 0x008:
        return this.raw() >>> 0;
      case 0x00c:
        return this.select >>> 0;
      case 0x010:
        return this.enable >>> 0;
      case 0x018:
        return this.soft >>> 0;
      case 0x020:
        return this.protection;
      case 0x030:
        return this.acknowledge();
      case 0x034:
        return this.defaultVector;
      default:
        return 0;
    }
  }

  private acknowledge(): number {
    const best = this.bestPending();
    if (best < this.currentPriority()) {
      this.inService.push(best);
      this.update();
      return best === DEFAULT_PRIORITY ? this.defaultVector : this.vectorAddress[best]!;
    }
    const current = this.currentPriority();
    if (current < DEFAULT_PRIORITY) return this.vectorAddress[current]!;
    return this.defaultVector;
  }

  write(offset: number, value: number): void {
    if (offset >= 0x100 && offset < 0x140) {
      this.vectorAddress[(offset - 0x100) >> 2] = value;
    } else if (offset >= 0x200 && offset < 0x240) {
      this.vectorControl[(offset - 0x200) >> 2] = value & 0x3f;
    } else {
      switch (offset) {
        case 0x00c:
          this.select = value;
          break;
        case 0x010:
          this.enable |= value;
          break;
        case 0x014:
          this.enable &= ~value;
          break;
        case 0x018:
          this.soft |= value;
          break;
        case 0x01c:
          this.soft &= ~value;
          break;
        case 0x020:
          this.protection = value & 1;
          break;
        case 0x030:
          this.inService.pop(); // end of interrupt
          break;
        case 0x034:
          this.defaultVector = value >>> 0;
          break;
        default:
          break;
      }
    }
    this.update();
  }
}
