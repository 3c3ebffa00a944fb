// docs/STUDIES.md's shipped studies quote the committed study outputs exactly (npm run studies-page
// fills them), show only plots that exist, and their figures follow the data: a changed row changes
// the sentence, a missing row or metric is an error that names it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filledStudiesPage, main, PAGE_STUDIES, quotedTable, readPageStudies, slope, studiesBlocks, studyOutputs, type PageStudies, type PageStudy } from '../../testbench/docs/studies-page.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { pageCommandTests } from './page-command.ts';

const docs = join(REPO_ROOT, 'docs');
const page = readFileSync(join(docs, 'STUDIES.md'), 'utf8');
const studies = readPageStudies(join(docs, 'studies'));
const blocks = studiesBlocks(studies);

type Row = Record<string, unknown>;
/** `studies` with one study's rows passed through `edit`. */
function withRows(name: PageStudy, edit: (rows: Row[]) => Row[]): PageStudies {
  return { ...studies, [name]: { ...studies[name], rows: edit(studies[name].rows.map((r) => ({ ...r }))) } };
}
const is = (r: Row, key: Row): boolean => Object.entries(key).every(([k, v]) => r[k] === v);
const hotOf = (name: PageStudy, key: Row): number => studies[name].rows.find((r) => is(r, key))!['hotCycles'] as number;

/** The section the generator fills: from its heading to the next level-2 heading. */
const section = page.slice(page.indexOf('## Shipped studies and their results'), page.indexOf('## Verification runs'));

describe('docs/STUDIES.md, shipped studies', () => {
  it('quotes the committed outputs exactly (npm run studies-page fills it)', () => {
    expect(filledStudiesPage(page, studies)).toBe(page);
    for (const name of Object.keys(blocks)) expect(section, name).toContain(`<!-- study:${name} -->`);
    for (const name of PAGE_STUDIES) {
      // each study's table, as table.md has it
      const table = readFileSync(join(docs, 'studies', name, 'table.md'), 'utf8');
      const header = table.split('\n').find((l) => l.startsWith('|'))!;
      expect(blocks[name]!.split('\n')[0]).toBe(header);
      expect(section).toContain(quotedTable(studies[name]));
    }
  });

  it('names the commit and fingerprints of the results', () => {
    const s = studies['mrs-words'];
    expect(blocks['source']).toContain(`commit ${s.commit.slice(0, 7)}`);
    for (const [scenario, print] of Object.entries(s.model)) expect(blocks['source']).toContain(`${scenario} ${print}`);
    const other = { ...studies, 'user-isa': { ...studies['user-isa'], commit: '0123456789abcdef' } };
    expect(studiesBlocks(other)['source']).toContain('0123456 (user-isa;');
  });

  it('carries no figure outside its generated blocks', () => {
    const prose = section
      .replace(/<!-- study:([\w-]+) -->[\s\S]*?<!-- \/study:\1 -->/g, '')
      .replace(/\]\([^)]*\)/g, ']()') // link targets (file names)
      .replace(/`[^`]*`/g, '') // code: commands, paths, names
      .replace(/```[\s\S]*?```/g, '');
    const figures = [...prose.matchAll(/\b\d+(\.\d+)?\b/g)].map((m) => prose.slice(Math.max(0, m.index - 30), m.index + 10));
    // ARM926EJ-S, ARMv5, MR0 are names
    expect(figures.filter((f) => !/(ARMv5|MR0|ARM926)/.test(f))).toEqual([]);
  });

  it('every plot and link it shows exists', () => {
    const targets = [...section.matchAll(/\]\((studies\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(20);
    for (const t of targets) expect(existsSync(join(docs, t)), t).toBe(true);
    for (const name of PAGE_STUDIES) expect(targets.some((t) => t.startsWith(`studies/${name}/`)), name).toBe(true);
  });

  it('its sentences follow the data', () => {
    // a cheaper fast path at 0 words with 6 register MRs: the flat cost and the per-MR step move
    const six = hotOf('mrs-words', { registerMrs: 6, words: 0 });
    const cheap = studiesBlocks(withRows('mrs-words', (rows) => rows.map((r) => (is(r, { registerMrs: 6, words: 0 }) ? { ...r, hotCycles: six - 5 } : r))));
    expect(cheap['mrs-words-flat']).toContain('not flat at 6 register MRs');
    expect(cheap['mrs-words-flat']).toContain(`${six - 5} cycles at 0 words with 6 register MRs`);
    expect(cheap['mrs-words-hot']).toMatch(new RegExp(`\\| 6 \\| ${six - 5} \\|`));
    // a slow-path IPC in the middle of a fast row
    const slowAt = studiesBlocks(withRows('mrs-words', (rows) => rows.map((r) => (is(r, { registerMrs: 3, words: 9 }) ? { ...r, fastPathIpcs: 0 } : r))));
    expect(slowAt['mrs-words-slow']).toContain('The fast path was taken at some lengths only with 3 register MRs');
    expect(slowAt['mrs-words-hot']).toMatch(/\| 3 \|( \d+ \|){9} \d+\* \|/);
    // a point of the ASID switch off its lowest cost is listed, with its misses
    const asid = withRows('switch-cost', (rows) => rows.map((r) => (is(r, { strategy: 'asid', cacheKB: 32, dirtyLines: 16 }) ? { ...r, hotCycles: 999, hotIcacheMisses: 7 } : r)));
    expect(studiesBlocks(asid)['switch-cost-asid']).toContain('32 KB with 16 dirty lines: 999 cycles (7 I- and');
    // the TLB sentence follows the walks
    const walks = studiesBlocks(withRows('tlb-reach', (rows) => rows.map((r) => (is(r, { tlbEntries: 64, spaces: 7 }) ? { ...r, hotTlbWalks: 40 } : r))));
    expect(walks['tlb-reach-walks']).toMatch(/Table walks per hot IPC: 0\.\.40 from 8 entries up/);
    // the cold slope per wait state
    const cold = studiesBlocks(withRows('memory-latency', (rows) => rows.map((r) => (r['strategy'] === 'fcse' ? { ...r, coldCycles: 100 + 50 * (r['ramWaitStates'] as number) } : r))));
    expect(cold['memory-latency-cold']).toContain('FCSE cold: 100 -> 500 cycles (50.0 per wait state');
    // Thumb code as large as ARM's
    const thumb = studiesBlocks(withRows('user-isa', (rows) => rows.map((r) => (r['userIsa'] === 'thumb' ? { ...r, userCodeBytes: 1000 } : r))));
    expect(thumb['user-isa-findings']).toContain('thumb 1000 bytes');
    expect(slope([0, 1, 2, 4, 8], [0, 3, 6, 12, 24])).toBe(3);
  });

  it('a missing row or a missing metric is an error that names it', () => {
    expect(() => studiesBlocks(withRows('mrs-words', (rows) => rows.filter((r) => !is(r, { registerMrs: 1, words: 16 }))))).toThrow(/mrs-words: registerMrs 1, words 16: no such row/);
    expect(() => studiesBlocks(withRows('switch-cost', (rows) => rows.map((r) => (is(r, { strategy: 'full', cacheKB: 32, dirtyLines: 64 }) ? { ...r, ringRoundCycles: null } : r))))).toThrow(
      /switch-cost: strategy full, cacheKB 32, dirtyLines 64: ringRoundCycles is null, not a number/,
    );
    expect(() => studiesBlocks(withRows('memory-latency', (rows) => rows.map((r) => ({ ...r, hotIcacheMisses: undefined }))))).toThrow(/memory-latency: strategy \w+, ramWaitStates \d+: hotIcacheMisses is undefined/);
  });

  it('refuses outputs that disagree or lack their provenance', () => {
    const s = studies['tlb-reach'];
    const raw = JSON.parse(readFileSync(join(docs, 'studies', 'tlb-reach', 'results.json'), 'utf8')) as Row;
    expect(() => studyOutputs(raw, s.table.replace(/Computed at commit \w+/, 'Computed at commit 0000000'), 'x.json')).toThrow(/x\.json: table\.md was computed at 0000000, results\.json at/);
    expect(() => studyOutputs({ ...raw, source: {} }, s.table, 'x.json')).toThrow(/x\.json: source\.commit missing/);
    expect(() => studyOutputs(raw, '# t\n\nno table\n', 'x.json')).toThrow(/no "Computed at commit" line/);
  });

  describe('npm run studies-page', () => {
    pageCommandTests({
      main,
      page,
      fileName: 'STUDIES.md',
      prefix: 'study',
      staleMarker: 'mrs-words-flat',
      refusals: [[page.replace(/<!-- study:user-isa-findings -->[\s\S]*?<!-- \/study:user-isa-findings -->\n/, ''), /no marker for: user-isa-findings/]],
    });
  });
});
