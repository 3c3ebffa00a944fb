// The online hand-off checker: a CycleObserver on the live design. Attach it before running; read
// `report()` at any time (windows completed so far).
import type { CycleObserver, Module, Simulator } from '../../rtl/hdl/index.ts';
import { resolveConfig, type HandoffConfig } from './config.ts';
import type { NamedCounter } from './cost-monitor.ts';
import { HandoffEngine, type ViewProbes } from './handoff-engine.ts';
import { MessageView } from './message-view.ts';
import { coreProbes, registerProbes, signalsByPath } from './probes.ts';
import type { HandoffReport } from './report.ts';

const PHYSICAL_REGISTERS = Array.from({ length: 30 }, (_, r) => r);

/** The message view of a design (a MessageView anywhere in it), if it has one. */
function findView(top: Module): MessageView | null {
  if (top instanceof MessageView) return top;
  for (const c of top.children) {
    const v = findView(c);
    if (v) return v;
  }
  return null;
}

export class HandoffChecker implements CycleObserver {
  readonly engine: HandoffEngine;

  /**
   * `core`: the Arm926Core (or a module with its stage names); counters given by path are looked
   * up in the simulator's whole design. The design's MessageView (HandoffBench with `message`
   * options) tells which thread crosses the user/kernel boundary; without one no hand-off is seen.
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
    const view = findView(sim.design.top);
    if (view && view.mr.length < resolved.maxMrs) throw new Error(`handoff checker: the message view shows ${view.mr.length} MRs, the config needs ${resolved.maxMrs}`);
    const viewProbes: ViewProbes | null = view ? { thread: view.thread, tid: view.tid, mr_ok: view.mr_ok, mr_pa: view.mr_pa, mr: view.mr, rx_state: view.rx_state, rx_partner: view.rx_partner, rx_ready: view.rx_ready } : null;
    this.engine = new HandoffEngine(coreProbes(core), resolved, counters, registerProbes(core, PHYSICAL_REGISTERS), viewProbes);
    sim.addObserver(this);
  }

  sample(cycle: number): void {
    this.engine.step(cycle);
  }

  report(): HandoffReport {
    return this.engine.report();
  }
}
