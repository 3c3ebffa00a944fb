// Claim 5: small code, few pages. Per IPC: cycles, kernel instructions, distinct I- and D-side
// cache lines and pages, loads and stores, time per phase (from kernel symbols), and the deltas of
// whatever cache/TLB counters the memory system provides.
import { MODE_USR } from '../../rtl/core/arm.ts';
import type { ResolvedConfig } from './config.ts';
import type { HandoffProbes, Probe } from './probes.ts';
import type { CostReport, PhaseSpan } from './report.ts';

export interface NamedCounter {
  readonly name: string;
  readonly probe: Probe;
}

/** Phase of the cycles between the trap and the first phase marker. */
export const TRAP_PHASE = 'trap';

export class CostMonitor {
  private start = 0;
  private instructions = 0;
  private loads = 0;
  private stores = 0;
  private readonly iLines = new Set<number>();
  private readonly iPages = new Set<number>();
  private readonly dLines = new Set<number>();
  private readonly dPages = new Set<number>();
  private phases: PhaseSpan[] = [];
  private phase = TRAP_PHASE;
  private phaseStart = 0;
  private phaseInstructions = 0;
  private counterStart: number[] = [];
  private readonly lineShift: number;
  private readonly pageShift: number;

  constructor(
    private readonly p: HandoffProbes,
    private readonly config: ResolvedConfig,
    private readonly counters: readonly NamedCounter[],
  ) {
    this.lineShift = Math.log2(config.lineBytes);
    this.pageShift = Math.log2(config.pageBytes);
  }

  begin(trapCycle: number): void {
    this.start = trapCycle;
    this.instructions = this.loads = this.stores = 0;
    for (const s of [this.iLines, this.iPages, this.dLines, this.dPages]) s.clear();
    this.phases = [];
    this.phase = TRAP_PHASE;
    this.phaseStart = trapCycle;
    this.phaseInstructions = 0;
    this.counterStart = this.counters.map((c) => c.probe.v);
  }

  /** One cycle of the window: the fetch and the kernel's data access that complete in it. */
  cycle(): void {
    const p = this.p;
    if (p.i_req.v && p.i_ready.v) {
      const a = p.i_addr.v;
      this.iLines.add(a >>> this.lineShift);
      this.iPages.add(a >>> this.pageShift);
    }
    if (p.d_req.v && p.d_ready.v && !p.d_abort.v && (p.m_cpsr.v & 0x1f) !== MODE_USR) {
      const a = p.d_addr.v;
      this.dLines.add(a >>> this.lineShift);
      this.dPages.add(a >>> this.pageShift);
      if (p.d_we.v) this.stores++;
      else this.loads++;
    }
  }

  retire(cycle: number, pc: number): void {
    this.instructions++;
    const next = this.config.phases.get(pc);
    if (next !== undefined && next !== this.phase) {
      this.closePhase(cycle);
      this.phase = next;
      this.phaseStart = cycle;
    }
    this.phaseInstructions++;
  }

  private closePhase(cycle: number): void {
    this.phases.push({ phase: this.phase, startCycle: this.phaseStart, cycles: cycle - this.phaseStart, instructions: this.phaseInstructions });
    this.phaseInstructions = 0;
  }

  end(resumeCycle: number): CostReport {
    this.closePhase(resumeCycle);
    const counters: Record<string, number> = {};
    this.counters.forEach((c, k) => (counters[c.name] = (c.probe.v - this.counterStart[k]!) >>> 0));
    return {
      cycles: resumeCycle - this.start,
      kernelInstructions: this.instructions,
      iLines: this.iLines.size,
      iPages: this.iPages.size,
      dLines: this.dLines.size,
      dPages: this.dPages.size,
      kernelLoads: this.loads,
      kernelStores: this.stores,
      phases: this.phases,
      counters,
    };
  }
}
