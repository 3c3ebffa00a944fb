// The designs study's derived outputs from synthetic rows with known answers: the crossover lines
// (runs on each side of the reference design and where the side changes) and the relative plot
// (each design minus l4 at the same x; l4 itself not drawn).
import { describe, expect, it } from 'vitest';
import type { PointResult } from '../../testbench/studies/cache.ts';
import { findStudy } from '../../testbench/studies/catalog.ts';
import { METRIC_NAMES, type Metrics } from '../../testbench/studies/metrics.ts';
import { chartsOf, crossovers } from '../../testbench/studies/plots.ts';
import { sealResult } from '../../testbench/studies/result-schema.ts';
import { expandStudy } from '../../testbench/studies/study.ts';

const study = findStudy('designs')!;

/** hotCycles: l4 = 100 + w; remap = 300 - 3w under asid (crosses l4 between 32 and 63) and 400 under fcse; others l4 + 10. */
function hot(design: string, words: number, strategy: string): number {
  if (design === 'l4') return 100 + words;
  if (design === 'remap') return strategy === 'asid' ? 300 - 3 * words : 400;
  if (design === 'slow') return words <= 4 ? 100 : 500; // at or below at 0..4 (equal at 0), then above
  return 110 + words;
}

const rows = expandStudy(study).map(({ assignment, point }, n) => {
  const h = hot(String(assignment.design), Number(assignment.words), String(assignment.strategy));
  const metrics = Object.fromEntries(METRIC_NAMES.map((m) => [m, m === 'hotCycles' ? h : n])) as unknown as Metrics;
  const result: PointResult = sealResult({ hash: `h${n}`, point, metrics, handoff: 'pass', exited: true, uart: '', seconds: 0 });
  return { assignment, result };
});

describe('designs study: crossovers', () => {
  const lines = crossovers({ study, rows });
  const line = (design: string, strategy: string): string => {
    const found = lines.filter((l) => l.startsWith(`design = ${design} against l4`) && l.includes(`switch ${strategy}`));
    expect(found, `${design} ${strategy}: ${lines.join('\n')}`).toHaveLength(1);
    return found[0]!;
  };

  it('one line per design other than l4 and per strategy', () => {
    expect(lines).toHaveLength(5 * 2);
  });

  it('a series that comes down to the reference: the runs on each side and the interval of the crossing', () => {
    // remap under asid: 300 - 3w vs 100 + w: above up to 32 (204 vs 132), below at 63 (111 vs 163)
    expect(line('remap', 'asid')).toBe(
      'design = remap against l4 (address-space switch asid): one-way IPC, hot (cycles) above for 0..32 (at 0: 300 vs 100; at 32: 204 vs 132), at or below for 63 (at 63: 111 vs 163); crosses between untyped words per message 32→63',
    );
  });

  it('a series always above: no crossover, with both ends', () => {
    expect(line('remap', 'fcse')).toBe(
      'design = remap against l4 (address-space switch fcse): one-way IPC, hot (cycles) above for 0..63 (at 0: 400 vs 100; at 63: 400 vs 163); no crossover',
    );
  });

  it('a series at or below first (equal counts as at or below), then above', () => {
    expect(line('slow', 'fcse')).toContain('at or below for 0..4 (at 0: 100 vs 100; at 4: 100 vs 104), above for 8..63');
    expect(line('slow', 'fcse')).toContain('crosses between untyped words per message 4→8');
  });
});

describe('designs study: the relative plot', () => {
  const charts = chartsOf({ study, rows }).filter((c) => c.chart.yLabel.includes('minus design = l4'));

  it('one chart per strategy, l4 not drawn, each design minus l4 at the same x', () => {
    expect(charts).toHaveLength(2);
    for (const { chart, file } of charts) {
      const strategy = file.includes('asid') ? 'asid' : 'fcse';
      expect(chart.series.map((s) => s.name)).not.toContain('design = l4');
      expect(chart.series).toHaveLength(5);
      for (const s of chart.series) {
        const design = s.name.replace('design = ', '');
        expect(s.ys, `${file} ${s.name}`).toEqual(chart.xs.map((w) => hot(design, Number(w), strategy) - hot('l4', Number(w), strategy)));
      }
    }
  });
});
