// Runs a built system on the reference model one instruction at a time and records which IPC
// phase symbols (kernel/abi.ts IPC_PHASE_SYMBOLS and the slow-path entry) were executed, in order.
import { VersatileMachine } from '../../testbench/reference/index.ts';
import { IPC_PHASE_SYMBOLS } from '../../kernel/abi.ts';
import type { BuiltSystem } from '../../kernel/build.ts';

export interface PhaseTrace {
  readonly events: string[];
  readonly uart: string;
  readonly stop: string;
  readonly machine: VersatileMachine;
}

export function tracePhases(sys: BuiltSystem, maxInstructions = 5_000_000): PhaseTrace {
  const names = new Map<number, string>();
  for (const n of [...IPC_PHASE_SYMBOLS, 'ipc_slowpath']) names.set(sys.kernelSymbol(n), n);
  const m = new VersatileMachine();
  m.loadImage(sys.image);
  const events: string[] = [];
  for (let i = 0; i < maxInstructions; i++) {
    const e = m.step();
    if (e === undefined) break;
    if (e.pc !== undefined) {
      const n = names.get(e.pc);
      if (n) events.push(n);
    }
  }
  const stop = m.core.stop;
  return { events, uart: m.uartOutput(), stop: stop ? stop.kind : 'budget', machine: m };
}

/** For every IPC trap: 'fast' if it reached ipc_exit, else the last check passed before the slow path. */
export function fastPathOutcomes(events: readonly string[]): string[] {
  const out: string[] = [];
  let last = '';
  for (const e of events) {
    if (e === 'ipc_entry') last = 'ipc_entry';
    else if (e === 'ipc_exit') out.push('fast');
    else if (e === 'ipc_slowpath') out.push(`slow@${last}`);
    else if (e.startsWith('fastpath_check_') || e === 'ipc_fastpath') last = e;
  }
  return out;
}
