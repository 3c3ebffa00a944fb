// Claim 1: MRs held in registers are not copied. Between trap and resume, no register-file write
// port writes a register that holds an MR, and no store takes its data from one.
import { PHYS_NAMES } from '../../rtl/core/arm.ts';
import type { ResolvedConfig } from './config.ts';
import type { CycleContext, IpcMonitor } from './monitor.ts';
import type { HandoffProbes, Probe } from './probes.ts';
import type { BusEvidence, RegisterMrReport, RegisterWriteEvidence } from './report.ts';

export class RegisterMrMonitor implements IpcMonitor<RegisterMrReport> {
  private writes: RegisterWriteEvidence[] = [];
  private stores: BusEvidence[] = [];
  private atTrap: number[] = [];
  private readonly names: readonly string[];

  /** `values`: probes of the MR registers' entries, in `mrRegisterList(config)` order. */
  constructor(
    private readonly p: HandoffProbes,
    private readonly config: ResolvedConfig,
    private readonly values: readonly Probe[],
  ) {
    this.names = mrRegisterList(config).map((r) => PHYS_NAMES[r]!);
  }

  begin(): void {
    this.writes = [];
    this.stores = [];
    this.atTrap = this.values.map((x) => x.v);
  }

  cycle(ctx: CycleContext): void {
    const p = this.p;
    const mrs = this.config.mrRegisters;
    if (p.w0_en.v && mrs.has(p.w0_addr.v)) this.writes.push(this.write(ctx.cycle, 'w0', p.w0_addr.v, p.w0_data.v, true));
    // Writeback's port 1 carries base writeback and high words: never loaded data.
    if (p.w1_en.v && mrs.has(p.w1_addr.v)) this.writes.push(this.write(ctx.cycle, 'w1', p.w1_addr.v, p.w1_data.v, false));
    if (ctx.access?.write && mrs.has(ctx.storeSource)) this.stores.push(ctx.access);
  }

  private write(cycle: number, port: 'w0' | 'w1', physical: number, data: number, canLoad: boolean): RegisterWriteEvidence {
    const p = this.p;
    const load = canLoad && p.wb_mem.v !== 0 && p.wb_load.v !== 0;
    const base = { cycle, port, physical, register: PHYS_NAMES[physical]!, data, pc: p.wb_pc.v };
    return load ? { ...base, cause: 'load', address: p.wb_addr.v } : { ...base, cause: 'result' };
  }

  end(): RegisterMrReport {
    const ok = this.writes.length === 0 && this.stores.length === 0;
    return {
      verdict: ok ? 'pass' : 'fail',
      registers: this.names,
      valuesAtTrap: this.atTrap,
      valuesAtResume: this.values.map((x) => x.v),
      writes: this.writes,
      stores: this.stores,
    };
  }
}

/** The MR registers in ascending order: the order of their values in the report. */
export function mrRegisterList(config: ResolvedConfig): number[] {
  return [...config.mrRegisters].sort((a, b) => a - b);
}
