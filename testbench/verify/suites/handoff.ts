// handoff: the zero-copy hand-off checkers on generated ping-pong scenarios (register MRs, message
// length, switch strategy with a fast path, cache/TLB/latency knobs): every fast-path IPC passes,
// the program's own check prints ok, and the kernel exits.
import fc from 'fast-check';
import type { PartialConfig } from '../../../rtl/config.ts';
import { runIpcScenario, type IpcScenarioOptions } from '../../scenarios/ipc-scenario.ts';
import type { Suite } from '../suite.ts';

const hardware: fc.Arbitrary<PartialConfig> = fc.record({
  icache: fc.record({ sizeBytes: fc.constantFrom(4096, 16384) }),
  dcache: fc.record({ sizeBytes: fc.constantFrom(4096, 16384), writePolicy: fc.constantFrom('page' as const, 'write-through' as const) }),
  tlb: fc.record({ entries: fc.constantFrom(8, 64) }),
  memory: fc.record({ ramWaitStates: fc.integer({ min: 0, max: 2 }) }),
});

const scenario: fc.Arbitrary<IpcScenarioOptions> = fc.record({
  registerMrs: fc.integer({ min: 1, max: 6 }),
  words: fc.integer({ min: 0, max: 12 }),
  strategy: fc.constantFrom('fcse' as const, 'asid' as const),
  rounds: fc.integer({ min: 2, max: 3 }),
  hardware,
});

export const handoffSuite: Suite<IpcScenarioOptions> = {
  name: 'handoff',
  description: 'hand-off checkers on generated ping-pong scenarios (MRs, words, fcse/asid, cache/TLB/latency knobs)',
  arbitrary: scenario,
  async check(o) {
    const r = await runIpcScenario(o);
    const problems: string[] = [];
    if (!r.exited) problems.push('the kernel did not exit');
    if (!r.uart.includes('pingpong: ok')) problems.push(`program output: ${JSON.stringify(r.uart)}`);
    if (r.report.judgedIpcs === 0) problems.push('no fast-path IPC was judged');
    if (r.report.verdict !== 'pass') problems.push(...r.report.failures.slice(0, 5));
    return problems.length > 0 ? problems.join('\n') : undefined;
  },
  show(o) {
    return JSON.stringify(o);
  },
  async waveform(o, path) {
    // The window of the hot IPC (as `npm start` writes it), with its GTKWave view.
    const gtkw = path.replace(/\.vcd$/, '.gtkw');
    const r = await runIpcScenario({ ...o, vcd: path, gtkw });
    return r.vcd ? `${path} (hot IPC, cycles ${r.vcd.from}..${r.vcd.to}; view ${gtkw})` : 'no measured IPC: no waveform';
  },
};
