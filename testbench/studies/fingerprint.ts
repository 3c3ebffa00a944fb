// A hash of the sources that decide a point's result (RTL, kernel, scenario, checkers, this study
// runner): a cached result is reused only while none of them changed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../kernel/project-root.ts';

export const REPO_ROOT = PROJECT_ROOT;
const MODEL_DIRS = ['rtl', 'kernel', 'testbench/scenarios', 'testbench/checkers'];
/** A scenario's own sources count for its points only. */
const SCENARIO_DIRS: Record<string, readonly string[]> = { ring: ['testbench/studies/scenarios'], ipcbench: ['testbench/ipcbench/measure'] };
/** A fast-forwarded point's result depends on the reference model and the hand-off too. */
export const FAST_FORWARD_DIRS: readonly string[] = ['testbench/reference', 'testbench/machine'];

function files(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (/\.(ts|S|inc)$/.test(name)) out.push(p);
  }
  return out;
}

const memo = new Map<string, string>();
/**
 * Computed once per process: a study's points all see the same model. HANDOFF_STUDY_MODEL pins it
 * (tests in a working tree others are editing; machines whose checkouts differ only elsewhere).
 */
export function modelFingerprint(scenario = '', fastForward = false): string {
  const key = fastForward ? `${scenario}+fast-forward` : scenario;
  const pinned = process.env.HANDOFF_STUDY_MODEL;
  if (pinned) return `${pinned}/${key}`;
  let fp = memo.get(key);
  if (fp !== undefined) return fp;
  const h = createHash('sha256');
  for (const d of [...MODEL_DIRS, ...(SCENARIO_DIRS[scenario] ?? []), ...(fastForward ? FAST_FORWARD_DIRS : [])]) {
    for (const f of files(join(REPO_ROOT, d))) h.update(f.slice(REPO_ROOT.length)).update(readFileSync(f));
  }
  fp = h.digest('hex').slice(0, 16);
  memo.set(key, fp);
  return fp;
}
