// CPU seconds the calling thread has used (Linux /proc/thread-self/stat: user + system time, in
// 1/100 s ticks). On a shared machine wall time includes waiting for a core; the time a thread
// actually ran does not, so the trace bench states both. NaN where /proc is unavailable.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux ABI Node supports

export function threadCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, so 12 and 13 after "pid (comm)".
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
