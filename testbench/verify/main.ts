// npm run verify -- --suite <name> --runs N --seed S [--path P] [--waves DIR]
// A failure prints the shrunk counterexample, the command that replays it and the waveform's path,
// and exits 1. --suite-module F loads a suite from a module (`export const suite`), for test-only models.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { helpText, parseArgs, UsageError, type OptionSpec } from '../cli/args.ts';
import { checkOutputDir } from '../cli/atomic-file.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../cli/run-main.ts';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import { runSuite } from './run.ts';
import type { AnySuite } from './suite.ts';
import { SUITES } from './suites/index.ts';

/** The seed when none is given: fixed, never the clock, so any run (and any failure) reproduces. */
export const DEFAULT_VERIFY_SEED = 2026;

const spec = {
  suite: { type: 'string', arg: 'NAME', help: 'the property suite (listed below)' },
  'suite-module': { type: 'string', arg: 'F', help: 'load the suite from module F (export const suite) instead; --suite, if given, must name it' },
  runs: { type: 'int', default: 100, min: 1, max: 10_000_000, help: 'generated inputs' },
  seed: { type: 'int', min: 0, max: 0x7fff_ffff, help: `fast-check seed (default ${DEFAULT_VERIFY_SEED}, fixed, so a run reproduces; give another to explore; printed)` },
  path: { type: 'string', arg: 'P', help: 'replay the one input at this shrink path (printed on a failure)' },
  waves: { type: 'string', arg: 'DIR', help: "where the counterexample's waveform goes (default waves/)" },
  help: { type: 'flag', short: 'h', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

const HELP = `npm run verify -- --suite NAME [--runs N] [--seed S] [--path P] [--waves DIR]
${helpText(spec)}
suites (scale targets: docs/STUDIES.md):
${SUITES.map((s) => `  ${s.name.padEnd(14)} ${s.description}`).join('\n')}`;

/** The module's exports; a file that is not a module node can load (a JSON file, /etc/passwd, a syntax error) is the user's to fix. */
async function importSuiteModule(file: string, module: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(file).href);
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new UsageError(`--suite-module ${module}: cannot load: ${first}`);
  }
}

async function loadSuite(module: string): Promise<AnySuite> {
  const file = resolve(module);
  if (!existsSync(file)) throw new UsageError(`--suite-module: no file ${module}`);
  // Run precompiled (scripts/launch.mjs), node cannot import TypeScript: tsx's loader is registered
  // for a suite written in it, and only then (its start-up is what precompiling saves).
  if (/\.[mc]?ts$/.test(file) && import.meta.url.endsWith('.js')) (await import('tsx/esm/api')).register();
  const m = (await importSuiteModule(file, module)) as { suite?: AnySuite };
  if (!m.suite || typeof m.suite.check !== 'function') throw new UsageError(`--suite-module ${module}: exports no suite (export const suite: Suite<T>)`);
  return m.suite;
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  const o = parseArgs(argv, spec).values;
  if (o.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  if (o.suite === undefined && o['suite-module'] === undefined) throw new UsageError(`--suite: name one of ${SUITES.map((s) => s.name).join(', ')} (see --help)`);
  if (o.suite !== undefined && o['suite-module'] === undefined && !SUITES.some((s) => s.name === o.suite)) throw new UsageError(`--suite must be one of ${SUITES.map((s) => s.name).join(', ')} (got ${JSON.stringify(o.suite)})`);
  if (o.path !== undefined && !/^\d+(:\d+)*$/.test(o.path)) throw new UsageError(`--path must be numbers separated by ':' as a failure prints it (got ${JSON.stringify(o.path)})`);
  if (o.path !== undefined && o.seed === undefined) throw new UsageError('--path replays a failure of one seed: give its --seed too');
  const waves = resolve(o.waves ?? resolve(REPO_ROOT, 'waves'));
  checkOutputDir(waves, '--waves');
  const suite = o['suite-module'] !== undefined ? await loadSuite(o['suite-module']) : SUITES.find((s) => s.name === o.suite)!;
  if (o.suite !== undefined && suite.name !== o.suite) throw new UsageError(`--suite ${o.suite}: the module's suite is ${suite.name}`);
  if (io.validateOnly) return 0;
  const seed = o.seed ?? DEFAULT_VERIFY_SEED;
  io.err(`verify ${suite.name}: ${o.path !== undefined ? `replaying path ${o.path}` : `${o.runs} runs`}, seed ${seed}\n`);
  const r = await runSuite(suite, { runs: o.runs, seed, wavesDir: waves, ...(o.path !== undefined ? { path: o.path } : {}), ...(o['suite-module'] !== undefined ? { replayArgs: ['--suite-module', o['suite-module']] } : {}) });
  if (r.ok) {
    io.out(r.replayed ? `verify ${suite.name}: the property holds for the input at path ${o.path} (seed ${r.seed}): nothing to replay\n` : `verify ${suite.name}: PASS, ${r.runs} runs, seed ${r.seed}\n`);
    return 0;
  }
  io.out(
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
  return 1;
}

if (isEntryPoint(import.meta.url)) await runMain('verify', main);
