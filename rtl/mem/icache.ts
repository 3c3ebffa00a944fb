// Instruction side: I-cache and its controller, between the core's fetch port and the I-side bus.
//
//   IDLE  a fetch is answered in the cycle of the request on a TLB hit and cache hit (or at once
//         with abort on a permission/domain fault); a TLB miss goes to WALK, a cache miss to FILL,
//         a non-cacheable fetch to UNC.
//   WALK  the table walker translates (it refills the TLB; then back to IDLE to look up again), or
//         reports a fault, answered from RESP.
//   FILL  line fill, critical word first (then wrapping): the fetch is answered from `cw_data`
//         the cycle after the critical word arrives, while the rest of the line streams in.
//   UNC   one bus read; answered from RESP.
//   RESP  answer the held request from registers.
//
// Maintenance: c7 I-cache invalidate all / by MVA / by set-way and invalidate I+D, when IDLE.
// With physical tags ('asid'), invalidate by MVA drops every line in the sets the MVA's page
// offset can index (instructions are never dirty, so over-invalidating is harmless).
import type { CacheConfig } from '../config.ts';
import type { Module } from '../hdl/index.ts';
import { SIZE_WORD, declareMemPort } from '../bus/mem-port.ts';
import { CacheBase } from './cache-base.ts';
import { CTRL_M, OP, opCode } from './cp15-link.ts';
import { FS_EXTERNAL_PAGE, FS_EXTERNAL_SECTION, FS_LINEFILL_PAGE, FS_LINEFILL_SECTION } from './faults.ts';

export const S_IDLE = 0;
export const S_WALK = 1;
export const S_FILL = 2;
export const S_UNC = 3;
export const S_RESP = 4;

export class ICache extends CacheBase {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static override readonly compileHere = (source: string): unknown => eval(source);

  readonly core = declareMemPort(this, 'core', 'slave');
  readonly bus = declareMemPort(this, 'bus', 'master');

  // Table walker.
  readonly walk = this.output('walk', 1);
  readonly walk_mva = this.output('walk_mva', 32);
  readonly walk_done = this.input('walk_done', 1);
  readonly walk_fault = this.input('walk_fault', 1);
  readonly walk_fsr = this.input('walk_fsr', 8);

  // Maintenance.
  readonly op_valid = this.input('op_valid', 1);
  readonly op_crn = this.input('op_crn', 4);
  readonly op_crm = this.input('op_crm', 4);
  readonly op_opc2 = this.input('op_opc2', 3);
  readonly op_data = this.input('op_data', 32);
  readonly op_ready = this.input('op_ready', 1);
  readonly op_done = this.output('op_done', 1);

  readonly state = this.reg('state', 3, S_IDLE);

  constructor(parent: Module | null, name: string, cfg: CacheConfig, physical: boolean) {
    super(parent, name, cfg, physical);
    // Outputs that are always another signal's value are that net (one store slot, one VCD
    // identifier for both names), not a copy made each cycle.
    this.connect(this.walk_mva, this.wmva);
    this.connect(this.bus.priv, this.bpriv);
  }

  private opCode(): number {
    return this.op_valid.on ? opCode(this.op_crn.v, this.op_crm.v, this.op_opc2.v) : -1;
  }

  private isMine(code: number): boolean {
    return code === OP.INV_I_ALL || code === OP.INV_I_MVA || code === OP.INV_I_SETWAY || code === OP.INV_ID_ALL;
  }

  override comb(): void {
    const st = this.state.v;
    const c = this.core;
    let ready = 0;
    let rdata = 0;
    let abort = 0;
    let fsr = 0;
    this.hit.v = 0;
    this.hit_way.v = 0;
    if (st === S_IDLE) {
      if (c.req.on && !this.t.miss.on) {
        if (this.t.fault.on) {
          ready = 1;
          abort = 1;
          fsr = this.t.fsr.v;
        } else if (this.t.cache.on) {
          const line = this.lookupCurrent();
          if (line >= 0) {
            ready = 1;
            rdata = this.data.read(line * this.wordsPerLine + ((this.t.pa.v >>> 2) & (this.wordsPerLine - 1)));
          }
        }
      }
    } else if (st === S_FILL || st === S_RESP) {
      this.answerPending(st === S_FILL);
      const a = this.pending;
      ready = a.ready;
      rdata = a.rdata;
      abort = a.abort;
      fsr = a.fsr;
    }
    c.ready.v = ready;
    c.rdata.v = rdata;
    c.abort.v = abort;
    c.fsr.v = fsr;

    this.walk.v = st === S_WALK ? 1 : 0;

    const b = this.bus;
    const fill = st === S_FILL;
    b.req.v = fill || st === S_UNC ? 1 : 0;
    b.addr.v = fill ? (this.lpa.v | (((this.cw.v + this.beat.v) & (this.wordsPerLine - 1)) << 2)) >>> 0 : this.lpa.v;
    b.we.v = 0;
    b.size.v = SIZE_WORD;
    b.wdata.v = 0;

    const code = this.opCode();
    this.op_done.v = !this.isMine(code) || this.op_fin.on ? 1 : 0;
  }

  override clock(): void {
    if (this.op_ready.on) this.op_fin.next = 0;
    switch (this.state.v) {
      case S_IDLE: {
        const code = this.opCode();
        if (this.isMine(code) && !this.op_fin.on) {
          this.maintain(code);
          this.op_fin.next = 1;
          break;
        }
        if (!this.core.req.on) break;
        const t = this.t;
        if (t.miss.on) {
          this.bump(this.tlb_misses);
          this.wmva.next = t.mva.v;
          this.state.next = S_WALK;
          break;
        }
        if ((this.ctrl.v & CTRL_M) !== 0 && !(t.fault.on && t.fsr.v === 1)) this.bump(this.tlb_hits);
        if (t.fault.on) {
          this.bump(this.aborts);
          break;
        }
        this.bpriv.next = this.core.priv.v;
        const pa = t.pa.v;
        if (t.cache.on) {
          if (this.hit.on) {
            this.bump(this.hits);
            break;
          }
          this.bump(this.misses);
          const addr = this.physical ? pa : t.mva.v;
          const set = this.setOf(addr);
          const line = set * this.ways + this.chooseVictim(set);
          this.valid.write(line, 0);
          this.line.next = line;
          this.ltag.next = addr >>> this.lineShift;
          this.lpa.next = (pa & ~((this.wordsPerLine << 2) - 1)) >>> 0;
          this.cw.next = (pa >>> 2) & (this.wordsPerLine - 1);
          this.beat.next = 0;
          this.cw_valid.next = 0;
          this.cw_abort.next = 0;
          this.responded.next = 0;
          this.fill_err.next = 0;
          this.afsr.next = (t.dom.v << 4) | (t.sect.on ? FS_LINEFILL_SECTION : FS_LINEFILL_PAGE);
          this.state.next = S_FILL;
        } else {
          this.bump(this.uncached);
          this.lpa.next = (pa & ~3) >>> 0;
          this.afsr.next = (t.dom.v << 4) | (t.sect.on ? FS_EXTERNAL_SECTION : FS_EXTERNAL_PAGE);
          this.state.next = S_UNC;
        }
        break;
      }
      case S_WALK:
        if (this.walk_done.on) {
          if (this.walk_fault.on) {
            this.bump(this.aborts);
            this.respond(0, 1, this.walk_fsr.v);
          } else this.state.next = S_IDLE;
        }
        break;
      case S_FILL: {
        const answering = this.cw_valid.on && !this.responded.on && this.core.req.on;
        if (answering) this.responded.next = 1;
        if (!this.bus.ready.on) break;
        const beat = this.beat.v;
        const word = (this.cw.v + beat) & (this.wordsPerLine - 1);
        const abort = this.bus.abort.on;
        this.data.write(this.line.v * this.wordsPerLine + word, this.bus.rdata.v);
        if (beat === 0) {
          this.cw_data.next = this.bus.rdata.v;
          this.cw_valid.next = 1;
          this.cw_abort.next = abort ? 1 : 0;
        }
        if (abort) this.fill_err.next = 1;
        if (beat === this.wordsPerLine - 1) {
          this.tag.write(this.line.v, this.ltag.v);
          if (!abort && !this.fill_err.on) {
            this.valid.write(this.line.v, 1);
            this.bump(this.fills);
          }
          if (this.responded.on || answering) this.state.next = S_IDLE;
          else this.respond(this.cw_data.v, this.cw_abort.v, this.cw_abort.on ? this.afsr.v : 0);
        } else this.beat.next = beat + 1;
        break;
      }
      case S_UNC:
        if (this.bus.ready.on) {
          const abort = this.bus.abort.on;
          if (abort) this.bump(this.aborts);
          this.respond(this.bus.rdata.v, abort ? 1 : 0, abort ? this.afsr.v : 0);
        }
        break;
      default:
        this.state.next = S_IDLE;
        break;
    }
  }

  private respond(data: number, abort: number, fsr: number): void {
    this.respondWith(data, abort, fsr);
    this.state.next = S_RESP;
  }

  private maintain(code: number): void {
    if (code === OP.INV_I_ALL || code === OP.INV_ID_ALL) {
      for (let l = 0; l < this.lines; l++) if (this.valid.data[l] !== 0) this.valid.write(l, 0);
      return;
    }
    if (code === OP.INV_I_SETWAY) {
      this.valid.write(this.setWayLine(this.op_data.v), 0);
      return;
    }
    // By MVA.
    const mva = this.op_data.v;
    if (!this.physical) {
      const set = this.setOf(mva);
      const w = this.probe(set, mva >>> this.lineShift);
      if (w >= 0) this.valid.write(set * this.ways + w, 0);
      return;
    }
    // Physically indexed: every set the page offset can select, all ways.
    const waySpan = this.sets << this.lineShift;
    const step = waySpan > 4096 ? 4096 >>> this.lineShift : this.sets;
    for (let set = this.setOf(mva & 0xfff); set < this.sets; set += step) {
      for (let w = 0; w < this.ways; w++) this.valid.write(set * this.ways + w, 0);
    }
  }
}
