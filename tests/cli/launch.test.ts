// The command-line tools run precompiled (scripts/launch.mjs over dist/): a source newer than the
// build makes it stale; the compiled tool answers as the TypeScript one does.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStale, newestSource, STAMP } from '../../scripts/launch.mjs';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { tempDir } from '../studies/cli.ts';
import { main as startMain } from '../../testbench/cli/main.ts';
import { call } from './call.ts';

const at = (path: string, seconds: number): void => utimesSync(path, seconds, seconds);

describe('precompiled command-line tools', () => {
  it('dist/ is stale without a build, fresh after one, stale again when a source or build file changes', () => {
    const root = tempDir('launch');
    for (const d of ['kernel', 'rtl/core', 'testbench', 'tests/kernel']) mkdirSync(join(root, d), { recursive: true });
    const files = ['kernel/a.ts', 'rtl/core/b.ts', 'testbench/c.ts', 'tests/kernel/d.ts', 'tsconfig.json'];
    for (const f of files) {
      writeFileSync(join(root, f), '');
      at(join(root, f), 1_000);
    }
    writeFileSync(join(root, 'kernel', 'notes.md'), '');
    at(join(root, 'kernel', 'notes.md'), 5_000); // not a source
    expect(newestSource(root)).toBe(1_000_000);
    expect(isStale(root)).toBe(true);
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, STAMP), '');
    at(join(root, STAMP), 2_000);
    expect(isStale(root)).toBe(false);
    for (const f of files) {
      at(join(root, f), 3_000);
      expect(isStale(root), f).toBe(true);
      at(join(root, f), 1_000);
    }
    expect(isStale(root)).toBe(false);
  });

  it('npm start runs the compiled tool: the same help as the TypeScript, and a usage error for a bad entry', () => {
    const launched = spawnSync(process.execPath, ['scripts/launch.mjs', 'testbench/cli/main.ts', '--help'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(launched.status, launched.stderr).toBe(0);
    const direct = spawnSync(process.execPath, ['--import', 'tsx', 'testbench/cli/main.ts', '--help'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(launched.stdout).toBe(direct.stdout);
    expect(launched.stdout).toContain('usage: npm start');
    const bad = spawnSync(process.execPath, ['scripts/launch.mjs', 'testbench/cli/nope.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"testbench/cli/nope.ts" is not a TypeScript source of the project');
  }, 360_000);

  it("npm start precompiled gives the same report and waveform as from the sources", async () => {
    const dir = tempDir('launch-start');
    const args = (tag: string): string[] => ['--compare', 'tcb-copy,remap', '--rounds', '3', '--json', '--vcd', join(dir, `${tag}.vcd`), '--gtkw', join(dir, `${tag}.gtkw`)];
    const compiled = spawnSync(process.execPath, ['scripts/launch.mjs', 'testbench/cli/main.ts', ...args('compiled')], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(compiled.status, compiled.stderr).toBe(0);
    const sources = await call('npm start', startMain, args('sources'));
    expect(sources.code, sources.err).toBe(0);
    // Everything but the wall time and the output paths.
    const strip = (text: string): unknown => {
      const j = JSON.parse(text) as { run: Record<string, unknown>; vcd: Record<string, unknown>; gtkw: unknown; comparisonRuns?: unknown };
      delete j.comparisonRuns;
      delete j.run['seconds'];
      delete j.run['cyclesPerSecond'];
      delete j.vcd['path'];
      delete j.gtkw;
      return j;
    };
    // 2 designs and the published lengths 0 and 16 (8 words is the l4 main run's): 4 runs.
    // (The compiled run may reuse them from the project's cache: comparison-cache.ts; the in-process one has none.)
    const runs = (text: string): number => (JSON.parse(text) as { comparisonRuns: { runs: number } }).comparisonRuns.runs;
    expect(runs(compiled.stdout)).toBe(4);
    expect(runs(sources.out)).toBe(4);
    const a = strip(compiled.stdout) as { why: unknown[] };
    expect(a.why.length).toBe(2);
    expect(a).toEqual(strip(sources.out));
    expect(readFileSync(join(dir, 'compiled.vcd'))).toEqual(readFileSync(join(dir, 'sources.vcd')));
  }, 600_000);
});
