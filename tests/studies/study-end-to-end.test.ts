// A small study (two knobs, two values each) through the command line: its CSV, table and plots
// hold the values the scenario reports directly; a second run takes everything from the cache.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import type { StudyDef } from '../../testbench/studies/study.ts';
import { checkSvg } from './svg-check.ts';
import { runCli, tempDir, writeStudy } from './cli.ts';

const STUDY: StudyDef = {
  name: 'tiny',
  title: 'Tiny study',
  question: 'Do the outputs carry the scenario numbers?',
  base: { scenario: 'pingpong', strategy: 'fcse', rounds: 2 },
  knobs: [
    { name: 'registerMrs', values: [4, 6] },
    { name: 'words', values: [0, 8] },
  ],
  metrics: ['hotCycles', 'coldCycles'],
  plots: [{ x: 'words', y: 'hotCycles', series: 'registerMrs', title: 'Hot IPC' }],
};

describe('npm run study: a two-by-two study end to end', () => {
  const dir = tempDir('study');
  const out = join(dir, 'out');
  let first: ReturnType<typeof runCli>;
  beforeAll(() => {
    first = runCli('studies', ['--study-file', writeStudy(dir, STUDY), '--cache', join(dir, 'cache'), '--out', out, '--jobs', '2']);
  }, 120_000);

  it('runs every point in the pool with progress and writes CSV, JSON, table and plots', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/tiny \[#+\.*\] 1\/4 .*left/);
    expect(first.stderr).toContain('4 computed, 0 from the cache');
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['results.csv', 'results.json', 'table.md', 'tiny-1-hotCycles.svg']));
  });

  it('its numbers are the ones runIpcScenario reports for the same point', async () => {
    const direct = await runIpcScenario({ registerMrs: 4, words: 8, strategy: 'fcse', rounds: 2 });
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(csv[0]).toEqual(['registerMrs', 'words', 'hotCycles', 'coldCycles', 'handoff', 'exited', 'hash']);
    const row = csv.find((c) => c[0] === '4' && c[1] === '8')!;
    expect(Number(row[2])).toBe(direct.hotCycles);
    expect(Number(row[3])).toBe(direct.coldCycles);
    expect(row[4]).toBe(direct.report.verdict);
    const table = readFileSync(join(out, 'table.md'), 'utf8');
    expect(table).toContain(`| 4 | 8 | ${direct.hotCycles} | ${direct.coldCycles} |`);
    const svg = readFileSync(join(out, 'tiny-1-hotCycles.svg'), 'utf8');
    expect(svg).toContain(`registerMrs = 4, untyped words per message 8: ${direct.hotCycles}`);
    for (const label of ['Hot IPC', 'untyped words per message', 'one-way IPC, hot (cycles)', 'registerMrs = 6']) expect(svg).toContain(label);
    expect(checkSvg(svg)).toEqual([]);
  }, 60_000);

  it('a second run computes nothing', () => {
    const again = runCli('studies', ['--study-file', writeStudy(dir, STUDY), '--cache', join(dir, 'cache'), '--out', join(dir, 'out2'), '--no-png']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('0 computed, 4 from the cache');
    expect(readFileSync(join(dir, 'out2', 'results.csv'), 'utf8')).toBe(readFileSync(join(out, 'results.csv'), 'utf8'));
  }, 60_000);

  it('points run one by one elsewhere (--points, --index, --point) merge into the same results', () => {
    const file = writeStudy(dir, STUDY);
    const listed = runCli('studies', ['--study-file', file, '--points']);
    const points = listed.stdout.trim().split('\n');
    expect(points.length).toBe(4);
    // A "remote machine" (here: the first cache) answers each point; the results travel as files.
    const results = points.map((_, k) => runCli('studies', ['--study-file', file, '--index', String(k), '--cache', join(dir, 'cache')]).stdout.trim());
    const byPoint = runCli('studies', ['--point', points[3]!, '--cache', join(dir, 'cache')]).stdout.trim();
    expect(JSON.parse(byPoint)).toEqual(JSON.parse(results[3]!));
    writeFileSync(join(dir, 'a.jsonl'), results.slice(0, 2).join('\n'));
    writeFileSync(join(dir, 'b.jsonl'), results.slice(2).join('\n'));
    const merged = runCli('studies', ['--study-file', file, '--merge', join(dir, 'a.jsonl'), join(dir, 'b.jsonl'), '--cache', join(dir, 'merged'), '--out', join(dir, 'out3'), '--no-png']);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stderr).toContain('0 computed, 4 from the cache');
    expect(readFileSync(join(dir, 'out3', 'results.csv'), 'utf8')).toBe(readFileSync(join(out, 'results.csv'), 'utf8'));
  }, 60_000);
});
