// Seeded perturbation: off by default (identical hot iterations, no spread); on, timer interrupts
// at random phases and dirty lines spread the figures and polluted caches change the cold ones;
// the same seed gives the same figures, another seed other ones.
import { beforeAll, describe, expect, it } from 'vitest';
import { runBench, type BenchRunResult } from '../../testbench/ipcbench/measure/run.ts';
import { DEFAULT_BENCH, DEFAULT_SEED, validateBench, type BenchSpec } from '../../testbench/ipcbench/measure/spec.ts';

function bench(b: Partial<BenchSpec>): BenchRunResult {
  return runBench({ registerMrs: 6, words: 4, strategy: 'fcse', design: 'l4', hardware: {}, bench: { ...DEFAULT_BENCH, hot: 12, cold: 2, ...b } });
}

describe('perturbation', () => {
  let off: BenchRunResult;
  let a: BenchRunResult;
  let again: BenchRunResult;
  let b: BenchRunResult;
  let polluted: BenchRunResult;
  beforeAll(() => {
    off = bench({});
    a = bench({ perturb: ['dirty', 'irq'], seed: 11 });
    again = bench({ perturb: ['dirty', 'irq'], seed: 11 });
    b = bench({ perturb: ['dirty', 'irq'], seed: 12 });
    polluted = bench({ perturb: ['pollute'], seed: 11 });
  }, 300_000);

  it('is off by default: every hot iteration costs the same', () => {
    expect(validateBench({}).perturb).toEqual([]);
    expect(validateBench({}).seed).toBe(DEFAULT_SEED);
    for (const o of off.record.ops) expect(o.hot!.stddev).toBe(0);
    expect(off.uart).not.toContain('bench-perturb');
  });

  it('timer interrupts at random phases and dirty lines spread the hot figures; worst cases grow', () => {
    expect(a.uart).toContain('bench-perturb: ok');
    expect(a.record.ops.some((o) => o.hot!.stddev > 0)).toBe(true);
    for (const [o, base] of a.record.ops.map((x, k) => [x, off.record.ops[k]!] as const)) expect(o.hot!.max).toBeGreaterThanOrEqual(base.hot!.max);
  });

  it('polluted caches change only the cold iterations (random dirty lines before each cold IPC)', () => {
    expect(polluted.uart).not.toContain('bench-perturb');
    polluted.record.ops.forEach((o, k) => {
      expect(o.hot).toEqual(off.record.ops[k]!.hot);
      expect(o.cold).not.toEqual(off.record.ops[k]!.cold);
    });
  });

  it('is reproducible from its seed, and another seed gives other figures', () => {
    expect(again.record).toEqual(a.record);
    expect(again.run.sim.cycle).toBe(a.run.sim.cycle);
    expect(b.record).not.toEqual(a.record);
  });
});
