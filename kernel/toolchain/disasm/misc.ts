// Multiplies, the v5TE DSP and saturating instructions, status register access, BX/BLX, CLZ,
// BKPT, branches and SWI.
import { cond, fmt, hex8, reg, undefinedText, type DecodeCtx } from './format.ts';

export function multiply(w: number): string {
  const text = multiplyText(w);
  const regs = [(w >>> 16) & 15, (w >>> 8) & 15, w & 15];
  const op = (w >>> 21) & 7;
  if (op === 1 || op >= 2) regs.push((w >>> 12) & 15);
  const bad = regs.includes(15) || (op >= 4 && ((w >>> 16) & 15) === ((w >>> 12) & 15));
  return bad && !text.includes('UNDEFINED') ? `${text}\t@ <UNPREDICTABLE>` : text;
}

function multiplyText(w: number): string {
  const op = (w >>> 21) & 7;
  const s = (w >>> 20) & 1 ? 's' : '';
  const c = cond(w);
  const rd = (w >>> 16) & 15;
  const rn = (w >>> 12) & 15;
  const rs = (w >>> 8) & 15;
  const rm = w & 15;
  switch (op) {
    case 0:
      return fmt(`mul${s}${c}`, `${reg(rd)}, ${reg(rm)}, ${reg(rs)}`);
    case 1:
      return fmt(`mla${s}${c}`, `${reg(rd)}, ${reg(rm)}, ${reg(rs)}, ${reg(rn)}`);
    case 2:
      return s ? undefinedText(w) : fmt(`umaal${c}`, `${reg(rn)}, ${reg(rd)}, ${reg(rm)}, ${reg(rs)}`);
    case 3:
      return s ? undefinedText(w) : fmt(`mls${c}`, `${reg(rd)}, ${reg(rm)}, ${reg(rs)}, ${reg(rn)}`);
    default: {
      const name = ['umull', 'umlal', 'smull', 'smlal'][op - 4]!;
      return fmt(`${name}${s}${c}`, `${reg(rn)}, ${reg(rd)}, ${reg(rm)}, ${reg(rs)}`);
    }
  }
}

/** Bits 27..23 = 00010, bit 20 = 0, not a multiply/extra load: the v5 "miscellaneous" space. */
export function miscellaneous(w: number, ctx: DecodeCtx): string | null {
  const c = cond(w);
  const op = (w >>> 21) & 3;
  const op2 = (w >>> 4) & 7;
  const rd = (w >>> 12) & 15;
  const rm = w & 15;
  if ((w >>> 7) & 1) {
    // Signed 16-bit multiplies.
    const x = (w >>> 5) & 1 ? 't' : 'b';
    const y = (w >>> 6) & 1 ? 't' : 'b';
    const rdm = (w >>> 16) & 15;
    const rn = (w >>> 12) & 15;
    const rs = (w >>> 8) & 15;
    if ((w >>> 4) & 1) return null;
    switch (op) {
      case 0: return fmt(`smla${x}${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}, ${reg(rn)}`);
      case 1: return (w >>> 5) & 1 ? fmt(`smulw${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}`) : fmt(`smlaw${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}, ${reg(rn)}`);
      case 2: return fmt(`smlal${x}${y}${c}`, `${reg(rn)}, ${reg(rdm)}, ${reg(rm)}, ${reg(rs)}`);
      default: return fmt(`smul${x}${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}`);
    }
  }
  switch (op2) {
    case 0: {
      if ((w >>> 9) & 1) return null;
      if (op & 1) {
        if (((w >>> 12) & 15) !== 15) return null;
        // MSR register form.
        const mask = (w >>> 16) & 15;
        return fmt(`msr${c}`, `${psrName((w >>> 22) & 1, mask)}, ${reg(rm)}`);
      }
      return fmt(`mrs${c}`, `${reg(rd)}, ${(w >>> 22) & 1 ? 'SPSR' : 'CPSR'}`);
    }
    case 1:
      if (op === 1) return fmt(`bx${c}`, reg(rm));
      if (op === 3) return fmt(`clz${c}`, `${reg(rd)}, ${reg(rm)}`);
      return null;
    case 2:
      return op === 1 ? fmt(`bxj${c}`, reg(rm)) : null;
    case 3:
      return op === 1 ? fmt(`blx${c}`, reg(rm)) : null;
    case 5: {
      if ((w >>> 8) & 15) return null;
      const name = ['qadd', 'qsub', 'qdadd', 'qdsub'][op]!;
      return fmt(`${name}${c}`, `${reg(rd)}, ${reg(rm)}, ${reg((w >>> 16) & 15)}`);
    }
    case 7: {
      if (op === 1) {
        const imm = ((w >>> 4) & 0xfff0) | (w & 15);
        return fmt(`bkpt`, `0x${imm.toString(16).padStart(4, '0')}`);
      }
      if (op === 3) return fmt(`smc${c}`, `${w & 15}`);
      return null;
    }
    default:
      void ctx;
      return null;
  }
}

export function psrName(spsr: number, mask: number): string {
  let f = '';
  if (mask & 8) f += 'f';
  if (mask & 4) f += 's';
  if (mask & 2) f += 'x';
  if (mask & 1) f += 'c';
  return `${spsr ? 'SPSR' : 'CPSR'}_${f}`;
}

export function branch(w: number, ctx: DecodeCtx): string {
  const off = ((w << 8) >> 6) + 8;
  const target = (ctx.address + off) >>> 0;
  if (w >>> 28 === 15) {
    const h = (w >>> 24) & 1;
    return fmt('blx', ctx.target((target + h * 2) >>> 0));
  }
  return fmt(`b${(w >>> 24) & 1 ? 'l' : ''}${cond(w)}`, ctx.target(target));
}

export function swi(w: number): string {
  return fmt(`svc${cond(w)}`, `0x${hex8(w & 0xffffff)}`);
}
