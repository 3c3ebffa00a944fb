// Names and widths every declaration must obey. Names become VCD identifiers and GTKWave paths,
// so they are plain identifiers; widths are bounded so a typo cannot allocate a huge vector.
import { ElaborationError } from './errors.ts';

export const MAX_WIDTH = 4096;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkName(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) {
    throw new ElaborationError(`${what}: illegal name ${JSON.stringify(name)} (use letters, digits and _; must not start with a digit)`);
  }
}

export function checkWidth(width: number, what: string): void {
  if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
    throw new ElaborationError(`${what}: width ${String(width)} is not an integer in 1..${MAX_WIDTH}`);
  }
}

/** Number of 32-bit words that hold a value of `width` bits. */
export function wordsFor(width: number): number {
  return (width + 31) >>> 5;
}

/** The bits of the top word that are outside the signal (0 when the width is a multiple of 32). */
export function topWordOverflowMask(width: number): number {
  const rem = width & 31;
  return rem === 0 ? 0 : ~((1 << rem) - 1) | 0;
}
