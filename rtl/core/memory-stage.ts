// Memory: drives the data port for loads and stores and waits for it. Byte and halfword stores put
// their value on every lane it may occupy (the port contract); the aligned word read comes back
// whole and Writeback picks the bytes.
import { Module, type Signal } from '../hdl/index.ts';
import { declareMemPort, SIZE_BYTE, SIZE_HALF } from '../bus/mem-port.ts';
import { MODE_USR } from './arm.ts';
import type { Execute } from './execute.ts';
import { BundleCopy } from '../hdl/index.ts';
import { declarePostRegs, postList, type PostSource } from './stage-bundle.ts';

export class MemoryStage extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly s = declarePostRegs(this, '');
  readonly dport = declareMemPort(this, 'd', 'master');
  /** Writeback is redirecting (a load of the pc): this younger uop must not touch memory. */
  readonly squash = this.input('squash', 1);
  // From control: hold this uop (waiting for the port), take Execute's result, or empty.
  readonly hold = this.input('hold', 1);
  readonly take = this.input('take', 1);
  private copy: BundleCopy | null = null;

  constructor(parent: Module, name: string) {
    super(parent, name);
    // Outputs that are always another signal's value are that net (one store slot, one VCD
    // identifier for both names), not a copy made each cycle.
    this.connect(this.dport.addr, this.s.addr);
    this.connect(this.dport.size, this.s.size);
  }

  /** Connect Execute's result bundle (built after Memory, which Execute forwards from). */
  attach(e: Execute): void {
    const from: PostSource = {
      valid: e.x_valid, pc: e.u.pc, instr: e.u.instr, last: e.x_last, exc: e.x_exc, mem: e.x_mem, load: e.x_load, size: e.x_size,
      signed: e.x_signed, user: e.x_user, addr: e.x_addr, wdata: e.x_wdata, rd: e.x_rd, rd_en: e.x_rd_en, rd_pc: e.x_rd_pc,
      rd2: e.x_rd2, rd2_en: e.x_rd2_en, result: e.x_result, result2: e.x_result2, ldm_psr: e.x_ldm_psr, cpsr: e.x_cpsr, lat: e.x_lat, align: e.x_align,
      thumb: e.u.thumb, kind: e.u.kind, exec: e.pass, ra: e.u.ra, ra_en: e.u.ra_en, rb: e.u.rb, rb_en: e.u.rb_en, rc: e.u.rc, rc_en: e.u.rc_en,
    };
    this.copy = new BundleCopy(postList(this.s), postList(from));
  }

  override clock(): void {
    if (this.hold.on) return;
    if (this.take.on) this.copy!.run();
    else this.s.valid.next = 0;
  }

  override comb(): void {
    const s = this.s;
    const p = this.dport;
    const go = s.valid.on && s.mem.on && !this.squash.on;
    p.req.v = go ? 1 : 0;
    p.we.v = s.load.on ? 0 : 1;
    const d = s.wdata.v;
    p.wdata.v = s.size.v === SIZE_BYTE ? Math.imul(d & 0xff, 0x01010101) >>> 0 : s.size.v === SIZE_HALF ? Math.imul(d & 0xffff, 0x00010001) >>> 0 : d;
    p.priv.v = !s.user.on && (s.cpsr.v & 0x1f) !== MODE_USR ? 1 : 0;
  }
}

/** Signals of Memory that Execute forwards from. */
export function memoryForwardSources(m: MemoryStage): { m_valid: Signal; m_rd: Signal; m_rd_en: Signal; m_load: Signal; m_result: Signal; m_rd2: Signal; m_rd2_en: Signal; m_result2: Signal } {
  const s = m.s;
  return { m_valid: s.valid, m_rd: s.rd, m_rd_en: s.rd_en, m_load: s.load, m_result: s.result, m_rd2: s.rd2, m_rd2_en: s.rd2_en, m_result2: s.result2 };
}
