// The core's timing, in one table. Each row is an instruction class: its cycles (in a stream of
// single-cycle instructions, the retirement distance from the instruction before it to the one
// after it, minus one: this counts both cycles spent in Execute and pipeline refills) and its
// result latency (the retirement distance to a next instruction that uses the result: 1 = no
// stall, 2 = one stall, 3 = two). A Thumb instruction is decoded into the uops of its ARM
// equivalent and takes that row (as on the ARM9EJ-S); the BL pair has a row of its own. Figures follow the ARM9EJ-S / ARM9E-S TRMs as
// given in the design brief; rows marked `chosen` have no TRM figure and were chosen here. The
// decoder reads this table, docs/CORE.md prints it, and tests/core/timing.test.ts measures every
// row on the model.

export interface TimingRow {
  readonly cycles: number;
  /** Result latency (see above); 0 when the class writes no register. */
  readonly latency: number;
  readonly source: 'TRM' | 'chosen';
  readonly note: string;
}

export const TIMING = {
  dataOp: { cycles: 1, latency: 1, source: 'TRM', note: 'data processing, immediate or immediate-shifted register operand' },
  dataOpRegShift: { cycles: 2, latency: 1, source: 'TRM', note: 'data processing with a register-specified shift' },
  dataOpWritesPc: { cycles: 3, latency: 0, source: 'TRM', note: 'data processing writing the pc, arithmetic output (ADD, SUB, RSB, ADC, SBC), unshifted operand' },
  dataOpLogicalWritesPc: { cycles: 4, latency: 0, source: 'TRM', note: 'data processing writing the pc, logical output (the TRM lists RSC, ORR, EOR, MOV, BIC; AND, MVN too here)' },
  dataOpShiftedWritesPc: { cycles: 4, latency: 0, source: 'TRM', note: 'data processing writing the pc with an immediate-shifted operand (not LSL #0)' },
  dataOpRegShiftWritesPc: { cycles: 5, latency: 0, source: 'chosen', note: 'data processing writing the pc with a register-specified shift (one more than the shifted case)' },
  branch: { cycles: 3, latency: 0, source: 'TRM', note: 'B, BL, BX, BLX (register)' },
  exceptionEntry: { cycles: 3, latency: 0, source: 'TRM', note: 'SWI, undefined, aborts, IRQ, FIQ: from the faulting instruction to the vector' },
  ldrWord: { cycles: 1, latency: 2, source: 'TRM', note: 'LDR word: one stall if the next instruction uses the result' },
  ldrByteHalf: { cycles: 1, latency: 3, source: 'TRM', note: 'LDRB/LDRH/LDRSB/LDRSH: two stalls if the next instruction uses the result' },
  ldrPc: { cycles: 5, latency: 0, source: 'TRM', note: 'LDR pc' },
  str: { cycles: 1, latency: 0, source: 'TRM', note: 'STR/STRB/STRH' },
  ldmPerRegister: { cycles: 1, latency: 2, source: 'TRM', note: 'LDM: n cycles for n registers, 2 for one; +4 with the pc in the list' },
  stmPerRegister: { cycles: 1, latency: 0, source: 'TRM', note: 'STM: n cycles for n registers, 2 for one' },
  ldrdStrd: { cycles: 2, latency: 2, source: 'chosen', note: 'LDRD/STRD: one cycle per word' },
  swp: { cycles: 2, latency: 2, source: 'chosen', note: 'SWP/SWPB: a load then a store' },
  mul: { cycles: 2, latency: 2, source: 'TRM', note: 'MUL, MLA' },
  mulS: { cycles: 4, latency: 2, source: 'TRM', note: 'MULS, MLAS' },
  mulLong: { cycles: 3, latency: 2, source: 'chosen', note: 'UMULL, SMULL, UMLAL, SMLAL' },
  mulLongS: { cycles: 5, latency: 2, source: 'chosen', note: 'UMULLS, SMULLS, UMLALS, SMLALS' },
  dspMul: { cycles: 1, latency: 2, source: 'chosen', note: 'SMULxy, SMLAxy, SMULWy, SMLAWy' },
  dspMulLong: { cycles: 2, latency: 2, source: 'chosen', note: 'SMLALxy' },
  qArith: { cycles: 1, latency: 2, source: 'chosen', note: 'QADD, QSUB, QDADD, QDSUB' },
  clz: { cycles: 1, latency: 1, source: 'chosen', note: 'CLZ' },
  mrs: { cycles: 1, latency: 1, source: 'chosen', note: 'MRS' },
  msrFlags: { cycles: 1, latency: 0, source: 'chosen', note: 'MSR writing only the flags field' },
  msrControl: { cycles: 3, latency: 0, source: 'chosen', note: 'MSR writing the control field: refetches the next instruction under the new mode' },
  mcr: { cycles: 1, latency: 0, source: 'chosen', note: 'MCR p15 (register writes; cache maintenance waits for the memory system)' },
  mrc: { cycles: 1, latency: 2, source: 'chosen', note: 'MRC p15' },
  thumbBl: { cycles: 4, latency: 0, source: 'TRM', note: 'Thumb BL/BLX pair (two instructions: the prefix a data operation, the suffix a branch); every other Thumb instruction takes the row of its ARM equivalent' },
  conditionFailed: { cycles: 1, latency: 0, source: 'TRM', note: 'a single-uop instruction whose condition fails' },
  conditionFailedSequence: { cycles: 1, latency: 0, source: 'TRM', note: 'LDM/STM/LDRD/STRD/SWP/long accumulate whose condition fails: one uop' },
} as const satisfies Record<string, TimingRow>;

export type TimingClass = keyof typeof TIMING;

/** Extra Execute cycles for a single-uop class (cycles beyond the first). */
export function extraCycles(c: TimingClass): number {
  return TIMING[c].cycles - 1;
}

/**
 * Operand C of stores and of MLA's accumulator cannot take a loaded value by forwarding: one more
 * stall than the producer's latency alone (brief, section 7).
 */
export const LATE_OPERAND_EXTRA = 1;
