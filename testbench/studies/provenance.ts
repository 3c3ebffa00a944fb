// Where results came from: the git commit and whether the model's sources had local edits (then
// the commit alone does not reproduce them; the fingerprint still names the sources exactly).
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './fingerprint.ts';

export interface Provenance {
  readonly commit: string;
  readonly modelSourcesEdited: boolean;
}

export function provenance(): Provenance {
  const git = (args: string[]): string => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git(['rev-parse', 'HEAD']) || 'unknown';
  const edited = git(['status', '--porcelain', '--', 'rtl', 'kernel', 'testbench/scenarios', 'testbench/checkers', 'testbench/studies/scenarios', 'testbench/ipcbench/measure']) !== '';
  return { commit, modelSourcesEdited: edited };
}
