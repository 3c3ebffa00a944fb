// Runs one broken kernel (kernel-mutants.ts) through `npm start`'s scenario and checks what the
// checkers said: the run fails, the first failing hand-off fails exactly the mutant's rules, the
// evidence names an injected instruction (or the receiver's resume), the waveform shows that
// hand-off and re-checked from the VCD alone gives the same report; and with any one of those rules
// switched off (a mutant of the checker) the re-check no longer gives the mutant's rule set.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { memorySystemCounters } from '../../testbench/checkers/counters.ts';
import type { RuleName } from '../../testbench/checkers/config.ts';
import type { IpcReport } from '../../testbench/checkers/report.ts';
import { checkHandoffVcd } from '../../testbench/checkers/vcd-handoff.ts';
import { handoffConfigFor, runIpcScenario, type IpcScenarioOptions, type IpcScenarioResult } from '../../testbench/scenarios/ipc-scenario.ts';
import type { KernelMutant } from './kernel-mutants.ts';
import { rulesOf } from './rules-of.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-mutants-'));

export const MUTANT_BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 2 };

/** Runs the mutant and asserts everything; returns the rules it was caught by. */
export async function checkMutant(m: KernelMutant, base: IpcScenarioOptions = MUTANT_BASE, build?: Partial<IpcScenarioOptions>): Promise<RuleName[]> {
  return assertCaught(m, await runMutant(m, base, build));
}

/** Builds and runs the mutant with its waveform (the run `assertCaught` judges). */
export function runMutant(m: KernelMutant, base: IpcScenarioOptions = MUTANT_BASE, build?: Partial<IpcScenarioOptions>): Promise<IpcScenarioResult> {
  return runIpcScenario({ ...base, ...build, vcd: join(dir, `${m.name}.vcd`), margin: 20, patchKernel: m.patch });
}

/** Asserts that the run of `m` was caught exactly as `m` says, online and on its VCD; returns the rules it was caught by. */
export async function assertCaught(m: KernelMutant, r: IpcScenarioResult): Promise<RuleName[]> {
  const { failing, rules } = assertFirstFailure(m, r);
  // The waveform shows the failing hand-off, and the VCD alone gives its report exactly.
  expect(r.vcd).toMatchObject({ ipc: failing.index, agrees: true, verdict: 'fail', why: 'the first IPC that failed a claim' });
  const config = { ...handoffConfigFor(r.built), counters: memorySystemCounters('top.sys.mem'), window: { from: r.vcd!.from, to: r.vcd!.to } };
  const bytes = readFileSync(r.vcd!.path);
  for (const rule of m.rules) {
    const weakened = await checkHandoffVcd(bytes, { ...config, disabledRules: [rule] });
    const same = weakened.ipcs.find((i) => i.trapCycle === failing.trapCycle)!;
    expect(rulesOf(same), `${m.name} with ${rule} off`).not.toEqual(rules);
  }
  return rules;
}

/** What `assertFirstFailure` reads of a run. */
export type JudgedRun = Pick<IpcScenarioResult, 'report' | 'outcome' | 'built'>;

/** The online part: the run fails, its first failing hand-off fails exactly `m.rules`, with the evidence where `m` says and the programs' outcome `m.programOk`. */
export function assertFirstFailure(m: KernelMutant, r: JudgedRun): { failing: IpcReport; rules: RuleName[] } {
  expect(r.report.verdict, m.story).toBe('fail');
  const failing = r.report.ipcs.find((i) => i.judged && i.verdict === 'fail');
  expect(failing, `${m.name}: a judged hand-off fails`).toBeDefined();
  const rules = rulesOf(failing!);
  expect(rules, `${m.name}: ${failing!.failures.join('\n')}`).toEqual([...m.rules].sort());
  const first = failing!.firstFailure!;
  if (m.evidence === 'site') {
    const site = r.built.kernelSymbol('mutant_site');
    const end = r.built.kernelSymbol('mutant_end');
    expect(first.pc >= site && first.pc < end, `${m.name}: evidence at ${first.pc.toString(16)} (${first.asm}), injected ${site.toString(16)}..${end.toString(16)}`).toBe(true);
  } else {
    expect(first.cycle).toBe(failing!.resumeCycle);
  }
  expect(r.outcome.ok, `${m.name}: ${r.outcome.problems.join('; ')}`).toBe(m.programOk);
  return { failing: failing!, rules };
}
