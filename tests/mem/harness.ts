// Test bench for the memory system alone: a dual-port RAM slave (I-side and D-side bus ports on
// one array, with wait states and an aborting region) and a driver that plays the core: it pokes
// the core-side ports and the CP15 link and steps the clock until ready.
import { Module, Simulator, type ClockOrder, type Memory, type Reg } from '../../rtl/hdl/index.ts';
import { combStructure, type HardwareConfig } from '../../rtl/config.ts';
import { MemorySystem } from '../../rtl/mem/memory-system.ts';
import { laneMask } from '../../rtl/mem/faults.ts';
import { connectMemPorts, declareMemPort, type MemPort } from '../../rtl/bus/mem-port.ts';
import { VersatilePB } from '../../rtl/soc/versatile.ts';

/** A RAM with two slave ports; addresses at or above `abortFrom` answer with abort. */
export class TestRam extends Module {
  readonly ip = declareMemPort(this, 'ip', 'slave');
  readonly dp = declareMemPort(this, 'dp', 'slave');
  readonly mem: Memory;
  readonly iwait: Reg = this.reg('iwait', 8);
  readonly dwait: Reg = this.reg('dwait', 8);
  readonly dreads = this.reg('dreads', 32);
  readonly dwrites = this.reg('dwrites', 32);
  constructor(
    parent: Module | null,
    name: string,
    readonly words: number,
    readonly waitStates: number,
    readonly abortFrom: number,
  ) {
    super(parent, name);
    this.mem = this.memory('mem', 32, words, { writePorts: 2 });
  }
  private serve(p: MemPort, wait: Reg): void {
    const on = p.req.on && wait.v >= this.waitStates;
    p.ready.v = on ? 1 : 0;
    const a = p.addr.v;
    const bad = a >>> 0 >= this.abortFrom;
    p.abort.v = on && bad ? 1 : 0;
    p.fsr.v = 0;
    p.rdata.v = on && !bad ? this.mem.read((a >>> 2) % this.words) : 0;
  }
  override comb(): void {
    this.serve(this.ip, this.iwait);
    this.serve(this.dp, this.dwait);
  }
  private tick(p: MemPort, wait: Reg, writable: boolean): void {
    if (!p.req.on) return;
    if (!p.ready.on) {
      wait.next = wait.v + 1;
      return;
    }
    wait.next = 0;
    if (writable && p.we.on && !p.abort.on) {
      const m = laneMask(p.addr.v, p.size.v);
      this.mem.write((p.addr.v >>> 2) % this.words, (p.wdata.v & m) >>> 0, m);
    }
  }
  override clock(): void {
    this.tick(this.ip, this.iwait, false);
    this.tick(this.dp, this.dwait, true);
    if (this.dp.req.on && this.dp.ready.on) {
      if (this.dp.we.on) this.dwrites.next = (this.dwrites.v + 1) >>> 0;
      else this.dreads.next = (this.dreads.v + 1) >>> 0;
    }
  }
}

export class TestTop extends Module {
  readonly mem: MemorySystem;
  readonly ram: TestRam;
  constructor(config: HardwareConfig, ramBytes: number, abortFrom: number) {
    super(null, 'top');
    this.mem = new MemorySystem(this, 'mem', config);
    this.ram = new TestRam(this, 'ram', ramBytes / 4, config.memory.ramWaitStates, abortFrom);
    connectMemPorts(this, this.mem.ibus, this.ram.ip);
    connectMemPorts(this, this.mem.dbus, this.ram.dp);
  }
}

/** The memory system on the real Versatile PB SoC (rtl/soc: bus, RAM, devices). */
export class SocTop extends Module {
  readonly mem: MemorySystem;
  readonly soc: VersatilePB;
  constructor(config: HardwareConfig, ramBytes: number) {
    super(null, 'top');
    this.mem = new MemorySystem(this, 'mem', config);
    this.soc = new VersatilePB(this, 'soc', { masters: ['d', 'i'], ramBytes, ramWaitStates: config.memory.ramWaitStates, deviceWaitStates: config.memory.deviceWaitStates });
    connectMemPorts(this, this.mem.dbus, this.soc.port('d'));
    connectMemPorts(this, this.mem.ibus, this.soc.port('i'));
  }
}

export interface Access {
  readonly data: number;
  readonly abort: boolean;
  readonly fsr: number;
  readonly far: number;
  readonly cycles: number;
}

export interface Cp15Values {
  ctrl?: number;
  ttbr?: number;
  dacr?: number;
  fcsepid?: number;
  contextid?: number;
  tlblock?: number;
}

const LIMIT = 100_000;

/**
 * Harnesses of one kind with one address-space switch share a comb recording: the config's other
 * fields and the test RAM's size, wait states and aborting region set values only (rtl/config.ts
 * combStructure; tests/mem/harness-key.test.ts holds it). Recording each harness afresh swapped the
 * signal classes' accessors every time (the memory verify suite ran 4x slower in wall time, 6.6x in CPU).
 */
export function harnessScheduleKey(config: HardwareConfig, soc: boolean): string {
  return `tests/mem/harness ${soc ? 'soc' : 'test'} ${JSON.stringify(combStructure(config))}`;
}

export class Harness {
  readonly top: TestTop | SocTop;
  readonly sim: Simulator;
  /** The RAM array (backdoor). */
  readonly ramMem: Memory;
  constructor(
    readonly config: HardwareConfig,
    opts: { ramBytes?: number; abortFrom?: number; check?: boolean; clockOrder?: ClockOrder; soc?: boolean } = {},
  ) {
    const ramBytes = opts.ramBytes ?? 1 << 20;
    this.top = opts.soc ? new SocTop(config, ramBytes) : new TestTop(config, ramBytes, opts.abortFrom ?? 0xffff_ffff);
    this.ramMem = this.top instanceof SocTop ? this.top.soc.ram.mem : this.top.ram.mem;
    this.sim = new Simulator(this.top, { check: opts.check ?? true, clockOrder: opts.clockOrder ?? 'declared', scheduleKey: harnessScheduleKey(config, opts.soc ?? false) });
    this.sim.reset(1);
  }
  get mem(): MemorySystem {
    return this.top.mem;
  }
  get ram(): TestRam {
    if (!(this.top instanceof TestTop)) throw new Error('the test RAM is not used on the SoC');
    return this.top.ram;
  }

  setCp15(v: Cp15Values): void {
    const c = this.mem.cp15;
    const p = (s: typeof c.ctrl, x: number | undefined): void => {
      if (x !== undefined) this.sim.poke(s, x >>> 0);
    };
    p(c.ctrl, v.ctrl);
    p(c.ttbr, v.ttbr);
    p(c.dacr, v.dacr);
    p(c.fcsepid, v.fcsepid);
    p(c.contextid, v.contextid);
    p(c.tlblock, v.tlblock);
  }

  /** Backdoor RAM access (physical byte address, word aligned). */
  peekWord(pa: number): number {
    return this.ramMem.data[(pa >>> 2) % this.ramMem.depth]!;
  }
  pokeWord(pa: number, value: number): void {
    this.ramMem.data[(pa >>> 2) % this.ramMem.depth] = value >>> 0;
  }

  private request(port: MemPort, addr: number, we: boolean, size: number, wdata: number, priv: boolean): Access {
    const s = this.sim;
    s.poke(port.req, 1);
    s.poke(port.addr, addr >>> 0);
    s.poke(port.we, we ? 1 : 0);
    s.poke(port.size, size);
    s.poke(port.wdata, wdata >>> 0);
    s.poke(port.priv, priv ? 1 : 0);
    let cycles = 0;
    for (;;) {
      s.step();
      cycles++;
      if (port.ready.on) break;
      if (cycles > LIMIT) throw new Error(`no ready after ${LIMIT} cycles for ${we ? 'write' : 'read'} of 0x${addr.toString(16)}`);
    }
    const out = { data: port.rdata.v, abort: port.abort.on, fsr: port.fsr.v, far: this.mem.cp15.far.v, cycles };
    s.poke(port.req, 0);
    return out;
  }

  read(va: number, opts: { size?: number; priv?: boolean } = {}): Access {
    return this.request(this.mem.d, va, false, opts.size ?? 2, 0, opts.priv ?? true);
  }
  write(va: number, value: number, opts: { size?: number; priv?: boolean } = {}): Access {
    const size = opts.size ?? 2;
    const lanes = size === 0 ? (value & 0xff) * 0x01010101 : size === 1 ? (value & 0xffff) * 0x00010001 : value;
    return this.request(this.mem.d, va, true, size, lanes >>> 0, opts.priv ?? true);
  }
  fetch(va: number, opts: { priv?: boolean } = {}): Access {
    return this.request(this.mem.i, va, false, 2, 0, opts.priv ?? true);
  }

  /** A fetch and a data read issued in the same cycle; each held until its own ready. */
  both(fetchVa: number, readVa: number): { fetch: Access; read: Access } {
    const s = this.sim;
    const ports = [this.mem.i, this.mem.d] as const;
    const addrs = [fetchVa, readVa];
    const out: Array<Access | undefined> = [undefined, undefined];
    ports.forEach((p, k) => {
      s.poke(p.req, 1);
      s.poke(p.addr, addrs[k]! >>> 0);
      s.poke(p.we, 0);
      s.poke(p.size, 2);
      s.poke(p.priv, 1);
    });
    let cycles = 0;
    while (out[0] === undefined || out[1] === undefined) {
      s.step();
      cycles++;
      ports.forEach((p, k) => {
        if (out[k] === undefined && p.req.on && p.ready.on) {
          out[k] = { data: p.rdata.v, abort: p.abort.on, fsr: p.fsr.v, far: this.mem.cp15.far.v, cycles };
          s.poke(p.req, 0);
        }
      });
      if (cycles > LIMIT) throw new Error('concurrent access did not complete');
    }
    return { fetch: out[0]!, read: out[1]! };
  }

  /** A CP15 maintenance operation; returns op_result and the cycles it took. */
  op(code: readonly [number, number, number] | number, data = 0): { result: number; cycles: number } {
    const c = this.mem.cp15;
    const [crn, crm, opc2] = typeof code === 'number' ? [code >>> 7, (code >>> 3) & 15, code & 7] : code;
    const s = this.sim;
    s.poke(c.op_valid, 1);
    s.poke(c.op_crn, crn);
    s.poke(c.op_crm, crm);
    s.poke(c.op_opc2, opc2);
    s.poke(c.op_data, data >>> 0);
    let cycles = 0;
    for (;;) {
      s.step();
      cycles++;
      if (c.op_ready.on) break;
      if (cycles > LIMIT) throw new Error(`maintenance op ${crn},${crm},${opc2} did not complete`);
    }
    const result = c.op_result.v;
    s.poke(c.op_valid, 0);
    return { result, cycles };
  }

  /** Run idle cycles (lets the write buffer drain). */
  idle(n: number): void {
    this.sim.run(n);
  }
}

// Page-table descriptor builders (ARMv5 formats; bit 9 of a first-level descriptor = nG for 'asid').
export const section = (pa: number, o: { ap?: number; domain?: number; c?: boolean; b?: boolean; ng?: boolean } = {}): number =>
  ((pa & 0xfff0_0000) | ((o.ap ?? 3) << 10) | ((o.domain ?? 0) << 5) | (o.ng ? 1 << 9 : 0) | (1 << 4) | (o.c ? 8 : 0) | (o.b ? 4 : 0) | 2) >>> 0;
export const coarse = (tablePa: number, o: { domain?: number; ng?: boolean } = {}): number =>
  ((tablePa & 0xffff_fc00) | ((o.domain ?? 0) << 5) | (o.ng ? 1 << 9 : 0) | (1 << 4) | 1) >>> 0;
export const fine = (tablePa: number, o: { domain?: number; ng?: boolean } = {}): number =>
  ((tablePa & 0xffff_f000) | ((o.domain ?? 0) << 5) | (o.ng ? 1 << 9 : 0) | (1 << 4) | 3) >>> 0;
const aps = (o: { ap?: number; aps?: readonly number[] }): number => {
  const a = o.aps ?? [o.ap ?? 3, o.ap ?? 3, o.ap ?? 3, o.ap ?? 3];
  return (a[0]! | (a[1]! << 2) | (a[2]! << 4) | (a[3]! << 6)) << 4;
};
export const large = (pa: number, o: { ap?: number; aps?: readonly number[]; c?: boolean; b?: boolean } = {}): number =>
  ((pa & 0xffff_0000) | aps(o) | (o.c ? 8 : 0) | (o.b ? 4 : 0) | 1) >>> 0;
export const small = (pa: number, o: { ap?: number; aps?: readonly number[]; c?: boolean; b?: boolean } = {}): number =>
  ((pa & 0xffff_f000) | aps(o) | (o.c ? 8 : 0) | (o.b ? 4 : 0) | 2) >>> 0;
export const tiny = (pa: number, o: { ap?: number; c?: boolean; b?: boolean } = {}): number =>
  ((pa & 0xffff_fc00) | ((o.ap ?? 3) << 4) | (o.c ? 8 : 0) | (o.b ? 4 : 0) | 3) >>> 0;
