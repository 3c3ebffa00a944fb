// The ARM926EJ-S-class core: a 5-stage pipeline (Fetch, Decode, Execute, Memory, Writeback) with
// forwarding and interlocks, the banked register file, CP15, and the control that ties them. Its
// outside is two memory ports (instruction and data, request/ready: see rtl/bus/mem-port.ts), the
// interrupt lines, and the retirement interface of Writeback.
//
// Evaluation order is derived at elaboration (rtl/hdl/comb-schedule.ts): everything that drives the
// ports runs before the memory side, and `control`, which needs the data port's answer, after it.
import { Module } from '../hdl/index.ts';
import { Control } from './control.ts';
import { Cp15 } from './cp15.ts';
import { DecodeStage } from './decode-stage.ts';
import { Execute } from './execute.ts';
import { Fetch } from './fetch.ts';
import { Hazard } from './hazard.ts';
import { MemoryStage, memoryForwardSources } from './memory-stage.ts';
import { RegisterFile } from './regfile.ts';
import { Writeback } from './writeback.ts';

export class Arm926Core extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly irq = this.input('irq', 1);
  readonly fiq = this.input('fiq', 1);
  readonly mode = this.wire('mode', 5);
  readonly priv = this.wire('priv', 1);
  readonly older_busy = this.wire('older_busy', 1);
  readonly pabt_fsr = this.wire('pabt_fsr', 8);

  readonly rf: RegisterFile = new RegisterFile(this, 'rf');
  readonly fetch: Fetch = new Fetch(this, 'fetch');
  readonly decode: DecodeStage = new DecodeStage(this, 'decode');
  readonly hazard: Hazard = new Hazard(this, 'hazard');
  readonly cp15: Cp15 = new Cp15(this, 'cp15');
  readonly mem: MemoryStage = new MemoryStage(this, 'memory');
  readonly writeback: Writeback = new Writeback(this, 'writeback', this.mem);
  readonly execute: Execute;
  readonly control: Control = new Control(this, 'control');

  /** The instruction and data ports (master side). */
  get iport() {
    return this.fetch.iport;
  }
  get dport() {
    return this.mem.dport;
  }

  constructor(parent: Module | null, name: string) {
    super(parent, name);
    const c = (a: Parameters<Module['connect']>[0], b: Parameters<Module['connect']>[1]): void => this.connect(a, b);
    const { rf, fetch: f, decode: d, hazard: h, cp15, control: ctl } = this;

    // Memory and Writeback exist first so Execute can forward from them; Memory latches from
    // Execute, so it is attached once Execute exists.
    const m = this.mem;
    const w = this.writeback;
    this.execute = new Execute(this, 'execute', {
      ...memoryForwardSources(m),
      w0_en: rf.w0_en, w0_addr: rf.w0_addr, w0_data: rf.w0_data, w1_en: rf.w1_en, w1_addr: rf.w1_addr, w1_data: rf.w1_data,
    });
    const e = this.execute;
    m.attach(e);

    // Fetch <-> Decode.
    c(d.q_valid, f.q0_valid);
    c(d.q_instr, f.q0_instr);
    c(d.q_pc, f.q0_pc);
    c(d.q_abort, f.q0_abort);
    c(d.q_fsr, f.q0_fsr);
    c(d.q_thumb, f.q0_thumb);
    c(f.pop, ctl.d_pop);
    c(d.pop, ctl.d_pop);
    c(ctl.d_last, d.uop.last);
    c(ctl.d_first, d.uop.first);
    c(ctl.d_entry_done, d.entry_done);
    c(d.done, ctl.d_done);
    c(ctl.d_cond, d.uop.cond);
    c(d.mode, this.mode);
    c(f.priv, this.priv);
    // Decode <-> register file.
    c(rf.ra_addr, d.ra_addr);
    c(rf.rb_addr, d.rb_addr);
    c(rf.rc_addr, d.rc_addr);
    // Decode -> Execute (the offer is read by Execute's clocked logic).
    e.setOffer(d.uop, rf.ra_data, rf.rb_data, rf.rc_data);
    // Hazard unit.
    c(h.d_valid, d.uop.valid);
    c(h.ra, d.uop.ra);
    c(h.ra_en, d.uop.ra_en);
    c(h.rb, d.uop.rb);
    c(h.rb_en, d.uop.rb_en);
    c(h.rc, d.uop.rc);
    c(h.rc_en, d.uop.rc_en);
    c(h.c_late, d.uop.c_late);
    c(h.e_valid, e.u.valid);
    c(h.e_kind, e.u.kind);
    c(h.e_rd, e.u.rd);
    c(h.e_rd_en, e.u.rd_en);
    c(h.e_rd2, e.u.rd2);
    c(h.e_rd2_en, e.u.rd2_en);
    c(h.e_lat, e.u.lat);
    c(h.e_load, e.u.mem_load);
    c(h.e_rd_pc, e.u.rd_pc);
    c(h.m_rd_pc, m.s.rd_pc);
    c(h.m_valid, m.s.valid);
    c(h.m_rd, m.s.rd);
    c(h.m_rd_en, m.s.rd_en);
    c(h.m_lat, m.s.lat);
    c(h.m_load, m.s.load);
    // Execute's inputs.
    c(e.irq, this.irq);
    c(e.fiq, this.fiq);
    c(e.cpsr, rf.cpsr);
    c(e.spsr, rf.spsr_data);
    c(e.cp_rdata, cp15.rdata);
    c(e.high_vectors, cp15.high_vectors);
    // PSR writes.
    c(rf.e_cpsr_we, e.cpsr_we);
    c(rf.e_cpsr_wdata, e.cpsr_wdata);
    c(rf.e_spsr_we, e.spsr_we);
    c(rf.e_spsr_waddr, e.spsr_waddr);
    c(rf.e_spsr_wdata, e.spsr_wdata);
    c(rf.e_commit, ctl.e_commit);
    c(rf.w_cpsr_we, w.cpsr_we);
    c(rf.w_cpsr_wdata, w.cpsr_wdata);
    // Writeback -> register file write ports.
    c(rf.w0_en, w.w0_en);
    c(rf.w0_addr, w.w0_addr);
    c(rf.w0_data, w.w0_data);
    c(rf.w1_en, w.w1_en);
    c(rf.w1_addr, w.w1_addr);
    c(rf.w1_data, w.w1_data);
    c(w.spsr, rf.spsr_data);
    // CP15.
    c(cp15.rd_reg, e.u.cp_reg);
    c(cp15.we, e.cp_we);
    c(cp15.wdata, e.cp_wdata);
    c(cp15.commit, ctl.e_commit);
    c(cp15.dabt, ctl.m_abort);
    c(cp15.dabt_fsr, m.dport.fsr);
    c(cp15.link.op_valid, e.maint_valid);
    c(cp15.link.op_data, e.maint_data);
    c(e.maint_ready, cp15.link.op_ready);
    c(e.maint_rdata, cp15.link.op_result);
    c(cp15.pabt, e.pabt);
    c(cp15.pabt_fsr, this.pabt_fsr);
    c(e.older_busy, this.older_busy);
    c(cp15.pabt_addr, e.u.pc);
    // Control.
    c(ctl.m_req, m.dport.req);
    c(ctl.m_ready, m.dport.ready);
    c(ctl.m_abort_in, m.dport.abort);
    c(ctl.e_valid, e.u.valid);
    c(ctl.e_hold, e.hold);
    c(ctl.e_redirect, e.redirect);
    c(ctl.e_target, e.target);
    c(ctl.e_target_thumb, e.target_thumb);
    c(ctl.d_valid, d.uop.valid);
    c(ctl.d_interlock, h.interlock);
    c(ctl.w_redirect, w.redirect);
    c(ctl.w_target, w.target);
    c(ctl.w_target_thumb, w.target_thumb);
    c(ctl.high_vectors, cp15.high_vectors);
    c(m.squash, w.redirect);
    // Stage control inputs.
    c(f.redirect, ctl.f_redirect);
    c(f.target, ctl.f_target);
    c(f.target_thumb, ctl.f_thumb);
    c(d.advance, ctl.d_advance);
    c(d.flush, ctl.d_flush);
    c(e.advance, ctl.e_advance);
    c(e.hold_stage, ctl.e_hold_stage);
    c(e.flush, ctl.e_flush);
    c(e.commit, ctl.e_commit);
    c(e.fold, ctl.d_fold);
    c(ctl.e_cpsr_after, e.x_cpsr);
    c(e.inject_dabt, ctl.m_abort);
    c(e.inject_pc, m.s.pc);
    c(e.inject_instr, m.s.instr);
    c(e.inject_thumb, m.s.thumb);
    c(m.hold, ctl.m_hold);
    c(m.take, ctl.m_take);
    c(w.take, ctl.w_take);
  }


  override comb(): void {
    this.older_busy.v = this.mem.s.valid.v | this.writeback.s.valid.v;
    this.pabt_fsr.v = this.execute.u.imm.v & 0xff;
    const mode = this.rf.cpsr.v & 0x1f;
    this.mode.v = mode;
    this.priv.v = mode === 0x10 ? 0 : 1;
  }
}

