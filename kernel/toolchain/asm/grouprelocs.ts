// Group relocations (`add r0, r0, #:pc_g0:(sym + 4)`, `ldr r0, [r0, #:sb_g1:sym]`): GNU as's
// AAELF group relocation operators for ADD/ADDS/MOVS (ALU), LDR/STR/LDRB/STRB (LDR), the
// halfword, signed and doubleword transfers (LDRS) and LDC/STC (LDC). The relocation keeps the
// symbol; the instruction holds the addend (GNU's REL encoding). The linker here does not apply
// them (GNU ld does).
import type { TokenStream } from './lexer.ts';
import type { RelocSuffix } from './relocsuffix.ts';

export type GroupClass = 'alu' | 'ldr' | 'ldrs' | 'ldc';

/** Name: ELF types for ALU, LDR, LDRS, LDC (0: not allowed for that class). */
const TABLE: Readonly<Record<string, readonly [number, number, number, number]>> = {
  pc_g0_nc: [57, 0, 0, 0], pc_g0: [58, 4, 64, 67], pc_g1_nc: [59, 0, 0, 0], pc_g1: [60, 62, 65, 68], pc_g2: [61, 63, 66, 69],
  sb_g0_nc: [70, 0, 0, 0], sb_g0: [71, 75, 78, 81], sb_g1_nc: [72, 0, 0, 0], sb_g1: [73, 76, 79, 82], sb_g2: [74, 77, 80, 83],
};
const CLASS_INDEX: Readonly<Record<GroupClass, number>> = { alu: 0, ldr: 1, ldrs: 2, ldc: 3 };
const CLASS_NAME: Readonly<Record<GroupClass, string>> = { alu: 'ALU', ldr: 'LDR', ldrs: 'LDRS', ldc: 'LDC' };

/** `#:name:` or `:name:` before an operand: the name (and its column), else null. */
export function parseGroupPrefix(ts: TokenStream): { name: string; col: number } | null {
  if (ts.isOp('#') && ts.isOp(':', 1)) ts.next();
  else if (!ts.isOp(':')) return null;
  ts.next();
  const t = ts.next();
  if (t.kind !== 'id' || !(t.text.toLowerCase() in TABLE) || !ts.isOp(':')) ts.fail('unknown group relocation', t);
  ts.next();
  return { name: t.text.toLowerCase(), col: t.col };
}

/** The relocation of group operator `name` on an instruction of `cls`, or an error message. */
export function groupReloc(name: string, cls: GroupClass): RelocSuffix | string {
  const type = TABLE[name]![CLASS_INDEX[cls]];
  if (!type) return `this group relocation is not allowed on this instruction (:${name}: is for ADD, ADDS and MOVS only)`;
  const kind = name.startsWith('pc') ? 'PC' : 'SB';
  return { elfType: type, name: `R_ARM_${CLASS_NAME[cls]}_${kind}_${name.slice(3).toUpperCase()}`, keepSymbol: true, inPlace: 'zero', tls: false };
}

/** An instruction's group-relocated operand: the operator and the expression. */
export interface GroupOperand {
  readonly name: string;
  readonly e: import('./expr.ts').Expr;
  readonly col: number;
}

export const hex8 = (v: number): string => `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
