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
import { checkHandoffVcd } from '../../testbench/checkers/vcd-handoff.ts';
import { handoffConfigFor, runIpcScenario, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import type { KernelMutant } from './kernel-mutants.ts';
import { rulesOf } from './rules-of.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-mutants-'));

export const MUTANT_BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 2 };

/** Runs the mutant and asserts everything; returns the rules it was caught by. */
export async function checkMutant(m: KernelMutant, base: IpcScenarioOptions = MUTANT_BASE, build?: Partial<IpcScenarioOptions>): Promise<RuleName[]> {
  const vcd = join(dir, `${m.name}.vcd`);
  const r = await runIpcScenario({ ...base, ...build, vcd, margin: 20, patchKernel: m.patch });
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
  // The waveform shows the failing hand-off, and the VCD alone gives its report exactly.
  expect(r.vcd).toMatchObject({ ipc: failing!.index, agrees: true, verdict: 'fail', why: 'the first IPC that failed a claim' });
  const config = { ...handoffConfigFor(r.built), counters: memorySystemCounters('top.sys.mem'), window: { from: r.vcd!.from, to: r.vcd!.to } };
  const bytes = readFileSync(vcd);
  for (const rule of m.rules) {
    const weakened = await checkHandoffVcd(bytes, { ...config, disabledRules: [rule] });
    const same = weakened.ipcs.find((i) => i.trapCycle === failing!.trapCycle)!;
    expect(rulesOf(same), `${m.name} with ${rule} off`).not.toEqual(rules);
  }
  return rules;
}
