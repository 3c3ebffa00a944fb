// The whole system: the ARM926-class core, its memory system (MMU, caches, write buffer), and the
// Versatile PB bus, RAM and devices. Without the memory system (`memorySystem: false`) the core's
// ports go straight to the bus, like tightly coupled memory: the core's own timing, used to
// measure the timing table; cache and TLB maintenance then complete at once.
//
// Evaluation order: the core drives its requests, the memory system answers hits and drives its
// bus requests (from registers), the SoC answers the bus, then the core's control decides stalls
// and redirects from the answers.
import { Arm926Core } from '../core/core.ts';
import { cacheTypeRegister, validateConfig, type HardwareConfig, type PartialConfig } from '../config.ts';
import { Module } from '../hdl/index.ts';
import { connectCp15Links } from '../mem/cp15-link.ts';
import { DebugPort } from '../mem/debug-port.ts';
import { MemorySystem } from '../mem/memory-system.ts';
import { connectMemPorts } from '../bus/mem-port.ts';
import { VersatilePB, type VersatileConfig } from '../soc/versatile.ts';

export interface SystemOptions {
  /** Co-design knobs (validated; defaults: ARM926EJ-S). */
  readonly hardware?: PartialConfig;
  /** Include the MMU, caches and write buffer (default true). */
  readonly memorySystem?: boolean;
  /** SoC details the hardware config does not cover (RAM size, timer tick). */
  readonly soc?: Partial<Pick<VersatileConfig, 'ramBytes' | 'cyclesPerTimerTick' | 'uartCapture' | 'unmappedAbort'>>;
}

export class Arm926System extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly hardware: HardwareConfig;
  readonly core: Arm926Core = new Arm926Core(this, 'core');
  readonly mem: MemorySystem | null;
  readonly soc: VersatilePB;
  /** External interrupt pins, ORed with the VIC's outputs (testbenches drive them; 0 otherwise). */
  readonly ext_irq = this.input('ext_irq', 1);
  readonly ext_fiq = this.input('ext_fiq', 1);
  /** Side-effect-free reads as the core's loads would see them (testbench use: rtl/mem/debug-port.ts). */
  readonly debug: DebugPort;

  constructor(parent: Module | null, name: string, options: SystemOptions = {}) {
    super(parent, name);
    this.hardware = validateConfig(options.hardware);
    const withMem = options.memorySystem ?? true;
    const hw = this.hardware;
    this.core.cp15.cacheType = cacheTypeRegister(hw);
    this.mem = withMem ? new MemorySystem(this, 'mem', hw) : null;
    this.soc = new VersatilePB(this, 'soc', {
      ...options.soc,
      masters: withMem ? ['dbus', 'ibus'] : ['d', 'i'],
      ramWaitStates: hw.memory.ramWaitStates,
      deviceWaitStates: hw.memory.deviceWaitStates,
    });
    if (this.mem) {
      connectMemPorts(this, this.core.dport, this.mem.d);
      connectMemPorts(this, this.core.iport, this.mem.i);
      connectMemPorts(this, this.mem.dbus, this.soc.port('dbus'));
      connectMemPorts(this, this.mem.ibus, this.soc.port('ibus'));
      connectCp15Links(this, this.core.cp15.link, this.mem.cp15);
    } else {
      connectMemPorts(this, this.core.dport, this.soc.port('d'));
      connectMemPorts(this, this.core.iport, this.soc.port('i'));
    }
    const ram = this.soc.ram;
    this.debug = new DebugPort(this.mem, (pa) => ((pa >>> 0) - ram.base < ram.bytes && pa >>> 0 >= ram.base ? ram.readWord(pa) : undefined));
  }


  override comb(): void {
    this.core.irq.v = this.soc.irq.v | this.ext_irq.v;
    this.core.fiq.v = this.soc.fiq.v | this.ext_fiq.v;
    if (!this.mem) {
      // No memory system: maintenance completes at once; aborts carry the core's own address.
      const link = this.core.cp15.link;
      link.op_ready.v = link.op_valid.v;
      link.op_result.v = 0x4000_0000; // "clean": there is no cache
      link.far.v = this.core.dport.addr.v;
    }
  }
}
