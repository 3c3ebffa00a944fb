// The VCD read as a stream (issue 15: the re-check of a 100,000-cycle window read the file whole and
// peaked at 3.2 GB): a waveform several read pieces long reads back to the simulator's values at
// every cycle, pieces cut lines anywhere, and a file streams to the same changes as its bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../rtl/hdl/index.ts';
import { MemorySink } from '../../testbench/trace/byte-sink.ts';
import { readVcd } from '../../testbench/trace/vcd-reader.ts';
import { streamVcd } from '../../testbench/trace/vcd-stream-reader.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';
import { Mixed } from '../hdl/designs.ts';
import { tempDir } from '../studies/cli.ts';
import { Recorder } from './recorder.ts';

const CYCLES = 8_000;

function waveform(): { vcd: Buffer; rec: Recorder } {
  const top = new Mixed(null, 'top');
  const sim = new Simulator(top);
  const sink = new MemorySink();
  const rec = new Recorder();
  sim.addObserver(rec);
  const writer = new VcdWriter(sim, { output: sink });
  sim.reset(2);
  sim.poke(top.chain.counter.clear, 0);
  sim.run(CYCLES);
  writer.close();
  return { vcd: sink.buffer(), rec };
}

describe('streamed VCD reading', () => {
  const { vcd, rec } = waveform();

  it('a waveform of several read pieces gives every value at every cycle', async () => {
    expect(vcd.length).toBeGreaterThan(2 << 20); // more than two 1 MiB pieces
    const parsed = await readVcd(vcd);
    expect(rec.values.size).toBeGreaterThan(10);
    for (const [path, values] of rec.values) expect(rec.cycles.map((cycle) => parsed.valueAt(path, cycle * 10)), path).toEqual(values);
  });

  it('a file streams to the same changes, in the same order, as its bytes', async () => {
    const f = join(tempDir('vcd-stream'), 'w.vcd');
    writeFileSync(f, vcd);
    const log = async (source: Uint8Array | { path: string }): Promise<string[]> => {
      const out: string[] = [];
      await streamVcd(source, { numeric: (id, t, v) => void out.push(`${t} ${id} ${v}`), text: (id, t, v) => void out.push(`${t} ${id} s${v}`) });
      return out;
    };
    const fromFile = await log({ path: f });
    expect(fromFile.length).toBeGreaterThan(CYCLES);
    expect(fromFile).toEqual(await log(vcd));
  });

  it('a file without $enddefinitions is refused, not read forever', async () => {
    await expect(streamVcd(Buffer.from('$timescale 1ns $end\n#0\n1!\n'), {})).rejects.toThrow(/no \$enddefinitions/);
  });
});
