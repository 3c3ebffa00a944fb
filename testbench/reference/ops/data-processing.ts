// Data-processing instructions (AND..MVN) with all addressing-mode-1 operands and exact flags.
// A register-specified shift makes r15 read as PC+12 (ARM926EJ-S behaviour; QEMU gives PC+8).
import type { Arm926Core } from '../core.ts';
import type { Op } from './op.ts';
import { shiftImmediate, shiftRegister } from './shifter.ts';

const AND = 0, EOR = 1, SUB = 2, RSB = 3, ADD = 4, ADC = 5, SBC = 6; // 7 = RSC
const TST = 8, TEQ = 9, CMP = 10, CMN = 11, ORR = 12, MOV = 13, BIC = 14, MVN = 15;

/** a + b + carryIn, setting C and V when `setFlags`. */
function addWithCarry(c: Arm926Core, a: number, b: number, carryIn: number, setFlags: boolean): number {
  const result = (a + b + carryIn) | 0;
  if (setFlags) {
    c.cf = (a >>> 0) + (b >>> 0) + carryIn > 0xffffffff ? 1 : 0;
    c.vf = ((a ^ result) & (b ^ result)) >>> 31;
  }
  return result;
}

function operand2(c: Arm926Core, w: number): number {
  if (w & 0x02000000) {
    const rot = ((w >>> 8) & 15) * 2;
    const imm = w & 0xff;
    if (rot === 0) {
      c.shifterCarry = c.cf;
      return imm;
    }
    const value = (imm >>> rot) | (imm << (32 - rot));
    c.shifterCarry = value >>> 31;
    return value;
  }
  const rm = w & 15;
  if (w & 0x10) {
    const rs = (w >>> 8) & 15;
    const rmValue = rm === 15 ? (c.r[15]! + 4) | 0 : c.r[rm]!;
    const rsValue = rs === 15 ? (c.r[15]! + 4) | 0 : c.r[rs]!;
    return shiftRegister(c, rmValue, (w >>> 5) & 3, rsValue);
  }
  return shiftImmediate(c, c.r[rm]!, (w >>> 5) & 3, (w >>> 7) & 31);
}

/** Any data-processing instruction, including Rd = r15 and S (exception return). */
export const dataProcessing: Op = (c, w) => {
  const opcode = (w >>> 21) & 15;
  const s = (w & 0x00100000) !== 0;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const b = operand2(c, w);
  const registerShift = (w & 0x02000010) === 0x10;
  const a = rn === 15 && registerShift ? (c.r[15]! + 4) | 0 : c.r[rn]!;
  // Flags from the result are set only when S and Rd is not r15 (Rd = r15 with S restores CPSR).
  const flags = s && rd !== 15;
  let result: number;
  let logical = true;
  switch (opcode) {
    case AND:
    case TST:
      result = a & b;
      break;
    case EOR:
    case TEQ:
      result = a ^ b;
      break;
    case ORR:
      result = a | b;
      break;
    case MOV:
      result = b;
      break;
    case BIC:
      result = a & ~b;
      break;
    case MVN:
      result = ~b;
      break;
    case SUB:
    case CMP:
      result = addWithCarry(c, a, ~b, 1, flags || opcode === CMP);
      logical = false;
      break;
    case RSB:
      result = addWithCarry(c, b, ~a, 1, flags);
      logical = false;
      break;
    case ADD:
    case CMN:
      result = addWithCarry(c, a, b, 0, flags || opcode === CMN);
      logical = false;
      break;
    case ADC:
      result = addWithCarry(c, a, b, c.cf, flags);
      logical = false;
      break;
    case SBC:
      result = addWithCarry(c, a, ~b, c.cf, flags);
      logical = false;
      break;
    default: // RSC
      result = addWithCarry(c, b, ~a, c.cf, flags);
      logical = false;
      break;
  }
  if (opcode >= TST && opcode <= CMN) {
    // Comparisons always set flags (S=0 encodings of these are other instructions).
    c.nf = result >>> 31;
    c.zf = result === 0 ? 1 : 0;
    if (logical) c.cf = c.shifterCarry;
    return;
  }
  if (rd === 15) {
    if (s) {
      // Exception return: the target is aligned for the state the SPSR returns to.
      c.nextPc = result;
      c.restoreCpsrFromSpsr();
    } else {
      c.branchTo(result);
    }
    return;
  }
  c.r[rd] = result;
  if (flags) {
    c.nf = result >>> 31;
    c.zf = result === 0 ? 1 : 0;
    if (logical) c.cf = c.shifterCarry;
  }
};

/**
 * Specialised handlers for the common shapes (Rd, Rn not r15; an immediate, a plain register or,
 * without S, a register shifted left by an immediate), so hot code avoids re-decoding fields.
 * Anything else uses `dataProcessing`; tests/reference/specialised-ops.test.ts holds each shape to it.
 */
export function decodeDataProcessing(w: number): Op {
  const opcode = (w >>> 21) & 15;
  const s = (w & 0x00100000) !== 0;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const rm = w & 15;
  const immediate = (w & 0x02000000) !== 0;
  // Bits 6:4 clear: an immediate shift, LSL; bits 11:7 its amount (0: the register as it is).
  const lslRegister = !immediate && (w & 0x70) === 0;
  const lsl = (w >>> 7) & 31;
  if (rd === 15 || rn === 15 || (!immediate && (!lslRegister || rm === 15))) return dataProcessing;
  const rotated = ((w >>> 8) & 15) !== 0;
  const rot = ((w >>> 8) & 15) * 2;
  const imm = rot === 0 ? w & 0xff : ((w & 0xff) >>> rot) | ((w & 0xff) << (32 - rot));
  if (!s) {
    if (!immediate && lsl !== 0) return shiftedLeft(opcode, rd, rn, rm, lsl);
    switch (opcode) {
      case MOV:
        return immediate ? (c) => { c.r[rd] = imm; } : (c) => { c.r[rd] = c.r[rm]!; };
      case ADD:
        return immediate ? (c) => { c.r[rd] = (c.r[rn]! + imm) | 0; } : (c) => { c.r[rd] = (c.r[rn]! + c.r[rm]!) | 0; };
      case SUB:
        return immediate ? (c) => { c.r[rd] = (c.r[rn]! - imm) | 0; } : (c) => { c.r[rd] = (c.r[rn]! - c.r[rm]!) | 0; };
      case AND:
        return immediate ? (c) => { c.r[rd] = c.r[rn]! & imm; } : (c) => { c.r[rd] = c.r[rn]! & c.r[rm]!; };
      case ORR:
        return immediate ? (c) => { c.r[rd] = c.r[rn]! | imm; } : (c) => { c.r[rd] = c.r[rn]! | c.r[rm]!; };
      case EOR:
        return immediate ? (c) => { c.r[rd] = c.r[rn]! ^ imm; } : (c) => { c.r[rd] = c.r[rn]! ^ c.r[rm]!; };
      case BIC:
        return immediate ? (c) => { c.r[rd] = c.r[rn]! & ~imm; } : (c) => { c.r[rd] = c.r[rn]! & ~c.r[rm]!; };
      default:
        return dataProcessing;
    }
  }
  if (!immediate && lsl !== 0) return dataProcessing; // S with a shift: the carry comes from the shifter
  // With S, arithmetic takes C from the ALU; a logical op takes the shifter's carry, which for a
  // rotated immediate is its bit 31 and otherwise C unchanged.
  switch (opcode) {
    case CMP:
      return immediate
        ? (c) => { const a = c.r[rn]!; const r = (a - imm) | 0; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = a >>> 0 >= imm >>> 0 ? 1 : 0; c.vf = ((a ^ imm) & (a ^ r)) >>> 31; }
        : (c) => { const a = c.r[rn]!; const b = c.r[rm]!; const r = (a - b) | 0; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = a >>> 0 >= b >>> 0 ? 1 : 0; c.vf = ((a ^ b) & (a ^ r)) >>> 31; };
    case CMN:
      return immediate
        ? (c) => { const a = c.r[rn]!; const r = (a + imm) | 0; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = (a >>> 0) + (imm >>> 0) > 0xffffffff ? 1 : 0; c.vf = ((a ^ r) & (imm ^ r)) >>> 31; }
        : dataProcessing;
    case SUB:
      return immediate
        ? (c) => { const a = c.r[rn]!; const r = (a - imm) | 0; c.r[rd] = r; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = a >>> 0 >= imm >>> 0 ? 1 : 0; c.vf = ((a ^ imm) & (a ^ r)) >>> 31; }
        : dataProcessing;
    case ADD:
      return immediate
        ? (c) => { const a = c.r[rn]!; const r = (a + imm) | 0; c.r[rd] = r; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = (a >>> 0) + (imm >>> 0) > 0xffffffff ? 1 : 0; c.vf = ((a ^ r) & (imm ^ r)) >>> 31; }
        : dataProcessing;
    case TST: {
      if (!immediate) return (c) => { const r = c.r[rn]! & c.r[rm]!; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; };
      const carry = imm >>> 31;
      return rotated
        ? (c) => { const r = c.r[rn]! & imm; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = carry; }
        : (c) => { const r = c.r[rn]! & imm; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; };
    }
    default:
      return dataProcessing;
  }
}

/** Without S: Rd = Rn op (Rm << lsl), lsl 1..31 (the carry out is not used). */
function shiftedLeft(opcode: number, rd: number, rn: number, rm: number, lsl: number): Op {
  switch (opcode) {
    case MOV:
      return (c) => { c.r[rd] = c.r[rm]! << lsl; };
    case ADD:
      return (c) => { c.r[rd] = (c.r[rn]! + (c.r[rm]! << lsl)) | 0; };
    case SUB:
      return (c) => { c.r[rd] = (c.r[rn]! - (c.r[rm]! << lsl)) | 0; };
    case AND:
      return (c) => { c.r[rd] = c.r[rn]! & (c.r[rm]! << lsl); };
    case ORR:
      return (c) => { c.r[rd] = c.r[rn]! | (c.r[rm]! << lsl); };
    case EOR:
      return (c) => { c.r[rd] = c.r[rn]! ^ (c.r[rm]! << lsl); };
    case BIC:
      return (c) => { c.r[rd] = c.r[rn]! & ~(c.r[rm]! << lsl); };
    default:
      return dataProcessing;
  }
}
