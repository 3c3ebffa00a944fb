// npm start's comparison runs ("Why it is fast": the ping-pong under each IPC design, and the l4
// design at the published message lengths) depend only on the project's sources and the options:
// the simulation is deterministic. They take about as long as the main run, so they are kept on
// disk, in a file named by a hash of both, and a later npm start with the same sources and options
// reuses them instead of running them again (the main run, its verdict and its waveform always
// run). The report says which it did. What is read back is checked field by field and against a
// digest of the record; a damaged or edited file is reported, removed and run again.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_DESIGNS, type IpcDesign } from '../../kernel/abi.ts';
import type { RuleName } from '../checkers/config.ts';
import { CLAIM_NAMES, type DesignRow } from '../scenarios/designs.ts';
import type { IpcScenarioOptions } from '../scenarios/ipc-scenario.ts';
import { canonicalJson } from '../studies/canonical-json.ts';
import { sourcesFingerprint } from '../../kernel/source-fingerprint.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { markUsed, pruneLeastRecent, removeRecord } from './cache-dir.ts';

/** One comparison run: a design under options (no waveform). */
export interface ComparisonJob {
  readonly options: IpcScenarioOptions;
  readonly design: IpcDesign;
}

/**
 * What decides the rows: every source of the model, the kernel (and its toolchain) and the
 * testbench, the bundled scenario files, and the node version. Broad on purpose: a change anywhere
 * there runs the comparisons once more, where a narrow list could keep stale rows.
 */
const SOURCE_DIRS = ['rtl', 'kernel', 'testbench', 'scenarios'];
/** Bumped when the record's shape or meaning changes. */
const FORMAT = 1;

/** The name of the comparison runs of `jobs` on these sources: 24 hex digits. */
export function comparisonKey(jobs: readonly ComparisonJob[], sources: string = sourcesFingerprint(SOURCE_DIRS)): string {
  const h = createHash('sha256').update(`format ${FORMAT}\nnode ${process.version}\nsources ${sources}\n`);
  // Options hold no functions here (patchKernel is a test's, never npm start's): JSON names them all.
  for (const j of jobs) h.update(`${j.design} ${canonicalJson(j.options)}\n`);
  return h.digest('hex').slice(0, 24);
}

export class ComparisonCacheError extends Error {
  override readonly name = 'ComparisonCacheError';
}

/** The file's record: the rows of the jobs' designs under one key, and a digest of them. */
interface KeptRows {
  readonly key: string;
  readonly designs: readonly IpcDesign[];
  readonly rows: readonly DesignRow[];
  readonly digest: string;
}

const digestOf = (key: string, designs: readonly IpcDesign[], rows: readonly DesignRow[]): string => createHash('sha256').update(canonicalJson({ key, designs, rows })).digest('hex').slice(0, 24);

/** Records kept at most (~13 KB each). */
const MAX_RECORDS = 200;

export class ComparisonCache {
  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
    private readonly maxEntries = MAX_RECORDS,
  ) {}

  path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The rows kept for `key` (one per job, in order), or undefined (none, or a bad file: removed). */
  get(key: string, jobs: readonly ComparisonJob[]): DesignRow[] | undefined {
    const f = this.path(key);
    if (!existsSync(f)) return undefined;
    try {
      const rows = checkRecord(JSON.parse(readFileSync(f, 'utf8')), key, jobs, f);
      markUsed(f);
      return rows;
    } catch (e) {
      this.warn(`npm start: comparison cache: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}; removed, the comparison runs run again\n`);
      removeRecord(f);
      return undefined;
    }
  }

  /** Keep the rows; a file that cannot be written is reported, never fatal (the report stands). */
  put(key: string, jobs: readonly ComparisonJob[], rows: readonly DesignRow[]): boolean {
    const designs = jobs.map((j) => j.design);
    // As JSON keeps them (an undefined count is absent), so that the digest reads back the same.
    const plain = JSON.parse(JSON.stringify(rows)) as DesignRow[];
    const record: KeptRows = { key, designs, rows: plain, digest: digestOf(key, designs, plain) };
    try {
      checkRecord(JSON.parse(JSON.stringify(record)), key, jobs, 'the record to keep');
      writeFileAtomic(this.path(key), `${JSON.stringify(record, null, 1)}\n`);
      // Every edit of the sources names new runs: the old ones go, least recently used first.
      pruneLeastRecent(this.dir, this.maxEntries);
      return true;
    } catch (e) {
      this.warn(`npm start: comparison cache: not kept (${e instanceof Error ? e.message.split('\n')[0] : String(e)})\n`);
      return false;
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks a record read back (or about to be written) against the jobs it must answer. */
function checkRecord(raw: unknown, key: string, jobs: readonly ComparisonJob[], where: string): DesignRow[] {
  const fail = (field: string, msg: string): never => {
    throw new ComparisonCacheError(`${where}: ${field}: ${msg}`);
  };
  if (!isObject(raw)) return fail('record', 'expected an object');
  for (const k of Object.keys(raw)) if (!['key', 'designs', 'rows', 'digest'].includes(k)) fail(k, 'unknown field');
  if (raw.key !== key) fail('key', `${JSON.stringify(raw.key)} is not this run's (${key})`);
  const designs = jobs.map((j) => j.design);
  if (!Array.isArray(raw.designs) || canonicalJson(raw.designs) !== canonicalJson(designs)) fail('designs', `${JSON.stringify(raw.designs)} (expected ${JSON.stringify(designs)})`);
  if (!Array.isArray(raw.rows) || raw.rows.length !== jobs.length) return fail('rows', `expected ${jobs.length} rows`);
  raw.rows.forEach((r, i) => checkRow(r, designs[i]!, (field, msg) => fail(`rows[${i}].${field}`, msg)));
  const rows = raw.rows as DesignRow[];
  if (raw.digest !== digestOf(key, designs, rows)) fail('digest', 'does not match the record: it was changed after it was written');
  return rows;
}

const OPTIONAL_COUNTS = ['hotCycles', 'coldCycles', 'hotKernelInstructions', 'iLines', 'iPages'] as const;
const COUNTS = ['fastHandOffs', 'handOffs', 'pageTableWrites', 'tlbOps', 'cacheOps', 'registerStores', 'registerWrites', 'stagedWords'] as const;
const ROW_FIELDS: readonly string[] = ['design', ...OPTIONAL_COUNTS, ...COUNTS, 'counters', 'phases', 'claims', 'rules', 'ok', 'boot'];

/** A DesignRow as designs.ts makes it (undefined counts are absent in JSON). */
function checkRow(r: unknown, design: IpcDesign, fail: (field: string, msg: string) => never): void {
  if (!isObject(r)) return fail('', 'expected an object');
  for (const k of Object.keys(r)) if (!ROW_FIELDS.includes(k)) fail(k, 'unknown field');
  if (r.design !== design || !(IPC_DESIGNS as readonly unknown[]).includes(r.design)) fail('design', `${JSON.stringify(r.design)} (expected ${design})`);
  for (const k of OPTIONAL_COUNTS) if (r[k] !== undefined && !isCount(r[k])) fail(k, `${JSON.stringify(r[k])} (expected a count, or absent)`);
  for (const k of COUNTS) if (!isCount(r[k])) fail(k, `${JSON.stringify(r[k]) ?? 'missing'} (expected a count)`);
  if (!isObject(r.counters) || !Object.values(r.counters).every(isCount)) fail('counters', 'expected counts by name');
  if (!Array.isArray(r.phases)) return fail('phases', 'expected a list');
  r.phases.forEach((p, i) => {
    if (!isObject(p) || typeof p.phase !== 'string' || !isCount(p.startCycle) || !isCount(p.cycles) || !isCount(p.instructions) || Object.keys(p).length !== 4) fail(`phases[${i}]`, 'expected { phase, startCycle, cycles, instructions }');
  });
  if (!isObject(r.claims) || Object.keys(r.claims).length !== CLAIM_NAMES.length || !CLAIM_NAMES.every((c) => typeof (r.claims as Record<string, unknown>)[c] === 'boolean')) fail('claims', `expected ${CLAIM_NAMES.join(', ')}: true or false`);
  if (!isObject(r.rules) || !Object.values(r.rules).every((v) => isCount(v) && (v as number) > 0)) fail('rules', 'expected failure counts by rule');
  for (const rule of Object.keys(r.rules as object) as RuleName[]) if (!/^[a-z-]+$/.test(rule)) fail(`rules.${rule}`, 'not a rule name');
  if (typeof r.ok !== 'boolean') fail('ok', 'expected true or false');
  if (r.boot !== 'rtl' && r.boot !== 'model') fail('boot', `${JSON.stringify(r.boot)} (expected rtl or model)`);
}

/** The comparison rows of a run, and where they came from. */
export interface Comparison {
  readonly rows: readonly DesignRow[];
  /** Runs behind the rows (one per job), made now or earlier. */
  readonly runs: number;
  /** The rows came from `file` (an earlier run's); false: they were run now. */
  readonly reused: boolean;
  /** The cache file that holds them (read, or written now); undefined when none was. */
  readonly file?: string;
}

/**
 * The rows of `jobs`: from the cache in `dir` when it holds this key (and not `fresh`), else run
 * now (`run`, in order) and kept there. No `dir`: always run, nothing kept.
 */
export async function comparisonRows(jobs: readonly ComparisonJob[], run: (job: ComparisonJob) => Promise<DesignRow>, o: { readonly dir?: string; readonly fresh: boolean; readonly warn: (message: string) => void }): Promise<Comparison> {
  if (jobs.length === 0) return { rows: [], runs: 0, reused: false };
  const cache = o.dir !== undefined ? new ComparisonCache(join(o.dir, 'why'), o.warn) : undefined;
  const key = cache ? comparisonKey(jobs) : '';
  const kept = cache && !o.fresh ? cache.get(key, jobs) : undefined;
  if (kept) return { rows: kept, runs: jobs.length, reused: true, file: cache!.path(key) };
  const rows: DesignRow[] = [];
  for (const j of jobs) rows.push(await run(j));
  const stored = cache?.put(key, jobs, rows) ?? false;
  return { rows, runs: jobs.length, reused: false, ...(stored ? { file: cache!.path(key) } : {}) };
}
