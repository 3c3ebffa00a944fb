// A study killed part way (the whole process group: parent and workers) and started again completes
// without recomputing the points it had finished.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudyDef } from '../../testbench/studies/study.ts';
import { runCli, startCli, tempDir, writeStudy } from './cli.ts';

const STUDY: StudyDef = {
  name: 'killed',
  title: 'Killed study',
  question: 'Does a killed study resume?',
  base: { scenario: 'pingpong', strategy: 'fcse', rounds: 2, registerMrs: 5 },
  knobs: [
    { name: 'words', values: [1, 2, 3] },
    { name: 'registerMrs', values: [5] },
  ],
  metrics: ['hotCycles'],
  plots: [],
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a killed study resumes', () => {
  it('finished points survive the kill and are not computed again', async () => {
    const dir = tempDir('resume');
    const cache = join(dir, 'cache');
    const file = writeStudy(dir, STUDY);
    const child = startCli('studies', ['--study-file', file, '--cache', cache, '--out', join(dir, 'out'), '--jobs', '1', '--no-png']);
    // finished points only: a write in progress is a hidden temporary (.<name>.tmp-<pid>-<rand>.json)
    const results = (): string[] => (existsSync(cache) ? readdirSync(cache).filter((f) => f.endsWith('.json') && !f.startsWith('.')) : []);
    const t0 = Date.now();
    while (results().length === 0 && Date.now() - t0 < 60_000) await sleep(100);
    process.kill(-child.pid!, 'SIGKILL');
    await sleep(300);
    const before = results();
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(3);
    const mtimes = before.map((f) => statSync(join(cache, f)).mtimeMs);

    const again = runCli('studies', ['--study-file', file, '--cache', cache, '--out', join(dir, 'out'), '--jobs', '1', '--no-png']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${before.length} cached, ${3 - before.length} to compute`);
    expect(again.stderr).toContain(`${3 - before.length} computed, ${before.length} from the cache`);
    expect(before.map((f) => statSync(join(cache, f)).mtimeMs)).toEqual(mtimes);
    expect(results().length).toBe(3);
  }, 90_000);
});
