// npm run ipcbench -- [options]   (see --help)
// The microkernel benchmark matrix on the RTL system: every point a run of benchmark programs on
// the real kernel (testbench/ipcbench/measure), computed through the study machinery (result
// cache, worker pool, resume; --points/--merge to spread it over machines), then tables, CSV,
// JSON and charts. Exit 0 when every point ran, every program said ok, every fast-path IPC passed
// the hand-off checkers and (unperturbed) the counter agreed with the checkers.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { IPC_DESIGNS, type IpcDesign, type SwitchStrategy } from '../../kernel/abi.ts';
import { helpText, parseArgs, UsageError, type OptionSpec } from '../cli/args.ts';
import { readFileSync } from 'node:fs';
import { checkOutputDir, checkOutputPath, writeFileAtomic } from '../cli/atomic-file.ts';
import { readTextFile } from '../cli/input-file.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../cli/run-main.ts';
import { DEFAULT_CACHE_DIR, ResultCache } from '../studies/cache.ts';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import { mergeArguments, readMerge } from '../studies/merge.ts';
import { PointFailures, runPoints } from '../studies/run-study.ts';
import { expandMatrix, FULL_MATRIX, MATRIX_STRATEGIES, REDUCED_MATRIX, type MatrixOptions } from './matrix.ts';
import { BENCH_RUNS, DEFAULT_SEED, PERTURBATIONS, PLACEMENTS, PRIORITIES } from './measure/spec.ts';
import { COMMITTED_OUTPUTS, docBlocks, fillDoc, readResults } from './doc-blocks.ts';
import { writeBenchOutputs } from './outputs.ts';
import { opRows, rowProblems } from './rows.ts';

const DESIGNS = IPC_DESIGNS.filter((d) => d !== 'buffered');
/** A documentation page is tens of KB; a megabyte is a mistake. */
const MAX_PAGE = 1 << 20;

const spec = {
  matrix: { type: 'string', default: 'full', choices: ['full', 'reduced'], help: 'the full matrix, or a few points of every run (fcse, inter-space, equal priorities, 0 and 10 words)' },
  runs: { type: 'string', default: 'all', arg: 'LIST', help: `runs (comma-separated, or all): ${BENCH_RUNS.join(', ')}` },
  placements: { type: 'string', default: 'all', arg: 'LIST', help: `threads in one address space or in their own: ${PLACEMENTS.join(', ')}` },
  priorities: { type: 'string', default: 'all', arg: 'LIST', help: `client priority against the server's: ${PRIORITIES.join(', ')}` },
  strategies: { type: 'string', default: 'all', arg: 'LIST', help: `address-space switch strategies: ${MATRIX_STRATEGIES.join(', ')}` },
  words: { type: 'string', default: 'all', arg: 'LIST', help: `untyped words per message, 0..63 (all: ${FULL_MATRIX.words.join(', ')})` },
  design: { type: 'string', default: 'l4', choices: DESIGNS, help: 'the kernel\'s IPC design (kernel/abi.ts; not buffered: its sends never block)' },
  mrs: { type: 'int', default: 6, min: 0, max: 6, help: 'message registers passed in core registers' },
  warm: { type: 'int', min: 1, max: 64, help: `iterations before measuring (default ${FULL_MATRIX.warm})` },
  hot: { type: 'int', min: 2, max: 1000, help: `hot iterations measured (default ${FULL_MATRIX.hot}; reduced ${REDUCED_MATRIX.hot})` },
  cold: { type: 'int', min: 0, max: 200, help: `cold iterations measured, caches and TLB flushed first (default ${FULL_MATRIX.cold}; reduced ${REDUCED_MATRIX.cold})` },
  perturb: { type: 'string', default: 'none', arg: 'LIST', help: `seeded perturbation (comma-separated, all or none): ${PERTURBATIONS.join(', ')}` },
  seed: { type: 'int', default: DEFAULT_SEED, min: 0, max: 0xffff_ffff, help: 'seed of the perturbation' },
  jobs: { type: 'int', min: 1, max: 256, help: 'worker processes (default: the number of cores)' },
  cache: { type: 'string', arg: 'DIR', help: 'result cache (default .cache/studies)' },
  out: { type: 'string', arg: 'DIR', help: 'outputs: table.md, results.csv/.json, charts (default out/ipcbench)' },
  'no-png': { type: 'flag', help: 'SVG charts only' },
  'no-compute': { type: 'flag', help: 'report from the cache only (a missing point is an error)' },
  docs: { type: 'string', arg: 'FILE', help: 'fill the parts of this page marked <!-- ipcbench:NAME --> from the tables (docs/BENCHMARKS.md)' },
  points: { type: 'flag', help: 'print the points, one JSON per line (compute each with npm run study -- --point)' },
  merge: { type: 'list', arg: 'F...', help: 'put point results (from npm run study -- --point) into the cache, then report' },
  help: { type: 'flag', short: 'h', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

const HELP = `npm run ipcbench -- [options]

The IPC benchmark matrix on the ARM926 RTL model: Call/ReplyWait, Send/Receive (blocking and queued),
the null system call and interrupt latency, within and between address spaces, per switch strategy,
priority relation and message length; hot and cold; cycle counter against the checkers.

${helpText(spec)}`;

/** A comma-separated list of allowed values, or all of them. */
function list<T extends string>(option: string, text: string, allowed: readonly T[], extra: Readonly<Record<string, readonly T[]>> = {}): T[] {
  if (text === 'all') return [...allowed];
  if (extra[text]) return [...extra[text]!];
  const items = text.split(',').map((s) => s.trim());
  for (const i of items) if (!(allowed as readonly string[]).includes(i)) throw new UsageError(`--${option}: ${JSON.stringify(i)} is not one of ${allowed.join(', ')} (or all)`);
  return [...new Set(items)] as T[];
}

function wordList(text: string, base: readonly number[]): number[] {
  if (text === 'all') return [...base];
  const out = text.split(',').map((s) => {
    const v = /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (!Number.isInteger(v) || v > 63) throw new UsageError(`--words: ${JSON.stringify(s)} is not a message length 0..63`);
    return v;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  const parsed = parseArgs(argv, spec, { max: Number.POSITIVE_INFINITY });
  const o = parsed.values;
  if (o.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  const { files: mergeFiles, others: stray } = mergeArguments(o.merge, parsed.positionals, parsed.after);
  if (stray.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(stray[0])} (see --help)`);
  const base = o.matrix === 'reduced' ? REDUCED_MATRIX : FULL_MATRIX;
  const matrix: MatrixOptions = {
    ...base,
    runs: list('runs', o.runs, BENCH_RUNS),
    placements: o.placements === 'all' ? base.placements : list('placements', o.placements, PLACEMENTS),
    priorities: o.priorities === 'all' ? base.priorities : list('priorities', o.priorities, PRIORITIES),
    strategies: o.strategies === 'all' ? base.strategies : list<SwitchStrategy>('strategies', o.strategies, MATRIX_STRATEGIES),
    words: wordList(o.words, base.words),
    design: o.design as IpcDesign,
    registerMrs: o.mrs,
    warm: o.warm ?? base.warm,
    hot: o.hot ?? base.hot,
    cold: o.cold ?? base.cold,
    perturb: list('perturb', o.perturb, PERTURBATIONS, { none: [] }).sort(),
    seed: o.seed,
  };
  const points = expandMatrix(matrix);
  if (points.length === 0) throw new UsageError('the options leave no point to run');
  const cacheDir = o.cache ?? DEFAULT_CACHE_DIR;
  checkOutputDir(cacheDir, '--cache');
  if (o.points) {
    if (io.validateOnly) return 0;
    for (const p of points) io.out(`${JSON.stringify(p.point)}\n`);
    return 0;
  }
  const outDir = o.out ?? join(REPO_ROOT, 'out', 'ipcbench');
  checkOutputDir(outDir, '--out');
  if (o.docs !== undefined) checkOutputPath(o.docs, '--docs');
  const page = o.docs === undefined ? undefined : readTextFile(o.docs, '--docs', MAX_PAGE);
  const merged = await readMerge(mergeFiles);
  if (io.validateOnly) return 0;
  const cache = new ResultCache(cacheDir);
  for (const r of merged) cache.put(r);
  const perturbed = matrix.perturb.length > 0;
  io.err(perturbed ? `ipcbench: perturbation ${matrix.perturb.join(', ')}, seed ${matrix.seed}\n` : `ipcbench: no perturbation (seed ${matrix.seed} unused)\n`);
  let results;
  try {
    results = await runPoints('ipcbench matrix', points, { jobs: o.jobs ?? availableParallelism(), cacheDir, noCompute: o['no-compute'] || mergeFiles.length > 0 });
  } catch (e) {
    if (!(e instanceof PointFailures)) throw e;
    io.err(`ipcbench: ${e.message}\n`);
    return 1;
  }
  const rows = opRows(points, results.results);
  const written = writeBenchOutputs(rows, matrix, outDir, { png: !o['no-png'] });
  if (page !== undefined && o.docs !== undefined) {
    // The sentences come from this run's results; a perturbed run's are set against the committed unperturbed ones.
    const outputs = perturbed ? { results: readResults(outDir), baseline: readResults(COMMITTED_OUTPUTS) } : { results: readResults(outDir) };
    writeFileAtomic(o.docs, fillDoc(page, docBlocks(readFileSync(join(outDir, 'table.md'), 'utf8'), perturbed, outputs)));
  }
  const problems = rows.flatMap((r) => rowProblems(r, perturbed));
  io.err(`ipcbench: ${points.length} points (${rows.length} operation rows), ${results.computed} computed, ${results.cached} from the cache; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  if (written.pngSkipped) io.err(`PNG skipped: ${written.pngSkipped}\n`);
  for (const p of problems) io.err(`ipcbench: ${p}\n`);
  io.out(written.files.join('\n') + '\n');
  return problems.length === 0 ? 0 : 1;
}

if (isEntryPoint(import.meta.url)) await runMain('ipcbench', main);
