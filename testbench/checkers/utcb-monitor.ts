// Claim 2: MRs in the UTCB are copied directly. Every word stored into a UTCB's MR area must have
// been loaded, in this IPC, from another UTCB at the same offset with the same value; no store
// goes to a kernel buffer; all copied words go from one UTCB (the sender's) to one (the receiver's).
import { rangeOf, type ResolvedConfig } from './config.ts';
import type { CycleContext, IpcMonitor } from './monitor.ts';
import type { BusEvidence, UtcbCopy, UtcbReport } from './report.ts';

const SIZE_WORD = 2;

export class UtcbMonitor implements IpcMonitor<UtcbReport> {
  /** Word loads from UTCB MR areas not yet matched by a store, by offset. */
  private loads = new Map<number, BusEvidence[]>();
  private copies: UtcbCopy[] = [];
  private unmatched: BusEvidence[] = [];
  private bufferStores: BusEvidence[] = [];
  private utcbLoads = 0;
  private utcbStores = 0;

  constructor(private readonly config: ResolvedConfig) {}

  begin(): void {
    this.loads = new Map();
    this.copies = [];
    this.unmatched = [];
    this.bufferStores = [];
    this.utcbLoads = 0;
    this.utcbStores = 0;
  }

  cycle(ctx: CycleContext): void {
    const a = ctx.access;
    if (!a) return;
    const c = this.config;
    const utcb = rangeOf(c.utcbs, a.address);
    if (!utcb) {
      if (a.write && rangeOf(c.kernelBuffers, a.address)) this.bufferStores.push(a);
      return;
    }
    const offset = a.address - utcb.base;
    const inMrArea = offset >= c.utcbMrArea.from && offset < c.utcbMrArea.to;
    if (!a.write) {
      this.utcbLoads++;
      if (inMrArea && a.size === SIZE_WORD) {
        const list = this.loads.get(offset);
        if (list) list.push(a);
        else this.loads.set(offset, [a]);
      }
      return;
    }
    this.utcbStores++;
    if (!inMrArea) return;
    const list = this.loads.get(offset) ?? [];
    const k = list.findIndex((l) => l.data === a.data && l.region !== utcb.name);
    if (a.size === SIZE_WORD && k >= 0) {
      this.copies.push({ load: list[k]!, store: a, offset });
      list.splice(k, 1);
    } else this.unmatched.push(a);
  }

  end(): UtcbReport {
    const fromUtcbs = [...new Set(this.copies.map((c) => c.load.region!))];
    const toUtcbs = [...new Set(this.copies.map((c) => c.store.region!))];
    const ok = this.unmatched.length === 0 && this.bufferStores.length === 0 && fromUtcbs.length <= 1 && toUtcbs.length <= 1;
    return {
      verdict: ok ? 'pass' : 'fail',
      wordsCopied: this.copies.length,
      copies: this.copies,
      unmatchedStores: this.unmatched,
      kernelBufferStores: this.bufferStores,
      fromUtcbs,
      toUtcbs,
      utcbLoads: this.utcbLoads,
      utcbStores: this.utcbStores,
    };
  }
}
