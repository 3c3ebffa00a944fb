// The rules an IPC failed, from its failure lines ("IPC n: <rule>: ...").
import type { RuleName } from '../../testbench/checkers/config.ts';
import type { IpcReport } from '../../testbench/checkers/report.ts';

export function rulesOf(i: IpcReport): RuleName[] {
  return [...new Set(i.failures.map((f) => /^IPC \d+: ([a-z-]+):/.exec(f)?.[1] as RuleName))].sort();
}
