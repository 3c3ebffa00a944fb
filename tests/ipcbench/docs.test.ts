// docs/BENCHMARKS.md quotes the committed outputs of the full matrix (docs/benchmarks/) and of the
// perturbed run (docs/benchmarks/perturbed/) exactly, states the figures of its prose in sentences
// computed from their results.json (a changed row changes its sentence), gives no measured figure
// in the prose around them, every chart it shows exists, and the outputs are the full matrix's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockNames } from '../../testbench/docs/blocks.ts';
import { COMMITTED_OUTPUTS, COMMITTED_PERTURBED, docBlocks, fillDoc, readResults, type DocOutputs } from '../../testbench/ipcbench/doc-blocks.ts';
import { benchResults, labelInstructions } from '../../testbench/ipcbench/doc-sentences.ts';
import { expandMatrix, FULL_MATRIX } from '../../testbench/ipcbench/matrix.ts';
import { PERTURB_PERIOD, PERTURB_POLLUTE_LINES } from '../../testbench/ipcbench/measure/scenario.ts';
import { DEFAULT_SEED } from '../../testbench/ipcbench/measure/spec.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';

const docs = join(REPO_ROOT, 'docs');
const read = (...p: string[]): string => readFileSync(join(docs, ...p), 'utf8');
const table = read('benchmarks', 'table.md');
const perturbedTable = read('benchmarks', 'perturbed', 'table.md');

type RawRow = Record<string, unknown> & { op: string; strategy: string; placement: string | null; priority: string | null; words: number | null; hot: Record<string, number>; cold: Record<string, number>; handoff: string };
type Raw = { matrix: unknown; rows: RawRow[] };
const raw = (dir: string): Raw => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Raw;

/** The page filled from the given outputs (the full matrix's, then the perturbed run's). */
function filled(page: string, full: DocOutputs, perturbed: DocOutputs): string {
  return fillDoc(fillDoc(page, docBlocks(table, false, full)), docBlocks(perturbedTable, true, perturbed));
}

describe('docs/BENCHMARKS.md', () => {
  const page = read('BENCHMARKS.md');
  const full: DocOutputs = { results: readResults(COMMITTED_OUTPUTS) };
  const perturbed: DocOutputs = { results: readResults(COMMITTED_PERTURBED), baseline: full.results };

  it('quotes the committed tables and states the committed results (npm run ipcbench -- --docs docs/BENCHMARKS.md fills them)', () => {
    expect(filled(page, full, perturbed)).toBe(page);
    // What the command does: the table it has just written is the committed one, so the results beside it.
    expect(fillDoc(fillDoc(page, docBlocks(table, false)), docBlocks(perturbedTable, true))).toBe(page);
    const names = [...Object.keys(docBlocks(table, false)), ...Object.keys(docBlocks(perturbedTable, true))];
    expect(blockNames(page, 'ipcbench').sort()).toEqual([...names].sort());
    for (const name of names) expect(page).toMatch(new RegExp(`<!-- ipcbench:${name} -->\\n\\S`));
  });

  it('quotes only the tables for a table that is not the committed one (another --out)', () => {
    expect(Object.keys(docBlocks(`${table}\n`, false)).sort()).toEqual(['furthest', 'lengths', 'priorities', 'published', 'summary']);
    expect(Object.keys(docBlocks(`${perturbedTable}\n`, true))).toEqual(['perturbed']);
  });

  it('a changed results row changes the sentence that states it', () => {
    const mutate = (dir: string, change: (rows: RawRow[]) => void): DocOutputs['results'] => {
      const r = raw(dir);
      change(r.rows);
      return benchResults(r, 'mutated');
    };
    const blocks = (res: DocOutputs['results']): Record<string, string> => docBlocks(table, false, { results: res });
    const before = docBlocks(table, false, full);

    const nullAt31 = mutate(COMMITTED_OUTPUTS, (rows) => rows.filter((r) => r.op === 'null').forEach((r) => (r.hot = { ...r.hot, min: 31, median: 31, max: 31 })));
    expect(blocks(nullAt31)['null-irq']).toContain('**31 cycles** hot');
    expect(before['null-irq']).not.toContain('**31 cycles**');
    expect(filled(page, { results: nullAt31 }, perturbed)).not.toBe(page);

    // Cold above hot with a full flush between spaces: the page no longer says cold is not worse.
    const worseCold = blocks(mutate(COMMITTED_OUTPUTS, (rows) => rows.filter((r) => r.strategy === 'full' && r.placement === 'inter' && r.op === 'call' && r.priority === 'equal' && r.words === 0).forEach((r) => (r.cold = { ...r.cold, median: r.hot.median! + 1, max: r.hot.median! + 1 }))));
    expect(before['length-notes']).toContain('Cold is not worse than hot there at any length');
    expect(worseCold['length-notes']).not.toContain('at any length');

    // A failed hand-off is a problem the page states.
    const failed = blocks(mutate(COMMITTED_OUTPUTS, (rows) => (rows.find((r) => r.op === 'call' && r.handoff === 'pass')!.handoff = 'fail')));
    expect(failed['handoff']).toMatch(/^In the committed matrix \d+ of the \d+ rows whose IPC took the fast path pass/);
    expect(failed['run']).toContain('the command reports 1 problem');

    // A spread in the pingpong run is named.
    const spread = blocks(mutate(COMMITTED_OUTPUTS, (rows) => (rows.find((r) => r.op === 'call' && r.strategy === 'fcse')!.hot.max! += 3)));
    expect(spread['spread']).toContain('pingpong');
    expect(before['spread']).not.toContain('pingpong');

    // The perturbed run's interrupt latency.
    const irq = docBlocks(perturbedTable, true, { ...perturbed, results: mutate(COMMITTED_PERTURBED, (rows) => (rows.find((r) => r.op === 'irq')!.hot.max = 9999)) });
    expect(irq['perturbed-notes']).toContain('to 9,999 cycles');
    expect(docBlocks(perturbedTable, true, perturbed)['perturbed-notes']).not.toContain('9,999');
  });

  it('names the null call\'s own instructions as the kernel source has them', () => {
    const sched = readFileSync(join(REPO_ROOT, 'kernel', 'src', 'sched.S'), 'utf8');
    const own = labelInstructions(sched, 'sys_null');
    expect(own.length).toBeGreaterThan(0);
    expect(docBlocks(table, false)['null-irq']).toContain(own.map((i) => `\`${i}\``).join(' and '));
    expect(labelInstructions('x:\n  mov r0, #1   @ one\n  .ltorg\n  bx lr\n\ny:\n', 'x')).toEqual(['mov r0, #1', 'bx lr']);
  });

  it('the prose around the generated parts gives no measured figure', () => {
    // Outside the markers, code blocks and the published figures' section, a number of 100 or more
    // is a fact of the setup the code defines (the seed, the perturbation's interval and lines),
    // never a measurement: those are stated by the generated sentences.
    const setup = new Set([DEFAULT_SEED, PERTURB_PERIOD / 2, (PERTURB_PERIOD * 3) / 2 - 1, PERTURB_POLLUTE_LINES]);
    const prose = page
      .replace(/<!-- ipcbench:([\w-]+) -->[\s\S]*?<!-- \/ipcbench:\1 -->/g, '')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/## Published figures beside ours[\s\S]*?## Limits/, '## Limits');
    const figures = [...prose.matchAll(/(?<![\w,])(?<!\d\.)(?:\d{1,3}(?:,\d{3})+|\d{3,})(?![\w,])(?!\.\d)/g)].map((m) => Number(m[0].replace(/,/g, '')));
    expect(figures.length).toBeGreaterThan(0);
    expect(figures.filter((v) => !setup.has(v))).toEqual([]);
    // The old page's hand-written figures would fail it.
    expect([...'took 7 min 44 s, 1,149 rows; 2,738 at 63; 323-496 cycles'.matchAll(/(?<![\w,])(?<!\d\.)(?:\d{1,3}(?:,\d{3})+|\d{3,})(?![\w,])(?!\.\d)/g)].map((m) => m[0])).toEqual(['1,149', '2,738', '323', '496']);
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
