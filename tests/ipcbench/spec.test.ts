// The benchmark as study points and records: points validated with the field named, fields a run
// does not use normalised (equal runs share a hash), the matrix's size, distributions computed as
// documented, and a result's benchmark figures checked (and covered by its digest) wherever it enters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandMatrix, FULL_MATRIX, REDUCED_MATRIX } from '../../testbench/ipcbench/matrix.ts';
import { decodeLog, overheadOf } from '../../testbench/ipcbench/measure/analyse.ts';
import { distribution } from '../../testbench/ipcbench/measure/stats.ts';
import { pointHash, validatePoint } from '../../testbench/studies/point.ts';
import { sealResult, validateResult } from '../../testbench/studies/result-schema.ts';
import type { BenchRecord } from '../../testbench/ipcbench/measure/record.ts';
import { METRICS } from '../../testbench/studies/metrics.ts';

const RECORD: BenchRecord = {
  overhead: 4,
  overheadMax: 4,
  ops: [{ op: 'null', path: 'other', hot: { n: 2, min: 29, median: 29, mean: 29, max: 29, stddev: 0 }, cold: null, checkerHot: { n: 2, min: 32, median: 32, mean: 32, max: 32, stddev: 0 }, checkerCold: null, deviationMin: -3, deviationMax: -3, handoff: 'n/a', breakdown: { phases: [{ phase: 'entry', cycles: 20, instructions: 11 }], kernelInstructions: 12, icacheMisses: 0, dcacheMisses: 0, tlbWalks: 0 } }],
};

function result(bench: unknown = RECORD): ReturnType<typeof sealResult> {
  const point = validatePoint({ scenario: 'ipcbench', bench: { run: 'null' } });
  const metrics = Object.fromEntries(Object.keys(METRICS).map((m) => [m, null]));
  return sealResult({ hash: pointHash(point), point, metrics: metrics as never, handoff: 'n/a', exited: true, uart: '', seconds: 1, bench: bench as BenchRecord });
}

describe('ipcbench points', () => {
  it('validated with the field named; unknown runs, placements and perturbations refused', () => {
    expect(() => validatePoint({ scenario: 'ipcbench', bench: { run: 'yield' } })).toThrow(/point\.bench\.run: "yield" is not allowed/);
    expect(() => validatePoint({ scenario: 'ipcbench', bench: { placement: 'remote' } })).toThrow(/point\.bench\.placement/);
    expect(() => validatePoint({ scenario: 'ipcbench', bench: { perturb: ['noise'] } })).toThrow(/point\.bench\.perturb\[0\]/);
    expect(() => validatePoint({ scenario: 'ipcbench', bench: { hot: 1 } })).toThrow(/point\.bench\.hot: 1 is not allowed/);
    expect(() => validatePoint({ scenario: 'ipcbench', bench: { extra: 1 } })).toThrow(/point\.bench\.extra: unknown field/);
    expect(() => validatePoint({ scenario: 'pingpong', bench: {} })).toThrow(/only the ipcbench scenario/);
    expect(() => validatePoint({ scenario: 'ipcbench', design: 'buffered' })).toThrow(/buffered design/);
  });

  it('fields a run does not use are normalised: equal runs share a hash', () => {
    const a = validatePoint({ scenario: 'ipcbench', words: 10, rounds: 9, bench: { run: 'null', placement: 'intra', priority: 'client-higher', seed: 5 } });
    const b = validatePoint({ scenario: 'ipcbench', words: 0, bench: { run: 'null' } });
    expect(pointHash(a)).toBe(pointHash(b));
    expect(a.words).toBe(0);
    const perturbed = validatePoint({ scenario: 'ipcbench', bench: { perturb: ['pollute', 'irq', 'irq'], seed: 5 } });
    expect(perturbed.bench!.perturb).toEqual(['irq', 'pollute']);
    expect(perturbed.bench!.seed).toBe(5);
  });

  it('the full matrix: pingpong and queue across every dimension, the null call per strategy, interrupts per placement and strategy', () => {
    const full = expandMatrix(FULL_MATRIX);
    const per = 2 * 3 * 3 * 7;
    expect(full.filter((p) => p.run === 'pingpong')).toHaveLength(per);
    expect(full.filter((p) => p.run === 'queue')).toHaveLength(per);
    expect(full.filter((p) => p.run === 'null')).toHaveLength(3);
    expect(full.filter((p) => p.run === 'irq')).toHaveLength(6);
    expect(new Set(full.map((p) => pointHash(p.point))).size).toBe(full.length);
    expect(FULL_MATRIX.words).toEqual([0, 1, 4, 10, 16, 32, 63]);
    expect(expandMatrix(REDUCED_MATRIX)).toHaveLength(6);
  });
});

describe('figures', () => {
  it('a distribution: min, the middle sample, mean, max, sample standard deviation', () => {
    expect(distribution([])).toBeNull();
    expect(distribution([7])).toEqual({ n: 1, min: 7, median: 7, mean: 7, max: 7, stddev: 0 });
    expect(distribution([4, 1, 3, 2])).toEqual({ n: 4, min: 1, median: 3, mean: 2.5, max: 4, stddev: 1.29 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 50 }), (xs) => {
        const d = distribution(xs)!;
        expect(d.min).toBeLessThanOrEqual(d.median);
        expect(d.median).toBeLessThanOrEqual(d.max);
        expect(d.mean).toBeGreaterThanOrEqual(d.min - 0.01);
        expect(d.mean).toBeLessThanOrEqual(d.max + 0.01);
        expect(xs).toContain(d.median);
      }),
    );
  });

  it('log words decode into entries; the overhead is the smallest back-to-back difference, across the counter\'s wrap', () => {
    const e = decodeLog('t', [0x00050201, 0xffff_fffe, 2, 0x00030301, 10, 15]);
    expect(e[0]).toEqual({ thread: 't', op: 1, phase: 2, iteration: 5, before: 0xffff_fffe, after: 2 });
    expect(overheadOf(e)).toEqual({ min: 4, max: 5 });
    expect(() => decodeLog('t', [1, 2])).toThrow(/not whole entries/);
  });
});

describe('a result with benchmark figures', () => {
  it('passes, and is covered by its digest', () => {
    expect(validateResult(result(), 'here').bench).toEqual(RECORD);
    const tampered = { ...result(), bench: { ...RECORD, overhead: 1 } };
    expect(() => validateResult(tampered, 'here')).toThrow(/here: result\.digest/);
  });

  it('badly typed figures are refused with the field named, before the digest', () => {
    expect(() => validateResult(result({ ...RECORD, ops: [{ ...RECORD.ops[0], op: 'teleport' }] }), 'f:3')).toThrow(/f:3: result\.bench\.ops\[0\]\.op: "teleport" is not an operation/);
    expect(() => validateResult(result({ ...RECORD, ops: [{ ...RECORD.ops[0], hot: { n: 1, min: 5, median: 4, mean: 4, max: 6, stddev: 0 } }] }), 'f:3')).toThrow(/bench\.ops\[0\]\.hot: not a distribution/);
    expect(() => validateResult(result('x'), 'f:3')).toThrow(/result\.bench: expected an object/);
    const { bench: _, ...noBench } = result();
    expect(() => validateResult({ ...noBench }, 'f:3')).toThrow(/result\.bench: missing/);
  });
});
