// Fault injection (issue 15): `npm start` and a study are killed at seeded points (SIGINT as Ctrl-C
// sends it, SIGTERM, SIGKILL; at a random moment, or while the waveform is being written). After
// each kill every output is either the previous file or the complete one, byte for byte, and no
// temporary file remains (the janitor removes them once the process is gone). Before, a killed
// `npm start` left a truncated VCD that ended on a clean timestamp and looked complete.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { ResultCache } from '../../testbench/studies/cache.ts';
import type { StudyDef } from '../../testbench/studies/study.ts';
import { TEST_SEED, seedBanner } from '../support/seed.ts';
import { isTemp } from './call.ts';
import { tempDir, writeStudy } from '../studies/cli.ts';

const PINNED = { ...process.env, HANDOFF_STUDY_MODEL: `test-kill-${process.pid}` };
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
type Signal = (typeof SIGNALS)[number];
interface Kill {
  readonly signal: Signal;
  /** Fraction of a complete run's duration, or -1: at the run's first output (a temporary VCD, a cache entry). */
  readonly at: number;
}
const kills = (n: number, salt: number): Kill[] =>
  fc.sample(fc.record({ signal: fc.constantFrom(...SIGNALS), at: fc.oneof(fc.constant(-1), fc.double({ min: 0.05, max: 0.95, noNaN: true })) }), { numRuns: n, seed: TEST_SEED + salt });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function launch(script: string, args: readonly string[]): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, env: PINNED, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.resume();
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done };
}

/** Everything under `dirs` that looks temporary, once the janitor had up to 10 s to sweep. */
async function tempsLeft(dirs: readonly string[]): Promise<string[]> {
  const temps = (): string[] => dirs.flatMap((d) => (existsSync(d) ? readdirSync(d).filter(isTemp).map((f) => join(d, f)) : []));
  for (let k = 0; k < 100 && temps().length > 0; k++) await sleep(100);
  return temps();
}

async function killAt(k: Kill, run: { child: ChildProcess; done: Promise<number | null> }, duration: number, started: () => boolean): Promise<void> {
  if (k.at < 0) {
    let finished = false;
    void run.done.then(() => (finished = true));
    while (!finished && !started()) await sleep(20);
  } else await Promise.race([sleep(k.at * duration), run.done]);
  try {
    process.kill(-run.child.pid!, k.signal);
  } catch {
    // already finished: the outputs must then be complete
  }
  await run.done;
}

describe('killed runs leave whole outputs or none', () => {
  it('npm start', async () => {
    process.stderr.write(seedBanner('kill npm start'));
    const dir = tempDir('kill-start');
    const vcd = join(dir, 'h.vcd');
    const gtkw = join(dir, 'h.gtkw');
    const args = ['--rounds', '1', '--margin', '5000', '--compare', 'none', '--vcd', vcd, '--gtkw', gtkw];
    const t0 = Date.now();
    const reference = launch('testbench/cli/main.ts', args);
    expect(await reference.done).toBe(0);
    const duration = Date.now() - t0;
    const want = { vcd: readFileSync(vcd), gtkw: readFileSync(gtkw) };
    for (const k of kills(3, 1)) {
      writeFileSync(vcd, 'previous\n');
      writeFileSync(gtkw, 'previous\n');
      await killAt(k, launch('testbench/cli/main.ts', args), duration, () => readdirSync(dir).some(isTemp));
      expect(await tempsLeft([dir]), JSON.stringify(k)).toEqual([]);
      for (const [f, bytes] of [[vcd, want.vcd], [gtkw, want.gtkw]] as const) {
        const got = readFileSync(f);
        if (!got.equals(bytes)) expect(got.toString(), `${f} after ${JSON.stringify(k)}`).toBe('previous\n');
      }
    }
  }, 120_000);

  it('a study', async () => {
    process.stderr.write(seedBanner('kill study'));
    const dir = tempDir('kill-study');
    const study: StudyDef = { name: 'killed-outputs', title: 'Killed', question: 'Whole outputs?', base: { scenario: 'pingpong', strategy: 'fcse', rounds: 2 }, knobs: [{ name: 'words', values: [1, 2] }], metrics: ['hotCycles'], plots: [{ x: 'words', y: 'hotCycles', title: 'Hot IPC' }] };
    const file = writeStudy(dir, study);
    const out = join(dir, 'out');
    const args = (cache: string): string[] => ['--study-file', file, '--cache', cache, '--out', out, '--jobs', '1', '--no-png'];
    const t0 = Date.now();
    const reference = launch('testbench/studies/main.ts', args(join(dir, 'cache-ref')));
    expect(await reference.done).toBe(0);
    const duration = Date.now() - t0;
    const want = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    const hashes = readdirSync(join(dir, 'cache-ref')).sort();
    expect(hashes).toHaveLength(2);
    let n = 0;
    for (const k of kills(2, 2)) {
      const cache = join(dir, `cache-${n++}`);
      for (const f of want.keys()) writeFileSync(join(out, f), 'previous\n');
      await killAt(k, launch('testbench/studies/main.ts', args(cache)), duration, () => existsSync(cache) && readdirSync(cache).some((f) => f.endsWith('.json')));
      expect(await tempsLeft([cache, out]), JSON.stringify(k)).toEqual([]);
      for (const [f, bytes] of want) {
        const got = readFileSync(join(out, f));
        if (!got.equals(bytes)) expect(got.toString(), `${f} after ${JSON.stringify(k)}`).toBe('previous\n');
      }
      // Cache entries: whole and valid, of the study's points only.
      const entries = existsSync(cache) ? readdirSync(cache) : [];
      for (const e of entries) {
        expect(hashes).toContain(e);
        expect(new ResultCache(cache, (m) => expect.fail(m)).get(e.replace(/\.json$/, ''))).toBeDefined();
      }
      rmSync(cache, { recursive: true, force: true });
    }
  }, 120_000);
});
