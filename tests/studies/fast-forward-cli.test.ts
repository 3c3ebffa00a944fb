// `npm run study -- ... --fast-forward SYM[:N]|COUNT` as a user runs it: every point handed off at
// the point, the outputs say so (results.json per point, a CSV column, a note in table.md), the
// points listed carry it, and a bad point fails before any point runs, naming the option.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyDef } from '../../testbench/studies/study.ts';
import { runCli, tempDir, writeStudy } from './cli.ts';

const STUDY: StudyDef = {
  name: 'ff-tiny',
  title: 'Fast-forwarded tiny study',
  question: 'Do fast-forwarded points say so?',
  base: { scenario: 'pingpong', rounds: 4 },
  knobs: [{ name: 'words', values: [0, 8] }],
  metrics: ['hotCycles', 'coldCycles'],
  plots: [],
};

describe('npm run study --fast-forward', () => {
  const dir = tempDir('study-ff');
  const file = writeStudy(dir, STUDY);
  const out = join(dir, 'out');
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli('studies', ['--study-file', file, '--cache', join(dir, 'cache'), '--out', out, '--jobs', '2', '--no-png', '--fast-forward', 'ipc_entry:4']);
  }, 120_000);

  it('every point is handed off at the point, and every output says so', () => {
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { rows: Array<Record<string, unknown>>; model: Record<string, string> };
    expect(json.rows).toHaveLength(2);
    for (const row of json.rows) {
      expect(row['point']).toMatchObject({ fastForward: 'ipc_entry:4' });
      expect(row['fastForward']).toMatchObject({ point: 'ipc_entry:4', modelInstructions: expect.any(Number), rtlCycles: expect.any(Number) });
      expect(row['coldCycles']).toBeNull();
      expect(row['hotCycles']).toEqual(expect.any(Number));
    }
    expect(Object.keys(json.model)).toContain('pingpong+fast-forward');
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('words,hotCycles,coldCycles,handoff,exited,hash,fastForward');
    expect(csv[1]).toMatch(/,ipc_entry:4$/);
    expect(readFileSync(join(out, 'table.md'), 'utf8')).toContain('Fast-forwarded: each point ran on the reference model from its boot to `ipc_entry:4`');
  });

  it('the points a job runner gets carry the fast-forward point, and only with --fast-forward', () => {
    const ff = runCli('studies', ['--study-file', file, '--points', '--fast-forward', 'ipc_entry:4']);
    expect(ff.status, ff.stderr).toBe(0);
    const points = ff.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(points.map((p) => p['fastForward'])).toEqual(['ipc_entry:4', 'ipc_entry:4']);
    const plain = runCli('studies', ['--study-file', file, '--points']);
    expect(plain.stdout).not.toContain('fastForward');
  }, 60_000);

  it.each<[string, RegExp]>([
    ['no_such_symbol', /^study: error: --fast-forward: no symbol 'no_such_symbol' in the image$/m],
    ['a:b:c', /^study: error: --fast-forward "a:b:c": expected a symbol, symbol:N \(its Nth hit\) or an instruction count$/m],
  ])('--fast-forward %s fails before any point runs, naming the option', (point, message) => {
    const r = runCli('studies', ['--study-file', file, '--cache', join(dir, 'cache-bad'), '--out', join(dir, 'out-bad'), '--fast-forward', point]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('points,');
  }, 60_000);
});
