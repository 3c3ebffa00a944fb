// Study results enter a study in three places (a worker, the cache, --merge); each checks them
// against the metric schema and the record's digest. The failures of issue 15: a tampered, wrongly
// typed or missing metric was merged into the cache and a later run crashed on it; null points,
// bases and lines crashed; bad JSON did not name the file and line; a huge study ran out of memory.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, type Metrics } from '../../testbench/studies/metrics.ts';
import { pointHash, validatePoint } from '../../testbench/studies/point.ts';
import { sealResult, type PointResult } from '../../testbench/studies/result-schema.ts';
import { ResultCache } from '../../testbench/studies/cache.ts';
import type { StudyDef } from '../../testbench/studies/study.ts';
import { main } from '../../testbench/studies/main.ts';
import { call, oneLineError } from '../cli/call.ts';
import { tempDir, writeStudy } from './cli.ts';

// Pinned: the hashes below must not change if someone edits the model while the tests run.
process.env.HANDOFF_STUDY_MODEL = 'test-merge-validation';

const STUDY: StudyDef = {
  name: 'merge-check',
  title: 'Merge check',
  question: 'Are merged results checked?',
  base: { scenario: 'pingpong', strategy: 'fcse', rounds: 2 },
  knobs: [{ name: 'words', values: [1] }],
  metrics: ['hotCycles'],
  plots: [],
};

function goodResult(): PointResult {
  const point = validatePoint({ scenario: 'pingpong', strategy: 'fcse', rounds: 2, words: 1 });
  const metrics = Object.fromEntries(METRIC_NAMES.map((m) => [m, m === 'ringRoundCycles' ? null : 120])) as unknown as Metrics;
  return sealResult({ hash: pointHash(point), point, metrics, handoff: 'pass', exited: true, uart: 'pingpong: ok\n', seconds: 1.5 });
}

const study = (argv: readonly string[]) => call('study', main, argv);

describe('study --merge validates every record before storing any', () => {
  const dir = tempDir('merge-validation');
  const file = writeStudy(dir, STUDY);
  const good = JSON.stringify(goodResult());
  const tamper = (edit: (r: Record<string, unknown>) => void): string => {
    const r = JSON.parse(good) as Record<string, unknown>;
    edit(r);
    return JSON.stringify(r);
  };
  const cases: Array<[string, string, RegExp]> = [
    ['a tampered metric (hotCycles: 1)', tamper((r) => ((r.metrics as Record<string, unknown>).hotCycles = 1)), /:2: result\.digest: does not match the record/],
    ['a wrongly typed metric ("banana")', tamper((r) => ((r.metrics as Record<string, unknown>).hotCycles = 'banana')), /:2: result\.metrics\.hotCycles: "banana" \(expected a count >= 0, or null\)/],
    ['a missing metric', tamper((r) => delete (r.metrics as Record<string, unknown>).coldCycles), /:2: result\.metrics\.coldCycles: missing/],
    ['no metrics at all', tamper((r) => delete r.metrics), /:2: result\.metrics: expected an object, got nothing/],
    ['a null line', 'null', /:2: result: expected an object, got null/],
    ['a line of bad JSON', '{"hash": "abc",, }', /:2:16: bad JSON/],
    ['a record of another point', tamper((r) => ((r.point as Record<string, unknown>).words = 2)), /:2: result\.(digest|hash)/],
  ];
  for (const [what, line, message] of cases) {
    it(`refuses ${what} with file:line and field, and stores nothing`, async () => {
      const cache = join(dir, `cache-${cases.findIndex((c) => c[0] === what)}`);
      const merge = join(dir, 'results.jsonl');
      writeFileSync(merge, `${good}\n${line}\n`);
      const c = await study(['--study-file', file, '--merge', merge, '--cache', cache, '--out', join(dir, 'out'), '--no-png']);
      expect(oneLineError(c)).toMatch(message);
      expect(oneLineError(c)).toContain(merge);
      expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
    });
  }

  it('takes a good record, and a later plain run reports from it', async () => {
    const cache = join(dir, 'cache-good');
    const merge = join(dir, 'good.jsonl');
    writeFileSync(merge, `${good}\n`);
    const c = await study(['--study-file', file, '--merge', merge, '--cache', cache, '--out', join(dir, 'out-good'), '--no-png']);
    expect(c.code, c.err).toBe(0);
    expect(readFileSync(join(dir, 'out-good', 'results.csv'), 'utf8')).toContain('1,120,pass,true');
    const again = await study(['--study-file', file, '--cache', cache, '--out', join(dir, 'out-good'), '--no-png', '--no-compute']);
    expect(again.code, again.err).toBe(0);
  });
});

describe('the study cache', () => {
  it('a corrupt entry is reported, removed and recomputed, never a crash', async () => {
    const dir = tempDir('cache-corrupt');
    const cache = join(dir, 'cache');
    const r = goodResult();
    const warnings: string[] = [];
    new ResultCache(cache).put(r);
    const entry = join(cache, `${r.hash}.json`);
    const broken = JSON.parse(readFileSync(entry, 'utf8')) as Record<string, unknown>;
    delete broken.metrics; // what a merge stored before: a later run crashed on every start
    writeFileSync(entry, JSON.stringify(broken));
    expect(new ResultCache(cache, (m) => warnings.push(m)).get(r.hash)).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/study cache: .*\.json: result\.metrics: expected an object, got nothing; removed, the point will be recomputed/)]);
    expect(existsSync(entry)).toBe(false);
    // The same through the command line: reported, then the point is missing (--no-compute), exit 2.
    new ResultCache(cache).put(r);
    writeFileSync(entry, '{"torn');
    const c = await study(['--study-file', writeStudy(dir, STUDY), '--cache', cache, '--out', join(dir, 'out'), '--no-png', '--no-compute']);
    expect(oneLineError(c)).toMatch(/1 points missing/);
  });

  it('a bad result is never stored', () => {
    const cache = join(tempDir('cache-put'), 'cache');
    const r = goodResult();
    expect(() => new ResultCache(cache).put({ ...r, metrics: { ...r.metrics, hotCycles: Number.NaN } })).toThrow(/result\.metrics\.hotCycles: null/);
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });
});

describe('study inputs that crashed or ran out of memory', () => {
  const dir = tempDir('study-inputs');
  it('--point null, --point bad JSON, --point of an unknown field', async () => {
    expect(oneLineError(await study(['--point', 'null', '--cache', join(dir, 'c')]))).toMatch(/point: expected an object, got null/);
    expect(oneLineError(await study(['--point', '{"words": 3,}', '--cache', join(dir, 'c')]))).toMatch(/--point:1:13: bad JSON/);
    expect(oneLineError(await study(['--point', '{"wrods": 3}', '--cache', join(dir, 'c')]))).toMatch(/point\.wrods: unknown field/);
  });

  it('"base": null, a null knob, bad JSON in a study file (file:line:column)', async () => {
    const f = join(dir, 's.json');
    writeFileSync(f, JSON.stringify({ ...STUDY, base: null }));
    expect(oneLineError(await study(['--study-file', f]))).toMatch(/study\.base: expected an object/);
    writeFileSync(f, JSON.stringify({ ...STUDY, knobs: [null] }));
    expect(oneLineError(await study(['--study-file', f]))).toMatch(/study\.knobs\[0\]: expected an object/);
    writeFileSync(f, '{\n  "name": "x",\n  "knobs": [1 2]\n}\n');
    expect(oneLineError(await study(['--study-file', f]))).toContain(`${f}:3:15: bad JSON`);
  });

  it('a study of 68M points is refused with its limit, before anything is expanded', async () => {
    const f = join(dir, 'huge.json');
    const values = (n: number) => Array.from({ length: n }, (_, i) => i);
    writeFileSync(f, JSON.stringify({ ...STUDY, base: { scenario: 'ring' }, knobs: [{ name: 'words', values: values(32) }, { name: 'dirtyLines', values: values(257) }, { name: 'rounds', values: values(999).map((v) => v + 2) }, { name: 'registerMrs', values: values(7) }, { name: 'spaces', values: [2, 3, 4, 5, 6, 7] }] }));
    expect(oneLineError(await study(['--study-file', f]))).toMatch(/study\.knobs: more than 100,000 points/);
  });

  it('a study file larger than its limit is refused', async () => {
    const f = join(dir, 'big.json');
    writeFileSync(f, `{"name": "big", "pad": "${'x'.repeat(1 << 20)}"}`);
    expect(oneLineError(await study(['--study-file', f]))).toMatch(/larger than the limit of 1,048,576 bytes/);
  });

  it('--study-file F with a study name as well is refused, not the name ignored (audit F12)', async () => {
    const dir = tempDir('study-file-and-name');
    const file = writeStudy(dir, STUDY);
    expect(oneLineError(await study(['--study-file', file, 'smoke', '--points']))).toMatch(/give a study name \("smoke"\) or --study-file .*, not both/);
  });
});
