// Reproduces red-team variants by name (kernel-mutants-redteam.ts): runs each like `npm start`'s
// scenario and prints the verdict section npm start would print, the first failing hand-off's
// rules next to the rules the variant expects, and the programs' outcome.
//   npx tsx tests/checkers/kernel-mutants-redteam-repro.ts <variant> [<variant> ...]
//   npx tsx tests/checkers/kernel-mutants-redteam-repro.ts --list
import { verdictText } from '../../testbench/checkers/verdict-text.ts';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { REDTEAM_BROKEN, REDTEAM_CORRECT } from './kernel-mutants-redteam.ts';
import { runSameSpace } from './kernel-mutants-redteam-run.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';
import { rulesOf } from './rules-of.ts';

const variants = [...REDTEAM_BROKEN.map((m) => ({ ...m, expected: [...m.rules].sort(), gap: m.escape })), ...REDTEAM_CORRECT.map((v) => ({ ...v, expected: [] as string[], gap: v.falseAlarm }))];
const args = process.argv.slice(2);
if (args.length === 0 || args.includes('--list')) {
  for (const v of variants) console.log(`${v.name}${v.gap ? `  [known: ${v.gap}]` : ''}`);
  process.exit(args.length === 0 ? 2 : 0);
}
for (const name of args) {
  const v = variants.find((x) => x.name === name);
  if (!v) throw new Error(`no red-team variant ${JSON.stringify(name)} (--list names them)`);
  const o = { ...MUTANT_BASE, ...v.options };
  const r = v.sameSpace ? runSameSpace(o, v.patch) : await runIpcScenario({ ...o, patchKernel: v.patch });
  const failing = r.report.ipcs.find((i) => i.judged && i.verdict === 'fail');
  console.log(`== ${v.name}: ${v.story}`);
  console.log(`   options ${JSON.stringify({ ...o, ...(v.sameSpace ? { sameSpace: true } : {}) })}`);
  for (const line of verdictText(r.report, o.registerMrs)) console.log(`   ${line}`);
  console.log(`   first failing hand-off: [${failing ? rulesOf(failing).join(', ') : ''}]; expected from the claim: [${v.expected.join(', ')}]`);
  console.log(`   programs: ${r.outcome.ok ? 'ok' : r.outcome.problems.join('; ')}`);
}
