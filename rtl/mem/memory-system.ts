// The memory system of the ARM926EJ-S-class platform: MMU (TLB + hardware table walker), I-cache,
// D-cache, write buffer and the D-side bus arbiter, between the core's two memory ports and two
// bus master ports (Harvard, like the ARM926's two AHB interfaces).
//
//   core side (slaves):  i    instruction fetches          d    loads and stores
//   bus side (masters):  ibus I-cache fills, uncached fetches
//                        dbus  table walks, D-cache fills and write-backs, uncached data, write
//                              buffer drains (arbitrated: walker > D-cache > write buffer)
//   cp15 (link):         register values and maintenance requests from the core's CP15
//
// Timing contract: core-side ready/rdata/abort/fsr depend combinationally on the core's request
// (a hit is answered in the cycle of the request); every bus-side request is a function of
// registers only, and bus responses are only sampled at the clock edge, so there is no
// combinational path from the core to the bus or from the bus to the core. Evaluate the memory
// system's comb logic after whatever drives the core-side requests and before the bus slaves.
import type { HardwareConfig } from '../config.ts';
import { Module } from '../hdl/index.ts';
import { connectMemPorts, declareMemPort } from '../bus/mem-port.ts';
import { DBusArbiter } from './arbiter.ts';
import type { TlbView } from './cache-base.ts';
import { declareCp15Link } from './cp15-link.ts';
import { DCache } from './dcache.ts';
import { ICache } from './icache.ts';
import { Tlb } from './tlb.ts';
import { Walker } from './walker.ts';
import { WriteBuffer } from './write-buffer.ts';

export interface SideStats {
  readonly hits: number;
  readonly misses: number;
  readonly fills: number;
  readonly uncached: number;
  readonly tlbHits: number;
  readonly tlbMisses: number;
  readonly aborts: number;
}

export interface MemoryStats {
  readonly i: SideStats;
  readonly d: SideStats & { readonly writebacks: number };
  readonly walks: number;
  readonly walkFaults: number;
  readonly writeBuffer: { readonly pushes: number; readonly drains: number; readonly droppedAborts: number };
}

export class MemorySystem extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly i = declareMemPort(this, 'i', 'slave');
  readonly d = declareMemPort(this, 'd', 'slave');
  readonly ibus = declareMemPort(this, 'ibus', 'master');
  readonly dbus = declareMemPort(this, 'dbus', 'master');
  readonly cp15 = declareCp15Link(this, 'cp15', 'mem');

  readonly tlb: Tlb;
  readonly walker: Walker;
  readonly wbuf: WriteBuffer;
  readonly icache: ICache;
  readonly dcache: DCache;
  readonly arb: DBusArbiter;

  constructor(
    parent: Module | null,
    name: string,
    readonly config: HardwareConfig,
  ) {
    super(parent, name);
    const physical = config.addressSpaceSwitch === 'asid';
    this.tlb = new Tlb(this, 'tlb', config.tlb, physical);
    this.walker = new Walker(this, 'walker');
    this.wbuf = new WriteBuffer(this, 'wbuf', config.writeBuffer.depth);
    this.icache = new ICache(this, 'icache', config.icache, physical);
    this.dcache = new DCache(this, 'dcache', config.dcache, physical);
    this.arb = new DBusArbiter(this, 'arb');
    const c = this.cp15;
    const tlb = this.tlb;
    const w = this.walker;
    const ic = this.icache;
    const dc = this.dcache;
    const wb = this.wbuf;
    const arb = this.arb;
    const link = (a: Parameters<Module['connect']>[0], b: Parameters<Module['connect']>[1]): void => this.connect(a, b);

    connectMemPorts(this, ic.core, this.i);
    connectMemPorts(this, ic.bus, this.ibus);
    connectMemPorts(this, dc.core, this.d);
    connectMemPorts(this, arb.bus, this.dbus);

    // TLB
    link(tlb.ctrl, c.ctrl);
    link(tlb.dacr, c.dacr);
    link(tlb.fcsepid, c.fcsepid);
    link(tlb.contextid, c.contextid);
    link(tlb.tlblock, c.tlblock);
    link(tlb.i_va, this.i.addr);
    link(tlb.i_priv, this.i.priv);
    link(tlb.d_req, this.d.req);
    link(tlb.d_va, this.d.addr);
    link(tlb.d_priv, this.d.priv);
    link(tlb.d_we, this.d.we);
    link(tlb.d_size, this.d.size);
    link(tlb.fill_valid, w.fill_valid);
    link(tlb.fill_mva, w.fill_mva);
    link(tlb.fill_pa, w.fill_pa);
    link(tlb.fill_attr, w.fill_attr);

    // Walker
    link(w.ttbr, c.ttbr);
    link(w.contextid, c.contextid);
    link(w.walk_i, ic.walk);
    link(w.mva_i, ic.walk_mva);
    link(w.walk_d, dc.walk);
    link(w.mva_d, dc.walk_mva);
    link(w.grant, arb.walker_grant);
    link(w.bus_ready, this.dbus.ready);
    link(w.bus_rdata, this.dbus.rdata);
    link(w.bus_abort, this.dbus.abort);

    // Caches
    const view = (v: TlbView, p: TlbView): void => {
      for (const k of Object.keys(v) as Array<keyof TlbView>) link(v[k], p[k]);
    };
    view(ic.t, tlb.i);
    view(dc.t, tlb.d);
    for (const cache of [ic, dc]) {
      link(cache.ctrl, c.ctrl);
      link(cache.op_valid, c.op_valid);
      link(cache.op_crn, c.op_crn);
      link(cache.op_crm, c.op_crm);
      link(cache.op_opc2, c.op_opc2);
      link(cache.op_data, c.op_data);
      link(cache.op_ready, c.op_ready);
      link(cache.walk_fault, w.fault);
      link(cache.walk_fsr, w.fsr);
    }
    link(tlb.op_valid, c.op_valid);
    link(tlb.op_crn, c.op_crn);
    link(tlb.op_crm, c.op_crm);
    link(tlb.op_opc2, c.op_opc2);
    link(tlb.op_data, c.op_data);
    link(tlb.op_ready, c.op_ready);
    link(ic.walk_done, w.done_i);
    link(dc.walk_done, w.done_d);

    // D side: write buffer and arbiter
    link(wb.push, dc.wb_push);
    link(wb.push_addr, dc.wb_push_addr);
    link(wb.push_data, dc.wb_push_data);
    link(wb.push_size, dc.wb_push_size);
    link(dc.wb_empty, wb.empty);
    link(dc.wb_full, wb.full);
    link(dc.grant, arb.dc_grant);
    link(dc.bus_ready, this.dbus.ready);
    link(dc.bus_rdata, this.dbus.rdata);
    link(dc.bus_abort, this.dbus.abort);
    link(wb.grant, arb.wb_grant);
    link(wb.bus_ready, this.dbus.ready);
    link(wb.bus_abort, this.dbus.abort);
    link(arb.walker_want, w.want);
    link(arb.walker_addr, w.bus_addr);
    link(arb.dc_want, dc.want);
    link(arb.dc_addr, dc.bus_addr);
    link(arb.dc_we, dc.bus_we);
    link(arb.dc_size, dc.bus_size);
    link(arb.dc_wdata, dc.bus_wdata);
    link(arb.dc_priv, dc.bus_priv);
    link(arb.wb_want, wb.want);
    link(arb.wb_addr, wb.bus_addr);
    link(arb.wb_size, wb.bus_size);
    link(arb.wb_wdata, wb.bus_wdata);
    // The link's fault address and maintenance result are those nets, not copies made each cycle.
    link(c.op_result, dc.op_result);
    link(c.far, tlb.d.mva);
  }


  override comb(): void {
    const c = this.cp15;
    // Every done is read on every path (no short circuit), so elaboration's recording sees them all.
    const done = this.tlb.op_done.v & this.icache.op_done.v & this.dcache.op_done.v;
    c.op_ready.v = c.op_valid.v & done;
    c.tlblock_inc.v = this.walker.fill_valid.on && (c.tlblock.v & 1) !== 0 && this.config.tlb.lockdownEntries > 0 ? 1 : 0;
  }

  /** Counters, read from their registers. */
  stats(): MemoryStats {
    const side = (x: ICache | DCache): SideStats => ({
      hits: x.hits.v,
      misses: x.misses.v,
      fills: x.fills.v,
      uncached: x.uncached.v,
      tlbHits: x.tlb_hits.v,
      tlbMisses: x.tlb_misses.v,
      aborts: x.aborts.v,
    });
    return {
      i: side(this.icache),
      d: { ...side(this.dcache), writebacks: this.dcache.writebacks.v },
      walks: this.walker.walks.v,
      walkFaults: this.walker.walk_faults.v,
      writeBuffer: { pushes: this.wbuf.pushes.v, drains: this.wbuf.drains.v, droppedAborts: this.wbuf.dropped_aborts.v },
    };
  }
}
