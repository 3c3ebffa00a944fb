// ARM semihosting as QEMU provides it for `SWI 0x123456` (Thumb: `SWI 0xAB`) from a privileged mode: SYS_WRITEC,
// SYS_WRITE0 and SYS_EXIT. Like QEMU, WRITEC/WRITE0 leave 0xDEADBEEF in r0 (the ABI says r0 is
// corrupted). Other operations return -1 in r0. From User mode the SWI is an ordinary SWI.
import type { Arm926Core } from './core.ts';

/** Semihosting SWI number in ARM state, and in Thumb state (SWI 0xAB). */
export const SEMIHOSTING_SWI = 0x123456;
export const SEMIHOSTING_THUMB_SWI = 0xab;
export const SYS_WRITEC = 0x03;
export const SYS_WRITE0 = 0x04;
export const SYS_EXIT = 0x18;
/** ADP_Stopped_ApplicationExit: SYS_EXIT with this reason exits with status 0, others with 1. */
export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

const MAX_STRING = 1 << 16;

export function semihostingCall(c: Arm926Core): void {
  const operation = c.r[0]! >>> 0;
  const argument = c.r[1]! >>> 0;
  switch (operation) {
    case SYS_WRITEC: {
      const ch = c.peek8(argument);
      if (ch !== undefined) c.semihostOutput.push(ch);
      c.r[0] = 0xdeadbeef | 0;
      return;
    }
    case SYS_WRITE0: {
      for (let i = 0; i < MAX_STRING; i++) {
        const ch = c.peek8((argument + i) >>> 0);
        if (ch === undefined || ch === 0) break;
        c.semihostOutput.push(ch);
      }
      c.r[0] = 0xdeadbeef | 0;
      return;
    }
    case SYS_EXIT:
      c.stop = { kind: 'exit', code: argument === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1, reason: argument };
      return;
    default:
      c.r[0] = -1;
      return;
  }
}
