// The online hand-off monitor: a CycleObserver on the live design. Attach it before running; read
// `report()` at any time (IPCs completed so far).
import type { CycleObserver, Module, Simulator } from '../../rtl/hdl/index.ts';
import { resolveConfig, type HandoffConfig } from './config.ts';
import type { NamedCounter } from './cost-monitor.ts';
import { HandoffEngine } from './handoff-engine.ts';
import { coreProbes, registerProbes, signalsByPath } from './probes.ts';
import { mrRegisterList } from './register-mr-monitor.ts';
import type { HandoffReport } from './report.ts';

export class HandoffChecker implements CycleObserver {
  readonly engine: HandoffEngine;

  /**
   * `core`: the Arm926Core (or a module with its stage names); counters given by path are looked
   * up in the simulator's whole design.
   */
  constructor(sim: Simulator, core: Module, config: HandoffConfig = {}) {
    const resolved = resolveConfig(config);
    const all = signalsByPath(sim.design.top);
    const counters: NamedCounter[] = resolved.counters.map((c) => {
      if ('read' in c) return { name: c.name, probe: { get v() { return c.read(); } } };
      const probe = all.get(c.path);
      if (!probe) throw new Error(`handoff checker: counter ${c.name}: no signal ${c.path}`);
      return { name: c.name, probe };
    });
    this.engine = new HandoffEngine(coreProbes(core), resolved, counters, registerProbes(core, mrRegisterList(resolved)));
    sim.addObserver(this);
  }

  sample(cycle: number): void {
    this.engine.step(cycle);
  }

  report(): HandoffReport {
    return this.engine.report();
  }
}
