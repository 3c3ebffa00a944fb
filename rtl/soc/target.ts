// The bus-to-target interface: what the bus drives into RAM and every device, and what comes back.
// All targets share the bus's downstream signals (address, write data, write enable) through
// connections; each has its own select. A transfer completes in the cycle where `done` is 1 while
// the target is selected: writes and read side effects happen at the clock edge ending that cycle.
import { Module } from '../hdl/index.ts';

/**
 * A memory-mapped device on the bus. Registers are addressed by word: `addr & 0xffc` is the
 * register offset (a byte or halfword access reaches the whole register, as on QEMU; see docs/SOC.md).
 * `wval` is the store's value, already taken from its byte lanes and zero-extended (a byte store
 * writes 0x000000bb). `rdata` is the register's value; the bus places it on the lanes the master reads.
 */
export abstract class BusDevice extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly sel = this.input('sel', 1); //     this device is addressed by the granted master
  readonly done = this.input('done', 1); //   the transfer completes at the end of this cycle
  readonly addr = this.input('addr', 32); //  byte address (the device decodes the low 12 bits)
  readonly we = this.input('we', 1);
  readonly wval = this.input('wval', 32); //  store value, from its lanes, zero-extended
  readonly rdata = this.output('rdata', 32); // register value (combinational, valid while sel)

  /** A register write or read side effect happens at the end of this cycle. */
  protected get strobe(): boolean {
    return this.sel.on && this.done.on;
  }
}

/** Peripheral and PrimeCell identification registers at 0xFE0..0xFFC. */
export function primeCellId(ids: readonly number[], offset: number): number {
  return ids[(offset - 0xfe0) >>> 2]!;
}
