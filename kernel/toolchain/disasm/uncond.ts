// The unconditional space (condition field 1111): BLX immediate, PLD, the '2' coprocessor forms,
// and the ARMv6/v7 system instructions objdump also decodes there.
import { cdp, ldcStc, mcrMrc, mcrrMrrc } from './coproc.ts';
import { undefinedText, type DecodeCtx } from './format.ts';
import { pld } from './loadstore.ts';
import { branch } from './misc.ts';

export function unconditional(w: number, ctx: DecodeCtx): string {
  const top = (w >>> 25) & 7;
  if (top === 5) return branch(w, ctx);
  if ((w & 0x0d700000) === 0x05500000 || (w & 0x0d700000) === 0x05100000) {
    if ((w >>> 25) & 1 && (w >>> 4) & 1) return undefinedText(w);
    if (((w >>> 12) & 15) !== 15) return undefinedText(w);
    return pld(w, ctx);
  }
  if (top === 6) {
    if ((w & 0x0fe00000) === 0x0c400000) return mcrrMrrc(w);
    return ldcStc(w, ctx);
  }
  if (top === 7 && ((w >>> 24) & 1) === 0) return (w >>> 4) & 1 ? mcrMrc(w) : cdp(w);
  return undefinedText(w);
}
