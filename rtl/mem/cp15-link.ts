// The link between the core's CP15 and the memory system. The core owns the CP15 registers and
// drives their current values; the memory system reads them every cycle (a write to c1/c2/c3/c13
// takes effect for the next access). Cache and TLB maintenance (c7, c8) is a request/ready
// handshake like a memory port, because a clean may walk many lines and write them back:
//
//   cycle t:   core drives op_valid=1 with op_crn/op_crm/op_opc2 (the MCR's CRn, CRm, opcode_2)
//              and op_data (the MCR's Rd: an MVA, a set/way, or an ASID), and holds them until
//              op_ready.
//   cycle t+n: memory system drives op_ready=1 (n >= 0; n = 0 only for no-op codes); op_result
//              is valid with it (for the test operations MRC p15,0,r15,c7,c10,3 / c7,c14,3:
//              bit 30 = Z = "the D-cache is clean").
//              The operation is complete at the clock edge ending that cycle.
//
// Unknown or no-op codes (prefetch-buffer flush, BTB flush, I-line prefetch) complete at once.
// A data access already pending on the D port when op_valid rises is older than the MCR and is
// served first; the core starts no new data access while op_valid is high.
//
// Signals the memory system drives besides op_ready/op_result:
//   far         the MVA of the data access being answered; when the D port answers abort=1 with an
//               MMU fault, CP15 latches FSR <= d port fsr and FAR <= far (ARMv5: the instruction
//               side updates neither; the core takes a prefetch abort from the I port's abort).
//   tlblock_inc one-cycle pulse: a table walk just wrote the lockdown TLB entry selected by the
//               c10 victim field (P=1); the ARM926 increments the victim (mod lockdown entries).
import type { Module, Signal } from '../hdl/index.ts';

/** c1 control register bits the memory system uses. */
export const CTRL_M = 1 << 0; // MMU enable
export const CTRL_A = 1 << 1; // alignment fault checking
export const CTRL_C = 1 << 2; // D-cache enable
export const CTRL_W = 1 << 3; // write buffer enable (ARM926: should-be-one, ignored)
export const CTRL_S = 1 << 8; // system protection
export const CTRL_R = 1 << 9; // ROM protection
export const CTRL_I = 1 << 12; // I-cache enable

export interface Cp15Link {
  readonly ctrl: Signal; //        32 core: c1 control register
  readonly ttbr: Signal; //        32 core: c2 translation table base (bits 31..14 used)
  readonly dacr: Signal; //        32 core: c3 domain access control
  readonly fcsepid: Signal; //     32 core: c13 opc2=0 FCSE PID (bits 31..25 used)
  readonly contextid: Signal; //   32 core: c13 opc2=1 CONTEXTIDR (ASID in bits 7..0, 'asid' mode)
  readonly tlblock: Signal; //     32 core: c10 TLB lockdown (victim bits 28..26, P bit 0)
  readonly op_valid: Signal; //     1 core: maintenance request
  readonly op_crn: Signal; //       4 core: 7 (caches, write buffer) or 8 (TLB)
  readonly op_crm: Signal; //       4 core: CRm
  readonly op_opc2: Signal; //      3 core: opcode_2
  readonly op_data: Signal; //     32 core: Rd (MVA, set/way, ASID)
  readonly op_ready: Signal; //     1 mem: operation complete this cycle
  readonly op_result: Signal; //   32 mem: result of a test operation (bit 30 = Z)
  readonly far: Signal; //         32 mem: MVA of the data access being answered
  readonly tlblock_inc: Signal; //  1 mem: increment the c10 victim field
}

const FIELDS: ReadonlyArray<readonly [keyof Cp15Link, number, 'core' | 'mem']> = [
  ['ctrl', 32, 'core'],
  ['ttbr', 32, 'core'],
  ['dacr', 32, 'core'],
  ['fcsepid', 32, 'core'],
  ['contextid', 32, 'core'],
  ['tlblock', 32, 'core'],
  ['op_valid', 1, 'core'],
  ['op_crn', 4, 'core'],
  ['op_crm', 4, 'core'],
  ['op_opc2', 3, 'core'],
  ['op_data', 32, 'core'],
  ['op_ready', 1, 'mem'],
  ['op_result', 32, 'mem'],
  ['far', 32, 'mem'],
  ['tlblock_inc', 1, 'mem'],
];

/**
 * Declare the CP15 link on `m` with signals named `<prefix>_<field>`. The core side ('core')
 * drives the register values and the request; the memory side ('mem') drives op_ready, op_result,
 * far and tlblock_inc.
 */
export function declareCp15Link(m: Module, prefix: string, side: 'core' | 'mem'): Cp15Link {
  const link: Partial<Record<keyof Cp15Link, Signal>> = {};
  for (const [field, width, driver] of FIELDS) {
    const name = `${prefix}_${field}`;
    link[field] = driver === side ? m.output(name, width) : m.input(name, width);
  }
  return link as Cp15Link;
}

/** Connect every field of two links (in `parent`). */
export function connectCp15Links(parent: Module, a: Cp15Link, b: Cp15Link): void {
  for (const [field] of FIELDS) parent.connect(a[field], b[field]);
}

/** Operation codes: (CRn << 7) | (CRm << 3) | opc2. */
export const opCode = (crn: number, crm: number, opc2: number): number => (crn << 7) | (crm << 3) | opc2;

export const OP = {
  // c7: caches and write buffer (ARM926EJ-S TRM, table 2-17)
  INV_I_ALL: opCode(7, 5, 0),
  INV_I_MVA: opCode(7, 5, 1),
  INV_I_SETWAY: opCode(7, 5, 2),
  FLUSH_PREFETCH: opCode(7, 5, 4),
  FLUSH_BTB: opCode(7, 5, 6),
  INV_D_ALL: opCode(7, 6, 0),
  INV_D_MVA: opCode(7, 6, 1),
  INV_D_SETWAY: opCode(7, 6, 2),
  INV_ID_ALL: opCode(7, 7, 0),
  CLEAN_D_MVA: opCode(7, 10, 1),
  CLEAN_D_SETWAY: opCode(7, 10, 2),
  TEST_CLEAN_D: opCode(7, 10, 3),
  DRAIN_WB: opCode(7, 10, 4),
  PREFETCH_I_MVA: opCode(7, 13, 1),
  CLEAN_INV_D_MVA: opCode(7, 14, 1),
  CLEAN_INV_D_SETWAY: opCode(7, 14, 2),
  TEST_CLEAN_INV_D: opCode(7, 14, 3),
  // c8: TLB (unified on the ARM926: the I, D and unified forms all act on the one TLB)
  TLB_INV_I_ALL: opCode(8, 5, 0),
  TLB_INV_I_MVA: opCode(8, 5, 1),
  TLB_INV_I_ASID: opCode(8, 5, 2),
  TLB_INV_D_ALL: opCode(8, 6, 0),
  TLB_INV_D_MVA: opCode(8, 6, 1),
  TLB_INV_D_ASID: opCode(8, 6, 2),
  TLB_INV_ALL: opCode(8, 7, 0),
  TLB_INV_MVA: opCode(8, 7, 1),
  TLB_INV_ASID: opCode(8, 7, 2),
} as const;

/** Z flag position in op_result (MRC to r15 copies bits 31..28 to NZCV). */
export const RESULT_Z = 1 << 30;
