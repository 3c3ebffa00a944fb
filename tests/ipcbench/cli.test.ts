// npm run ipcbench as a user runs it (its main function, in-process; the points on worker
// processes): a small matrix writes the tables, CSV, JSON and charts; the same command again takes
// every point from the cache and writes byte-identical files; points computed one by one elsewhere
// (--points, then npm run study -- --point) merge into the same tables; a report from an empty
// cache names the missing point.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../testbench/ipcbench/main.ts';
import { main as studyMain } from '../../testbench/studies/main.ts';
import { validatePoint } from '../../testbench/studies/point.ts';
import { call, oneLineError, type Called } from '../cli/call.ts';
import { tempDir } from '../studies/cli.ts';

process.env.HANDOFF_STUDY_MODEL = `test-ipcbench-${process.pid}`;

const dir = tempDir('ipcbench');
const ARGS = ['--matrix', 'reduced', '--runs', 'null,pingpong', '--words', '0', '--hot', '2', '--cold', '1', '--no-png', '--jobs', '2'];
const files = (out: string): Record<string, string> => Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), 'utf8')]));

describe('npm run ipcbench', () => {
  const cache = join(dir, 'cache');
  let first: Called;
  let again: Called;
  beforeAll(async () => {
    first = await call('ipcbench', main, [...ARGS, '--cache', cache, '--out', join(dir, 'a')]);
    again = await call('ipcbench', main, [...ARGS, '--cache', cache, '--out', join(dir, 'b')]);
  }, 240_000);

  it('computes the points on the pool and writes the tables, CSV, JSON and charts', () => {
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain('2 points (3 operation rows), 2 computed, 0 from the cache');
    expect(first.err).toMatch(/no perturbation \(seed 2026 unused\)/);
    expect(first.err).toMatch(/load average \d/);
    const out = files(join(dir, 'a'));
    expect(Object.keys(out)).toEqual(['ipcbench-call-cold.svg', 'ipcbench-call-hot.svg', 'ipcbench-replywait-cold.svg', 'ipcbench-replywait-hot.svg', 'results.csv', 'results.json', 'table.md']);
    const json = JSON.parse(out['results.json']!) as { rows: { op: string; hot: { median: number } }[] };
    const call0 = json.rows.find((r) => r.op === 'call')!;
    expect(out['table.md']).toContain(`| this model (ARM926EJ-S class), FCSE PID + domains | - | ${call0.hot.median} |`);
    expect(out['results.csv']!.split('\n').filter((l) => l.startsWith('pingpong,call,')).length).toBe(1);
    expect(out['table.md']).toContain('## Furthest from the fast path');
  });

  it('regenerates everything from the cache with one command: nothing computed, the same bytes', () => {
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('0 computed, 2 from the cache');
    expect(files(join(dir, 'b'))).toEqual(files(join(dir, 'a')));
  });

  it('points computed elsewhere (--points, npm run study -- --point) merge into the same tables', async () => {
    const points = await call('ipcbench', main, [...ARGS, '--cache', cache, '--points']);
    expect(points.code).toBe(0);
    const lines = points.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    const results: string[] = [];
    for (const line of lines) {
      expect(validatePoint(JSON.parse(line))).toEqual(JSON.parse(line));
      const r = await call('study', studyMain, ['--point', line, '--cache', join(dir, 'elsewhere')]);
      expect(r.code, r.err).toBe(0);
      results.push(r.out.trim());
    }
    const merge = join(dir, 'results.jsonl');
    writeFileSync(merge, results.join('\n') + '\n');
    const merged = await call('ipcbench', main, [...ARGS, '--cache', join(dir, 'fresh'), '--out', join(dir, 'c'), '--merge', merge]);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.err).toContain('0 computed, 2 from the cache');
    expect(files(join(dir, 'c'))['table.md']).toBe(files(join(dir, 'a'))['table.md']);
  }, 120_000);

  it('from an empty cache with --no-compute: one line naming the first missing point', async () => {
    const r = await call('ipcbench', main, [...ARGS, '--cache', join(dir, 'empty'), '--out', join(dir, 'd'), '--no-compute']);
    expect(oneLineError(r)).toMatch(/^ipcbench: error: ipcbench matrix: 2 points missing .*\(first: null fcse\)$/);
  });

  it('bad options are refused with the option named', async () => {
    expect(oneLineError(await call('ipcbench', main, ['--words', '64']))).toContain('--words: "64" is not a message length 0..63');
    expect(oneLineError(await call('ipcbench', main, ['--perturb', 'noise']))).toContain('--perturb: "noise" is not one of irq, dirty, pollute');
    expect(oneLineError(await call('ipcbench', main, ['--design', 'buffered']))).toContain('--design must be one of');
    expect(oneLineError(await call('ipcbench', main, ['--runs', 'null', '--placements', 'intra', 'extra']))).toContain('unexpected argument "extra"');
  });
});
