// npm run study -- <study> [options]   (see --help)
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CACHE_DIR, ResultCache, type PointResult } from './cache.ts';
import { STUDIES, findStudy } from './catalog.ts';
import { computePoint } from './compute.ts';
import { REPO_ROOT } from './fingerprint.ts';
import { writeOutputs } from './outputs.ts';
import { pointHash, validatePoint, type PointConfig } from './point.ts';
import { runStudy } from './run-study.ts';
import { expandStudy, validateStudy, type StudyDef } from './study.ts';

const HELP = `npm run study -- <study|--study-file F.json> [options]
  <study>                one of: ${STUDIES.map((s) => s.name).join(', ')}
  --study-file F         a study description as JSON (same shape as testbench/studies/catalog.ts)
  --jobs N               worker processes (default: the number of cores)
  --cache DIR            result cache (default .cache/studies)
  --out DIR              outputs: results.json/.csv, table.md, plots (default out/studies/<study>)
  --no-png               SVG only
  --list                 the shipped studies
  --points               print the study's points, one JSON per line (for a job runner)
  --index K              compute point K of the study (a Slurm array task), print its JSON result
  --point JSON           compute one point (a point description), print its JSON result
  --merge F...           put point results (files from --point/--index) into the cache, then report
  --no-compute           report from the cache only`;

interface Cli {
  study?: string;
  studyFile?: string;
  jobs: number;
  cache: string;
  out?: string;
  png: boolean;
  list: boolean;
  points: boolean;
  index?: number;
  point?: string;
  merge: string[];
  noCompute: boolean;
}

function parse(argv: readonly string[]): Cli {
  const c: Cli = { jobs: availableParallelism(), cache: DEFAULT_CACHE_DIR, png: true, list: false, points: false, merge: [], noCompute: false };
  const value = (k: number, name: string): string => {
    const v = argv[k];
    if (v === undefined) throw new Error(`${name} needs a value`);
    return v;
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--help' || a === '-h') {
      process.stdout.write(HELP + '\n');
      process.exit(0);
    } else if (a === '--study-file') c.studyFile = value(++k, a);
    else if (a === '--jobs') c.jobs = Number(value(++k, a));
    else if (a === '--cache') c.cache = value(++k, a);
    else if (a === '--out') c.out = value(++k, a);
    else if (a === '--no-png') c.png = false;
    else if (a === '--list') c.list = true;
    else if (a === '--points') c.points = true;
    else if (a === '--index') c.index = Number(value(++k, a));
    else if (a === '--point') c.point = value(++k, a);
    else if (a === '--no-compute') c.noCompute = true;
    else if (a === '--merge') while (argv[k + 1] !== undefined && !argv[k + 1]!.startsWith('--')) c.merge.push(argv[++k]!);
    else if (!a.startsWith('--') && c.study === undefined) c.study = a;
    else throw new Error(`unknown argument ${JSON.stringify(a)} (see --help)`);
  }
  if (!Number.isInteger(c.jobs) || c.jobs < 1) throw new Error('--jobs must be a positive integer');
  return c;
}

function loadStudy(c: Cli): StudyDef {
  if (c.studyFile) return validateStudy(JSON.parse(readFileSync(c.studyFile, 'utf8')));
  if (!c.study) throw new Error(`name a study (${STUDIES.map((s) => s.name).join(', ')}) or --study-file (see --help)`);
  const s = findStudy(c.study);
  if (!s) throw new Error(`no study ${JSON.stringify(c.study)} (shipped: ${STUDIES.map((x) => x.name).join(', ')})`);
  return validateStudy(s);
}

async function main(): Promise<void> {
  const c = parse(process.argv.slice(2));
  if (c.list) {
    for (const s of STUDIES) process.stdout.write(`${s.name.padEnd(16)} ${expandStudy(s).length} points  ${s.title}\n`);
    return;
  }
  const cache = new ResultCache(c.cache);
  if (c.point !== undefined) {
    const { result } = await computePoint(JSON.parse(c.point) as Partial<PointConfig>, cache);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const study = loadStudy(c);
  if (c.points) {
    for (const p of expandStudy(study)) process.stdout.write(JSON.stringify(p.point) + '\n');
    return;
  }
  if (c.index !== undefined) {
    const points = expandStudy(study);
    const p = points[c.index];
    if (!p) throw new Error(`--index ${c.index}: the study has points 0..${points.length - 1}`);
    const { result } = await computePoint(p.point, cache);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  for (const f of c.merge) {
    for (const line of readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '')) {
      const r = JSON.parse(line) as PointResult;
      const hash = pointHash(validatePoint(r.point));
      if (hash !== r.hash) throw new Error(`${f}: result ${r.hash} was computed by another model or configuration (expected ${hash})`);
      cache.put(r);
    }
  }
  const results = await runStudy(study, { jobs: c.jobs, cacheDir: c.cache, noCompute: c.noCompute || c.merge.length > 0 });
  const out = writeOutputs(results, c.out ?? join(REPO_ROOT, 'out', 'studies', study.name), { png: c.png });
  process.stderr.write(`study ${study.name}: ${results.computed} computed, ${results.cached} from the cache\n`);
  if (out.pngSkipped) process.stderr.write(`PNG skipped: ${out.pngSkipped}\n`);
  process.stdout.write(out.files.join('\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`study: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
