// Text conventions of objdump's ARM output: register and condition names, immediates, comments.

const REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'sl', 'fp', 'ip', 'sp', 'lr', 'pc'];
const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', ''];
export const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];

export const reg = (n: number): string => REGS[n & 15]!;
export const cond = (w: number): string => CONDS[w >>> 28]!;
export const hex = (v: number): string => (v >>> 0).toString(16);
export const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');

/** Context the decoders need beyond the word. */
export interface DecodeCtx {
  readonly address: number;
  /** Formats a code/data address: "0x1c" alone, or "1c <sym+0x4>" with a symbolizer. */
  target(address: number): string;
}

/** "mn\tops" plus an optional "\t@ comment". */
export function fmt(mn: string, ops: string, comment?: string): string {
  return comment === undefined ? `${mn}\t${ops}` : `${mn}\t${ops}\t@ ${comment}`;
}

export function undefinedText(w: number): string {
  return `\t\t@ <UNDEFINED> instruction: 0x${hex8(w)}`;
}

/** "#<signed decimal>" with objdump's hex comment for values above 32. */
export function immWithComment(v: number): { text: string; comment?: string } {
  const u = v >>> 0;
  const text = `#${u | 0}`;
  return wantsHex(u | 0) ? { text, comment: `0x${hex(u)}` } : { text };
}

export function regList(mask: number): string {
  const names: string[] = [];
  for (let i = 0; i < 16; i++) if (mask & (1 << i)) names.push(reg(i));
  return `{${names.join(', ')}}`;
}

/** Immediate-shifted register operand: "rm", "rm, lsl #3", "rm, lsr #32", "rm, rrx". */
export function shiftImm(rm: number, type: number, amount: number): string {
  if (amount === 0) {
    if (type === 0) return reg(rm);
    if (type === 3) return `${reg(rm)}, rrx`;
    return `${reg(rm)}, ${SHIFTS[type]} #32`;
  }
  return `${reg(rm)}, ${SHIFTS[type]} #${amount}`;
}

/** objdump adds a hex comment to immediates and offsets above 32 or below -16. */
export const wantsHex = (v: number): boolean => v > 32 || v < -16;
