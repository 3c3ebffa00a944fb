// Interlocks: Decode waits while an operand it reads is produced by an older uop whose result
// cannot yet be forwarded. A producer's `lat` (from the timing table) is how many stages a consumer
// must trail it: 1 = forwardable from Memory at once, 2 = from Writeback, 3 = only once retired.
// Operand C of stores and of MLA may not take a loaded value by forwarding: one stage more.
// Decode also waits while a load of the pc is on its way (in Execute or Memory): the instructions
// after it are not on the program's path, and must not act (the ARM9 does not issue them either).
import { Module } from '../hdl/index.ts';
import { K_DSPMUL, K_MUL } from './uop.ts';
import { LATE_OPERAND_EXTRA } from './timing.ts';

export class Hazard extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  // Decode's reads.
  readonly d_valid = this.input('d_valid', 1);
  readonly ra = this.input('ra', 5);
  readonly ra_en = this.input('ra_en', 1);
  readonly rb = this.input('rb', 5);
  readonly rb_en = this.input('rb_en', 1);
  readonly rc = this.input('rc', 5);
  readonly rc_en = this.input('rc_en', 1);
  readonly c_late = this.input('c_late', 1);
  // The uop in Execute.
  readonly e_valid = this.input('e_valid', 1);
  readonly e_kind = this.input('e_kind', 4);
  readonly e_rd = this.input('e_rd', 5);
  readonly e_rd_en = this.input('e_rd_en', 1);
  readonly e_rd2 = this.input('e_rd2', 5);
  readonly e_rd2_en = this.input('e_rd2_en', 1);
  readonly e_lat = this.input('e_lat', 2);
  readonly e_load = this.input('e_load', 1);
  readonly e_rd_pc = this.input('e_rd_pc', 1);
  // The uop in Memory.
  readonly m_valid = this.input('m_valid', 1);
  readonly m_rd = this.input('m_rd', 5);
  readonly m_rd_en = this.input('m_rd_en', 1);
  readonly m_lat = this.input('m_lat', 2);
  readonly m_load = this.input('m_load', 1);
  readonly m_rd_pc = this.input('m_rd_pc', 1);

  readonly interlock = this.output('interlock', 1);

  /** Stages the consumer's port must trail the producer. */
  private need(lat: number, load: number, portC: boolean): number {
    return lat + (portC && this.c_late.on && load ? LATE_OPERAND_EXTRA : 0);
  }

  private waitsOn(reg: number, portC: boolean): boolean {
    if (this.e_valid.on) {
      if (this.e_rd_en.on && this.e_rd.v === reg && this.need(this.e_lat.v, this.e_load.v, portC) >= 2) return true;
      const mul = this.e_kind.v === K_MUL || this.e_kind.v === K_DSPMUL;
      if (mul && this.e_rd2_en.on && this.e_rd2.v === reg && this.e_lat.v >= 2) return true;
    }
    if (this.m_valid.on && this.m_rd_en.on && this.m_rd.v === reg && this.need(this.m_lat.v, this.m_load.v, portC) >= 3) return true;
    return false;
  }

  override comb(): void {
    let wait = (this.e_valid.on && this.e_load.on && this.e_rd_pc.on) || (this.m_valid.on && this.m_load.on && this.m_rd_pc.on);
    if (!wait && this.d_valid.on) {
      wait = (this.ra_en.on && this.waitsOn(this.ra.v, false)) || (this.rb_en.on && this.waitsOn(this.rb.v, false)) || (this.rc_en.on && this.waitsOn(this.rc.v, true));
    }
    this.interlock.v = wait ? 1 : 0;
  }
}
