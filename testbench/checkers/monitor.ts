// The shape every per-IPC monitor has: the engine opens a window at the sender's trap, hands it
// every cycle of the window (trap cycle included, the receiver's first user instruction excluded)
// and closes it at the resume, when the monitor returns its report.
import type { BusEvidence } from './report.ts';

/** What the engine has already worked out for this cycle (one object, reused every cycle). */
export interface CycleContext {
  cycle: number;
  /** The kernel data-port transaction completing this cycle, if any. */
  access: BusEvidence | null;
  /** Physical register whose value that transaction stores (-1: none or unknown). */
  storeSource: number;
}

export interface IpcMonitor<R> {
  begin(trapCycle: number): void;
  cycle(ctx: CycleContext): void;
  /** An instruction retired inside the window (not the trap, not the resume). */
  retire?(cycle: number, pc: number): void;
  end(resumeCycle: number): R;
}
