// What the report and its waveform view print as evidence moves with the run: each test changes a
// knob and checks that the printed words follow it (the project's rule: no fixed text as evidence).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-report-evidence-'));

/** The traces of one group of a .gtkw save file (between its two `-NAME` lines). */
function gtkwGroup(text: string, prefix: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`-${prefix}`));
  if (at < 0) return [];
  const end = lines.findIndex((l, k) => k > at && l === lines[at]);
  return lines.slice(at + 1, end).filter((l) => !l.startsWith('@'));
}

describe('the GTKWave view of npm start', () => {
  it.each([
    [3, ['r3', 'r4', 'r5']],
    [0, []],
  ] as const)('with %i register MRs, its MR group shows the registers that held MRs in the run', async (registerMrs, names) => {
    const gtkw = join(dir, `mrs${registerMrs}.gtkw`);
    await runIpcScenario({ registerMrs, words: 4, strategy: 'fcse', rounds: 1, vcd: join(dir, `mrs${registerMrs}.vcd`), gtkw });
    const traces = gtkwGroup(readFileSync(gtkw, 'utf8'), 'MR registers');
    expect(traces.map((t) => /gpr\.(r\d+)/.exec(t)?.[1])).toEqual(names);
  }, 60_000);
});
