// The Thumb decoder: an ARMv5TE Thumb halfword -> the uops of the ARM instruction it stands for,
// as the ARM9EJ-S decompresses Thumb into ARM. Each halfword is rewritten as the equivalent ARM
// word and handed to the ARM decoder; the uop is then marked Thumb (pc reads + 4, links
// (pc + 2) | 1, SWI/undefined return + 2) and patched where Thumb has no ARM encoding: branch
// offsets, the word-aligned pc of LDR literal and ADR, the BL/BLX pair. Pure combinational logic,
// like decoder.ts (no allocation per cycle).
import { decodeStep, readA } from './decoder.ts';
import { A_REG, type UopValues } from './uop.ts';

/** What the ARM word cannot say, patched into the uop after the ARM decoder. */
const NONE = 0, ADR = 1, BRANCH8 = 2, BRANCH11 = 3, BL_PREFIX = 4, BL_SUFFIX = 5, BLX_SUFFIX = 6;

/** The architecturally undefined ARM word (stands for every undefined Thumb encoding). */
const ARM_UNDEFINED = 0xe7f000f0;

/** Shifted-operand data processing, AL, S set: op, Rn, Rd, Rm (LSL #0). */
function dpReg(op: number, s: number, rn: number, rd: number, rm: number): number {
  return (0xe0000000 | (op << 21) | (s << 20) | (rn << 16) | (rd << 12) | rm) >>> 0;
}

function dpImm(op: number, s: number, rn: number, rd: number, imm12: number): number {
  return (0xe2000000 | (op << 21) | (s << 20) | (rn << 16) | (rd << 12) | imm12) >>> 0;
}

const AND = 0, EOR = 1, SUB = 2, RSB = 3, ADD = 4, ADC = 5, SBC = 6, TST = 8, CMP = 10, CMN = 11, ORR = 12, MOV = 13, BIC = 14, MVN = 15;
/** Format 4 opcode -> ARM data-processing opcode (shifts and MUL are handled apart). */
const ALU_OPS = [AND, EOR, -1, -1, -1, ADC, SBC, -1, TST, RSB, CMP, CMN, ORR, -1, BIC, MVN];
/** Format 7/8 kind (STR STRH STRB LDRSB LDR LDRH LDRB LDRSH) -> ARM register-offset word. */
const REGISTER_OFFSET = [0xe7800000, 0xe18000b0, 0xe7c00000, 0xe19000d0, 0xe7900000, 0xe19000b0, 0xe7d00000, 0xe19000f0];

/** The rotated-immediate field for v = imm8 << 2 (ror 30). */
const times4 = (imm8: number): number => (15 << 8) | imm8;

/** Split-immediate field of an ARM halfword transfer. */
const halfImm = (off: number): number => ((off & 0xf0) << 4) | (off & 15);

/** The result of armEquivalent, reused (no allocation per cycle). */
interface Equivalent {
  word: number;
  patch: number;
}
const equivalent: Equivalent = { word: 0, patch: 0 };
function eq(word: number, patch: number): Equivalent {
  equivalent.word = word;
  equivalent.patch = patch;
  return equivalent;
}

/**
 * The ARM word a Thumb halfword stands for, at `pc` (the LDR-literal offset depends on pc bit 1).
 * Returns the word; `patch` tells the caller what the ARM word cannot say.
 */
function armEquivalent(hw: number, pc: number): Equivalent {
  const rd = hw & 7;
  const rm = (hw >>> 3) & 7;
  const r6 = (hw >>> 6) & 7;
  const r8 = (hw >>> 8) & 7;
  const imm8 = hw & 0xff;
  const imm5 = (hw >>> 6) & 31;
  switch (hw >>> 11) {
    case 0: case 1: case 2: // LSL/LSR/ASR Rd, Rm, #imm5
      return eq((0xe1b00000 | (rd << 12) | (imm5 << 7) | (((hw >>> 11) & 3) << 5) | rm) >>> 0, NONE);
    case 3: { // ADD/SUB Rd, Rn, Rm/#imm3
      const op = hw & 0x200 ? SUB : ADD;
      return eq(hw & 0x400 ? dpImm(op, 1, rm, rd, r6) : dpReg(op, 1, rm, rd, r6), NONE);
    }
    case 4: return eq(dpImm(MOV, 1, 0, r8, imm8), NONE);
    case 5: return eq(dpImm(CMP, 1, r8, 0, imm8), NONE);
    case 6: return eq(dpImm(ADD, 1, r8, r8, imm8), NONE);
    case 7: return eq(dpImm(SUB, 1, r8, r8, imm8), NONE);
    case 8: {
      if (hw & 0x400) return highRegisters(hw);
      const op = (hw >>> 6) & 15;
      if (op === 13) return eq((0xe0100090 | (rd << 16) | (rd << 8) | rm) >>> 0, NONE); // MULS Rd, Rm, Rd
      if (op === 2 || op === 3 || op === 4 || op === 7) {
        const type = op === 7 ? 3 : op - 2;
        return eq((0xe1b00010 | (rd << 12) | (rm << 8) | (type << 5) | rd) >>> 0, NONE); // MOVS Rd, Rd, <type> Rm
      }
      const arm = ALU_OPS[op]!;
      if (arm === RSB) return eq(dpImm(RSB, 1, rm, rd, 0), NONE); // NEG: RSBS Rd, Rm, #0
      if (arm === MVN) return eq(dpReg(MVN, 1, 0, rd, rm), NONE);
      if (arm >= TST && arm <= CMN) return eq(dpReg(arm, 1, rd, 0, rm), NONE);
      return eq(dpReg(arm, 1, rd, rd, rm), NONE);
    }
    case 9: { // LDR Rd, [PC, #imm8 * 4]: from the word-aligned pc + 4
      const off = imm8 * 4 - (pc & 2);
      return eq((off < 0 ? 0xe51f0000 | (r8 << 12) | -off : 0xe59f0000 | (r8 << 12) | off) >>> 0, NONE);
    }
    case 10: case 11: return eq((REGISTER_OFFSET[(hw >>> 9) & 7]! | (rm << 16) | (rd << 12) | r6) >>> 0, NONE);
    case 12: return eq((0xe5800000 | (rm << 16) | (rd << 12) | (imm5 * 4)) >>> 0, NONE); // STR
    case 13: return eq((0xe5900000 | (rm << 16) | (rd << 12) | (imm5 * 4)) >>> 0, NONE); // LDR
    case 14: return eq((0xe5c00000 | (rm << 16) | (rd << 12) | imm5) >>> 0, NONE); // STRB
    case 15: return eq((0xe5d00000 | (rm << 16) | (rd << 12) | imm5) >>> 0, NONE); // LDRB
    case 16: return eq((0xe1c000b0 | (rm << 16) | (rd << 12) | halfImm(imm5 * 2)) >>> 0, NONE); // STRH
    case 17: return eq((0xe1d000b0 | (rm << 16) | (rd << 12) | halfImm(imm5 * 2)) >>> 0, NONE); // LDRH
    case 18: return eq((0xe58d0000 | (r8 << 12) | (imm8 * 4)) >>> 0, NONE); // STR Rd, [SP, #]
    case 19: return eq((0xe59d0000 | (r8 << 12) | (imm8 * 4)) >>> 0, NONE); // LDR Rd, [SP, #]
    case 20: return eq(dpImm(ADD, 0, 15, r8, 0), ADR); // ADD Rd, PC, #imm8 * 4
    case 21: return eq(dpImm(ADD, 0, 13, r8, times4(imm8)), NONE); // ADD Rd, SP, #imm8 * 4
    case 22: case 23: return miscellaneous(hw);
    case 24: return eq((0xe8a00000 | (r8 << 16) | imm8) >>> 0, NONE); // STMIA Rn!, {list}
    case 25: return eq((0xe8b00000 | (r8 << 16) | imm8) >>> 0, NONE); // LDMIA Rn!, {list}
    case 26: case 27: {
      const cond = (hw >>> 8) & 15;
      if (cond === 15) return eq((0xef000000 | imm8) >>> 0, NONE); // SWI
      if (cond === 14) return eq(ARM_UNDEFINED, NONE);
      return eq(((cond << 28) | 0x0a000000) >>> 0, BRANCH8);
    }
    case 28: return eq(0xea000000, BRANCH11);
    case 29: return hw & 1 ? eq(ARM_UNDEFINED, NONE) : eq(0xeb000000, BLX_SUFFIX);
    case 30: return eq(dpImm(ADD, 0, 15, 14, 0), BL_PREFIX);
    default: return eq(0xeb000000, BL_SUFFIX);
  }
}

function highRegisters(hw: number): Equivalent {
  const d = (hw & 7) | ((hw >>> 4) & 8);
  const m = (hw >>> 3) & 15;
  switch ((hw >>> 8) & 3) {
    case 0: return eq(dpReg(ADD, 0, d, d, m), NONE);
    case 1: return eq(dpReg(CMP, 1, d, 0, m), NONE);
    case 2: return eq(dpReg(MOV, 0, 0, d, m), NONE);
    default: return eq((hw & 0x80 ? 0xe12fff30 : 0xe12fff10) | m, NONE); // BLX / BX
  }
}

function miscellaneous(hw: number): Equivalent {
  const list = hw & 0xff;
  if ((hw & 0xf00) === 0x000) return eq(dpImm(hw & 0x80 ? SUB : ADD, 0, 13, 13, times4(hw & 0x7f)), NONE);
  if ((hw & 0xe00) === 0x400) return eq((0xe92d0000 | list | (hw & 0x100 ? 0x4000 : 0)) >>> 0, NONE); // PUSH
  if ((hw & 0xe00) === 0xc00) return eq((0xe8bd0000 | list | (hw & 0x100 ? 0x8000 : 0)) >>> 0, NONE); // POP
  if ((hw & 0xf00) === 0xe00) return eq(0xe1200070, NONE); // BKPT
  return eq(ARM_UNDEFINED, NONE); // ARMv6 and later
}


/**
 * Decode step `step` of the Thumb instruction `hw` at `pc` for `mode` into `u` (the uops of its
 * ARM equivalent, marked Thumb). Returns true for the last uop.
 */
export function decodeThumbStep(hw: number, pc: number, step: number, mode: number, prefetchAbort: boolean, u: UopValues): boolean {
  const { word, patch } = armEquivalent(hw, pc);
  const last = decodeStep(word, step, mode, prefetchAbort, u);
  u.thumb = 1;
  if (prefetchAbort) return last;
  switch (patch) {
    case ADR:
      u.imm = ((hw & 0xff) * 4 - (pc & 2)) >>> 0; // from the word-aligned pc + 4
      break;
    case BRANCH8:
      u.imm = (((hw << 24) >> 24) << 1) >>> 0;
      break;
    case BRANCH11:
      u.imm = (((hw << 21) >> 21) << 1) >>> 0;
      break;
    case BL_PREFIX:
      u.imm = (((hw << 21) >> 21) << 12) >>> 0; // LR = pc + 4 + offset
      u.imm_rot = 0;
      break;
    case BL_SUFFIX:
    case BLX_SUFFIX:
      // Target LR + offset; the link is written by the branch (Execute: (pc + 2) | 1).
      u.a_sel = A_REG;
      readA(u, 14, mode);
      u.imm = (hw & 0x7ff) << 1;
      u.xchg = patch === BLX_SUFFIX ? 1 : 0;
      break;
    default:
      break;
  }
  return last;
}
