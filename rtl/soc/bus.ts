// The system bus: N masters, fixed-priority arbitration, address decode to regions (RAM and
// devices), wait states per region. Two modules because a zero-wait-state read is combinational
// through the target: `Bus` (arbiter and decoder) drives the request into the targets, the targets
// compute their read data, and `BusMux` routes ready/rdata/abort back to the masters. The owner
// (see VersatilePB) schedules them: bus, targets, mux.
//
// Arbitration: masters are listed in priority order, index 0 highest (the core's data port before
// its instruction port). In a cycle where the bus is idle, the highest-priority master with req=1
// is granted. A granted transfer owns the bus until it completes: a region with N wait states
// completes (ready=1) N cycles after the grant, so a request that finds the bus idle sees ready in
// its cycle N (N+1 cycles from req to ready, 0 wait states = ready in the same cycle). The bus is
// free again in the cycle after ready and re-arbitrates in that cycle. A master that drops req
// before ready (the contract forbids it) releases the bus; nothing happens at the target.
// Fixed priority can starve a low-priority master that is always outrun; on this system the data
// side cannot issue every cycle forever, so the instruction side always gets through.
import { ElaborationError, Module, type Reg, type Signal } from '../hdl/index.ts';
import { SIZE_BYTE, SIZE_HALF } from '../bus/mem-port.ts';

/** One address range on the bus. */
export interface BusRegion {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** Wait states: cycles between grant and ready (0..255). */
  readonly waitStates: number;
  /**
   * 'memory': rdata is the aligned word, writes use byte lanes (RAM).
   * 'device': registers are words; a narrow access reaches the register at addr&~3 (QEMU semantics):
   * the store value comes from its lanes zero-extended, the register value is put on the read lanes.
   */
  readonly kind: 'memory' | 'device';
}

export interface BusConfig {
  /** Master names in priority order (index 0 highest); they prefix the port signals. */
  readonly masters: readonly string[];
  readonly regions: readonly BusRegion[];
  /** Wait states of an access that decodes to no region. */
  readonly unmappedWaitStates: number;
  /** Unmapped access: false = read as zero, writes ignored (QEMU versatilepb); true = external abort. */
  readonly unmappedAbort: boolean;
}

/** CP15 FSR status for an external abort on a non-translation access (ARMv5: 0b1000). */
export const FSR_EXTERNAL_ABORT = 0x08;

function bitsFor(n: number): number {
  let w = 1;
  while (1 << w < n) w++;
  return w;
}

function checkWait(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new ElaborationError(`${what}: wait states ${String(n)} not an integer in 0..255`);
}

/** Request side of one master, as the bus sees it (inputs connected to the master's port). */
export interface BusMasterSide {
  readonly name: string;
  readonly req: Signal;
  readonly addr: Signal;
  readonly we: Signal;
  readonly size: Signal;
  readonly wdata: Signal;
  readonly priv: Signal;
  readonly txns: Reg; //        transfers completed
  readonly waitCycles: Reg; //  cycles with req=1 and ready=0 (arbitration and wait states)
}

export class Bus extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly masters: readonly BusMasterSide[];
  // ---- to the targets ----
  readonly grant_valid = this.output('grant_valid', 1); // a master owns the bus this cycle
  readonly grant: Signal; //                                  which one
  readonly target: Signal; //                                 region index; regions.length = unmapped
  readonly done = this.output('done', 1); //                  the granted transfer completes this cycle
  readonly t_addr = this.output('t_addr', 32);
  readonly t_we = this.output('t_we', 1);
  readonly t_size = this.output('t_size', 2);
  readonly t_priv = this.output('t_priv', 1);
  readonly t_wdata = this.output('t_wdata', 32); //  store data on its lanes (memory targets)
  readonly t_wmask = this.output('t_wmask', 32); //  lanes written, as a bit mask (memory targets)
  readonly t_wval = this.output('t_wval', 32); //    store value from its lanes, zero-extended (devices)
  readonly sel: readonly Signal[]; //                 sel_<region>, one-hot while granted
  readonly decode_err = this.output('decode_err', 1); // an unmapped access completes this cycle
  // ---- state ----
  readonly busy = this.reg('busy', 1); //             a transfer with wait states is in progress
  readonly owner: Reg; //                             its master
  readonly elapsed = this.reg('elapsed', 8); //       cycles it has waited so far
  // ---- counters ----
  readonly txns = this.reg('txns', 32);
  readonly wait_cycles = this.reg('wait_cycles', 32);

  private readonly bases: Uint32Array;
  private readonly sizes: Uint32Array;
  private readonly waits: Uint8Array;
  private readonly nRegions: number;

  constructor(
    parent: Module | null,
    name: string,
    readonly config: BusConfig,
  ) {
    super(parent, name);
    const { masters, regions } = config;
    if (masters.length < 1) throw new ElaborationError(`${this.path}: a bus needs at least one master`);
    checkWait(`${this.path} unmapped`, config.unmappedWaitStates);
    regions.forEach((r, k) => {
      checkWait(`${this.path} region ${r.name}`, r.waitStates);
      if (r.size <= 0 || r.base < 0 || r.base + r.size > 2 ** 32) throw new ElaborationError(`${this.path}: region ${r.name} has a bad range`);
      regions.forEach((o, j) => {
        if (j > k && r.base < o.base + o.size && o.base < r.base + r.size) throw new ElaborationError(`${this.path}: regions ${r.name} and ${o.name} overlap`);
      });
    });
    this.masters = masters.map((m) => ({
      name: m,
      req: this.input(`${m}_req`, 1),
      addr: this.input(`${m}_addr`, 32),
      we: this.input(`${m}_we`, 1),
      size: this.input(`${m}_size`, 2),
      wdata: this.input(`${m}_wdata`, 32),
      priv: this.input(`${m}_priv`, 1),
      txns: this.reg(`${m}_txns`, 32),
      waitCycles: this.reg(`${m}_wait_cycles`, 32),
    }));
    this.grant = this.output('grant', bitsFor(masters.length));
    this.owner = this.reg('owner', bitsFor(masters.length));
    this.target = this.output('target', bitsFor(regions.length + 1));
    this.sel = regions.map((r) => this.output(`sel_${r.name}`, 1));
    this.nRegions = regions.length;
    this.bases = Uint32Array.from(regions.map((r) => r.base));
    this.sizes = Uint32Array.from(regions.map((r) => r.size));
    this.waits = Uint8Array.from(regions.map((r) => r.waitStates));
  }

  /** Request inputs and counters of the master called `name`. */
  master(name: string): BusMasterSide {
    const m = this.masters.find((x) => x.name === name);
    if (m === undefined) throw new ElaborationError(`${this.path}: no bus master named ${JSON.stringify(name)}`);
    return m;
  }

  override comb(): void {
    const ms = this.masters;
    let g = -1;
    let el = 0;
    if (this.busy.on && ms[this.owner.v]!.req.on) {
      g = this.owner.v;
      el = this.elapsed.v;
    } else {
      for (let k = 0; k < ms.length; k++) {
        if (ms[k]!.req.on) {
          g = k;
          break;
        }
      }
    }
    const sel = this.sel;
    for (let r = 0; r < sel.length; r++) sel[r]!.v = 0;
    if (g < 0) {
      this.grant_valid.v = 0;
      this.grant.v = 0;
      this.target.v = this.nRegions;
      this.done.v = 0;
      this.decode_err.v = 0;
      this.t_addr.v = 0;
      this.t_we.v = 0;
      this.t_size.v = 0;
      this.t_priv.v = 0;
      this.t_wdata.v = 0;
      this.t_wmask.v = 0;
      this.t_wval.v = 0;
      return;
    }
    const m = ms[g]!;
    const a = m.addr.v;
    let t = this.nRegions;
    for (let r = 0; r < this.nRegions; r++) {
      if (((a - this.bases[r]!) >>> 0) < this.sizes[r]!) {
        t = r;
        break;
      }
    }
    const ws = t < this.nRegions ? this.waits[t]! : this.config.unmappedWaitStates;
    const done = el >= ws ? 1 : 0;
    this.grant_valid.v = 1;
    this.grant.v = g;
    this.target.v = t;
    if (t < this.nRegions) sel[t]!.v = 1;
    this.done.v = done;
    this.decode_err.v = t === this.nRegions ? done : 0;
    const size = m.size.v;
    const wdata = m.wdata.v;
    this.t_addr.v = a;
    this.t_we.v = m.we.v;
    this.t_size.v = size;
    this.t_priv.v = m.priv.v;
    this.t_wdata.v = wdata;
    if (size === SIZE_BYTE) {
      const sh = (a & 3) << 3;
      this.t_wmask.v = (0xff << sh) >>> 0;
      this.t_wval.v = (wdata >>> sh) & 0xff;
    } else if (size === SIZE_HALF) {
      const sh = (a & 2) << 3;
      this.t_wmask.v = (0xffff << sh) >>> 0;
      this.t_wval.v = (wdata >>> sh) & 0xffff;
    } else {
      this.t_wmask.v = 0xffff_ffff;
      this.t_wval.v = wdata;
    }
  }

  override clock(): void {
    const ms = this.masters;
    const g = this.grant_valid.on ? this.grant.v : -1;
    const done = this.done.on;
    let waited = 0;
    for (let k = 0; k < ms.length; k++) {
      const m = ms[k]!;
      if (m.req.on && !(done && k === g)) {
        m.waitCycles.next = (m.waitCycles.v + 1) >>> 0;
        waited++;
      }
    }
    if (waited !== 0) this.wait_cycles.next = (this.wait_cycles.v + waited) >>> 0;
    if (g < 0) {
      if (this.busy.on) {
        this.busy.next = 0;
        this.elapsed.next = 0;
      }
      return;
    }
    if (done) {
      this.busy.next = 0;
      this.elapsed.next = 0;
      const m = ms[g]!;
      m.txns.next = (m.txns.v + 1) >>> 0;
      this.txns.next = (this.txns.v + 1) >>> 0;
    } else {
      this.busy.next = 1;
      this.owner.next = g;
      const continuing = this.busy.on && this.owner.v === g;
      this.elapsed.next = continuing ? Math.min(this.elapsed.v + 1, 255) : 1;
    }
  }
}

/** Routes the completing transfer's response to its master. */
export class BusMux extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly grant_valid = this.input('grant_valid', 1);
  readonly grant: Signal;
  readonly target: Signal;
  readonly done = this.input('done', 1);
  readonly addr = this.input('addr', 32);
  readonly size = this.input('size', 2);
  /** rdata_<region>: each target's read data. */
  readonly region_rdata: readonly Signal[];
  readonly ready: readonly Signal[];
  readonly rdata: readonly Signal[];
  readonly abort: readonly Signal[];
  readonly fsr: readonly Signal[];
  private readonly device: Uint8Array;

  constructor(
    parent: Module | null,
    name: string,
    readonly config: BusConfig,
  ) {
    super(parent, name);
    const { masters, regions } = config;
    this.grant = this.input('grant', bitsFor(masters.length));
    this.target = this.input('target', bitsFor(regions.length + 1));
    this.region_rdata = regions.map((r) => this.input(`rdata_${r.name}`, 32));
    this.ready = masters.map((m) => this.output(`${m}_ready`, 1));
    this.rdata = masters.map((m) => this.output(`${m}_rdata`, 32));
    this.abort = masters.map((m) => this.output(`${m}_abort`, 1));
    this.fsr = masters.map((m) => this.output(`${m}_fsr`, 8));
    this.device = Uint8Array.from(regions.map((r) => (r.kind === 'device' ? 1 : 0)));
  }

  /** The read data of whichever target is granted: indexed by a signal, so declared for the schedule. */
  override combReads(): readonly Signal[] {
    return this.region_rdata;
  }

  override comb(): void {
    const n = this.ready.length;
    for (let k = 0; k < n; k++) {
      this.ready[k]!.v = 0;
      this.rdata[k]!.v = 0;
      this.abort[k]!.v = 0;
      this.fsr[k]!.v = 0;
    }
    if (!this.grant_valid.on || !this.done.on) return;
    const g = this.grant.v;
    const t = this.target.v;
    let data = 0;
    let abort = 0;
    if (t < this.region_rdata.length) {
      data = this.region_rdata[t]!.v;
      if (this.device[t] === 1) {
        const a = this.addr.v;
        const size = this.size.v;
        if (size === SIZE_BYTE) data = ((data & 0xff) << ((a & 3) << 3)) >>> 0;
        else if (size === SIZE_HALF) data = ((data & 0xffff) << ((a & 2) << 3)) >>> 0;
      }
    } else if (this.config.unmappedAbort) {
      abort = 1;
    }
    this.ready[g]!.v = 1;
    this.rdata[g]!.v = data;
    this.abort[g]!.v = abort;
    this.fsr[g]!.v = abort ? FSR_EXTERNAL_ABORT : 0;
  }
}
