// Writeback: the uop's loaded data is aligned and extended, its results go to the register file's
// two write ports, a load of the pc redirects fetch, and the instruction retires. The retirement
// interface (ret_*) is what checkers, the lockstep harness and the waveform read: one record per
// architectural instruction, with the CPSR after it and the exception it took.
import { Module } from '../hdl/index.ts';
import { EXC_NONE, exceptionReturnCpsr, PSR_T } from './arm.ts';
import type { MemoryStage } from './memory-stage.ts';
import { BundleCopy } from '../hdl/index.ts';
import { declarePostRegs, postList } from './stage-bundle.ts';

export class Writeback extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  /** Memory hands its uop on this cycle. */
  readonly take = this.input('take', 1);

  readonly s = declarePostRegs(this, '');
  /** The aligned word the data port returned. */
  readonly rdata = this.reg('rdata', 32);

  readonly load_data = this.wire('load_data', 32);
  // Register file write ports.
  readonly w0_en = this.output('w0_en', 1);
  readonly w0_addr = this.output('w0_addr', 5);
  readonly w0_data = this.output('w0_data', 32);
  readonly w1_en = this.output('w1_en', 1);
  readonly w1_addr = this.output('w1_addr', 5);
  readonly w1_data = this.output('w1_data', 32);
  // A load of the pc: redirect fetch (and, for LDM ^, restore the CPSR from the SPSR).
  readonly redirect = this.output('redirect', 1);
  readonly target = this.output('target', 32);
  /** The state at the target of a pc load (interworking on bit 0, or the SPSR's for LDM ^). */
  readonly target_thumb = this.output('target_thumb', 1);
  readonly spsr = this.input('spsr', 32);
  readonly cpsr_we = this.output('cpsr_we', 1);
  readonly cpsr_wdata = this.output('cpsr_wdata', 32);

  // Retirement interface.
  readonly ret_valid = this.output('ret_valid', 1);
  readonly ret_pc = this.output('ret_pc', 32);
  readonly ret_instr = this.output('ret_instr', 32);
  readonly ret_exc = this.output('ret_exc', 3);
  readonly ret_cpsr = this.output('ret_cpsr', 32);
  readonly ret_mode = this.output('ret_mode', 5);
  /** The instruction was Thumb (ret_instr is a halfword). */
  readonly ret_thumb = this.output('ret_thumb', 1);
  readonly retired = this.reg('retired', 32);

  private readonly copy: BundleCopy;

  constructor(
    parent: Module,
    name: string,
    private readonly from: MemoryStage,
  ) {
    super(parent, name);
    this.copy = new BundleCopy(postList(this.s), postList(from.s));
    // Outputs that are always a register's value (or another output's) are that net, not a copy
    // made each cycle: one store slot, and one VCD identifier for both names.
    const s = this.s;
    this.connect(this.w0_addr, s.rd);
    this.connect(this.w1_addr, s.rd2);
    this.connect(this.w1_data, s.result2);
    this.connect(this.ret_pc, s.pc);
    this.connect(this.ret_instr, s.instr);
    this.connect(this.ret_exc, s.exc);
    this.connect(this.ret_thumb, s.thumb);
    this.connect(this.ret_cpsr, this.cpsr_wdata);
  }

  override comb(): void {
    const s = this.s;
    const valid = s.valid.on;
    // Align and extend the loaded data (ARMv5: a misaligned word load rotates).
    const a = s.addr.v;
    const word = this.rdata.v;
    let data: number;
    if (s.size.v === 0) {
      const byte = (word >>> ((a & 3) * 8)) & 0xff;
      data = s.signed.on ? ((byte << 24) >> 24) >>> 0 : byte;
    } else if (s.size.v === 1) {
      const half = (word >>> ((a & 2) * 8)) & 0xffff;
      data = s.signed.on ? ((half << 16) >> 16) >>> 0 : half;
    } else {
      const rot = s.align.on ? 0 : (a & 3) * 8;
      data = rot === 0 ? word : ((word >>> rot) | (word << (32 - rot))) >>> 0;
    }
    this.load_data.v = data;
    const value = s.mem.on && s.load.on ? data : s.result.v;

    this.w0_en.v = valid && s.rd_en.on && !s.rd_pc.on ? 1 : 0;
    this.w0_data.v = value;
    this.w1_en.v = valid && s.rd2_en.on ? 1 : 0;

    // A load to the pc (ARMv5T): interworking on bit 0; LDM ^ returns to the SPSR's state.
    const pcLoad = valid && s.rd_pc.on && s.load.on;
    this.redirect.v = pcLoad ? 1 : 0;
    let cpsrAfter = s.cpsr.v;
    if (pcLoad) {
      cpsrAfter = s.ldm_psr.on ? exceptionReturnCpsr(cpsrAfter, this.spsr.v) : ((cpsrAfter & ~PSR_T) | ((value & 1) << 5)) >>> 0;
    }
    const toThumb = (cpsrAfter >>> 5) & 1;
    this.target_thumb.v = toThumb;
    this.target.v = (value & (toThumb ? ~1 : ~3)) >>> 0;
    this.cpsr_we.v = pcLoad ? 1 : 0;
    this.cpsr_wdata.v = cpsrAfter;

    const retire = valid && (s.last.on || s.exc.v !== EXC_NONE);
    this.ret_valid.v = retire ? 1 : 0;
    this.ret_mode.v = cpsrAfter & 0x1f;
  }

  override clock(): void {
    if (this.ret_valid.on) this.retired.next = (this.retired.v + 1) >>> 0;
    if (this.take.on) {
      this.copy.run();
      this.rdata.next = this.from.dport.rdata.v;
    } else this.s.valid.next = 0;
  }
}
