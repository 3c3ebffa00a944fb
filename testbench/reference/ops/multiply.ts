// Multiplies (MUL, MLA, UMULL, UMLAL, SMULL, SMLAL), the ARMv5TE DSP extension (SMLAxy,
// SMLAWy, SMULWy, SMLALxy, SMULxy, QADD, QSUB, QDADD, QDSUB) and CLZ.
// On ARMv5 MULS/MLAS and the long multiplies with S leave C and V unchanged.
import { add64, saturate32, smul64, umul64 } from '../bits.ts';
import type { Op } from './op.ts';

/** MUL / MLA. */
export const multiply: Op = (c, w) => {
  const rd = (w >>> 16) & 15;
  const rn = (w >>> 12) & 15;
  const rs = (w >>> 8) & 15;
  const rm = w & 15;
  let result = Math.imul(c.r[rm]!, c.r[rs]!);
  if (w & 0x00200000) result = (result + c.r[rn]!) | 0;
  c.r[rd] = result;
  if (w & 0x00100000) {
    c.nf = result >>> 31;
    c.zf = result === 0 ? 1 : 0;
  }
};

/** UMULL / UMLAL / SMULL / SMLAL. */
export const multiplyLong: Op = (c, w) => {
  const rdHi = (w >>> 16) & 15;
  const rdLo = (w >>> 12) & 15;
  const rs = (w >>> 8) & 15;
  const rm = w & 15;
  const signed = (w & 0x00400000) !== 0;
  const out = c.scratch;
  let lo = signed ? smul64(c.r[rm]!, c.r[rs]!, out) : umul64(c.r[rm]!, c.r[rs]!, out);
  let hi = out[0]!;
  if (w & 0x00200000) {
    lo = add64(hi, lo, c.r[rdHi]!, c.r[rdLo]!, out);
    hi = out[0]!;
  }
  c.r[rdLo] = lo;
  c.r[rdHi] = hi;
  if (w & 0x00100000) {
    c.nf = hi >>> 31;
    c.zf = (hi | lo) === 0 ? 1 : 0;
  }
};

function half(value: number, top: boolean): number {
  return top ? value >> 16 : (value << 16) >> 16;
}

/** SMLAxy, SMLAWy/SMULWy, SMLALxy, SMULxy (bits 22:21 select). */
export const signedMultiplyHalfwords: Op = (c, w) => {
  const rd = (w >>> 16) & 15; // RdHi for SMLAL
  const rn = (w >>> 12) & 15; // RdLo for SMLAL
  const rs = (w >>> 8) & 15;
  const rm = w & 15;
  const x = (w & 0x20) !== 0;
  const y = (w & 0x40) !== 0;
  const sat = c.scratch;
  switch ((w >>> 21) & 3) {
    case 0: {
      const product = half(c.r[rm]!, x) * half(c.r[rs]!, y);
      sat[1] = 0;
      const sum = product + c.r[rn]!;
      c.r[rd] = sum | 0;
      if (sum > 0x7fffffff || sum < -0x80000000) c.qf = 1;
      return;
    }
    case 1: {
      // 32 x 16 product is at most 2^47: exact in a double; keep bits 47..16
      const product = Math.floor((c.r[rm]! * half(c.r[rs]!, y)) / 65536);
      if (x) {
        c.r[rd] = product | 0; // SMULWy
        return;
      }
      const sum = product + c.r[rn]!;
      c.r[rd] = sum | 0;
      if (sum > 0x7fffffff || sum < -0x80000000) c.qf = 1;
      return;
    }
    case 2: {
      const product = half(c.r[rm]!, x) * half(c.r[rs]!, y);
      const lo = add64(c.r[rd]!, c.r[rn]!, product < 0 ? -1 : 0, product | 0, sat);
      c.r[rn] = lo;
      c.r[rd] = sat[0]!;
      return;
    }
    default:
      c.r[rd] = Math.imul(half(c.r[rm]!, x), half(c.r[rs]!, y));
      return;
  }
};

/** QADD, QSUB, QDADD, QDSUB (bits 22:21 select). */
export const saturatingArithmetic: Op = (c, w) => {
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const rm = w & 15;
  const sat = c.scratch;
  sat[0] = 0;
  const op = (w >>> 21) & 3;
  let n = c.r[rn]!;
  if (op & 2) n = saturate32(n * 2, sat);
  const result = op & 1 ? saturate32(c.r[rm]! - n, sat) : saturate32(c.r[rm]! + n, sat);
  c.r[rd] = result;
  if (sat[0]) c.qf = 1;
};

export const countLeadingZeros: Op = (c, w) => {
  c.r[(w >>> 12) & 15] = Math.clz32(c.r[w & 15]!);
};
