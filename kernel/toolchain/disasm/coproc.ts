// Generic coprocessor instructions: CDP, MCR/MRC, MCRR/MRRC, LDC/STC and their '2' forms.
import { cond, fmt, reg, undefinedText, wantsHex, type DecodeCtx } from './format.ts';
import { vfpMove, vfpTransfer } from './vfp.ts';

function mnCond(w: number, base: string, suffix = ''): string {
  return w >>> 28 === 15 ? `${base}2${suffix}` : `${base}${suffix}${cond(w)}`;
}

/** Coprocessors 8..11 belong to VFP/Advanced SIMD, which objdump never prints generically. */
export const vfpSpace = (w: number): boolean => w >>> 28 !== 15 && ((w >>> 8) & 15) >= 9 && ((w >>> 8) & 15) <= 11;
/** In the unconditional space those coprocessors decode generically but are flagged. */
const unpredictableCp = (w: number): boolean => w >>> 28 === 15 && ((w >>> 8) & 15) >= 9 && ((w >>> 8) & 15) <= 11;
const flag = (w: number, text: string): string => (unpredictableCp(w) ? `${text}\t@ <UNPREDICTABLE>` : text);

export function cdp(w: number): string {
  if (vfpSpace(w)) return undefinedText(w);
  const cp = (w >>> 8) & 15;
  return flag(w, fmt(mnCond(w, 'cdp'), `${cp}, ${(w >>> 20) & 15}, cr${(w >>> 12) & 15}, cr${(w >>> 16) & 15}, cr${w & 15}, {${(w >>> 5) & 7}}`));
}

export function mcrMrc(w: number): string {
  if (vfpSpace(w)) return undefinedText(w);
  const l = (w >>> 20) & 1;
  const rd = (w >>> 12) & 15;
  const rdName = l && rd === 15 && w >>> 28 !== 15 ? 'APSR_nzcv' : reg(rd);
  const text = fmt(mnCond(w, l ? 'mrc' : 'mcr'), `${(w >>> 8) & 15}, ${(w >>> 21) & 7}, ${rdName}, cr${(w >>> 16) & 15}, cr${w & 15}, {${(w >>> 5) & 7}}`);
  return !l && rd === 15 ? `${text}\t@ <UNPREDICTABLE>` : flag(w, text);
}

export function mcrrMrrc(w: number): string {
  // On VFP coprocessors the VMOV core-register forms (opc1 0b00x1) are not decoded here.
  if (vfpSpace(w) && (((w >>> 4) & 0xd) === 1 || ((w >>> 8) & 15) === 9)) return vfpMove(w) ?? undefinedText(w);
  const l = (w >>> 20) & 1;
  const text = fmt(mnCond(w, l ? 'mrrc' : 'mcrr'), `${(w >>> 8) & 15}, ${(w >>> 4) & 15}, ${reg((w >>> 12) & 15)}, ${reg((w >>> 16) & 15)}, cr${w & 15}`);
  const rt = (w >>> 12) & 15;
  const rt2 = (w >>> 16) & 15;
  return (l && (rt === 15 || rt2 === 15 || rt === rt2)) || (!l && (rt === 15 || (w >>> 28 === 15 && rt2 === 15))) ? `${text}\t@ <UNPREDICTABLE>` : flag(w, text);
}

export function ldcStc(w: number, ctx: DecodeCtx): string {
  if (vfpSpace(w)) return (w >>> 28 !== 15 ? vfpTransfer(w, ctx) : null) ?? undefinedText(w);
  const p = (w >>> 24) & 1;
  const u = (w >>> 23) & 1;
  const n = (w >>> 22) & 1;
  const wb = (w >>> 21) & 1;
  const l = (w >>> 20) & 1;
  const rn = (w >>> 16) & 15;
  const imm = (w & 0xff) * 4;
  const named = w >>> 28 !== 15 ? fpaMaverickTransfer(w) : null;
  const mn = named?.mn ?? mnCond(w, l ? 'ldc' : 'stc', n ? 'l' : '');
  const head = named?.head ?? `${(w >>> 8) & 15}, cr${(w >>> 12) & 15}, `;
  if (!p && !wb) {
    const opt = w & 0xff;
    return flag(w, fmt(mn, `${head}[${reg(rn)}], {${opt === 0 && !u ? '-' : ''}${opt}}`, opt > 32 ? `0x${opt.toString(16)}` : undefined));
  }
  const off = u ? imm : -imm;
  let addr: string;
  if (p) addr = off === 0 && u ? `[${reg(rn)}]` : `[${reg(rn)}, #${u ? '' : '-'}${imm}]`;
  else addr = off === 0 && u ? `[${reg(rn)}]` : `[${reg(rn)}], #${u ? '' : '-'}${imm}`;
  // objdump drops the '!' of a zero pre-indexed offset.
  if (p && wb && imm !== 0) addr += '!';
  let comment: string | undefined;
  if (rn === 15) {
    const base = (ctx.address + 8) >>> 0;
    comment = ctx.target((base + off) >>> 0);
  } else if (wantsHex(off)) comment = `0x${(off >>> 0).toString(16)}`;
  return flag(w, fmt(mn, `${head}${addr}`, comment));
}

/**
 * LDC/STC on the FPA (p1: LDF/STF, p2: LFM/SFM) and Maverick (p4, p5: CFLDR/CFSTR) coprocessors,
 * which objdump names; null for other coprocessors.
 */
function fpaMaverickTransfer(w: number): { mn: string; head: string } | null {
  const cp = (w >>> 8) & 15;
  const l = (w >>> 20) & 1;
  const n = (w >>> 22) & 1;
  const x = (w >>> 15) & 1;
  const crd = (w >>> 12) & 15;
  const c = cond(w);
  switch (cp) {
    case 1:
      return { mn: `${l ? 'ldf' : 'stf'}${c}${'sdep'[(n << 1) | x]}`, head: `f${crd & 7}, ` };
    case 2: {
      const count = (n << 1) | x;
      return { mn: `${l ? 'lfm' : 'sfm'}${c}`, head: `f${crd & 7}, ${count === 0 ? 4 : count}, ` };
    }
    case 4:
      return { mn: `${l ? 'cfldr' : 'cfstr'}${n ? 'd' : 's'}${c}`, head: `${n ? 'mvd' : 'mvf'}${crd}, ` };
    case 5:
      return { mn: `${l ? 'cfldr' : 'cfstr'}${n ? '64' : '32'}${c}`, head: `${n ? 'mvdx' : 'mvfx'}${crd}, ` };
    default:
      return null;
  }
}
