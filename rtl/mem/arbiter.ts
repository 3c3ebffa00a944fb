// D-side bus arbiter: the table walker, the D-cache controller and the write buffer share the
// D-side bus port. Fixed priority walker > D-cache > write buffer; a granted master keeps the bus
// until its transfer completes (`owner`), as the port contract requires. Every master's request is
// a function of its registers, so there is no combinational path from the core to the bus.
import { Module } from '../hdl/index.ts';
import { SIZE_WORD, declareMemPort } from '../bus/mem-port.ts';

const NONE = 0;
const WALKER = 1;
const DCACHE = 2;
const WBUF = 3;

export class DBusArbiter extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly bus = declareMemPort(this, 'bus', 'master');

  readonly walker_want = this.input('walker_want', 1);
  readonly walker_addr = this.input('walker_addr', 32);
  readonly dc_want = this.input('dc_want', 1);
  readonly dc_addr = this.input('dc_addr', 32);
  readonly dc_we = this.input('dc_we', 1);
  readonly dc_size = this.input('dc_size', 2);
  readonly dc_wdata = this.input('dc_wdata', 32);
  readonly dc_priv = this.input('dc_priv', 1);
  readonly wb_want = this.input('wb_want', 1);
  readonly wb_addr = this.input('wb_addr', 32);
  readonly wb_size = this.input('wb_size', 2);
  readonly wb_wdata = this.input('wb_wdata', 32);

  readonly walker_grant = this.output('walker_grant', 1);
  readonly dc_grant = this.output('dc_grant', 1);
  readonly wb_grant = this.output('wb_grant', 1);

  /** Master holding the bus until its transfer completes (0 none, 1 walker, 2 D-cache, 3 write buffer). */
  readonly owner = this.reg('owner', 2, NONE);
  readonly granted = this.wire('granted', 2);

  override comb(): void {
    let g = this.owner.v;
    if (g === NONE) g = this.walker_want.on ? WALKER : this.dc_want.on ? DCACHE : this.wb_want.on ? WBUF : NONE;
    this.granted.v = g;
    this.walker_grant.v = g === WALKER ? 1 : 0;
    this.dc_grant.v = g === DCACHE ? 1 : 0;
    this.wb_grant.v = g === WBUF ? 1 : 0;
    const b = this.bus;
    if (g === WALKER) {
      b.req.v = 1;
      b.addr.v = this.walker_addr.v;
      b.we.v = 0;
      b.size.v = SIZE_WORD;
      b.wdata.v = 0;
      b.priv.v = 1;
    } else if (g === DCACHE) {
      b.req.v = 1;
      b.addr.v = this.dc_addr.v;
      b.we.v = this.dc_we.v;
      b.size.v = this.dc_size.v;
      b.wdata.v = this.dc_wdata.v;
      b.priv.v = this.dc_priv.v;
    } else if (g === WBUF) {
      b.req.v = 1;
      b.addr.v = this.wb_addr.v;
      b.we.v = 1;
      b.size.v = this.wb_size.v;
      b.wdata.v = this.wb_wdata.v;
      b.priv.v = 1;
    } else {
      b.req.v = 0;
      b.addr.v = 0;
      b.we.v = 0;
      b.size.v = 0;
      b.wdata.v = 0;
      b.priv.v = 0;
    }
  }

  override clock(): void {
    const g = this.granted.v;
    this.owner.next = g !== NONE && !this.bus.ready.on ? g : NONE;
  }
}
