// Mnemonic table and the split of a written mnemonic into base, condition and suffix, by GNU
// as's rules (opcode_lookup): each mnemonic takes its condition as a suffix (addeq), after the
// third letter (ldreqb, addeqs: divided syntax; in unified syntax the suffix order ldrbeq, addseq,
// with the infix kept but deprecated), or not at all (bkpt, pld).
import type { InsnHandler } from './context.ts';
import { CONDITIONS } from './conditions.ts';
import { adr, adrl, cpy, dataProc, itBlock, neg, nop, shiftPseudo } from './dataproc.ts';
import { clz, dspMul, mla, mul, mulLong, qarith } from './multiply.ts';
import { loadStore, pld, swp } from './loadstore.ts';
import { ldmStm, pushPop } from './multiple.ts';
import { blx, branch, bx, bxj } from './branch.ts';
import { bkpt, mrs, msr, swi, udf } from './system.ts';
import { cdp, ldcStc, mcrMrc, mcrrMrrc } from './coproc.ts';

export { CONDITIONS };

interface Entry {
  readonly handler: InsnHandler;
  readonly suffixes: readonly string[];
  /** Unconditional-only instruction (no condition may be written). */
  readonly noCond?: boolean;
}

const S = ['', 's'];
const NONE = [''];
const TABLE = new Map<string, Entry>();
function add(names: readonly string[], handler: InsnHandler, suffixes: readonly string[] = NONE, noCond = false): void {
  for (const n of names) TABLE.set(n, { handler, suffixes, noCond });
}

add(['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'orr', 'mov', 'bic', 'mvn', 'tst', 'teq', 'cmp', 'cmn'], dataProc, S);
add(['tst', 'teq', 'cmp', 'cmn'], dataProc, ['', 's', 'p']);
add(['lsl', 'lsr', 'asr', 'ror', 'rrx'], shiftPseudo, S);
add(['nop'], nop);
add(['adr'], adr, ['', 'l']); // adr<cond>l: GNU's ADRL with the condition in the middle
add(['adrl'], adrl);
add(['cpy'], cpy);
add(['neg'], neg, S);
add(['it', 'itt', 'ite', 'ittt', 'itte', 'itet', 'itee', 'itttt', 'ittte', 'ittet', 'ittee', 'itett', 'itete', 'iteet', 'iteee'], itBlock, NONE, true);
add(['mul'], mul, S);
add(['mla'], mla, S);
add(['umull', 'umlal', 'smull', 'smlal'], mulLong, S);
const XY = ['bb', 'bt', 'tb', 'tt'];
add(XY.flatMap((xy) => [`smla${xy}`, `smul${xy}`, `smlal${xy}`]).concat(['smlawb', 'smlawt', 'smulwb', 'smulwt']), dspMul);
add(['qadd', 'qsub', 'qdadd', 'qdsub'], qarith);
add(['clz'], clz);
add(['ldr'], loadStore, ['', 'b', 't', 'bt', 'h', 'sh', 'sb', 'd']);
add(['str'], loadStore, ['', 'b', 't', 'bt', 'h', 'd']);
add(['ldm', 'stm'], ldmStm, ['', 'ia', 'ib', 'da', 'db', 'fd', 'fa', 'ed', 'ea']);
add(['push', 'pop'], pushPop);
add(['swp'], swp, ['', 'b']);
add(['pld'], pld, NONE, true);
add(['b', 'bl'], branch);
add(['blx'], blx);
add(['bx'], bx);
add(['bxj'], bxj);
add(['swi', 'svc'], swi);
add(['bkpt'], bkpt);
add(['udf'], udf);
add(['mrs'], mrs);
add(['msr'], msr);
add(['cdp', 'cdp2'], cdp);
add(['mcr', 'mrc', 'mcr2', 'mrc2'], mcrMrc);
add(['mcrr', 'mrrc'], mcrrMrrc);
add(['ldc', 'stc', 'ldc2', 'stc2'], ldcStc, ['', 'l']);

const BASES = [...TABLE.keys()].sort((a, b) => b.length - a.length);

/**
 * GNU's ARM mnemonics (ARMv5TEJ and earlier) by how they take a condition: 's' as a suffix, '3'
 * after the third letter (a suffix too in unified syntax), 'w' the same (the S forms of the
 * comparisons), 'L' after the third letter only (TSTP...), 'M' the long multiplies' S forms
 * (umulleqs; umullseq in unified syntax), 'U'/'F' not at all.
 */
const GNU_TAGS = new Map<string, string>();
const tag = (t: string, names: string): void => names.split(' ').forEach((n) => GNU_TAGS.set(n, t));
tag('s', 'and eor sub add adc sbc orr bic tst cmp cmn mov mvn ldr str stm ldm b bl adr nop udf lsl lsr asr ror neg push pop rsb swi svc cpy teq rsc mul mla cdp ldc stc mcr mrc swp mrs msr smull umull smlal umlal bx blx clz qadd qdadd qsub qdsub mcrr mrrc bxj');
tag('s', ['bb', 'bt', 'tb', 'tt'].flatMap((xy) => [`smla${xy}`, `smlal${xy}`, `smul${xy}`]).concat(['smlawb', 'smlawt', 'smulwb', 'smulwt']).join(' '));
tag('3', 'ands eors subs adds adcs sbcs orrs bics movs mvns ldrb strb stmia stmea ldmia ldmfd adrl lsls lsrs asrs rors negs rsbs ldrt ldrbt strt strbt stmdb stmfd ldmdb ldmea rscs stmib stmfa stmda stmed ldmib ldmed ldmda ldmfa muls mlas ldcl stcl swpb ldrh strh ldrsh ldrsb ldsh ldsb ldrd strd rrx rrxs');
tag('w', 'tsts cmps cmns teqs');
tag('L', 'tstp cmpp cmnp teqp');
tag('M', 'smulls umulls smlals umlals');
tag('U', 'bkpt it itt ite ittt itte itet itee itttt ittte ittet ittee itett itete iteet iteee');
tag('F', 'ldc2 ldc2l stc2 stc2l cdp2 mcr2 mrc2 pld');
/** GNU's other spellings of ours. */
const GNU_ALIAS: Readonly<Record<string, string>> = { ldsh: 'ldrsh', ldsb: 'ldrsb' };

/** A mnemonic as GNU reads it: the mnemonic without its condition, and the condition. */
export type GnuMnemonic =
  | { readonly ok: true; readonly name: string; readonly cond: number | null; readonly deprecatedInfix: boolean }
  | { readonly ok: false; readonly problem: string };

export function gnuMnemonic(written: string, unified: boolean): GnuMnemonic {
  const name = written.toLowerCase();
  const full = GNU_TAGS.get(name);
  if (full !== undefined) return { ok: true, name, cond: null, deprecatedInfix: false };
  // The long multiplies' odd infix: umull<cond>s.
  const odd = /^(smull|umull|smlal|umlal)(..)s$/.exec(name);
  if (odd && CONDITIONS[odd[2]!] !== undefined) return { ok: true, name: `${odd[1]}s`, cond: CONDITIONS[odd[2]!]!, deprecatedInfix: unified };
  if (name.length >= 3) {
    const c = CONDITIONS[name.slice(-2)];
    const base = name.slice(0, -2);
    const t = GNU_TAGS.get(base);
    if (c !== undefined && t !== undefined && t !== 'L') {
      if (t === 's') return { ok: true, name: base, cond: c, deprecatedInfix: false };
      if (t === 'U' || t === 'F') return { ok: false, problem: `instruction cannot be conditional: '${written}' (${base} takes no condition)` };
      if (unified) return { ok: true, name: base, cond: c, deprecatedInfix: false };
      const infix = `${base.slice(0, 3)}${name.slice(-2)}${base.slice(3)}`;
      return { ok: false, problem: `'${written}' is unified syntax (use .syntax unified), divided syntax writes the condition after the third letter: '${infix}'` };
    }
  }
  if (name.length >= 6) {
    const c = CONDITIONS[name.slice(3, 5)];
    const base = name.slice(0, 3) + name.slice(5);
    const t = GNU_TAGS.get(base);
    if (c !== undefined && (t === '3' || t === 'w' || t === 'L')) return { ok: true, name: base, cond: c, deprecatedInfix: unified && t !== 'L' };
    if (c !== undefined && t === 's') return { ok: false, problem: `bad instruction '${written}': the condition of ${base} goes at the end ('${base}${name.slice(3, 5)}')` };
  }
  return { ok: false, problem: `unknown mnemonic '${written}'` };
}

export interface SplitMnemonic {
  readonly base: string;
  readonly cond: number;
  readonly hasCond: boolean;
  readonly suffix: string;
  readonly handler: InsnHandler;
}

const cache = new Map<string, SplitMnemonic | null>();

/** Our base, suffix and handler for a GNU mnemonic without condition (see gnuMnemonic). */
export function splitMnemonic(gnuName: string): SplitMnemonic | null {
  const name = GNU_ALIAS[gnuName] ?? gnuName;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const r = split(name);
  if (cache.size < 10000) cache.set(name, r);
  return r;
}

function split(name: string): SplitMnemonic | null {
  for (const base of BASES) {
    if (!name.startsWith(base)) continue;
    const e = TABLE.get(base)!;
    const rest = name.slice(base.length);
    for (const sfx of e.suffixes) {
      // base + cond + suffix, then base + suffix + cond.
      for (const order of [0, 1]) {
        let condText: string;
        if (order === 0) {
          if (!rest.endsWith(sfx)) continue;
          condText = rest.slice(0, rest.length - sfx.length);
        } else {
          if (!rest.startsWith(sfx)) continue;
          condText = rest.slice(sfx.length);
        }
        if (condText === '') return { base, cond: 14, hasCond: false, suffix: sfx, handler: e.handler };
        const c = CONDITIONS[condText];
        if (c !== undefined && !e.noCond) return { base, cond: c, hasCond: true, suffix: sfx, handler: e.handler };
      }
    }
  }
  return null;
}
