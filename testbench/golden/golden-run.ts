// One call: run an ELF on QEMU and on a fresh reference machine, compare in lockstep.
import { VersatileMachine, type MachineConfig } from '../reference/machine.ts';
import { formatDivergence } from './divergence.ts';
import { lockstepWithQemu, type LockstepOptions, type LockstepResult } from './lockstep.ts';
import { parseQemuLog } from './qemu-log.ts';
import { runQemu, type QemuRunOptions } from './qemu-run.ts';

export interface GoldenComparison extends LockstepResult {
  /** Empty when the model and QEMU agree; otherwise the divergence report. */
  readonly report: string;
  readonly qemuInstructions: number;
}

export function compareElfWithQemu(
  elf: Uint8Array,
  options: LockstepOptions & QemuRunOptions & { readonly machine?: MachineConfig } = {},
): GoldenComparison {
  const run = runQemu(elf, options);
  const trace = parseQemuLog(run.log);
  const machine = new VersatileMachine(options.machine);
  machine.loadElf(elf);
  const result = lockstepWithQemu(machine, trace, run, options);
  let report = result.divergence ? formatDivergence(result.divergence) : '';
  if (!report && trace.records.length === 0) report = 'QEMU produced no trace records';
  if (!report && run.timedOut) report = `QEMU timed out after ${trace.records.length} instructions`;
  return { ...result, report, qemuInstructions: trace.records.length };
}
