// The instruction decoder: ARMv5TE ARM-state word -> one uop per step. Pure combinational logic
// used by the Decode stage; it writes into a caller-owned UopValues (no allocation per cycle) and
// returns true when the step is the instruction's last uop.
//
// Register numbers in the uop are physical (banked by `mode`); reads of r15 are flagged (`*_pc`)
// and served by Decode as the instruction's address + 8 (or + 12, `pc12`).
import { EXC_PABT, EXC_SWI, EXC_UND, MODE_USR, physReg } from './arm.ts';
import { cp15Implemented } from './cp15.ts';
import { extraCycles, TIMING } from './timing.ts';
import {
  A_LATCH, A_PC8, A_REG, A_ZERO, clearUop,
  K_ACCHI, K_ALU, K_BRANCH, K_BX, K_CLZ, K_DSPMUL, K_EXC, K_MCR, K_MEM, K_MRC, K_MRS, K_MSR, K_MUL, K_QARITH,
  RESTORE_A, RESTORE_B, RESTORE_C, WB_ALU, WB_BASE_IMM2, WB_FIRST_ALU, type UopValues,
} from './uop.ts';

const ADD = 4;
const SUB = 2;

function bits(x: number, hi: number, lo: number): number {
  return (x >>> lo) & ((1 << (hi - lo + 1)) - 1);
}

export function readA(u: UopValues, r: number, mode: number): void {
  if (r === 15) u.ra_pc = 1;
  else {
    u.ra = physReg(r, mode);
    u.ra_en = 1;
  }
}
function readB(u: UopValues, r: number, mode: number): void {
  if (r === 15) u.rb_pc = 1;
  else {
    u.rb = physReg(r, mode);
    u.rb_en = 1;
  }
}
function readC(u: UopValues, r: number, mode: number): void {
  if (r === 15) u.rc_pc = 1;
  else {
    u.rc = physReg(r, mode);
    u.rc_en = 1;
  }
}
function writeD(u: UopValues, r: number, mode: number): void {
  if (r === 15) u.rd_pc = 1;
  else {
    u.rd = physReg(r, mode);
    u.rd_en = 1;
  }
}
function writeD2(u: UopValues, r: number, mode: number): void {
  // Write port 1 never targets the pc: base writeback to r15 is unpredictable and ignored here.
  if (r !== 15) {
    u.rd2 = physReg(r, mode);
    u.rd2_en = 1;
  }
}

/** The undefined-instruction exception, taken only if the condition passes (as QEMU does). */
function undefinedInstr(u: UopValues): boolean {
  u.kind = K_EXC;
  u.exc = EXC_UND;
  return true;
}

/** A branch to the pc (+ 8, Thumb + 4) plus `offset`. */
export function branchImmediate(u: UopValues, offset: number): void {
  u.kind = K_BRANCH;
  u.a_sel = A_PC8;
  u.b_imm = 1;
  u.alu_op = ADD;
  u.imm = offset >>> 0;
}

/** Rotated 8-bit immediate of data processing and MSR. */
function rotatedImm(instr: number, u: UopValues): void {
  const rot = bits(instr, 11, 8) * 2;
  const v = instr & 0xff;
  u.imm = (rot === 0 ? v : ((v >>> rot) | (v << (32 - rot)))) >>> 0;
  u.imm_rot = rot === 0 ? 0 : 1;
  u.b_imm = 1;
}

function dataProcessing(instr: number, mode: number, u: UopValues): boolean {
  const op = bits(instr, 24, 21);
  const s = bits(instr, 20, 20);
  const rn = bits(instr, 19, 16);
  const rd = bits(instr, 15, 12);
  u.kind = K_ALU;
  u.alu_op = op;
  u.set_flags = s;
  const isMove = op === 0xd || op === 0xf;
  const isTest = op >= 0x8 && op <= 0xb;
  if (!isMove) readA(u, rn, mode);
  else u.a_sel = A_ZERO;
  if (bits(instr, 25, 25)) rotatedImm(instr, u);
  else {
    readB(u, instr & 15, mode);
    u.shift_type = bits(instr, 6, 5);
    if (bits(instr, 4, 4)) {
      u.shift_reg = 1;
      u.pc12 = 1;
      readC(u, bits(instr, 11, 8), mode);
      u.e_cycles = extraCycles('dataOpRegShift');
    } else u.shift_imm = bits(instr, 11, 7);
  }
  if (!isTest) writeD(u, rd, mode);
  u.lat = TIMING.dataOp.latency;
  if (rd === 15 && !isTest) {
    // Writing the pc: Execute holds the extra cycles of the class before it redirects.
    const shifted = !bits(instr, 25, 25) && !bits(instr, 4, 4) && bits(instr, 11, 5) !== 0;
    const cls = u.shift_reg ? 'dataOpRegShiftWritesPc' : shifted ? 'dataOpShiftedWritesPc' : LOGICAL_OUTPUT[op] ? 'dataOpLogicalWritesPc' : 'dataOpWritesPc';
    u.e_cycles = TIMING[cls].cycles - TIMING.dataOpWritesPc.cycles;
  }
  return true;
}

/** Opcodes whose result comes from the logic unit (ARM9EJ-S TRM table 8.2 lists RSC among them). */
const LOGICAL_OUTPUT = [1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1];

function singleTransfer(instr: number, mode: number, u: UopValues): boolean {
  const p = bits(instr, 24, 24);
  const up = bits(instr, 23, 23);
  const byte = bits(instr, 22, 22);
  const w = bits(instr, 21, 21);
  const load = bits(instr, 20, 20);
  const rn = bits(instr, 19, 16);
  const rd = bits(instr, 15, 12);
  u.kind = K_MEM;
  u.alu_op = up ? ADD : SUB;
  readA(u, rn, mode);
  if (bits(instr, 25, 25)) {
    readB(u, instr & 15, mode);
    u.shift_type = bits(instr, 6, 5);
    u.shift_imm = bits(instr, 11, 7);
  } else {
    u.b_imm = 1;
    u.imm = instr & 0xfff;
  }
  u.mem_post = p ? 0 : 1;
  u.mem_user = !p && w ? 1 : 0;
  u.mem_size = byte ? 0 : 2;
  u.mem_load = load;
  if (!p || w) {
    writeD2(u, rn, mode);
    u.wb_src = WB_ALU;
  }
  if (load) {
    writeD(u, rd, mode);
    u.lat = byte ? TIMING.ldrByteHalf.latency : TIMING.ldrWord.latency;
  } else {
    readC(u, rd, mode);
    u.pc12 = 1;
    u.c_late = 1;
  }
  return true;
}

function extraTransfer(instr: number, step: number, mode: number, u: UopValues): boolean {
  const p = bits(instr, 24, 24);
  const up = bits(instr, 23, 23);
  const immForm = bits(instr, 22, 22);
  const w = bits(instr, 21, 21);
  const load = bits(instr, 20, 20);
  const rn = bits(instr, 19, 16);
  const rd = bits(instr, 15, 12);
  const sh = bits(instr, 6, 5);
  const double = !load && sh >= 2; // LDRD (10) and STRD (11) have L=0
  // Post-indexed with W set: UNPREDICTABLE on ARMv5. As QEMU does (ARMv6T2's LDRHT family), the
  // halfword and signed-byte forms access memory with User permissions; LDRD/STRD are undefined.
  if (!p && w && double) return undefinedInstr(u);
  u.kind = K_MEM;
  if (!double) {
    u.mem_user = !p && w ? 1 : 0;
    u.alu_op = up ? ADD : SUB;
    readA(u, rn, mode);
    if (immForm) {
      u.b_imm = 1;
      u.imm = (bits(instr, 11, 8) << 4) | (instr & 15);
    } else readB(u, instr & 15, mode);
    u.mem_post = p ? 0 : 1;
    if (!p || w) {
      writeD2(u, rn, mode);
      u.wb_src = WB_ALU;
    }
    u.mem_size = sh === 2 ? 0 : 1;
    u.mem_signed = sh >= 2 ? 1 : 0;
    u.mem_load = load;
    if (load) {
      writeD(u, rd, mode);
      u.lat = TIMING.ldrByteHalf.latency;
    } else {
      readC(u, rd, mode);
      u.pc12 = 1;
      u.c_late = 1;
    }
    return true;
  }
  // LDRD/STRD: an odd Rd is undefined (as QEMU). Rd = r14 (UNPREDICTABLE) transfers r14 and the
  // pc, as QEMU and the reference model do: LDRD loads the pc as LDR does, STRD stores pc + 12.
  if ((rd & 1) !== 0) return undefinedInstr(u);
  const isLoad = sh === 2;
  u.mem_size = 2;
  u.mem_align = 1;
  u.mem_load = isLoad ? 1 : 0;
  u.lat = isLoad ? TIMING.ldrdStrd.latency : 0;
  const reg = rd + step;
  if (step === 0) {
    u.alu_op = up ? ADD : SUB;
    readA(u, rn, mode);
    if (immForm) {
      u.b_imm = 1;
      u.imm = (bits(instr, 11, 8) << 4) | (instr & 15);
    } else readB(u, instr & 15, mode);
    u.mem_post = p ? 0 : 1;
    // If the second word aborts, the register the first word loaded gets its old value back (a
    // faulting load writes no register): the base when it is Rd, else Rd, read on port C for it.
    if (isLoad && rn === rd) u.abt_restore = RESTORE_A;
    else if (isLoad) {
      readC(u, rd, mode);
      u.abt_restore = RESTORE_C;
    }
  } else {
    u.alu_op = ADD;
    u.a_sel = A_LATCH;
    u.b_imm = 1;
    u.imm = 4;
    // LDRD writing back to a register it loads (UNPREDICTABLE): the loaded value wins, as for LDM.
    if ((!p || w) && !(isLoad && (rn === rd || rn === rd + 1))) {
      writeD2(u, rn, mode);
      u.wb_src = WB_FIRST_ALU;
    }
  }
  if (isLoad) writeD(u, reg, mode);
  else {
    readC(u, reg, mode);
    if (reg === 15) u.pc12 = 1;
    u.c_late = 1;
  }
  return step === 1;
}

function blockTransfer(instr: number, step: number, mode: number, u: UopValues): boolean {
  const p = bits(instr, 24, 24);
  const up = bits(instr, 23, 23);
  const sBit = bits(instr, 22, 22);
  const w = bits(instr, 21, 21);
  const load = bits(instr, 20, 20);
  const rn = bits(instr, 19, 16);
  let list = instr & 0xffff;
  // An empty list transfers the pc and moves the base by 0x40, as ARM7/ARM9 cores do (ARM ARM:
  // unpredictable; QEMU treats it as undefined, so it stays out of QEMU comparisons).
  const empty = list === 0;
  if (empty) list = 0x8000;
  const count = empty ? 16 : popcount(list);
  const regsInList = popcount(list);
  const reg = nthSetBit(list, step);
  const pcInList = (list & 0x8000) !== 0;
  const userBank = sBit === 1 && !(load && pcInList);
  const bankMode = userBank ? MODE_USR : mode;
  // With the base in the list (UNPREDICTABLE with writeback) the loaded value wins, as on ARM9
  // cores, QEMU and the reference model: the writeback is dropped, whichever uop loads the base.
  // Should a later word abort, the base gets its old value back (base restored abort model).
  const baseLoaded = load === 1 && baseInList(list, rn, mode, bankMode);
  u.kind = K_MEM;
  u.mem_size = 2;
  u.mem_align = 1;
  u.mem_load = load;
  u.alu_op = ADD;
  u.b_imm = 1;
  if (step === 0) {
    readA(u, rn, mode);
    if (baseLoaded && regsInList > 1) u.abt_restore = RESTORE_A;
    // Lowest address of the block: IA base, IB base+4, DA base-4n+4, DB base-4n.
    const start = up ? (p ? 4 : 0) : p ? -4 * count : -4 * count + 4;
    u.imm = start >>> 0;
  } else {
    u.a_sel = A_LATCH;
    u.imm = 4;
  }
  const last = step === regsInList - 1;
  if (last && w && !baseLoaded) {
    writeD2(u, rn, mode);
    u.wb_src = WB_BASE_IMM2;
    u.imm2 = (up ? 4 * count : -4 * count) >>> 0;
  }
  if (load) {
    writeD(u, reg, bankMode);
    if (reg === 15 && sBit) u.ldm_psr = 1;
    u.lat = TIMING.ldmPerRegister.latency;
  } else {
    readC(u, reg, bankMode);
    u.pc12 = 1;
    u.c_late = 1;
  }
  // One register still takes two cycles.
  if (regsInList === 1) u.e_cycles = 1;
  return last;
}

/** True when a register of `list` (banked for `bankMode`) is the base `rn` (banked for `mode`). */
function baseInList(list: number, rn: number, mode: number, bankMode: number): boolean {
  if (rn === 15 || (list & (1 << rn)) === 0) return false;
  return physReg(rn, bankMode) === physReg(rn, mode);
}

function nthSetBit(x: number, n: number): number {
  let seen = 0;
  for (let r = 0; r < 16; r++) {
    if (x & (1 << r)) {
      if (seen === n) return r;
      seen++;
    }
  }
  return 15;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

function multiply(instr: number, step: number, mode: number, u: UopValues): boolean {
  const long = bits(instr, 23, 23);
  const signed = bits(instr, 22, 22);
  const acc = bits(instr, 21, 21);
  const s = bits(instr, 20, 20);
  const rdHi = bits(instr, 19, 16); // Rd for MUL/MLA
  const rdLo = bits(instr, 15, 12); // Rn (accumulator) for MLA
  const rs = bits(instr, 11, 8);
  const rm = instr & 15;
  if (long && acc && step === 0) {
    u.kind = K_ACCHI;
    readC(u, rdHi, mode);
    return false;
  }
  u.kind = K_MUL;
  u.mul_long = long;
  u.mul_signed = signed;
  u.mul_acc = acc;
  u.set_flags = s;
  readA(u, rm, mode);
  readB(u, rs, mode);
  u.lat = TIMING.mul.latency;
  if (long) {
    if (acc) readC(u, rdLo, mode);
    // RdLo = RdHi (UNPREDICTABLE): the high word wins, as in the reference model and QEMU.
    if (rdLo !== rdHi) writeD(u, rdLo, mode);
    writeD2(u, rdHi, mode);
    const total = s ? TIMING.mulLongS.cycles : TIMING.mulLong.cycles;
    u.e_cycles = total - 1 - (acc ? 1 : 0);
  } else {
    if (acc) {
      readC(u, rdLo, mode);
      u.c_late = 1;
    }
    writeD(u, rdHi, mode);
    u.e_cycles = (s ? TIMING.mulS.cycles : TIMING.mul.cycles) - 1;
  }
  return true;
}

function swap(instr: number, step: number, mode: number, u: UopValues): boolean {
  const byte = bits(instr, 22, 22);
  const rn = bits(instr, 19, 16);
  const rd = bits(instr, 15, 12);
  const rm = instr & 15;
  u.kind = K_MEM;
  u.mem_size = byte ? 0 : 2;
  u.alu_op = ADD;
  u.b_imm = 1;
  u.imm = 0;
  if (step === 0) {
    readA(u, rn, mode);
    readC(u, rm, mode);
    // Rd's old value, given back should the store abort after the load has written Rd.
    readB(u, rd, mode);
    u.abt_restore = RESTORE_B;
    u.latch_data = 1;
    u.mem_load = 1;
    // SWP with Rd = r15 (UNPREDICTABLE): the loaded value is discarded, as the reference model does.
    if (rd !== 15) writeD(u, rd, mode);
    u.lat = TIMING.swp.latency;
    return false;
  }
  u.a_sel = A_LATCH;
  u.use_latch = 1;
  return true;
}

function miscellaneous(instr: number, step: number, mode: number, u: UopValues): boolean {
  const op = bits(instr, 22, 21);
  const low = bits(instr, 7, 4);
  if (bits(instr, 7, 7) === 1 && bits(instr, 4, 4) === 0) return dspMultiply(instr, step, mode, u);
  switch (low) {
    case 0x0:
      if ((op & 1) === 0) {
        u.kind = K_MRS;
        u.psr_spsr = op >> 1;
        writeD(u, bits(instr, 15, 12), mode);
        u.lat = TIMING.mrs.latency;
      } else {
        u.kind = K_MSR;
        u.psr_spsr = op >> 1;
        u.psr_mask = bits(instr, 19, 16);
        readB(u, instr & 15, mode);
      }
      return true;
    case 0x1:
    case 0x2: // BXJ: BX on this core (trivial Jazelle, as the reference model)
      if (op === 1) {
        u.kind = K_BX;
        readB(u, instr & 15, mode);
        return true;
      }
      if (low === 0x2) return undefinedInstr(u);
      if (op === 3) {
        u.kind = K_CLZ;
        readB(u, instr & 15, mode);
        writeD(u, bits(instr, 15, 12), mode);
        u.lat = TIMING.clz.latency;
        return true;
      }
      return undefinedInstr(u);
    case 0x3:
      if (op === 1) {
        u.kind = K_BX;
        readB(u, instr & 15, mode);
        writeD(u, 14, mode);
        return true;
      }
      return undefinedInstr(u);
    case 0x5:
      u.kind = K_QARITH;
      u.q_op = op;
      readA(u, bits(instr, 19, 16), mode);
      readB(u, instr & 15, mode);
      writeD(u, bits(instr, 15, 12), mode);
      u.lat = TIMING.qArith.latency;
      return true;
    case 0x7:
      if (op === 1) {
        u.kind = K_EXC;
        u.exc = EXC_PABT; // BKPT: a prefetch abort on ARMv5 (a condition other than AL is
        // UNPREDICTABLE; it is honoured, as by the reference model and QEMU)
        return true;
      }
      return undefinedInstr(u);
    default:
      return undefinedInstr(u);
  }
}

function dspMultiply(instr: number, step: number, mode: number, u: UopValues): boolean {
  const op = bits(instr, 22, 21);
  const rd = bits(instr, 19, 16);
  const rn = bits(instr, 15, 12);
  const rs = bits(instr, 11, 8);
  const rm = instr & 15;
  if (op === 2 && step === 0) {
    u.kind = K_ACCHI;
    readC(u, rd, mode); // RdHi
    return false;
  }
  u.kind = K_DSPMUL;
  u.dsp_op = op === 0 ? 0 : op === 1 ? 1 : op === 2 ? 2 : 3;
  u.dsp_x = bits(instr, 5, 5);
  u.dsp_y = bits(instr, 6, 6);
  readA(u, rm, mode);
  readB(u, rs, mode);
  u.lat = TIMING.dspMul.latency;
  if (op === 0 || (op === 1 && u.dsp_x === 0)) {
    readC(u, rn, mode); // accumulate (SMLAxy, SMLAWy)
    u.c_late = 1;
    u.mul_acc = 1;
  }
  if (op === 2) {
    readC(u, rn, mode); // RdLo
    if (rn !== rd) writeD(u, rn, mode); // RdLo = RdHi: the high word wins, as for SMLAL
    writeD2(u, rd, mode);
    u.mul_acc = 1;
  } else writeD(u, rd, mode);
  return true;
}

function coprocessor(instr: number, mode: number, u: UopValues): boolean {
  const cp = bits(instr, 11, 8);
  if (cp !== 15 || bits(instr, 4, 4) === 0 || mode === MODE_USR) return undefinedInstr(u);
  u.cp_reg = (bits(instr, 19, 16) << 8) | (bits(instr, 3, 0) << 4) | bits(instr, 7, 5);
  if (bits(instr, 23, 21) !== 0) return undefinedInstr(u); // opcode1 must be 0 on the ARM926
  if (!cp15Implemented(bits(instr, 19, 16), bits(instr, 3, 0), bits(instr, 7, 5), bits(instr, 20, 20) === 1)) return undefinedInstr(u);
  if (bits(instr, 20, 20)) {
    u.kind = K_MRC;
    const rd = bits(instr, 15, 12);
    if (rd !== 15) writeD(u, rd, mode);
    else u.set_flags = 1; // MRC to r15: bits 31..28 of the value become NZCV (test-and-clean loops)
    u.lat = TIMING.mrc.latency;
  } else {
    u.kind = K_MCR;
    readC(u, bits(instr, 15, 12), mode);
  }
  return true;
}

/**
 * Decode step `step` of `instr` (at any address) for `mode` into `u`. Returns true for the last uop.
 * `prefetchAbort` marks an instruction whose fetch faulted: it becomes a prefetch-abort uop.
 */
export function decodeStep(instr: number, step: number, mode: number, prefetchAbort: boolean, u: UopValues): boolean {
  clearUop(u);
  u.cond = instr >>> 28;
  if (prefetchAbort) {
    u.kind = K_EXC;
    u.exc = EXC_PABT;
    u.fetch_abort = 1;
    u.cond = 0xe;
    return true;
  }
  if (u.cond === 0xf) {
    u.cond = 0xe;
    // PLD: a hint; nothing to do on this core.
    if ((instr & 0x0d70f000) === 0x0550f000) {
      u.kind = K_ALU;
      u.alu_op = 0xd;
      u.a_sel = A_ZERO;
      u.b_imm = 1;
      return true;
    }
    if (bits(instr, 27, 25) === 5) {
      // BLX <label>: to Thumb state, the H bit giving the halfword.
      branchImmediate(u, (((instr << 8) >> 6) | (bits(instr, 24, 24) << 1)) >>> 0);
      writeD(u, 14, mode);
      u.xchg = 1;
      return true;
    }
    return undefinedInstr(u);
  }
  u.a_sel = A_REG;
  switch (bits(instr, 27, 25)) {
    case 0: {
      if (bits(instr, 7, 7) === 1 && bits(instr, 4, 4) === 1) {
        if (bits(instr, 6, 5) === 0) {
          // MUL/MLA (bits 23:22 = 00) and the long multiplies (1x); 01 is the ARMv6 UMAAL/MLS
          // space, unallocated on ARMv5TE: undefined.
          if (bits(instr, 27, 24) === 0 && bits(instr, 23, 22) !== 1) return multiply(instr, step, mode, u);
          if (bits(instr, 27, 23) === 2 && bits(instr, 21, 20) === 0 && bits(instr, 11, 8) === 0) return swap(instr, step, mode, u);
          return undefinedInstr(u);
        }
        return extraTransfer(instr, step, mode, u);
      }
      if (bits(instr, 24, 23) === 2 && bits(instr, 20, 20) === 0) return miscellaneous(instr, step, mode, u);
      return dataProcessing(instr, mode, u);
    }
    case 1: {
      if (bits(instr, 24, 23) === 2 && bits(instr, 20, 20) === 0) {
        if (bits(instr, 21, 21) === 0) return undefinedInstr(u);
        u.kind = K_MSR;
        u.psr_spsr = bits(instr, 22, 22);
        u.psr_mask = bits(instr, 19, 16);
        rotatedImm(instr, u);
        return true;
      }
      return dataProcessing(instr, mode, u);
    }
    case 2:
      return singleTransfer(instr, mode, u);
    case 3:
      if (bits(instr, 4, 4)) return undefinedInstr(u);
      return singleTransfer(instr, mode, u);
    case 4:
      return blockTransfer(instr, step, mode, u);
    case 5: {
      branchImmediate(u, ((instr << 8) >> 6) >>> 0);
      if (bits(instr, 24, 24)) writeD(u, 14, mode);
      return true;
    }
    case 6:
      return undefinedInstr(u); // LDC/STC: no coprocessor but CP15, which has none
    default:
      if (bits(instr, 24, 24)) {
        u.kind = K_EXC;
        u.exc = EXC_SWI;
        return true;
      }
      return coprocessor(instr, mode, u);
  }
}
