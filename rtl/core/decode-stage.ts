// Decode: turns the instruction at the head of the prefetch queue into uops, one per cycle, reads
// their operands from the register file (the pc reads as the instruction's address + 8, or + 12
// where the ARM9 gives that), and offers the uop to Execute. Multi-uop instructions step through
// `step`; the queue head is popped with the last uop.
import { Module } from '../hdl/index.ts';
import { decodeStep } from './decoder.ts';
import { declareUopWires, newUopValues, UopDriver } from './uop.ts';

export class DecodeStage extends Module {
  /** Uop index within the current instruction. */
  readonly step = this.reg('step', 5);

  // The queue head (from Fetch) and the mode that banks register numbers.
  readonly q_valid = this.input('q_valid', 1);
  readonly q_instr = this.input('q_instr', 32);
  readonly q_pc = this.input('q_pc', 32);
  readonly q_abort = this.input('q_abort', 1);
  readonly q_fsr = this.input('q_fsr', 8);
  readonly mode = this.input('mode', 5);

  // Register file read ports.
  readonly ra_addr = this.output('ra_addr', 5);
  readonly rb_addr = this.output('rb_addr', 5);
  readonly rc_addr = this.output('rc_addr', 5);

  /** The uop offered to Execute this cycle (its operands come from the register file's ports). */
  readonly uop = declareUopWires(this, 'u');

  // From control.
  readonly advance = this.input('advance', 1);
  readonly flush = this.input('flush', 1);
  /** Control: Decode is done with the queue head (last uop handed on, or dropped). */
  readonly pop = this.input('pop', 1);

  private readonly scratch = newUopValues();
  private readonly driver = new UopDriver(this.uop);

  override comb(): void {
    const u = this.scratch;
    const valid = this.q_valid.on;
    const last = decodeStep(this.q_instr.v, this.step.v, this.mode.v, this.q_abort.on, u);
    u.valid = valid ? 1 : 0;
    u.pc = this.q_pc.v;
    u.instr = this.q_instr.v;
    u.first = this.step.v === 0 ? 1 : 0;
    u.last = last ? 1 : 0;
    if (u.fetch_abort) u.imm = this.q_fsr.v;
    this.driver.drive(u);
    this.ra_addr.v = u.ra;
    this.rb_addr.v = u.rb;
    this.rc_addr.v = u.rc;
  }

  override clock(): void {
    if (this.flush.on || this.pop.on) this.step.next = 0;
    else if (this.advance.on && this.q_valid.on) this.step.next = this.step.v + 1;
  }
}
