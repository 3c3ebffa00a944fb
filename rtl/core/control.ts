// Pipeline control: from what every stage wants this cycle (and the data port's answer), decide
// who advances, who holds, who is flushed and where fetch goes. It runs after the memory system in
// the schedule, and only clocked logic reads its outputs.
//
// Priority of redirects, oldest first: Writeback (a load of the pc) > Memory (a data abort, which
// also injects the abort entry into Execute) > Execute (branches, exceptions, interrupts, PSR writes).
import { Module } from '../hdl/index.ts';
import { conditionPasses } from './arm.ts';

export class Control extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  // Memory's request and the port's answer.
  readonly m_req = this.input('m_req', 1);
  readonly m_ready = this.input('m_ready', 1);
  readonly m_abort_in = this.input('m_abort_in', 1);
  // Stage requests.
  readonly e_valid = this.input('e_valid', 1);
  readonly e_hold = this.input('e_hold', 1);
  readonly e_redirect = this.input('e_redirect', 1);
  readonly e_target = this.input('e_target', 32);
  readonly e_target_thumb = this.input('e_target_thumb', 1);
  readonly d_valid = this.input('d_valid', 1);
  readonly d_last = this.input('d_last', 1);
  readonly d_first = this.input('d_first', 1);
  /** Decode's instruction is the last in its fetched word (ARM; the upper half in Thumb). */
  readonly d_entry_done = this.input('d_entry_done', 1);
  readonly d_cond = this.input('d_cond', 4);
  /** The CPSR after the uop in Execute: the flags Decode's uop will meet if it advances now. */
  readonly e_cpsr_after = this.input('e_cpsr_after', 32);
  readonly d_interlock = this.input('d_interlock', 1);
  readonly w_redirect = this.input('w_redirect', 1);
  readonly w_target = this.input('w_target', 32);
  readonly w_target_thumb = this.input('w_target_thumb', 1);
  readonly high_vectors = this.input('high_vectors', 1);


  // Decisions.
  readonly m_wait = this.output('m_wait', 1);
  readonly m_abort = this.output('m_abort', 1);
  readonly e_commit = this.output('e_commit', 1);
  readonly e_hold_stage = this.output('e_hold_stage', 1);
  readonly e_flush = this.output('e_flush', 1);
  readonly e_advance = this.output('e_advance', 1);
  readonly d_advance = this.output('d_advance', 1);
  readonly d_flush = this.output('d_flush', 1);
  readonly m_hold = this.output('m_hold', 1);
  readonly m_take = this.output('m_take', 1);
  readonly w_take = this.output('w_take', 1);
  readonly f_redirect = this.output('f_redirect', 1);
  readonly f_target = this.output('f_target', 32);
  /** The state Fetch continues in at the target. */
  readonly f_thumb = this.output('f_thumb', 1);
  /** Decode finished its instruction this cycle (its last uop went to Execute). */
  readonly d_done = this.output('d_done', 1);
  /** Decode is done with the queue head: Fetch pops it. */
  readonly d_pop = this.output('d_pop', 1);
  /**
   * The first uop of a multi-uop instruction whose condition will fail: it enters Execute as the
   * whole instruction (one cycle, as the ARM9EJ-S takes) and Decode drops the rest.
   */
  readonly d_fold = this.output('d_fold', 1);

  override comb(): void {
    const wRedirect = this.w_redirect.on;
    const mWait = this.m_req.on && !this.m_ready.on;
    const mAbort = this.m_req.on && this.m_ready.on && this.m_abort_in.on && !wRedirect;
    const eHold = this.e_hold.on;
    // Execute acts this cycle if nothing older cancels or stalls it.
    const eCommit = this.e_valid.on && !wRedirect && !mWait && !mAbort && !eHold;
    const eRedirect = eCommit && this.e_redirect.on;

    this.m_wait.v = mWait ? 1 : 0;
    this.m_abort.v = mAbort ? 1 : 0;
    this.e_commit.v = eCommit ? 1 : 0;
    // Memory: holds while waiting; hands on otherwise (a faulting uop is dropped: its abort entry
    // retires instead). Writeback takes Memory's uop unless it is waiting, aborting or squashed.
    this.m_hold.v = mWait && !wRedirect ? 1 : 0;
    this.m_take.v = !mWait && !wRedirect && !mAbort ? 1 : 0; // Execute's result (a bubble unless committed)
    this.w_take.v = !mWait && !wRedirect && !mAbort ? 1 : 0;
    // Execute.
    this.e_flush.v = wRedirect ? 1 : 0;
    this.e_hold_stage.v = !wRedirect && !mAbort && (mWait || eHold) ? 1 : 0;
    const frontFlush = wRedirect || mAbort || eRedirect;
    this.e_advance.v = !frontFlush && !mWait && !eHold && !this.d_interlock.on && this.d_valid.on ? 1 : 0;
    // Decode.
    this.d_flush.v = frontFlush ? 1 : 0;
    const dAdvance = !frontFlush && !mWait && !eHold && !this.d_interlock.on;
    this.d_advance.v = dAdvance ? 1 : 0;
    // Decode advances only when Execute commits (or holds nothing): the flags it will meet are
    // those after Execute's uop.
    const fold = this.d_first.on && !this.d_last.on && !conditionPasses(this.d_cond.v, this.e_cpsr_after.v);
    this.d_fold.v = fold ? 1 : 0;
    const done = this.d_valid.on && !frontFlush && dAdvance && (this.d_last.on || fold);
    this.d_done.v = done ? 1 : 0;
    // A Thumb instruction in the lower half of a fetched word leaves the word for the next one.
    this.d_pop.v = done && this.d_entry_done.on ? 1 : 0;
    // Fetch.
    this.f_redirect.v = wRedirect || mAbort || eRedirect ? 1 : 0;
    // A data abort goes straight to its vector; the entry injected into Execute redirects there too.
    const dabtVector = ((this.high_vectors.on ? 0xffff0000 : 0) + 0x10) >>> 0;
    this.f_target.v = wRedirect ? this.w_target.v : mAbort ? dabtVector : this.e_target.v;
    this.f_thumb.v = wRedirect ? this.w_target_thumb.v : mAbort ? 0 : this.e_target_thumb.v;
  }
}
