// The per-cycle logic shared by the online monitor and the VCD checker: find each IPC (the
// sender's SWI retiring from user mode, then the first instruction retiring in user mode: the
// receiver's), work out the kernel's data-port transaction of the cycle, and drive the monitors.
// It only reads probes, so fed from the live design or from a waveform it reaches the same report.
import { EXC_SWI, MODE_USR, PHYS_NAMES } from '../../rtl/core/arm.ts';
import { rangeOf, type ResolvedConfig } from './config.ts';
import { CostMonitor, type NamedCounter } from './cost-monitor.ts';
import type { CycleContext } from './monitor.ts';
import type { HandoffProbes, Probe } from './probes.ts';
import { RegisterMrMonitor } from './register-mr-monitor.ts';
import { RemapMonitor } from './remap-monitor.ts';
import type { BusEvidence, HandoffReport, IpcReport } from './report.ts';
import { UtcbMonitor } from './utcb-monitor.ts';

const UNKNOWN_MODE = -1;

export class HandoffEngine {
  readonly registerMRs: RegisterMrMonitor;
  readonly utcb: UtcbMonitor;
  readonly remap: RemapMonitor;
  readonly cost: CostMonitor;
  readonly ipcs: IpcReport[] = [];

  /** Mode the last retired instruction left the core in: the mode the next one runs in. */
  private lastMode = UNKNOWN_MODE;
  private started = false;
  private trapCycle = -1;
  private trapPc = 0;
  /** Physical register whose value the store now entering Memory carries (-1: none/unknown). */
  private storeSource = -1;
  private readonly ctx: CycleContext = { cycle: 0, access: null, storeSource: -1 };

  constructor(
    private readonly p: HandoffProbes,
    private readonly config: ResolvedConfig,
    counters: readonly NamedCounter[] = [],
    mrValues: readonly Probe[] = [],
  ) {
    this.registerMRs = new RegisterMrMonitor(p, config, mrValues);
    this.utcb = new UtcbMonitor(config);
    this.remap = new RemapMonitor(p, config);
    this.cost = new CostMonitor(p, config, counters);
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
        if (before === MODE_USR) this.finish(cycle, p.ret_pc.v);
        else this.cost.retire(cycle, p.ret_pc.v);
      }
      if (!this.inIpc && before === MODE_USR && p.ret_exc.v === EXC_SWI && this.isIpcSwi(p.ret_instr.v)) this.begin(cycle, p.ret_pc.v);
    }
    if (this.inIpc) {
      const ctx = this.ctx;
      ctx.cycle = cycle;
      ctx.storeSource = this.storeSource;
      ctx.access = this.kernelAccess(cycle);
      this.registerMRs.cycle(ctx);
      this.utcb.cycle(ctx);
      this.remap.cycle(ctx);
      this.cost.cycle(ctx);
    }
    // Execute hands its uop to Memory at this edge: remember which register a store's data is.
    if (p.m_take.v) {
      const store = p.x_valid.v && p.x_mem.v && !p.x_load.v && p.e_rc_en.v && !p.e_use_latch.v;
      this.storeSource = store ? p.e_rc.v : -1;
    }
  }

  private isIpcSwi(instr: number): boolean {
    const swis = this.config.ipcSwis;
    return swis === null || swis.has(instr & 0xff_ffff);
  }

  private begin(cycle: number, pc: number): void {
    this.trapCycle = cycle;
    this.trapPc = pc;
    this.registerMRs.begin();
    this.utcb.begin();
    this.remap.begin();
    this.cost.begin(cycle);
  }

  private finish(cycle: number, pc: number): void {
    const registerMRs = this.registerMRs.end();
    const utcb = this.utcb.end();
    const remap = this.remap.end();
    const cost = this.cost.end(cycle);
    const failures: string[] = [];
    for (const w of registerMRs.writes) failures.push(`cycle ${w.cycle}: MR register ${w.register} written on ${w.port} (${w.cause === 'load' ? `loaded from ${hex(w.address ?? 0)}` : 'result'} of the instruction at ${hex(w.pc)}, data ${hex(w.data)})`);
    for (const s of registerMRs.stores) failures.push(`cycle ${s.cycle}: MR register ${s.sourceRegister ?? '?'} stored to ${hex(s.address)} by the instruction at ${hex(s.pc)}`);
    for (const s of utcb.unmatchedStores) failures.push(`cycle ${s.cycle}: UTCB store to ${hex(s.address)} (${s.region ?? ''}) of ${hex(s.data)} was not loaded from another UTCB at that offset`);
    if (utcb.fromUtcbs.length > 1 || utcb.toUtcbs.length > 1) failures.push(`UTCB words copied from ${utcb.fromUtcbs.join(', ')} to ${utcb.toUtcbs.join(', ')}: one sender and one receiver expected`);
    for (const s of utcb.kernelBufferStores) failures.push(`cycle ${s.cycle}: store to kernel buffer ${s.region ?? ''} at ${hex(s.address)} (data ${hex(s.data)}, pc ${hex(s.pc)})`);
    for (const s of remap.pageTableWrites) failures.push(`cycle ${s.cycle}: page-table write at ${hex(s.address)} (pc ${hex(s.pc)})`);
    if (remap.tlbOps > remap.tlbOpsAllowed) {
      const at = remap.cp15Writes.filter((w) => w.kind === 'tlb').map((w) => `cycle ${w.cycle} pc ${hex(w.pc)} c8,c${w.crm},${w.op2}`);
      failures.push(`${remap.tlbOps} TLB maintenance operations (${at.join('; ')}), ${remap.tlbOpsAllowed} allowed ${remap.spaceSwitch ? 'with' : 'without'} an address-space switch`);
    }
    const index = this.ipcs.length;
    const slow = cost.phases.some((ph) => this.config.slowPathPhases.has(ph.phase));
    this.ipcs.push({
      index,
      trapCycle: this.trapCycle,
      resumeCycle: cycle,
      trapPc: this.trapPc,
      resumePc: pc,
      verdict: failures.length === 0 ? 'pass' : 'fail',
      failures: failures.map((f) => `IPC ${index}: ${f}`),
      path: slow ? 'slow' : 'fast',
      judged: !slow || this.config.judgeSlowPath,
      registerMRs,
      utcb,
      remap,
      cost,
    });
    this.trapCycle = -1;
  }

  /** The kernel's data-port transaction completing this cycle (user-mode ones are not the IPC's). */
  private kernelAccess(cycle: number): BusEvidence | null {
    const p = this.p;
    if (!p.d_req.v || !p.d_ready.v || p.d_abort.v || (p.m_cpsr.v & 0x1f) === MODE_USR) return null;
    const c = this.config;
    const address = p.d_addr.v;
    const write = p.d_we.v !== 0;
    const range = rangeOf(c.utcbs, address) ?? rangeOf(c.kernelBuffers, address) ?? rangeOf(c.pageTables, address);
    const e: { -readonly [K in keyof BusEvidence]: BusEvidence[K] } = { cycle, pc: p.m_pc.v, address, write, size: p.d_size.v, data: write ? p.d_wdata.v : p.d_rdata.v };
    if (range) e.region = range.name;
    if (write && this.storeSource >= 0) e.sourceRegister = PHYS_NAMES[this.storeSource]!;
    return e;
  }

  /** The report so far (IPCs completed; an IPC still open is named, not judged). */
  report(): HandoffReport {
    const judged = this.ipcs.filter((i) => i.judged);
    const failures = judged.flatMap((i) => i.failures);
    const unjudged = this.ipcs.length - judged.length;
    if (judged.length === 0) {
      failures.push(`no ${unjudged > 0 ? 'fast-path ' : ''}IPC observed (an IPC SWI from user mode followed by a return to user mode)${unjudged > 0 ? `: ${unjudged} slow-path IPCs reported, not judged` : ''}`);
    }
    const sum = (f: (i: IpcReport) => number): number => judged.reduce((a, i) => a + f(i), 0);
    const r: HandoffReport = {
      verdict: failures.length === 0 ? 'pass' : 'fail',
      failures,
      ipcs: this.ipcs,
      judgedIpcs: judged.length,
      registerMRsWritten: sum((i) => i.registerMRs.writes.length),
      registerMRsStored: sum((i) => i.registerMRs.stores.length),
      utcbWordsCopied: sum((i) => i.utcb.wordsCopied),
      kernelBufferStores: sum((i) => i.utcb.kernelBufferStores.length),
      pageTableWrites: sum((i) => i.remap.pageTableWrites.length),
    };
    return this.inIpc ? { ...r, openTrapCycle: this.trapCycle } : r;
  }
}

export function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}
