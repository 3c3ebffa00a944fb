// Write buffer: a FIFO of buffered stores (address, data on its byte lanes, size), drained in
// order to the D-side bus through the arbiter whenever it gets the bus. Depth configurable (ARM926:
// 16 data words; modelled as 16 entries of one store each, without merging). Every other D-side
// bus transaction waits for it to be empty, so reads, line fills, write-backs and unbuffered
// writes never overtake a buffered store. An external abort on a drained store is imprecise on
// the ARM926; here it is dropped (and counted).
import { Module } from '../hdl/index.ts';
import { log2 } from './faults.ts';

export class WriteBuffer extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly push = this.input('push', 1);
  readonly push_addr = this.input('push_addr', 32);
  readonly push_data = this.input('push_data', 32);
  readonly push_size = this.input('push_size', 2);
  readonly empty = this.output('empty', 1);
  readonly full = this.output('full', 1);

  readonly want = this.output('want', 1);
  readonly bus_addr = this.output('bus_addr', 32);
  readonly bus_wdata = this.output('bus_wdata', 32);
  readonly bus_size = this.output('bus_size', 2);
  readonly grant = this.input('grant', 1);
  readonly bus_ready = this.input('bus_ready', 1);
  readonly bus_abort = this.input('bus_abort', 1);

  readonly depth: number;
  readonly wb_addr: ReturnType<Module['memory']>;
  readonly wb_data: ReturnType<Module['memory']>;
  readonly wb_size: ReturnType<Module['memory']>;
  readonly head: ReturnType<Module['reg']>;
  readonly tail: ReturnType<Module['reg']>;
  readonly count: ReturnType<Module['reg']>;
  readonly pushes = this.reg('pushes', 32);
  readonly drains = this.reg('drains', 32);
  readonly dropped_aborts = this.reg('dropped_aborts', 32);

  constructor(parent: Module | null, name: string, depth: number) {
    super(parent, name);
    this.depth = depth;
    const bits = Math.max(1, log2(depth));
    this.wb_addr = this.memory('wb_addr', 32, depth);
    this.wb_data = this.memory('wb_data', 32, depth);
    this.wb_size = this.memory('wb_size', 2, depth);
    this.head = this.reg('head', bits);
    this.tail = this.reg('tail', bits);
    this.count = this.reg('count', bits + 1);
  }

  override comb(): void {
    const n = this.count.v;
    const h = this.head.v;
    this.empty.v = n === 0 ? 1 : 0;
    this.full.v = n === this.depth ? 1 : 0;
    this.want.v = n !== 0 ? 1 : 0;
    this.bus_addr.v = this.wb_addr.read(h);
    this.bus_wdata.v = this.wb_data.read(h);
    this.bus_size.v = this.wb_size.read(h);
  }

  override clock(): void {
    let n = this.count.v;
    const mask = this.depth - 1;
    if (this.grant.on && this.bus_ready.on && n > 0) {
      this.head.next = (this.head.v + 1) & mask;
      this.drains.next = (this.drains.v + 1) >>> 0;
      if (this.bus_abort.on) this.dropped_aborts.next = (this.dropped_aborts.v + 1) >>> 0;
      n--;
    }
    if (this.push.on) {
      const t = this.tail.v;
      this.wb_addr.write(t, this.push_addr.v);
      this.wb_data.write(t, this.push_data.v);
      this.wb_size.write(t, this.push_size.v);
      this.tail.next = (t + 1) & mask;
      this.pushes.next = (this.pushes.v + 1) >>> 0;
      n++;
    }
    this.count.next = n;
  }
}
