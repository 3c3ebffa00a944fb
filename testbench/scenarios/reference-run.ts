// Runs a built system on the reference model (ISS) until the kernel exits (semihosting SYS_EXIT)
// or a budget of instructions is spent. Returns the UART output and the machine for inspection.
import { VersatileMachine, type MachineConfig } from '../reference/index.ts';
import type { BuiltSystem } from '../../kernel/build.ts';

export interface RunOutcome {
  readonly uart: string;
  readonly stop: string;
  readonly exitCode: number | undefined;
  readonly instructions: number;
  readonly machine: VersatileMachine;
}

export function runOnReference(sys: BuiltSystem, options: { maxInstructions?: number; machine?: MachineConfig } = {}): RunOutcome {
  const m = new VersatileMachine(options.machine);
  m.loadImage(sys.image);
  const budget = options.maxInstructions ?? 50_000_000;
  const stop = m.run(budget).stop;
  return {
    uart: m.uartOutput(),
    stop: stop ? stop.kind : 'budget',
    exitCode: stop && stop.kind === 'exit' ? stop.code : undefined,
    instructions: m.core.instret,
    machine: m,
  };
}
