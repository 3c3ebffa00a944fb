// Multiplies, the v5TE DSP and saturating instructions, status register access, BX/BLX, CLZ,
// BKPT, branches and SWI.
import { cond, fmt, hex8, reg, shiftImm, undefinedText, wantsHex, type DecodeCtx } from './format.ts';

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
  const smlaw = ((w >>> 7) & 1) === 1 && op === 1 && ((w >>> 5) & 1) === 0;
  if (op & 1 && ((w >>> 4) & 1) === 0 && rd === 15 && ((w >>> 9) & 1) === 0 && !smlaw) {
    // MSR register form; objdump shows whatever shifter operand bits 11..4 hold.
    return fmt(`msr${c}`, `${psrName((w >>> 22) & 1, (w >>> 16) & 15)}, ${shiftImm(rm, (w >>> 5) & 3, (w >>> 7) & 31)}`);
  }
  if ((w >>> 7) & 1) {
    // Signed 16-bit multiplies.
    const x = (w >>> 5) & 1 ? 't' : 'b';
    const y = (w >>> 6) & 1 ? 't' : 'b';
    const rdm = (w >>> 16) & 15;
    const rn = (w >>> 12) & 15;
    const rs = (w >>> 8) & 15;
    if ((w >>> 4) & 1) return null;
    const pc = (text: string, ...regs: number[]): string => (regs.includes(15) ? `${text}\t@ <UNPREDICTABLE>` : text);
    switch (op) {
      case 0: {
        // objdump checks Rd and Rn for pc except in SMLATT.
        const regs = x === 't' && y === 't' ? [rs, rn] : [rdm, rm, rs, rn];
        return pc(fmt(`smla${x}${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}, ${reg(rn)}`), ...regs);
      }
      case 1:
        if ((w >>> 5) & 1) return rn !== 0 ? null : pc(fmt(`smulw${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}`), rdm, rm, rs);
        return pc(fmt(`smlaw${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}, ${reg(rn)}`), rdm, rm, rs, rn);
      case 2: return pc(fmt(`smlal${x}${y}${c}`, `${reg(rn)}, ${reg(rdm)}, ${reg(rm)}, ${reg(rs)}`), rn, rdm, rm, rs, rn === rdm ? 15 : 0);
      default: return rn !== 0 ? null : pc(fmt(`smul${x}${y}${c}`, `${reg(rdm)}, ${reg(rm)}, ${reg(rs)}`), rdm, rm, rs);
    }
  }
  switch (op2) {
    case 0:
    case 2:
    case 4:
    case 6: {
      if ((w >>> 9) & 1) return null;
      if (op & 1) {
        if (((w >>> 12) & 15) !== 15) return null;
        // MSR register form; objdump shows whatever shifter operand bits 11..4 hold.
        const mask = (w >>> 16) & 15;
        return fmt(`msr${c}`, `${psrName((w >>> 22) & 1, mask)}, ${shiftImm(rm, (w >>> 5) & 3, (w >>> 7) & 31)}`);
      }
      if (op2 !== 0 || ((w >>> 16) & 15) !== 15 || (w & 0xfff) !== 0) return null;
      return fmt(`mrs${c}`, `${reg(rd)}, ${(w >>> 22) & 1 ? 'SPSR' : 'CPSR'}`);
    }
    case 1:
      if (op === 1 && ((w >>> 8) & 0xfff) === 0xfff) return fmt(`bx${c}`, reg(rm));
      if (op === 3 && ((w >>> 16) & 15) === 15 && ((w >>> 8) & 15) === 15) return fmt(`clz${c}`, `${reg(rd)}, ${reg(rm)}`);
      return null;
    case 3:
      return op === 1 && ((w >>> 8) & 0xfff) === 0xfff ? fmt(`blx${c}`, reg(rm)) : null;
    case 5: {
      if ((w >>> 8) & 15) return null;
      const name = ['qadd', 'qsub', 'qdadd', 'qdsub'][op]!;
      const rn = (w >>> 16) & 15;
      const text = fmt(`${name}${c}`, `${reg(rd)}, ${reg(rm)}, ${reg(rn)}`);
      return rd === 15 || rm === 15 || rn === 15 ? `${text}\t@ <UNPREDICTABLE>` : text;
    }
    case 7: {
      if (op === 0) {
        if (w >>> 28 !== 14) return null;
        const imm = ((w >>> 4) & 0xfff0) | (w & 15);
        return fmt('hlt', `0x${imm.toString(16).padStart(4, '0')}`);
      }
      if (op === 1) {
        if (w >>> 28 !== 14) return null;
        const imm = ((w >>> 4) & 0xfff0) | (w & 15);
        return fmt(`bkpt`, `0x${imm.toString(16).padStart(4, '0')}`);
      }
      // SMC and HVC: objdump reads a 16-bit immediate from bits 19..8 and 3..0.
      const imm16 = ((w >>> 4) & 0xfff0) | (w & 15);
      const comment = wantsHex(imm16) ? `0x${imm16.toString(16)}` : undefined;
      if (op === 3) return fmt(`smc${c}`, `${imm16}`, comment);
      if (op === 2) return fmt(`hvc${c}`, `${imm16}`, comment);
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
