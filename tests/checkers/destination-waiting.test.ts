// A window is a hand-off only if its destination was waiting for the sender when it trapped
// (judge.ts, with the IPC states the message view keeps: rendezvous.ts). Checked on runs where
// destinations are often not waiting: ipcbench's queue run (blocked Calls and Sends, closed
// receives, a third thread resumed), its interrupt run (an interrupt in the running handler), the
// ping-pong with the client first. On each, with the unmodified kernel: every window classified as
// a hand-off delivered its message exactly (the classification never claims a delivery that did
// not happen), every judged window passes, and the windows the destination was not waiting in are
// named for what it was doing. The VCD of such a window gives the same report.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IpcReport } from '../../testbench/checkers/report.ts';
import { runBench } from '../../testbench/ipcbench/measure/run.ts';
import { DEFAULT_BENCH, type BenchRun, type PriorityRelation } from '../../testbench/ipcbench/measure/spec.ts';
import { buildIpcScenario, handoffConfigFor, recordWindow, runBuiltScenario, runIpcScenario, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import { CLIENT_FIRST } from './kernel-mutants-redteam.ts';

const TIMEOUT = 180_000;

function bench(run: BenchRun, priority: PriorityRelation): readonly IpcReport[] {
  return runBench({ registerMrs: 6, words: 8, strategy: 'fcse', design: 'l4', hardware: {}, bench: { ...DEFAULT_BENCH, run, priority, hot: 4, cold: 1, warm: 1 } }).windows;
}

/** The classification's own claims hold: hand-offs delivered exactly, judged windows pass. */
function expectSound(windows: readonly IpcReport[]): void {
  for (const w of windows) {
    if (w.kind !== 'no hand-off') expect(w.delivery.verdict, `IPC ${w.index} (${w.summary}): ${w.failures.join('; ')}`).toBe('pass');
    if (w.judged) expect(w.verdict, `IPC ${w.index} (${w.summary}): ${w.failures.join('; ')}`).toBe('pass');
  }
}

const summaries = (windows: readonly IpcReport[]): string[] => windows.map((w) => w.summary);

describe('a hand-off needs a destination waiting for the sender', () => {
  it.each([['equal'], ['client-higher']] as const)('ipcbench queue run, priorities %s: blocked sends are not hand-offs', (priority) => {
    const windows = bench('queue', priority);
    expectSound(windows);
    // Slow-path deliveries still count as hand-offs (the helper's Send to the waiting server).
    expect(windows.filter((w) => w.kind === 'hand-off').length).toBeGreaterThanOrEqual(7);
    expect(summaries(windows)).toContain('client (id 1) sends to server (id 2), which resumed, but it had not run yet: the message could not be delivered to it, no hand-off');
    if (priority === 'equal') {
      // A third thread resumed while the client's Call is queued (the server waits for the helper).
      expect(summaries(windows)).toContain('client (id 1) sends to server (id 2); helper (id 3) resumed, not the destination: no direct hand-off');
    } else {
      expect(summaries(windows)).toContain('client (id 1) sends to server (id 2), which resumed, but it was running or runnable, not in a receive: the message could not be delivered to it, no hand-off');
    }
  }, TIMEOUT);

  it('ipcbench interrupt run: an interrupt in the running handler is left pending, not delivered; the others pass', () => {
    const windows = bench('irq', 'equal');
    expectSound(windows);
    const irqs = windows.filter((w) => w.trap === 'irq');
    expect(irqs[0]!.kind).toBe('no hand-off');
    expect(irqs[0]!.summary).toBe('interrupt line 20 in handler (id 1): its handler handler (id 1) resumed, but it was running or runnable, not in a receive: the interrupt left pending, no message delivered');
    expect(irqs.filter((w) => w.kind === 'interrupt hand-off' && w.judged && w.verdict === 'pass').length).toBeGreaterThanOrEqual(5);
  }, TIMEOUT);

  it('the ping-pong with the client first: its first Call is queued on a server that had not run; every fast-path hand-off passes', async () => {
    const o: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 2, scenario: CLIENT_FIRST };
    const r = await runIpcScenario(o);
    expect(r.outcome.ok, r.outcome.problems.join('; ')).toBe(true);
    expectSound(r.report.ipcs);
    expect(r.report.verdict).toBe('pass');
    const first = r.report.ipcs.find((w) => w.trap === 'swi')!;
    expect(first).toMatchObject({ kind: 'no hand-off', sender: 'client', receiver: 'server' });
    expect(first.summary).toMatch(/^client \(id 1\) sends to server \(id 2\), which resumed, but it had not run yet/);

    // The waveform carries the view's IPC states: the window read back alone is judged the same.
    const built = buildIpcScenario(o);
    const config = handoffConfigFor(built);
    const run = runBuiltScenario(o, built, config);
    const report = run.checker.report();
    const w = report.ipcs.find((i) => i.trap === 'swi')!;
    expect(w.summary).toBe(first.summary);
    const dir = mkdtempSync(join(tmpdir(), 'handoff-waiting-'));
    const back = await recordWindow(o, built, config, report, w, { path: join(dir, 'first.vcd'), margin: 20, lastCycle: run.sim.cycle });
    expect(back).toMatchObject({ agrees: true, ipc: w.index });
  }, TIMEOUT);
});
