// Execute: the uop from Decode meets its forwarded operands, the barrel shifter, the ALU and the
// multiplier; condition codes decide whether it acts; PSR writes, exception entry, interrupts and
// branches happen here. Results leave in the x_* bundle for Memory. Every intermediate value
// (operands after forwarding, shifter output and carry, ALU result, multiplier halves) is a wire,
// so the waveform shows the datapath.
import { BundleCopy, Module, type Signal } from '../hdl/index.ts';
import {
  conditionPasses, EXC_DABT, EXC_ENTRY, EXC_SWI, EXC_UND, EXC_FIQ, EXC_IRQ, EXC_NONE, exceptionReturnCpsr, MODE_USR, physReg, PSR_C, PSR_F, PSR_I, PSR_Q, PSR_T,
  PSR_WRITABLE_CPSR, PSR_WRITABLE_SPSR, spsrIndex, withValidMode,
} from './arm.ts';
import { add64, addWithCarry, multiply64, out, saturate, shift } from './arith.ts';
import {
  A_LATCH, A_PC8, A_ZERO, declareUopRegs, RESTORE_A, RESTORE_B, RESTORE_C, RESTORE_NONE, UOP_FIELDS, uopList, type UopField, type UopWires,
  K_ACCHI, K_ALU, K_BRANCH, K_BX, K_CLZ, K_DSPMUL, K_EXC, K_MCR, K_MEM, K_MRC, K_MRS, K_MSR, K_MUL, K_QARITH,
  WB_BASE_IMM2, WB_FIRST_ALU,
} from './uop.ts';

const UOP_KEYS: readonly UopField[] = UOP_FIELDS.map(([n]) => n);

/** CP15 c7 operation "wait for interrupt" (CRn 7, CRm 0, opcode2 4). */
export const CP_WFI = (7 << 8) | (0 << 4) | 4;

/** CP15 c7 (caches, write buffer) and c8 (TLB) operations go to the memory system; WFI does not. */
function isMaintenance(cpReg: number): boolean {
  const crn = cpReg >>> 8;
  return (crn === 7 || crn === 8) && cpReg !== CP_WFI;
}

/** A signed halfword of x: the top one or the bottom one. */
function half(x: number, top: number): number {
  return top ? x >> 16 : (x << 16) >> 16;
}

/** Forwarding sources: the uop in Memory and the register writes of Writeback. */
export interface ForwardSources {
  readonly m_valid: Signal;
  readonly m_rd: Signal;
  readonly m_rd_en: Signal;
  readonly m_load: Signal;
  readonly m_result: Signal;
  readonly m_rd2: Signal;
  readonly m_rd2_en: Signal;
  readonly m_result2: Signal;
  readonly w0_en: Signal;
  readonly w0_addr: Signal;
  readonly w0_data: Signal;
  readonly w1_en: Signal;
  readonly w1_addr: Signal;
  readonly w1_data: Signal;
}

export class Execute extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  /** The uop in Execute. */
  readonly u = declareUopRegs(this, '');
  // Operand values as read in Decode, refreshed from forwarding while Execute holds.
  readonly a_val = this.reg('a_val', 32);
  readonly b_val = this.reg('b_val', 32);
  readonly c_val = this.reg('c_val', 32);
  /** Cycles spent so far on a multi-cycle uop. */
  readonly busy = this.reg('busy', 3);
  // Sequence state: the first uop's base and ALU result, the last memory address, SWP's data,
  // a long multiply's high accumulator.
  readonly base_latch = this.reg('base_latch', 32);
  readonly first_alu = this.reg('first_alu', 32);
  readonly addr_latch = this.reg('addr_latch', 32);
  readonly data_latch = this.reg('data_latch', 32);
  readonly acc_hi = this.reg('acc_hi', 32);
  // The register a data abort later in the sequence restores, and its old value (uop abt_restore).
  readonly restore_en = this.reg('restore_en', 1);
  readonly restore_reg = this.reg('restore_reg', 5);
  readonly restore_val = this.reg('restore_val', 32);
  // Interrupt lines, synchronised (one flop, as the ARM9 samples nIRQ/nFIQ).
  readonly irq_sync = this.reg('irq_sync', 1);
  readonly fiq_sync = this.reg('fiq_sync', 1);
  // Cache/TLB maintenance: done (and its result) for the uop in Execute.
  readonly maint_done = this.reg('maint_done', 1);
  readonly maint_result = this.reg('maint_result', 32);

  // Inputs.
  readonly irq = this.input('irq', 1);
  readonly fiq = this.input('fiq', 1);
  readonly cpsr = this.input('cpsr', 32);
  readonly spsr = this.input('spsr', 32);
  readonly cp_rdata = this.input('cp_rdata', 32);
  readonly high_vectors = this.input('high_vectors', 1);
  /** Memory or Writeback holds an older instruction. */
  readonly older_busy = this.input('older_busy', 1);
  readonly maint_ready = this.input('maint_ready', 1);
  readonly maint_rdata = this.input('maint_rdata', 32);

  // Datapath wires.
  readonly pass = this.wire('pass', 1);
  readonly op_a = this.wire('op_a', 32);
  readonly op_b = this.wire('op_b', 32);
  readonly op_c = this.wire('op_c', 32);
  readonly shift_out = this.wire('shift_out', 32);
  readonly shift_carry = this.wire('shift_carry', 1);
  readonly alu_result = this.wire('alu_result', 32);
  readonly alu_nzcv = this.wire('alu_nzcv', 4);
  readonly mul_lo = this.wire('mul_lo', 32);
  readonly mul_hi = this.wire('mul_hi', 32);
  readonly take_irq = this.wire('take_irq', 1);
  readonly take_fiq = this.wire('take_fiq', 1);

  // To control.
  readonly hold = this.output('hold', 1);
  readonly redirect = this.output('redirect', 1);
  readonly target = this.output('target', 32);
  /** The state at the redirect target (1 = Thumb). */
  readonly target_thumb = this.output('target_thumb', 1);

  // PSR writes (to the register file; applied only when control commits Execute).
  readonly cpsr_we = this.output('cpsr_we', 1);
  readonly cpsr_wdata = this.output('cpsr_wdata', 32);
  readonly spsr_we = this.output('spsr_we', 1);
  readonly spsr_waddr = this.output('spsr_waddr', 3);
  readonly spsr_wdata = this.output('spsr_wdata', 32);
  // CP15 write.
  readonly cp_we = this.output('cp_we', 1);
  readonly cp_sel = this.output('cp_sel', 12);
  readonly cp_wdata = this.output('cp_wdata', 32);
  readonly maint_valid = this.output('maint_valid', 1);
  readonly maint_data = this.output('maint_data', 32);
  /** Entering a prefetch abort from a faulting fetch (CP15 records IFSR and IFAR). */
  readonly pabt = this.output('pabt', 1);

  // The result bundle for Memory.
  readonly x_valid = this.wire('x_valid', 1);
  readonly x_last = this.wire('x_last', 1);
  readonly x_exc = this.wire('x_exc', 3);
  readonly x_mem = this.wire('x_mem', 1);
  readonly x_load = this.wire('x_load', 1);
  readonly x_size = this.wire('x_size', 2);
  readonly x_signed = this.wire('x_signed', 1);
  readonly x_user = this.wire('x_user', 1);
  readonly x_addr = this.wire('x_addr', 32);
  readonly x_wdata = this.wire('x_wdata', 32);
  readonly x_rd = this.wire('x_rd', 5);
  readonly x_rd_en = this.wire('x_rd_en', 1);
  readonly x_rd_pc = this.wire('x_rd_pc', 1);
  readonly x_rd2 = this.wire('x_rd2', 5);
  readonly x_rd2_en = this.wire('x_rd2_en', 1);
  readonly x_result = this.wire('x_result', 32);
  readonly x_result2 = this.wire('x_result2', 32);
  readonly x_ldm_psr = this.wire('x_ldm_psr', 1);
  readonly x_cpsr = this.wire('x_cpsr', 32);
  readonly x_lat = this.wire('x_lat', 2);
  readonly x_align = this.wire('x_align', 1);

  constructor(
    parent: Module,
    name: string,
    private readonly fwd: ForwardSources,
  ) {
    super(parent, name);
    // Outputs that are always another signal's value are that net (one store slot, one VCD
    // identifier for both names), not a copy made each cycle.
    const u = this.u;
    this.connect(this.cp_sel, u.cp_reg);
    this.connect(this.cp_wdata, this.op_c);
    this.connect(this.maint_data, this.op_c);
    this.connect(this.x_load, u.mem_load);
    this.connect(this.x_size, u.mem_size);
    this.connect(this.x_signed, u.mem_signed);
    this.connect(this.x_user, u.mem_user);
    this.connect(this.x_rd2, u.rd2);
    this.connect(this.x_lat, u.lat);
    this.connect(this.x_align, u.mem_align);
  }

  private forward(reg: number, en: number, latched: number): number {
    if (!en) return latched;
    const f = this.fwd;
    if (f.m_valid.on) {
      if (f.m_rd_en.on && !f.m_load.on && f.m_rd.v === reg) return f.m_result.v;
      if (f.m_rd2_en.on && f.m_rd2.v === reg) return f.m_result2.v;
    }
    if (f.w0_en.on && f.w0_addr.v === reg) return f.w0_data.v;
    if (f.w1_en.on && f.w1_addr.v === reg) return f.w1_data.v;
    return latched;
  }

  override comb(): void {
    const u = this.u;
    const cpsr = this.cpsr.v;
    const valid = u.valid.on;
    const cIn = (cpsr >>> 29) & 1;

    // Interrupts are taken before the first uop of an instruction, FIQ first.
    const boundary = valid && u.first.on && this.busy.v === 0;
    const fiq = boundary && this.fiq_sync.on && (cpsr & PSR_F) === 0;
    const irq = !fiq && boundary && this.irq_sync.on && (cpsr & PSR_I) === 0;
    this.take_fiq.v = fiq ? 1 : 0;
    this.take_irq.v = irq ? 1 : 0;
    const pass = valid && !fiq && !irq && conditionPasses(u.cond.v, cpsr);
    this.pass.v = pass ? 1 : 0;

    // Operands after forwarding.
    const a = this.forward(u.ra.v, u.ra_en.v, this.a_val.v);
    const b = this.forward(u.rb.v, u.rb_en.v, this.b_val.v);
    const c = this.forward(u.rc.v, u.rc_en.v, this.c_val.v);
    this.op_a.v = a;
    this.op_b.v = b;
    this.op_c.v = c;
    const aSel = u.a_sel.v;
    const isThumb = u.thumb.on;
    const opA = aSel === A_PC8 ? (u.pc.v + (isThumb ? 4 : 8)) >>> 0 : aSel === A_ZERO ? 0 : aSel === A_LATCH ? this.addr_latch.v : a;
    // The link of BL/BLX: the next instruction, with bit 0 set when it is Thumb code.
    const link = isThumb ? ((u.pc.v + 2) | 1) >>> 0 : (u.pc.v + 4) >>> 0;

    // Barrel shifter and ALU.
    let shifted: number;
    let shCarry: number;
    if (u.b_imm.on) {
      shifted = u.imm.v;
      shCarry = u.imm_rot.on ? shifted >>> 31 : cIn;
    } else {
      const amount = u.shift_reg.on ? c & 0xff : u.shift_imm.v;
      shifted = shift(b, u.shift_type.v, amount, u.shift_reg.on, cIn);
      shCarry = out.carry;
    }
    this.shift_out.v = shifted;
    this.shift_carry.v = shCarry;
    const aluOp = u.alu_op.v;
    let res = 0;
    let carry = shCarry;
    let overflow = (cpsr >>> 28) & 1;
    let logical = false;
    switch (aluOp) {
      case 0x0: case 0x8: res = (opA & shifted) >>> 0; logical = true; break;
      case 0x1: case 0x9: res = (opA ^ shifted) >>> 0; logical = true; break;
      case 0x2: case 0xa: res = addWithCarry(opA, ~shifted, 1); carry = out.carry; overflow = out.overflow; break;
      case 0x3: res = addWithCarry(shifted, ~opA, 1); carry = out.carry; overflow = out.overflow; break;
      case 0x4: case 0xb: res = addWithCarry(opA, shifted, 0); carry = out.carry; overflow = out.overflow; break;
      case 0x5: res = addWithCarry(opA, shifted, cIn); carry = out.carry; overflow = out.overflow; break;
      case 0x6: res = addWithCarry(opA, ~shifted, cIn); carry = out.carry; overflow = out.overflow; break;
      case 0x7: res = addWithCarry(shifted, ~opA, cIn); carry = out.carry; overflow = out.overflow; break;
      case 0xc: res = (opA | shifted) >>> 0; logical = true; break;
      case 0xd: res = shifted; logical = true; break;
      case 0xe: res = (opA & ~shifted) >>> 0; logical = true; break;
      default: res = ~shifted >>> 0; logical = true; break;
    }
    if (logical) carry = shCarry;
    this.alu_result.v = res;
    const nzcv = ((res >>> 31) << 3) | ((res === 0 ? 1 : 0) << 2) | (carry << 1) | overflow;
    this.alu_nzcv.v = nzcv;

    // Defaults: the uop passes on doing nothing.
    let cpsrNext = cpsr;
    let cpsrWe = 0;
    let spsrWe = 0;
    let spsrAddr = 0;
    let spsrData = 0;
    let redirect = 0;
    let target = 0;
    let hold = 0;
    let targetThumb = isThumb ? 1 : 0;
    let exc = EXC_NONE;
    let rdEn = pass ? u.rd_en.v : 0;
    let rd = u.rd.v;
    let rdPc = pass ? u.rd_pc.v : 0;
    let rd2En = pass ? u.rd2_en.v : 0;
    let result = res;
    let result2 = res;
    let mem = 0;
    let addr = res;
    let wdata = 0;
    let cpWe = 0;
    let mulLo = 0;
    let mulHi = 0;
    let maint = 0;

    // Exception entry (an interrupt before this instruction, or the uop's own exception).
    const entry = fiq ? EXC_FIQ : irq ? EXC_IRQ : pass && u.kind.v === K_EXC ? u.exc.v : EXC_NONE;
    if (entry !== EXC_NONE) {
      const e = EXC_ENTRY[entry]!;
      spsrWe = 1;
      spsrAddr = spsrIndex(e.mode);
      spsrData = cpsr;
      cpsrNext = (((cpsr & ~0x3f) | e.mode | PSR_I | (e.maskF ? PSR_F : 0)) & ~PSR_T) >>> 0;
      cpsrWe = 1;
      rdEn = 1;
      rd = physReg(14, e.mode);
      rdPc = 0;
      // A data abort gives back a register its sequence already overwrote (loaded by `inject`).
      rd2En = entry === EXC_DABT ? u.rd2_en.v : 0;
      result2 = this.restore_val.v;
      // SWI and undefined return to the next instruction: 2 bytes on in Thumb state.
      result = (u.pc.v + e.lrOffset - (isThumb && (entry === EXC_UND || entry === EXC_SWI) ? 2 : 0)) >>> 0;
      redirect = 1;
      target = ((this.high_vectors.on ? 0xffff0000 : 0) + e.vector) >>> 0;
      targetThumb = 0;
      exc = entry;
    } else if (pass) {
      if (u.e_cycles.v > this.busy.v) hold = 1;
      switch (u.kind.v) {
        case K_ALU: {
          if (u.set_flags.on) {
            if (u.rd_pc.on) {
              // Exception return: CPSR <- SPSR (from a mode that has one).
              cpsrNext = exceptionReturnCpsr(cpsr, this.spsr.v);
              cpsrWe = 1;
            } else {
              cpsrNext = ((cpsr & 0x0fff_ffff) | (nzcv << 28)) >>> 0;
              cpsrWe = 1;
            }
          }
          if (u.rd_pc.on) {
            // The state after: the SPSR's for an exception return, else unchanged (no interworking).
            redirect = 1;
            if (u.set_flags.on) targetThumb = (cpsrNext >>> 5) & 1;
            target = (res & (targetThumb ? ~1 : ~3)) >>> 0;
          }
          break;
        }
        case K_MEM: {
          mem = 1;
          addr = u.mem_post.on ? opA : res;
          wdata = u.use_latch.on ? this.data_latch.v : c;
          const base = u.first.on ? a : this.base_latch.v;
          result2 = u.wb_src.v === WB_BASE_IMM2 ? (base + u.imm2.v) >>> 0 : u.wb_src.v === WB_FIRST_ALU ? this.first_alu.v : res;
          break;
        }
        case K_BRANCH:
          redirect = 1;
          result = link;
          if (u.xchg.on) {
            targetThumb ^= 1;
            cpsrNext = (cpsr ^ PSR_T) >>> 0;
            cpsrWe = 1;
          }
          target = (res & (targetThumb ? ~1 : ~3)) >>> 0;
          break;
        case K_BX:
          redirect = 1;
          result = link;
          targetThumb = b & 1;
          target = (b & (targetThumb ? ~1 : ~3)) >>> 0;
          cpsrNext = ((cpsr & ~PSR_T) | (targetThumb << 5)) >>> 0;
          cpsrWe = 1;
          break;
        case K_MUL: {
          const long = u.mul_long.on;
          let lo = multiply64(a, b, u.mul_signed.on);
          let hi = out.hi;
          if (u.mul_acc.on) {
            lo = add64(lo, hi, c, long ? this.acc_hi.v : 0);
            hi = out.hi;
          }
          mulLo = lo;
          mulHi = hi;
          result = lo;
          result2 = hi;
          if (u.set_flags.on) {
            const n = long ? hi >>> 31 : lo >>> 31;
            const z = long ? (lo | hi) === 0 : lo === 0;
            cpsrNext = ((cpsr & 0x3fff_ffff) | (n << 31) | (z ? 1 << 30 : 0)) >>> 0;
            cpsrWe = 1;
          }
          break;
        }
        case K_DSPMUL: {
          const op = u.dsp_op.v;
          if (op === 1) {
            // SMULWy / SMLAWy: (Rm * Rs.half) >> 16
            const lo = multiply64(a, half(b, u.dsp_y.v) >>> 0, true);
            const prod = ((out.hi << 16) | (lo >>> 16)) >>> 0;
            result = prod;
            if (u.mul_acc.on) {
              result = addWithCarry(prod, c, 0);
              if (out.overflow) {
                cpsrNext = (cpsr | PSR_Q) >>> 0;
                cpsrWe = 1;
              }
            }
          } else {
            const prod = Math.imul(half(a, u.dsp_x.v), half(b, u.dsp_y.v)) >>> 0;
            if (op === 2) {
              // SMLALxy: 64-bit accumulate of the sign-extended product
              result = add64(prod, (prod | 0) < 0 ? 0xffff_ffff : 0, c, this.acc_hi.v);
              result2 = out.hi;
            } else if (u.mul_acc.on) {
              result = addWithCarry(prod, c, 0);
              if (out.overflow) {
                cpsrNext = (cpsr | PSR_Q) >>> 0;
                cpsrWe = 1;
              }
            } else result = prod;
          }
          mulLo = result;
          mulHi = result2;
          break;
        }
        case K_QARITH: {
          const op = u.q_op.v;
          let rn = a | 0;
          let sat = 0;
          if (op >= 2) {
            rn = saturate(2 * rn) | 0;
            sat = out.sat;
          }
          result = saturate(op & 1 ? (b | 0) - rn : (b | 0) + rn);
          sat |= out.sat;
          if (sat) {
            cpsrNext = (cpsr | PSR_Q) >>> 0;
            cpsrWe = 1;
          }
          break;
        }
        case K_CLZ:
          result = Math.clz32(b);
          break;
        case K_MRS:
          // MRS of the SPSR in User or System mode (no SPSR: UNPREDICTABLE) reads the CPSR.
          result = u.psr_spsr.on && spsrIndex(cpsr & 0x1f) >= 0 ? this.spsr.v : cpsr;
          break;
        case K_MSR: {
          const value = u.b_imm.on ? u.imm.v : b;
          const m = u.psr_mask.v;
          const privileged = (cpsr & 0x1f) !== MODE_USR;
          const fields = (m & 8 ? 0xff00_0000 : 0) | (privileged ? (m & 4 ? 0xff_0000 : 0) | (m & 2 ? 0xff00 : 0) | (m & 1 ? 0xff : 0) : 0);
          if (u.psr_spsr.on) {
            // An SPSR takes T too (the state an exception return goes to); usr/sys have none.
            const k = spsrIndex(cpsr & 0x1f);
            const mask = fields & PSR_WRITABLE_SPSR;
            if (k >= 0) {
              spsrWe = 1;
              spsrAddr = k;
              spsrData = ((this.spsr.v & ~mask) | (value & mask)) >>> 0;
            }
          } else {
            // The CPSR: never T, never the reserved bits; an invalid mode keeps the current one.
            const mask = fields & PSR_WRITABLE_CPSR;
            cpsrNext = withValidMode(((cpsr & ~mask) | (value & mask)) >>> 0, cpsr);
            cpsrWe = 1;
            if ((mask & 0xff) !== 0) {
              // A control-field write refetches the next instruction under the new mode.
              redirect = 1;
              target = (u.pc.v + 4) >>> 0;
            }
          }
          break;
        }
        case K_MCR:
          if (u.cp_reg.v === CP_WFI) {
            if (!this.irq_sync.on && !this.fiq_sync.on) hold = 1;
          } else if (isMaintenance(u.cp_reg.v)) {
            // Cache/TLB maintenance: a handshake with the memory system, started once every
            // older instruction has left the pipeline (nothing can flush it half-way).
            if (!this.maint_done.on) {
              hold = 1;
              maint = this.older_busy.on ? 0 : 1;
            }
          } else cpWe = 1;
          break;
        case K_MRC:
          if (isMaintenance(u.cp_reg.v)) {
            if (!this.maint_done.on) {
              hold = 1;
              maint = this.older_busy.on ? 0 : 1;
            }
            result = this.maint_result.v;
          } else result = this.cp_rdata.v;
          if (u.set_flags.on) {
            cpsrNext = ((cpsr & 0x0fff_ffff) | (result & 0xf000_0000)) >>> 0;
            cpsrWe = 1;
          }
          break;
        case K_ACCHI:
          break;
        default:
          break;
      }
    }

    this.hold.v = hold;
    this.redirect.v = hold ? 0 : redirect;
    this.target.v = target;
    this.target_thumb.v = targetThumb;
    this.cpsr_we.v = hold ? 0 : cpsrWe;
    this.cpsr_wdata.v = cpsrNext;
    this.spsr_we.v = hold ? 0 : spsrWe;
    this.spsr_waddr.v = spsrAddr;
    this.spsr_wdata.v = spsrData;
    this.cp_we.v = hold ? 0 : cpWe;
    this.maint_valid.v = maint;
    this.pabt.v = exc === 3 && u.fetch_abort.on ? 1 : 0;
    this.mul_lo.v = mulLo;
    this.mul_hi.v = mulHi;

    this.x_valid.v = valid && !hold ? 1 : 0;
    this.x_last.v = u.last.v | (fiq || irq || exc !== EXC_NONE ? 1 : 0);
    this.x_exc.v = exc;
    this.x_mem.v = mem;
    this.x_addr.v = addr >>> 0;
    this.x_wdata.v = wdata >>> 0;
    this.x_rd.v = rd;
    this.x_rd_en.v = rdEn;
    this.x_rd_pc.v = rdPc && u.kind.v === K_MEM ? 1 : 0; // loads to the pc redirect from Writeback
    this.x_rd2_en.v = rd2En;
    this.x_result.v = result >>> 0;
    this.x_result2.v = result2 >>> 0;
    this.x_ldm_psr.v = pass ? u.ldm_psr.v : 0;
    this.x_cpsr.v = cpsrWe ? cpsrNext : cpsr;
  }

  /**
   * Clocked part. `advance`: take the uop Decode offers; `holdStage`: keep the current uop (refresh
   * its operands); `inject`: replace the uop with a data-abort entry for the uop in Memory.
   */
  readonly advance = this.input('advance', 1);
  readonly hold_stage = this.input('hold_stage', 1);
  readonly flush = this.input('flush', 1);
  readonly commit = this.input('commit', 1);
  readonly inject_dabt = this.input('inject_dabt', 1);
  /** Decode's offer is a condition-failing sequence folded into one uop: it is the last. */
  readonly fold = this.input('fold', 1);
  readonly inject_pc = this.input('inject_pc', 32);
  readonly inject_instr = this.input('inject_instr', 32);
  readonly inject_thumb = this.input('inject_thumb', 1);
  /** Decode's offer: a uop and its operands (connected by the core). */
  private offer: { uop: UopWires; a: Signal; b: Signal; c: Signal; copy: BundleCopy } | null = null;

  /** Connect Decode's offer: a uop and the register file's read data (made by the core). */
  setOffer(uop: UopWires, a: Signal, b: Signal, c: Signal): void {
    this.offer = { uop, a, b, c, copy: new BundleCopy(uopList(this.u), uopList(uop)) };
  }

  override clock(): void {
    const u = this.u;
    this.irq_sync.next = this.irq.v;
    this.fiq_sync.next = this.fiq.v;
    if (this.maint_valid.on && this.maint_ready.on) {
      this.maint_done.next = 1;
      this.maint_result.next = this.maint_rdata.v;
    }
    if (this.commit.on) {
      // Sequence state for the uops that follow.
      if (u.first.on) {
        this.base_latch.next = this.op_a.v;
        this.first_alu.next = this.alu_result.v;
        const r = this.pass.on ? u.abt_restore.v : RESTORE_NONE;
        this.restore_en.next = r === RESTORE_A ? u.ra_en.v : r === RESTORE_B ? u.rb_en.v : r === RESTORE_C ? u.rc_en.v : 0;
        this.restore_reg.next = r === RESTORE_B ? u.rb.v : r === RESTORE_C ? u.rc.v : u.ra.v;
        this.restore_val.next = r === RESTORE_B ? this.op_b.v : r === RESTORE_C ? this.op_c.v : this.op_a.v;
      }
      // Sequences step through memory from the word-aligned address (LDM/STM ignore bits 1:0).
      if (this.x_mem.on) this.addr_latch.next = u.mem_align.on ? (this.x_addr.v & ~3) >>> 0 : this.x_addr.v;
      if (u.latch_data.on) this.data_latch.next = this.op_c.v;
      if (u.kind.v === K_ACCHI && this.pass.on) this.acc_hi.next = this.op_c.v;
    }
    if (this.inject_dabt.on) {
      this.loadDataAbort();
      this.busy.next = 0;
      this.maint_done.next = 0;
      return;
    }
    if (this.flush.on) {
      u.valid.next = 0;
      this.busy.next = 0;
      this.maint_done.next = 0;
      return;
    }
    if (this.hold_stage.on) {
      // Holding: keep the uop, capture operands so values forwarded now are not lost.
      this.a_val.next = this.op_a.v;
      this.b_val.next = this.op_b.v;
      this.c_val.next = this.op_c.v;
      if (this.hold.on && this.busy.v < u.e_cycles.v) this.busy.next = this.busy.v + 1;
      return;
    }
    this.busy.next = 0;
    this.maint_done.next = 0;
    const offer = this.offer!;
    if (this.advance.on) {
      const ou = offer.uop;
      offer.copy.run();
      if (this.fold.on) u.last.next = 1;
      // Reads of r15 give the instruction's address + 8 (Thumb + 4), 4 more where the ARM9 does:
      // port C with `pc12` (stored pc, shift amount), ports A and B only with a register shift.
      const pc8 = (ou.pc.v + (ou.thumb.on ? 4 : 8)) >>> 0;
      const pc12 = (pc8 + 4) >>> 0;
      const abRead = ou.pc12.on && ou.shift_reg.on ? pc12 : pc8;
      this.a_val.next = ou.ra_pc.on ? abRead : offer.a.v;
      this.b_val.next = ou.rb_pc.on ? abRead : offer.b.v;
      this.c_val.next = ou.rc_pc.on ? (ou.pc12.on ? pc12 : pc8) : offer.c.v;
    } else u.valid.next = 0;
  }

  private loadDataAbort(): void {
    const u = this.u;
    for (const key of UOP_KEYS) u[key].next = 0;
    u.valid.next = 1;
    // Not an instruction boundary: the abort belongs to the instruction in Memory, which has not
    // finished, so a pending IRQ or FIQ must wait for the entry (Data Abort has priority over both,
    // and interrupts are taken only between instructions).
    u.first.next = 0;
    u.last.next = 1;
    u.kind.next = K_EXC;
    u.cond.next = 0xe;
    u.exc.next = 4; // EXC_DABT
    u.pc.next = this.inject_pc.v;
    u.instr.next = this.inject_instr.v;
    u.thumb.next = this.inject_thumb.v;
    u.rd2.next = this.restore_reg.v;
    u.rd2_en.next = this.restore_en.v;
  }
}

export { PSR_C };
