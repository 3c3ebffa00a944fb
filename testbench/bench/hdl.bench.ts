// Simulation kernel and VCD writer on the synthetic pipeline: cycles per second with tracing off,
// in check mode, and with a full VCD in each text encoding; VCD bytes per cycle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulator } from '../../rtl/hdl/index.ts';
import { VcdWriter } from '../trace/vcd-writer.ts';
import type { TextEncoding } from '../trace/text-encoding.ts';
import type { BenchRow, BenchSuite } from './suite.ts';
import { SyntheticPipeline } from './synthetic-pipeline.ts';

function stateBits(sim: Simulator): number {
  const d = sim.design;
  let bits = 0;
  for (const s of d.signals) if (s.kind === 'reg') bits += s.width;
  for (const m of d.memories) if (m.trace) bits += m.width * m.depth;
  return bits;
}

function timeCycles(sim: Simulator, cycles: number): number {
  sim.run(Math.min(2000, cycles)); // warm up the JIT
  const t0 = process.hrtime.bigint();
  sim.run(cycles);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return cycles / seconds;
}

function traced(encoding: TextEncoding, cycles: number, dir: string): { rate: number; bytesPerCycle: number; inWorker: boolean } {
  const sim = new Simulator(new SyntheticPipeline(null, 'top'));
  const writer = new VcdWriter(sim, { output: join(dir, `bench-${encoding}.vcd`), textEncoding: encoding });
  sim.reset(1);
  const t0 = process.hrtime.bigint();
  sim.run(cycles);
  writer.close();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: cycles / seconds, bytesPerCycle: writer.sink.bytes / cycles, inWorker: writer.inWorker };
}

export const hdlBench: BenchSuite = {
  name: 'hdl',
  description: 'simulation kernel + VCD writer on a synthetic 5-stage pipeline (~50 modules)',
  run(): BenchRow[] {
    const probe = new Simulator(new SyntheticPipeline(null, 'top'));
    const rows: BenchRow[] = [
      { metric: 'modules', value: probe.design.modules.length, unit: '' },
      { metric: 'state bits (registers + traced memories)', value: stateBits(probe), unit: 'bits' },
      { metric: 'signals', value: probe.design.signals.length, unit: '' },
    ];
    const untraced = timeCycles(probe, 300_000);
    rows.push({ metric: 'cycles/s, tracing off', value: untraced, unit: 'cycles/s' });
    const checked = timeCycles(new Simulator(new SyntheticPipeline(null, 'top'), { check: true }), 50_000);
    rows.push({ metric: 'cycles/s, check mode', value: checked, unit: 'cycles/s', note: `${(untraced / checked).toFixed(1)}x slower than plain` });
    const dir = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
    try {
      for (const enc of ['string', 'vector'] as const) {
        const t = traced(enc, 100_000, dir);
        rows.push({ metric: `cycles/s, full VCD (${enc} text)`, value: t.rate, unit: 'cycles/s', note: `${(untraced / t.rate).toFixed(1)}x slower than untraced; formatted ${t.inWorker ? 'in a worker thread (testbench/trace/vcd-worker.ts)' : 'in the simulation thread'}` });
        rows.push({ metric: `VCD bytes/cycle (${enc} text)`, value: t.bytesPerCycle, unit: 'B/cycle' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
