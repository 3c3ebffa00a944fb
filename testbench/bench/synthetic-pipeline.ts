// A synthetic design of realistic size for benchmarking the simulation kernel and the VCD writer:
// about 50 modules and a few thousand bits of state, shaped like a 5-stage pipeline with a register
// file, forwarding, a cache-like tag array, counters and small devices. It computes nothing useful;
// it exercises the kernel the way the ARM926 model will (pipeline registers, combinational stage
// logic, memory reads and writes, text signals per stage).
import { Memory, Module, type Reg, type Signal, type TextSignal } from '../../rtl/hdl/index.ts';

const OPS = ['add', 'sub', 'and', 'orr', 'eor', 'mov', 'ldr', 'str'] as const;
/** Disassembly per instruction word is looked up, not formatted, so tracing text allocates nothing. */
const TEXT_TABLE: string[] = Array.from({ length: 4096 }, (_, k) => `${OPS[k & 7]} r${(k >> 3) & 15}, r${(k >> 7) & 15}, #${k >> 11}`);
const textOf = (instr: number): string => TEXT_TABLE[instr & 4095]!;

class Alu extends Module {
  readonly a = this.input('a', 32);
  readonly b = this.input('b', 32);
  readonly op = this.input('op', 3);
  readonly result = this.output('result', 32);
  readonly flags = this.output('flags', 4);
  override comb(): void {
    const a = this.a.v;
    const b = this.b.v;
    let r: number;
    switch (this.op.v) {
      case 0: r = (a + b) >>> 0; break;
      case 1: r = (a - b) >>> 0; break;
      case 2: r = (a & b) >>> 0; break;
      case 3: r = (a | b) >>> 0; break;
      case 4: r = (a ^ b) >>> 0; break;
      default: r = b;
    }
    this.result.v = r;
    this.flags.v = ((r >>> 31) << 3) | ((r === 0 ? 1 : 0) << 2) | (a > r ? 2 : 0);
  }
}

class Shifter extends Module {
  readonly value = this.input('value', 32);
  readonly amount = this.input('amount', 5);
  readonly out = this.output('out', 32);
  override comb(): void {
    const n = this.amount.v;
    this.out.v = n === 0 ? this.value.v : ((this.value.v >>> n) | (this.value.v << (32 - n))) >>> 0;
  }
}

class Multiplier extends Module {
  readonly a = this.input('a', 32);
  readonly b = this.input('b', 32);
  readonly product = this.reg('product', 32);
  readonly stage = this.reg('stage', 2);
  override clock(): void {
    this.product.next = Math.imul(this.a.v, this.b.v) >>> 0;
    this.stage.next = (this.stage.v + 1) & 3;
  }
}

class CondCheck extends Module {
  readonly flags = this.input('flags', 4);
  readonly cond = this.input('cond', 4);
  readonly pass = this.output('pass', 1);
  override comb(): void {
    this.pass.v = this.cond.v === 14 || (this.flags.v & (1 << (this.cond.v & 3))) !== 0 ? 1 : 0;
  }
}

class FieldSplit extends Module {
  readonly instr = this.input('instr', 32);
  readonly op = this.output('op', 3);
  readonly rd = this.output('rd', 4);
  readonly rn = this.output('rn', 4);
  readonly rm = this.output('rm', 4);
  readonly cond = this.output('cond', 4);
  override comb(): void {
    const i = this.instr.v;
    this.op.v = i & 7;
    this.rd.v = (i >>> 3) & 15;
    this.rn.v = (i >>> 7) & 15;
    this.rm.v = (i >>> 11) & 15;
    this.cond.v = i >>> 28;
  }
}

class ImmGen extends Module {
  readonly instr = this.input('instr', 32);
  readonly imm = this.output('imm', 32);
  override comb(): void {
    const rot = ((this.instr.v >>> 8) & 15) * 2;
    const v = this.instr.v & 0xff;
    this.imm.v = rot === 0 ? v : ((v >>> rot) | (v << (32 - rot))) >>> 0;
  }
}

class Counter32 extends Module {
  readonly inc = this.input('inc', 1);
  readonly count = this.reg('count', 32);
  override clock(): void {
    if (this.inc.on) this.count.next = (this.count.v + 1) >>> 0;
  }
}

class Fetch extends Module {
  readonly rom: Memory;
  readonly stall = this.input('stall', 1);
  readonly redirect = this.input('redirect', 1);
  readonly target = this.input('target', 32);
  readonly pc = this.reg('pc', 32, 0x8000);
  readonly instrOut = this.reg('instr_out', 32);
  readonly pcOut = this.reg('pc_out', 32);
  readonly validOut = this.reg('valid_out', 1);
  readonly fetched = this.wire('fetched', 32);
  readonly mnemonic: TextSignal = this.text('mnemonic');
  constructor(parent: Module, name: string) {
    super(parent, name);
    this.rom = this.memory('rom', 32, 1024);
    let x = 0x1234567;
    const words: number[] = [];
    for (let k = 0; k < 1024; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      words.push(x);
    }
    this.rom.load(0, words);
  }
  override comb(): void {
    this.fetched.v = this.rom.read((this.pc.v >>> 2) & 1023);
    this.mnemonic.v = textOf(this.instrOut.v);
  }
  override clock(): void {
    if (this.redirect.on) {
      this.pc.next = this.target.v;
      this.validOut.next = 0;
    } else if (!this.stall.on) {
      this.pc.next = (this.pc.v + 4) >>> 0;
      this.instrOut.next = this.fetched.v;
      this.pcOut.next = this.pc.v;
      this.validOut.next = 1;
    }
  }
}

class Decode extends Module {
  readonly instr = this.input('instr', 32);
  readonly pcIn = this.input('pc_in', 32);
  readonly validIn = this.input('valid_in', 1);
  readonly stall = this.input('stall', 1);
  readonly fields = new FieldSplit(this, 'fields');
  readonly immgen = new ImmGen(this, 'immgen');
  readonly opOut = this.reg('op_out', 3);
  readonly rdOut = this.reg('rd_out', 4);
  readonly rnOut = this.reg('rn_out', 4);
  readonly rmOut = this.reg('rm_out', 4);
  readonly condOut = this.reg('cond_out', 4);
  readonly immOut = this.reg('imm_out', 32);
  readonly pcOut = this.reg('pc_out', 32);
  readonly instrOut = this.reg('instr_out', 32);
  readonly validOut = this.reg('valid_out', 1);
  readonly mnemonic = this.text('mnemonic');
  constructor(parent: Module, name: string) {
    super(parent, name);
    this.connect(this.fields.instr, this.instr);
    this.connect(this.immgen.instr, this.instr);
  }
  override comb(): void {
    this.mnemonic.v = textOf(this.instrOut.v);
  }
  override clock(): void {
    if (this.stall.on) return;
    this.opOut.next = this.fields.op.v;
    this.rdOut.next = this.fields.rd.v;
    this.rnOut.next = this.fields.rn.v;
    this.rmOut.next = this.fields.rm.v;
    this.condOut.next = this.fields.cond.v;
    this.immOut.next = this.immgen.imm.v;
    this.pcOut.next = this.pcIn.v;
    this.instrOut.next = this.instr.v;
    this.validOut.next = this.validIn.v;
  }
}

class RegisterFile extends Module {
  readonly regs = this.memory('regs', 32, 37, {
    trace: true,
    entryNames: [
      ...Array.from({ length: 16 }, (_, k) => `r${k}`),
      ...['r8_fiq', 'r9_fiq', 'r10_fiq', 'r11_fiq', 'r12_fiq', 'r13_fiq', 'r14_fiq', 'r13_irq', 'r14_irq', 'r13_svc', 'r14_svc', 'r13_abt', 'r14_abt', 'r13_und', 'r14_und'],
      ...['cpsr', 'spsr_fiq', 'spsr_irq', 'spsr_svc', 'spsr_abt', 'spsr_und'],
    ],
  });
  readonly raddrA = this.input('raddr_a', 6);
  readonly raddrB = this.input('raddr_b', 6);
  readonly rdataA = this.output('rdata_a', 32);
  readonly rdataB = this.output('rdata_b', 32);
  readonly we = this.input('we', 1);
  readonly waddr = this.input('waddr', 6);
  readonly wdata = this.input('wdata', 32);
  override comb(): void {
    this.rdataA.v = this.regs.read(this.raddrA.v);
    this.rdataB.v = this.regs.read(this.raddrB.v);
  }
  override clock(): void {
    if (this.we.on) this.regs.write(this.waddr.v, this.wdata.v);
  }
}

class Forwarding extends Module {
  readonly rn = this.input('rn', 4);
  readonly rm = this.input('rm', 4);
  readonly exRd = this.input('ex_rd', 4);
  readonly exValid = this.input('ex_valid', 1);
  readonly exResult = this.input('ex_result', 32);
  readonly rfA = this.input('rf_a', 32);
  readonly rfB = this.input('rf_b', 32);
  readonly opA = this.output('op_a', 32);
  readonly opB = this.output('op_b', 32);
  override comb(): void {
    const fwd = this.exValid.on;
    this.opA.v = fwd && this.exRd.v === this.rn.v ? this.exResult.v : this.rfA.v;
    this.opB.v = fwd && this.exRd.v === this.rm.v ? this.exResult.v : this.rfB.v;
  }
}

class Hazard extends Module {
  readonly exOp = this.input('ex_op', 3);
  readonly exRd = this.input('ex_rd', 4);
  readonly rn = this.input('rn', 4);
  readonly stall = this.output('stall', 1);
  readonly stalls = this.reg('stalls', 32);
  override comb(): void {
    this.stall.v = this.exOp.v === 6 && this.exRd.v === this.rn.v ? 1 : 0;
  }
  override clock(): void {
    if (this.stall.on) this.stalls.next = (this.stalls.v + 1) >>> 0;
  }
}

class Execute extends Module {
  readonly opA = this.input('op_a', 32);
  readonly opB = this.input('op_b', 32);
  readonly op = this.input('op', 3);
  readonly rd = this.input('rd', 4);
  readonly cond = this.input('cond', 4);
  readonly imm = this.input('imm', 32);
  readonly validIn = this.input('valid_in', 1);
  readonly instrIn = this.input('instr_in', 32);
  readonly flagsReg = this.reg('flags', 4);
  readonly alu = new Alu(this, 'alu');
  readonly shifter = new Shifter(this, 'shifter');
  readonly mul = new Multiplier(this, 'mul');
  readonly condCheck = new CondCheck(this, 'cond_check');
  readonly resultOut = this.reg('result_out', 32);
  readonly rdOut = this.reg('rd_out', 4);
  readonly opOut = this.reg('op_out', 3);
  readonly validOut = this.reg('valid_out', 1);
  readonly instrOut = this.reg('instr_out', 32);
  readonly branch = this.output('branch', 1);
  readonly target = this.output('target', 32);
  readonly mnemonic = this.text('mnemonic');
  constructor(parent: Module, name: string) {
    super(parent, name);
    this.connect(this.shifter.value, this.opB);
    this.connect(this.alu.a, this.opA);
    this.connect(this.alu.b, this.shifter.out);
    this.connect(this.alu.op, this.op);
    this.connect(this.mul.a, this.opA);
    this.connect(this.mul.b, this.opB);
    this.connect(this.condCheck.flags, this.flagsReg);
    this.connect(this.condCheck.cond, this.cond);
  }
  override comb(): void {
    this.shifter.amount.v = this.imm.v & 31;
    this.branch.v = this.validIn.on && this.op.v === 5 && (this.imm.v & 0x3f) === 0x3f ? 1 : 0;
    this.target.v = (this.imm.v << 2) & 0xffc;
    this.mnemonic.v = textOf(this.instrIn.v);
  }
  override clock(): void {
    this.resultOut.next = this.alu.result.v;
    this.flagsReg.next = this.alu.flags.v;
    this.rdOut.next = this.rd.v;
    this.opOut.next = this.op.v;
    this.validOut.next = this.validIn.v & this.condCheck.pass.v;
    this.instrOut.next = this.instrIn.v;
  }
}

class CacheWay extends Module {
  readonly tags = this.memory('tags', 22, 128);
  readonly valid = this.memory('valid', 1, 128, { resetValue: 0 });
  readonly addr = this.input('addr', 32);
  readonly fill = this.input('fill', 1);
  readonly hit = this.output('hit', 1);
  override comb(): void {
    const set = (this.addr.v >>> 5) & 127;
    this.hit.v = this.valid.read(set) === 1 && this.tags.read(set) === this.addr.v >>> 10 ? 1 : 0;
  }
  override clock(): void {
    if (this.fill.on) {
      const set = (this.addr.v >>> 5) & 127;
      this.tags.write(set, this.addr.v >>> 10);
      this.valid.write(set, 1);
    }
  }
}

class MemoryStage extends Module {
  readonly result = this.input('result', 32);
  readonly rd = this.input('rd', 4);
  readonly op = this.input('op', 3);
  readonly validIn = this.input('valid_in', 1);
  readonly instrIn = this.input('instr_in', 32);
  readonly ways = [0, 1, 2, 3].map((k) => new CacheWay(this, `way${k}`));
  readonly victim = this.reg('victim', 2);
  readonly data = this.memory('data', 32, 2048);
  readonly hit = this.wire('hit', 1);
  readonly resultOut = this.reg('result_out', 32);
  readonly rdOut = this.reg('rd_out', 4);
  readonly validOut = this.reg('valid_out', 1);
  readonly instrOut = this.reg('instr_out', 32);
  readonly mnemonic = this.text('mnemonic');
  readonly fills: Signal[] = [];
  constructor(parent: Module, name: string) {
    super(parent, name);
    for (const w of this.ways) this.connect(w.addr, this.result);
    this.ways.forEach((w, k) => this.fills.push(this.wireFor(k, w)));
  }
  private wireFor(k: number, w: CacheWay): Signal {
    const fill = this.wire(`fill${k}`, 1);
    this.connect(w.fill, fill);
    return fill;
  }
  override comb(): void {
    const isMem = this.validIn.on && this.op.v >= 6;
    let hit = 0;
    for (const w of this.ways) hit |= w.hit.v;
    this.hit.v = hit;
    for (let k = 0; k < 4; k++) this.fills[k]!.v = isMem && !hit && this.victim.v === k ? 1 : 0;
    this.mnemonic.v = textOf(this.instrIn.v);
  }
  override clock(): void {
    const addr = (this.result.v >>> 2) & 2047;
    const isLoad = this.validIn.on && this.op.v === 6;
    if (this.validIn.on && this.op.v === 7) this.data.write(addr, this.result.v);
    if (this.validIn.on && this.op.v >= 6 && !this.hit.on) this.victim.next = (this.victim.v + 1) & 3;
    this.resultOut.next = isLoad ? this.data.read(addr) : this.result.v;
    this.rdOut.next = this.rd.v;
    this.validOut.next = this.validIn.v;
    this.instrOut.next = this.instrIn.v;
  }
}

class Writeback extends Module {
  readonly result = this.input('result', 32);
  readonly rd = this.input('rd', 4);
  readonly validIn = this.input('valid_in', 1);
  readonly instrIn = this.input('instr_in', 32);
  readonly we = this.output('we', 1);
  readonly waddr = this.output('waddr', 6);
  readonly wdata = this.output('wdata', 32);
  readonly retired = this.reg('retired', 32);
  readonly mnemonic = this.text('mnemonic');
  override comb(): void {
    this.we.v = this.validIn.v;
    this.waddr.v = this.rd.v;
    this.wdata.v = this.result.v;
    this.mnemonic.v = textOf(this.instrIn.v);
  }
  override clock(): void {
    if (this.validIn.on) this.retired.next = (this.retired.v + 1) >>> 0;
  }
}

class Device extends Module {
  readonly ctrl = this.reg('ctrl', 32);
  readonly status = this.reg('status', 32);
  readonly data = this.reg('data', 32);
  readonly irq = this.output('irq', 1);
  override comb(): void {
    this.irq.v = (this.status.v & 1) as 0 | 1;
  }
  override clock(): void {
    this.status.next = (this.status.v + 3) & 0xffff;
    this.data.next = (this.data.v ^ this.status.v) >>> 0;
  }
}

/** The synthetic system: fetch, decode, execute, memory, write, register file, and friends. */
export class SyntheticPipeline extends Module {
  readonly fetch = new Fetch(this, 'fetch');
  readonly decode = new Decode(this, 'decode');
  readonly rf = new RegisterFile(this, 'rf');
  readonly fwd = new Forwarding(this, 'fwd');
  readonly hazard = new Hazard(this, 'hazard');
  readonly execute = new Execute(this, 'execute');
  readonly mem = new MemoryStage(this, 'mem');
  readonly wb = new Writeback(this, 'wb');
  readonly counters = Array.from({ length: 24 }, (_, k) => new Counter32(this, `counter${k}`));
  readonly devices = Array.from({ length: 8 }, (_, k) => new Device(this, `device${k}`));
  readonly cycleCount: Reg = this.reg('cycle_count', 32);

  constructor(parent: Module | null, name: string) {
    super(parent, name);
    const c = (a: Signal, b: Signal): void => this.connect(a, b);
    c(this.decode.instr, this.fetch.instrOut);
    c(this.decode.pcIn, this.fetch.pcOut);
    c(this.decode.validIn, this.fetch.validOut);
    c(this.fetch.stall, this.hazard.stall);
    c(this.decode.stall, this.hazard.stall);
    c(this.fetch.redirect, this.execute.branch);
    c(this.fetch.target, this.execute.target);
    c(this.fwd.rn, this.decode.rnOut);
    c(this.fwd.rm, this.decode.rmOut);
    c(this.fwd.exRd, this.execute.rdOut);
    c(this.fwd.exValid, this.execute.validOut);
    c(this.fwd.exResult, this.execute.resultOut);
    c(this.fwd.rfA, this.rf.rdataA);
    c(this.fwd.rfB, this.rf.rdataB);
    c(this.hazard.exOp, this.execute.opOut);
    c(this.hazard.exRd, this.execute.rdOut);
    c(this.hazard.rn, this.decode.rnOut);
    c(this.execute.opA, this.fwd.opA);
    c(this.execute.opB, this.fwd.opB);
    c(this.execute.op, this.decode.opOut);
    c(this.execute.rd, this.decode.rdOut);
    c(this.execute.cond, this.decode.condOut);
    c(this.execute.imm, this.decode.immOut);
    c(this.execute.validIn, this.decode.validOut);
    c(this.execute.instrIn, this.decode.instrOut);
    c(this.mem.result, this.execute.resultOut);
    c(this.mem.rd, this.execute.rdOut);
    c(this.mem.op, this.execute.opOut);
    c(this.mem.validIn, this.execute.validOut);
    c(this.mem.instrIn, this.execute.instrOut);
    c(this.wb.result, this.mem.resultOut);
    c(this.wb.rd, this.mem.rdOut);
    c(this.wb.validIn, this.mem.validOut);
    c(this.wb.instrIn, this.mem.instrOut);
    c(this.rf.we, this.wb.we);
    c(this.rf.waddr, this.wb.waddr);
    c(this.rf.wdata, this.wb.wdata);
    this.counters.forEach((k, i) => c(k.inc, i % 2 === 0 ? this.wb.we : this.hazard.stall));
  }

  override comb(): void {
    this.rf.raddrA.v = this.decode.rnOut.v;
    this.rf.raddrB.v = this.decode.rmOut.v;
  }

  override clock(): void {
    this.cycleCount.next = (this.cycleCount.v + 1) >>> 0;
  }
}
