// ARMv6 media instructions, hints and MSR immediate. Only what objdump prints for the words the
// project uses is decoded here; the rest reports UNDEFINED (see docs/TOOLCHAIN.md for coverage).
import { decodeRotated } from '../asm/immediate.ts';
import { cond, fmt, immWithComment, reg, undefinedText } from './format.ts';
import { dataProc } from './dataproc.ts';
import { psrName } from './misc.ts';

export function media(w: number): string {
  if ((w & 0xfff000f0) >>> 0 === 0xe7f000f0) {
    const imm = ((w >>> 4) & 0xfff0) | (w & 15);
    return fmt(`udf`, `#${imm}`, imm > 32 ? `0x${imm.toString(16)}` : undefined);
  }
  return undefinedText(w);
}

export function hintsAndMsrImm(w: number): string {
  const r = (w >>> 22) & 1;
  const mask = (w >>> 16) & 15;
  const c = cond(w);
  if (!((w >>> 21) & 1)) {
    // MOVW/MOVT (ARMv6T2): 16-bit immediate split over bits 19..16 and 11..0.
    const imm = ((w >>> 4) & 0xf000) | (w & 0xfff);
    const text = fmt(`${r ? 'movt' : 'movw'}${c}`, `${reg((w >>> 12) & 15)}, #${imm}`, imm > 32 ? `0x${imm.toString(16)}` : undefined);
    return ((w >>> 12) & 15) === 15 ? `${text}\t@ <UNPREDICTABLE>` : text;
  }
  if (((w >>> 12) & 15) !== 15) return r ? dataProc(w) : undefinedText(w);
  if (!r && mask === 0) {
    const op = w & 0xff;
    const hints = ['nop', 'yield', 'wfe', 'wfi', 'sev'];
    if (op < hints.length) return op === 0 ? fmt(`nop${c}`, '{0}') : `${hints[op]}${c}`;
    if ((op & 0xf0) === 0xf0) return fmt(`dbg${c}`, `#${op & 15}`);
    return fmt(`nop${c}`, `{${op}}`);
  }
  const ic = immWithComment(decodeRotated(w & 0xfff));
  return fmt(`msr${c}`, `${psrName(r, mask)}, ${ic.text}`, ic.comment);
}
