// A testbench module that puts into the waveform the message area of the thread crossing the
// user/kernel boundary: whenever an instruction retires across it (a SWI or an interrupt taken in
// user mode, an exception return to user mode), it identifies the user thread by its stack pointer
// (r13_usr), reads that thread's UTCB message registers as the thread's own loads would see them
// (the system's debug read port: its translation, the caches, the write buffer), and holds them
// until the next crossing. So the sender's message at its trap and the receiver's at its resume
// are signals, for the checkers online and in the VCD alike.
import { MODE_USR } from '../../rtl/core/arm.ts';
import type { Arm926Core } from '../../rtl/core/core.ts';
import { BundleCopy, Module, WireCopy, type Reg, type Signal } from '../../rtl/hdl/index.ts';
import type { DebugPort } from '../../rtl/mem/debug-port.ts';
import { threadBySp, type ThreadInfo } from './config.ts';

export interface MessageViewOptions {
  readonly threads: readonly ThreadInfo[];
  /** Message registers shown (MR0..), default 64. */
  readonly maxMrs?: number;
  /** Byte offset of MR0 in a UTCB (default 64). */
  readonly utcbMrOffset?: number;
}

const SP_USR = 13;

/**
 * What decides the message view's structure (its signals and which of them comb() reads and
 * writes): the number of MRs shown. The thread list and the UTCB offset decide only values: every
 * path of comb() writes every output, and the thread lookup and `readWord` read registers and
 * memories, never a combinational net. So machines whose views differ only in threads (one kernel
 * build per IPC design) share one comb recording (rtl/hdl/elaborate.ts, scheduleKey).
 */
export function messageViewShape(options: MessageViewOptions): { readonly mrs: number } {
  return { mrs: options.maxMrs ?? 64 };
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
    this.outs = [this.thread, this.tid, this.mr_ok, this.mr_va, this.mr_pa, ...this.mr];
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
    if (!t) {
      for (const s of this.outs) s.v = 0;
      return;
    }
    this.thread.v = this.threads.indexOf(t) + 1;
    this.tid.v = t.id >>> 0;
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
    // Registers keep their value unless written: only a sample changes what is held.
    if (this.sampled.on) this.hold.run();
    if (this.core.writeback.ret_valid.on) this.last_mode.next = this.core.writeback.ret_mode.v;
  }
}
