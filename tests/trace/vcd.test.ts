// The VCD writer against an independent reader (vcd-stream, wasm path): every traced value at every
// cycle, scopes, timescale, windows, filters, both text encodings, determinism.
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../rtl/hdl/index.ts';
import { MemorySink } from '../../testbench/trace/byte-sink.ts';
import { readVcd } from '../../testbench/trace/vcd-reader.ts';
import { VcdWriter, type VcdOptions } from '../../testbench/trace/vcd-writer.ts';
import { unpackTextBits } from '../../testbench/trace/text-encoding.ts';
import { Mixed } from '../hdl/designs.ts';
import { Recorder } from './recorder.ts';

function run(cycles: number, options: Omit<VcdOptions, 'output'> = {}): { vcd: Buffer; rec: Recorder; writer: VcdWriter } {
  const top = new Mixed(null, 'top');
  const sim = new Simulator(top);
  const sink = new MemorySink();
  const rec = new Recorder();
  sim.addObserver(rec);
  const writer = new VcdWriter(sim, { output: sink, ...options });
  sim.reset(2);
  sim.poke(top.chain.counter.clear, 0);
  sim.run(cycles);
  writer.close();
  return { vcd: sink.buffer(), rec, writer };
}

describe('VCD round trip through vcd-stream', () => {
  it('gives the simulator value of every signal at every cycle (1-bit, 32-bit, 72-bit, memory entries, text)', async () => {
    const { vcd, rec, writer } = run(60);
    const parsed = await readVcd(vcd);
    expect(parsed.timescale).toBe('1ns');
    expect(parsed.scopes).toEqual(['top', 'top.rf', 'top.swapper', 'top.shift', 'top.chain', 'top.chain.counter', 'top.chain.doubler', 'top.chain.consumer']);
    expect(parsed.vars.get('top.wideBus')?.width).toBe(72);
    expect(parsed.vars.get('top.swapper.a')?.width).toBe(8);
    expect(parsed.vars.get('top.chain.counter.en')?.width).toBe(1);
    expect(parsed.vars.get('top.tick')?.width).toBe(32);
    expect(writer.variables.length).toBe(parsed.vars.size);
    let checked = 0;
    for (const [path, values] of rec.values) {
      rec.cycles.forEach((cycle, k) => {
        const got = parsed.valueAt(path, cycle * 10);
        expect(got, `${path} at cycle ${cycle}`).toEqual(values[k]);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(60 * 20);
    // The clock rises at each cycle and falls half a period later.
    expect(parsed.valueAt('top.clk', 30)).toBe(1n);
    expect(parsed.valueAt('top.clk', 35)).toBe(0n);
    // Reset shows for the two reset cycles only.
    expect(parsed.valueAt('top.rst', 10)).toBe(1n);
    expect(parsed.valueAt('top.rst', 20)).toBe(0n);
  });

  it('connected signals share one id code and appear under both names', async () => {
    const { vcd } = run(5);
    const parsed = await readVcd(vcd);
    expect(parsed.vars.get('top.chain.doubler.x')?.id).toBe(parsed.vars.get('top.chain.counter.count')?.id);
    expect(parsed.vars.get('top.chain.counter.en')?.id).toBe(parsed.vars.get('top.enable')?.id);
  });

  it('writes only changed values per timestep and #0 before $dumpvars', () => {
    const { vcd } = run(20);
    const text = vcd.toString('latin1');
    const body = text.slice(text.indexOf('$enddefinitions'));
    expect(body).toMatch(/\$enddefinitions \$end\n#0\n\$dumpvars\n/);
    // The swapper's a and b change every cycle; the reset-held parts do not appear twice in a row.
    const swapperA = text.match(/\$var reg 8 (\S+) a \[7:0\] \$end/)![1]!;
    const changes = body.split('\n').filter((l) => l.startsWith('b') && l.endsWith(` ${swapperA}`));
    // 22 cycles (2 under reset): a holds 0x12 for cycles 0..2, then changes every cycle (3..21).
    expect(changes.length).toBe(1 + 19);
    const blocks = body.split(/\n#\d+\n/);
    for (const b of blocks) {
      const ids = b.split('\n').filter((l) => /^[01b]/.test(l)).map((l) => (l.startsWith('b') ? l.split(' ')[1] : l.slice(1)));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('text in vector encoding round-trips as ASCII packed bits', async () => {
    const { vcd, rec } = run(12, { textEncoding: 'vector', textChars: 16 });
    const parsed = await readVcd(vcd);
    expect(parsed.vars.get('top.mnemonic')?.width).toBe(128);
    rec.cycles.forEach((cycle, k) => {
      const v = parsed.valueAt('top.mnemonic', cycle * 10);
      expect(typeof v).toBe('bigint');
      expect(unpackTextBits(v as bigint)).toBe(rec.values.get('top.mnemonic')![k]);
    });
  });

  it('records only the cycle window, starting with a full $dumpvars', async () => {
    const { vcd, rec } = run(50, { window: { from: 20, to: 30 } });
    const parsed = await readVcd(vcd);
    const times = parsed.traces.get(parsed.vars.get('top.tick')!.id)!.times;
    expect(times[0]).toBe(200);
    expect(times[times.length - 1]).toBe(290);
    const k = rec.cycles.indexOf(25);
    expect(parsed.valueAt('top.tick', 250)).toBe(rec.values.get('top.tick')![k]);
    expect(parsed.valueAt('top.rf.sp', 200)).toBe(rec.values.get('top.rf.sp')![rec.cycles.indexOf(20)]);
    expect(vcd.toString('latin1')).toMatch(/\n#300\n$/);
  });

  it('scope and signal filters select what is traced', async () => {
    const { vcd } = run(5, { include: ['top.chain', 'top.rf.r?'], exclude: ['top.chain.*.en'] });
    const parsed = await readVcd(vcd);
    const paths = [...parsed.vars.keys()];
    expect(paths).toContain('top.chain.counter.value');
    expect(paths).toContain('top.rf.r0');
    expect(paths).not.toContain('top.rf.sp');
    expect(paths).not.toContain('top.chain.counter.en');
    expect(paths).not.toContain('top.swapper.a');
    expect(parsed.scopes).not.toContain('top.swapper');
  });

  it('identical runs give byte-identical files', () => {
    expect(run(100).vcd.equals(run(100).vcd)).toBe(true);
  });

  it('rejects bad options by name', () => {
    expect(() => run(1, { period: 3 })).toThrow(/period/);
    expect(() => run(1, { window: { from: 10, to: 5 } })).toThrow(/window/);
  });
});
