// A memory-mapped device on the Versatile PB bus. Offsets are relative to the device base.
// Devices see time as the machine's instruction clock (see docs/REFERENCE.md: one tick per
// retired instruction, plus idle ticks while waiting for an interrupt).

export interface MappedDevice {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  read(offset: number, now: number): number;
  write(offset: number, value: number, now: number): void;
}

/** Something that changes state at a future instruction-clock time (timers). */
export interface TimedDevice {
  /** Absolute clock time of the next state change, or Infinity. */
  nextEventAt(): number;
  /** Bring internal state up to `now` (raise interrupts that fall due). */
  advanceTo(now: number): void;
}

/** An interrupt line into the VIC. */
export interface InterruptSink {
  setLine(line: number, level: boolean): void;
}

/** PrimeCell peripheral and cell ID registers at 0xFE0..0xFFC. */
export function primeCellId(offset: number, ids: readonly number[]): number | undefined {
  if (offset >= 0xfe0 && offset < 0x1000) return ids[(offset - 0xfe0) >> 2] ?? 0;
  return undefined;
}
