// The per-cycle logic shared by the online checker and the VCD checker. It finds each window (an
// IPC SWI or an interrupt taken in user mode, up to the first instruction retiring in user mode
// again), follows the message words through it (provenance.ts), records CP15 operations and cost,
// and at the resume hands what it saw to the judges (judge.ts). Every other entry into the kernel
// from user mode (another system call, an interrupt not delivered as IPC, an abort) is a window
// too, with no message of its own: the data an earlier message left in kernel state is followed
// through it and judged by the leak rules (an EntryReport). It reads only probes, so fed from the
// live design or from a waveform it reaches the same report.
import { EXC_IRQ, EXC_NAMES, EXC_NONE, EXC_SWI, MODE_USR } from '../../rtl/core/arm.ts';
import { CTRL_M } from '../../rtl/mem/cp15-link.ts';
import type { ResolvedConfig } from './config.ts';
import { CostMonitor, type NamedCounter } from './cost-monitor.ts';
import { at, Judge, messageMrs, type Judgement, type Side } from './judge.ts';
import type { HandoffProbes, Probe } from './probes.ts';
import { Provenance, type MessageLabels } from './provenance.ts';
import { T_UNKNOWN } from './rendezvous.ts';
import type { Cp15Evidence, EntryReport, HandoffReport, IpcReport } from './report.ts';
import { classifyCp15, cp15Name, decodeCpReg, SWITCH_POLICIES } from './switch-policy.ts';

const UNKNOWN_MODE = -1;

/** The message view's signals (message-view.ts), when the bench has one. */
export interface ViewProbes {
  readonly thread: Probe;
  readonly tid: Probe;
  readonly mr_ok: Probe;
  readonly mr_pa: Probe;
  readonly mr: readonly Probe[];
  /** The sampled thread's IPC state when the window opened (absent in a waveform from before they existed: unknown). */
  readonly rx_state?: Probe;
  readonly rx_partner?: Probe;
  readonly rx_ready?: Probe;
}

export const VIEW_SIGNALS = ['thread', 'tid', 'mr_ok', 'mr_pa'] as const;

export class HandoffEngine {
  readonly cost: CostMonitor;
  readonly ipcs: IpcReport[] = [];
  readonly entries: EntryReport[] = [];
  private readonly prov: Provenance;
  private readonly judge: Judge;

  /** Mode the last retired instruction left the core in: the mode the next one runs in. */
  private lastMode = UNKNOWN_MODE;
  private started = false;
  private trapCycle = -1;
  private trapKind: 'swi' | 'irq' = 'swi';
  /** The open window is a kernel entry that is no IPC: its exception (EXC_*), else EXC_NONE. */
  private entryExc = EXC_NONE;
  private sender: Side | undefined;
  private irqLines = 0;
  private cp15: Cp15Evidence[] = [];
  private ttbrs = new Set<number>();
  private untrackedLoads = 0;
  /** The first slow-path instruction retiring in this window. */
  private slowStart: { cycle: number; pc: number } | undefined;
  /**
   * The first instruction of fast-path-only code (config.fastPathPhases) retiring after slowStart:
   * the window left the slow path there, and what follows is the fast path's again. `cp15From`: the
   * cycle it entered Execute (CP15 operations are recorded there, not at retirement).
   */
  private slowLeft: SlowLeft | undefined;
  /** Fast-path-only code: sorted, disjoint [start, end) address ranges. */
  private readonly fastOnly: ReadonlyArray<readonly [number, number]>;
  /** The last few Execute-stage pcs of this window, with the cycle each entered Execute (a ring). */
  private readonly execLog: Array<[cycle: number, pc: number]> = [];
  private execLast = -1;
  /** The translation context (TTBR, FCSE PID, CONTEXTIDR) at the trap. */
  private contextAtTrap: readonly number[] = [];

  /**
   * `gpr`: the 30 physical registers' values (rf.gpr entries); `view`: the message view, without
   * which no thread can be recognised (every window is then reported as no hand-off).
   */
  constructor(
    private readonly p: HandoffProbes,
    private readonly config: ResolvedConfig,
    counters: readonly NamedCounter[],
    private readonly gpr: readonly Probe[],
    private readonly view: ViewProbes | null,
  ) {
    this.cost = new CostMonitor(p, config, counters);
    this.prov = new Provenance(p, config.mrRegisters);
    this.judge = new Judge(config);
    this.fastOnly = fastOnlyRanges(config.phases, config.fastPathPhases);
  }

  /** True between a trap and its resume. */
  get inIpc(): boolean {
    return this.trapCycle >= 0;
  }

  /** One cycle, with the values the design settled to before its clock edge. */
  step(cycle: number): void {
    const p = this.p;
    if (!this.started) {
      this.started = true;
      // A waveform may start mid-run: Writeback's latched CPSR tells the mode (unless it retires now).
      this.lastMode = p.ret_valid.v ? UNKNOWN_MODE : p.ret_mode.v;
    }
    if (p.ret_valid.v) {
      const before = this.lastMode;
      this.lastMode = p.ret_mode.v;
      if (this.inIpc) {
        if (before === MODE_USR) {
          if (this.entryExc !== EXC_NONE) this.finishEntry(cycle);
          else this.finish(cycle);
        } else if (this.entryExc === EXC_NONE) {
          this.cost.retire(cycle, p.ret_pc.v);
          if (this.slowStart === undefined) {
            const phase = this.config.phases.get(p.ret_pc.v);
            if (phase !== undefined && this.config.slowPathPhases.has(phase)) {
              this.slowStart = { cycle, pc: p.ret_pc.v };
              this.prov.slowPathStarted();
            }
          } else if (this.slowLeft === undefined && inRanges(this.fastOnly, p.ret_pc.v)) {
            // Back in code only the fast path runs (a fast path that passed through slow-path code
            // and came back: round 7's `reply-passes-through-slow-path-entry-then-logs-mr1`).
            this.slowLeft = { cycle, pc: p.ret_pc.v, cp15From: this.executeCycleOf(p.ret_pc.v, cycle) };
            this.prov.slowPathLeft();
          }
        }
      }
      if (!this.inIpc && before === MODE_USR) {
        const exc = p.ret_exc.v;
        if (exc === EXC_SWI && this.isIpcSwi(p.ret_instr.v, p.ret_thumb.v)) this.begin(cycle, 'swi');
        else if (exc === EXC_IRQ && this.config.interrupts) this.begin(cycle, 'irq');
        else if (exc !== EXC_NONE) this.beginEntry(cycle, exc);
      }
    }
    if (this.inIpc) {
      this.prov.cycle(cycle);
      if (this.entryExc === EXC_NONE) {
        this.cost.cycle();
        this.recordCp15(cycle);
        if (this.slowLeft === undefined && this.fastOnly.length > 0) this.noteExecute(cycle);
      }
    } else this.prov.userCycle();
  }

  /** Execute's pc, as it changes (the last EXEC_LOG changes, until the window leaves a slow path). */
  private noteExecute(cycle: number): void {
    const pc = this.p.e_pc.v;
    if (pc === this.execLast) return;
    this.execLast = pc;
    this.execLog.push([cycle, pc]);
    if (this.execLog.length > EXEC_LOG) this.execLog.shift();
  }

  /** The cycle the instruction at `pc`, retiring now, entered Execute (`retire` if not seen). */
  private executeCycleOf(pc: number, retire: number): number {
    for (let k = this.execLog.length - 1; k >= 0; k--) if (this.execLog[k]![1] === pc && this.execLog[k]![0] < retire) return this.execLog[k]![0];
    return retire;
  }

  /** The SWI's comment field: 24 bits in ARM state, 8 in Thumb state. */
  private isIpcSwi(instr: number, thumb: number): boolean {
    const swis = this.config.ipcSwis;
    return swis === null || swis.has(instr & (thumb ? 0xff : 0xff_ffff));
  }

  /** The thread crossing the boundary now (the view samples in this very cycle) and its registers. */
  private side(cycle: number): Side {
    const p = this.p;
    const v = this.view;
    const index = v ? v.thread.v : 0;
    const regs = this.config.mrRegisters.map((r) => this.gpr[r]!.v);
    return {
      cycle,
      pc: p.ret_pc.v,
      instr: p.ret_instr.v,
      thumb: p.ret_thumb.v !== 0,
      thread: index > 0 ? this.config.threads[index - 1] : undefined,
      viewOk: v !== null && index > 0 && v.mr_ok.v !== 0,
      mrPa: v ? v.mr_pa.v : 0,
      words: v ? v.mr.map((m) => m.v) : [],
      regs,
      r0: this.gpr[0]!.v,
      r1: this.gpr[1]!.v,
      r2: this.gpr[2]!.v,
      ipc: v?.rx_state && v.rx_partner && index > 0 ? { state: v.rx_state.v, partner: v.rx_partner.v >>> 0 } : { state: T_UNKNOWN, partner: 0 },
      ready: v?.rx_ready && index > 0 ? v.rx_ready.v !== 0 : true,
    };
  }

  private begin(cycle: number, kind: 'swi' | 'irq'): void {
    this.trapCycle = cycle;
    this.trapKind = kind;
    const s = this.side(cycle);
    this.sender = s;
    this.judge.noteSender(cycle, s.thread);
    this.irqLines = kind === 'irq' && this.p.irq_status ? this.p.irq_status.v : 0;
    this.cp15 = [];
    this.ttbrs = new Set();
    // (a window that left its slow path ended as a fast path: what it leaves in kernel state is aged as a fast path's)
    const lastSlow = this.slowStart !== undefined && this.slowLeft === undefined;
    this.slowStart = undefined;
    this.slowLeft = undefined;
    this.execLog.length = 0;
    this.execLast = -1;
    this.contextAtTrap = this.context();
    this.noteTtbr();
    this.prov.begin(kind === 'swi' ? this.messageOf(s) : { registerMrs: 0, utcb: [] }, cycle, lastSlow);
    this.cost.begin(cycle);
  }

  /** A kernel entry that is no IPC: no message, no cost; the last IPC window's marks age as before the next IPC. */
  private beginEntry(cycle: number, exc: number): void {
    this.trapCycle = cycle;
    this.entryExc = exc;
    this.sender = this.side(cycle);
    // (slowStart and slowLeft are the last IPC window's: kept, so that the next IPC window ages by them too)
    this.prov.begin({ registerMrs: 0, utcb: [] }, cycle, this.slowStart !== undefined && this.slowLeft === undefined);
    // A system call reads its arguments from its caller's message area: the caller's own words,
    // given to the kernel by the caller, not an earlier message the kernel kept.
    if (exc === EXC_SWI && this.sender.viewOk) this.prov.argumentArea(this.sender.mrPa, this.config.maxMrs);
  }

  private finishEntry(cycle: number): void {
    const receiver = this.side(cycle);
    this.untrackedLoads += this.prov.lostLoads;
    this.entries.push(this.entryReport(receiver));
    this.trapCycle = -1;
    this.entryExc = EXC_NONE;
    this.sender = undefined;
  }

  /** The open kernel entry judged as far as it went (the run ended in it), or undefined. */
  private openEntry(): EntryReport | undefined {
    return this.inIpc && this.entryExc !== EXC_NONE ? this.entryReport(undefined) : undefined;
  }

  /** The kernel entry open now, judged by the leak rules; `receiver`: the thread it resumed (none: still open). */
  private entryReport(receiver: Side | undefined): EntryReport {
    const sender = this.sender!;
    const j = this.judge.entry(this.prov, sender, this.entryExc === EXC_SWI, receiver);
    const index = this.entries.length;
    const exception = EXC_NAMES[this.entryExc] ?? String(this.entryExc);
    return {
      index,
      trapCycle: this.trapCycle,
      trapPc: sender.pc,
      ...(receiver ? { resumeCycle: receiver.cycle, resumePc: receiver.pc } : { open: true }),
      exception,
      ...(sender.thread ? { thread: sender.thread.name } : {}),
      verdict: j.failures.length === 0 ? 'pass' : 'fail',
      failures: j.failures.map((f) => `kernel entry ${index} (${exception} at cycle ${this.trapCycle}${receiver ? '' : ', still open when the run ended'}, no IPC): ${f}`),
      ...(j.firstFailure ? { firstFailure: j.firstFailure } : {}),
      ...(j.failures.length > 0 && this.prov.earliestOld() >= 0 ? { dependsOn: this.prov.earliestOld() } : {}),
    };
  }

  /** What an IPC SWI sends (none for a receive): its MRs by the tag's counts, in registers and UTCB words. */
  private messageOf(s: Side): MessageLabels {
    const nreg = this.config.mrRegisters.length;
    if (s.r0 >>> 0 === 0 || (nreg === 0 && !s.viewOk)) return { registerMrs: 0, utcb: [] };
    const tag = nreg >= 1 ? s.regs[0]! : s.words[0]!;
    const mrs = Math.min(messageMrs(tag), this.config.maxMrs);
    const utcb: Array<[number, number, number | undefined]> = [];
    if (s.viewOk) for (let k = nreg; k < mrs; k++) utcb.push([k, (s.mrPa + 4 * k) >>> 0, s.words[k]]);
    return { registerMrs: Math.min(nreg, mrs), utcb };
  }

  private context(): number[] {
    const p = this.p;
    return [p.ttbr.v, p.fcse_pid.v, p.contextidr.v];
  }

  private noteTtbr(): void {
    if ((this.p.ctrl.v & CTRL_M) !== 0) this.ttbrs.add((this.p.ttbr.v & 0xffff_c000) >>> 0);
  }

  private finish(cycle: number): void {
    const receiver = this.side(cycle);
    const sender = this.sender!;
    this.noteTtbr();
    const cost = this.cost.end(cycle);
    this.untrackedLoads += this.prov.lostLoads;
    const now = this.context();
    const switched = now.some((v, k) => v !== this.contextAtTrap[k]);
    const facts = { trap: this.trapKind, sender, receiver, irqLines: this.irqLines, prov: this.prov, cp15: this.cp15, ttbrs: [...this.ttbrs], switched, ttbrAtTrap: this.contextAtTrap[0] ?? 0 };
    const full = this.judge.judge(facts);
    const index = this.ipcs.length;
    const slow = this.slowStart !== undefined;
    const handOff = full.kind !== 'no hand-off';
    const fullyJudged = handOff && (!slow || this.config.judgeSlowPath);
    // Every other IPC window (an interrupt's too) is still judged for leaks up to its first slow-path
    // instruction and, when it came back to fast-path-only code, from there on: what a fast path did
    // before declining or after coming back, and windows that end in no destination, are the kernel's too.
    const leaked = fullyJudged ? undefined : this.judge.leaks(facts, full, this.slowStart, this.slowLeft);
    const judgement = leaked && leaked.failures.length > 0 ? leaked : full;
    // Whatever else the window was: a thread its trap left blocked must not run (every window).
    const blocked = this.judge.blockedResume(facts, judgement);
    // (a slow path's resume is the slow path's: judged for what it leaves only when slow paths are,
    // or when the window came back to the fast path, whose exit then resumes the thread: as a fast
    // path's resume, on the leak rules' judgement, not on the claims a slow hand-off breaks)
    const labels = this.prov.userRegisterLabels();
    let j: Judgement;
    if (!slow || this.config.judgeSlowPath) j = this.judge.registersAtResume(facts, blocked, labels, slow && this.slowLeft === undefined);
    else if (this.slowLeft === undefined) j = blocked;
    else {
      const resumed = this.judge.registersAtResume(facts, this.judge.blockedResume(facts, leaked!), labels, false);
      j = resumed.failures.length > 0 ? resumed : blocked;
    }
    const judged = fullyJudged || j !== full;
    const verdict = !handOff && !judged ? 'n/a' : j.failures.length === 0 ? 'pass' : 'fail';
    this.ipcs.push({
      index,
      trapCycle: this.trapCycle,
      resumeCycle: cycle,
      trapPc: sender.pc,
      resumePc: receiver.pc,
      trap: this.trapKind,
      kind: j.kind,
      summary: j.summary,
      ...(sender.thread ? { sender: sender.thread.name } : {}),
      ...(receiver.thread ? { receiver: receiver.thread.name } : {}),
      operation: { to: sender.r0, from: sender.r1, timeouts: sender.r2 },
      verdict,
      failures: j.failures.map((f) => `IPC ${index}: ${f}`),
      ...(j.firstFailure ? { firstFailure: j.firstFailure } : {}),
      ...(j.failures.length > 0 && this.prov.earliestOld() >= 0 ? { dependsOn: this.prov.earliestOld() } : {}),
      path: slow ? 'slow' : 'fast',
      ...(this.slowLeft ? { leftSlowPath: { cycle: this.slowLeft.cycle, pc: this.slowLeft.pc } } : {}),
      judged,
      registerMRs: j.registerMRs,
      utcb: j.utcb,
      delivery: j.delivery,
      remap: j.remap,
      cost,
    });
    this.trapCycle = -1;
    this.sender = undefined;
  }

  /** CP15 register writes as Execute commits them, and maintenance operations as the memory system accepts them. */
  private recordCp15(cycle: number): void {
    const p = this.p;
    const handshake = p.mt_valid !== undefined && p.mt_ready !== undefined;
    if (p.cp_we.v && p.cp_commit.v) this.record(cycle, handshake);
    if (handshake && p.mt_valid!.v && p.mt_ready!.v) this.record(cycle, false);
  }

  private record(cycle: number, skipMaintenance: boolean): void {
    const p = this.p;
    const { crn, crm, op2 } = decodeCpReg(p.cp_reg.v);
    const kind = classifyCp15(SWITCH_POLICIES[this.config.switchPolicy], crn, crm, op2);
    if (skipMaintenance && (kind === 'tlb' || kind === 'cache')) return;
    this.cp15.push({ ...at(cycle, p.e_pc.v, p.e_instr.v), crn, crm, op2, value: p.cp_wdata.v, kind, name: cp15Name(crn, crm, op2) });
    if (kind === 'switch' && crn === 2) this.ttbrs.add((p.cp_wdata.v & 0xffff_c000) >>> 0);
  }

  /** The report so far (windows completed; a window still open is named, not judged). */
  report(): HandoffReport {
    const judged = this.ipcs.filter((i) => i.judged);
    // A kernel entry still open when the run ends (the exit system call) is judged as far as it went.
    const open = this.openEntry();
    const entries = open ? [...this.entries, open] : this.entries;
    const failures = [...judged.flatMap((i) => i.failures), ...entries.flatMap((e) => e.failures)];
    if (judged.length === 0) failures.push(noJudgedReason(this.ipcs, this.config.judgeSlowPath));
    if (this.untrackedLoads > 0) failures.push(`checker: ${this.untrackedLoads} loaded values reached a register without their data access being seen (a tracking fault: report it)`);
    const sum = (f: (i: IpcReport) => number): number => judged.reduce((a, i) => a + f(i), 0);
    const r: HandoffReport = {
      verdict: failures.length === 0 ? 'pass' : 'fail',
      failures,
      ipcs: this.ipcs,
      entries,
      judgedIpcs: judged.length,
      registerMRsWritten: sum((i) => i.registerMRs.writes.length),
      registerMRsStored: sum((i) => i.registerMRs.stores.length + i.registerMRs.leaks.length),
      utcbWordsCopied: sum((i) => i.utcb.wordsCopied),
      stagedWords: sum((i) => i.utcb.staged.length),
      pageTableWrites: sum((i) => i.remap.pageTableWrites.length),
      maintenanceOps: sum((i) => i.remap.disallowed.length),
      deliveryMismatches: sum((i) => i.delivery.mismatches.length + (i.delivery.unreadable ? 1 : 0)),
      untrackedLoads: this.untrackedLoads,
    };
    return this.inIpc ? { ...r, openTrapCycle: this.trapCycle } : r;
  }
}

/** Changes of Execute's pc kept to find where the instruction that left the slow path entered Execute. */
const EXEC_LOG = 16;

/** Where a window left its slow path (HandoffEngine.slowLeft). */
export interface SlowLeft {
  readonly cycle: number;
  readonly pc: number;
  readonly cp15From: number;
}

/** The code of the phases in `only`: from each of their markers to the next marker of any phase (the last: to the end of the address space). */
export function fastOnlyRanges(phases: ReadonlyMap<number, string>, only: ReadonlySet<string>): Array<readonly [number, number]> {
  const markers = [...phases].map(([a, phase]) => [a >>> 0, phase] as const).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  markers.forEach(([a, phase], k) => {
    if (!only.has(phase)) return;
    const end = k + 1 < markers.length ? markers[k + 1]![0] : 0x1_0000_0000;
    const last = out[out.length - 1];
    if (last && last[1] === a) last[1] = end;
    else out.push([a, end]);
  });
  return out;
}

/** `pc` lies in one of the sorted, disjoint ranges. */
function inRanges(ranges: ReadonlyArray<readonly [number, number]>, pc: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  const x = pc >>> 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]![1] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length && ranges[lo]![0] <= x;
}

/** Why no window was judged, computed from the windows seen. */
function noJudgedReason(ipcs: readonly IpcReport[], judgeSlowPath: boolean): string {
  if (ipcs.length === 0) return 'no IPC observed (an IPC SWI or an interrupt from user mode followed by a return to user mode)';
  const handOffs = ipcs.filter((i) => i.kind !== 'no hand-off');
  if (handOffs.length === 0) return `no hand-off in ${ipcs.length} IPC${ipcs.length === 1 ? '' : 's'}: no window ended in the destination thread (e.g. ${ipcs[0]!.summary})`;
  const slow = handOffs.filter((i) => i.path === 'slow');
  return `no fast-path hand-off judged: ${handOffs.length} hand-off${handOffs.length === 1 ? '' : 's'}, ${slow.length} on the slow path${judgeSlowPath ? '' : ' (not judged: the claims are the fast path\'s)'}`;
}

