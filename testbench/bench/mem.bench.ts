// Memory system (rtl/mem) on the Versatile PB SoC (rtl/soc: bus, RAM, devices), driven by a
// random access stream from a small RTL driver in place of the core: cycles per second untraced
// and in check mode, plus the hit rates that stream produces (so figures are comparable).
import { validateConfig, type HardwareConfig, type PartialConfig } from '../../rtl/config.ts';
import { Module, Simulator } from '../../rtl/hdl/index.ts';
import { CTRL_C, CTRL_I, CTRL_M } from '../../rtl/mem/cp15-link.ts';
import { MemorySystem } from '../../rtl/mem/memory-system.ts';
import { connectMemPorts } from '../../rtl/bus/mem-port.ts';
import { VersatilePB } from '../../rtl/soc/versatile.ts';
import type { BenchRow, BenchSuite } from './suite.ts';

const TTB = 0x4000;
const WINDOW = 64 * 1024; // working set of the data stream (4x the default D-cache)

/**
 * Plays the core: a D-side stream (70% loads, 30% stores, random words of a 64 KB window mapped
 * write-back) and an I-side stream (sequential fetches with a random branch every 8), each
 * request held until ready. Requests come from registers (an xorshift state), as a core's would.
 */
class StreamDriver extends Module {
  readonly rng = this.reg('rng', 32, 0x1234_5678);
  readonly daddr = this.reg('daddr', 32, 0x8000_0000);
  readonly dwe = this.reg('dwe', 1);
  readonly pc = this.reg('pc', 32, 0x8010_0000);
  constructor(
    parent: Module | null,
    name: string,
    readonly mem: MemorySystem,
  ) {
    super(parent, name);
  }
  override comb(): void {
    const d = this.mem.d;
    d.req.v = 1;
    d.addr.v = this.daddr.v;
    d.we.v = this.dwe.v;
    d.size.v = 2;
    d.wdata.v = this.rng.v;
    d.priv.v = 1;
    const i = this.mem.i;
    i.req.v = 1;
    i.addr.v = this.pc.v;
    i.we.v = 0;
    i.size.v = 2;
    i.wdata.v = 0;
    i.priv.v = 1;
  }
  override clock(): void {
    let x = this.rng.v;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.rng.next = x;
    if (this.mem.d.ready.on) {
      this.daddr.next = (0x8000_0000 + ((x >>> 4) & (WINDOW - 4))) >>> 0;
      this.dwe.next = (x & 15) < 5 ? 1 : 0;
    }
    if (this.mem.i.ready.on) {
      this.pc.next = (x & 7) === 0 ? (0x8010_0000 + ((x >>> 8) & 0x3ffc)) >>> 0 : (this.pc.v + 4) >>> 0;
    }
  }
}

class MemBenchTop extends Module {
  readonly mem: MemorySystem;
  readonly drv: StreamDriver;
  readonly soc: VersatilePB;
  constructor(config: HardwareConfig) {
    super(null, 'top');
    this.mem = new MemorySystem(this, 'mem', config);
    this.drv = new StreamDriver(this, 'drv', this.mem);
    this.soc = new VersatilePB(this, 'soc', { masters: ['d', 'i'], ramBytes: 4 << 20, ramWaitStates: config.memory.ramWaitStates, deviceWaitStates: config.memory.deviceWaitStates });
    connectMemPorts(this, this.mem.dbus, this.soc.port('d'));
    connectMemPorts(this, this.mem.ibus, this.soc.port('i'));
  }
}

function build(partial: PartialConfig, check: boolean): { sim: Simulator; top: MemBenchTop } {
  const top = new MemBenchTop(validateConfig(partial));
  const sim = new Simulator(top, { check });
  sim.reset(1);
  // Two write-back cacheable sections: data at 0x80000000 -> PA 0x100000, code at 0x80100000 -> PA 0x200000.
  const ram = top.soc.ram.mem;
  ram.load((TTB + (0x800 << 2)) >>> 2, [0x0010_0c0e, 0x0020_0c0e]);
  const c = top.mem.cp15;
  sim.poke(c.ttbr, TTB);
  sim.poke(c.dacr, 0x5555_5555);
  sim.poke(c.ctrl, CTRL_M | CTRL_C | CTRL_I);
  return { sim, top };
}

function rate(partial: PartialConfig, cycles: number, check: boolean): { perSecond: number; top: MemBenchTop } {
  const { sim, top } = build(partial, check);
  sim.run(Math.min(5000, cycles)); // warm the JIT and the caches
  const t0 = process.hrtime.bigint();
  sim.run(cycles);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perSecond: cycles / seconds, top };
}

export const memBench: BenchSuite = {
  name: 'mem',
  description: 'memory system (MMU, TLB, I/D caches, write buffer) on the Versatile PB bus under a random access stream',
  run(): BenchRow[] {
    const rows: BenchRow[] = [];
    const plain = rate({}, 200_000, false);
    const s = plain.top.mem.stats();
    rows.push({ metric: 'cycles/s, default ARM926 config', value: plain.perSecond, unit: 'cycles/s' });
    rows.push({ metric: 'D hit rate of the stream', value: s.d.hits / Math.max(1, s.d.hits + s.d.misses + s.writeBuffer.pushes), unit: '', note: `${s.d.hits} hits, ${s.d.misses} misses, ${s.d.writebacks} write-backs, ${s.writeBuffer.pushes} buffered` });
    rows.push({ metric: 'I hit rate of the stream', value: s.i.hits / Math.max(1, s.i.hits + s.i.misses), unit: '', note: `${s.i.hits} hits, ${s.i.misses} misses` });
    const asid = rate({ addressSpaceSwitch: 'asid', memory: { ramWaitStates: 2 } }, 200_000, false);
    rows.push({ metric: "cycles/s, 'asid' mode, 2 RAM wait states", value: asid.perSecond, unit: 'cycles/s' });
    const checked = rate({}, 40_000, true);
    rows.push({ metric: 'cycles/s, check mode', value: checked.perSecond, unit: 'cycles/s', note: `${(plain.perSecond / checked.perSecond).toFixed(1)}x slower than plain` });
    return rows;
  },
};
