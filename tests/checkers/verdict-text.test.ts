// The verdict lines say of each claim whether it held, from the run's failures (a claim's name
// printed as a heading over evidence that breaks it was fixed text), and why interrupts delivered
// nothing, from their windows.
import { describe, expect, it } from 'vitest';
import { verdictText, windowsText } from '../../testbench/checkers/verdict-text.ts';
import { runIpcScenario, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';

const BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 3 };
const line = (text: readonly string[], start: string): string => text.find((l) => l.trimStart().startsWith(start)) ?? `(no line starting '${start}')`;

describe('verdict text', () => {
  it('says held for every claim of the l4 design, and BROKEN with the rules for the claims the remap design breaks', async () => {
    const good = verdictText((await runIpcScenario(BASE)).report, 6);
    expect(line(good, 'MRs in core registers')).toContain('left in place: held;');
    expect(line(good, 'MRs in the UTCB')).toContain('copied directly: held;');
    expect(line(good, 'delivered:')).toContain('delivered: held;');
    expect(line(good, 'no remapping')).toContain('switch): held;');
    const bad = verdictText((await runIpcScenario({ ...BASE, design: 'remap' })).report, 6);
    expect(line(bad, 'MRs in core registers')).toContain('left in place: held;');
    expect(line(bad, 'MRs in the UTCB')).toContain('copied directly: BROKEN (utcb-word-not-copied);');
    expect(line(bad, 'delivered:')).toContain('delivered: held;');
    expect(line(bad, 'no remapping')).toContain('switch): BROKEN (page-table-write, maintenance);');
  }, 120_000);

  it('counts why the interrupts that delivered nothing did so, from their windows', async () => {
    const r = (await runIpcScenario(BASE)).report;
    const irqs = r.ipcs.filter((i) => i.trap === 'irq' && i.kind === 'no hand-off');
    expect(irqs.length).toBeGreaterThan(0);
    const text = line(windowsText(r), `${irqs.length} x an interrupt`);
    const notWaiting = irqs.filter((i) => i.summary.includes('its handler')).length;
    expect(text).toContain(`${irqs.length - notWaiting} on lines with no handler thread, handled in the kernel`);
    expect(text).not.toContain('or its handler was not waiting');
  }, 120_000);
});
