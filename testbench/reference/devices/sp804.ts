// SP804 dual timer. Time is the machine's instruction clock: the timer clock advances one tick
// every `instructionsPerTick` clock units (default 1 = one tick per retired instruction), divided
// further by the prescaler (1, 16, 256). State is computed lazily from the clock so the core
// loop pays nothing per instruction beyond comparing the clock with nextEventAt().
//
// Counting: the counter decrements once per tick; the interrupt is raised when it reaches 0;
// the following tick reloads it (periodic: Load, free-running: all ones, one-shot: stays at 0).
import { primeCellId, type InterruptSink, type MappedDevice, type TimedDevice } from './device.ts';

const SP804_IDS = [0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
const CTRL_ONESHOT = 0x01;
const CTRL_32BIT = 0x02;
const CTRL_INTEN = 0x20;
const CTRL_PERIODIC = 0x40;
const CTRL_ENABLE = 0x80;

class Sp804Counter {
  load = 0;
  control = CTRL_INTEN;
  rawInterrupt = false;
  private frozenValue = 0xffffffff;
  private anchorTime = 0; // clock time at which the counter held anchorValue
  private anchorValue = 0;
  private zeroAt = Infinity; // clock time the counter next reaches 0

  constructor(private readonly clockDivider: number) {}

  private get running(): boolean {
    return (this.control & CTRL_ENABLE) !== 0;
  }
  private get mask(): number {
    return this.control & CTRL_32BIT ? 0xffffffff : 0xffff;
  }
  private get tickLength(): number {
    // Prescale 11 is undefined in the SP804 TRM: /256, as the RTL timer (rtl/soc/sp804.ts); QEMU: /1.
    const prescale = (this.control >> 2) & 3;
    return this.clockDivider * (prescale === 1 ? 16 : prescale >= 2 ? 256 : 1);
  }

  nextEventAt(): number {
    return this.running ? this.zeroAt : Infinity;
  }

  advanceTo(now: number): void {
    while (this.running && this.zeroAt <= now) {
      this.rawInterrupt = true;
      if (this.control & CTRL_ONESHOT) {
        this.frozenValue = 0;
        this.anchorTime = this.zeroAt;
        this.anchorValue = 0;
        this.zeroAt = Infinity;
        return;
      }
      const reload = this.control & CTRL_PERIODIC ? this.load & this.mask : this.mask;
      this.anchorTime = this.zeroAt + this.tickLength;
      this.anchorValue = reload;
      this.zeroAt = this.anchorTime + reload * this.tickLength;
    }
  }

  value(now: number): number {
    this.advanceTo(now);
    if (!this.running || this.zeroAt === Infinity) return (this.running ? this.anchorValue : this.frozenValue) >>> 0;
    if (now < this.anchorTime) return 0; // in the tick between reaching zero and reloading
    return (this.anchorValue - Math.floor((now - this.anchorTime) / this.tickLength)) >>> 0;
  }

  /** Restart counting from `value` at time `now` (if enabled). */
  private restart(value: number, now: number): void {
    this.frozenValue = value >>> 0;
    this.anchorTime = now;
    this.anchorValue = value >>> 0;
    this.zeroAt = value === 0 && this.control & CTRL_ONESHOT ? Infinity : now + (value >>> 0) * this.tickLength;
    if (value === 0 && !(this.control & CTRL_ONESHOT)) this.zeroAt = now; // reaches zero immediately
  }

  writeLoad(value: number, now: number): void {
    this.advanceTo(now);
    this.load = value >>> 0;
    this.restart(value & this.mask, now);
  }

  writeBackgroundLoad(value: number): void {
    this.load = value >>> 0;
  }

  writeControl(value: number, now: number): void {
    const current = this.value(now);
    this.control = value & 0xff;
    if (this.running) this.restart(current & this.mask, now);
    else this.frozenValue = current;
  }
}

export class Sp804Timer implements MappedDevice, TimedDevice {
  readonly size = 0x1000;
  private readonly counters: readonly [Sp804Counter, Sp804Counter];

  constructor(
    readonly name: string,
    readonly base: number,
    private readonly vic: InterruptSink,
    private readonly irqLine: number,
    instructionsPerTick: number,
  ) {
    this.counters = [new Sp804Counter(instructionsPerTick), new Sp804Counter(instructionsPerTick)];
  }

  nextEventAt(): number {
    return Math.min(this.counters[0].nextEventAt(), this.counters[1].nextEventAt());
  }

  advanceTo(now: number): void {
    this.counters[0].advanceTo(now);
    this.counters[1].advanceTo(now);
    this.updateLine();
  }

  private updateLine(): void {
    const active = this.counters.some((c) => c.rawInterrupt && (c.control & CTRL_INTEN) !== 0);
    this.vic.setLine(this.irqLine, active);
  }

  read(offset: number, now: number): number {
    const id = primeCellId(offset, SP804_IDS);
    if (id !== undefined) return id;
    if (offset >= 0x40) return 0;
    const counter = this.counters[offset >= 0x20 ? 1 : 0];
    counter.advanceTo(now);
    this.updateLine();
    switch (offset & 0x1f) {
      case 0x00:
      case 0x18:
        return counter.load;
      case 0x04:
        return counter.value(now);
      case 0x08:
        return counter.control;
      case 0x10:
        return counter.rawInterrupt ? 1 : 0;
      case 0x14:
        return counter.rawInterrupt && counter.control & CTRL_INTEN ? 1 : 0;
      default:
        return 0;
    }
  }

  write(offset: number, value: number, now: number): void {
    if (offset >= 0x40) return;
    const counter = this.counters[offset >= 0x20 ? 1 : 0];
    counter.advanceTo(now);
    switch (offset & 0x1f) {
      case 0x00:
        counter.writeLoad(value, now);
        break;
      case 0x08:
        counter.writeControl(value, now);
        break;
      case 0x0c:
        counter.rawInterrupt = false;
        break;
      case 0x18:
        counter.writeBackgroundLoad(value);
        break;
      default:
        break;
    }
    this.updateLine();
  }
}
