// What the report and its waveform view print as evidence moves with the run: each test changes a
// knob and checks that the printed words follow it (the project's rule: no fixed text as evidence).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, reportJson } from '../../testbench/cli/report.ts';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { main } from '../../testbench/cli/main.ts';
import { call } from './call.ts';

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

describe('the report names the hardware and the instruction sets the run had', () => {
  it('a non-default run: caches, ways, TLB, wait states and a Thumb client appear in the text, and the ISAs in the JSON', async () => {
    const r = await runIpcScenario({ registerMrs: 6, words: 4, strategy: 'fcse', rounds: 1, clientIsa: 'thumb', serverIsa: 'arm', hardware: { icache: { sizeBytes: 4096, ways: 2 }, dcache: { sizeBytes: 8192, ways: 2 }, tlb: { entries: 8 }, memory: { ramWaitStates: 1 } } });
    const text = formatReport(r);
    const hw = '4 KB I- and 8 KB D-cache, 2-way, 8-entry main TLB, 1 RAM wait state';
    expect(text.split('\n')[3]).toContain(`ARM926 RTL model (5-stage pipeline, MMU; ${hw})`);
    expect(text).toContain(`this model: ARM926EJ-S class, 5-stage pipeline, ${hw}, fcse switch, 6 register MRs, user programs: client Thumb, server ARM;`);
    expect(text.split('\n')[2]).toMatch(/^Scenario: L4 ping-pong, 2 threads in 2 address spaces \(client: .*; server: .*\), 1 round; 4 untyped words per message; user programs: client Thumb, server ARM;$/);
    expect(reportJson(r).options.userIsa).toEqual({ client: 'thumb', server: 'arm' });
  }, 60_000);

  it('the default hardware, ARM programs', async () => {
    const r = await runIpcScenario({ registerMrs: 6, words: 4, strategy: 'fcse', rounds: 1 });
    const text = formatReport(r);
    expect(text).toContain('MMU; 16 KB I- and 16 KB D-cache, 4-way, 64-entry main TLB, 0 RAM wait states)');
    expect(text).toContain('; ARM user programs;');
    expect(reportJson(r).options.userIsa).toEqual({ client: 'arm', server: 'arm' });
  }, 60_000);
});

describe('npm start: published figures beside ours say when ours are not fast paths', () => {
  const args = (extra: string[]): string[] => ['--rounds', '1', '--compare', 'none', '--vcd', join(dir, 'pub.vcd'), '--gtkw', join(dir, 'pub.gtkw'), ...extra];
  it('with 0 register MRs (no fast path) every length is marked, in the text and the JSON', async () => {
    const text = await call('npm start', main, args(['--mrs', '0']));
    const lines = text.out.split('\n').filter((l) => /^ {2}\d+ words: +this model/.test(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/this model \d+ cycles \(no fast-path IPC: the general path\) \|/);
    const json = JSON.parse((await call('npm start', main, [...args(['--mrs', '0']), '--json'])).out) as { published: { oursFastPath: Record<string, boolean> } };
    expect(json.published.oursFastPath).toEqual({ 0: false, 8: false, 16: false });
  }, 120_000);

  it('with the fast path: no mark', async () => {
    const text = await call('npm start', main, args([]));
    const lines = text.out.split('\n').filter((l) => /^ {2}\d+ words: +this model/.test(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).not.toContain('no fast-path IPC');
  }, 120_000);
});

describe('npm start: a hot figure of one IPC is not called hot', () => {
  it('a run cut short after one fast-path IPC says its hot IPC is the cold one', async () => {
    const r = await runIpcScenario({ registerMrs: 6, words: 8, strategy: 'fcse', rounds: 6, maxCycles: 20_000 });
    expect(r.fastPathIpcs).toBe(1);
    expect(formatReport(r)).toContain('  hot  (median of the second half; the only fast-path IPC, so not hot: the cold one): ');
  }, 60_000);

  it('a run with several: no such remark', async () => {
    const r = await runIpcScenario({ registerMrs: 6, words: 8, strategy: 'fcse', rounds: 1 });
    expect(r.fastPathIpcs).toBeGreaterThan(1);
    expect(formatReport(r)).toContain('  hot  (median of the second half): ');
  }, 60_000);
});

describe('npm start: the GTKWave line counts the markers the view has', () => {
  it('phase-start markers as in the .gtkw file', async () => {
    const gtkw = join(dir, 'markers.gtkw');
    const r = await runIpcScenario({ registerMrs: 6, words: 8, strategy: 'fcse', rounds: 2, vcd: join(dir, 'markers.vcd'), gtkw });
    // The save file's marker line: '*zoom primary A B ... Z', -1 for an unused marker (trap and resume are two of them).
    const markerLine = readFileSync(gtkw, 'utf8').split('\n').find((l) => l.startsWith('*'))!;
    const used = markerLine.split(' ').slice(2).filter((t) => t !== '-1').length;
    expect(used).toBeGreaterThan(2);
    expect(formatReport(r)).toContain(`(markers at the trap, ${used - 2} phase starts and the resume of IPC ${r.vcd!.ipc})`);
  }, 60_000);
});

describe('npm start: the published line at the run\'s own length says where its figure comes from', () => {
  const pubLines = (out: string): string[] => out.split('\n').filter((l) => /^ {2}\d+ words: +this model/.test(l));
  it('a run cut short by --max-cycles after one IPC: its own length is marked cold, the comparison lengths are not', async () => {
    const argv = ['--words', '8', '--rounds', '6', '--max-cycles', '20000', '--compare', 'none', '--vcd', join(dir, 'cut.vcd'), '--gtkw', join(dir, 'cut.gtkw')];
    const text = (await call('npm start', main, argv)).out;
    expect(text).toContain('the l4 design on this model; at 8 words this run\'s own figure, at the other lengths comparison runs\'):');
    const [w0, w8, w16] = pubLines(text);
    expect(w8).toMatch(/^ {2}8 words: +this model \d+ cycles \(this run's only fast-path IPC, --max-cycles having stopped it at [\d,]+ cycles: a cold figure, not hot\) \|/);
    expect(w0).not.toContain('not hot');
    expect(w16).not.toContain('not hot');
    const json = JSON.parse((await call('npm start', main, [...argv, '--json'])).out) as { published: { oursFrom: Record<string, { run: string; measured: number; stoppedAt: number | null }> } };
    expect(json.published.oursFrom['8']).toMatchObject({ run: 'this run', measured: 1 });
    expect(json.published.oursFrom['0']!.run).toBe('a comparison run');
  }, 180_000);

  it('a full run: the line names this run as the source, no cold mark', async () => {
    const text = (await call('npm start', main, ['--words', '8', '--rounds', '2', '--compare', 'none', '--vcd', join(dir, 'full.vcd'), '--gtkw', join(dir, 'full.gtkw')])).out;
    expect(text).toContain("at 8 words this run's own figure");
    for (const l of pubLines(text)) expect(l).not.toContain('not hot');
  }, 180_000);
});
