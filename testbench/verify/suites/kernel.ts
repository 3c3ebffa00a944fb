// kernel: the L4 kernel (on the reference model) against the abstract IPC specification, on
// operation sequences by 4 threads generated as fast-check model-based commands, with generated
// priorities and kernel knobs. The generators, the specification and the script runner are the ones
// of tests/kernel (ipc-gen, ipc-model, script-harness). The waveform is the counterexample re-run
// on the RTL system: its last cycles, where the run ends.
import fc from 'fast-check';
import type { KernelConfig } from '../../../kernel/build.ts';
import { NTHREADS, SPACES, commandsArb, configArb, type Scripts } from '../../../tests/kernel/ipc-gen.ts';
import { runModel, type LogEntry, type ScriptOp } from '../../../tests/kernel/ipc-model.ts';
import { buildScripted, runScripted, type ScriptThread } from '../../../tests/kernel/script-harness.ts';
import { HandoffMachine } from '../../checkers/handoff-machine.ts';
import { STRATEGY_HARDWARE } from '../../scenarios/ipc-scenario.ts';
import { VcdWriter } from '../../trace/vcd-writer.ts';
import type { Suite } from '../suite.ts';

interface KernelInput {
  readonly cmds: Iterable<fc.Command<Scripts, Scripts>>;
  readonly priorities: readonly number[];
  readonly config: KernelConfig;
}

function threadsOf(i: KernelInput): ScriptThread[] {
  const model: Scripts = { ops: Array.from({ length: NTHREADS }, () => []) };
  fc.modelRun(() => ({ model, real: { ops: Array.from({ length: NTHREADS }, () => []) } }), i.cmds);
  return model.ops.map((ops, k) => ({ name: `t${k + 1}`, space: SPACES[k]!, priority: i.priorities[k]!, ops }));
}

/** What both sides must agree on; r0 only where the specification defines it (not after an error). */
const observable = (logs: readonly (readonly LogEntry[])[], defined: readonly (readonly LogEntry[])[]) =>
  logs.map((l, t) => l.map((e, k) => ({ tag: e.tag >>> 0, error: e.error, words: e.words, ...(defined[t]?.[k]?.r0 !== undefined ? { r0: (e.r0 ?? 0) >>> 0 } : {}) })));

function compare(i: KernelInput): string | undefined {
  const threads = threadsOf(i);
  const spec = runModel(threads.map((t) => ({ priority: t.priority, ops: t.ops as ScriptOp[] })));
  const real = runScripted(threads, i.config);
  if (real.run.stop !== 'exit') return `the kernel did not exit (${real.run.stop}); output ${JSON.stringify(real.run.uart)}`;
  const want = observable(spec.logs, spec.logs);
  const got = observable(real.logs, spec.logs);
  for (let t = 0; t < NTHREADS; t++) {
    if (got[t]!.length !== want[t]!.length) return `thread t${t + 1}: ${got[t]!.length} operations completed, the specification says ${want[t]!.length}`;
    for (let k = 0; k < want[t]!.length; k++) {
      const [g, w] = [JSON.stringify(got[t]![k]), JSON.stringify(want[t]![k])];
      if (g !== w) return `thread t${t + 1}, result ${k}: kernel ${g}, specification ${w}`;
    }
  }
  const [gs, ws] = [JSON.stringify({ states: real.states, partners: real.partners }), JSON.stringify({ states: spec.states, partners: spec.partners })];
  return gs === ws ? undefined : `final thread states: kernel ${gs}, specification ${ws}`;
}

const TAIL = 3000;

function rtlRun(i: KernelInput, vcd?: { readonly path: string; readonly from: number }): number {
  const built = buildScripted(threadsOf(i), i.config);
  const machine = new HandoffMachine(built.image, { hardware: { addressSpaceSwitch: STRATEGY_HARDWARE[i.config.switchStrategy ?? 'fcse'], registerMrs: i.config.nreg ?? 6 }, view: { enabled: vcd !== undefined } });
  const writer = vcd ? new VcdWriter(machine.sim, { output: vcd.path, window: { from: vcd.from }, version: 'handoff verify kernel' }) : undefined;
  machine.boot();
  machine.runToExit(20_000_000);
  writer?.close();
  return machine.sim.cycle;
}

export const kernelSuite: Suite<KernelInput> = {
  name: 'kernel',
  description: 'kernel vs abstract IPC specification on generated 4-thread operation sequences, priorities and knobs (nreg, switch strategy)',
  arbitrary: fc.record({ cmds: commandsArb, priorities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: NTHREADS, maxLength: NTHREADS }), config: configArb }),
  check: compare,
  show(i) {
    return `config ${JSON.stringify(i.config)}, priorities ${i.priorities.join(' ')}\n${threadsOf(i).map((t) => `  ${t.name} (${t.space}): ${JSON.stringify(t.ops)}`).join('\n')}`;
  },
  waveform(i, path) {
    const end = rtlRun(i);
    rtlRun(i, { path, from: Math.max(0, end - TAIL) });
    return `${path} (RTL system, cycles ${Math.max(0, end - TAIL)}..${end})`;
  },
};
