// The ARMv5TE Thumb instruction set, executed directly (the RTL core decodes Thumb into its ARM
// micro-operations instead: the two implementations share nothing but the architecture).
// During a Thumb instruction r15 reads as its address + 4. Flags: every low-register data
// operation sets N and Z (C from the shifter or the adder, V from the adder); the high-register
// ADD and MOV set none. UNPREDICTABLE forms and what this model does are listed in
// docs/REFERENCE.md (Thumb section).
import type { Arm926Core } from '../core.ts';
import { SEMIHOSTING_THUMB_SWI, semihostingCall } from '../semihosting.ts';
import { blockTransfer } from './block-transfer.ts';
import { loadWordRotated } from './load-store.ts';
import { shiftImmediate, shiftRegister } from './shifter.ts';

export type ThumbOp = (core: Arm926Core, hw: number) => void;

function setNZ(c: Arm926Core, v: number): void {
  c.nf = v >>> 31;
  c.zf = v === 0 ? 1 : 0;
}

/** a + b + carry with all four flags. */
function addFlags(c: Arm926Core, a: number, b: number, carry: number): number {
  const r = (a + b + carry) | 0;
  c.cf = (a >>> 0) + (b >>> 0) + carry > 0xffffffff ? 1 : 0;
  c.vf = ((a ^ r) & (b ^ r)) >>> 31;
  setNZ(c, r);
  return r;
}

const subFlags = (c: Arm926Core, a: number, b: number): number => addFlags(c, a, ~b, 1);

function halfwordAligned(c: Arm926Core, address: number): void {
  if (address & 1 && c.alignCheck) c.alignmentFault(address);
}

function wordStore(c: Arm926Core, address: number, value: number): void {
  if (address & 3 && c.alignCheck) c.alignmentFault(address);
  c.write32(address, value, !c.privileged);
}

/** Format 1: LSL/LSR/ASR Rd, Rm, #imm5. */
const shiftByImmediate: ThumbOp = (c, hw) => {
  const r = shiftImmediate(c, c.r[(hw >>> 3) & 7]!, (hw >>> 11) & 3, (hw >>> 6) & 31) | 0;
  c.r[hw & 7] = r;
  setNZ(c, r);
  c.cf = c.shifterCarry;
};

/** Format 2: ADD/SUB Rd, Rn, Rm or #imm3. */
const addSubtract: ThumbOp = (c, hw) => {
  const n = c.r[(hw >>> 3) & 7]!;
  const m = hw & 0x400 ? (hw >>> 6) & 7 : c.r[(hw >>> 6) & 7]!;
  c.r[hw & 7] = hw & 0x200 ? subFlags(c, n, m) : addFlags(c, n, m, 0);
};

/** Format 3: MOV/CMP/ADD/SUB Rd, #imm8. */
const immediate8: ThumbOp = (c, hw) => {
  const d = (hw >>> 8) & 7;
  const imm = hw & 0xff;
  switch ((hw >>> 11) & 3) {
    case 0: c.r[d] = imm; setNZ(c, imm); break;
    case 1: subFlags(c, c.r[d]!, imm); break;
    case 2: c.r[d] = addFlags(c, c.r[d]!, imm, 0); break;
    default: c.r[d] = subFlags(c, c.r[d]!, imm); break;
  }
};

/** Format 4: the sixteen two-register data operations. */
const dataProcessing: ThumbOp = (c, hw) => {
  const d = hw & 7;
  const a = c.r[d]!;
  const m = c.r[(hw >>> 3) & 7]!;
  let r: number;
  switch ((hw >>> 6) & 15) {
    case 0: r = a & m; break;
    case 1: r = a ^ m; break;
    case 2: case 3: case 4: case 7:
      r = shiftRegister(c, a, [0, 0, 0, 1, 2, 0, 0, 3][(hw >>> 6) & 7]!, m) | 0;
      c.cf = c.shifterCarry;
      break;
    case 5: c.r[d] = addFlags(c, a, m, c.cf); return;
    case 6: c.r[d] = addFlags(c, a, ~m, c.cf); return;
    case 8: setNZ(c, a & m); return; // TST
    case 9: c.r[d] = subFlags(c, 0, m); return; // NEG
    case 10: subFlags(c, a, m); return; // CMP
    case 11: addFlags(c, a, m, 0); return; // CMN
    case 12: r = a | m; break;
    case 13: r = Math.imul(m, a); break; // MUL: C and V unchanged on ARMv5
    case 14: r = a & ~m; break;
    default: r = ~m; break;
  }
  c.r[d] = r;
  setNZ(c, r);
};

/** Format 5: ADD/CMP/MOV with high registers, BX and BLX (register). */
const highRegisters: ThumbOp = (c, hw) => {
  const d = (hw & 7) | ((hw >>> 4) & 8);
  const m = (hw >>> 3) & 15;
  const value = c.r[m]!;
  switch ((hw >>> 8) & 3) {
    case 0: {
      const r = (c.r[d]! + value) | 0;
      if (d === 15) c.nextPc = r & ~1;
      else c.r[d] = r;
      return;
    }
    case 1:
      subFlags(c, c.r[d]!, value);
      return;
    case 2:
      if (d === 15) c.nextPc = value & ~1;
      else c.r[d] = value;
      return;
    default:
      if (hw & 0x80) c.r[14] = (c.pc + 2) | 1; // BLX: the return address, in Thumb state
      c.branchExchange(value);
  }
};

/** Format 6: LDR Rd, [PC, #imm8 * 4] from the word-aligned pc + 4. */
const loadLiteral: ThumbOp = (c, hw) => {
  c.r[(hw >>> 8) & 7] = c.read32(((c.r[15]! & ~3) + (hw & 0xff) * 4) | 0, !c.privileged);
};

/** Formats 7 and 8: loads and stores with a register offset. */
const registerOffset: ThumbOp = (c, hw) => {
  const d = hw & 7;
  const address = (c.r[(hw >>> 3) & 7]! + c.r[(hw >>> 6) & 7]!) | 0;
  transfer(c, (hw >>> 9) & 7, d, address);
};

/** Loads and stores by kind: 0 STR 1 STRH 2 STRB 3 LDRSB 4 LDR 5 LDRH 6 LDRB 7 LDRSH. */
function transfer(c: Arm926Core, kind: number, d: number, address: number): void {
  const user = !c.privileged;
  switch (kind) {
    case 0: wordStore(c, address, c.r[d]!); return;
    case 1: halfwordAligned(c, address); c.write16(address, c.r[d]!, user); return;
    case 2: c.write8(address, c.r[d]!, user); return;
    case 3: c.r[d] = (c.read8(address, user) << 24) >> 24; return;
    case 4: c.r[d] = loadWordRotated(c, address, user); return;
    case 5: halfwordAligned(c, address); c.r[d] = c.read16(address, user); return;
    case 6: c.r[d] = c.read8(address, user); return;
    default: halfwordAligned(c, address); c.r[d] = (c.read16(address, user) << 16) >> 16;
  }
}

/** Format 9: LDR/STR/LDRB/STRB Rd, [Rn, #imm5 (x4 for words)]. */
const immediateOffset: ThumbOp = (c, hw) => {
  const byte = (hw & 0x1000) !== 0;
  const load = (hw & 0x800) !== 0;
  const address = (c.r[(hw >>> 3) & 7]! + ((hw >>> 6) & 31) * (byte ? 1 : 4)) | 0;
  transfer(c, byte ? (load ? 6 : 2) : load ? 4 : 0, hw & 7, address);
};

/** Format 10: LDRH/STRH Rd, [Rn, #imm5 * 2]. */
const halfwordOffset: ThumbOp = (c, hw) => {
  transfer(c, hw & 0x800 ? 5 : 1, hw & 7, (c.r[(hw >>> 3) & 7]! + ((hw >>> 6) & 31) * 2) | 0);
};

/** Format 11: LDR/STR Rd, [SP, #imm8 * 4]. */
const stackRelative: ThumbOp = (c, hw) => {
  transfer(c, hw & 0x800 ? 4 : 0, (hw >>> 8) & 7, (c.r[13]! + (hw & 0xff) * 4) | 0);
};

/** Format 12: ADD Rd, PC or SP, #imm8 * 4 (the pc word-aligned). */
const loadAddress: ThumbOp = (c, hw) => {
  const base = hw & 0x800 ? c.r[13]! : c.r[15]! & ~3;
  c.r[(hw >>> 8) & 7] = (base + (hw & 0xff) * 4) | 0;
};

/** Format 13: ADD/SUB SP, #imm7 * 4. */
const adjustStack: ThumbOp = (c, hw) => {
  const offset = (hw & 0x7f) * 4;
  c.r[13] = (hw & 0x80 ? c.r[13]! - offset : c.r[13]! + offset) | 0;
};

/**
 * Formats 14 and 15: PUSH, POP, LDMIA, STMIA run as the ARM block transfer they are
 * (STMDB SP!, LDMIA SP!, LDMIA/STMIA Rn!): the same address, writeback, base-in-list and
 * empty-list rules, and POP {pc} interworks as LDM does on ARMv5.
 */
const pushPop: ThumbOp = (c, hw) => {
  const list = (hw & 0xff) | (hw & 0x100 ? (hw & 0x800 ? 0x8000 : 0x4000) : 0);
  blockTransfer(c, hw & 0x800 ? 0xe8bd0000 | list : 0xe92d0000 | list);
};

const multiple: ThumbOp = (c, hw) => {
  blockTransfer(c, (hw & 0x800 ? 0xe8b00000 : 0xe8a00000) | (((hw >>> 8) & 7) << 16) | (hw & 0xff));
};

/** (The core has checked the condition.) */
const conditionalBranch: ThumbOp = (c, hw) => {
  c.nextPc = (c.r[15]! + (((hw << 24) >> 24) << 1)) | 0;
};

const softwareInterrupt: ThumbOp = (c, hw) => {
  if ((hw & 0xff) === SEMIHOSTING_THUMB_SWI && c.privileged) semihostingCall(c);
  else c.softwareInterrupt(hw & 0xff);
};

const branch: ThumbOp = (c, hw) => {
  c.nextPc = (c.r[15]! + (((hw << 21) >> 21) << 1)) | 0;
};

/** BL/BLX prefix: LR = PC + 4 + (signed offset << 12). */
const branchLinkPrefix: ThumbOp = (c, hw) => {
  c.r[14] = (c.r[15]! + (((hw << 21) >> 21) << 12)) | 0;
};

/** BL suffix: branch to LR + offset * 2 in Thumb state; BLX suffix: to ARM state, word-aligned. */
const branchLinkSuffix: ThumbOp = (c, hw) => {
  const exchange = (hw & 0x1000) === 0;
  if (exchange && hw & 1) {
    c.undefinedInstruction();
    return;
  }
  const target = (c.r[14]! + (hw & 0x7ff) * 2) | 0;
  c.r[14] = (c.pc + 2) | 1;
  if (exchange) c.branchExchange(target & ~3);
  else c.nextPc = target & ~1;
};

const breakpoint: ThumbOp = (c) => c.breakpoint();
const undefinedThumb: ThumbOp = (c) => c.undefinedInstruction();

function decodeThumb(hw: number): ThumbOp {
  switch (hw >>> 12) {
    case 0: return shiftByImmediate;
    case 1: return hw & 0x800 ? addSubtract : shiftByImmediate;
    case 2: case 3: return immediate8;
    case 4:
      if (hw & 0x800) return loadLiteral;
      return hw & 0x400 ? highRegisters : dataProcessing;
    case 5: return registerOffset;
    case 6: case 7: return immediateOffset;
    case 8: return halfwordOffset;
    case 9: return stackRelative;
    case 10: return loadAddress;
    case 11:
      if ((hw & 0xf00) === 0x000) return adjustStack;
      if ((hw & 0x600) === 0x400) return pushPop;
      if ((hw & 0xf00) === 0xe00) return breakpoint;
      return undefinedThumb; // ARMv6 and later: CPS, REV, SXTH, ...
    case 12: return multiple;
    case 13:
      if ((hw & 0xf00) === 0xf00) return softwareInterrupt;
      return (hw & 0xf00) === 0xe00 ? undefinedThumb : conditionalBranch;
    case 14: return hw & 0x800 ? branchLinkSuffix : branch;
    default: return hw & 0x800 ? branchLinkSuffix : branchLinkPrefix;
  }
}

/** Decoded op of every halfword, filled on first use. */
const ops: Array<ThumbOp | undefined> = new Array<ThumbOp | undefined>(0x10000);

export function lookupThumbOp(hw: number): ThumbOp {
  return (ops[hw] ??= decodeThumb(hw));
}
