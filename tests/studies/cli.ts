// Runs the study/verify command lines as a user would (npm run study / verify: the precompiled tools
// through scripts/launch.mjs, whose study workers are compiled too), for the end-to-end tests. The
// model fingerprint is pinned: others may edit rtl/ or kernel/ while the tests run, and a changed
// fingerprint between two commands of one test would (rightly) make them disagree.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import type { StudyDef } from '../../testbench/studies/study.ts';

const PINNED = { ...process.env, HANDOFF_STUDY_MODEL: `test-${process.pid}` };

export const tempDir = (tag: string): string => mkdtempSync(join(tmpdir(), `handoff-${tag}-`));

export function writeStudy(dir: string, s: StudyDef): string {
  const f = join(dir, `${s.name}.json`);
  writeFileSync(f, JSON.stringify(s));
  return f;
}

export function runCli(script: 'studies' | 'verify', args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['scripts/launch.mjs', join('testbench', script, 'main.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: PINNED });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Started in its own process group, so a test can kill it together with its workers. */
export function startCli(script: 'studies' | 'verify', args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['scripts/launch.mjs', join('testbench', script, 'main.ts'), ...args], { cwd: REPO_ROOT, env: PINNED, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}
