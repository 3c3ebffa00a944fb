// The Versatile PB system around the core: bus, RAM and the devices a kernel uses, at QEMU
// versatilepb's addresses. The system top instantiates it, connects the core's memory ports (or the
// memory system's bus-side ports) to `port(name)`, and the core's interrupt inputs to `irq`/`fiq`.
//
// Evaluation order (derived at elaboration from what each block reads and writes): bus (arbitration,
// decode) -> RAM and devices (read data, interrupt lines) -> interrupt wiring (self) -> VIC -> mux
// (ready/rdata to masters); masters' requests before the bus, their ready/rdata users after the mux
// (see docs/SOC.md).
import { ElaborationError, Module, type Signal } from '../hdl/index.ts';
import { Bus, BusMux, type BusConfig, type BusRegion } from './bus.ts';
import { CycleCounter } from './cycle-counter.ts';
import { declareMemPort, type MemPort } from '../bus/mem-port.ts';
import { Pl011 } from './pl011.ts';
import { Pl190 } from './pl190.ts';
import { DEFAULT_RAM_BYTES, Ram } from './ram.ts';
import { Sp804 } from './sp804.ts';
import type { BusDevice } from './target.ts';

export const RAM_BASE = 0x0000_0000;
export const VIC_BASE = 0x1014_0000;
export const TIMER01_BASE = 0x101e_2000;
export const TIMER23_BASE = 0x101e_3000;
export const UART0_BASE = 0x101f_1000;
/** The cycle counter (not a Versatile PB device: a gap in its map, unmapped on QEMU; docs/SOC.md). */
export const CCNT_BASE = 0x101e_9000;
export const DEVICE_SIZE = 0x1000;
/** VIC source lines on versatilepb. */
export const IRQ_TIMER01 = 4;
export const IRQ_TIMER23 = 5;
export const IRQ_UART0 = 12;
/** The cycle counter's compare interrupt (a line QEMU versatilepb leaves unconnected). */
export const IRQ_CCNT = 20;

export interface VersatileConfig {
  /** Bus master names in priority order, highest first (default ['d', 'i']: data before instruction). */
  readonly masters: readonly string[];
  /** RAM size in bytes (default 128 MB, as QEMU versatilepb). */
  readonly ramBytes: number;
  /** Wait states of a RAM access: N+1 cycles from req to ready (default 0). */
  readonly ramWaitStates: number;
  /** Wait states of a device access (UART, timers, VIC) and of an unmapped access (default 1). */
  readonly deviceWaitStates: number;
  /** Core cycles per SP804 timer clock tick (default 1). */
  readonly cyclesPerTimerTick: number;
  /** UART0 output bytes kept for the testbench (default 64 KiB). */
  readonly uartCapture: number;
  /** Unmapped access: false (default) reads zero and ignores writes, as QEMU versatilepb; true aborts. */
  readonly unmappedAbort: boolean;
}

export const DEFAULT_VERSATILE_CONFIG: VersatileConfig = {
  masters: ['d', 'i'],
  ramBytes: DEFAULT_RAM_BYTES,
  ramWaitStates: 0,
  deviceWaitStates: 1,
  cyclesPerTimerTick: 1,
  uartCapture: 1 << 16,
  unmappedAbort: false,
};

export class VersatilePB extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly config: VersatileConfig;
  /** Slave-side memory ports, one per master, in priority order: signals `<name>_req`, ... */
  readonly ports: readonly MemPort[];
  readonly irq = this.output('irq', 1); // to the core: nIRQ, active high
  readonly fiq = this.output('fiq', 1); // to the core: nFIQ, active high
  readonly intsrc = this.wire('intsrc', 32); // VIC source lines
  readonly bus: Bus;
  readonly ram: Ram;
  readonly uart0: Pl011;
  readonly timer01: Sp804;
  readonly timer23: Sp804;
  readonly vic: Pl190;
  readonly ccnt: CycleCounter;
  readonly mux: BusMux;

  constructor(parent: Module | null, name: string, config: Partial<VersatileConfig> = {}) {
    super(parent, name);
    const c: VersatileConfig = { ...DEFAULT_VERSATILE_CONFIG, ...config };
    this.config = c;
    const names = new Set(c.masters);
    if (names.size !== c.masters.length) throw new ElaborationError(`${this.path}: master names ${c.masters.join(', ')} are not distinct`);
    if (c.ramBytes > VIC_BASE) throw new ElaborationError(`${this.path}: ramBytes 0x${c.ramBytes.toString(16)} overlaps the devices at 0x10000000`);
    const regions: BusRegion[] = [
      { name: 'ram', base: RAM_BASE, size: c.ramBytes, waitStates: c.ramWaitStates, kind: 'memory' },
      { name: 'uart0', base: UART0_BASE, size: DEVICE_SIZE, waitStates: c.deviceWaitStates, kind: 'device' },
      { name: 'timer01', base: TIMER01_BASE, size: DEVICE_SIZE, waitStates: c.deviceWaitStates, kind: 'device' },
      { name: 'timer23', base: TIMER23_BASE, size: DEVICE_SIZE, waitStates: c.deviceWaitStates, kind: 'device' },
      { name: 'vic', base: VIC_BASE, size: DEVICE_SIZE, waitStates: c.deviceWaitStates, kind: 'device' },
      { name: 'ccnt', base: CCNT_BASE, size: DEVICE_SIZE, waitStates: c.deviceWaitStates, kind: 'device' },
    ];
    const busConfig: BusConfig = { masters: c.masters, regions, unmappedWaitStates: c.deviceWaitStates, unmappedAbort: c.unmappedAbort };

    this.ports = c.masters.map((m) => declareMemPort(this, m, 'slave'));
    this.bus = new Bus(this, 'bus', busConfig);
    this.ram = new Ram(this, 'ram', c.ramBytes, RAM_BASE);
    this.uart0 = new Pl011(this, 'uart0', c.uartCapture);
    this.timer01 = new Sp804(this, 'timer01', c.cyclesPerTimerTick);
    this.timer23 = new Sp804(this, 'timer23', c.cyclesPerTimerTick);
    this.vic = new Pl190(this, 'vic');
    this.ccnt = new CycleCounter(this, 'ccnt');
    this.mux = new BusMux(this, 'mux', busConfig);

    const bus = this.bus;
    this.ports.forEach((p, k) => {
      const m = bus.masters[k]!;
      this.connect(m.req, p.req);
      this.connect(m.addr, p.addr);
      this.connect(m.we, p.we);
      this.connect(m.size, p.size);
      this.connect(m.wdata, p.wdata);
      this.connect(m.priv, p.priv);
      this.connect(p.ready, this.mux.ready[k]!);
      this.connect(p.rdata, this.mux.rdata[k]!);
      this.connect(p.abort, this.mux.abort[k]!);
      this.connect(p.fsr, this.mux.fsr[k]!);
    });
    // Requests into the targets.
    this.connect(this.ram.sel, bus.sel[0]!);
    this.connect(this.ram.done, bus.done);
    this.connect(this.ram.addr, bus.t_addr);
    this.connect(this.ram.we, bus.t_we);
    this.connect(this.ram.wdata, bus.t_wdata);
    this.connect(this.ram.wmask, bus.t_wmask);
    const devices: BusDevice[] = [this.uart0, this.timer01, this.timer23, this.vic, this.ccnt];
    devices.forEach((d, k) => {
      this.connect(d.sel, bus.sel[k + 1]!);
      this.connect(d.done, bus.done);
      this.connect(d.addr, bus.t_addr);
      this.connect(d.we, bus.t_we);
      this.connect(d.wval, bus.t_wval);
    });
    // Responses.
    const mux = this.mux;
    this.connect(mux.grant_valid, bus.grant_valid);
    this.connect(mux.grant, bus.grant);
    this.connect(mux.target, bus.target);
    this.connect(mux.done, bus.done);
    this.connect(mux.addr, bus.t_addr);
    this.connect(mux.size, bus.t_size);
    const rdatas: Signal[] = [this.ram.rdata, this.uart0.rdata, this.timer01.rdata, this.timer23.rdata, this.vic.rdata, this.ccnt.rdata];
    rdatas.forEach((r, k) => this.connect(mux.region_rdata[k]!, r));
    // Interrupts.
    this.connect(this.vic.intsrc, this.intsrc);
    this.connect(this.irq, this.vic.irq);
    this.connect(this.fiq, this.vic.fiq);
  }


  override comb(): void {
    this.intsrc.v = ((this.timer01.irq.v << IRQ_TIMER01) | (this.timer23.irq.v << IRQ_TIMER23) | (this.uart0.irq.v << IRQ_UART0) | (this.ccnt.irq.v << IRQ_CCNT)) >>> 0;
  }

  /** The slave-side port of the master called `name`. */
  port(name: string): MemPort {
    const k = this.config.masters.indexOf(name);
    if (k < 0) throw new ElaborationError(`${this.path}: no bus master named ${JSON.stringify(name)} (masters: ${this.config.masters.join(', ')})`);
    return this.ports[k]!;
  }
}
