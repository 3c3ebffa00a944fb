// The asker's misconception: no page is remapped to move a message. The IPC path writes no
// page-table entry, and does TLB maintenance (MCR p15 c8) only as the address-space switch needs
// it: none without an address-space switch (a write of TTBR (c2) or FCSE PID / CONTEXTIDR (c13)),
// at most `tlbOpsPerSwitch` with one (an ASID switch writes both CONTEXTIDR and TTBR: one switch). A core
// with the memory system does maintenance as a handshake (execute.maint_valid/maint_ready); one
// without it, as a CP15 write (cp15.we).
import { rangeOf, type ResolvedConfig } from './config.ts';
import type { CycleContext, IpcMonitor } from './monitor.ts';
import type { HandoffProbes } from './probes.ts';
import type { BusEvidence, Cp15WriteEvidence, RemapReport } from './report.ts';

const CP_WFI = (7 << 8) | 4;

function kindOf(crn: number, reg: number): Cp15WriteEvidence['kind'] {
  if (crn === 8) return 'tlb';
  if (crn === 7 && reg !== CP_WFI) return 'cache';
  if (crn === 2 || crn === 3 || crn === 13) return 'switch';
  return 'other';
}

export class RemapMonitor implements IpcMonitor<RemapReport> {
  private ptWrites: BusEvidence[] = [];
  private cp15: Cp15WriteEvidence[] = [];

  constructor(
    private readonly p: HandoffProbes,
    private readonly config: ResolvedConfig,
  ) {}

  begin(): void {
    this.ptWrites = [];
    this.cp15 = [];
  }

  cycle(ctx: CycleContext): void {
    const a = ctx.access;
    if (a?.write && rangeOf(this.config.pageTables, a.address)) this.ptWrites.push(a);
    const p = this.p;
    const handshake = p.mt_valid !== undefined && p.mt_ready !== undefined;
    if (p.cp_we.v && p.cp_commit.v) this.record(ctx.cycle, handshake);
    // Maintenance through the memory system's handshake: done when it is accepted.
    if (handshake && p.mt_valid!.v && p.mt_ready!.v) this.record(ctx.cycle, false);
  }

  /** A CP15 operation of the MCR in Execute (maintenance ones skipped when `skipMaintenance`). */
  private record(cycle: number, skipMaintenance: boolean): void {
    const p = this.p;
    const reg = p.cp_reg.v;
    const crn = (reg >>> 8) & 15;
    const kind = kindOf(crn, reg);
    if (skipMaintenance && (kind === 'tlb' || kind === 'cache')) return;
    this.cp15.push({ cycle, pc: p.e_pc.v, crn, crm: (reg >>> 4) & 15, op2: reg & 7, value: p.cp_wdata.v, kind });
  }

  end(): RemapReport {
    const tlbOps = this.cp15.filter((w) => w.kind === 'tlb').length;
    const switchWrites = this.cp15.filter((w) => w.crn === 2 || w.crn === 13).length;
    const allowed = switchWrites > 0 ? this.config.tlbOpsPerSwitch : 0;
    const ok = this.ptWrites.length === 0 && tlbOps <= allowed;
    return {
      verdict: ok ? 'pass' : 'fail',
      pageTableWrites: this.ptWrites,
      tlbOps,
      tlbOpsAllowed: allowed,
      cacheOps: this.cp15.filter((w) => w.kind === 'cache').length,
      spaceSwitch: switchWrites > 0,
      switchWrites,
      cp15Writes: this.cp15,
    };
  }
}
