// One Thumb instruction statement: the mnemonic split (with GNU's refusals for conditions and for
// instructions ARMv5TE has only in ARM state) and the handler's encoding.
import { AsmError } from '../../errors.ts';
import type { AsmHooks, ThumbEncoding } from '../context.ts';
import type { ParseContext } from '../expr.ts';
import type { TokenStream } from '../lexer.ts';
import { splitThumbMnemonic } from './mnemonics.ts';

export function thumbInstruction(written: string, col: number, ts: TokenStream, pctx: ParseContext, hooks: AsmHooks, unified: boolean): ThumbEncoding {
  const at = { file: ts.pos.file, line: ts.pos.line, column: col };
  const m = splitThumbMnemonic(written, unified);
  if (!m) throw new AsmError(at, `selected processor does not support '${written}' in Thumb mode (ARMv5TE Thumb)`);
  if (!m.ok) throw new AsmError(at, m.problem);
  // ARMv5TE has no 32-bit Thumb encodings but the BL/BLX pair.
  if (m.width === 4 && m.base !== 'bl' && m.base !== 'blx') throw new AsmError(at, `selected processor does not support '${written}' in Thumb-2 mode (ARMv5TE has no 32-bit Thumb instructions but BL/BLX)`);
  // GNU warns about the S spelling of the comparisons in both states.
  if ((m.base === 'cmp' || m.base === 'tst' || m.base === 'cmn') && /^(cmp|tst|cmn)s/i.test(written.replace(/\.[nw]$/i, '').slice(0, 4) + ' ')) {
    pctx.warn(col, 's suffix on comparison instruction is deprecated');
  }
  return m.handler({ name: written.toLowerCase(), base: m.base, cond: m.cond, suffix: '', hasCond: m.hasCond, col, s: m.s, unified, width: m.width }, ts, pctx, hooks);
}
