// npm start's comparison runs kept between runs (testbench/cli/comparison-cache.ts): a second run
// with the same sources and options reuses them and says so, with the same rows and the same report
// otherwise; --fresh runs them again; a damaged or edited record is reported and run again; a
// cache that cannot be written costs the report nothing; the key follows the options and sources;
// the directory stays bounded.
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as startMain } from '../../testbench/cli/main.ts';
import { callMain } from '../../testbench/cli/run-main.ts';
import { ComparisonCache, comparisonKey, type ComparisonJob } from '../../testbench/cli/comparison-cache.ts';
import { CLAIM_NAMES, type DesignRow } from '../../testbench/scenarios/designs.ts';

const tempDir = (tag: string): string => mkdtempSync(join(tmpdir(), `handoff-why-cache-${tag}-`));

async function start(args: readonly string[], cacheDir: string | undefined): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await callMain('npm start', startMain, args, { out: (t) => void (out += t), err: (t) => void (err += t), ...(cacheDir !== undefined ? { cacheDir } : {}) });
  return { code, out, err };
}

/** The report without what differs between runs of the same options: wall time, the cache line. */
const stable = (report: string): string =>
  report
    .split('\n')
    .filter((l) => !l.startsWith('Run: ') && !l.startsWith('Comparison runs'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
const cacheLine = (report: string): string => report.split('\n').find((l) => l.startsWith('Comparison runs')) ?? '';

describe('npm start comparison cache', () => {
  const args = (dir: string, extra: readonly string[] = []): string[] => ['--compare', 'tcb-copy,remap', '--rounds', '3', '--vcd', join(dir, 'h.vcd'), '--gtkw', join(dir, 'h.gtkw'), ...extra];

  it('keeps the runs, reuses them with the same report, and --fresh runs them again', async () => {
    const dir = tempDir('reuse');
    const cache = join(dir, 'cache');
    const first = await start(args(dir), cache);
    expect(first.code, first.err).toBe(0);
    const files = readdirSync(join(cache, 'why'));
    expect(files.length).toBe(1);
    expect(cacheLine(first.out)).toBe(`Comparison runs (the designs and published lengths above): 4, made now and kept in ${join(cache, 'why', files[0]!)} for the next npm start with the same sources and options.`);
    const second = await start(args(dir), cache);
    expect(second.code, second.err).toBe(0);
    expect(cacheLine(second.out)).toMatch(/^Comparison runs \(the designs and published lengths above\): 4, reused from .*\.json, made by an earlier npm start with the same sources and options \(--fresh runs them again\)\.$/);
    expect(stable(second.out)).toBe(stable(first.out));
    // Without a cache (a test's in-process call): the same report, no cache line.
    const none = await start(args(dir), undefined);
    expect(cacheLine(none.out)).toBe('');
    expect(stable(none.out)).toBe(stable(first.out));
    const fresh = await start(args(dir, ['--fresh']), cache);
    expect(cacheLine(fresh.out)).toContain('made now and kept in');
    expect(stable(fresh.out)).toBe(stable(first.out));
    // JSON says which, and the rows are the same.
    const json = await start(args(dir, ['--json']), cache);
    const j = JSON.parse(json.out) as { comparisonRuns: { runs: number; reused: boolean; cacheFile: string | null }; why: unknown[]; published: unknown };
    expect(j.comparisonRuns).toEqual({ runs: 4, reused: true, cacheFile: join(cache, 'why', files[0]!) });
    const jsonFresh = JSON.parse((await start(args(dir, ['--json', '--fresh']), cache)).out) as typeof j;
    expect(jsonFresh.comparisonRuns.reused).toBe(false);
    expect(j.why).toEqual(jsonFresh.why);
    expect(j.published).toEqual(jsonFresh.published);
  }, 600_000);

  it('refuses an edited or damaged record (said on stderr), runs again and replaces it', async () => {
    const dir = tempDir('damaged');
    const cache = join(dir, 'cache');
    const first = await start(args(dir), cache);
    const file = join(cache, 'why', readdirSync(join(cache, 'why'))[0]!);
    const kept = readFileSync(file, 'utf8');
    // An edited figure: the digest no longer matches.
    writeFileSync(file, kept.replace(/"hotCycles": (\d+)/, (_m, d: string) => `"hotCycles": ${Number(d) + 1}`));
    const edited = await start(args(dir), cache);
    expect(edited.code).toBe(0);
    expect(edited.err).toMatch(/comparison cache: .*digest: does not match the record.*removed, the comparison runs run again/);
    expect(cacheLine(edited.out)).toContain('made now and kept in');
    expect(stable(edited.out)).toBe(stable(first.out));
    expect(readFileSync(file, 'utf8')).toBe(kept);
    for (const damage of ['{"key": "', '[]', kept.replace('"design": "remap"', '"design": "slow"')]) {
      writeFileSync(file, damage);
      const again = await start(args(dir), cache);
      expect(again.err, damage.slice(0, 40)).toMatch(/comparison cache: .*removed, the comparison runs run again/);
      expect(stable(again.out)).toBe(stable(first.out));
    }
  }, 600_000);

  it('a cache that cannot be written is said on stderr; the report stands', async () => {
    const dir = tempDir('unwritable');
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'a file where the cache directory would be\n');
    const r = await start(args(dir), blocker);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/comparison cache: not kept/);
    expect(cacheLine(r.out)).toBe('');
  }, 600_000);

  it('stays bounded: past its limit the least recently used records go (a record read counts as a use)', () => {
    const dir = tempDir('prune');
    const jobs: ComparisonJob[] = [{ design: 'l4', options: { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 4 } }];
    const row: DesignRow = {
      design: 'l4', hotCycles: 89, coldCycles: 205, hotKernelInstructions: 70, counters: { icacheMisses: 0 }, iLines: 12, iPages: 3,
      phases: [{ phase: 'trap', startCycle: 0, cycles: 11, instructions: 1 }], fastHandOffs: 8, handOffs: 8,
      claims: Object.fromEntries(CLAIM_NAMES.map((c) => [c, true])) as DesignRow['claims'], rules: {}, ok: true, boot: 'model',
      pageTableWrites: 0, tlbOps: 0, cacheOps: 0, registerStores: 0, registerWrites: 0, stagedWords: 0,
    };
    const warnings: string[] = [];
    const cache = new ComparisonCache(dir, (m) => warnings.push(m), 4);
    const keys = ['a', 'b', 'c', 'd', 'e'].map((k) => k.repeat(24));
    keys.slice(0, 4).forEach((k, i) => {
      expect(cache.put(k, jobs, [row])).toBe(true);
      utimesSync(cache.path(k), 1_600_000_000 + i, 1_600_000_000 + i);
    });
    expect(cache.get(keys[0]!, jobs)).toEqual([row]); // used now: the newest
    cache.put(keys[4]!, jobs, [row]); // five: down to two
    expect(readdirSync(dir).sort()).toEqual([keys[0], keys[4]].map((k) => `${k}.json`));
    expect(warnings).toEqual([]);
  });

  it('names the runs by their options, their order and the sources', () => {
    const job = (design: ComparisonJob['design'], icache = 16384): ComparisonJob => ({ design, options: { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 4, hardware: { icache: { sizeBytes: icache } }, bootOnModel: true } });
    const base = comparisonKey([job('l4'), job('remap')], 'sources');
    expect(comparisonKey([job('l4'), job('remap')], 'sources')).toBe(base);
    expect(comparisonKey([job('remap'), job('l4')], 'sources')).not.toBe(base);
    expect(comparisonKey([job('l4'), job('remap', 8192)], 'sources')).not.toBe(base);
    expect(comparisonKey([job('l4')], 'sources')).not.toBe(base);
    expect(comparisonKey([job('l4'), job('remap')], 'other sources')).not.toBe(base);
  });
});
