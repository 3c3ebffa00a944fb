// The whole system: the ARM926-class core on the Versatile PB bus, RAM and devices. (The memory
// system, MMU and caches, plugs in between the core's ports and the bus: see rtl/mem.)
//
// Evaluation order: the core drives its requests, the SoC answers them (bus, RAM, devices), then the
// core's control decides stalls and redirects from the answers.
import { Module, type HasCombOrder } from '../hdl/index.ts';
import { Arm926Core } from '../core/core.ts';
import { connectMemPorts } from './mem-port.ts';
import { VersatilePB, type VersatileConfig } from './versatile.ts';

export class Arm926System extends Module implements HasCombOrder {
  readonly core: Arm926Core = new Arm926Core(this, 'core');
  readonly soc: VersatilePB;
  /** External interrupt pins, ORed with the VIC's outputs (testbenches drive them; 0 otherwise). */
  readonly ext_irq = this.input('ext_irq', 1);
  readonly ext_fiq = this.input('ext_fiq', 1);

  constructor(parent: Module | null, name: string, socConfig: Partial<VersatileConfig> = {}) {
    super(parent, name);
    this.soc = new VersatilePB(this, 'soc', { ...socConfig, masters: ['d', 'i'] });
    connectMemPorts(this, this.core.dport, this.soc.port('d'));
    connectMemPorts(this, this.core.iport, this.soc.port('i'));
  }

  combOrder(): ReadonlyArray<Module | 'self'> {
    return [this.core, this.soc, 'self', this.core.control];
  }

  override comb(): void {
    this.core.irq.v = this.soc.irq.v | this.ext_irq.v;
    this.core.fiq.v = this.soc.fiq.v | this.ext_fiq.v;
  }
}
