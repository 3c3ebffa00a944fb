// docs/BENCHMARKS.md quotes the committed outputs of the full matrix (docs/benchmarks/) and of the
// perturbed run (docs/benchmarks/perturbed/) exactly, every chart it shows exists, and the outputs
// are the full matrix's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docBlocks, fillDoc } from '../../testbench/ipcbench/doc-blocks.ts';
import { expandMatrix, FULL_MATRIX } from '../../testbench/ipcbench/matrix.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';

const docs = join(REPO_ROOT, 'docs');
const read = (...p: string[]): string => readFileSync(join(docs, ...p), 'utf8');

describe('docs/BENCHMARKS.md', () => {
  const page = read('BENCHMARKS.md');

  it('quotes the committed tables exactly (npm run ipcbench -- --docs docs/BENCHMARKS.md fills them)', () => {
    const filled = fillDoc(fillDoc(page, docBlocks(read('benchmarks', 'table.md'), false)), docBlocks(read('benchmarks', 'perturbed', 'table.md'), true));
    expect(filled).toBe(page);
    for (const name of ['summary', 'published', 'lengths', 'priorities', 'furthest', 'perturbed']) expect(page).toMatch(new RegExp(`<!-- ipcbench:${name} -->\\n\\S`));
  });

  it('every chart it shows exists', () => {
    const charts = [...page.matchAll(/\]\((benchmarks\/[^)]+\.svg)\)/g)].map((m) => m[1]!);
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(existsSync(join(docs, c)), c).toBe(true);
  });

  it('the committed outputs are the full matrix, every run of it', () => {
    const json = JSON.parse(read('benchmarks', 'results.json')) as { matrix: unknown; rows: { hash: string }[] };
    expect(json.matrix).toEqual(JSON.parse(JSON.stringify(FULL_MATRIX)));
    expect(new Set(json.rows.map((r) => r.hash)).size).toBe(expandMatrix(FULL_MATRIX).length);
  });
});
