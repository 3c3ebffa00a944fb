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
import { verdictText } from '../../testbench/checkers/verdict-text.ts';
import { buildSystem } from '../../kernel/build.ts';
import { runBench } from '../../testbench/ipcbench/measure/run.ts';
import { benchScenario } from '../../testbench/ipcbench/measure/scenario.ts';
import { DEFAULT_BENCH, type BenchRun, type PriorityRelation } from '../../testbench/ipcbench/measure/spec.ts';
import { buildIpcScenario, handoffConfigFor, recordWindow, runBuiltScenario, runIpcScenario, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import { CLIENT_FIRST, REDTEAM_BROKEN } from './kernel-mutants-redteam.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';
import { replace } from './kernel-mutants.ts';
import { rulesOf } from './rules-of.ts';

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

  it('a fast path that ignores a closed wait hands a register-only message to a thread waiting for another: caught at its resume', async () => {
    // The queue run's server waits for the helper while the client calls it; 2 words, all in registers,
    // so no store into the server's UTCB gives it away: only the server's resume does.
    const ignoresClosedWait = replace('entry.S', '        cmp     r11, r12                        @ waits for us or for anyone ...\n        cmnne   r11, #1\n        cmpeq   r9, #ST_RECV', '        cmp     r9, #ST_RECV');
    const bs = benchScenario({ registerMrs: 6, words: 2, strategy: 'fcse', design: 'l4', bench: { ...DEFAULT_BENCH, run: 'queue', priority: 'equal', hot: 4, cold: 1, warm: 1 } });
    const knobs = { strategy: 'fcse', registerMrs: 6, maxCycles: 3_000_000 } as const;
    const judge = (patchKernel?: typeof ignoresClosedWait) => {
      const built = buildSystem({ ...bs.scenario, ...(patchKernel ? { patchKernel } : {}) });
      const config = handoffConfigFor(built);
      const run = runBuiltScenario(knobs, built, config);
      return { built, config, lastCycle: run.sim.cycle, report: run.checker.report() };
    };
    expectSound(judge().report.ipcs);
    const { built, config, lastCycle, report: bad } = judge(ignoresClosedWait);
    expect(bad.verdict).toBe('fail');
    const failing = bad.ipcs.filter((w) => w.judged && w.verdict === 'fail');
    expect(failing.length).toBeGreaterThanOrEqual(1);
    expect(failing[0]).toMatchObject({ kind: 'no hand-off', sender: 'client', receiver: 'server', judged: true });
    expect(rulesOf(failing[0]!)).toEqual(['delivery']);
    expect(failing[0]!.failures[0]).toMatch(/server \(id 2\) resumed, but client \(id 1\)'s IPC left it blocked \(when the window opened it was waiting for helper \(id 3\)\): a thread blocked in IPC ran/);
    expect(failing[0]!.firstFailure!.cycle).toBe(failing[0]!.resumeCycle);
    // The report's verdict counts that window for what it did, not as a leak.
    const text = verdictText(bad, 6);
    expect(text[0]).toBe(`Zero-copy hand-off: FAIL over 0 judged hand-offs and ${failing.length === 1 ? '1 other kernel window' : `${failing.length} other kernel windows`} (${failing.length} resumed a thread blocked in IPC)`);
    expect(text.find((l) => l.startsWith('  delivered:'))).toMatch(/; \d+ windows? resumed a thread the rendezvous left blocked$/);
    // The VCD alone shows it too (the view's rx_ready).
    const dir = mkdtempSync(join(tmpdir(), 'handoff-blocked-'));
    const back = await recordWindow(knobs, built, config, bad, failing[0]!, { path: join(dir, 'blocked.vcd'), margin: 20, lastCycle });
    expect(back).toMatchObject({ agrees: true, verdict: 'fail', ipc: failing[0]!.index });
  }, TIMEOUT);

  it('a restarted system call (the sender back at its own SWI) changes no thread state: the re-executed IPC is a hand-off again', async () => {
    const variant = REDTEAM_BROKEN.find((m) => m.name === 'leak-then-restart-swi')!;
    const r = await runIpcScenario({ ...MUTANT_BASE, patchKernel: variant.patch });
    const windows = r.report.ipcs;
    const restarted = windows.filter((w) => w.trap === 'swi' && w.sender === w.receiver && w.resumePc === w.trapPc);
    expect(restarted.length).toBeGreaterThanOrEqual(2);
    for (const w of restarted) {
      // Its leak fails it; a blocked thread running does not (nothing blocked it).
      expect(rulesOf(w), w.failures.join('; ')).not.toContain('delivery');
      const again = windows.find((x) => x.index > w.index && x.trap === 'swi' && x.sender === w.sender)!;
      expect(again.trapPc).toBe(w.trapPc);
      expect(again, again.summary).toMatchObject({ kind: 'hand-off', path: 'fast', judged: true, verdict: 'pass' });
    }
  }, TIMEOUT);
});
