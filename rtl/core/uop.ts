// The micro-operation: what Decode hands to Execute, one per cycle. Most instructions are one uop;
// LDM/STM, LDRD/STRD, SWP and long multiply-accumulates are sequences. The field list is declared
// once here; Decode's output wires and Execute's pipeline registers are both made from it, so a
// field has the same name in every stage of the waveform.
import { fixedRecord, RecordDriver, type Module, type Reg, type Signal } from '../hdl/index.ts';

export const K_NOP = 0;
export const K_ALU = 1; // data processing (and PLD, which does nothing on this core)
export const K_MEM = 2; // one load or store: LDR/STR family, one transfer of LDM/STM/LDRD/STRD/SWP
export const K_BRANCH = 3; // B, BL, BLX <label>, Thumb BL suffix: target = pc+8 (Thumb: +4) or A + offset
export const K_BX = 4; // BX, BLX (register): target = Rm
export const K_MUL = 5; // MUL, MLA, UMULL, UMLAL, SMULL, SMLAL
export const K_MRS = 6;
export const K_MSR = 7;
export const K_EXC = 8; // SWI, undefined, prefetch abort, BKPT: take the exception in `exc`
export const K_CLZ = 9;
export const K_QARITH = 10; // QADD, QSUB, QDADD, QDSUB
export const K_MCR = 11; // MCR p15 (and c7 wait-for-interrupt)
export const K_MRC = 12; // MRC p15
export const K_ACCHI = 13; // first uop of a long multiply-accumulate: latch RdHi
export const K_DSPMUL = 15; // SMULxy, SMLAxy, SMULWy, SMLAWy, SMLALxy
export const KIND_NAMES = ['nop', 'alu', 'mem', 'branch', 'bx', 'mul', 'mrs', 'msr', 'exc', 'clz', 'qarith', 'mcr', 'mrc', 'acchi', '-', 'dspmul'];

/** Operand A sources. */
export const A_REG = 0;
export const A_PC8 = 1; // the instruction's address + 8 (Thumb: + 4), the branch base
export const A_ZERO = 2;
export const A_LATCH = 3; // the previous uop's memory address (sequences step through memory)

/** abt_restore values. */
export const RESTORE_NONE = 0;
export const RESTORE_A = 1;
export const RESTORE_B = 2;
export const RESTORE_C = 3;

/** Base writeback sources. */
export const WB_ALU = 0; // the ALU result (LDR/STR with writeback)
export const WB_BASE_IMM2 = 1; // the sequence's base + imm2 (LDM/STM: base +/- 4n)
export const WB_FIRST_ALU = 2; // the ALU result of the sequence's first uop (LDRD/STRD)

/** Uop fields: name, width. Register numbers are physical (0..29, see arm.ts). */
export const UOP_FIELDS = [
  ['valid', 1],
  ['pc', 32], // address of the instruction
  ['instr', 32], // the instruction word (retirement, disassembly)
  ['first', 1], // first uop of its instruction: an interrupt may be taken before it
  ['thumb', 1], // from a Thumb instruction: pc reads + 4, links (pc + 2) | 1, SWI/undefined return + 2
  ['xchg', 1], // K_BRANCH changes state (BLX <label> to Thumb, Thumb BLX suffix to ARM)
  ['last', 1], // last uop: the instruction retires with it
  ['kind', 4],
  ['cond', 4],
  ['alu_op', 4], // data-processing opcode (AND..MVN); memory uops use ADD (4) or SUB (2)
  ['set_flags', 1],
  ['a_sel', 2],
  ['b_imm', 1], // operand B is `imm` (else register B through the shifter)
  ['imm', 32],
  ['imm_rot', 1], // `imm` came from a rotated immediate: shifter carry-out is imm bit 31
  ['shift_type', 2], // LSL, LSR, ASR, ROR (ROR #0 = RRX)
  ['shift_reg', 1], // shift amount from register C
  ['shift_imm', 5],
  ['ra', 5], ['ra_en', 1], ['ra_pc', 1], // read port A (Rn), or the PC
  ['rb', 5], ['rb_en', 1], ['rb_pc', 1], // read port B (Rm)
  ['rc', 5], ['rc_en', 1], ['rc_pc', 1], // read port C (Rs, store data, accumulator)
  ['pc12', 1], // a pc read on port C gives pc+12 (STR/STM of pc, shift amount), on A and B only with shift_reg
  ['rd', 5], ['rd_en', 1], ['rd_pc', 1], // write port 0 (result, loaded data, link)
  ['rd2', 5], ['rd2_en', 1], // write port 1 (base writeback, high word of a long multiply)
  ['mem_load', 1],
  ['mem_size', 2], // 0 byte, 1 halfword, 2 word
  ['mem_signed', 1],
  ['mem_user', 1], // LDRT/STRT: user-mode permissions
  ['mem_post', 1], // post-indexed: address is operand A, not the ALU result
  ['mem_align', 1], // the access ignores address bits 1:0 (LDM/STM, LDRD/STRD): no rotation
  ['wb_src', 2], // base writeback value: WB_ALU, WB_BASE_IMM2 (LDM/STM), WB_FIRST_ALU (LDRD/STRD)
  ['imm2', 32],
  ['latch_data', 1], // Execute keeps operand C (SWP's store data)
  ['use_latch', 1], // store data comes from the latched C
  // A register a later data abort in this sequence must give back its old value (base restored
  // abort model): 0 none, 1 the register read on port A (an LDM's base in its own list), 2 the one
  // on port B (SWP's destination, written by the load before the store may abort), 3 the one on
  // port C (LDRD's first destination, written before the second word may abort). First uop only.
  ['abt_restore', 2],
  ['psr_spsr', 1], // MRS/MSR: SPSR rather than CPSR
  ['psr_mask', 4], // MSR field mask (c, x, s, f)
  ['exc', 3], // exception for K_EXC (arm.ts EXC_*)
  ['fetch_abort', 1], // K_EXC prefetch abort from a faulting fetch (imm = its FSR), not BKPT
  ['mul_long', 1], ['mul_signed', 1], ['mul_acc', 1],
  ['dsp_op', 3], ['dsp_x', 1], ['dsp_y', 1], // DSP multiply: 0 SMLAxy 1 SMLAWy/SMULWy 2 SMLALxy 3 SMULxy
  ['q_op', 2], // QADD, QSUB, QDADD, QDSUB
  ['ldm_psr', 1], // LDM ^ with pc: CPSR <- SPSR when the pc is written
  ['cp_reg', 12], // MCR/MRC p15: CRn(11..8) CRm(7..4) opcode2(2..0)
  ['e_cycles', 3], // cycles this uop occupies Execute beyond the first (timing table)
  ['lat', 2], // result latency: distance in stages a consumer must trail (timing table)
  ['c_late', 1], // operand C may not take a load result by forwarding (store data, MLA accumulate)
] as const satisfies ReadonlyArray<readonly [string, number]>;

export type UopField = (typeof UOP_FIELDS)[number][0];
export type UopValues = Record<UopField, number>;
export type UopWires = Record<UopField, Signal>;
export type UopRegs = Record<UopField, Reg>;

const FIELD_NAMES: readonly UopField[] = UOP_FIELDS.map(([n]) => n);
const FIELD_WIDTHS: readonly number[] = UOP_FIELDS.map(([, w]) => w);

// Records of the uop fields are built as object literals (fixedRecord), never by keyed stores:
// with 60 fields the latter leaves them in V8's dictionary mode, slow to read every cycle.
export function newUopValues(): UopValues {
  return fixedRecord(FIELD_NAMES, () => 0);
}

// Field-by-field code for the per-cycle operations, generated once: straight-line property
// accesses the JIT keeps monomorphic, where a loop over field names would be a dictionary lookup each.
const clearBody = FIELD_NAMES.map((f) => `v.${f} = 0;`).join('\n');
const clearFn = new Function('v', clearBody) as (v: UopValues) => void;

export function clearUop(v: UopValues): void {
  clearFn(v);
}

/** Declare one signal per field on `m`, named `<prefix>_<field>` (or `<field>` without prefix). */
export function declareUopWires(m: Module, prefix: string): UopWires {
  return fixedRecord(FIELD_NAMES, (name, k) => m.wire(prefix ? `${prefix}_${name}` : name, FIELD_WIDTHS[k]!));
}

export function declareUopRegs(m: Module, prefix: string): UopRegs {
  return fixedRecord(FIELD_NAMES, (name, k) => m.reg(prefix ? `${prefix}_${name}` : name, FIELD_WIDTHS[k]!));
}

/** The fields of a bundle as an array, in declaration order (for BundleCopy). */
export const UOP_FIELD_NAMES = FIELD_NAMES;

export function uopList<T>(bundle: Record<UopField, T>): T[] {
  return FIELD_NAMES.map((f) => bundle[f]);
}

/**
 * Drive a bundle of wires from values (comb), straight into the store (constant slots:
 * rtl/hdl/record-driver.ts). Values must fit their fields: the decoder's contract, which
 * tests/core/decoder.test.ts checks over random words.
 */
export class UopDriver extends RecordDriver<UopField> {
  constructor(wires: UopWires) {
    super(FIELD_NAMES, wires);
  }
}

/** Make the registers a bubble at the next edge (only `valid` matters; the rest keep for the waveform). */
export function bubbleUop(r: UopRegs): void {
  r.valid.next = 0;
}
