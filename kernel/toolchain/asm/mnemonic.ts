// Mnemonic table and the split of a written mnemonic into base, condition and suffix. Both the
// divided-syntax order (ldreqb, addeqs) and the unified order (ldrbeq, addseq) are accepted.
import type { InsnHandler } from './context.ts';
import { CONDITIONS } from './conditions.ts';
import { adr, adrl, cpy, dataProc, itBlock, neg, nop, shiftPseudo } from './dataproc.ts';
import { clz, dspMul, mla, mul, mulLong, qarith } from './multiply.ts';
import { loadStore, pld, swp } from './loadstore.ts';
import { ldmStm, pushPop } from './multiple.ts';
import { blx, branch, bx } from './branch.ts';
import { bkpt, mrs, msr, swi } from './system.ts';
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
add(['adr'], adr);
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
add(['swi', 'svc'], swi);
add(['bkpt'], bkpt);
add(['mrs'], mrs);
add(['msr'], msr);
add(['cdp', 'cdp2'], cdp);
add(['mcr', 'mrc', 'mcr2', 'mrc2'], mcrMrc);
add(['mcrr', 'mrrc'], mcrrMrrc);
add(['ldc', 'stc', 'ldc2', 'stc2'], ldcStc, ['', 'l']);

const BASES = [...TABLE.keys()].sort((a, b) => b.length - a.length);

export interface SplitMnemonic {
  readonly base: string;
  readonly cond: number;
  readonly hasCond: boolean;
  readonly suffix: string;
  readonly handler: InsnHandler;
}

const cache = new Map<string, SplitMnemonic | null>();

export function splitMnemonic(written: string): SplitMnemonic | null {
  const name = written.toLowerCase();
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
