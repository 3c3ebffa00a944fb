// docs/WHY.md quotes the committed study results exactly (npm run why fills it), shows only plots
// that exist, and its figures follow the data: a changed row changes the sentence, a missing row or
// metric is an error that names it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filledWhyPage, main, readWhyStudies } from '../../testbench/docs/why-main.ts';
import { whyBlocks, type StudyTable, type WhyStudies } from '../../testbench/docs/why.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { pageCommandTests } from './page-command.ts';

const docs = join(REPO_ROOT, 'docs');
const page = readFileSync(join(docs, 'WHY.md'), 'utf8');
const studies = readWhyStudies(join(docs, 'studies'));

/** `studies` with the designs rows passed through `edit`. */
function withDesigns(edit: (rows: Record<string, unknown>[]) => Record<string, unknown>[]): WhyStudies {
  const designs: StudyTable = { ...studies.designs, rows: edit(studies.designs.rows.map((r) => ({ ...r }))) };
  return { ...studies, designs };
}
const isRow = (r: Record<string, unknown>, design: string, words: number, strategy = 'fcse'): boolean => r['design'] === design && r['words'] === words && r['strategy'] === strategy;

describe('docs/WHY.md', () => {
  it('quotes the committed results exactly (npm run why fills it)', () => {
    expect(filledWhyPage(page, studies)).toBe(page);
    for (const name of Object.keys(whyBlocks(studies))) expect(page, name).toContain(`<!-- why:${name} -->`);
  });

  it('every plot and link it shows exists', () => {
    const targets = [...page.matchAll(/\]\((studies\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(4);
    for (const t of targets) expect(existsSync(join(docs, t)), t).toBe(true);
  });

  it('its sentences follow the data: a slower buffered design, a broken claim', () => {
    const l4 = studies.designs.rows.find((r) => isRow(r, 'l4', 8))!['hotCycles'] as number;
    const slower = whyBlocks(withDesigns((rows) => rows.map((r) => (isRow(r, 'buffered', 8) ? { ...r, hotCycles: l4 + 500 } : r))));
    expect(slower['sync']).toContain(`buffered: ${l4 + 500} cycles against l4's ${l4} (+500;`);
    expect(slower['designs']).toMatch(new RegExp(`\\| buffered \\| ${l4 + 500} \\| \\d+ \\| \\+500 \\|`));
    const broken = whyBlocks(withDesigns((rows) => rows.map((r) => (isRow(r, 'l4', 8) ? { ...r, claimRegisterMrs: 0 } : r))));
    expect(broken['designs']).toMatch(/\| l4 \|[^\n]*\| register MRs left in place \|/);
    const cheapRemap = whyBlocks(withDesigns((rows) => rows.map((r) => (r['design'] === 'remap' && r['strategy'] === 'asid' ? { ...r, hotCycles: 1 } : r))));
    expect(cheapRemap['remap']).toContain('at or below l4 at 0, 1, 4, 8, 16, 32, 63 words only');
    const notDirect = whyBlocks(withDesigns((rows) => rows.map((r) => (isRow(r, 'tcb-copy', 63) ? { ...r, claimUtcbDirect: 0 } : r))));
    expect(notDirect['direct']).not.toContain('tcb-copy');
  });

  it('its claims follow the data too: misses at the largest cache, a page flipped within the registers, a length the fixed list lacked', () => {
    const footprint: StudyTable = { ...studies.footprint, rows: studies.footprint.rows.map((r) => (r['design'] === 'l4-spread' && r['cacheKB'] === 16 ? { ...r, hotIcacheMisses: 3 } : r)) };
    const caches = whyBlocks({ ...studies, footprint })['caches']!;
    expect(caches).not.toContain('no misses');
    expect(caches).toMatch(/With 16 KB caches the spread costs [+-]\d+ cycles \(the extra instructions and lines, 3 I-misses against 0\);/);
    const flips = whyBlocks(withDesigns((rows) => rows.map((r) => (isRow(r, 'remap', 4) ? { ...r, claimNoRemap: 0 } : r))))['remap']!;
    expect(flips).not.toContain('no page to flip');
    expect(flips).toContain('yet remap broke "no remapping" at 4 words');
    // A length measured beyond the page's old fixed list: tcb-copy breaks "copied directly" there only.
    const more = whyBlocks(withDesigns((rows) => [...rows, ...rows.filter((r) => r['words'] === 1).map((r) => ({ ...r, words: 2, ...(r['design'] === 'tcb-copy' ? { claimUtcbDirect: 0 } : {}) }))]))['direct']!;
    expect(more).not.toContain('tcb-copy');
  });

  it('a missing row or a missing metric is an error that names it', () => {
    expect(() => whyBlocks(withDesigns((rows) => rows.filter((r) => !isRow(r, 'slow', 63))))).toThrow(/designs: design slow, words 63, strategy fcse: no such row/);
    expect(() => whyBlocks(withDesigns((rows) => rows.map((r) => (isRow(r, 'remap', 8) ? { ...r, hotCycles: null } : r))))).toThrow(/design remap, words 8, strategy fcse: hotCycles is null, not a number/);
  });

  describe('npm run why', () => {
    pageCommandTests({ main, page, fileName: 'WHY.md', prefix: 'why', staleMarker: 'sync' });
  });
});
