// The JSON summary of a run: why it stopped, every architectural register, cycles, instructions,
// memory-system counters (RTL with the memory system) and the UART output.
import type { WarmStats } from '../machine/warm.ts';
import { ARCHITECTURAL_REGISTERS, type Machine, type RunResult, type StopReason } from '../machine/index.ts';

export interface SimSummary {
  readonly model: string;
  readonly stop: StopReason;
  readonly pc: number;
  readonly cycles: number;
  readonly instructions: number;
  readonly registers: Readonly<Record<string, number>>;
  readonly memory: Readonly<Record<string, unknown>> | null;
  readonly uart: string;
  /** With --fast-forward: where the reference model stopped, its instructions, and what warming did. */
  /** With --fast-forward: where the model stopped, what warming did, what the hand-off could not carry (warnings), and whether the RTL resumed a wait-for-interrupt. */
  readonly fastForward?: { readonly stop: StopReason; readonly instructions: number; readonly warm: WarmStats | null; readonly warnings: readonly string[]; readonly resumedWfi: boolean };
}

export function summary(m: Machine, result: RunResult): SimSummary {
  const c = m.counters();
  return {
    model: m.model,
    stop: result.stop,
    pc: m.pc,
    cycles: m.cycles,
    instructions: m.instructions,
    registers: Object.fromEntries(ARCHITECTURAL_REGISTERS.map((n) => [n, m.readRegister(n)])),
    memory: c.memory,
    uart: m.uartOutput(),
  };
}
