// ARMv6/v7 media instructions (bits 27..25 = 011, bit 4 = 1), MOVW/MOVT, hints and MSR
// immediate. objdump decodes these for every architecture, so we do too.
import { dataProc, rotatedImmText } from './dataproc.ts';
import { cond, fmt, reg, undefinedText, wantsHex } from './format.ts';
import { psrName } from './misc.ts';

const PARALLEL_OPS = ['add16', 'asx', 'sax', 'sub16', 'add8', '', '', 'sub8'];
const PARALLEL_PREFIX: Readonly<Record<number, string>> = { 1: 's', 2: 'q', 3: 'sh', 5: 'u', 6: 'uq', 7: 'uh' };

function flagPc(text: string, ...regs: number[]): string {
  return regs.includes(15) ? `${text}\t@ <UNPREDICTABLE>` : text;
}

export function media(w: number): string {
  const c = cond(w);
  const op1 = (w >>> 20) & 31;
  const op2 = (w >>> 5) & 7;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const rs = (w >>> 8) & 15;
  const rm = w & 15;
  if ((w & 0xfff000f0) >>> 0 === 0xe7f000f0) {
    const imm = ((w >>> 4) & 0xfff0) | (w & 15);
    return fmt(`udf`, `#${imm}`, imm > 32 ? `0x${imm.toString(16)}` : undefined);
  }
  if (op1 < 8) {
    // Parallel add/subtract.
    const prefix = PARALLEL_PREFIX[op1];
    const op = PARALLEL_OPS[op2];
    if (!prefix || !op || rs !== 15) return undefinedText(w);
    return flagPc(fmt(`${prefix}${op}${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}`), rd, rn, rm);
  }
  if (op1 < 16) return packing(w, op1, op2, c, rn, rd, rm);
  if (op1 < 24) return signedMultiply(w, op1, op2, c, rn, rd, rs, rm);
  if (op1 === 24 && op2 === 0) {
    if (rd === 15) return flagPc(fmt(`usad8${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}`), rn, rm, rs);
    return flagPc(fmt(`usada8${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}, ${reg(rd)}`), rn, rm, rs);
  }
  const lsb = (w >>> 7) & 31;
  const hi = (w >>> 16) & 31;
  if ((op1 === 26 || op1 === 27 || op1 === 30 || op1 === 31) && (op2 & 3) === 2) {
    return fmt(`${op1 >= 30 ? 'ubfx' : 'sbfx'}${c}`, `${reg(rd)}, ${reg(rm)}, #${lsb}, #${hi + 1}`);
  }
  if ((op1 === 28 || op1 === 29) && (op2 & 3) === 0) {
    const width = hi - lsb + 1;
    const field = hi < lsb ? `(invalid: ${lsb}:${hi})` : `#${lsb}, #${width}`;
    if (rm === 15) return flagPc(fmt(`bfc${c}`, `${reg(rd)}, ${field}`), rd);
    return flagPc(fmt(`bfi${c}`, `${reg(rd)}, ${reg(rm)}, ${field}`), rd);
  }
  return undefinedText(w);
}

const ROT = (w: number, upper = false): string => {
  const r = (w >>> 10) & 3;
  return r === 0 ? '' : `, ${upper ? 'ROR' : 'ror'} #${r * 8}`;
};

function packing(w: number, op1: number, op2: number, c: string, rn: number, rd: number, rm: number): string {
  if (op1 === 8 && (op2 & 1) === 0) {
    const imm = (w >>> 7) & 31;
    if (op2 & 2) return flagPc(fmt(`pkhtb${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}, asr #${imm === 0 ? 32 : imm}`), rd, rn, rm);
    return flagPc(fmt(`pkhbt${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}${imm ? `, lsl #${imm}` : ''}`), rd, rn, rm);
  }
  if ((op1 & 0xe) === 0xa && (op2 & 1) === 0) {
    const sat = (w >>> 16) & 31;
    const imm = (w >>> 7) & 31;
    const sh = (w >>> 6) & 1;
    const shift = sh ? `, asr #${imm}` : imm ? `, lsl #${imm}` : '';
    return flagPc(fmt(`ssat${c}`, `${reg(rd)}, #${sat + 1}, ${reg(rm)}${shift}`), rd, rm);
  }
  if ((op1 & 0xe) === 0xe && (op2 & 1) === 0) {
    const sat = (w >>> 16) & 31;
    const imm = (w >>> 7) & 31;
    const sh = (w >>> 6) & 1;
    const shift = sh ? `, asr #${imm}` : imm ? `, lsl #${imm}` : '';
    return flagPc(fmt(`usat${c}`, `${reg(rd)}, #${sat}, ${reg(rm)}${shift}`), rd, rm);
  }
  const sbo = ((w >>> 8) & 15) === 15;
  if (op2 === 1) {
    if (op1 === 10 && sbo) return fmt(`ssat16${c}`, `${reg(rd)}, #${rn + 1}, ${reg(rm)}`);
    if (op1 === 14 && sbo) return flagPc(fmt(`usat16${c}`, `${reg(rd)}, #${rn}, ${reg(rm)}`), rd, rm);
    if (rn === 15 && sbo) {
      const name = ({ 11: 'rev', 15: 'rbit' } as Record<number, string>)[op1];
      if (name) return flagPc(fmt(`${name}${c}`, `${reg(rd)}, ${reg(rm)}`), rd, rm);
    }
    return undefinedText(w);
  }
  if (op2 === 5) {
    if (op1 === 8 && sbo) return flagPc(fmt(`sel${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}`), rd, rn, rm);
    if (rn === 15 && sbo) {
      const name = ({ 11: 'rev16', 15: 'revsh' } as Record<number, string>)[op1];
      if (name) return flagPc(fmt(`${name}${c}`, `${reg(rd)}, ${reg(rm)}`), rd, rm);
    }
    return undefinedText(w);
  }
  if (op2 === 3 && ((w >>> 8) & 3) === 0) {
    const base = ({ 8: 'sxtb16', 10: 'sxtb', 11: 'sxth', 12: 'uxtb16', 14: 'uxtb', 15: 'uxth' } as Record<number, string>)[op1];
    if (!base) return undefinedText(w);
    if (rn === 15) return flagPc(fmt(`${base}${c}`, `${reg(rd)}, ${reg(rm)}${ROT(w)}`), rd, rm);
    const acc = base.replace('xt', 'xta');
    // objdump spells "ROR #24" of UXTAB16 in capitals (only that one).
    return flagPc(fmt(`${acc}${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}${ROT(w, acc === 'uxtab16' && ((w >>> 10) & 3) === 3)}`), rd, rm);
  }
  return undefinedText(w);
}

function signedMultiply(w: number, op1: number, op2: number, c: string, rn: number, rd: number, rs: number, rm: number): string {
  // Fields: rn = bits 19..16 (Rd), rd = bits 15..12 (Ra), rs = bits 11..8 (Rm), rm = bits 3..0 (Rn).
  const x = (op2 & 1) ? 'x' : '';
  if (op1 === 16) {
    if ((op2 & 6) === 0) {
      if (rd === 15) return flagPc(fmt(`smuad${x}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}`), rn, rm, rs);
      return flagPc(fmt(`smlad${x}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}, ${reg(rd)}`), rn, rm, rs);
    }
    if ((op2 & 6) === 2) {
      if (rd === 15) return flagPc(fmt(`smusd${x}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}`), rn, rm, rs);
      return flagPc(fmt(`smlsd${x}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}, ${reg(rd)}`), rn, rm, rs);
    }
    return undefinedText(w);
  }
  if ((op1 === 17 || op1 === 19) && op2 === 0 && rd === 15) {
    return fmt(`${op1 === 17 ? 'sdiv' : 'udiv'}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}`);
  }
  if (op1 === 20) {
    // RdLo and RdHi must differ.
    const same = rd === rn ? 15 : 0;
    if ((op2 & 6) === 0) return flagPc(fmt(`smlald${x}${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}, ${reg(rs)}`), rd, rn, rm, rs, same);
    if ((op2 & 6) === 2) return flagPc(fmt(`smlsld${x}${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}, ${reg(rs)}`), rd, rn, rm, rs, same);
    return undefinedText(w);
  }
  if (op1 === 21) {
    const r = (op2 & 1) ? 'r' : '';
    if ((op2 & 6) === 0) {
      if (rd === 15) return flagPc(fmt(`smmul${r}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}`), rn, rm, rs);
      return flagPc(fmt(`smmla${r}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}, ${reg(rd)}`), rn, rm, rs);
    }
    if ((op2 & 6) === 6) return flagPc(fmt(`smmls${r}${c}`, `${reg(rn)}, ${reg(rm)}, ${reg(rs)}, ${reg(rd)}`), rn, rm, rs, rd);
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
    const text = fmt(`${r ? 'movt' : 'movw'}${c}`, `${reg((w >>> 12) & 15)}, #${imm}`, wantsHex(imm) ? `0x${imm.toString(16)}` : undefined);
    return ((w >>> 12) & 15) === 15 ? `${text}\t@ <UNPREDICTABLE>` : text;
  }
  if (((w >>> 12) & 15) !== 15) return r ? dataProc(w) : undefinedText(w);
  if (!r && mask === 0 && ((w >>> 8) & 15) === 0) {
    const op = w & 0xff;
    const hints = ['nop', 'yield', 'wfe', 'wfi', 'sev'];
    if (op < hints.length) return op === 0 ? fmt(`nop${c}`, '{0}') : `${hints[op]}${c}`;
    if ((op & 0xf0) === 0xf0) return fmt(`dbg${c}`, `#${op & 15}`);
    // Later architectures' hints, named as objdump names them (SEVL without its condition; ESB and
    // CSDB only unconditional); other hint numbers above 32 get their value in hex as a comment.
    if (op === 5) return 'sevl';
    if (c === '' && op === 0x10) return 'esb';
    if (c === '' && op === 0x14) return 'csdb';
    return fmt(`nop${c}`, `{${op}}`, op > 32 ? `0x${op.toString(16)}` : undefined);
  }
  const ic = rotatedImmText(w & 0xfff);
  return fmt(`msr${c}`, `${psrName(r, mask)}, ${ic.text}`, ic.comment);
}
