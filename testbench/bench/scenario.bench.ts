// The whole scenario: the kernel's ping-pong on the RTL system. Simulated cycles per second with
// tracing off and on, VCD bytes per cycle, and one-way IPC cycles (hot, fast path) for each number
// of register MRs, each message length and each address-space switch strategy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandoffMachine } from '../checkers/handoff-machine.ts';
import { buildIpcScenario, runIpcScenario, type IpcScenarioOptions, type SwitchStrategy } from '../scenarios/ipc-scenario.ts';
import { VcdWriter } from '../trace/vcd-writer.ts';
import type { BenchRow, BenchSuite } from './suite.ts';

const BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'asid', rounds: 3 };

function speed(traced: boolean, dir: string): { rate: number; bytesPerCycle: number } {
  const built = buildIpcScenario({ ...BASE, rounds: 6 });
  const machine = new HandoffMachine(built.image, { hardware: { addressSpaceSwitch: 'asid' }, view: { enabled: traced } });
  const sim = machine.sim;
  const vcd = traced ? new VcdWriter(sim, { output: join(dir, 'scenario.vcd') }) : undefined;
  machine.boot();
  const cycles = 120_000;
  const t0 = process.hrtime.bigint();
  sim.run(cycles);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  vcd?.close();
  return { rate: cycles / seconds, bytesPerCycle: vcd ? vcd.sink.bytes / cycles : 0 };
}

async function hot(o: Partial<IpcScenarioOptions>): Promise<number> {
  const r = await runIpcScenario({ ...BASE, ...o });
  return r.hotCycles ?? Number.NaN;
}

export const scenarioBench: BenchSuite = {
  name: 'scenario',
  description: 'L4 ping-pong on the RTL system: speed, VCD size, one-way IPC cycles per knob',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'handoff-scenario-'));
    try {
      const off = speed(false, dir);
      const on = speed(true, dir);
      rows.push({ metric: 'cycles/s, tracing off', value: off.rate, unit: 'cycles/s' });
      rows.push({ metric: 'cycles/s, full VCD + pipeline text', value: on.rate, unit: 'cycles/s', note: `${(off.rate / on.rate).toFixed(1)}x slower` });
      rows.push({ metric: 'VCD bytes per cycle', value: on.bytesPerCycle, unit: 'B/cycle' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (let nreg = 0; nreg <= 6; nreg++) rows.push({ metric: `one-way IPC, ${nreg} register MRs (8 words, asid)`, value: await hot({ registerMrs: nreg }), unit: 'cycles' });
    for (const words of [0, 1, 2, 4, 5, 6, 8, 12, 16]) rows.push({ metric: `one-way IPC, ${words} words (6 register MRs, asid)`, value: await hot({ words }), unit: 'cycles' });
    for (const strategy of ['full', 'fcse', 'asid'] as SwitchStrategy[]) rows.push({ metric: `one-way IPC, ${strategy} switch (6 MRs, 8 words)`, value: await hot({ strategy }), unit: 'cycles', note: strategy === 'full' ? 'slow path: no fast path across spaces' : 'fast path' });
    return rows;
  },
};
