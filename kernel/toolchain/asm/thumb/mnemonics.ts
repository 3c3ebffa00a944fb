// The Thumb mnemonics of ARMv5TE and how a written name splits into base, 's' and condition.
// Only B takes a condition; the 's' spellings are unified syntax (cmps/tsts/cmns are accepted as
// cmp/tst/cmn in both); '.n'/'.w' width suffixes exist only in unified syntax.
import type { ThumbHandler } from '../context.ts';
import { CONDITIONS } from '../mnemonic.ts';
import { addSub, alu, movCmp, mul, mvnTst, neg, rsb, shift } from './alu.ts';
import { bkpt, bl, blx, branch, bx, nop, swi, udf } from './control.ts';
import { adr, ldmStm, loadStore, pushPop } from './memory.ts';

interface Entry {
  readonly handler: ThumbHandler;
  /** Has an 's' spelling. */
  readonly s: boolean;
}

const TABLE = new Map<string, Entry>();
function add(names: readonly string[], handler: ThumbHandler, s: boolean): void {
  for (const n of names) TABLE.set(n, { handler, s });
}

add(['add', 'sub'], addSub, true);
add(['and', 'eor', 'adc', 'sbc', 'orr', 'bic'], alu, true);
add(['mul'], mul, true);
add(['lsl', 'lsr', 'asr', 'ror'], shift, true);
add(['mov', 'cmp'], movCmp, true);
add(['mvn', 'tst', 'cmn'], mvnTst, true);
add(['neg'], neg, true);
add(['rsb'], rsb, true);
add(['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh'], loadStore, false);
add(['ldm', 'ldmia', 'ldmfd', 'stm', 'stmia', 'stmea'], ldmStm, false);
add(['push', 'pop'], pushPop, false);
add(['adr'], adr, false);
add(['b'], branch, false);
add(['bl'], bl, false);
add(['blx'], blx, false);
add(['bx'], bx, false);
add(['swi', 'svc'], swi, false);
add(['bkpt'], bkpt, false);
add(['udf'], udf, false);
add(['nop'], nop, false);

/** cmps/tsts/cmns are the same instruction as cmp/tst/cmn (they always set the flags). */
const COMPARE = new Set(['cmp', 'tst', 'cmn']);

export type ThumbSplit =
  | { readonly ok: true; readonly base: string; readonly s: boolean; readonly cond: number; readonly hasCond: boolean; readonly width: 0 | 2 | 4; readonly handler: ThumbHandler }
  | { readonly ok: false; readonly problem: string };

const BASES = [...TABLE.keys()].sort((a, b) => b.length - a.length);

export function splitThumbMnemonic(written: string, unified: boolean): ThumbSplit | null {
  let name = written.toLowerCase();
  let width: 0 | 2 | 4 = 0;
  const dot = /\.(n|w)$/.exec(name);
  if (dot) {
    if (!unified) return { ok: false, problem: `bad instruction '${written}' (width suffixes need .syntax unified)` };
    width = dot[1] === 'n' ? 2 : 4;
    name = name.slice(0, -2);
  }
  const exact = TABLE.get(name);
  if (exact) return { ok: true, base: name, s: false, cond: 14, hasCond: false, width, handler: exact.handler };
  for (const base of BASES) {
    if (!name.startsWith(base)) continue;
    const e = TABLE.get(base)!;
    const rest = name.slice(base.length);
    if (rest === 's' && e.s) return { ok: true, base, s: !COMPARE.has(base), cond: 14, hasCond: false, width, handler: e.handler };
    const condText = e.s && rest.startsWith('s') && CONDITIONS[rest.slice(1)] !== undefined ? rest.slice(1)
      : e.s && rest.endsWith('s') && CONDITIONS[rest.slice(0, -1)] !== undefined ? rest.slice(0, -1) : rest;
    const cond = CONDITIONS[condText];
    if (cond === undefined) continue;
    if (base === 'b') return { ok: true, base, s: false, cond, hasCond: true, width, handler: e.handler };
    if (cond === 14) return { ok: true, base, s: rest !== condText && !COMPARE.has(base), cond, hasCond: true, width, handler: e.handler };
    return { ok: false, problem: `Thumb does not support conditional execution ('${written}': only B takes a condition on ARMv5TE)` };
  }
  return null;
}
