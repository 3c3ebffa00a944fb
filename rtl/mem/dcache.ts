// Data side: D-cache and its controller, between the core's data port and the D-side bus arbiter
// (shared with the table walker and the write buffer).
//
// In IDLE a request is decided combinationally (`act`, one of A_*), and the same decision drives
// the clocked update, so the answer the core sees and what the cache does cannot disagree:
//   read hit            answered at once
//   write hit, WB page  answered at once; the line's word is written and the line marked dirty
//   write hit, WT page  answered at once when the write buffer has room; word written + buffered
//   write miss (C or B) answered at once when the write buffer has room (no write-allocate)
//   read miss (C)       EVICT (if the victim is dirty) then FILL, critical word first
//   non-cacheable read, non-bufferable write: UNC (a single bus transfer), then RESP
//   TLB miss            WALK; alignment/domain/permission fault: answered at once with abort
// Every D-side bus transfer (fill, write-back, uncached) waits until the write buffer is empty.
//
// Maintenance (c7, when IDLE and no data access is pending; an access pending with the request is
// older than the MCR and goes first): invalidate all / by MVA / by set-way, clean and clean+invalidate by
// MVA / set-way (a dirty line is written back word by word in CLEAN), test-and-clean and
// test-clean-and-invalidate (SCAN one set per cycle, clean the first dirty line; Z = no dirty line
// found; the invalidate form invalidates the whole cache once it is clean), drain write buffer.
// By-MVA operations on physically tagged caches ('asid') translate the MVA through the TLB (walking
// on a miss; a translation fault makes the operation a no-op).
import type { DCacheConfig } from '../config.ts';
import type { Memory, Module } from '../hdl/index.ts';
import { SIZE_WORD, declareMemPort } from '../bus/mem-port.ts';
import { CacheBase } from './cache-base.ts';
import { CTRL_M, OP, RESULT_Z, opCode } from './cp15-link.ts';
import { FS_ALIGNMENT, FS_EXTERNAL_PAGE, FS_EXTERNAL_SECTION, FS_LINEFILL_PAGE, FS_LINEFILL_SECTION, laneMask } from './faults.ts';

export const D_IDLE = 0;
export const D_WALK = 1;
export const D_FILL = 2;
export const D_UNC = 3;
export const D_RESP = 4;
export const D_EVICT = 5;
export const D_CLEAN = 6;
export const D_SCAN = 7;

// Decisions in IDLE (wire `act`).
export const A_NONE = 0;
export const A_FAULT = 1;
export const A_WALK = 2;
export const A_READ_HIT = 3;
export const A_WRITE_BACK_HIT = 4;
export const A_WRITE_THROUGH_HIT = 5;
export const A_BUFFERED = 6;
export const A_FILL = 7;
export const A_UNCACHED = 8;
export const A_STALL_FULL = 9;

const MINE: ReadonlySet<number> = new Set([
  OP.INV_D_ALL,
  OP.INV_D_MVA,
  OP.INV_D_SETWAY,
  OP.INV_ID_ALL,
  OP.CLEAN_D_MVA,
  OP.CLEAN_D_SETWAY,
  OP.TEST_CLEAN_D,
  OP.DRAIN_WB,
  OP.CLEAN_INV_D_MVA,
  OP.CLEAN_INV_D_SETWAY,
  OP.TEST_CLEAN_INV_D,
]);

export class DCache extends CacheBase {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static override readonly compileHere = (source: string): unknown => eval(source);

  readonly core = declareMemPort(this, 'core', 'slave');

  // To the arbiter (a request is a function of registers only).
  readonly want = this.output('want', 1);
  readonly bus_addr = this.output('bus_addr', 32);
  readonly bus_we = this.output('bus_we', 1);
  readonly bus_size = this.output('bus_size', 2);
  readonly bus_wdata = this.output('bus_wdata', 32);
  readonly bus_priv = this.output('bus_priv', 1);
  readonly grant = this.input('grant', 1);
  readonly bus_ready = this.input('bus_ready', 1);
  readonly bus_rdata = this.input('bus_rdata', 32);
  readonly bus_abort = this.input('bus_abort', 1);

  // Write buffer.
  readonly wb_empty = this.input('wb_empty', 1);
  readonly wb_full = this.input('wb_full', 1);
  readonly wb_push = this.output('wb_push', 1);
  readonly wb_push_addr = this.output('wb_push_addr', 32);
  readonly wb_push_data = this.output('wb_push_data', 32);
  readonly wb_push_size = this.output('wb_push_size', 2);

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
  readonly op_result = this.output('op_result', 32);

  readonly forceWriteThrough: boolean;
  /** Physical line address of each line (for write-back from a virtually tagged cache). */
  readonly ptag: Memory;
  readonly dirty: Memory;

  readonly act = this.wire('act', 4);
  readonly state = this.reg('state', 3, D_IDLE);
  readonly upa = this.reg('upa', 32); // uncached access
  readonly uwe = this.reg('uwe', 1);
  readonly usize = this.reg('usize', 2);
  readonly uwdata = this.reg('uwdata', 32);
  readonly eline = this.reg('eline', 16); // line being written back (EVICT, CLEAN)
  readonly epa = this.reg('epa', 32);
  readonly ebeat = this.reg('ebeat', 5);
  readonly cinv = this.reg('cinv', 1); // CLEAN: invalidate the line too
  readonly scan = this.reg('scan', 16); // SCAN: set being tested
  readonly walk_op = this.reg('walk_op', 1); // WALK: translating a maintenance operation's MVA
  readonly op_res = this.reg('op_res', 32);
  readonly writebacks = this.reg('writebacks', 32);

  constructor(parent: Module | null, name: string, cfg: DCacheConfig, physical: boolean) {
    super(parent, name, cfg, physical);
    this.forceWriteThrough = cfg.writePolicy === 'write-through';
    this.ptag = this.memory('ptag', 32 - this.lineShift, this.lines);
    this.dirty = this.memory('dirty', 1, this.lines, { writePorts: this.lines, resetValue: 0 });
    // Outputs that are always another signal's value are that net (one store slot, one VCD
    // identifier for both names), not a copy made each cycle.
    this.connect(this.walk_mva, this.wmva);
    this.connect(this.bus_priv, this.bpriv);
    this.connect(this.op_result, this.op_res);
  }

  /** Testbench backdoor (functional warming, no clock): a preloaded line's physical address and dirty bit. */
  preloadLineState(line: number, pa: number, dirty: boolean): void {
    this.ptag.load(line, [pa >>> this.lineShift]);
    this.dirty.load(line, [dirty ? 1 : 0]);
  }

  private opCode(): number {
    return this.op_valid.on ? opCode(this.op_crn.v, this.op_crm.v, this.op_opc2.v) : -1;
  }

  private wordOf(addr: number): number {
    return (addr >>> 2) & (this.wordsPerLine - 1);
  }

  /** The IDLE decision for the core's request (see A_*); also sets hit/hit_way. */
  private decide(): number {
    const t = this.t;
    if (!this.core.req.on) return A_NONE;
    if (t.miss.on) return A_WALK;
    if (t.fault.on) return A_FAULT;
    const cacheable = t.cache.on;
    const line = cacheable ? this.lookupCurrent() : -1;
    if (!this.core.we.on) {
      if (line >= 0) return A_READ_HIT;
      return cacheable ? A_FILL : A_UNCACHED;
    }
    const writeThrough = this.forceWriteThrough || !t.buf.on;
    if (line >= 0 && !writeThrough) return A_WRITE_BACK_HIT;
    if (cacheable || t.buf.on) {
      if (this.wb_full.on) return A_STALL_FULL;
      return line >= 0 ? A_WRITE_THROUGH_HIT : A_BUFFERED;
    }
    return A_UNCACHED;
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
    let act = A_NONE;
    if (st === D_IDLE) {
      act = this.decide();
      if (act === A_FAULT) {
        ready = 1;
        abort = 1;
        fsr = this.t.fsr.v;
      } else if (act === A_READ_HIT) {
        ready = 1;
        const line = (this.setOf(this.physical ? this.t.pa.v : this.t.mva.v) * this.ways + this.hit_way.v) >>> 0;
        rdata = this.data.read(line * this.wordsPerLine + this.wordOf(this.t.pa.v));
      } else if (act === A_WRITE_BACK_HIT || act === A_WRITE_THROUGH_HIT || act === A_BUFFERED) ready = 1;
    } else if (st === D_FILL || st === D_RESP) {
      this.answerPending(st === D_FILL);
      const a = this.pending;
      ready = a.ready;
      rdata = a.rdata;
      abort = a.abort;
      fsr = a.fsr;
    }
    this.act.v = act;
    c.ready.v = ready;
    c.rdata.v = rdata;
    c.abort.v = abort;
    c.fsr.v = fsr;

    const push = act === A_WRITE_THROUGH_HIT || act === A_BUFFERED;
    this.wb_push.v = push ? 1 : 0;
    this.wb_push_addr.v = push ? this.t.pa.v : 0;
    this.wb_push_data.v = push ? c.wdata.v : 0;
    this.wb_push_size.v = push ? c.size.v : 0;

    this.walk.v = st === D_WALK ? 1 : 0;

    // Bus request: registers only.
    const drain = this.wb_empty.on;
    if (st === D_FILL) {
      this.want.v = drain ? 1 : 0;
      this.bus_addr.v = (this.lpa.v | (((this.cw.v + this.beat.v) & (this.wordsPerLine - 1)) << 2)) >>> 0;
      this.bus_we.v = 0;
      this.bus_size.v = SIZE_WORD;
      this.bus_wdata.v = 0;
    } else if (st === D_UNC) {
      this.want.v = drain ? 1 : 0;
      this.bus_addr.v = this.upa.v;
      this.bus_we.v = this.uwe.v;
      this.bus_size.v = this.usize.v;
      this.bus_wdata.v = this.uwdata.v;
    } else if (st === D_EVICT || st === D_CLEAN) {
      this.want.v = drain ? 1 : 0;
      this.bus_addr.v = (this.epa.v | (this.ebeat.v << 2)) >>> 0;
      this.bus_we.v = 1;
      this.bus_size.v = SIZE_WORD;
      this.bus_wdata.v = this.data.read(this.eline.v * this.wordsPerLine + this.ebeat.v);
    } else {
      this.want.v = 0;
      this.bus_addr.v = 0;
      this.bus_we.v = 0;
      this.bus_size.v = 0;
      this.bus_wdata.v = 0;
    }

    const code = this.opCode();
    this.op_done.v = !MINE.has(code) || this.op_fin.on ? 1 : 0;
  }

  override clock(): void {
    if (this.op_ready.on) this.op_fin.next = 0;
    const granted = this.grant.on && this.bus_ready.on;
    switch (this.state.v) {
      case D_IDLE: {
        const code = this.opCode();
        // A pending data access is older than the maintenance operation (the MCR is behind it in
        // the pipeline): it goes first.
        if (this.core.req.on) this.access();
        else if (MINE.has(code) && !this.op_fin.on) this.startOp(code);
        break;
      }
      case D_WALK:
        if (this.walk_done.on) {
          if (this.walk_op.on) {
            // Translation for a by-MVA maintenance operation: a fault makes it a no-op.
            if (this.walk_fault.on) this.finish(0);
            else this.state.next = D_IDLE;
          } else if (this.walk_fault.on) {
            this.bump(this.aborts);
            this.respond(0, 1, this.walk_fsr.v);
          } else this.state.next = D_IDLE;
        }
        break;
      case D_FILL: {
        const answering = this.cw_valid.on && !this.responded.on && this.core.req.on;
        if (answering) this.responded.next = 1;
        if (!granted) break;
        const beat = this.beat.v;
        const word = (this.cw.v + beat) & (this.wordsPerLine - 1);
        const abort = this.bus_abort.on;
        const line = this.line.v;
        this.data.write(line * this.wordsPerLine + word, this.bus_rdata.v);
        if (beat === 0) {
          this.cw_data.next = this.bus_rdata.v;
          this.cw_valid.next = 1;
          this.cw_abort.next = abort ? 1 : 0;
        }
        if (abort) this.fill_err.next = 1;
        if (beat === this.wordsPerLine - 1) {
          this.tag.write(line, this.ltag.v);
          this.ptag.write(line, this.lpa.v >>> this.lineShift);
          this.dirty.write(line, 0);
          if (!abort && !this.fill_err.on) {
            this.valid.write(line, 1);
            this.bump(this.fills);
          }
          if (this.responded.on || answering) this.state.next = D_IDLE;
          else this.respond(this.cw_data.v, this.cw_abort.v, this.cw_abort.on ? this.afsr.v : 0);
        } else this.beat.next = beat + 1;
        break;
      }
      case D_UNC:
        if (granted) {
          const abort = this.bus_abort.on;
          if (abort) this.bump(this.aborts);
          this.respond(this.uwe.on ? 0 : this.bus_rdata.v, abort ? 1 : 0, abort ? this.afsr.v : 0);
        }
        break;
      case D_EVICT:
      case D_CLEAN:
        if (granted) {
          const beat = this.ebeat.v;
          if (beat < this.wordsPerLine - 1) {
            this.ebeat.next = beat + 1;
            break;
          }
          this.bump(this.writebacks);
          if (this.state.v === D_EVICT) this.state.next = D_FILL;
          else {
            this.dirty.write(this.eline.v, 0);
            if (this.cinv.on) this.valid.write(this.eline.v, 0);
            this.finish(this.op_res.v);
          }
        }
        break;
      case D_SCAN: {
        const set = this.scan.v;
        for (let w = 0; w < this.ways; w++) {
          const l = set * this.ways + w;
          if (this.valid.data[l] !== 0 && this.dirty.data[l] !== 0) {
            this.op_res.next = 0;
            this.startClean(l);
            return;
          }
        }
        if (set + 1 < this.sets) this.scan.next = set + 1;
        else {
          if (this.cinv.on) this.invalidateAll();
          this.finish(RESULT_Z);
        }
        break;
      }
      default:
        this.state.next = D_IDLE;
        break;
    }
  }

  private access(): void {
    const act = this.act.v;
    if (act === A_NONE) return;
    const t = this.t;
    if (act === A_WALK) {
      this.bump(this.tlb_misses);
      this.walk_op.next = 0;
      this.wmva.next = t.mva.v;
      this.state.next = D_WALK;
      return;
    }
    if ((this.ctrl.v & CTRL_M) !== 0 && !(act === A_FAULT && t.fsr.v === FS_ALIGNMENT)) this.bump(this.tlb_hits);
    const c = this.core;
    const pa = t.pa.v;
    const hitLine = (this.setOf(this.physical ? pa : t.mva.v) * this.ways + this.hit_way.v) >>> 0;
    this.bpriv.next = c.priv.v;
    switch (act) {
      case A_FAULT:
        this.bump(this.aborts);
        return;
      case A_READ_HIT:
        this.bump(this.hits);
        return;
      case A_WRITE_BACK_HIT:
      case A_WRITE_THROUGH_HIT: {
        this.bump(this.hits);
        const mask = laneMask(pa, c.size.v);
        this.data.write(hitLine * this.wordsPerLine + this.wordOf(pa), (c.wdata.v & mask) >>> 0, mask);
        if (act === A_WRITE_BACK_HIT) this.dirty.write(hitLine, 1);
        return;
      }
      case A_BUFFERED:
      case A_STALL_FULL:
        return;
      case A_FILL: {
        this.bump(this.misses);
        const addr = this.physical ? pa : t.mva.v;
        const set = this.setOf(addr);
        const line = set * this.ways + this.chooseVictim(set);
        this.line.next = line;
        this.ltag.next = addr >>> this.lineShift;
        this.lpa.next = (pa & ~((this.wordsPerLine << 2) - 1)) >>> 0;
        this.cw.next = this.wordOf(pa);
        this.beat.next = 0;
        this.cw_valid.next = 0;
        this.cw_abort.next = 0;
        this.responded.next = 0;
        this.fill_err.next = 0;
        this.afsr.next = (t.dom.v << 4) | (t.sect.on ? FS_LINEFILL_SECTION : FS_LINEFILL_PAGE);
        if (this.valid.data[line] !== 0 && this.dirty.data[line] !== 0) {
          this.eline.next = line;
          this.epa.next = (this.ptag.data[line]! << this.lineShift) >>> 0;
          this.ebeat.next = 0;
          this.state.next = D_EVICT;
        } else this.state.next = D_FILL;
        this.valid.write(line, 0);
        return;
      }
      default: {
        // A_UNCACHED
        this.bump(this.uncached);
        this.upa.next = pa;
        this.uwe.next = c.we.v;
        this.usize.next = c.size.v;
        this.uwdata.next = c.wdata.v;
        this.afsr.next = (t.dom.v << 4) | (t.sect.on ? FS_EXTERNAL_SECTION : FS_EXTERNAL_PAGE);
        this.state.next = D_UNC;
      }
    }
  }

  private respond(data: number, abort: number, fsr: number): void {
    this.respondWith(data, abort, fsr);
    this.state.next = D_RESP;
  }

  private finish(result: number): void {
    this.op_res.next = result;
    this.op_fin.next = 1;
    this.state.next = D_IDLE;
  }

  private invalidateAll(): void {
    for (let l = 0; l < this.lines; l++) {
      if (this.valid.data[l] !== 0) this.valid.write(l, 0);
      if (this.dirty.data[l] !== 0) this.dirty.write(l, 0);
    }
  }

  private startClean(line: number): void {
    this.eline.next = line;
    this.epa.next = (this.ptag.data[line]! << this.lineShift) >>> 0;
    this.ebeat.next = 0;
    this.state.next = D_CLEAN;
  }

  /** Act on one line: invalidate, clean, or clean and invalidate. */
  private lineOp(line: number, clean: boolean, inv: boolean): void {
    if (line < 0) return this.finish(0);
    if (clean && this.valid.data[line] !== 0 && this.dirty.data[line] !== 0) {
      this.cinv.next = inv ? 1 : 0;
      this.op_res.next = 0;
      return this.startClean(line);
    }
    if (inv) {
      this.valid.write(line, 0);
      this.dirty.write(line, 0);
    }
    this.finish(0);
  }

  /** The line an MVA operation addresses, -1 if not cached, or -2 if a table walk was started. */
  private lineOfMva(): number {
    let addr = this.op_data.v;
    if (this.physical) {
      if (this.t.miss.on) {
        this.bump(this.tlb_misses);
        this.walk_op.next = 1;
        this.wmva.next = addr;
        this.state.next = D_WALK;
        return -2;
      }
      addr = this.t.pa.v;
    }
    const set = this.setOf(addr);
    const w = this.probe(set, addr >>> this.lineShift);
    return w < 0 ? -1 : set * this.ways + w;
  }

  private startOp(code: number): void {
    switch (code) {
      case OP.INV_D_ALL:
      case OP.INV_ID_ALL:
        this.invalidateAll();
        return this.finish(0);
      case OP.DRAIN_WB:
        if (this.wb_empty.on) this.finish(0);
        return;
      case OP.INV_D_SETWAY:
        return this.lineOp(this.setWayLine(this.op_data.v), false, true);
      case OP.CLEAN_D_SETWAY:
        return this.lineOp(this.setWayLine(this.op_data.v), true, false);
      case OP.CLEAN_INV_D_SETWAY:
        return this.lineOp(this.setWayLine(this.op_data.v), true, true);
      case OP.TEST_CLEAN_D:
      case OP.TEST_CLEAN_INV_D:
        this.cinv.next = code === OP.TEST_CLEAN_INV_D ? 1 : 0;
        this.scan.next = 0;
        this.state.next = D_SCAN;
        return;
      default: {
        // By MVA.
        const line = this.lineOfMva();
        if (line === -2) return;
        if (code === OP.INV_D_MVA) return this.lineOp(line, false, true);
        if (code === OP.CLEAN_D_MVA) return this.lineOp(line, true, false);
        return this.lineOp(line, true, true);
      }
    }
  }
}
