// A test bus master: drives a MemPort from a script of transactions and records each completion
// (the cycle its request was first asserted, the cycle ready came, the response). Testbench code:
// the script and results are plain arrays; the hardware-visible state (script index, cycle count)
// is in registers so check mode sees a deterministic comb().
import { Module, Simulator, type CycleObserver, type Signal } from '../../rtl/hdl/index.ts';
import { SIZE_BYTE, SIZE_HALF, SIZE_WORD, connectMemPorts, declareMemPort, type MemPort } from '../../rtl/bus/mem-port.ts';
import { VersatilePB, type VersatileConfig } from '../../rtl/soc/versatile.ts';

export type Size = typeof SIZE_BYTE | typeof SIZE_HALF | typeof SIZE_WORD;

export interface Txn {
  readonly addr: number;
  readonly we?: boolean;
  readonly size?: Size; //        default word
  readonly value?: number; //     store value (narrow); replicated on the lanes as the contract says
  readonly wdata?: number; //     raw wdata (overrides value)
  readonly priv?: boolean; //     default true
  readonly notBefore?: number; // do not request before this cycle
}

export interface TxnResult {
  readonly txn: Txn;
  readonly issue: number; // first cycle with req=1
  readonly done: number; //  cycle with ready=1
  readonly rdata: number;
  readonly abort: boolean;
  readonly fsr: number;
}

export function lanes(size: Size, value: number): number {
  if (size === SIZE_BYTE) return ((value & 0xff) * 0x0101_0101) >>> 0;
  if (size === SIZE_HALF) return ((value & 0xffff) * 0x0001_0001) >>> 0;
  return value >>> 0;
}

/** The value a load of `size` at `addr` takes from the aligned word `rdata` (no rotation). */
export function extract(size: Size, addr: number, rdata: number): number {
  if (size === SIZE_BYTE) return (rdata >>> ((addr & 3) * 8)) & 0xff;
  if (size === SIZE_HALF) return (rdata >>> ((addr & 2) * 8)) & 0xffff;
  return rdata >>> 0;
}

export class ScriptMaster extends Module {
  readonly port: MemPort;
  readonly idx = this.reg('idx', 32);
  readonly cyc = this.reg('cyc', 32);
  readonly pending = this.reg('pending', 1); // the current request has been asserted before
  readonly issued = this.reg('issued', 32); //  and when
  readonly results: TxnResult[] = [];
  script: readonly Txn[] = [];

  constructor(parent: Module | null, name: string, prefix: string) {
    super(parent, name);
    this.port = declareMemPort(this, prefix, 'master');
  }

  get finished(): boolean {
    return this.idx.v >= this.script.length;
  }

  private current(): Txn | undefined {
    const t = this.script[this.idx.v];
    return t !== undefined && this.cyc.v >= (t.notBefore ?? 0) ? t : undefined;
  }

  override comb(): void {
    const p = this.port;
    const t = this.current();
    if (t === undefined) {
      p.req.v = 0;
      p.addr.v = 0;
      p.we.v = 0;
      p.size.v = 0;
      p.wdata.v = 0;
      p.priv.v = 0;
      return;
    }
    const size = t.size ?? SIZE_WORD;
    p.req.v = 1;
    p.addr.v = t.addr >>> 0;
    p.we.v = t.we ? 1 : 0;
    p.size.v = size;
    p.wdata.v = t.we ? (t.wdata ?? lanes(size, t.value ?? 0)) >>> 0 : 0;
    p.priv.v = t.priv === false ? 0 : 1;
  }

  override clock(): void {
    const p = this.port;
    this.cyc.next = (this.cyc.v + 1) >>> 0;
    if (!p.req.on) return;
    const issue = this.pending.on ? this.issued.v : this.cyc.v;
    if (p.ready.on) {
      this.results.push({ txn: this.script[this.idx.v]!, issue, done: this.cyc.v, rdata: p.rdata.v, abort: p.abort.on, fsr: p.fsr.v });
      this.idx.next = this.idx.v + 1;
      this.pending.next = 0;
    } else if (!this.pending.on) {
      this.pending.next = 1;
      this.issued.next = this.cyc.v;
    }
  }
}

/** A SoC with script masters on its ports, in priority order. */
export class TestTop extends Module {
  readonly masters: ScriptMaster[];
  readonly soc: VersatilePB;
  constructor(config: Partial<VersatileConfig> = {}) {
    super(null, 'top');
    const names = config.masters ?? ['d', 'i'];
    this.masters = names.map((n) => new ScriptMaster(this, `m_${n}`, n));
    this.soc = new VersatilePB(this, 'soc', { ramBytes: 64 * 1024, ...config, masters: names });
    this.masters.forEach((m, k) => connectMemPorts(this, m.port, this.soc.ports[k]!));
  }
}

/** Records a few signals every cycle (after comb settles). */
export class Probe implements CycleObserver {
  readonly rows: number[][] = [];
  constructor(private readonly signals: readonly Signal[]) {}
  sample(): void {
    this.rows.push(this.signals.map((s) => s.v));
  }
  column(k: number): number[] {
    return this.rows.map((r) => r[k]!);
  }
}

export interface Bench {
  readonly top: TestTop;
  readonly sim: Simulator;
  readonly d: ScriptMaster;
  /** Run until every master has finished its script (plus `extra` cycles); returns cycles run. */
  run(extra?: number, max?: number): number;
}

export function bench(config: Partial<VersatileConfig> = {}, scripts: Record<string, readonly Txn[]> = {}, check = true): Bench {
  const top = new TestTop(config);
  const sim = new Simulator(top, { check });
  const names = config.masters ?? ['d', 'i'];
  names.forEach((n, k) => (top.masters[k]!.script = scripts[n] ?? []));
  return {
    top,
    sim,
    d: top.masters[0]!,
    run(extra = 0, max = 100_000) {
      const n = sim.runUntil(() => top.masters.every((m) => m.finished), max);
      sim.run(extra);
      return n + extra;
    },
  };
}
