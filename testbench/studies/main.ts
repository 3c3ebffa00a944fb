// npm run study -- <study> [options]   (see --help)
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { helpText, parseArgs, UsageError, type OptionSpec } from '../cli/args.ts';
import { checkOutputDir } from '../cli/atomic-file.ts';
import { parseJson, readJsonFile } from '../cli/input-file.ts';
import { mergeArguments, readMerge } from './merge.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../cli/run-main.ts';
import { DEFAULT_CACHE_DIR, ResultCache } from './cache.ts';
import { STUDIES, findStudy } from './catalog.ts';
import { computePoint } from './compute.ts';
import { REPO_ROOT } from './fingerprint.ts';
import { writeOutputs } from './outputs.ts';
import { validatePoint, type PointConfig } from './point.ts';
import { parseFastForwardPoint } from '../machine/fast-forward.ts';
import { missingSymbol } from './fast-forward.ts';
import { buildPointSystem } from './run-point.ts';
import { PointFailures, runStudy } from './run-study.ts';
import { expandStudy, validateStudy, type StudyDef } from './study.ts';

/** A study description is a few KB; a megabyte is already a mistake. */
const MAX_STUDY_FILE = 1 << 20;

const spec = {
  'study-file': { type: 'string', arg: 'F', help: 'a study description as JSON (same shape as testbench/studies/catalog.ts)' },
  jobs: { type: 'int', min: 1, max: 256, help: 'worker processes (default: the number of cores)' },
  cache: { type: 'string', arg: 'DIR', help: 'result cache (default .cache/studies)' },
  out: { type: 'string', arg: 'DIR', help: 'outputs: results.json/.csv, table.md, plots (default out/studies/<study>)' },
  'no-png': { type: 'flag', help: 'SVG only' },
  list: { type: 'flag', help: 'the shipped studies' },
  points: { type: 'flag', help: "print the study's points, one JSON per line (for a job runner)" },
  index: { type: 'int', min: 0, help: 'compute point K of the study (a Slurm array task), print its JSON result' },
  point: { type: 'string', arg: 'JSON', help: 'compute one point (a point description), print its JSON result' },
  merge: { type: 'list', arg: 'F...', help: 'put point results (files from --point/--index) into the cache, then report' },
  'no-compute': { type: 'flag', help: 'report from the cache only' },
  'fast-forward': { type: 'string', arg: 'SYM[:N]|COUNT', help: "every point: run the reference model from the boot to the Nth time the next pc is SYM (default the 1st), or for COUNT instructions, hand off to the point's RTL (TLB and caches warmed) and measure only what follows (pingpong and ring scenarios)" },
  help: { type: 'flag', short: 'h', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

const HELP = `npm run study -- <study|--study-file F.json> [options]
  <study>                  one of: ${STUDIES.map((s) => s.name).join(', ')}
${helpText(spec)}`;

function loadStudy(name: string | undefined, file: string | undefined): StudyDef {
  if (file !== undefined && name !== undefined) throw new UsageError(`give a study name (${JSON.stringify(name)}) or --study-file ${file}, not both`);
  if (file !== undefined) return validateStudy(readJsonFile(file, 'study file', MAX_STUDY_FILE));
  if (name === undefined) throw new UsageError(`name a study (${STUDIES.map((s) => s.name).join(', ')}) or --study-file (see --help)`);
  const s = findStudy(name);
  if (!s) throw new UsageError(`no study ${JSON.stringify(name)} (shipped: ${STUDIES.map((x) => x.name).join(', ')})`);
  return validateStudy(s);
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  const parsed = parseArgs(argv, spec, { max: Number.POSITIVE_INFINITY });
  const o = parsed.values;
  if (o.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  // `--merge A B C`: the positionals after --merge are files too; any other positional is the study.
  const { files: mergeFiles, others: names } = mergeArguments(o.merge, parsed.positionals, parsed.after);
  if (names.length > 1) throw new UsageError(`one study at a time (got ${names.map((n) => JSON.stringify(n)).join(', ')})`);
  const modes = (['list', 'points', 'index', 'point'] as const).filter((m) => (m === 'index' || m === 'point' ? o[m] !== undefined : o[m]));
  if (modes.length > 1) throw new UsageError(`--${modes[0]} and --${modes[1]} do not go together`);
  if (o.list) {
    if (io.validateOnly) return 0;
    for (const s of STUDIES) io.out(`${s.name.padEnd(16)} ${expandStudy(s).length} points  ${s.title}\n`);
    return 0;
  }
  const cacheDir = o.cache ?? DEFAULT_CACHE_DIR;
  checkOutputDir(cacheDir, '--cache');
  const ff = o['fast-forward'];
  if (o.point !== undefined) {
    const raw = parseJson(o.point, '--point');
    const point = validatePoint(ff === undefined || typeof raw !== 'object' || raw === null ? raw : { ...raw, fastForward: ff });
    if (ff !== undefined) checkFastForward(ff, point);
    if (io.validateOnly) return 0;
    const { result } = await computePoint(point, new ResultCache(cacheDir));
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const study = withFastForward(loadStudy(names[0], o['study-file']), ff);
  if (o.points) {
    if (io.validateOnly) return 0;
    for (const p of expandStudy(study)) io.out(`${JSON.stringify(p.point)}\n`);
    return 0;
  }
  if (o.index !== undefined) {
    const points = expandStudy(study);
    const p = points[o.index];
    if (!p) throw new UsageError(`--index ${o.index}: the study has points 0..${points.length - 1}`);
    if (io.validateOnly) return 0;
    const { result } = await computePoint(p.point, new ResultCache(cacheDir));
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const outDir = o.out ?? join(REPO_ROOT, 'out', 'studies', study.name);
  checkOutputDir(outDir, '--out');
  const merged = await readMerge(mergeFiles);
  if (io.validateOnly) return 0;
  const cache = new ResultCache(cacheDir);
  for (const r of merged) cache.put(r);
  let results;
  try {
    results = await runStudy(study, { jobs: o.jobs ?? availableParallelism(), cacheDir, noCompute: o['no-compute'] || mergeFiles.length > 0 });
  } catch (e) {
    if (!(e instanceof PointFailures)) throw e;
    io.err(`study: ${e.message}\n`);
    return 1;
  }
  const out = writeOutputs(results, outDir, { png: !o['no-png'] });
  io.err(`study ${study.name}: ${results.computed} computed, ${results.cached} from the cache\n`);
  if (out.pngSkipped) io.err(`PNG skipped: ${out.pngSkipped}\n`);
  io.out(out.files.join('\n') + '\n');
  return 0;
}

/** The study with `--fast-forward` in its base (every point's), checked before a point runs. */
function withFastForward(study: StudyDef, text: string | undefined): StudyDef {
  if (text === undefined) return study;
  parseFastForwardPoint(text); // (names --fast-forward in its error)
  if (study.knobs.some((k) => k.name === 'fastForward')) throw new UsageError(`--fast-forward: study ${study.name} sweeps fastForward (its knob sets every point's)`);
  const s = validateStudy({ ...study, base: { ...study.base, fastForward: text } });
  checkFastForward(text, expandStudy(s)[0]!.point);
  return s;
}

/** A symbol the image lacks fails here, before any worker starts (the image of `point`; a point of another build fails when it runs, naming point.fastForward). */
function checkFastForward(text: string, point: PointConfig): void {
  if (point.scenario === 'ipcbench') return; // (validatePoint refused it)
  const missing = missingSymbol(text, buildPointSystem(point).image.symbols);
  if (missing) throw new UsageError(`--fast-forward: ${missing}`);
}

if (isEntryPoint(import.meta.url)) await runMain('study', main);
