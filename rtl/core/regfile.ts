// The banked register file: 30 physical general-purpose registers (r0..r14 of every bank; the pc
// lives in Fetch), the CPSR and the five SPSRs. Three read ports (A, B, C) and two write ports
// (0: results and loaded data, 1: base writeback and high words) are named in the waveform, and so
// is every physical register, so the zero-copy checks read exactly these signals.
// Reads see a write made in the same cycle (write-through), so Decode never reads a stale value
// from the instruction retiring in Writeback.
import { Module } from '../hdl/index.ts';
import { PHYS_NAMES, PHYS_REGS, RESET_CPSR, SPSR_NAMES, spsrIndex } from './arm.ts';

export class RegisterFile extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly gpr = this.memory('gpr', 32, PHYS_REGS, { trace: true, entryNames: PHYS_NAMES, writePorts: 2 });
  readonly spsr = this.memory('spsr', 32, 5, { trace: true, entryNames: SPSR_NAMES, writePorts: 2 });
  readonly cpsr = this.reg('cpsr', 32, RESET_CPSR);

  // Read ports.
  readonly ra_addr = this.input('ra_addr', 5);
  readonly ra_data = this.output('ra_data', 32);
  readonly rb_addr = this.input('rb_addr', 5);
  readonly rb_data = this.output('rb_data', 32);
  readonly rc_addr = this.input('rc_addr', 5);
  readonly rc_data = this.output('rc_data', 32);
  /** The SPSR of the current mode (0 in user and system mode, which have none). */
  readonly spsr_data = this.output('spsr_data', 32);

  // Write ports.
  readonly w0_en = this.input('w0_en', 1);
  readonly w0_addr = this.input('w0_addr', 5);
  readonly w0_data = this.input('w0_data', 32);
  readonly w1_en = this.input('w1_en', 1);
  readonly w1_addr = this.input('w1_addr', 5);
  readonly w1_data = this.input('w1_data', 32);

  // PSR writes from Execute (flags, MSR, exception entry) and from Writeback (LDM ^ with the pc).
  // Writeback is older, and when it writes the CPSR it also flushes Execute, so Execute's write is
  // already cancelled by the commit signal; Writeback wins if both are ever raised.
  readonly e_cpsr_we = this.input('e_cpsr_we', 1);
  readonly e_cpsr_wdata = this.input('e_cpsr_wdata', 32);
  readonly e_spsr_we = this.input('e_spsr_we', 1);
  readonly e_spsr_waddr = this.input('e_spsr_waddr', 3);
  readonly e_spsr_wdata = this.input('e_spsr_wdata', 32);
  readonly e_commit = this.input('e_commit', 1);
  readonly w_cpsr_we = this.input('w_cpsr_we', 1);
  readonly w_cpsr_wdata = this.input('w_cpsr_wdata', 32);

  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.combBlock('spsr_read', () => this.spsrRead());
  }

  private readPort(addr: number): number {
    if (this.w0_en.v && this.w0_addr.v === addr) return this.w0_data.v;
    if (this.w1_en.v && this.w1_addr.v === addr) return this.w1_data.v;
    return this.gpr.read(addr);
  }

  override comb(): void {
    this.ra_data.v = this.readPort(this.ra_addr.v);
    this.rb_data.v = this.readPort(this.rb_addr.v);
    this.rc_data.v = this.readPort(this.rc_addr.v);
  }

  /** The SPSR read port: from the CPSR and SPSR state only, so it settles before Writeback. */
  private spsrRead(): void {
    const k = spsrIndex(this.cpsr.v & 0x1f);
    this.spsr_data.v = k < 0 ? 0 : this.spsr.read(k);
  }

  override clock(): void {
    if (this.w0_en.v) this.gpr.write(this.w0_addr.v, this.w0_data.v);
    if (this.w1_en.v && !(this.w0_en.v && this.w0_addr.v === this.w1_addr.v)) this.gpr.write(this.w1_addr.v, this.w1_data.v);
    if (this.w_cpsr_we.v) this.cpsr.next = this.w_cpsr_wdata.v;
    else if (this.e_cpsr_we.v && this.e_commit.v) this.cpsr.next = this.e_cpsr_wdata.v;
    if (this.e_spsr_we.v && this.e_commit.v) this.spsr.write(this.e_spsr_waddr.v, this.e_spsr_wdata.v);
  }
}
