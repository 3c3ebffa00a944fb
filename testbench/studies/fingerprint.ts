// A hash of the sources that decide a point's result (RTL, kernel, scenario, checkers, this study
// runner): a cached result is reused only while none of them changed.
import { PROJECT_ROOT } from '../../kernel/project-root.ts';
import { sourcesFingerprint } from '../../kernel/source-fingerprint.ts';

export const REPO_ROOT = PROJECT_ROOT;
/** The bundled scenario files (scenarios/*.json) count: the ping-pong's threads and priorities come from one. */
const MODEL_DIRS = ['rtl', 'kernel', 'scenarios', 'testbench/scenarios', 'testbench/checkers'];
/** A scenario's own sources count for its points only. */
const SCENARIO_DIRS: Record<string, readonly string[]> = { ring: ['testbench/studies/scenarios'], ipcbench: ['testbench/ipcbench/measure'] };
/** A fast-forwarded point's result depends on the reference model and the hand-off too. */
export const FAST_FORWARD_DIRS: readonly string[] = ['testbench/reference', 'testbench/machine'];

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
  fp = sourcesFingerprint([...MODEL_DIRS, ...(SCENARIO_DIRS[scenario] ?? []), ...(fastForward ? FAST_FORWARD_DIRS : [])]);
  memo.set(key, fp);
  return fp;
}
