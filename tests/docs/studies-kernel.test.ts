// docs/STUDIES.md's figures that depend on the kernel and the hardware take them from the kernel
// source and the study's own points: the copy chain's group size from kernel/src/entry.S, the
// I-cache way the programs' colours are counted in from the study's hardware (not the default).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyGroupWords, readPageStudies, studiesBlocks, type PageStudies } from '../../testbench/docs/studies-page.ts';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';

const studies = readPageStudies(join(REPO_ROOT, 'docs', 'studies'));
const chain = (load: string, store: string): string => `x:\n  nop\n        .global fast_copy_groups\nfast_copy_groups:\n  rsb r0, r0, #16   @ skip\n  .rept 16\n  ${load}\n  ${store}\n  .endr\n  b y\n`;

describe('studies page: the kernel copy chain group', () => {
  it('is read from the LDM/STM of the chain in kernel/src/entry.S', () => {
    expect(copyGroupWords(readFileSync(join(REPO_ROOT, 'kernel', 'src', 'entry.S'), 'utf8'))).toBe(4);
    expect(copyGroupWords(chain('ldmia r9!, {r0-r5}', 'stmia lr!, {r0-r5}   @ six'))).toBe(6);
    expect(copyGroupWords(chain('ldmia r9!, {r0, r1}', 'stmia lr!, {r0, r1}'))).toBe(2);
    expect(() => copyGroupWords(chain('ldmia r9!, {r0, r1}', 'stmia lr!, {r0}'))).toThrow(/loads 2 words a group and stores 1/);
    expect(() => copyGroupWords('nothing here')).toThrow(/fast_copy_groups/);
  });

  it("the mrs-words sentences follow the group size they are given (the kernel's by default)", () => {
    expect(studiesBlocks(studies)['mrs-words-linear']).toContain('the 4th word beyond (the first 4-word group)');
    const two = studiesBlocks(studies, 2)['mrs-words-linear']!;
    expect(two).toContain('The first word beyond the register MRs:');
    expect(two).toContain('the 2nd word beyond (the first 2-word group)');
    expect(two).toContain('each further 2 words:');
  });
});

describe("studies page: the tlb-reach colours use the study's I-cache", () => {
  const withIcache = (icache: { sizeBytes: number; ways: number }): PageStudies => ({
    ...studies,
    'tlb-reach': {
      ...studies['tlb-reach'],
      rows: studies['tlb-reach'].rows.map((r) => {
        const point = r['point'] as Record<string, unknown>;
        return { ...r, point: { ...point, hardware: { ...(point['hardware'] as object), icache } } };
      }),
    },
  });

  it('the committed study (default I-cache): a 4 KB way', () => {
    expect(studiesBlocks(studies)['tlb-reach-colours']).toContain('in a 4 KB I-cache way');
  });

  it('an 8 KB 4-way I-cache in the points: a 2 KB way, and the colours counted in it', () => {
    const text = studiesBlocks(withIcache({ sizeBytes: 8192, ways: 4 }))['tlb-reach-colours']!;
    expect(text).toContain('in a 2 KB I-cache way');
    expect(text).not.toContain('4 KB I-cache way');
  });
});
