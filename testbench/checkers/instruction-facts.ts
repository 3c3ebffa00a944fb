// What the provenance tracker needs to know about an instruction from its encoding alone (ARM, or
// Thumb's halfword in Thumb state): its data-processing fields, which flags it writes and how C is
// made, whether it reads or writes the pc, which registers form a load or store's address, which
// bytes an access touches, and how MRC/MCR name a CP15 register. No labels here: provenance.ts
// decides what moves where from these facts.
import { K_DSPMUL, K_MUL, K_QARITH } from '../../rtl/core/uop.ts';

// Data-processing fields of an ARM instruction.
export const OP_AND = 0;
export const OP_EOR = 1;
export const IMMEDIATE_OPERAND = -1;
export const NO_OPERAND = -2;
export const OP_ADC = 5;
export const OP_SBC = 6;
export const OP_RSC = 7;
export const OP_TST = 8;
export const OP_ORR = 12;
export const OP_MOV = 13;
export const OP_BIC = 14;
export const opcodeOf = (i: number): number => (i >>> 21) & 15;
export const sBit = (i: number): boolean => ((i >>> 20) & 1) !== 0;
export const isImmediate = (i: number): boolean => ((i >>> 25) & 1) !== 0;
/** Operand 2 is RRX: a register shifted by ROR #0. */
export const isRrx = (i: number): boolean => !isImmediate(i) && ((i >>> 4) & 0xff) === 0x06;
/** EOR Rd, Rn, #imm or EOR Rd, Rn, Rm <shift by an immediate>: Rn ^ a constant, or Rn ^ shifted Rm. */
export const isLinearEor = (i: number): boolean => opcodeOf(i) === OP_EOR && (isImmediate(i) || eorShift(i) !== null);
/** Thumb data-processing EOR (format 4: 0100 0000 01 Rm Rd), the halfword in wb_instr in Thumb state. */
export const THUMB_EOR = 0x4040;
/** Thumb MOV with a high register (format 5: 0100 0110 H1 H2 Rm Rd). */
export const THUMB_HI_MOV = 0x4600;

/** QADD/QSUB/QDADD/QDSUB, SMLAxy (op 00) and SMLAWy (op 01, bit 5 clear): the uops that may set the sticky Q flag. */
export function setsQ(kind: number, instr: number, thumb: boolean): boolean {
  if (kind === K_QARITH) return true;
  if (kind !== K_DSPMUL || thumb) return false;
  const op = (instr >>> 21) & 3;
  return op === 0 || (op === 1 && ((instr >>> 5) & 1) === 0);
}

/** Thumb format 5 (ADD, CMP, MOV with a high register): its Rd and Rm (0..15), or null. */
export function thumbHiOp(i: number): { op: number; rd: number; rm: number } | null {
  if ((i & 0xfc00) !== 0x4400) return null;
  return { op: (i >>> 8) & 3, rd: ((i >>> 4) & 8) | (i & 7), rm: (i >>> 3) & 15 };
}

/** A data-processing uop (K_ALU) that writes the pc: its result is the next pc. */
export function aluWritesPc(i: number, thumb: boolean): boolean {
  if (thumb) {
    const h = thumbHiOp(i);
    return h !== null && h.op !== 1 && h.rd === 15; // ADD or MOV into pc (not CMP)
  }
  if (i >>> 28 === 0xf) return false; // the unconditional space (PLD, whose Rd field is 15): no data processing
  const op = opcodeOf(i);
  return ((i >>> 12) & 15) === 15 && (op < 8 || op > 11); // not TST, TEQ, CMP, CMN
}

/** A data-processing uop that reads the pc as an operand (ADR, `add rX, pc, ...`, `mov rX, pc`). */
export function aluReadsPc(i: number, thumb: boolean): boolean {
  if (thumb) {
    const h = thumbHiOp(i);
    return (h !== null && (h.rm === 15 || (h.op === 0 && h.rd === 15))) || (i & 0xf800) === 0xa000; // ADD Rd, pc, #imm
  }
  const op = opcodeOf(i);
  const rnRead = op !== 13 && op !== 15 && ((i >>> 16) & 15) === 15; // MOV and MVN have no Rn
  return rnRead || (!isImmediate(i) && (i & 15) === 15);
}

/** A load uop whose destination is the pc (LDR pc, LDM with pc, Thumb POP {pc}). */
export function loadsPc(i: number, thumb: boolean): boolean {
  if (thumb) return (i & 0xff00) === 0xbd00;
  if ((i & 0x0c100000) === 0x04100000) return ((i >>> 12) & 15) === 15;
  return (i & 0x0e108000) === 0x08108000;
}

/** A bit mask moved as a shift by an immediate moves the value's bits ('lsl', 'lsr', 'asr' or 'ror' by 1..32). */
export function shiftedMask(mask: number, type: string, n: number): number {
  if (type === 'lsl') return n >= 32 ? 0 : mask << n;
  if (type === 'lsr') return n >= 32 ? 0 : mask >>> n;
  if (type === 'asr') return mask >> Math.min(n, 31);
  return ((mask >>> n) | (mask << (32 - n))) | 0;
}

/**
 * The shift of an EOR's or MOV's register operand, when it is one XOR commutes with (a shift by an immediate:
 * each result bit one operand bit, or zero): '' for none, else e.g. 'lsl:1'; null for a shift by a
 * register or RRX (which reads the carry).
 */
export function eorShift(i: number): string | null {
  if (((i >>> 4) & 1) !== 0) return null;
  const type = (i >>> 5) & 3;
  const amount = (i >>> 7) & 31;
  if (type === 0) return amount === 0 ? '' : `lsl:${amount}`;
  if (type === 3) return amount === 0 ? null : `ror:${amount}`;
  return `${type === 1 ? 'lsr' : 'asr'}:${amount === 0 ? 32 : amount}`;
}

/** The rotated immediate operand of a data-processing instruction. */
export const immediateOf = (i: number): number => {
  const rot = ((i >>> 8) & 15) * 2;
  const imm = i & 0xff;
  return rot === 0 ? imm : ((imm >>> rot) | (imm << (32 - rot))) >>> 0;
};
/** The tag's count fields (MR0 bits 0-11: u, the untyped words, and t, the typed items): the message's length, not its content. */
export const TAG_COUNT_FIELDS = 0xfff;
/** AND Rd, Rn, #imm keeping no bit outside the tag's count fields. */
export const isTagCountMask = (i: number): boolean => opcodeOf(i) === OP_AND && isImmediate(i) && (immediateOf(i) & ~TAG_COUNT_FIELDS) === 0;
/** TST (or ANDS) of a register with an immediate inside the tag's count fields. */
export const isTagCountTest = (i: number): boolean => (opcodeOf(i) === OP_TST || opcodeOf(i) === OP_AND) && isImmediate(i) && (immediateOf(i) & ~TAG_COUNT_FIELDS) === 0;
/** MOV Rd, Rm, LSL #n with n >= 16: only Rm's bits 15..0 are left. */
export const isTagLowHalf = (i: number): boolean => opcodeOf(i) === OP_MOV && !isImmediate(i) && ((i >>> 4) & 7) === 0 && ((i >>> 7) & 31) >= 16;
/** MOV Rd, Rm with no shift: the value moves unchanged. */
export const isPlainMove = (i: number): boolean => opcodeOf(i) === OP_MOV && !isImmediate(i) && ((i >>> 4) & 0xff) === 0;
/** SWP/SWPB: cond 0001 0B00 Rn Rd 0000 1001 Rm. */
export const isSwap = (i: number): boolean => (i & 0x0fb00ff0) === 0x01000090;
/** The coprocessor register an MCR/MRC names: cp, opc1, CRn, CRm, opc2. */
export const cpKey = (i: number): number => (i >>> 5) & 0x7 | ((i & 0xf) << 3) | (((i >>> 16) & 0xf) << 7) | (((i >>> 21) & 0x7) << 11) | (((i >>> 8) & 0xf) << 14);
/** CP15 c6 (FAR), as MRC p15, 0, Rd, c6, c0, 0 names it (cpKey). */
export const FAR_KEY = cpKey(0xee160f10);
/** CP15 c5 (the data FSR: its status and domain depend on the faulting address). */
export const FSR_KEY = cpKey(0xee150f10);
/** CP15 c6 opcode2 2 (the IFAR) and c5 opcode2 1 (the IFSR), as MRC names them: a prefetch abort's address and status. */
export const IFAR_KEY = cpKey(0xee160f50);
export const IFSR_KEY = cpKey(0xee150f30);
// The flags, each labelled apart: an instruction writes only some of them (TST leaves V, MULS C
// and V, a rotated-free immediate leaves C, nothing but saturation and MSR touches Q), and what a
// flag it did not write carried stays with that flag.
export const FLAG_N = 0;
export const FLAG_Z = 1;
export const FLAG_C = 2;
export const FLAG_V = 3;
export const FLAG_Q = 4;
export const FLAG_COUNT = 5;
/** The flags each ARM condition reads (EQ..LE; AL and the unconditional space none). */
export const CONDITION_FLAGS: ReadonlyArray<readonly number[]> = [
  [FLAG_Z], [FLAG_Z], [FLAG_C], [FLAG_C], [FLAG_N], [FLAG_N], [FLAG_V], [FLAG_V],
  [FLAG_C, FLAG_Z], [FLAG_C, FLAG_Z], [FLAG_N, FLAG_V], [FLAG_N, FLAG_V], [FLAG_Z, FLAG_N, FLAG_V], [FLAG_Z, FLAG_N, FLAG_V], [], [],
];

/**
 * What a flag-setting instruction does to C: keeps it; writes it from everything it read; writes a
 * constant (a rotated immediate's bit 31); writes Rm's bit `position` (a shift by an immediate), or
 * writes Rm's bit or keeps C (a shift by a register: the amount may be zero).
 */
export type CarryEffect = { readonly kind: 'keep' | 'all' | 'constant' } | { readonly kind: 'rm'; readonly position: number } | { readonly kind: 'rm-or-keep' };
/** Which flags an executed flag-setting instruction writes (Q apart: setsQ and MSR). */
export interface FlagWrites {
  readonly nz: boolean;
  readonly c: CarryEffect;
  readonly v: boolean;
  /** N and Z are the result's (a logical operation): the labels its destination gets. */
  readonly fromResult: boolean;
}
export const NO_FLAG_WRITES: FlagWrites = { nz: false, c: { kind: 'keep' }, v: false, fromResult: false };
export const ARITHMETIC: FlagWrites = { nz: true, c: { kind: 'all' }, v: true, fromResult: false };
/** Data-processing opcodes that set C and V from the adder (SUB..RSC, CMP, CMN); the rest are logical. */
export const isArithmeticOp = (op: number): boolean => (op >= 2 && op <= 7) || op === 10 || op === 11;

/** The bit of Rm a shift by an immediate leaves in C (LSL #n: bit 32 - n; LSR/ASR #n: n - 1, #0 meaning 32; ROR #n: n - 1; RRX: bit 0), or null for LSL #0 (C kept). */
export function shiftCarryBit(type: number, amount: number): number | null {
  if (type === 0) return amount === 0 ? null : 32 - amount;
  if (type === 3) return amount === 0 ? 0 : amount - 1;
  return amount === 0 ? 31 : amount - 1;
}

/** The flags an ARM data-processing instruction with S, or a multiply with S, writes. */
export function armFlagWrites(kind: number, i: number): FlagWrites {
  if (i >>> 28 === 0xf) return NO_FLAG_WRITES; // the unconditional space (PLD): no data processing
  if (kind === K_MUL) return { nz: true, c: { kind: 'keep' }, v: false, fromResult: false }; // ARMv5: C and V unaffected
  const op = opcodeOf(i);
  if (isArithmeticOp(op)) return ARITHMETIC;
  let c: CarryEffect;
  if (isImmediate(i)) c = ((i >>> 8) & 15) === 0 ? { kind: 'keep' } : { kind: 'constant' };
  else if (((i >>> 4) & 1) !== 0) c = { kind: 'rm-or-keep' };
  else {
    const at = shiftCarryBit((i >>> 5) & 3, (i >>> 7) & 31);
    c = at === null ? { kind: 'keep' } : { kind: 'rm', position: at };
  }
  return { nz: true, c, v: false, fromResult: true };
}

/**
 * The flags a Thumb instruction (ARMv5T, the halfword) writes: shifts by an immediate, ADD/SUB/MOV/
 * CMP of format 1-3, the data-processing group (ADC..MVN) and CMP with a high register.
 */
export function thumbFlagWrites(i: number): FlagWrites {
  if (i >>> 13 === 0) {
    if (((i >>> 11) & 3) === 3) return ARITHMETIC; // ADD/SUB register or 3-bit immediate
    const at = shiftCarryBit((i >>> 11) & 3, (i >>> 6) & 31); // LSL/LSR/ASR #imm5 (Rm in bits 5..3)
    return { nz: true, c: at === null ? { kind: 'keep' } : { kind: 'rm', position: at }, v: false, fromResult: true };
  }
  if (i >>> 13 === 1) return ((i >>> 11) & 3) === 0 ? { nz: true, c: { kind: 'keep' }, v: false, fromResult: true } : ARITHMETIC; // MOV / CMP, ADD, SUB #imm8
  if (i >>> 10 === 0x10) {
    const op = (i >>> 6) & 15;
    if (op === 5 || op === 6 || op === 9 || op === 10 || op === 11) return ARITHMETIC; // ADC, SBC, NEG, CMP, CMN
    if (op === 2 || op === 3 || op === 4 || op === 7) return { nz: true, c: { kind: 'rm-or-keep' }, v: false, fromResult: false }; // shifts by a register
    return { nz: true, c: { kind: 'keep' }, v: false, fromResult: op !== 13 }; // AND EOR TST ORR BIC MVN; MUL (ARMv5: C kept)
  }
  if (i >>> 8 === 0x45) return ARITHMETIC; // CMP with a high register
  return NO_FLAG_WRITES;
}

/** Thumb ADC and SBC (data-processing ops 5 and 6): the carry is a data input. */
export const thumbReadsCarry = (i: number): boolean => i >>> 10 === 0x10 && (((i >>> 6) & 15) === 5 || ((i >>> 6) & 15) === 6);
/** CP15 c10, the TLB lockdown register (MRC p15, 0, Rd, c10, c0, 0): its victim field advances with table walks. */
export const TLB_LOCKDOWN_KEY = cpKey(0xee1a0f10);

/**
 * The registers a load or store's address is computed from (its base, and its offset register),
 * logical numbers; none for an encoding that is not a load or store.
 */
export function addressRegisters(instr: number, thumb: boolean): number[] {
  if (thumb) {
    const i = instr & 0xffff;
    if ((i & 0xf000) === 0x5000) return [(i >>> 3) & 7, (i >>> 6) & 7]; // register offset
    if ((i & 0xe000) === 0x6000 || (i & 0xf000) === 0x8000) return [(i >>> 3) & 7]; // immediate offset
    if ((i & 0xf000) === 0x9000) return [13]; // sp-relative
    if ((i & 0xf800) === 0x4800) return [15]; // pc-relative
    if ((i & 0xf000) === 0xc000) return [(i >>> 8) & 7]; // LDMIA/STMIA
    if ((i & 0xf600) === 0xb400) return [13]; // PUSH/POP
    return [];
  }
  const rn = (instr >>> 16) & 15;
  const rm = instr & 15;
  if ((instr & 0x0c000000) === 0x04000000) return (instr & 0x02000000) !== 0 ? [rn, rm] : [rn]; // LDR/STR(B)
  if ((instr & 0x0e000090) === 0x00000090 && (instr & 0x60) !== 0) return (instr & 0x00400000) === 0 ? [rn, rm] : [rn]; // halfword, signed, doubleword
  if ((instr & 0x0fb00ff0) === 0x01000090) return [rn]; // SWP(B)
  if ((instr & 0x0e000000) === 0x08000000 || (instr & 0x0e000000) === 0x0c000000) return [rn]; // LDM/STM, LDC/STC
  return [];
}

/** The byte lanes of the word at `pa` an access of `size` (0 byte, 1 halfword, 2 word) touches. */
export function laneMask(pa: number, size: number): number {
  return size === 2 ? 0xffff_ffff : size === 1 ? 0xffff << (8 * (pa & 2)) : 0xff << (8 * (pa & 3));
}
