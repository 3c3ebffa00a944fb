// Real waveform clients: vcd2fst converts our VCD and fst2vcd gives the same values back; GTKWave
// (under Xvfb) loads the VCD with our .gtkw without complaint and keeps its signals and markers.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../rtl/hdl/index.ts';
import { writeGtkw } from '../../testbench/trace/gtkw-writer.ts';
import { readVcd } from '../../testbench/trace/vcd-reader.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';
import { Mixed } from '../hdl/designs.ts';
import { goldenGate } from '../support/golden.ts';

const gate = goldenGate('GTKWave clients', ['vcd2fst', 'fst2vcd', 'gtkwave', 'xvfb-run']);

function makeWaves(dir: string, textEncoding: 'string' | 'vector'): { vcd: string; gtkw: string; writer: VcdWriter } {
  const vcd = join(dir, `mixed-${textEncoding}.vcd`);
  const gtkw = join(dir, `mixed-${textEncoding}.gtkw`);
  const top = new Mixed(null, 'top');
  const sim = new Simulator(top);
  const writer = new VcdWriter(sim, { output: vcd, textEncoding });
  sim.reset(1);
  sim.run(200);
  writer.close();
  const text = writeGtkw({
    dumpfile: vcd,
    variables: writer.variables,
    items: [
      'top.clk',
      'top.rst',
      { group: 'Swapper', traces: ['top.swapper.a', 'top.swapper.b'] },
      'top.mnemonic',
      'top.wideBus',
      { path: 'top.tick', format: 'dec' },
      { group: 'Register file', traces: ['top.rf.r0', 'top.rf.r1', 'top.rf.r2', 'top.rf.sp'], closed: true },
    ],
    markers: [
      { name: 'trap', cycle: 5 },
      { name: 'resume here', cycle: 12 },
    ],
    primaryMarkerCycle: 3,
  });
  writeFileSync(gtkw, text);
  return { vcd, gtkw, writer };
}

describe.skipIf(!gate.available)('real waveform clients', () => {
  it.each(['string', 'vector'] as const)('vcd2fst converts the VCD (%s text) and fst2vcd gives the same values back', async (enc) => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-fst-'));
    const { vcd } = makeWaves(dir, enc);
    const fst = join(dir, 'mixed.fst');
    const conv = spawnSync('vcd2fst', [vcd, fst], { encoding: 'utf8' });
    expect(conv.status, conv.stderr).toBe(0);
    const back = spawnSync('fst2vcd', [fst], { maxBuffer: 64 << 20 });
    expect(back.status, back.stderr?.toString()).toBe(0);
    const ours = await readVcd(readFileSync(vcd));
    const theirs = await readVcd(back.stdout);
    expect([...theirs.vars.keys()].sort()).toEqual([...ours.vars.keys()].sort());
    for (const path of ours.vars.keys()) {
      for (let cycle = 0; cycle < 201; cycle++) {
        expect(theirs.valueAt(path, cycle * 10), `${path} @${cycle}`).toEqual(ours.valueAt(path, cycle * 10));
      }
    }
  });

  it('GTKWave loads the VCD with the .gtkw, without complaints, keeping signals and markers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-gtkwave-'));
    const { vcd, gtkw } = makeWaves(dir, 'string');
    const original = readFileSync(gtkw, 'utf8');
    // GTKWave writes the save file back over the one it loaded: keep ours, compare with its copy.
    const working = join(dir, 'working.gtkw');
    copyFileSync(gtkw, working);
    const script = join(dir, 'save-and-quit.tcl');
    writeFileSync(script, 'gtkwave::/File/Write_Save_File\ngtkwave::/File/Quit\n');
    const run = spawnSync('xvfb-run', ['-a', 'gtkwave', '-S', script, vcd, working], { encoding: 'utf8', timeout: 120_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).not.toMatch(/Unknown|Near byte|error/i);
    expect(output).toMatch(/\[2010\] end time/);
    const saved = readFileSync(working, 'utf8');
    const traces = (s: string): string[] => s.split('\n').filter((l) => /^[-a-z]/.test(l));
    expect(traces(saved)).toEqual(traces(original));
    expect(saved).toMatch(/\[markername\] Atrap/);
    expect(saved).toMatch(/\[markername\] Bresume here/);
    expect(saved).toMatch(/^\*-?[\d.]+ 30 50 120 -1/m);
  });
});
