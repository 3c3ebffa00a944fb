// Where results came from: the git commit and whether the model's sources had local edits (then
// the commit alone does not reproduce them; the fingerprint still names the sources exactly).
import { spawnSync } from 'node:child_process';
import { FAST_FORWARD_DIRS, REPO_ROOT } from './fingerprint.ts';

export interface Provenance {
  readonly commit: string;
  readonly modelSourcesEdited: boolean;
}

/** `fastForward`: the results include fast-forwarded points (the reference model and the hand-off count too). */
export function provenance(fastForward = false): Provenance {
  const git = (args: string[]): string => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git(['rev-parse', 'HEAD']) || 'unknown';
  const edited = git(['status', '--porcelain', '--', 'rtl', 'kernel', 'testbench/scenarios', 'testbench/checkers', 'testbench/studies/scenarios', 'testbench/ipcbench/measure', ...(fastForward ? FAST_FORWARD_DIRS : [])]) !== '';
  return { commit, modelSourcesEdited: edited };
}
