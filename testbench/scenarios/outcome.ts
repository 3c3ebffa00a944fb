// What a scenario's programs and kernel said about the run, read from the console (UART) output
// and the semihosting exit: each user program ends a line "<name>: ... ok" or "... FAIL"; the kernel
// prints "[fault thread ...]" for a thread it stopped, "[kernel panic ...]" for itself, and exits
// with ADP_Stopped_ApplicationExit when no thread can run any more.

/** Semihosting SYS_EXIT reasons (r1). */
export const EXIT_APPLICATION = 0x20026;
export const EXIT_RUNTIME_ERROR = 0x20023;

export interface ProgramVerdict {
  readonly program: string;
  readonly verdict: 'ok' | 'FAIL';
}

export interface RunOutcome {
  readonly programs: readonly ProgramVerdict[];
  /** Kernel reports of stopped threads and panics, as printed. */
  readonly faults: readonly string[];
  /** How the kernel ended: a clean exit, an error exit, or not at all (cycle limit, core halted). */
  readonly kernelExit: 'clean' | 'error' | 'none';
  /** Everything above is as it should be. */
  readonly ok: boolean;
  /** What is not, one line each. */
  readonly problems: readonly string[];
}

/**
 * `expected`: programs that must report a verdict (a program that never reports, because it hangs
 * or is stuck waiting, is a problem too).
 */
export function runOutcome(uart: string, exited: boolean, exitReason: number | undefined, expected: readonly string[] = [], expectFaults = false): RunOutcome {
  const programs: ProgramVerdict[] = [];
  const faults: string[] = [];
  for (const line of uart.split('\n')) {
    // "<program>: ok" or "<program>: <what it checked> ok|FAIL"
    const m = /^([A-Za-z0-9_.-]+): (?:[^\n]*\s)?(ok|FAIL)$/.exec(line.trim());
    if (m) programs.push({ program: m[1]!, verdict: m[2] as 'ok' | 'FAIL' });
    if (/^\[(fault thread|kernel panic)/.test(line.trim())) faults.push(line.trim());
  }
  const kernelExit = !exited ? 'none' : exitReason === EXIT_APPLICATION ? 'clean' : 'error';
  const problems: string[] = [];
  for (const p of programs) if (p.verdict === 'FAIL') problems.push(`program ${p.program} reported FAIL`);
  for (const e of expected) if (!programs.some((p) => p.program === e)) problems.push(`program ${e} reported no verdict`);
  if (!expectFaults) for (const f of faults) problems.push(`kernel: ${f}`);
  if (kernelExit === 'none') problems.push('the kernel did not exit (cycle limit or core halted)');
  if (kernelExit === 'error') problems.push(`the kernel exited with an error (semihosting reason 0x${(exitReason ?? 0).toString(16)})`);
  return { programs, faults, kernelExit, ok: problems.length === 0, problems };
}
