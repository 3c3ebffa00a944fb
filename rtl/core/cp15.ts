// CP15, the system control coprocessor, as on the ARM926EJ-S: ID and cache type, control, TTBR,
// DACR, data and instruction fault status, fault address, FCSE PID and a CONTEXTIDR for the
// ARMv6-style ASID knob. Reads are combinational for the MRC in Execute; writes land at the edge
// when Execute commits. A data abort records its FSR and FAR here.
import { Module } from '../hdl/index.ts';

export const CP15_ID = 0x41069265;
export const CP15_CACHE_TYPE = 0x1d152152; // 16 KB I and D, 4-way, 32-byte lines
export const CP15_CONTROL_RESET = 0x00050078; // the bits that read as one on the ARM926
const CONTROL_WRITABLE = 0x0000_f307; // M A C S R I V RR L4

/** CRn/CRm/opcode2 of a CP15 register, as the uop's cp_reg field packs them. */
export function cpReg(crn: number, crm: number, op2: number): number {
  return (crn << 8) | (crm << 4) | op2;
}

export class Cp15 extends Module {
  readonly control = this.reg('control', 32, CP15_CONTROL_RESET);
  readonly ttbr = this.reg('ttbr', 32);
  readonly dacr = this.reg('dacr', 32);
  readonly dfsr = this.reg('dfsr', 32);
  readonly ifsr = this.reg('ifsr', 32);
  readonly far = this.reg('far', 32);
  readonly fcse_pid = this.reg('fcse_pid', 32);
  readonly contextidr = this.reg('contextidr', 32);

  readonly rd_reg = this.input('rd_reg', 12);
  readonly rdata = this.output('rdata', 32);
  readonly we = this.input('we', 1);
  readonly wdata = this.input('wdata', 32);
  readonly commit = this.input('commit', 1);
  /** High exception vectors (control bit V). */
  readonly high_vectors = this.output('high_vectors', 1);
  // A data abort from the Memory stage.
  readonly dabt = this.input('dabt', 1);
  readonly dabt_fsr = this.input('dabt_fsr', 8);
  readonly dabt_addr = this.input('dabt_addr', 32);

  override comb(): void {
    let v = 0;
    switch (this.rd_reg.v) {
      case cpReg(0, 0, 0): v = CP15_ID; break;
      case cpReg(0, 0, 1): v = CP15_CACHE_TYPE; break;
      case cpReg(1, 0, 0): v = this.control.v; break;
      case cpReg(2, 0, 0): v = this.ttbr.v; break;
      case cpReg(3, 0, 0): v = this.dacr.v; break;
      case cpReg(5, 0, 0): v = this.dfsr.v; break;
      case cpReg(5, 0, 1): v = this.ifsr.v; break;
      case cpReg(6, 0, 0): v = this.far.v; break;
      case cpReg(13, 0, 0): v = this.fcse_pid.v; break;
      case cpReg(13, 0, 1): v = this.contextidr.v; break;
      default: v = 0; // cache/TLB operation registers and unimplemented ones read as zero
    }
    this.rdata.v = v;
    this.high_vectors.v = (this.control.v >>> 13) & 1;
  }

  override clock(): void {
    if (this.dabt.on) {
      this.dfsr.next = this.dabt_fsr.v;
      this.far.next = this.dabt_addr.v;
    }
    if (!this.we.on || !this.commit.on) return;
    const d = this.wdata.v;
    switch (this.rd_reg.v) {
      case cpReg(1, 0, 0): this.control.next = ((d & CONTROL_WRITABLE) | CP15_CONTROL_RESET) >>> 0; break;
      case cpReg(2, 0, 0): this.ttbr.next = d; break;
      case cpReg(3, 0, 0): this.dacr.next = d; break;
      case cpReg(5, 0, 0): this.dfsr.next = d & 0xff; break;
      case cpReg(5, 0, 1): this.ifsr.next = d & 0xff; break;
      case cpReg(6, 0, 0): this.far.next = d; break;
      case cpReg(13, 0, 0): this.fcse_pid.next = d; break;
      case cpReg(13, 0, 1): this.contextidr.next = d; break;
      default: break; // c7 cache and c8 TLB operations: carried out by the memory system
    }
  }
}
