// What a slow path keeps in kernel memory (a queued sender's saved context) is marked for later
// windows (round 6's `declined-call-saved-mr1-logged-by-reply-fast-path`): the marks must not
// make false alarms where the slow path delivers what it kept (the queue scenario: senders queued
// on a receiver that takes their messages later) or a thread gets its own context back (the
// timeout scenario: IPCs that time out). Every window and kernel entry of both runs passes.
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { queueScenario, timeoutScenario } from '../../kernel/scenarios.ts';
import { handoffConfigFor, runBuiltScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';

describe('marks of what a slow path kept', () => {
  it.each([
    ['queue', queueScenario('fcse'), 'queue: FIFO order ok'],
    ['timeouts', timeoutScenario('fcse'), 'timeouts: client ok'],
  ] as const)('%s: no window or kernel entry fails', (_name, scenario, ok) => {
    const built = buildSystem(scenario);
    const run = runBuiltScenario({ ...MUTANT_BASE, maxCycles: 2_000_000 }, built, handoffConfigFor(built));
    expect(run.exited).toBe(true);
    expect(run.bench.sys.soc.uart0.transmittedText()).toContain(ok);
    const report = run.checker.report();
    expect(report.ipcs.filter((i) => i.path === 'slow').length, 'the slow path ran').toBeGreaterThan(0);
    // (a slow hand-off lists what its path breaks, the claims being the fast path's: not judged)
    expect(report.ipcs.filter((i) => i.judged && i.verdict === 'fail').flatMap((i) => i.failures)).toEqual([]);
    expect(report.entries.filter((e) => e.verdict === 'fail').flatMap((e) => e.failures)).toEqual([]);
  }, 60_000);
});
