// "Furthest from the fast path" names the path the reference Call took in the run: with a design
// that has no fast path (--design slow) the reference is a slow-path Call, and the table says so.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDUCED_MATRIX } from '../../testbench/ipcbench/matrix.ts';
import { writeBenchOutputs } from '../../testbench/ipcbench/outputs.ts';
import type { MatrixPoint } from '../../testbench/ipcbench/matrix.ts';
import type { OpFigures, OpPath } from '../../testbench/ipcbench/measure/record.ts';
import type { OpRow } from '../../testbench/ipcbench/rows.ts';
import { furthestCases, furthestTable } from '../../testbench/ipcbench/tables.ts';

function row(op: OpFigures['op'], run: MatrixPoint['run'], path: OpPath, median: number): OpRow {
  const dist = { n: 4, min: median, median, mean: median, max: median, stddev: 0 };
  const point = { run, placement: 'inter', priority: 'equal', strategy: 'fcse', words: 0, label: `${run} inter equal fcse 0 words` } as unknown as MatrixPoint;
  const figures: OpFigures = {
    op, path, hot: dist, cold: dist, checkerHot: dist, checkerCold: dist, deviationMin: 0, deviationMax: 0, handoff: 'n/a',
    breakdown: { phases: [{ phase: 'slow path', cycles: median - 20, instructions: 100 }, { phase: 'entry', cycles: 20, instructions: 7 }], kernelInstructions: 107, icacheMisses: 0, dcacheMisses: 0, tlbWalks: 0 },
  };
  return { point, figures, overhead: 2, hash: 'h', exited: true };
}

describe('ipcbench: the furthest cases', () => {
  it('against a fast-path Call: says fast-path Call', () => {
    const rows = [row('call', 'pingpong', 'fast', 79), row('send', 'queue', 'slow', 368)];
    const cases = furthestCases(rows);
    expect(cases.map((c) => c.referencePath)).toEqual(['fast']);
    expect(furthestTable(cases)).toContain('368 cycles hot against 79 for the fast-path Call at the same length and placement');
  });

  it('against a slow-path Call (a design without a fast path): names the slow path, never "fast-path Call"', () => {
    const rows = [row('call', 'pingpong', 'slow', 423), row('send', 'queue', 'slow', 477)];
    const text = furthestTable(furthestCases(rows));
    expect(text).not.toContain('fast-path Call');
    expect(text).toContain('477 cycles hot against 423 for the Call (on its slow path) at the same length and placement');
  });
});

describe('ipcbench: table.md introduces the furthest cases by the reference the run had', () => {
  const table = (rows: OpRow[]): string => {
    const out = mkdtempSync(join(tmpdir(), 'handoff-furthest-'));
    writeBenchOutputs(rows, REDUCED_MATRIX, out, { png: false });
    return readFileSync(join(out, 'table.md'), 'utf8');
  };
  it('a fast-path Call', () => {
    expect(table([row('call', 'pingpong', 'fast', 79), row('send', 'queue', 'slow', 368)])).toContain('Each case against the fast-path Call at the same message length');
  });
  it('a slow-path Call', () => {
    const md = table([row('call', 'pingpong', 'slow', 423), row('send', 'queue', 'slow', 477)]);
    expect(md).not.toContain('fast-path Call');
    expect(md).toContain('Each case against the Call (on its slow path) at the same message length');
  });
});
