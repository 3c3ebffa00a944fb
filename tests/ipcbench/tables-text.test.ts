// The benchmark's table.md names what its tables hold: the length table's path column is each row's
// own (every length of it, not the 0-word point's), the priority section's heading names the
// strategy and placement its table is of, and a run that has no such table says why instead of
// printing a table of dashes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMITTED_OUTPUTS, readResults, sectionOf } from '../../testbench/ipcbench/doc-blocks.ts';
import { writeBenchOutputs } from '../../testbench/ipcbench/outputs.ts';
import type { OpRow } from '../../testbench/ipcbench/rows.ts';
import { lengthTable } from '../../testbench/ipcbench/tables.ts';

const committed = readResults(COMMITTED_OUTPUTS);
const committedTable = readFileSync(join(COMMITTED_OUTPUTS, 'table.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'handoff-ipcbench-tables-'));
let k = 0;
/** table.md written from the rows (the committed matrix's header). */
function tableOf(rows: readonly OpRow[]): string {
  const out = join(dir, String(k++));
  writeBenchOutputs(rows, committed.matrix, out, { png: false });
  return readFileSync(join(out, 'table.md'), 'utf8');
}
const dropStamp = (md: string): string => md.replace(/^Computed at commit .*$/m, '');
const cells = (md: string, first: string): string[] => md.split('\n').find((l) => l.startsWith(`| ${first} |`))!.split('|').slice(1, -1).map((c) => c.trim());

describe('table.md: what the tables hold', () => {
  it('the committed rows give the committed table (only the commit stamp differs)', () => {
    expect(dropStamp(tableOf(committed.rows))).toBe(dropStamp(committedTable));
  }, 60_000);

  it("the length table's path column is each row's, at every length", () => {
    const rows = committed.rows.map((r) => (r.figures.op === 'call' && r.point.strategy === 'fcse' && r.point.placement === 'inter' && r.point.priority === 'equal' && r.point.words === 32 ? { ...r, figures: { ...r.figures, path: 'slow' as const } } : r));
    const md = lengthTable(rows, 'call');
    expect(cells(md, 'fcse, inter-space')[1]).toBe('fast at 0, 1, 4, 10, 16, 63 words; slow at 32 words');
    expect(cells(md, 'fcse, intra-space')[1]).toBe('fast');
    expect(cells(lengthTable(committed.rows, 'call'), 'fcse, inter-space')[1]).toBe('fast');
  });

  it('with ASID only, the priority section is headed ASID and holds figures', () => {
    const md = tableOf(committed.rows.filter((r) => r.point.strategy === 'asid'));
    expect(md).toContain('## By priority (hot median, 0 words, ASID, between address spaces)');
    expect(md).not.toContain('FCSE, between address spaces');
    const body = sectionOf(md, '## By priority (hot median, 0 words, ASID, between address spaces)');
    expect(cells(body, 'call').slice(1).every((c) => /^\d+$/.test(c))).toBe(true);
  }, 60_000);

  it('no run with priorities: the section says why, no table of dashes', () => {
    const md = tableOf(committed.rows.filter((r) => r.point.run === 'null' || r.point.run === 'irq'));
    const body = sectionOf(md, '## By priority (hot median, 0 words)');
    expect(body).toBe('No table: this run measured neither the pingpong nor the queue run (runs: null, irq).');
  }, 60_000);
});
