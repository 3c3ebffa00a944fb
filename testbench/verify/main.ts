// npm run verify -- --suite <isa|memory|kernel|handoff> --runs N --seed S [--path P] [--waves DIR]
// A failure prints the shrunk counterexample, the command that replays it and the waveform's path,
// and exits 1. --suite-module F loads a suite from a module (`export const suite`), for test-only models.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import { runSuite } from './run.ts';
import type { AnySuite } from './suite.ts';
import { SUITES } from './suites/index.ts';

const HELP = `npm run verify -- --suite NAME [--runs N] [--seed S] [--path P] [--waves DIR]
  --suite NAME        ${SUITES.map((s) => s.name).join(', ')}
${SUITES.map((s) => `                        ${s.name}: ${s.description}`).join('\n')}
  --suite-module F    load the suite from module F (export const suite) instead
  --runs N            generated inputs (default 100)
  --seed S            fast-check seed (default: from the clock; printed)
  --path P            replay the counterexample at this shrink path (printed on a failure)
  --waves DIR         where the counterexample's waveform goes (default waves/)`;

function parse(argv: readonly string[]): { suite?: string; module?: string; runs: number; seed: number; path?: string; waves: string } {
  const o: { suite?: string; module?: string; runs: number; seed: number; path?: string; waves: string } = { runs: 100, seed: Date.now() % 1_000_000_000, waves: resolve(REPO_ROOT, 'waves') };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const v = (): string => {
      const x = argv[++k];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const int = (): number => {
      const x = Number(v());
      if (!Number.isInteger(x) || x < 0) throw new Error(`${a} must be a non-negative integer`);
      return x;
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(HELP + '\n');
      process.exit(0);
    } else if (a === '--suite') o.suite = v();
    else if (a === '--suite-module') o.module = v();
    else if (a === '--runs') o.runs = Math.max(1, int());
    else if (a === '--seed') o.seed = int();
    else if (a === '--path') o.path = v();
    else if (a === '--waves') o.waves = resolve(v());
    else throw new Error(`unknown argument ${JSON.stringify(a)} (see --help)`);
  }
  return o;
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  let suite: AnySuite | undefined;
  if (o.module) suite = ((await import(pathToFileURL(resolve(o.module)).href)) as { suite: AnySuite }).suite;
  else suite = SUITES.find((s) => s.name === o.suite);
  if (!suite) throw new Error(`--suite: ${JSON.stringify(o.suite)} (allowed: ${SUITES.map((s) => s.name).join(', ')})`);
  process.stderr.write(`verify ${suite.name}: ${o.path !== undefined ? `replaying path ${o.path}` : `${o.runs} runs`}, seed ${o.seed}\n`);
  const r = await runSuite(suite, { runs: o.runs, seed: o.seed, wavesDir: o.waves, ...(o.path !== undefined ? { path: o.path } : {}), ...(o.module ? { replayArgs: ['--suite-module', o.module] } : {}) });
  if (r.ok) {
    process.stdout.write(`verify ${suite.name}: PASS, ${r.runs} runs, seed ${r.seed}\n`);
    return;
  }
  process.stdout.write(
    [
      `verify ${suite.name}: FAIL after ${r.runs} runs (seed ${r.seed})`,
      'counterexample (shrunk):',
      r.counterexample,
      'failure:',
      r.failure,
      `replay: ${r.replay}`,
      `waveform: ${r.waveform}`,
    ].join('\n') + '\n',
  );
  process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`verify: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
