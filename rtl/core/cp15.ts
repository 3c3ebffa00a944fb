// CP15, the system control coprocessor, as on the ARM926EJ-S: ID and cache type, control, TTBR,
// DACR, data and instruction fault status, fault address, FCSE PID and a CONTEXTIDR for the
// ARMv6-style ASID knob. Reads are combinational for the MRC in Execute; writes land at the edge
// when Execute commits. A data abort records its FSR and FAR here.
import { DEFAULT_CONFIG, cacheTypeRegister } from '../config.ts';
import { Module } from '../hdl/index.ts';
import { declareCp15Link } from '../mem/cp15-link.ts';
import { fcse } from '../mem/faults.ts';

export const CP15_ID = 0x41069265;
/** The cache type register of the default configuration (16 KB I and D, 4-way, 32-byte lines); see cacheTypeRegister. */
export const CP15_CACHE_TYPE = cacheTypeRegister(DEFAULT_CONFIG); // 0x1d152152
export const CP15_CONTROL_RESET = 0x00050078; // the bits that read as one on the ARM926
const CONTROL_WRITABLE = 0x0000_f307; // M A C S R I V RR L4

/** CRn/CRm/opcode2 of a CP15 register, as the uop's cp_reg field packs them. */
export function cpReg(crn: number, crm: number, op2: number): number {
  return (crn << 8) | (crm << 4) | op2;
}

/**
 * The CP15 registers this core implements (opcode1 0), for MRC (`read`) or MCR: an access to any
 * other is an undefined instruction, as in the reference model and QEMU. c7 and c8 are the cache,
 * write-buffer and TLB operations (c7 reads: the test-and-clean operations only).
 */
export function cp15Implemented(crn: number, crm: number, op2: number, read: boolean): boolean {
  const plain = crm === 0 && op2 === 0;
  switch (crn) {
    case 0: return read && crm === 0;
    case 1: case 2: case 3: case 10: return plain;
    case 5: return crm === 0 && op2 <= 1;
    case 6: return crm === 0 && (op2 === 0 || op2 === 2);
    case 7: return !read || ((crm === 10 || crm === 14) && op2 === 3);
    case 8: return !read && op2 <= 1;
    case 9: return (crm === 0 && op2 <= 1) || crm === 1;
    case 13: return crm === 0 && op2 <= 1;
    case 15: return true;
    default: return false;
  }
}

export class Cp15 extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly control = this.reg('control', 32, CP15_CONTROL_RESET);
  readonly ttbr = this.reg('ttbr', 32);
  readonly dacr = this.reg('dacr', 32);
  readonly dfsr = this.reg('dfsr', 32);
  readonly ifsr = this.reg('ifsr', 32);
  readonly far = this.reg('far', 32);
  readonly fcse_pid = this.reg('fcse_pid', 32);
  readonly contextidr = this.reg('contextidr', 32);
  readonly ifar = this.reg('ifar', 32); // instruction fault address (c6, opcode2 2), as the reference model
  readonly dlock = this.reg('dlock', 32); // c9 D-cache lockdown
  readonly ilock = this.reg('ilock', 32); // c9 I-cache lockdown
  readonly tlblock = this.reg('tlblock', 32); // c10 TLB lockdown

  /**
   * c0 cache type register: the configured I and D cache geometry (rtl/config.ts cacheTypeRegister),
   * set by the system from its hardware configuration before elaboration.
   */
  cacheType = CP15_CACHE_TYPE;

  /** To the memory system: register values and cache/TLB maintenance requests. */
  readonly link = declareCp15Link(this, 'link', 'core');

  constructor(parent: Module, name: string) {
    super(parent, name);
    // Outputs that are always another signal's value are that net (one store slot, one VCD
    // identifier for both names), not a copy made each cycle.
    const l = this.link;
    this.connect(l.ctrl, this.control);
    this.connect(l.ttbr, this.ttbr);
    this.connect(l.dacr, this.dacr);
    this.connect(l.fcsepid, this.fcse_pid);
    this.connect(l.contextid, this.contextidr);
    this.connect(l.tlblock, this.tlblock);
  }
  // A prefetch abort entered by Execute.
  readonly pabt = this.input('pabt', 1);
  readonly pabt_fsr = this.input('pabt_fsr', 8);
  readonly pabt_addr = this.input('pabt_addr', 32);

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

  override comb(): void {
    let v = 0;
    switch (this.rd_reg.v) {
      case cpReg(0, 0, 0): v = CP15_ID; break;
      case cpReg(0, 0, 1): v = this.cacheType; break;
      case cpReg(1, 0, 0): v = this.control.v; break;
      case cpReg(2, 0, 0): v = this.ttbr.v; break;
      case cpReg(3, 0, 0): v = this.dacr.v; break;
      case cpReg(5, 0, 0): v = this.dfsr.v; break;
      case cpReg(5, 0, 1): v = this.ifsr.v; break;
      case cpReg(6, 0, 0): v = this.far.v; break;
      case cpReg(13, 0, 0): v = this.fcse_pid.v; break;
      case cpReg(13, 0, 1): v = this.contextidr.v; break;
      case cpReg(6, 0, 2): v = this.ifar.v; break;
      case cpReg(9, 0, 0): v = this.dlock.v; break;
      case cpReg(9, 0, 1): v = this.ilock.v; break;
      case cpReg(10, 0, 0): v = this.tlblock.v; break;
      default:
        // The other c0 opcode2 values read the main ID (TCM status, opcode2 2, reads 0: no TCMs);
        // test registers, TCM regions and cache/TLB operation registers read as zero. (An
        // unimplemented register never gets here: the decoder makes it undefined.)
        v = this.rd_reg.v >>> 4 === 0 && (this.rd_reg.v & 7) !== 2 ? CP15_ID : 0;
    }
    this.rdata.v = v;
    this.high_vectors.v = (this.control.v >>> 13) & 1;
    const l = this.link;
    const r = this.rd_reg.v;
    // op_valid and op_data are driven by Execute (the same nets); the operation code comes from
    // the MCR/MRC in Execute.
    l.op_crn.v = (r >>> 8) & 15;
    l.op_crm.v = (r >>> 4) & 15;
    l.op_opc2.v = r & 7;
  }

  override clock(): void {
    if (this.dabt.on) {
      this.dfsr.next = this.dabt_fsr.v;
      this.far.next = this.link.far.v;
    }
    if (this.pabt.on) {
      this.ifsr.next = this.pabt_fsr.v;
      // The MVA of the fetch (after FCSE), as the FAR holds the MVA of a data access.
      this.ifar.next = fcse(this.pabt_addr.v, this.fcse_pid.v);
    }
    if (this.link.tlblock_inc.on) {
      // The walker filled the lockdown entry the victim field chose: advance the victim (mod 8).
      const t = this.tlblock.v;
      this.tlblock.next = ((t & ~(7 << 26)) | ((((t >>> 26) + 1) & 7) << 26)) >>> 0;
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
      case cpReg(13, 0, 0): this.fcse_pid.next = (d & 0xfe00_0000) >>> 0; break; // PID in bits 31:25
      case cpReg(13, 0, 1): this.contextidr.next = d; break;
      case cpReg(6, 0, 2): this.ifar.next = d; break;
      case cpReg(9, 0, 0): this.dlock.next = d; break;
      case cpReg(9, 0, 1): this.ilock.next = d; break;
      case cpReg(10, 0, 0): this.tlblock.next = d; break;
      default: break; // c7 cache and c8 TLB operations: carried out by the memory system
    }
  }
}
