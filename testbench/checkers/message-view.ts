// A testbench module that puts into the waveform the message area of the thread crossing the
// user/kernel boundary: whenever an instruction retires across it (a SWI or an interrupt taken in
// user mode, an exception return to user mode), it identifies the user thread by its stack pointer
// (r13_usr), reads that thread's UTCB message registers as the thread's own loads would see them
// (the system's debug read port: its translation, the caches, the write buffer), and holds them
// until the next crossing. So the sender's message at its trap and the receiver's at its resume
// are signals, for the checkers online and in the VCD alike.
// It also follows what each thread is doing in IPC from the same crossings (rendezvous.ts: the
// `st_<n>` registers) and shows, beside the sampled thread's message, its state as it stood when
// the window opened (`rx_state`, `rx_partner`): whether a resumed destination was waiting for the
// sender is then a signal too, and a window read back from a waveform is judged as it was live.
import { EXC_FIQ, EXC_IRQ, EXC_NONE, EXC_SWI, MODE_USR } from '../../rtl/core/arm.ts';
import type { Arm926Core } from '../../rtl/core/core.ts';
import { BundleCopy, Module, WireCopy, type Reg, type Signal } from '../../rtl/hdl/index.ts';
import type { DebugPort } from '../../rtl/mem/debug-port.ts';
import { threadBySp, type ThreadInfo } from './config.ts';
import { CrossingFollower } from './crossing-follower.ts';
import { applyResume, applyWindow, tagWords, trapKindOf, T_NEW, T_RUN, T_UNKNOWN, type RendezvousAbi, type RendezvousState, type TrapSeen } from './rendezvous.ts';

export interface MessageViewOptions {
  readonly threads: readonly ThreadInfo[];
  /** Message registers shown (MR0..), default 64. */
  readonly maxMrs?: number;
  /** Byte offset of MR0 in a UTCB (default 64). */
  readonly utcbMrOffset?: number;
  /** Id of the interrupt thread of line 0 (default 0x1000). */
  readonly irqThreadBase?: number;
  /** Physical registers holding MR0, MR1, ... (none: the tag is in the UTCB), for a message's length. */
  readonly mrRegisters?: readonly number[];
  /** The interrupt lines pending (the VIC's status), for interrupt windows; without it none are seen. */
  readonly irqStatus?: Signal;
}

/** A trap's kind in the `tr_kind` register. */
const TR_NONE = 0;
const TR_IRQ = 2;
/** Where rx_state, rx_partner and rx_ready are in `outs` (and `held`). */
const RX_STATE = 5;
const TR_KINDS = ['other', 'ipc', 'irq', 'halt', 'other'] as const;

const SP_USR = 13;

/**
 * What decides the message view's structure (its signals and which of them comb() reads and
 * writes): the number of MRs shown. The thread list and the UTCB offset decide only values: every
 * path of comb() writes every output, and the thread lookup and `readWord` read registers and
 * memories, never a combinational net. So machines whose views differ only in threads (one kernel
 * build per IPC design) share one comb recording (rtl/hdl/elaborate.ts, scheduleKey).
 */
export function messageViewShape(options: MessageViewOptions): { readonly mrs: number; readonly threads: number } {
  return { mrs: options.maxMrs ?? 64, threads: options.threads.length };
}

export class MessageView extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  /** 1 in a cycle that sampled (an instruction retired across the user/kernel boundary). */
  readonly sampled = this.output('sampled', 1);
  /** The thread sampled: its index in the thread list + 1 (0: no thread's stack holds r13_usr). */
  readonly thread = this.output('thread', 8);
  /** Its L4 thread id. */
  readonly tid = this.output('tid', 32);
  /** Every MR shown could be read (its address translates to memory). */
  readonly mr_ok = this.output('mr_ok', 1);
  /** Virtual and physical address of MR0 in its UTCB. */
  readonly mr_va = this.output('mr_va', 32);
  readonly mr_pa = this.output('mr_pa', 32);
  /** MR0.. as the thread's loads would read them. */
  readonly mr: readonly Signal[];
  /** The sampled thread's IPC state (rendezvous.ts T_*) and partner when the window opened: at a resume, whether it had been waiting, and for whom. */
  readonly rx_state = this.output('rx_state', 3);
  readonly rx_partner = this.output('rx_partner', 32);
  /** At a resume: 1 if the window's trap left the resumed thread free to run (or its state unknown); 0 if it left it blocked or halted. */
  readonly rx_ready = this.output('rx_ready', 1);

  /** Per thread (st_1 is the first thread's): state, partner, the receive phase after a queued send (from-specifier, timeout), queue position. */
  private readonly st: readonly Reg[];
  private readonly partner: readonly Reg[];
  private readonly pend: readonly Reg[];
  private readonly pend_tmo: readonly Reg[];
  private readonly seq: readonly Reg[];
  private readonly next_seq = this.reg('next_seq', 32);
  private readonly irq_pend = this.reg('irq_pend', 32);
  /** The open window's trap, latched at the crossing into the kernel. */
  private readonly tr_kind = this.reg('tr_kind', 3);
  private readonly tr_thread = this.reg('tr_thread', 8);
  private readonly tr_to = this.reg('tr_to', 32);
  private readonly tr_from = this.reg('tr_from', 32);
  private readonly tr_tmo = this.reg('tr_tmo', 32);
  private readonly tr_lines = this.reg('tr_lines', 32);
  private readonly tr_tag = this.reg('tr_tag', 32);
  private readonly tr_pc = this.reg('tr_pc', 32);
  /** A resume seen, its window applied at the next retirement (rs_thread: the resumed thread's index + 1). */
  private readonly rs_pending = this.reg('rs_pending', 1);
  private readonly rs_thread = this.reg('rs_thread', 8);
  private readonly tagRegister: number;
  private readonly abi: RendezvousAbi;
  private readonly irqStatus: Signal | null;

  private readonly held: readonly Reg[];
  private readonly outs: readonly Signal[];
  /** outs <- held (a cycle that samples nothing shows the last sample), and held <- outs at a sample's edge: slot copies of every output (69 with 64 MRs). */
  private readonly showHeld: WireCopy;
  private readonly hold: BundleCopy;
  private readonly last_mode = this.reg('last_mode', 5);
  private readonly threads: readonly ThreadInfo[];
  private readonly offset: number;

  constructor(
    parent: Module,
    name: string,
    private readonly core: Arm926Core,
    private readonly debug: DebugPort,
    options: MessageViewOptions,
  ) {
    super(parent, name);
    this.threads = options.threads;
    this.offset = options.utcbMrOffset ?? 64;
    const n = options.maxMrs ?? 64;
    this.mr = Array.from({ length: n }, (_, k) => this.output(`mr_${k}`, 32));
    const perThread = (name: string, width: number): Reg[] => this.threads.map((_, k) => this.reg(`${name}_${k + 1}`, width, 0));
    this.st = perThread('st', 3);
    this.partner = perThread('partner', 32);
    this.pend = perThread('pend', 32);
    this.pend_tmo = perThread('pend_tmo', 16);
    this.seq = perThread('seq', 32);
    this.abi = { ids: this.threads.map((t) => t.id >>> 0), irqs: this.threads.map((t) => t.irqs ?? []), irqThreadBase: options.irqThreadBase ?? 0x1000 };
    this.irqStatus = options.irqStatus ?? null;
    this.tagRegister = options.mrRegisters?.[0] ?? -1;
    this.outs = [this.thread, this.tid, this.mr_ok, this.mr_va, this.mr_pa, this.rx_state, this.rx_partner, this.rx_ready, ...this.mr];
    this.held = this.outs.map((s) => this.reg(`h_${s.name}`, s.width));
    this.showHeld = new WireCopy(this.outs, this.held);
    this.hold = new BundleCopy(this.held, this.outs);
  }

  override comb(): void {
    const w = this.core.writeback;
    const crossing = w.ret_valid.on && (this.last_mode.v === MODE_USR) !== (w.ret_mode.v === MODE_USR);
    this.sampled.v = crossing ? 1 : 0;
    if (!crossing) {
      this.showHeld.run();
      return;
    }
    const sp = this.core.rf.gpr.read(SP_USR);
    const t = threadBySp(this.threads, sp);
    // The IPC state is a resume's: a trap keeps showing the last one (a resumed thread interrupted at
    // its first instruction traps in the very cycle its window is judged).
    const trap = this.last_mode.v === MODE_USR;
    if (!t) {
      for (const s of this.outs) s.v = 0;
      if (trap) this.showHeldState();
      return;
    }
    const index = this.threads.indexOf(t);
    this.thread.v = index + 1;
    this.tid.v = t.id >>> 0;
    if (trap) this.showHeldState();
    else {
      this.rx_state.v = this.st[index]!.v;
      this.rx_partner.v = this.partner[index]!.v;
      this.rx_ready.v = this.mayRun(index) ? 1 : 0;
    }
    const base = (t.utcb + this.offset) >>> 0;
    this.mr_va.v = base;
    let ok = true;
    for (let k = 0; k < this.mr.length; k++) {
      const r = this.debug.readWord(base + 4 * k);
      ok &&= r.ok;
      this.mr[k]!.v = r.value;
      if (k === 0) this.mr_pa.v = r.pa;
    }
    this.mr_ok.v = ok ? 1 : 0;
  }

  override clock(): void {
    const w = this.core.writeback;
    // A window is applied at the first retirement after its resume: only then does the resumed
    // thread's pc tell a restarted system call (back at its own SWI: the trap had no effect).
    // First, so that a trap in the same cycle latches over it.
    if (this.rs_pending.v && w.ret_valid.on) this.applyResumed(w.ret_pc.v);
    // Registers keep their value unless written: only a sample changes what is held.
    if (this.sampled.on) {
      this.hold.run();
      if (this.last_mode.v === MODE_USR) this.latchTrap();
      else {
        this.rs_pending.next = 1;
        this.rs_thread.next = this.thread.v;
      }
    }
    if (w.ret_valid.on) this.last_mode.next = w.ret_mode.v;
  }

  // For a recognised thread this repeats what the outputs already hold (the cycle before a
  // crossing showed the held values, or was a crossing whose outputs the edge then held), so a
  // mutant dropping it changes nothing; it matters after an unrecognised thread's outputs were
  // zeroed, where the waveform keeps showing the last resume's state.
  private showHeldState(): void {
    this.rx_state.v = this.held[RX_STATE]!.v;
    this.rx_partner.v = this.held[RX_STATE + 1]!.v;
    this.rx_ready.v = this.held[RX_STATE + 2]!.v;
  }

  /** Whether thread `index` may run once the open window's trap has done what it does (unknown: yes). */
  private mayRun(index: number): boolean {
    const state = this.stateNow();
    if (this.tr_kind.v !== TR_NONE) applyWindow(state, this.abi, this.trapSeen(), -1);
    const st = state.threads[index]!.state;
    return st === T_RUN || st === T_NEW || st === T_UNKNOWN;
  }

  /** Into the kernel: what the window's trap was (the thread's r0..r2 before the trapping instruction writes anything). */
  private latchTrap(): void {
    const w = this.core.writeback;
    const exc = w.ret_exc.v;
    const exception = exc === EXC_IRQ ? 'irq' : exc === EXC_FIQ ? 'fiq' : exc === EXC_NONE ? 'none' : exc === EXC_SWI ? 'swi' : 'fault';
    const kind = TR_KINDS.indexOf(trapKindOf(exception, w.ret_instr.v & (w.ret_thumb.v ? 0xff : 0xff_ffff)), 1);
    const gpr = this.core.rf.gpr;
    this.tr_kind.next = kind;
    this.tr_thread.next = this.thread.v;
    this.tr_to.next = gpr.read(0);
    this.tr_from.next = gpr.read(1);
    this.tr_tmo.next = gpr.read(2);
    this.tr_lines.next = kind === TR_IRQ && this.irqStatus ? this.irqStatus.v : 0;
    this.tr_tag.next = this.tagRegister >= 0 ? gpr.read(this.tagRegister) : this.mr[0]!.v;
    this.tr_pc.next = w.ret_pc.v;
  }

  /** The first retirement after a resume (at `pc`): the window's trap, unless a restart, and the resume applied to every thread's state. */
  private applyResumed(pc: number): void {
    const n = this.threads.length;
    const state = this.stateNow();
    applyResume(state, this.abi, this.trapSeen(), this.tr_pc.v, this.rs_thread.v - 1, pc);
    for (let k = 0; k < n; k++) {
      const t = state.threads[k]!;
      this.st[k]!.next = t.state;
      this.partner[k]!.next = t.partner >>> 0;
      this.pend[k]!.next = t.pendFrom >>> 0;
      this.pend_tmo[k]!.next = t.pendTimeout & 0xffff;
      this.seq[k]!.next = t.seq >>> 0;
    }
    this.next_seq.next = state.seq >>> 0;
    this.irq_pend.next = state.pendingIrqs >>> 0;
    this.tr_kind.next = TR_NONE;
    this.rs_pending.next = 0;
  }

  private trapSeen(): TrapSeen {
    const kind = this.tr_kind.v;
    return { kind: TR_KINDS[kind] ?? 'other', thread: kind === TR_NONE ? -1 : this.tr_thread.v - 1, to: this.tr_to.v, from: this.tr_from.v, timeouts: this.tr_tmo.v, lines: this.tr_lines.v, words: tagWords(this.tr_tag.v) };
  }

  private stateNow(): RendezvousState {
    return {
      threads: this.threads.map((_, k) => ({ state: this.st[k]!.v, partner: this.partner[k]!.v, pendFrom: this.pend[k]!.v, pendTimeout: this.pend_tmo[k]!.v, seq: this.seq[k]!.v })),
      seq: this.next_seq.v,
      pendingIrqs: this.irq_pend.v,
    };
  }

  /**
   * Every thread's IPC state now, a window still open applied as far as its trap goes (no thread
   * resumed yet): at the end of a run, what the kernel's own thread states should say.
   */
  ipcStates(): RendezvousState {
    const state = this.stateNow();
    if (this.tr_kind.v !== TR_NONE) applyWindow(state, this.abi, this.trapSeen(), this.rs_pending.v ? this.rs_thread.v - 1 : -1);
    return state;
  }

  /**
   * After a fast-forward the run before it was not seen: every thread's IPC state becomes unknown,
   * which the judges take as "may have been waiting" (when no follower watched the model's run).
   */
  forgetIpcStates(poke: (r: Reg, value: number) => void): void {
    for (const r of this.st) poke(r, T_UNKNOWN);
  }

  /** A follower of this view's threads, to watch a run the view does not see (crossing-follower.ts). */
  follower(): CrossingFollower {
    return new CrossingFollower(this.threads, this.abi, this.tagRegister, this.offset);
  }

  /**
   * After a fast-forward that `follower` watched from reset: every thread's IPC state as the
   * model's run left it, and the window open at the hand-off (its trap latched), as if this view
   * had seen the crossings itself.
   */
  seedIpcStates(follower: CrossingFollower, poke: (r: Reg, value: number) => void): void {
    const s = follower.state;
    s.threads.forEach((t, k) => {
      poke(this.st[k]!, t.state);
      poke(this.partner[k]!, t.partner >>> 0);
      poke(this.pend[k]!, t.pendFrom >>> 0);
      poke(this.pend_tmo[k]!, t.pendTimeout & 0xffff);
      poke(this.seq[k]!, t.seq >>> 0);
    });
    poke(this.next_seq, s.seq >>> 0);
    poke(this.irq_pend, s.pendingIrqs >>> 0);
    const open = follower.openTrap;
    poke(this.tr_kind, open ? TR_KINDS.indexOf(open.trap.kind, 1) : TR_NONE);
    poke(this.tr_thread, open ? open.trap.thread + 1 : 0);
    poke(this.tr_to, open?.trap.to ?? 0);
    poke(this.tr_from, open?.trap.from ?? 0);
    poke(this.tr_tmo, open?.trap.timeouts ?? 0);
    poke(this.tr_lines, open?.trap.lines ?? 0);
    poke(this.tr_tag, open?.tag ?? 0);
    poke(this.tr_pc, open?.pc ?? 0);
    poke(this.rs_pending, 0);
    poke(this.rs_thread, 0);
  }
}
