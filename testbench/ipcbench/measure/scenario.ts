// From a benchmark point to the kernel scenario that runs it: the threads of its run
// (kernel/user/ipcbench.S), their spaces (one shared, or one each), priorities and arguments, the
// iteration counts and perturbation as defsyms, and where each thread keeps its log.
import type { IpcDesign, SwitchStrategy } from '../../../kernel/abi.ts';
import type { Scenario, SpaceSpec, ThreadSpec } from '../../../kernel/build.ts';
import { priorities, type BenchSpec } from './spec.ts';

/** The benchmark's view of a point (study point fields it uses). */
export interface BenchPoint {
  readonly registerMrs: number;
  readonly words: number;
  readonly strategy: SwitchStrategy;
  readonly design: IpcDesign;
  /** The kernel's megabyte through 4 KB pages instead of one section (default false). */
  readonly kernelPages?: boolean;
  readonly bench: BenchSpec;
}

/** Counter-read overhead samples per thread. */
export const OVERHEAD_SAMPLES = 8;
/** The cycle counter's compare interrupt (rtl/soc/cycle-counter.ts). */
export const CCNT_IRQ_LINE = 20;
/** Perturbation: mean interval of the random timer interrupts (timer ticks = cycles on the RTL). */
export const PERTURB_PERIOD = 2000;
/** Perturbation: lines dirtied per interrupt ('dirty'), random lines touched after a cold flush ('pollute'). */
export const PERTURB_DIRTY_LINES = 64;
export const PERTURB_POLLUTE_LINES = 256;
const PERTURB_LINE = 5;

/** Where a thread's log is: its space and the symbols of the log and of the word holding its end. */
export interface LogSite {
  readonly thread: string;
  readonly space: string;
  readonly log: string;
  readonly end: string;
}

export interface BenchScenario {
  readonly scenario: Scenario;
  readonly logs: readonly LogSite[];
  /** Programs that must print a verdict ("bench-<role>: ok"). */
  readonly programs: readonly string[];
}

/** Cycles from arming the compare interrupt to its assertion: past any reply path (a flush included). */
function irqDelay(p: BenchPoint): number {
  return p.strategy === 'full' ? 30_000 : 6_000;
}

export function benchScenario(p: BenchPoint): BenchScenario {
  const b = p.bench;
  const defsym: Record<string, number> = {
    WORDS: p.words,
    WARM: b.warm,
    HOT: b.hot,
    COLD: b.cold,
    OVH: OVERHEAD_SAMPLES,
    POLLUTE: b.perturb.includes('pollute') ? PERTURB_POLLUTE_LINES : 0,
    SEED: b.seed,
    IRQ_DELAY: irqDelay(p),
  };
  const one = b.placement === 'intra';
  const space = (name: string): string => (one ? 'bench' : name);
  const prio = priorities(b.priority);
  const threads: ThreadSpec[] = [];
  const logs: LogSite[] = [];
  const programs: string[] = [];
  const thread = (name: string, sp: string, entry: string, priority: number, log: 'client' | 'server' | 'helper' | null, program: string, extra: Partial<ThreadSpec> = {}): void => {
    threads.push({ name, space: space(sp), entry, priority, ...extra });
    if (log) logs.push({ thread: name, space: space(sp), log: `log_${log}`, end: `logend_${log}` });
    programs.push(program);
  };
  // Thread ids are the list order from 1: client 1, server 2, helper 3.
  switch (b.run) {
    case 'pingpong':
      thread('client', 'bclient', 'pp_client', prio.client, 'client', 'bench-pp-client', { arg: 2 });
      thread('server', 'bserver', 'pp_server', prio.server, 'server', 'bench-pp-server', { arg: 1 });
      break;
    case 'queue':
      thread('client', 'bclient', 'q_client', prio.client, 'client', 'bench-q-client', { arg: 2 });
      thread('server', 'bserver', 'q_server', prio.server, 'server', 'bench-q-server', { arg: (1 << 8) | 3 });
      thread('helper', 'bhelper', 'q_helper', prio.helper, 'helper', 'bench-q-helper', { arg: 2 });
      break;
    case 'null':
      thread('client', 'bench', 'null_caller', prio.client, 'client', 'bench-null');
      break;
    case 'irq':
      thread('handler', 'bench', 'irq_bench', 200, 'client', 'bench-irq', { irqs: [CCNT_IRQ_LINE] });
      thread('spinner', 'bspin', 'irq_spinner', 10, null, 'bench-spinner');
      break;
  }
  const names = [...new Set(threads.map((t) => t.space))];
  const spaces: SpaceSpec[] = names.map((name) => ({ name, sources: ['ipcbench.S'], defsym, devices: true }));
  if (b.perturb.includes('irq') || b.perturb.includes('dirty')) {
    spaces.push({ name: 'perturb', sources: ['ipcbench_perturb.S'], devices: true, defsym: { PERIOD: PERTURB_PERIOD, DIRTY: b.perturb.includes('dirty') ? PERTURB_DIRTY_LINES : 0, SEED: b.seed } });
    threads.push({ name: 'perturb', space: 'perturb', entry: 'perturb_start', priority: 250, irqs: [PERTURB_LINE] });
    programs.push('bench-perturb');
  }
  return {
    scenario: { spaces, threads, config: { nreg: p.registerMrs, switchStrategy: p.strategy, design: p.design, kernelPages: p.kernelPages ?? false, tickShift: 0, preempt: false } },
    logs,
    programs,
  };
}
