// The main job end to end: the scenario's numbers, the zero-copy verdict with its evidence, the
// JSON keys `npm start --json` promises, the waveform re-checked from the VCD, GTKWave loading it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportJson } from '../../testbench/cli/report.ts';
import { runIpcScenario, type IpcScenarioResult } from '../../testbench/scenarios/ipc-scenario.ts';
import { readVcd } from '../../testbench/trace/vcd-reader.ts';
import { goldenGate } from '../support/golden.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-start-'));
let result: IpcScenarioResult;
const WORDS = 9;
const NREG = 6;

beforeAll(async () => {
  result = await runIpcScenario({ registerMrs: NREG, words: WORDS, strategy: 'asid', rounds: 4, vcd: join(dir, 'h.vcd'), gtkw: join(dir, 'h.gtkw') });
}, 120_000);

describe('npm start: the default scenario', () => {
  it('runs the kernel to its end with the programs reporting success', () => {
    expect(result.exited).toBe(true);
    expect(result.uart).toContain('pingpong: ok');
    expect(result.outcome).toMatchObject({ ok: true, kernelExit: 'clean', programs: [{ program: 'pingpong', verdict: 'ok' }], problems: [] });
  });

  it('finds the fast path and a hot one-way IPC cheaper than a cold one', () => {
    expect(result.fastPathIpcs).toBeGreaterThanOrEqual(6);
    expect(result.hot?.path).toBe('fast');
    expect(result.hotCycles!).toBeGreaterThan(50);
    expect(result.hotCycles!).toBeLessThan(result.coldCycles!);
    expect(result.hot!.cost.counters.icacheMisses).toBe(0);
  });

  it('passes the zero-copy verdict with its evidence', () => {
    const j = reportJson(result);
    expect(j.handoff.verdict).toBe('pass');
    expect(j.handoff.registerMRsWritten).toBe(0);
    expect(j.handoff.stagedWords).toBe(0);
    expect(j.handoff.deliveryMismatches).toBe(0);
    expect(j.programs).toEqual([{ program: 'pingpong', verdict: 'ok' }]);
    // Tag + WORDS words = WORDS + 1 MRs; NREG of them travel in registers, the rest by UTCB copy.
    expect(j.handoff.utcbWordsCopied).toBe(j.handoff.judgedIpcs * (WORDS + 1 - NREG));
  });

  it('gives every JSON key the issue promises', () => {
    const j = reportJson(result) as unknown as Record<string, Record<string, unknown>>;
    for (const k of ['oneWayHotCycles', 'oneWayColdCycles', 'fastPath']) expect(j.ipc).toHaveProperty(k);
    for (const k of ['verdict', 'registerMRsWritten', 'utcbWordsCopied', 'stagedWords', 'pageTableWrites', 'maintenanceOps', 'deliveryMismatches']) expect(j.handoff).toHaveProperty(k);
    for (const k of ['programs', 'faults', 'problems']) expect(j).toHaveProperty(k);
    for (const k of ['cache', 'tlb', 'vcd', 'gtkw']) expect(j).toHaveProperty(k);
    expect(j.ipc.fastPath).toBe(true);
  });

  it('writes the waveform of the hot IPC, and the VCD alone gives the same verdict', async () => {
    expect(result.vcd?.agrees).toBe(true);
    const vcd = await readVcd(readFileSync(result.vcd!.path));
    expect(vcd.vars.has('top.sys.core.rf.gpr.r4')).toBe(true);
    expect(vcd.vars.has('top.view.phase')).toBe(true);
    expect(vcd.vars.has('top.msg.mr_0')).toBe(true);
    const trap = result.hot!.trapCycle;
    expect(vcd.valueAt('top.view.phase', (trap + 5) * 10)).not.toBe('');
  });

  const gate = goldenGate('GTKWave opens the hand-off view', ['gtkwave', 'xvfb-run']);
  it.skipIf(!gate.available)('GTKWave loads the VCD with the hand-off view without complaint', () => {
    const working = join(dir, 'working.gtkw');
    copyFileSync(result.gtkw!, working);
    const script = join(dir, 'quit.tcl');
    writeFileSync(script, 'gtkwave::/File/Write_Save_File\ngtkwave::/File/Quit\n');
    const run = spawnSync('xvfb-run', ['-a', 'gtkwave', '-S', script, result.vcd!.path, working], { encoding: 'utf8', timeout: 120_000 });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(run.status, out).toBe(0);
    expect(out).not.toMatch(/Unknown|Near byte|error/i);
    expect(readFileSync(working, 'utf8')).toMatch(/\[markername\] A/);
  });
});
