// The bench's fresh-isolate measurements (testbench/bench/isolate.ts) report every failure of the
// worker at once, with its error, through shared memory (the bench thread sleeps in Atomics.wait
// and cannot see the worker's events). Workers run only compiled JavaScript, so the cases run
// over dist/ (built here if stale) in a child process (fixtures/isolate-cases.mjs).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../scripts/launch.mjs';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';

interface Row {
  readonly name: string;
  readonly figures?: number[];
  readonly error?: string;
  readonly seconds: number;
}

describe('a measurement in a fresh isolate', () => {
  it('returns the figures, or throws the worker error (load or compute), a bad figure, or the missing answer', () => {
    expect(ensureBuilt(REPO_ROOT)).toBe(true);
    const run = spawnSync(process.execPath, [join('tests', 'bench', 'fixtures', 'isolate-cases.mjs')], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    const rows = new Map(run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row).map((r) => [r.name, r]));
    expect(rows.get('reports')).toMatchObject({ figures: [1.5, 2] });
    expect(rows.get('throws-in-compute')?.error).toMatch(/^case throws-in-compute failed: Error: the measurement broke/);
    expect(rows.get('not-a-number')?.error).toBe('case not-a-number gave a figure that is not a number: 3, NaN');
    expect(rows.get('never-reports')?.error).toBe('case never-reports gave no measurement within 1 s');
    expect(rows.get('fails-to-load')?.error).toMatch(/^case fails-to-load failed: Error: this module cannot load/);
    // A failure is reported when it happens, not after the wait's bound (120 s for these cases).
    for (const name of ['throws-in-compute', 'fails-to-load', 'not-a-number']) expect(rows.get(name)!.seconds, name).toBeLessThan(60);
  });
});
