// The judges: from what the trackers saw in one window (the sender at its trap, the receiver at its
// resume, the provenance events, the CP15 operations) to a verdict per claim with its evidence.
// They know the ABI (thread ids, the tag's word counts, where MR k lives) and nothing of how a
// kernel moves a message: every rule is a statement about where message data went.
import { disassemble, disassembleThumb } from '../../kernel/toolchain/index.ts';
import { PHYS_NAMES } from '../../rtl/core/arm.ts';
import { rangeOf, type AddressRange, type ResolvedConfig, type RuleName, type ThreadInfo } from './config.ts';
import { hasLabel, isOnly, labelList, noLabels, OLD_REGISTER_MR, OLD_SLOW_REGISTER_MR, OLD_SLOW_UTCB_MR, OLD_UTCB_MR, SLOW_KEPT, type Labels, type LeakEvent, type LoadEvent, type Provenance, type StoreEvent } from './provenance.ts';
import type { At, ClaimVerdict, Cp15Evidence, DeliveryMismatch, DeliveryReport, RegisterMrReport, RemapReport, UtcbCopy, UtcbReport, WindowKind, WordEvidence } from './report.ts';
import { ANYTHREAD, describeState, waitedFor } from './rendezvous.ts';
import { SWITCH_POLICIES, maintenanceAllowed } from './switch-policy.ts';

/** One side of a window: the thread crossing the boundary and what it held. */
export interface Side {
  /** The crossing: the trapping instruction (sender) or the receiver's first user instruction. */
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  /** The crossing instruction is Thumb. */
  readonly thumb: boolean;
  readonly thread: ThreadInfo | undefined;
  /** Its message area as its own loads read it (the message view), and whether it could be read. */
  readonly viewOk: boolean;
  readonly mrPa: number;
  readonly words: readonly number[];
  /** Values of the MR registers (config order), and r0..r2. */
  readonly regs: readonly number[];
  readonly r0: number;
  readonly r1: number;
  readonly r2: number;
  /** The thread's IPC state when the window opened (rendezvous.ts), as the message view saw it. */
  readonly ipc: { readonly state: number; readonly partner: number };
  /** At a resume: the window's trap left this thread free to run (or its state is unknown). */
  readonly ready: boolean;
}

export interface WindowFacts {
  readonly trap: 'swi' | 'irq';
  readonly sender: Side;
  readonly receiver: Side;
  /** Interrupt lines pending at the trap (an interrupt window). */
  readonly irqLines: number;
  readonly prov: Provenance;
  readonly cp15: readonly Cp15Evidence[];
  /** First-level tables seen at TTBR during the window (physical base addresses). */
  readonly ttbrs: readonly number[];
  /** The translation context (TTBR, FCSE PID, CONTEXTIDR) at the resume differs from the trap's. */
  readonly switched: boolean;
  /** TTBR at the trap (a write that points it elsewhere, where the switch policy writes no TTBR, remaps everything). */
  readonly ttbrAtTrap: number;
}

export interface Judgement {
  readonly kind: WindowKind;
  readonly summary: string;
  readonly registerMRs: RegisterMrReport;
  readonly utcb: UtcbReport;
  readonly delivery: DeliveryReport;
  readonly remap: RemapReport;
  /** One line per failed rule. */
  readonly failures: readonly string[];
  readonly firstFailure?: At;
}

const TAG_FLAGS = 0xf000;
const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
const wordsOf = (tag: number): number => (tag & 0x3f) + ((tag >>> 6) & 0x3f);
/** MRs a message with this tag holds: the tag and its untyped and typed words. */
export const messageMrs = (tag: number): number => wordsOf(tag) + 1;

const asmCache = new Map<string, string>();
export function asmOf(instr: number, pc: number, thumb = false): string {
  const key = `${pc}:${instr}:${thumb ? 't' : 'a'}`;
  let s = asmCache.get(key);
  if (s === undefined) {
    try {
      s = (thumb ? disassembleThumb(instr & 0xffff, undefined, pc >>> 0).text : disassemble(instr >>> 0, pc >>> 0)).replace(/\s+/g, ' ').trim();
    } catch {
      s = `.word ${hex(instr)}`;
    }
    if (asmCache.size > 10_000) asmCache.clear();
    asmCache.set(key, s);
  }
  return s;
}

/** An event's place; `thumb`: the instruction is a Thumb halfword (disassembled as Thumb). */
export const at = (cycle: number, pc: number, instr: number, thumb = false): At => ({ cycle, pc, instr, asm: asmOf(instr, pc, thumb) });
export const whereText = (a: At): string => `cycle ${a.cycle}, pc ${hex(a.pc)} \`${a.asm}\``;

/** What a window's failure says when a thread its trap left blocked ran (blockedResume; verdict-text.ts counts them by it). */
export const BLOCKED_RAN = 'a thread blocked in IPC ran';

export class Judge {
  private readonly nreg: number;
  /** Words of a UTCB from MR0 on (the MRs and what follows them). */
  private readonly utcbWords: number;

  constructor(private readonly c: ResolvedConfig) {
    this.nreg = c.mrRegisters.length;
    this.utcbWords = (c.utcbBytes - c.utcbMrOffset) >>> 2;
  }

  /** A thread id as the report names it. */
  private readonly partnerName = (id: number): string => {
    if (id >>> 0 === ANYTHREAD) return 'any thread';
    const line = (id >>> 0) - this.c.irqThreadBase;
    if (line >= 0 && line < 32) return `interrupt line ${line}`;
    const t = this.c.threads.find((x) => x.id >>> 0 === id >>> 0);
    return t ? `${t.name} (id ${t.id})` : hex(id);
  };

  private on(rule: RuleName): boolean {
    return this.c.rules.has(rule);
  }

  judge(f: WindowFacts): Judgement {
    const remap = this.remap(f);
    const s = f.sender;
    const r = f.receiver;
    const name = (t: ThreadInfo | undefined): string => (t ? `${t.name} (id ${t.id})` : 'an unknown thread');
    if (f.trap === 'irq') {
      const line = r.thread ? firstLine(f.irqLines, r.thread.irqs ?? []) : -1;
      if (line < 0) return this.none(f, remap, `interrupt (lines ${hex(f.irqLines)} pending) in ${name(s.thread)}: ${name(r.thread)} resumed, no interrupt message delivered`);
      if (waitedFor(r.ipc, this.c.irqThreadBase + line) === 'no') {
        return this.none(f, remap, `interrupt line ${line} in ${name(s.thread)}: its handler ${name(r.thread)} resumed, but ${describeState(r.ipc, this.partnerName)}: the interrupt left pending, no message delivered`);
      }
      return this.interrupt(f, remap, line, `interrupt line ${line} delivered to ${name(r.thread)} as IPC from ${hex(this.c.irqThreadBase + line)}`);
    }
    const to = s.r0 >>> 0;
    if (!s.thread) return this.none(f, remap, `SWI from a thread the checkers do not know (r13_usr at trap matches no thread's stack)`);
    if (to === 0) return this.none(f, remap, `${name(s.thread)} receives (no send phase); ${name(r.thread)} resumed`);
    if (!r.thread || r.thread === s.thread || r.thread.id !== to) {
      return this.none(f, remap, `${name(s.thread)} sends to ${this.partnerName(to)}; ${name(r.thread)} resumed, not the destination: no direct hand-off`);
    }
    if (waitedFor(r.ipc, s.thread.id) === 'no') {
      return this.none(f, remap, `${name(s.thread)} sends to ${name(r.thread)}, which resumed, but ${describeState(r.ipc, this.partnerName)}: the message could not be delivered to it, no hand-off`);
    }
    return this.handOff(f, remap, `${name(s.thread)} -> ${name(r.thread)}`);
  }

  /**
   * What the kernel leaves in the resumed thread's user registers: never an earlier message's data
   * (kept in kernel state since, handed to a thread now: where no rule would look, and its next trap
   * would save it as its own), and this message's data only in the thread it belongs to (the
   * destination of a hand-off, or the thread resumed by its own trap), and there only where the
   * ABI puts it: register MR k in its own MR register. Every other user register is preserved
   * across IPC or holds the sender's id, and a trap starts them clean, so a message label there is
   * a copy the kernel made (into r12, say), which the thread's next trap would save as its own. A
   * `message-left-registers` failure at the resume, added to the judgement.
   */
  registersAtResume(f: WindowFacts, j: Judgement, labelled: ReturnType<Provenance['userRegisterLabels']>, slowPath: boolean): Judgement {
    if (!this.on('message-left-registers')) return j;
    const r = f.receiver;
    // (a thread the view cannot recognise may be the destination: its register MRs may hold this message)
    // (nor one the window left blocked and ran anyway: that offence is named at this resume already)
    const entitled = j.kind === 'hand-off' || r.thread === undefined || r.thread === f.sender.thread || j.failures.some((x) => x.includes(BLOCKED_RAN));
    const inItsRegister = (x: { readonly physical: number } & Labels): boolean => {
      const k = this.c.mrRegisters.indexOf(x.physical);
      return k >= 0 && isOnly(x, k);
    };
    const lines = this.resumeRegisterFailures(r, labelled.filter((x) => this.notItsOwn(x, r, slowPath) || ((x.lo | x.hi) !== 0 && !(entitled && inItsRegister(x)))));
    if (lines.length === 0) return j;
    const first = at(r.cycle, r.pc, r.instr, r.thumb);
    const firstFailure = j.firstFailure && j.firstFailure.cycle <= first.cycle ? j.firstFailure : first;
    return { ...j, failures: [...j.failures, ...lines], firstFailure };
  }

  /** Trap cycle of each IPC window -> the thread that trapped (whose message the window carried). */
  private readonly senders = new Map<number, string>();

  /** An IPC window opened at `trapCycle`, trapped by `thread`. */
  noteSender(trapCycle: number, thread: ThreadInfo | undefined): void {
    if (thread) this.senders.set(trapCycle, thread.name);
  }

  /**
   * A resumed thread's register holds an earlier message's data that is not for it: any mark but
   * what a slow path kept, and that too unless the slow path resumes it (its to deliver) or the
   * message was this thread's own (a context the slow path saved, given back: a timeout).
   */
  private notItsOwn(x: Labels, r: Side, slowPath: boolean): boolean {
    if ((x.old & ~SLOW_KEPT) !== 0) return true;
    if ((x.old & SLOW_KEPT) === 0 || slowPath) return false;
    return r.thread === undefined || this.senders.get(x.from) !== r.thread.name;
  }

  /** The failure lines for message data left in a resumed thread's user registers. */
  resumeRegisterFailures(r: Side, left: ReturnType<Provenance['userRegisterLabels']>): string[] {
    if (left.length === 0) return [];
    const who = r.thread ? r.thread.name : 'the resumed thread';
    const what = (l: Labels): string => (labelList(l).length > 0 ? `MR ${labelList(l).join(', ')}` : 'data of an earlier message');
    const first = left[0]!;
    return [`message-left-registers: ${whereText(at(r.cycle, r.pc, r.instr, r.thumb))}: ${what(first)} left in ${PHYS_NAMES[first.physical]} of ${who} at its resume${left.length > 1 ? ` (and ${left.length - 1} more registers: ${left.slice(1).map((x) => PHYS_NAMES[x.physical]).join(', ')})` : ''} [rf.gpr.${PHYS_NAMES[first.physical]}]`];
  }

  /**
   * A thread the window's trap left blocked (waiting for another thread, queued to send, halted)
   * resumed: the kernel ran it, or handed it a message it was not waiting for. A `delivery`
   * failure at the resume, added to the window's judgement (whatever it was).
   */
  blockedResume(f: WindowFacts, j: Judgement): Judgement {
    const r = f.receiver;
    // (A hand-off's destination was waiting, so its trap releases it: only other windows get here.)
    if (r.ready || !r.thread || !this.on('delivery') || j.failures.some((x) => x.startsWith('delivery:'))) return j;
    // A restarted system call (the thread back at its own SWI) did nothing: nothing blocked it.
    if (f.trap === 'swi' && r.thread === f.sender.thread && r.pc === f.sender.pc) return j;
    const why = f.trap === 'irq' ? 'the interrupt' : `${f.sender.thread ? this.partnerName(f.sender.thread.id) : 'the trapping thread'}'s IPC`;
    const first = at(r.cycle, r.pc, r.instr, r.thumb);
    const line = `delivery: ${whereText(first)}: ${this.partnerName(r.thread.id)} resumed, but ${why} left it blocked (when the window opened ${describeState(r.ipc, this.partnerName)}): ${BLOCKED_RAN} [msg.rx_ready = 0]`;
    const failures = [...j.failures, line];
    const firstFailure = j.firstFailure && j.firstFailure.cycle <= first.cycle ? j.firstFailure : first;
    return { ...j, delivery: { ...j.delivery, verdict: 'fail' }, failures, firstFailure };
  }

  // ---- windows not judged in full: the leak rules, outside the slow path ----

  /**
   * An IPC window that is not a judged hand-off (it ends in no destination, or on the slow path):
   * whatever the kernel did outside its slow path (all of it, without one) must not store message
   * data, move it into CP15 or a status register, write a page table or do maintenance the switch
   * does not need, nor write the destination's message slots outside this message (what it writes
   * inside them, the slow path may write again). Outside is before its first slow-path instruction
   * and, when the window came back to code only the fast path runs (`slowLeft`), from there on:
   * a fast path does not become a slow path by passing through slow-path code. The slow path itself
   * keeps this message in kernel state by design, but has no business with an earlier message's:
   * a store or move of those marks fails wherever it is in the window.
   */
  leaks(f: WindowFacts, full: Judgement, slowStart: { cycle: number; pc: number } | undefined, slowLeft?: { cycle: number; pc: number; cp15From: number }): Judgement {
    const before = (e: { cycle: number; pc: number }): boolean => slowStart === undefined || (e.cycle < slowStart.cycle && e.pc !== slowStart.pc);
    // (a store is seen in Memory and the instruction that left retires after it: its own events count)
    const after = (e: { cycle: number; pc: number }): boolean => slowLeft !== undefined && (e.cycle >= slowLeft.cycle || (e.pc === slowLeft.pc && slowStart !== undefined && e.cycle >= slowStart.cycle));
    const fast = (e: { cycle: number; pc: number }): boolean => before(e) || after(e);
    // (CP15 operations are seen in Execute: from the cycle the instruction that left entered it)
    const fastCp15 = (e: { cycle: number; pc: number }): boolean => before(e) || (slowLeft !== undefined && e.cycle >= slowLeft.cp15From);
    const stores = f.prov.stores.filter(fast);
    const cp15 = f.cp15.filter(fastCp15);
    const leaks = f.prov.leaks.filter(fast);
    const r = f.receiver;
    const destination = full.kind === 'hand-off' && r.viewOk;
    const failures: Failure[] = [];
    const fail = this.collector(failures);
    fail('register-mr-stored', this.registerStores(stores));
    fail('message-left-registers', this.leakEvidence(leaks));
    const staged = stores.flatMap((st) =>
      this.utcbLabelsOf(st)
        .filter((k) => !(destination && k >= 0 && slotOf(st.pa, r.mrPa, this.c.maxMrs) === k))
        .map((k) => this.stagedWord(st, k, this.place(st.va, st.pa))),
    );
    fail('utcb-word-staged', staged);
    if (destination) fail('utcb-word-extra', this.outsideMessageWrites(f, stores));
    // Back on the fast path, the window hands the message over as a fast path does: what the
    // destination resumes with must be what was sent.
    if (slowLeft !== undefined && destination) this.deliveryFailure(full.delivery, r, fail);
    const earlier = <T extends Labels>(e: T): T => ({ ...e, lo: 0, hi: 0 });
    this.earlierMessageLeaks(fail, f.prov.stores.filter((st) => !fast(st) && st.old !== 0).map(earlier), f.prov.leaks.filter((l) => !fast(l) && l.old !== 0).map(earlier));
    // An interrupt that delivered nothing must leave the interrupted thread's message as it was.
    if (f.trap === 'irq' && full.kind === 'no hand-off') fail('utcb-word-extra', this.interruptedSlotWrites(stores, f.sender));
    const remap = this.remap(f, stores, cp15);
    this.remapFailures(remap, fail);
    const place = (e: { cycle: number; pc: number }): string => whereText(at(e.cycle, e.pc, 0)).replace(/ `.*`$/, '');
    const where = slowStart
      ? `before its slow path (${place(slowStart)})${slowLeft ? ` and from its return to fast-path code (${place(slowLeft)})` : ''}`
      : 'in the whole window';
    return {
      ...full,
      summary: `${full.summary}; leak rules ${where}`,
      failures: failures.map((x) => x.line),
      ...firstOf(failures),
    };
  }

  /**
   * A kernel entry that is no IPC window (EntryReport): it has no message of its own, so what it
   * must not do is the leak rules' (an earlier message's data stored, or moved into CP15 or a
   * status register), and, unless the thread asked for it (a system call), write into the message
   * slots of the thread it interrupted.
   */
  entry(prov: Provenance, trapping: Side, systemCall: boolean, resumed?: Side): { failures: string[]; firstFailure?: At } {
    const failures: Failure[] = [];
    const fail = this.collector(failures);
    // (the entry has no message: any message data in the resumed thread's user registers is a leak)
    if (resumed && this.on('message-left-registers')) {
      const left = prov.userRegisterLabels().filter((x) => (x.lo | x.hi) !== 0 || this.notItsOwn(x, resumed, false));
      if (left.length > 0) failures.push({ rule: 'message-left-registers', first: at(resumed.cycle, resumed.pc, resumed.instr, resumed.thumb), count: left.length, line: this.resumeRegisterFailures(resumed, left)[0]! });
    }
    this.earlierMessageLeaks(fail, prov.stores, prov.leaks);
    // (A system call may return results in its caller's MRs, as L4's do: only an interrupt or an
    // exception the thread did not ask for must leave its message slots alone.)
    if (!systemCall) fail('utcb-word-extra', this.interruptedSlotWrites(prov.stores, trapping));
    return { failures: failures.map((x) => x.line), ...firstOf(failures) };
  }

  /** Stores into the destination's message slots outside the message the sender's tag gives (register MR slots, or past its length). */
  private outsideMessageWrites(f: WindowFacts, stores: readonly StoreEvent[]): WordEvidence[] {
    const s = f.sender;
    if (!s.viewOk && this.nreg === 0) return [];
    const mrs = Math.min(wordsOf(this.nreg >= 1 ? s.regs[0]! : s.words[0]!) + 1, this.c.maxMrs);
    return stores
      .map((st) => ({ st, slot: slotOf(st.pa, f.receiver.mrPa, this.utcbWords) }))
      .filter(({ slot }) => slot >= 0 && (slot < this.nreg || slot >= mrs))
      .map(({ st, slot }) => this.outsideMessage(st, slot, mrs));
  }

  /** A store into the receiver's UTCB word `slot`, outside a message of `mrs` MRs. */
  private outsideMessage(st: StoreEvent, slot: number, mrs: number): WordEvidence {
    return this.word(st, slot, `the receiver's UTCB word ${slot} written (${hex(st.data)}), outside the message's MR ${this.nreg}..MR ${mrs - 1}`);
  }

  /** Kernel stores into the message slots of the thread a window interrupted (one that delivers no message to it). */
  private interruptedSlotWrites(stores: readonly StoreEvent[], trapping: Side): WordEvidence[] {
    const t = trapping.viewOk ? trapping.thread : undefined;
    if (!t) return [];
    return stores
      .map((st) => ({ st, slot: slotOf(st.pa, trapping.mrPa, this.c.maxMrs) }))
      .filter((x) => x.slot >= 0)
      .map(({ st, slot }) => this.word(st, slot, `${hex(st.data)} written into the MR ${slot} slot of ${t.name}, the thread the kernel interrupted, by a window that delivers it no message`));
  }

  /** A store of MR k (-1: an earlier message's UTCB word) into `into`, as staging evidence. */
  private stagedWord(st: StoreEvent, k: number, into: string): WordEvidence {
    return this.word(st, k, `${k < 0 ? `a UTCB word of an earlier message (the IPC trapped at cycle ${st.from})` : `MR ${k} of the message`} stored into ${into}${chosenText(st)}`);
  }

  /** The leak rules of a window with no message words of its own (a kernel entry, an interrupt): any message data it stores or moves is an earlier message's. */
  private earlierMessageLeaks(fail: (rule: RuleName, items: ReadonlyArray<At & { what: string }>) => void, stores: readonly StoreEvent[], leaks: readonly LeakEvent[]): void {
    fail('register-mr-stored', this.registerStores(stores));
    fail('message-left-registers', this.leakEvidence(leaks));
    fail('utcb-word-staged', stores.flatMap((st) => this.utcbLabelsOf(st).map((k) => this.stagedWord(st, k, this.place(st.va, st.pa)))));
  }

  private collector(failures: Failure[]): (rule: RuleName, items: ReadonlyArray<At & { what: string }>) => void {
    return (rule, items) => {
      if (items.length === 0 || !this.on(rule)) return;
      const first = items.reduce((a, b) => (b.cycle < a.cycle ? b : a));
      failures.push({ rule, first, count: items.length, line: `${rule}: ${whereText(first)}: ${first.what}${items.length > 1 ? ` (and ${items.length - 1} more)` : ''}` });
    };
  }

  /** Register MRs of this message (k < NREG) a value carries; -1 for an earlier message's. */
  private registerLabelsOf(l: Labels): number[] {
    const ks = labelList(l).filter((k) => k < this.nreg);
    return (l.old & (OLD_REGISTER_MR | OLD_SLOW_REGISTER_MR)) !== 0 ? [...ks, -1] : ks;
  }

  /** UTCB MRs of this message a value carries; -1 for an earlier message's. */
  private utcbLabelsOf(l: Labels): number[] {
    const ks = labelList(l).filter((k) => k >= this.nreg);
    return (l.old & (OLD_UTCB_MR | OLD_SLOW_UTCB_MR)) !== 0 ? [...ks, -1] : ks;
  }

  private registerStores(stores: readonly StoreEvent[]): WordEvidence[] {
    return stores
      .filter((st) => this.registerLabelsOf(st).length > 0)
      .map((st) => {
        const ks = this.registerLabelsOf(st);
        const mine = ks.filter((k) => k >= 0);
        const text = [
          ...(mine.length > 0 ? [`MR ${mine.join(', ')} (held in ${mine.map((k) => PHYS_NAMES[this.c.mrRegisters[k]!]).join(', ')})`] : []),
          ...(ks.includes(-1) ? [`a register MR of an earlier message (the IPC trapped at cycle ${st.from}, kept in the kernel's own state since)`] : []),
        ].join(' and ');
        return this.word(st, mine[0] ?? -1, `${text} stored to ${this.place(st.va, st.pa)}${st.source >= 0 ? ` from ${PHYS_NAMES[st.source]}` : ''}${chosenText(st)}`);
      });
  }

  private leakEvidence(leaks: readonly LeakEvent[]): WordEvidence[] {
    return leaks.map((l) => {
      const ks = labelList(l);
      const what = ks.length > 0 ? `MR ${ks.join(', ')}` : `data of an earlier message (the IPC trapped at cycle ${l.from})`;
      return { ...at(l.cycle, l.pc, l.instr, l.thumb), mr: ks[0] ?? -1, what: `${what} written into ${l.into} [writeback.${l.into === 'CP15' ? 'rc' : 'rb'} = ${PHYS_NAMES[l.source]}]` };
    });
  }

  // ---- windows without a hand-off: cost and CP15 evidence only ----

  private none(f: WindowFacts, remap: RemapReport, summary: string): Judgement {
    return {
      kind: 'no hand-off',
      summary,
      registerMRs: { verdict: 'n/a', registers: this.registerNames(), valuesAtTrap: f.sender.regs, valuesAtResume: f.receiver.regs, writes: [], stores: [], leaks: [] },
      utcb: emptyUtcb('n/a', f),
      delivery: { verdict: 'n/a', tagSent: 0, tagReceived: 0, mrs: 0, mismatches: [] },
      remap: { ...remap, verdict: 'n/a' },
      failures: [],
    };
  }

  private registerNames(): string[] {
    return this.c.mrRegisters.map((p) => PHYS_NAMES[p]!);
  }

  // ---- a message from the trapping thread to the resumed one ----

  private handOff(f: WindowFacts, remap: RemapReport, who: string): Judgement {
    const s = f.sender;
    const tag = this.nreg >= 1 ? s.regs[0]! : s.words[0]!;
    const mrs = Math.min(wordsOf(tag) + 1, this.c.maxMrs);
    const failures: Failure[] = [];
    const fail = this.collector(failures);

    const registerMRs = this.registerRule(f, mrs);
    fail('register-mr-written', registerMRs.writes.map((w) => ({ ...w, what: `MR register ${w.register} written on ${w.port} with ${hex(w.data)} (${w.cause === 'load' ? `loaded from ${hex(w.address ?? 0)}` : 'a result'}) [rf.${w.port}_addr = ${w.register}, rf.${w.port}_data = ${hex(w.data)}]` })));
    fail('register-mr-stored', registerMRs.stores);
    fail('message-left-registers', registerMRs.leaks);

    const utcb = this.utcbRule(f, mrs);
    fail('utcb-word-staged', utcb.staged);
    fail('utcb-word-not-copied', utcb.notCopied);
    fail('utcb-word-wrong', utcb.wrong);
    fail('utcb-word-extra', utcb.extra);

    const delivery = this.deliveryRule(f, mrs, tag, s.thread!.id, (x) => x & ~TAG_FLAGS);
    this.deliveryFailure(delivery, f.receiver, fail);

    this.remapFailures(remap, fail);
    const verdict = (ok: boolean): ClaimVerdict => (ok ? 'pass' : 'fail');
    const failed = new Set(failures.map((x) => x.rule));
    const summary = `${who}: ${mrs} MR${mrs === 1 ? '' : 's'} (tag ${hex(tag)}), ${Math.min(this.nreg, mrs)} in registers, ${Math.max(0, mrs - this.nreg)} in the UTCB`;
    return {
      kind: 'hand-off',
      summary,
      registerMRs: { ...registerMRs, verdict: verdict(!['register-mr-written', 'register-mr-stored', 'message-left-registers'].some((x) => failed.has(x as RuleName))) },
      utcb: { ...utcb, verdict: verdict(!['utcb-word-staged', 'utcb-word-not-copied', 'utcb-word-wrong', 'utcb-word-extra'].some((x) => failed.has(x as RuleName))) },
      delivery: { ...delivery, verdict: failed.has('delivery') ? 'fail' : 'pass' },
      remap: { ...remap, verdict: failed.has('page-table-write') || failed.has('maintenance') ? 'fail' : 'pass' },
      failures: failures.map((x) => x.line),
      ...firstOf(failures),
    };
  }

  private deliveryFailure(d: Omit<DeliveryReport, 'verdict'>, receiver: Side, fail: (rule: RuleName, items: ReadonlyArray<At & { what: string }>) => void): void {
    const where = at(receiver.cycle, receiver.pc, receiver.instr, receiver.thumb);
    const items = d.unreadable ? [{ ...where, what: d.unreadable }] : d.mismatches.map((m) => ({ ...where, what: `${m.where}: the receiver has ${hex(m.received)}, the sender sent ${hex(m.sent)} [${m.mr === undefined ? 'rf.gpr.r0' : m.where.endsWith('UTCB') ? `msg.mr_${m.mr}` : `rf.gpr.${PHYS_NAMES[this.c.mrRegisters[m.mr]!]}`} at resume and at trap]` }));
    fail('delivery', items);
  }

  private remapFailures(remap: RemapReport, fail: (rule: RuleName, items: ReadonlyArray<At & { what: string }>) => void): void {
    fail('page-table-write', remap.pageTableWrites);
    fail('maintenance', remap.disallowed.map((o) => ({ ...o, what: o.crn === 2 ? `${o.name}: pointed at another first-level table (${hex(o.value)}), every mapping replaced: not part of the ${remap.policy} address-space switch [execute.cp_we, operand ${hex(o.value)}]` : `${o.name}: not part of the ${remap.policy} address-space switch${remap.spaceSwitch ? '' : ' (and this IPC switches no space)'} [execute.maint_valid, operand ${hex(o.value)}]` })));
  }

  // ---- an interrupt message from an interrupt thread to its handler ----

  private interrupt(f: WindowFacts, remap: RemapReport, line: number, summary: string): Judgement {
    const failures: Failure[] = [];
    const fail = this.collector(failures);
    const tag = (this.c.irqLabel << 16) >>> 0;
    // The interrupt thread has no registers and no UTCB: the message is the tag alone.
    const synthetic: Side = { ...f.sender, thread: undefined, regs: this.c.mrRegisters.map((_, k) => (k === 0 ? tag : f.receiver.regs[k]!)), words: f.receiver.words.map((w, k) => (k === 0 && this.nreg === 0 ? tag : w)) };
    const delivery = this.deliveryRule({ ...f, sender: synthetic }, 1, tag, this.c.irqThreadBase + line, (x) => x);
    this.deliveryFailure(delivery, f.receiver, fail);
    const utcb = emptyUtcb('pass', f);
    const extra = this.receiverStores(f).filter((e) => e.slot >= Math.max(1, this.nreg)).map((e) => this.word(e.store, e.slot, `written into the handler's MR ${e.slot} slot, outside the interrupt message`));
    fail('utcb-word-extra', extra);
    // The interrupt carries no message words of its own: any message data it moves is an earlier message's.
    this.earlierMessageLeaks(fail, f.prov.stores, f.prov.leaks);
    this.remapFailures(remap, fail);
    const failed = new Set(failures.map((x) => x.rule));
    return {
      kind: 'interrupt hand-off',
      summary,
      registerMRs: { verdict: 'n/a', registers: this.registerNames(), valuesAtTrap: f.sender.regs, valuesAtResume: f.receiver.regs, writes: [], stores: [], leaks: [] },
      utcb: { ...utcb, extra, verdict: extra.length > 0 && this.on('utcb-word-extra') ? 'fail' : 'n/a' },
      delivery: { ...delivery, verdict: failed.has('delivery') ? 'fail' : 'pass' },
      remap: { ...remap, verdict: failed.has('page-table-write') || failed.has('maintenance') ? 'fail' : 'pass' },
      failures: failures.map((x) => x.line),
      ...firstOf(failures),
    };
  }

  // ---- claim 1: register MRs stay in their registers ----

  private registerRule(f: WindowFacts, mrs: number): Omit<RegisterMrReport, 'verdict'> {
    const p = f.prov;
    // the registers holding this message's MRs (the others are free for the kernel)
    const holding = new Set(this.c.mrRegisters.slice(0, Math.min(this.nreg, mrs)));
    return {
      registers: this.registerNames(),
      valuesAtTrap: f.sender.regs,
      valuesAtResume: f.receiver.regs,
      writes: p.mrWrites.filter((w) => holding.has(w.physical)).map((w) => ({ ...at(w.cycle, w.pc, w.instr, w.thumb), port: w.port, physical: w.physical, register: PHYS_NAMES[w.physical]!, data: w.data, cause: w.cause, ...(w.address !== undefined ? { address: w.address } : {}) })),
      stores: this.registerStores(p.stores),
      leaks: this.leakEvidence(p.leaks),
    };
  }

  // ---- claim 2: UTCB MRs copied straight from the sender's UTCB to the receiver's ----

  private utcbRule(f: WindowFacts, mrs: number): Omit<UtcbReport, 'verdict'> {
    const s = f.sender;
    const r = f.receiver;
    const nreg = this.nreg;
    const inPlace = s.viewOk && r.viewOk && s.mrPa === r.mrPa;
    const senderSlot = (k: number): number => (s.mrPa + 4 * k) >>> 0;
    const receiverSlot = (k: number): number => (r.mrPa + 4 * k) >>> 0;
    const copies = new Map<number, UtcbCopy>();
    const staged: WordEvidence[] = [];
    const wrong: WordEvidence[] = [];
    const extra: WordEvidence[] = [];
    const viaStaging = new Map<number, WordEvidence>();
    const overwritten = new Map<number, At>();
    /** Bytes of each slot written by partial copies of the sender's word (bit b: byte b). */
    const partial = new Map<number, number>();
    const lastLoadOf = (k: number, before: number): LoadEvent | undefined => {
      let hit: LoadEvent | undefined;
      for (const l of f.prov.loads) if (l.cycle < before && l.pa >>> 2 === senderSlot(k) >>> 2 && hasLabel(l, k)) hit = l;
      return hit;
    };
    const copyOf = (k: number, st: StoreEvent): UtcbCopy | undefined => {
      const load = lastLoadOf(k, st.cycle);
      return load ? { mr: k, value: s.words[k]!, load: { ...at(load.cycle, load.pc, load.instr, load.thumb), va: load.va, pa: load.pa }, store: { ...at(st.cycle, st.pc, st.instr, st.thumb), va: st.va, pa: st.pa } } : undefined;
    };
    for (const st of f.prov.stores) {
      const slot = r.viewOk ? slotOf(st.pa, r.mrPa, this.utcbWords) : -1;
      for (const k of this.utcbLabelsOf(st)) {
        if (k >= 0 && slot === k) continue; // judged below as a write of the receiver's slot (k -1: an earlier message's, never its own slot)
        const into = slot >= 0 ? `the receiver's UTCB word ${slot} (shifted)` : s.viewOk && slotOf(st.pa, s.mrPa, this.utcbWords) >= 0 ? "the sender's own UTCB" : this.place(st.va, st.pa);
        staged.push(this.stagedWord(st, k, into));
      }
      if (slot < 0) continue;
      if (slot < nreg || slot >= mrs) {
        extra.push(this.outsideMessage(st, slot, mrs));
        continue;
      }
      const expected = s.words[slot]!;
      const fromSender = st.origin === senderSlot(slot) >>> 2;
      if (st.size !== 2 && isOnly(st, slot) && fromSender && partialMatches(st.pa, st.size, st.data, expected)) {
        // a byte or halfword of the sender's word: a copy once all four bytes are there
        const bytes = (partial.get(slot) ?? 0) | byteMask(st.pa, st.size);
        partial.set(slot, bytes);
        const c = bytes === 0xf ? copyOf(slot, st) : undefined;
        if (c) copies.set(slot, c);
        continue;
      }
      // A whole word equal to the sender's, carrying only its label: a copy when its data was loaded
      // from the sender's slot, or computed (not loaded) with no staging of that word before it.
      // (a word moved into CP15 or a status register on its way is staged there)
      const parked = f.prov.leaks.find((l) => hasLabel(l, slot) && l.cycle <= st.cycle);
      const stagedAt = staged.find((x) => x.mr === slot && x.cycle <= st.cycle) ?? (parked ? { ...at(parked.cycle, parked.pc, parked.instr, parked.thumb), mr: slot, what: `MR ${slot} moved into ${parked.into}` } : undefined);
      const stagedBefore = stagedAt !== undefined;
      const word = st.size === 2 && isOnly(st, slot) && st.data === expected;
      const c = word && (fromSender || (st.origin < 0 && !stagedBefore)) ? copyOf(slot, st) : undefined;
      if (c) {
        copies.set(slot, c);
        partial.delete(slot);
      } else if (word && stagedBefore) {
        copies.delete(slot);
        viaStaging.set(slot, stagedAt!);
      } else {
        if (copies.get(slot)) overwritten.set(slot, at(st.cycle, st.pc, st.instr, st.thumb));
        copies.delete(slot);
        const why = noLabels(st)
          ? 'a value not loaded from the sender'
          : !hasLabel(st, slot)
            ? `data of ${labelList(st).length > 0 ? `MR ${labelList(st).join(', ')}` : 'an earlier message'}`
            : st.data !== expected
              ? `a value computed from it (${hex(st.data)})`
              : st.size !== 2
                ? `a partial store of data that did not come from the sender's slot`
                : !isOnly(st, slot)
                  ? `a value mixed with ${labelList(st).filter((k) => k !== slot).length > 0 ? `MR ${labelList(st).filter((k) => k !== slot).join(', ')}` : 'an earlier message'}`
                  : "data that did not come from the sender's slot";
        wrong.push({ ...this.word(st, slot, `the receiver's MR ${slot} slot written with ${why}`), value: st.data, expected });
      }
    }
    const notCopied: WordEvidence[] = [];
    const resume = at(r.cycle, r.pc, r.instr, r.thumb);
    for (let k = nreg; k < mrs; k++) {
      if (copies.has(k)) continue;
      if (inPlace) {
        notCopied.push({ ...resume, mr: k, what: `MR ${k} was not copied: the receiver's message area is the sender's own memory (physical ${hex(senderSlot(k))}, mapped, not copied) [msg.mr_pa]` });
        continue;
      }
      const via = viaStaging.get(k);
      if (via) {
        notCopied.push({ ...via, what: `MR ${k} reached the receiver's slot only through a copy staged at cycle ${via.cycle} (${via.what})` });
        continue;
      }
      const over = overwritten.get(k);
      if (over) {
        notCopied.push({ ...over, mr: k, what: `MR ${k} was copied to the receiver's slot, then overwritten` });
        continue;
      }
      const bytes = partial.get(k);
      const load = lastLoadOf(k, Number.POSITIVE_INFINITY);
      const e = load ? at(load.cycle, load.pc, load.instr, load.thumb) : resume;
      notCopied.push({
        ...e,
        mr: k,
        what:
          bytes !== undefined
            ? `MR ${k}: only bytes ${[0, 1, 2, 3].filter((b) => ((bytes >>> b) & 1) !== 0).join(', ')} were copied from the sender's word`
            : load
              ? `MR ${k} was loaded from the sender's UTCB but never stored into the receiver's slot [memory.d_addr = ${hex(load.va)}, d_rdata = ${hex(load.data)}]`
              : `MR ${k} was never loaded from the sender's UTCB (${hex(senderSlot(k))}) nor stored into the receiver's (${hex(receiverSlot(k))}) [msg.mr_${k}]`,
      });
    }
    return {
      words: Math.max(0, mrs - nreg),
      inPlace,
      wordsCopied: copies.size,
      copies: [...copies.values()].sort((a, b) => a.mr - b.mr),
      staged,
      notCopied,
      wrong,
      extra,
      senderPa: s.mrPa,
      receiverPa: r.mrPa,
    };
  }

  private receiverStores(f: WindowFacts): Array<{ store: StoreEvent; slot: number }> {
    if (!f.receiver.viewOk) return [];
    return f.prov.stores.map((store) => ({ store, slot: slotOf(store.pa, f.receiver.mrPa, this.utcbWords) })).filter((x) => x.slot >= 0);
  }

  // ---- delivery: the receiver holds the sender's message at resume ----

  /** `tagView`: the tag the receiver must get for the one sent. */
  private deliveryRule(f: WindowFacts, mrs: number, tag: number, senderId: number, tagView: (x: number) => number): Omit<DeliveryReport, 'verdict'> {
    const s = f.sender;
    const r = f.receiver;
    const tagReceived = this.nreg >= 1 ? r.regs[0]! : r.words[0]!;
    const base = { tagSent: tag, tagReceived, mrs };
    if (!r.viewOk || (f.trap === 'swi' && !s.viewOk)) return { ...base, mismatches: [], unreadable: `the ${!r.viewOk ? "receiver's" : "sender's"} message area could not be read (no translation)` };
    const mismatches: DeliveryMismatch[] = [];
    if (r.r0 >>> 0 !== senderId >>> 0) mismatches.push({ where: 'r0 (the sender)', sent: senderId, received: r.r0 });
    for (let k = 0; k < mrs; k++) {
      const inReg = k < this.nreg;
      const sent = inReg ? s.regs[k]! : s.words[k]!;
      const got = inReg ? r.regs[k]! : r.words[k]!;
      // The tag arrives as the ABI gives it (flags cleared on success: a flag the kernel sets is wrong).
      const [a, b] = k === 0 ? [tagView(sent), got] : [sent, got];
      if (a >>> 0 !== b >>> 0) mismatches.push({ where: inReg ? `MR ${k} in ${PHYS_NAMES[this.c.mrRegisters[k]!]}` : `MR ${k} in the UTCB`, mr: k, sent, received: got });
    }
    return { ...base, mismatches };
  }

  // ---- the asker's misconception: no remapping ----

  private remap(f: WindowFacts, stores: readonly StoreEvent[] = f.prov.stores, cp15: readonly Cp15Evidence[] = f.cp15): RemapReport {
    const policy = SWITCH_POLICIES[this.c.switchPolicy];
    const tables: AddressRange[] = [...this.c.pageTables, ...f.ttbrs.map((b) => ({ name: 'first-level table at TTBR', base: b, size: 0x4000 }))];
    const pageTableWrites = stores
      .filter((st) => rangeOf(tables, st.pa))
      .map((st) => ({ ...this.word(st, -1, `page-table entry written: ${hex(st.data)} at ${hex(st.pa)} (${rangeOf(tables, st.pa)!.name})`), value: st.data }));
    const switched = f.switched;
    // Maintenance the switch does not need, and, where the switch writes no TTBR (FCSE), a TTBR
    // pointed at another first-level table: every mapping replaced at once (even if put back).
    const tableBase = (v: number): number => (v & 0xffff_c000) >>> 0;
    const ttbrSwitches = policy.switchWrites.some((o) => o.crn === 2);
    const disallowed = cp15.filter(
      (o) => ((o.kind === 'tlb' || o.kind === 'cache') && !maintenanceAllowed(policy, switched, o.crn, o.crm, o.op2)) || (!ttbrSwitches && o.crn === 2 && o.crm === 0 && o.op2 === 0 && tableBase(o.value) !== tableBase(f.ttbrAtTrap)),
    );
    return {
      verdict: 'pass',
      pageTableWrites,
      cp15,
      disallowed,
      tlbOps: cp15.filter((o) => o.kind === 'tlb').length,
      cacheOps: cp15.filter((o) => o.kind === 'cache').length,
      spaceSwitch: switched,
      policy: policy.name,
    };
  }

  // ---- evidence helpers ----

  private word(st: StoreEvent, mr: number, what: string): WordEvidence {
    const region = rangeOf(this.c.regions, st.pa)?.name;
    const signals = ` [memory.d_addr = ${hex(st.va)}, memory.d_wdata = ${hex(st.data)}, mem.tlb.d_pa = ${hex(st.pa)}]`;
    return { ...at(st.cycle, st.pc, st.instr, st.thumb), mr, what: what + signals, va: st.va, pa: st.pa, value: st.data, ...(region ? { region } : {}) };
  }

  private place(va: number, pa: number): string {
    const region = rangeOf(this.c.regions, pa)?.name;
    return `${hex(va)} (physical ${hex(pa)}${region ? `, ${region}` : ''})`;
  }
}

type Failure = { rule: RuleName; first: At; line: string; count: number };

function emptyUtcb(verdict: ClaimVerdict, f: WindowFacts): UtcbReport {
  return { verdict, words: 0, inPlace: false, wordsCopied: 0, copies: [], staged: [], notCopied: [], wrong: [], extra: [], senderPa: f.sender.mrPa, receiverPa: f.receiver.mrPa };
}

/** For a store that carries message data by where it went or whether it ran, not by its value. */
const chosenText = (st: StoreEvent): string => (st.chosen ? ' (by its address or its condition, computed from that data)' : '');

/** Word index of physical address `pa` in the `words` words from `base` (-1 outside). */
function slotOf(pa: number, base: number, words: number): number {
  const off = (pa >>> 0) - (base >>> 0);
  return off >= 0 && off < 4 * words ? off >>> 2 : -1;
}

/** A byte or halfword store (data replicated over the bus lanes) writes the expected word's bytes there. */
function partialMatches(pa: number, size: number, data: number, expected: number): boolean {
  const shift = 8 * (size === 0 ? pa & 3 : pa & 2);
  const mask = size === 0 ? 0xff : 0xffff;
  return (data & mask) === ((expected >>> shift) & mask);
}

/** The bytes of its word a store of `size` (0 byte, 1 halfword) at `pa` writes (bit b: byte b). */
function byteMask(pa: number, size: number): number {
  return size === 0 ? 1 << (pa & 3) : 3 << (pa & 2);
}

function firstLine(pending: number, lines: readonly number[]): number {
  for (let l = 0; l < 32; l++) if (((pending >>> l) & 1) !== 0 && lines.includes(l)) return l;
  return -1;
}

function firstOf(failures: ReadonlyArray<{ first: At }>): { firstFailure?: At } {
  if (failures.length === 0) return {};
  return { firstFailure: failures.map((x) => x.first).reduce((a, b) => (b.cycle < a.cycle ? b : a)) };
}
