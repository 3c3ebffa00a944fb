// Relocation suffixes: `.word sym(GOT)`, `bl foo(PLT)`, `blx f(tlscall)` (GNU as's parse_reloc),
// and what GNU writes for each in a relocatable object: the ELF type, whether the relocation
// keeps the symbol (else a local symbol becomes its section plus offset, as for R_ARM_ABS32), and
// the value left in place (REL). The linker here does not apply these: they are for GNU ld.
import type { TokenStream } from './lexer.ts';

export interface RelocSuffix {
  /** ELF relocation type. */
  readonly elfType: number;
  readonly name: string;
  /** The relocation names the symbol even when it is local (GNU: not "adjustable"). */
  readonly keepSymbol: boolean;
  /** In place: the addend, the symbol's offset plus the addend, or nothing. */
  readonly inPlace: 'A' | 'S+A' | 'zero';
  /** Thread-local: the symbol must be in a TLS section (or undefined, then it becomes TLS). */
  readonly tls: boolean;
}

const S = (elfType: number, name: string, keepSymbol: boolean, inPlace: RelocSuffix['inPlace'], tls = false): RelocSuffix => ({ elfType, name, keepSymbol, inPlace, tls });

/** Data suffixes of `.word`/`.long` (lower or upper case, as GNU's table has them). */
const DATA: Readonly<Record<string, RelocSuffix>> = {
  got: S(26, 'R_ARM_GOT32', true, 'S+A'),
  gotoff: S(24, 'R_ARM_GOTOFF32', true, 'S+A'),
  target1: S(38, 'R_ARM_TARGET1', false, 'A'),
  target2: S(41, 'R_ARM_TARGET2', true, 'A'),
  sbrel: S(9, 'R_ARM_SBREL32', false, 'A'),
  got_prel: S(96, 'R_ARM_GOT_PREL', false, 'A'),
  tlsgd: S(104, 'R_ARM_TLS_GD32', true, 'A', true),
  tlsldm: S(105, 'R_ARM_TLS_LDM32', true, 'A', true),
  tlsldo: S(106, 'R_ARM_TLS_LDO32', true, 'S+A', true),
  gottpoff: S(107, 'R_ARM_TLS_IE32', true, 'A', true),
  tpoff: S(108, 'R_ARM_TLS_LE32', true, 'A', true),
  tlsdesc: S(90, 'R_ARM_TLS_GOTDESC', true, 'A', true),
  tlscall: S(91, 'R_ARM_TLS_CALL', true, 'zero', true),
  tlsdescseq: S(92, 'R_ARM_TLS_DESCSEQ', true, 'zero', true),
};

const FDPIC = new Set(['funcdesc', 'gotfuncdesc', 'gotofffuncdesc', 'tlsgd_fdpic', 'tlsldm_fdpic', 'gottpoff_fdpic']);

/** R_ARM_BASE_PREL (GNU's GOTPC): any word addressing _GLOBAL_OFFSET_TABLE_. */
export const GOTPC: RelocSuffix = S(25, 'R_ARM_GOTPC', true, 'A');
export const GOT_SYMBOL = '_GLOBAL_OFFSET_TABLE_';

/** TLS call markers on instructions: ARM and Thumb relocation types. */
export const TLS_CALL = { arm: S(91, 'R_ARM_TLS_CALL', true, 'zero', true), thumb: S(93, 'R_ARM_THM_TLS_CALL', true, 'zero', true) };
export const TLS_DESCSEQ = { arm: S(92, 'R_ARM_TLS_DESCSEQ', true, 'zero', true), thumb: S(129, 'R_ARM_THM_TLS_DESCSEQ', true, 'zero', true) };

/** GNU accepts the names in lower or in upper case only. */
function lookupName(name: string): string | null {
  return name === name.toLowerCase() || name === name.toUpperCase() ? name.toLowerCase() : null;
}

/**
 * A data suffix by name: the relocation, 'plt' (GNU emits a plain R_ARM_ABS32 for `.word f(PLT)`),
 * or an error message.
 */
export function dataSuffix(name: string): RelocSuffix | 'plt' | string {
  const n = lookupName(name);
  if (n === 'plt') return 'plt';
  if (n !== null && FDPIC.has(n)) return `(${name}) relocations are for FDPIC code only (not supported)`;
  const r = n === null ? undefined : DATA[n];
  return r ?? `unknown relocation suffix (${name})`;
}

/** A branch suffix: (plt) changes nothing in EABI objects; (tlscall) marks a TLS descriptor call. */
export function branchSuffix(name: string): 'plt' | 'tlscall' | null {
  const n = lookupName(name);
  return n === 'plt' || n === 'tlscall' ? n : null;
}

/**
 * Reads a branch target's suffix, "(plt)" or "(tlscall)" (GNU: the only ones valid on a branch);
 * returns the TLS call marker's name or null.
 */
export function readBranchSuffix(ts: TokenStream): 'tlscall' | null {
  if (!(ts.isOp('(') && ts.peek(1).kind === 'id' && ts.isOp(')', 2))) return null;
  const s = branchSuffix(ts.peek(1).text);
  if (!s) ts.fail(`the only valid suffixes here are '(plt)' and '(tlscall)'`);
  ts.next();
  ts.next();
  ts.next();
  return s === 'tlscall' ? 'tlscall' : null;
}
