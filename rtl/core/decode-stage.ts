// Decode: turns the instruction at the head of the prefetch queue into uops, one per cycle, reads
// their operands from the register file (the pc reads as the instruction's address + 8, or + 12
// where the ARM9 gives that; in Thumb state + 4), and offers the uop to Execute. Multi-uop
// instructions step through `step`. An ARM entry holds one instruction; a Thumb entry two, the
// lower halfword first (`upper` marks it done), unless a branch landed on the upper one (pc bit 1).
// Control pops the head with the last uop of its last instruction.
import { Module } from '../hdl/index.ts';
import { decodeStep } from './decoder.ts';
import { decodeThumbStep } from './thumb-decoder.ts';
import { declareUopWires, newUopValues, UopDriver } from './uop.ts';

export class DecodeStage extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  /** Uop index within the current instruction. */
  readonly step = this.reg('step', 5);
  /** Thumb: the lower halfword of the head entry has been decoded; now the upper one. */
  readonly upper = this.reg('upper', 1);

  // The queue head (from Fetch) and the mode that banks register numbers.
  readonly q_valid = this.input('q_valid', 1);
  readonly q_instr = this.input('q_instr', 32);
  readonly q_pc = this.input('q_pc', 32);
  readonly q_abort = this.input('q_abort', 1);
  readonly q_fsr = this.input('q_fsr', 8);
  readonly q_thumb = this.input('q_thumb', 1);
  readonly mode = this.input('mode', 5);

  // Register file read ports.
  readonly ra_addr = this.output('ra_addr', 5);
  readonly rb_addr = this.output('rb_addr', 5);
  readonly rc_addr = this.output('rc_addr', 5);

  /** The uop offered to Execute this cycle (its operands come from the register file's ports). */
  readonly uop = declareUopWires(this, 'u');
  /** This instruction is the last of its queue entry (ARM; Thumb's upper halfword). */
  readonly entry_done = this.output('entry_done', 1);

  // From control.
  readonly advance = this.input('advance', 1);
  readonly flush = this.input('flush', 1);
  /** The instruction's last uop went to Execute this cycle. */
  readonly done = this.input('done', 1);
  /** Control: Decode is done with the queue head (its last instruction handed on). */
  readonly pop = this.input('pop', 1);

  private readonly scratch = newUopValues();
  private readonly driver = new UopDriver(this.uop);

  override comb(): void {
    const u = this.scratch;
    const valid = this.q_valid.on;
    const word = this.q_instr.v;
    const qpc = this.q_pc.v;
    let last: boolean;
    let instr = word;
    let pc = qpc;
    let entryDone = 1;
    if (this.q_thumb.on) {
      const sel = ((qpc >>> 1) & 1) | this.upper.v;
      instr = sel ? word >>> 16 : word & 0xffff;
      pc = ((qpc & ~3) | (sel << 1)) >>> 0;
      entryDone = sel;
      last = decodeThumbStep(instr, pc, this.step.v, this.mode.v, this.q_abort.on, u);
    } else last = decodeStep(word, this.step.v, this.mode.v, this.q_abort.on, u);
    u.valid = valid ? 1 : 0;
    u.pc = pc;
    u.instr = instr;
    u.first = this.step.v === 0 ? 1 : 0;
    u.last = last ? 1 : 0;
    if (u.fetch_abort) u.imm = this.q_fsr.v;
    this.driver.drive(u);
    this.entry_done.v = entryDone;
    this.ra_addr.v = u.ra;
    this.rb_addr.v = u.rb;
    this.rc_addr.v = u.rc;
  }

  override clock(): void {
    if (this.flush.on) {
      this.step.next = 0;
      this.upper.next = 0;
    } else if (this.done.on) {
      this.step.next = 0;
      this.upper.next = this.pop.on ? 0 : 1;
    } else if (this.advance.on && this.q_valid.on) this.step.next = this.step.v + 1;
  }
}
