// What the IPC-state model's tests share: the kernel suite's generated four-thread systems, and the
// oracle the model never saw, the kernel's own TCBs (state, partner, interrupt lines pending).
import fc from 'fast-check';
import { TCB, TCB_SIZE, threadStateName } from '../../kernel/abi.ts';
import type { BuiltSystem, KernelConfig } from '../../kernel/build.ts';
import { STATE_NAMES, T_HALT, T_NEW, T_RUN, T_SEND, T_UNKNOWN, T_WAIT, type RendezvousState } from '../../testbench/checkers/rendezvous.ts';
import { NTHREADS, SPACES, commandsArb, configArb, type Scripts } from '../kernel/ipc-gen.ts';
import { buildScripted, type ScriptThread } from '../kernel/script-harness.ts';

/** A generated system: the kernel suite's operation sequences for four threads, drawn priorities and knobs. */
export const generatedSystemArb: fc.Arbitrary<{ readonly built: BuiltSystem; readonly config: KernelConfig }> = fc
  .tuple(commandsArb, fc.array(fc.integer({ min: 1, max: 3 }), { minLength: NTHREADS, maxLength: NTHREADS }), configArb)
  .map(([cmds, prios, config]) => {
    const scripts: Scripts = { ops: Array.from({ length: NTHREADS }, () => []) };
    fc.modelRun(() => ({ model: scripts, real: { ops: Array.from({ length: NTHREADS }, () => []) } }), cmds);
    const threads: ScriptThread[] = scripts.ops.map((ops, i) => ({ name: `t${i + 1}`, space: SPACES[i]!, priority: prios[i]!, ops }));
    return { built: buildScripted(threads, config), config };
  });

/** The kernel's state name for a model state (the model's "new" and "run" are both ready). */
const KERNEL_NAME: Record<number, string> = { [T_NEW]: 'ready', [T_RUN]: 'ready', [T_WAIT]: 'receiving', [T_SEND]: 'sending', [T_HALT]: 'halted' };

export interface Compared {
  compared: number;
  /** Threads blocked (receiving or sending) among them. */
  blocked: number;
  /** Handlers with an interrupt line held pending among them. */
  pending: number;
}

/**
 * Expect every thread's model state to be its TCB's (`read`: a word at a virtual address, read as
 * the kernel's data): the state, the partner of a blocked thread, the lines pending for a handler.
 * `unknown`: 'skip' passes over unknown states, 'fail' refuses them. Counts into `into`.
 */
export function expectKernelStates(states: RendezvousState, built: BuiltSystem, read: (address: number) => number, where: string, unknown: 'skip' | 'fail', into: Compared): void {
  const kdata = built.kernelSymbol('KDATA');
  const tcbs = built.kernelSymbol('tcbs');
  built.threads.forEach((t, k) => {
    const mine = states.threads[k]!;
    if (mine.state === T_UNKNOWN && unknown === 'skip') return;
    if (mine.state === T_UNKNOWN) throw new Error(`${where}: ${t.name}'s state is unknown`);
    const word = (offset: number): number => read(tcbs + kdata + t.id * TCB_SIZE + offset) >>> 0;
    const kernel = threadStateName(word(TCB.state));
    const seen = `${STATE_NAMES[mine.state]} (${KERNEL_NAME[mine.state]})${mine.state === T_WAIT || mine.state === T_SEND ? ` partner 0x${mine.partner.toString(16)}` : ''}`;
    if (KERNEL_NAME[mine.state] !== kernel) throw new Error(`${where}: ${t.name}: the model has ${seen}, the kernel ${kernel}`);
    if (mine.state === T_WAIT || mine.state === T_SEND) {
      if (mine.partner >>> 0 !== word(TCB.partner)) throw new Error(`${where}: ${t.name}'s partner: the model has 0x${(mine.partner >>> 0).toString(16)}, the kernel 0x${word(TCB.partner).toString(16)}`);
      into.blocked++;
    }
    const lines = (t.irqs ?? []).reduce((m, l) => (m | (1 << l)) >>> 0, 0);
    if (lines !== 0) {
      const kernelPending = (word(TCB.irqPending) & lines) >>> 0;
      if ((states.pendingIrqs & lines) >>> 0 !== kernelPending) throw new Error(`${where}: ${t.name}'s pending lines: the model has 0x${((states.pendingIrqs & lines) >>> 0).toString(16)}, the kernel 0x${kernelPending.toString(16)}`);
      if (kernelPending !== 0) into.pending++;
    }
    into.compared++;
  });
}

/** A word of a machine's memory at a virtual address (little-endian). */
export const wordReader =
  (readMemory: (address: number, length: number) => Uint8Array) =>
  (address: number): number =>
    new DataView(readMemory(address, 4).buffer).getUint32(0, true);
