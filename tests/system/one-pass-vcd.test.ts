// npm start writes its waveform from the measuring pass (window-capture.ts): the bytes must be those
// the second pass (recordWindow, re-running the whole scenario) writes for the same IPC, for the
// default scenario (a hot IPC) and for a design that fails a claim (the first failing IPC, whose
// window reaches back to the IPC that parked the data), and for a run longer than the capture's ring
// (its hot window written as it left the ring, not at the end).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handoffConfigFor, recordWindow, runIpcScenario, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-one-pass-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// npm start's defaults (testbench/cli/main.ts).
const DEFAULTS: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', design: 'l4', rounds: 6, margin: 40 };

async function compare(name: string, o: IpcScenarioOptions): Promise<{ why: string; bytes: number; written: number; fast: number }> {
  const vcd = join(dir, `${name}-one.vcd`);
  const r = await runIpcScenario({ ...o, vcd, gtkw: join(dir, `${name}.gtkw`) });
  expect(r.vcd, 'a window was written').toBeDefined();
  expect(r.vcd!.passes).toBe(1);
  expect(r.vcd!.agrees).toBe(true);
  const shown = r.report.ipcs[r.vcd!.ipc]!;
  const two = await recordWindow(o, r.built, handoffConfigFor(r.built), r.report, shown, { path: join(dir, `${name}-two.vcd`), margin: o.margin!, lastCycle: r.cycles - 1, ...(o.textEncoding ? { textEncoding: o.textEncoding } : {}) });
  expect(two.agrees).toBe(true);
  expect([r.vcd!.from, r.vcd!.to]).toEqual([two.from, two.to]);
  const one = readFileSync(vcd);
  expect(one.length).toBe(two.bytes);
  expect(one.equals(readFileSync(two.path)), `${name}: one-pass VCD differs from the two-pass one`).toBe(true);
  return { why: r.vcd!.why, bytes: one.length, written: r.vcd!.windowsWritten, fast: r.fastPathIpcs };
}

describe('npm start: the waveform from one pass', () => {
  it('is byte-identical to the two-pass waveform for the default scenario (a hot IPC)', async () => {
    const c = await compare('default', DEFAULTS);
    expect(c.why).toBe('a hot IPC');
    expect(c.bytes).toBeGreaterThan(50_000);
    // Windows wait in the ring: only those about to leave it, and the one shown, are written (6 of
    // the 12 fast IPCs' windows; writing each as it closed wrote 15).
    expect(c.written).toBeGreaterThanOrEqual(1);
    expect(c.written).toBeLessThanOrEqual(c.fast / 2);
  }, 180_000);

  it('is byte-identical for a run longer than the ring (the hot window written as it left the ring)', async () => {
    const c = await compare('long', { ...DEFAULTS, rounds: 40 });
    expect(c.why).toBe('a hot IPC');
    expect(c.written).toBeGreaterThan(1);
  }, 300_000);

  // The capture keeps only windows that can still be shown (window-capture.ts showable): the hot
  // IPC is the last with the median cost in the second half of the fast-path hand-offs, else of the
  // hand-offs, else of every kernel window; each class is exercised on a run longer than the ring.
  it('is byte-identical when no hand-off takes the fast path (0 register MRs: the hot slow-path hand-off)', async () => {
    const c = await compare('slow', { ...DEFAULTS, registerMrs: 0, rounds: 30 });
    expect(c.why).toBe('a hot IPC');
    expect(c.fast).toBe(0);
  }, 300_000);

  it('is byte-identical when there is no hand-off at all (one thread that spins: interrupt windows only)', async () => {
    const scenario = { spaces: [{ name: 'a', sources: [{ name: 'spin.S', text: '        .text\n        .global start\nstart:\n        b       start\n' }] }], threads: [{ name: 't', space: 'a', entry: 'start', priority: 3 }] };
    const c = await compare('spin', { ...DEFAULTS, scenario, maxCycles: 200_000 });
    expect(c.why).toBe('a hot IPC');
    expect(c.fast).toBe(0);
  }, 300_000);

  it('is byte-identical to the two-pass waveform for a failing design (the first IPC that failed a claim)', async () => {
    const c = await compare('buffered', { ...DEFAULTS, design: 'buffered' });
    expect(c.why).toBe('the first IPC that failed a claim');
  }, 180_000);

  it('is byte-identical with a wide margin and the vector text encoding', async () => {
    await compare('wide', { ...DEFAULTS, rounds: 3, margin: 1500, textEncoding: 'vector' });
  }, 180_000);
});
