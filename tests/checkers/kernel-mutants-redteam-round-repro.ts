// Prints what the checker says about a red-team round's variants (rounds 7, 8 and 9: kernel-mutants-redteam-round<N>.ts), by name, with
// the leak counter the broken ones keep in mutant_buf + 60 (read through the debug port: KDATA of FCSE).
//   npx tsx tests/checkers/kernel-mutants-redteam-round-repro.ts <round> <variant> [<variant> ...]   (or --all)
import { verdictText } from '../../testbench/checkers/verdict-text.ts';
import { buildIpcScenario, handoffConfigFor, runBuiltScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { runOutcome } from '../../testbench/scenarios/outcome.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';
import { REDTEAM8_BROKEN, REDTEAM8_CORRECT } from './kernel-mutants-redteam-round7.ts';
import { REDTEAM9_BROKEN, REDTEAM9_CORRECT } from './kernel-mutants-redteam-round8.ts';
import { REDTEAM10_BROKEN, REDTEAM10_CORRECT } from './kernel-mutants-redteam-round9.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';
import { rulesOf } from './rules-of.ts';

const ROUNDS: Readonly<Record<string, readonly [readonly RedteamMutant[], readonly CorrectVariant[]]>> = {
  '7': [REDTEAM8_BROKEN, REDTEAM8_CORRECT],
  '8': [REDTEAM9_BROKEN, REDTEAM9_CORRECT],
  '9': [REDTEAM10_BROKEN, REDTEAM10_CORRECT],
};
const [round, ...args] = process.argv.slice(2);
const lists = ROUNDS[round ?? ''];
if (!lists) throw new Error(`usage: kernel-mutants-redteam-round-repro.ts <round: ${Object.keys(ROUNDS).join(', ')}> <variant>... | --all`);
const [broken, correct] = lists;
const variants = [...broken.map((m) => ({ ...m, expected: [...m.rules].sort() })), ...correct.map((v) => ({ ...v, expected: [] as string[] }))];
const names = args.includes('--all') ? variants.map((v) => v.name) : args;
for (const name of names) {
  const v = variants.find((x) => x.name === name);
  if (!v) throw new Error(`no variant ${name}`);
  const o = { ...MUTANT_BASE, ...v.options };
  const t0 = Date.now();
  try {
    const built = buildIpcScenario({ ...o, patchKernel: v.patch });
    const run = runBuiltScenario(o, built, handoffConfigFor(built));
    const report = run.checker.report();
    const outcome = runOutcome(run.bench.sys.soc.uart0.transmittedText(), run.exited, run.exitReason, ['pingpong']);
    const r = { report, outcome, exited: run.exited };
    let buf = '';
    try { const a = built.kernelSymbol('mutant_buf') + 0x20000000; buf = `mutant_buf[0] = 0x${run.bench.sys.debug.readWord(a).value.toString(16)}, leaks counted ${run.bench.sys.debug.readWord(a + 60).value}`; } catch (e) { buf = String(e); }
    const failing = r.report.ipcs.find((i) => i.judged && i.verdict === 'fail');
    console.log(`== ${v.name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    for (const line of verdictText(r.report, o.registerMrs)) console.log(`   ${line}`);
    console.log(`   first failing hand-off: [${failing ? rulesOf(failing).join(', ') : ''}]; expected: [${v.expected.join(', ')}]`);
    console.log(`   entries failing: ${r.report.entries.filter((e) => e.verdict === 'fail').length}; failures: ${r.report.failures.slice(0, 3).join(' | ')}`);
    console.log(`   ${buf}`);
    console.log(`   programs: ${r.outcome.ok ? 'ok' : r.outcome.problems.join('; ')}; exited ${r.exited}; judged ${r.report.ipcs.filter((i) => i.judged).length} of ${r.report.ipcs.length} IPC windows`);
  } catch (e) {
    console.log(`== ${v.name}: ERROR ${(e as Error).message.slice(0, 500)}`);
  }
}
