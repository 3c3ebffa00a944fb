// Fetch: drives the instruction port from the fetch address and fills a two-entry prefetch queue
// that Decode reads. Two entries let fetch run on while Decode stalls for a cycle without a bubble
// when it resumes. A redirect (branch, exception, pc load) empties the queue; a fetch already on
// the bus when the redirect comes completes and is dropped, as the handshake requires.
// Fetches are words. In Thumb state a word holds two instructions; an entry's pc keeps bit 1 when
// a branch lands on the upper halfword, and each entry carries the state it was fetched in.
import { Module } from '../hdl/index.ts';
import { declareMemPort } from '../bus/mem-port.ts';

export class Fetch extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly iport = declareMemPort(this, 'i', 'master');

  /** Address of the next fetch. */
  readonly pc = this.reg('pc', 32, 0);
  /** A redirect arrived while a fetch was on the bus: go to `redirect_pc` when it completes. */
  readonly redirect_pending = this.reg('redirect_pending', 1);
  readonly redirect_pc = this.reg('redirect_pc', 32);
  // The prefetch queue; q0 is the head Decode works on.
  readonly q0_valid = this.reg('q0_valid', 1);
  readonly q0_instr = this.reg('q0_instr', 32);
  readonly q0_pc = this.reg('q0_pc', 32);
  readonly q0_abort = this.reg('q0_abort', 1);
  readonly q0_fsr = this.reg('q0_fsr', 8);
  readonly q0_thumb = this.reg('q0_thumb', 1);
  readonly q1_valid = this.reg('q1_valid', 1);
  readonly q1_instr = this.reg('q1_instr', 32);
  readonly q1_pc = this.reg('q1_pc', 32);
  readonly q1_abort = this.reg('q1_abort', 1);
  readonly q1_fsr = this.reg('q1_fsr', 8);
  readonly q1_thumb = this.reg('q1_thumb', 1);
  /** The state of the instruction stream being fetched (1 = Thumb). */
  readonly thumb = this.reg('thumb', 1);
  readonly redirect_thumb = this.reg('redirect_thumb', 1);

  // From control.
  readonly redirect = this.input('redirect', 1);
  readonly target = this.input('target', 32);
  readonly target_thumb = this.input('target_thumb', 1);
  /** Decode consumed the head this cycle. */
  readonly pop = this.input('pop', 1);
  /** Privileged fetch (CPSR not in user mode). */
  readonly priv = this.input('priv', 1);

  constructor(parent: Module, name: string) {
    super(parent, name);
    // The port's priv is the input's net (one store slot, one VCD identifier), not a copy.
    this.connect(this.iport.priv, this.priv);
  }

  override comb(): void {
    const p = this.iport;
    p.req.v = this.q1_valid.v ? 0 : 1;
    p.addr.v = (this.pc.v & ~3) >>> 0;
    p.we.v = 0;
    p.size.v = 2;
    p.wdata.v = 0;
  }

  override clock(): void {
    const p = this.iport;
    const done = p.req.on && p.ready.on;
    if (this.redirect.on) {
      this.q0_valid.next = 0;
      this.q1_valid.next = 0;
      if (p.req.on && !done) {
        // The bus is busy with a fetch from the old path: finish it, then go.
        this.redirect_pending.next = 1;
        this.redirect_pc.next = this.target.v;
        this.redirect_thumb.next = this.target_thumb.v;
      } else {
        this.redirect_pending.next = 0;
        this.pc.next = this.target.v;
        this.thumb.next = this.target_thumb.v;
      }
      return;
    }
    if (this.redirect_pending.on) {
      if (done) {
        this.redirect_pending.next = 0;
        this.pc.next = this.redirect_pc.v;
        this.thumb.next = this.redirect_thumb.v;
      }
      return;
    }
    // Pop, then push: the queue shifts down when Decode takes the head.
    let v0 = this.q0_valid.v;
    let v1 = this.q1_valid.v;
    if (this.pop.on && v0) {
      this.q0_valid.next = v1;
      this.q0_instr.next = this.q1_instr.v;
      this.q0_pc.next = this.q1_pc.v;
      this.q0_abort.next = this.q1_abort.v;
      this.q0_fsr.next = this.q1_fsr.v;
      this.q0_thumb.next = this.q1_thumb.v;
      this.q1_valid.next = 0;
      v0 = v1;
      v1 = 0;
    }
    if (done) {
      const data = p.rdata.v;
      const abort = p.abort.v;
      if (!v0) {
        this.q0_valid.next = 1;
        this.q0_instr.next = data;
        this.q0_pc.next = this.pc.v;
        this.q0_abort.next = abort;
        this.q0_fsr.next = p.fsr.v;
        this.q0_thumb.next = this.thumb.v;
      } else {
        this.q1_valid.next = 1;
        this.q1_instr.next = data;
        this.q1_pc.next = this.pc.v;
        this.q1_abort.next = abort;
        this.q1_fsr.next = p.fsr.v;
        this.q1_thumb.next = this.thumb.v;
      }
      this.pc.next = ((this.pc.v & ~3) + 4) >>> 0;
    }
  }
}
