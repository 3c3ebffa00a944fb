// The cycle counter at 0x101E9000 (docs/SOC.md): the same registers and interrupt as the RTL's
// rtl/soc/cycle-counter.ts, counting the machine's instruction clock (one tick per retired
// instruction, plus idle ticks: docs/REFERENCE.md), as the reference model's timers do. Its value
// is therefore not the RTL's; the lockstep harness takes device loads from the RTL.
//   +0x00 COUNT (read only), +0x04 COMPARE, +0x08 CONTROL (bit 0 interrupt enable),
//   +0x0C STATUS (bit 0 COUNT reached COMPARE, bit 1 the interrupt)
// The interrupt line is a level: enabled and (COUNT - COMPARE) as a signed 32-bit number >= 0.
import type { InterruptSink, MappedDevice, TimedDevice } from './device.ts';

const TWO_31 = 2 ** 31;

export class CycleCounterDevice implements MappedDevice, TimedDevice {
  readonly size = 0x1000;
  private compare = 0;
  private enabled = false;
  /** The clock time of the last access or advance: what nextEventAt() counts from. */
  private now = 0;

  constructor(
    readonly name: string,
    readonly base: number,
    private readonly vic: InterruptSink,
    private readonly irqLine: number,
  ) {}

  /** (COUNT - COMPARE) as a signed 32-bit number at clock time t. */
  private distance(t: number): number {
    return ((t >>> 0) - this.compare) | 0;
  }

  private level(t: number): boolean {
    return this.enabled && this.distance(t) >= 0;
  }

  nextEventAt(): number {
    if (!this.enabled) return Infinity;
    const d = this.distance(this.now);
    // The line rises when the distance reaches 0 and falls when it wraps past 2^31 - 1.
    return this.now + (d >= 0 ? TWO_31 - d : -d);
  }

  advanceTo(now: number): void {
    this.now = now;
    this.vic.setLine(this.irqLine, this.level(now));
  }

  read(offset: number, now: number): number {
    this.advanceTo(now);
    switch (offset & 0xffc) {
      case 0x00:
        return now >>> 0;
      case 0x04:
        return this.compare;
      case 0x08:
        return this.enabled ? 1 : 0;
      case 0x0c:
        return (this.distance(now) >= 0 ? 1 : 0) | (this.level(now) ? 2 : 0);
      default:
        return 0;
    }
  }

  write(offset: number, value: number, now: number): void {
    this.now = now;
    const off = offset & 0xffc;
    if (off === 0x04) this.compare = value >>> 0;
    else if (off === 0x08) this.enabled = (value & 1) !== 0;
    this.advanceTo(now);
  }
}
