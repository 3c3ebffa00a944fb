// Golden tools (GNU binutils for ARM, QEMU, GTKWave) are Debian packages that `.ci/run` installs.
// Outside CI a missing tool skips its suite, loudly; in CI (CI=true) a missing tool fails the suite,
// so a green CI run always means the golden comparison really ran.
import { spawnSync } from 'node:child_process';

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

/** True when `command` can be run from PATH. */
export function hasTool(command: string): boolean {
  const probe = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim().length > 0;
}

export interface GoldenGate {
  /** Every tool needed is present: run the suite. */
  readonly available: boolean;
  /** Why the suite is skipped (empty when available). */
  readonly reason: string;
}

/**
 * Decide whether a golden suite runs. In CI a missing tool throws at collection time, which fails
 * the test file. Outside CI it prints a warning to stderr and returns available=false, for
 * `describe.skipIf(!gate.available)`.
 */
export function goldenGate(suite: string, commands: readonly string[]): GoldenGate {
  const missing = commands.filter((c) => !hasTool(c));
  if (missing.length === 0) return { available: true, reason: '' };
  const reason = `golden suite "${suite}" needs ${missing.join(', ')} (install with: bash .ci/run, or apt-get install binutils-arm-none-eabi qemu-system-arm gtkwave)`;
  if (inCI) throw new Error(`CI=true and ${reason}`);
  process.stderr.write(`\n*** SKIPPED: ${reason} ***\n\n`);
  return { available: false, reason };
}
