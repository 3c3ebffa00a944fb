// Thumb data processing for ARMv5TE, choosing the 16-bit encoding the way GNU as does in divided
// and in unified syntax (ADD/SUB with their immediate, SP and PC forms; the two-operand ALU group;
// MUL; shifts; MOV/CMP; MVN/TST/CMN; NEG and RSBS #0).
import type { EncodeCtx, ThumbHandler, ThumbMnemonic } from '../context.ts';
import type { TokenStream } from '../lexer.ts';
import {
  BAD_HIREG, BAD_PC, BAD_SP, failAt, noNarrowForm, parseOperands, regAt, rejectFlagSpelling, type ImmOp, type Operand, type RegOp,
} from './operands.ts';

const half = (v: number): { size: 2; encode: () => number } => ({ size: 2, encode: () => v });

function arity(m: ThumbMnemonic, ts: TokenStream, ops: readonly Operand[], min: number, max: number): void {
  if (ops.length < min || ops.length > max) failAt(ts, m.col, 'bad arguments to instruction');
}

/** GNU's "Rd, Rs, op" with "Rd, op" meaning "Rd, Rd, op": the middle operand must be a plain register. */
function threeOperands(m: ThumbMnemonic, ts: TokenStream, ops: readonly Operand[]): { rd: RegOp; rs: RegOp; op: Operand } {
  arity(m, ts, ops, 2, 3);
  const rd = regAt(ts, ops, 0);
  if (rd.shift) failAt(ts, rd.col, 'shift not allowed here');
  const rs = ops.length === 3 ? regAt(ts, ops, 1) : rd;
  if (rs.shift) failAt(ts, rs.col, 'shift not allowed here');
  return { rd, rs, op: ops[ops.length - 1]! };
}

/** r13/r15 refused where GNU's reject_bad_reg refuses them. */
function rejectBadReg(ts: TokenStream, r: RegOp): void {
  if (r.reg === 15) failAt(ts, r.col, BAD_PC);
  if (r.reg === 13) failAt(ts, r.col, BAD_SP);
}

/**
 * The immediate forms of ADD/SUB (GNU's BFD_RELOC_ARM_THUMB_ADD): SP adjust, address from PC/SP,
 * 8-bit when Rd = Rs, else 3-bit; a negative value flips ADD and SUB.
 */
function addSubImmediate(ctx: EncodeCtx, rd: number, rs: number, sub: boolean, imm: ImmOp): number {
  let value = ctx.abs(imm.expr, imm.col, 'immediate');
  if ((rd > 7 && (rd !== 13 || rs !== 13)) || (rs > 7 && rs !== 13 && rs !== 15)) ctx.fail(imm.col, 'invalid Hi register with immediate');
  if (value < 0) {
    value = -value;
    sub = !sub;
  }
  if (rd === 13) {
    if (value > 0x1fc || value % 4 !== 0) ctx.fail(imm.col, `invalid immediate for stack address calculation (${sub ? -value : value}: a multiple of 4 up to 508)`);
    return (sub ? 0xb080 : 0xb000) | (value >> 2);
  }
  if (rs === 15 || rs === 13) {
    if (sub || value > 0x3fc || value % 4 !== 0) ctx.fail(imm.col, `invalid immediate for address calculation (${sub ? -value : value}: a multiple of 4 from 0 to 1020)`);
    return (rs === 15 ? 0xa000 : 0xa800) | (rd << 8) | (value >> 2);
  }
  if (rs === rd) {
    if (value > 0xff) ctx.fail(imm.col, `immediate value out of range (${sub ? -value : value}: 0..255 either sign)`);
    return (sub ? 0x3800 : 0x3000) | (rd << 8) | value;
  }
  if (value > 7) ctx.fail(imm.col, `immediate value out of range (${sub ? -value : value}: 0..7 either sign when Rd is not Rn)`);
  return (sub ? 0x1e00 : 0x1c00) | rd | (rs << 3) | (value << 6);
}

export const addSub: ThumbHandler = (m, ts, pctx) => {
  const add = m.base === 'add';
  const { rd: rdOp, rs: rsOp, op } = threeOperands(m, ts, parseOperands(ts, pctx));
  const rd = rdOp.reg;
  let rs = rsOp.reg;
  if (op.kind === 'imm') {
    if (m.unified) {
      if (rd === 13 && rs !== 13) failAt(ts, rdOp.col, BAD_SP);
      const flags = m.s;
      const narrow = (rd === 13 && rs === 13 && !flags) || (rd <= 7 && (rs === 13 || rs === 15) && add && !flags) || (rd <= 7 && rs <= 7 && flags);
      if (!narrow) noNarrowForm(m, ts);
    } else {
      rejectFlagSpelling(m, ts);
    }
    return { size: 2, encode: (ctx) => addSubImmediate(ctx, rd, rs, !add, op) };
  }
  if (op.shift) {
    if (m.unified) noNarrowForm(m, ts);
    failAt(ts, op.col, 'unshifted register required');
  }
  let rn = op.reg;
  if (m.unified) {
    if (rd <= 7 && rs <= 7 && rn <= 7 && m.s) return half((add ? 0x1800 : 0x1a00) | rd | (rs << 3) | (rn << 6));
    if (!m.s && add && (rd === rs || rd === rn) && (rd > 7 || rn > 7)) {
      if (rd === rn) [rn, rs] = [rs, rd];
      return half(0x4400 | ((rd & 8) << 4) | (rd & 7) | (rn << 3));
    }
    return noNarrowForm(m, ts);
  }
  rejectFlagSpelling(m, ts);
  if (rd > 7 || rs > 7 || rn > 7) {
    if (!add) failAt(ts, m.col, BAD_HIREG);
    if (rs === rd) return half(0x4400 | ((rd & 8) << 4) | (rd & 7) | (rn << 3));
    if (rn === rd) return half(0x4400 | ((rd & 8) << 4) | (rd & 7) | (rs << 3));
    return failAt(ts, m.col, 'dest must overlap one source register');
  }
  return half((add ? 0x1800 : 0x1a00) | rd | (rs << 3) | (rn << 6));
};

const ALU: Readonly<Record<string, number>> = {
  and: 0x4000, eor: 0x4040, adc: 0x4140, sbc: 0x4180, orr: 0x4300, bic: 0x4380,
};

/** AND/EOR/ORR/ADC (commutative: Rd may be either source) and SBC/BIC (Rd must be the first). */
export const alu: ThumbHandler = (m, ts, pctx) => {
  const commutative = m.base !== 'sbc' && m.base !== 'bic';
  const { rd, rs, op } = threeOperands(m, ts, parseOperands(ts, pctx));
  rejectBadReg(ts, rd);
  rejectBadReg(ts, rs);
  if (op.kind === 'reg') rejectBadReg(ts, op);
  const bits = ALU[m.base]!;
  if (m.unified) {
    if (op.kind !== 'reg' || op.shift || !m.s || rd.reg > 7 || rs.reg > 7 || op.reg > 7) return noNarrowForm(m, ts);
    if (rd.reg === rs.reg) return half(bits | rd.reg | (op.reg << 3));
    if (commutative && rd.reg === op.reg) return half(bits | rd.reg | (rs.reg << 3));
    return noNarrowForm(m, ts);
  }
  rejectFlagSpelling(m, ts);
  if (op.kind !== 'reg' || op.shift) return failAt(ts, op.col, 'unshifted register required');
  if (rd.reg > 7 || rs.reg > 7 || op.reg > 7) failAt(ts, m.col, BAD_HIREG);
  if (rd.reg === rs.reg) return half(bits | rd.reg | (op.reg << 3));
  if (commutative && rd.reg === op.reg) return half(bits | rd.reg | (rs.reg << 3));
  return failAt(ts, m.col, commutative ? 'dest must overlap one source register' : 'dest and source1 must be the same register');
};

/** MUL Rd, Rn{, Rm}: Rd must be one of the sources. */
export const mul: ThumbHandler = (m, ts, pctx) => {
  const ops = parseOperands(ts, pctx);
  arity(m, ts, ops, 2, 3);
  const [rdOp, rnOp, rmOp] = [regAt(ts, ops, 0), regAt(ts, ops, 1), ops.length === 3 ? regAt(ts, ops, 2) : regAt(ts, ops, 0)];
  for (const r of [rdOp, rnOp, rmOp]) {
    if (r.shift) failAt(ts, r.col, 'shift not allowed here');
    if (r.reg === 15) failAt(ts, r.col, BAD_PC);
  }
  const [rd, rn, rm] = [rdOp.reg, rnOp.reg, rmOp.reg];
  if (m.unified) {
    if ((rd !== rn && rd !== rm) || rn > 7 || rm > 7 || !m.s) return noNarrowForm(m, ts);
  } else {
    rejectFlagSpelling(m, ts);
    if (rn > 7 || rm > 7) failAt(ts, m.col, BAD_HIREG);
  }
  if (rd === rn) return half(0x4340 | rd | (rm << 3));
  if (rd === rm) return half(0x4340 | rd | (rn << 3));
  return failAt(ts, m.col, 'dest must overlap one source register');
};

const SHIFT_IMM: Readonly<Record<string, number>> = { lsl: 0x0000, lsr: 0x0800, asr: 0x1000 };
const SHIFT_REG: Readonly<Record<string, number>> = { lsl: 0x4080, lsr: 0x40c0, asr: 0x4100, ror: 0x41c0 };

/** A 5-bit shift amount (GNU's BFD_RELOC_ARM_THUMB_SHIFT): 0 is LSL, 32 (LSR/ASR) encodes as 0. */
function shiftImmediate(ctx: EncodeCtx, kind: string, rd: number, rm: number, amount: ImmOp): number {
  const v = ctx.abs(amount.expr, amount.col, 'shift amount');
  if (v < 0 || v > 32 || (v === 32 && kind === 'lsl')) ctx.fail(amount.col, `invalid shift value: ${v} (${kind === 'lsl' ? '0..31' : '0..32'})`);
  if (v === 0) return rd | (rm << 3);
  return SHIFT_IMM[kind]! | rd | (rm << 3) | ((v & 31) << 6);
}

/** LSL/LSR/ASR Rd, Rm, #n and LSL/LSR/ASR/ROR Rd, Rs (Rd, Rd, Rs). */
export const shift: ThumbHandler = (m, ts, pctx) => {
  const { rd, rs: rm, op } = threeOperands(m, ts, parseOperands(ts, pctx));
  const kind = m.base;
  if (m.unified) {
    let narrow = m.s && rd.reg <= 7 && rm.reg <= 7;
    if (op.kind === 'imm' && kind === 'ror') narrow = false;
    if (op.kind === 'reg' && (rm.reg !== rd.reg || op.reg > 7)) narrow = false;
    rejectBadReg(ts, rd);
    rejectBadReg(ts, rm);
    if (!narrow) return noNarrowForm(m, ts);
  } else {
    if (rd.reg > 7 || rm.reg > 7) failAt(ts, m.col, BAD_HIREG);
    rejectFlagSpelling(m, ts);
  }
  if (op.kind === 'reg') {
    if (!m.unified) {
      if (op.reg > 7) failAt(ts, op.col, BAD_HIREG);
      if (rd.reg !== rm.reg) failAt(ts, m.col, 'source1 and dest must be same register');
    }
    if (op.shift) failAt(ts, op.col, 'extraneous shift as part of operand to shift insn');
    return half(SHIFT_REG[kind]! | rd.reg | (op.reg << 3));
  }
  if (kind === 'ror') return failAt(ts, m.col, 'ror #imm not supported (Thumb has only ror by a register)');
  return { size: 2, encode: (ctx) => shiftImmediate(ctx, kind, rd.reg, rm.reg, op) };
};

/** An 8-bit MOV/CMP immediate (GNU's BFD_RELOC_ARM_THUMB_IMM: 0..255, no negative values). */
function imm8(ctx: EncodeCtx, imm: ImmOp): number {
  const v = ctx.abs(imm.expr, imm.col, 'immediate');
  if (v < 0 || v > 255) ctx.fail(imm.col, `invalid immediate: ${v} is out of range (0..255)`);
  return v;
}

/** MOV and CMP: immediate, low/high register forms; unified MOVS with a shift is a shift. */
export const movCmp: ThumbHandler = (m, ts, pctx) => {
  const ops = parseOperands(ts, pctx);
  arity(m, ts, ops, 2, 2);
  const rnOp = regAt(ts, ops, 0);
  if (rnOp.shift) failAt(ts, rnOp.col, 'shift not allowed here');
  const op = ops[1]!;
  const rn = rnOp.reg;
  const mov = m.base === 'mov';
  const movs = mov && m.s;
  if (m.unified) {
    const rm = op.kind === 'reg' ? op.reg : 0;
    const lowRegs = rn <= 7 && rm <= 7;
    let narrow = !movs || lowRegs;
    if (op.kind === 'reg' && op.shift) narrow = false;
    if (movs && op.kind === 'reg' && !op.shift && rn === 15 && rm === 14) return noNarrowForm(m, ts);
    if (!mov) {
      if (rn === 15) failAt(ts, rnOp.col, BAD_PC);
      if (narrow && op.kind === 'reg' && rm === 13) pctx.warn(op.col, 'use of r13 is deprecated');
      if (narrow && op.kind === 'reg' && rm === 15) failAt(ts, op.col, BAD_PC);
      if (!narrow && op.kind === 'reg') rejectBadReg(ts, op);
    } else if (op.kind === 'reg') {
      if (movs) {
        rejectBadReg(ts, rnOp);
        rejectBadReg(ts, op);
      }
    } else rejectBadReg(ts, rnOp);
    if (op.kind === 'imm') {
      if (mov && !m.s) narrow = false;
      if (!(rn <= 7 && narrow)) return noNarrowForm(m, ts);
      return { size: 2, encode: (ctx) => (mov ? 0x2000 : 0x2800) | (rn << 8) | imm8(ctx, op) };
    }
    if (op.shift && op.shift.reg !== undefined) {
      // MOVS Rd, Rd, <shift> Rs is the register shift.
      if (!mov || !movs || !lowRegs || op.shift.reg > 7 || rn !== rm || op.shift.type === 'rrx') return noNarrowForm(m, ts);
      return half(SHIFT_REG[['lsl', 'lsr', 'asr', 'ror'][op.shift.type]!]! | rn | (op.shift.reg << 3));
    }
    if (!narrow) {
      const sh = op.shift;
      if (mov && movs && lowRegs && sh && sh.amount && sh.type !== 3 && sh.type !== 'rrx') {
        const kind = ['lsl', 'lsr', 'asr'][sh.type]!;
        const amount = sh.amount;
        return { size: 2, encode: (ctx) => shiftImmediate(ctx, kind, rn, rm, amount) };
      }
      return noNarrowForm(m, ts);
    }
    if (mov && !movs) {
      if (lowRegs) failAt(ts, m.col, 'MOV Rd, Rs with two low registers is not permitted on this architecture (use movs, or adds Rd, Rs, #0)');
      return half(0x4600 | ((rn & 8) << 4) | (rn & 7) | (rm << 3));
    }
    if (movs) return half(rn | (rm << 3)); // LSLS Rd, Rs, #0
    if (lowRegs) return half(0x4280 | rn | (rm << 3));
    return half(0x4500 | ((rn & 8) << 4) | (rn & 7) | (rm << 3));
  }
  if (op.kind === 'reg' && op.shift) failAt(ts, op.col, 'shifts in CMP/MOV instructions are only supported in unified syntax');
  if (op.kind === 'reg') {
    const rm = op.reg;
    if (rn < 8 && rm < 8) return half(mov ? 0x1c00 | rn | (rm << 3) : 0x4280 | rn | (rm << 3));
    return half((mov ? 0x4600 : 0x4500) | ((rn & 8) << 4) | (rn & 7) | (rm << 3));
  }
  if (rn > 7) failAt(ts, rnOp.col, 'only lo regs allowed with immediate');
  return { size: 2, encode: (ctx) => (mov ? 0x2000 : 0x2800) | (rn << 8) | imm8(ctx, op) };
};

const MVN_TST: Readonly<Record<string, number>> = { mvn: 0x43c0, tst: 0x4200, cmn: 0x42c0 };

/** MVN, TST, CMN: two low registers. */
export const mvnTst: ThumbHandler = (m, ts, pctx) => {
  const ops = parseOperands(ts, pctx);
  arity(m, ts, ops, 2, 2);
  const rn = regAt(ts, ops, 0);
  const op = ops[1]!;
  rejectBadReg(ts, rn);
  const compare = m.base !== 'mvn';
  if (m.unified) {
    if (op.kind !== 'reg' || op.shift || rn.reg > 7 || op.reg > 7 || (!compare && !m.s)) return noNarrowForm(m, ts);
  } else {
    if (!compare) rejectFlagSpelling(m, ts);
    if (op.kind !== 'reg' || op.shift) return failAt(ts, op.col, 'unshifted register required');
    if (rn.reg > 7 || op.reg > 7) failAt(ts, m.col, BAD_HIREG);
  }
  return half(MVN_TST[m.base]! | rn.reg | (op.reg << 3));
};

/** NEG Rd, Rm (unified: NEGS), and unified RSBS Rd, Rn, #0. */
export const neg: ThumbHandler = (m, ts, pctx) => {
  const ops = parseOperands(ts, pctx);
  arity(m, ts, ops, 2, 2);
  const [rd, rm] = [regAt(ts, ops, 0), regAt(ts, ops, 1)];
  if (m.unified) {
    if (!m.s || rd.reg > 7 || rm.reg > 7 || rm.shift) return noNarrowForm(m, ts);
  } else {
    if (rd.reg > 7 || rm.reg > 7) failAt(ts, m.col, BAD_HIREG);
    rejectFlagSpelling(m, ts);
    if (rm.shift) failAt(ts, rm.col, 'shift not allowed here');
  }
  return half(0x4240 | rd.reg | (rm.reg << 3));
};

export const rsb: ThumbHandler = (m, ts, pctx) => {
  const { rd, rs, op } = threeOperands(m, ts, parseOperands(ts, pctx));
  rejectBadReg(ts, rd);
  rejectBadReg(ts, rs);
  if (op.kind === 'reg') {
    rejectBadReg(ts, op);
    return noNarrowForm(m, ts);
  }
  if (!m.unified || !m.s || rd.reg > 7 || rs.reg > 7) return noNarrowForm(m, ts);
  // Only a constant 0 has a 16-bit form (NEGS).
  return {
    size: 2,
    encode: (ctx) => {
      if (ctx.abs(op.expr, op.col, 'immediate') !== 0) noNarrowForm(m, ts);
      return 0x4240 | rd.reg | (rs.reg << 3);
    },
  };
};
