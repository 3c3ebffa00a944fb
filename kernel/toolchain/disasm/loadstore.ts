// Single loads and stores: word/byte (with T forms), halfword/signed/doubleword, PLD, SWP.
import { cond, fmt, hex, reg, shiftImm, undefinedText, wantsHex, type DecodeCtx } from './format.ts';

/** "[rn, #-4]!" / "[rn], #4" / "[rn]" for an immediate offset; the pc-relative address if rn is pc. */
function immAddress(rn: number, p: number, u: number, w: number, imm: number, ctx: DecodeCtx): { text: string; comment?: string } {
  const sign = u ? '' : '-';
  let text: string;
  if (p) {
    text = imm === 0 && u ? `[${reg(rn)}]` : `[${reg(rn)}, #${sign}${imm}]`;
    if (w) text = imm === 0 && u ? `[${reg(rn)}, #0]!` : `${text}!`;
  } else {
    text = `[${reg(rn)}], #${sign}${imm}`;
  }
  if (rn !== 15) return offsetComment(text, u ? imm : -imm);
  const base = (ctx.address + 8) >>> 0;
  const target = p ? (u ? base + imm : base - imm) >>> 0 : base;
  return { text, comment: ctx.target(target) };
}

/** objdump annotates offsets above 32 (and all negative ones) with their 32-bit hex value. */
function offsetComment(text: string, off: number): { text: string; comment?: string } {
  return wantsHex(off) ? { text, comment: `0x${hex(off >>> 0)}` } : { text };
}

export function wordByte(w: number, ctx: DecodeCtx): string {
  const iBit = (w >>> 25) & 1;
  const p = (w >>> 24) & 1;
  const u = (w >>> 23) & 1;
  const b = (w >>> 22) & 1;
  const wb = (w >>> 21) & 1;
  const l = (w >>> 20) & 1;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const c = cond(w);
  const t = !p && wb;
  const mn = `${l ? 'ldr' : 'str'}${b ? 'b' : ''}${t ? 't' : ''}${c}`;
  if (!iBit) {
    const imm = w & 0xfff;
    // PUSH/POP of one register are printed as such, with the real instruction as a comment.
    if ((w & 0x0fff0fff) === 0x052d0004) return `push${c}\t{${reg(rd)}}\t\t@ (str${c} ${reg(rd)}, [sp, #-4]!)`;
    if ((w & 0x0fff0fff) === 0x049d0004) return `pop${c}\t{${reg(rd)}}\t\t@ (ldr${c} ${reg(rd)}, [sp], #4)`;
    const a = immAddress(rn, p, u, p ? wb : 0, imm, ctx);
    const text = fmt(mn, `${reg(rd)}, ${a.text}`, a.comment);
    return rd === 15 && (b || (t && l)) ? `${text}\t@ <UNPREDICTABLE>` : text;
  }
  const rm = w & 15;
  const off = `${u ? '' : '-'}${shiftImm(rm, (w >>> 5) & 3, (w >>> 7) & 31)}`;
  const addr = p ? `[${reg(rn)}, ${off}]${wb ? '!' : ''}` : `[${reg(rn)}], ${off}`;
  const text = fmt(mn, `${reg(rd)}, ${addr}`);
  return rd === 15 && (b || (t && l)) ? `${text}\t@ <UNPREDICTABLE>` : text;
}

/** LDRH/STRH/LDRSB/LDRSH/LDRD/STRD (bits 7 and 4 set, bits 6..5 non-zero). */
export function extraLoadStore(w: number, ctx: DecodeCtx): string {
  const p = (w >>> 24) & 1;
  const u = (w >>> 23) & 1;
  const immForm = (w >>> 22) & 1;
  const wb = (w >>> 21) & 1;
  const l = (w >>> 20) & 1;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const sh = (w >>> 5) & 3;
  const c = cond(w);
  let mn: string;
  if (sh === 1) mn = l ? 'ldrh' : 'strh';
  else if (sh === 2) mn = l ? 'ldrsb' : 'ldrd';
  else mn = l ? 'ldrsh' : 'strd';
  const t = !p && wb;
  // LDRD/STRD with P=0, W=1 are printed as the plain form, flagged.
  const dword = !l && sh !== 1;
  if (t && !dword) mn += 't';
  mn += c;
  let text: string;
  let comment: string | undefined;
  if (immForm) {
    const imm = ((w >>> 4) & 0xf0) | (w & 15);
    // objdump ignores the writeback bit of a pc-relative halfword/doubleword access.
    const a = immAddress(rn, p, u, p && rn !== 15 ? wb : 0, imm, ctx);
    text = a.text;
    comment = rn === 15 && !p ? (t ? undefined : '<UNPREDICTABLE>') : a.comment;
  } else {
    if (!p && !wb && !dword && (w >>> 8) & 15) return undefinedText(w);
    const off = `${u ? '' : '-'}${reg(w & 15)}`;
    text = p ? `[${reg(rn)}, ${off}]${wb ? '!' : ''}` : `[${reg(rn)}], ${off}`;
  }
  const out = fmt(mn, `${reg(rd)}, ${text}`, comment);
  const flagged = comment === '<UNPREDICTABLE>';
  const rm = w & 15;
  if (!flagged && !immForm && !(t && !dword) && ((rm === rd && (!p || wb)) || (rm === 15 && !p))) return `${out}\t@ <UNPREDICTABLE>`;
  return !flagged && ((rd === 15 && !dword) || (t && dword)) ? `${out}\t@ <UNPREDICTABLE>` : out;
}

export function pld(w: number, ctx: DecodeCtx): string {
  const u = (w >>> 23) & 1;
  const rn = (w >>> 16) & 15;
  const mn = (w >>> 22) & 1 ? 'pld' : 'pldw';
  if ((w >>> 25) & 1) {
    const off = `${u ? '' : '-'}${shiftImm(w & 15, (w >>> 5) & 3, (w >>> 7) & 31)}`;
    return fmt(mn, `[${reg(rn)}, ${off}]`);
  }
  const a = immAddress(rn, 1, u, 0, w & 0xfff, ctx);
  return fmt(mn, a.text, a.comment);
}

export function swp(w: number): string {
  const b = (w >>> 22) & 1;
  const rd = (w >>> 12) & 15;
  const rm = w & 15;
  const rn = (w >>> 16) & 15;
  const text = fmt(`swp${b ? 'b' : ''}${cond(w)}`, `${reg(rd)}, ${reg(rm)}, [${reg(rn)}]`);
  return rd === 15 || rm === 15 || rn === 15 || rn === rd || rn === rm ? `${text}\t@ <UNPREDICTABLE>` : text;
}

export { hex };
