// The "Why it is fast" sentences of npm start say what each design's row shows, not what the
// design is meant to do.
import { describe, expect, it } from 'vitest';
import type { IpcDesign } from '../../kernel/abi.ts';
import { CLAIM_NAMES, type DesignRow } from '../../testbench/scenarios/designs.ts';
import { whyText } from '../../testbench/scenarios/why-text.ts';

function row(design: IpcDesign, hotCycles: number, extra: Partial<DesignRow> = {}): DesignRow {
  return {
    design, hotCycles, coldCycles: hotCycles + 100, hotKernelInstructions: 60, counters: {}, iLines: 12, iPages: 3,
    phases: [{ phase: 'copy UTCB', startCycle: 0, cycles: hotCycles - 60, instructions: 1 }], fastHandOffs: 8, handOffs: 8,
    claims: Object.fromEntries(CLAIM_NAMES.map((c) => [c, true])) as DesignRow['claims'], rules: {}, ok: true, boot: 'rtl',
    pageTableWrites: 0, tlbOps: 0, cacheOps: 0, registerStores: 0, registerWrites: 0, stagedWords: 0, ...extra,
  };
}

const remapLine = (rows: DesignRow[], words: number): string => whyText(rows, { words, registerMrs: 6, strategy: 'fcse' }).find((l) => l.includes('UTCB words') && l.includes('remap'))!;

describe('whyText: the remap sentence', () => {
  it('a remap row that wrote page-table entries: against remapping the message page, with its counts', () => {
    const line = remapLine([row('l4', 89), row('remap', 251, { pageTableWrites: 2, cacheOps: 19, tlbOps: 2 })], 8);
    expect(line).toContain('copying the 3 UTCB words saves 162 cycles against remapping the message page (remap: 2 page-table writes, 19 cache and 2 TLB operations)');
  });

  it('a remap row that remapped nothing (a message within the registers): no claim of a remapping', () => {
    const line = remapLine([row('l4', 79), row('remap', 78)], 0);
    expect(line).not.toContain('against remapping the message page');
    expect(line).toContain('copying the 0 UTCB words costs 1 cycle against the remap design, which remapped nothing in its hot IPC (0 page-table writes, 0 cache and 0 TLB operations)');
  });
});

describe('whyText: no fixed claim about the code or the tests', () => {
  const text = (rows: DesignRow[]): string => whyText(rows, { words: 8, registerMrs: 6, strategy: 'fcse' }).join('\n');

  it('the l4-spread sentence gives the kernel instructions both rows measured, not "a branch per step"', () => {
    const t = text([row('l4', 89), row('l4-spread', 122, { hotKernelInstructions: 71, iLines: 20, iPages: 14 })]);
    expect(t).toContain("(l4-spread: 20 lines in 14 pages, 71 kernel instructions against l4's 60 (+11))");
    expect(t).not.toContain('a branch per step');
    const t2 = text([row('l4', 89), row('l4-spread', 122, { hotKernelInstructions: 60 })]);
    expect(t2).toContain("60 kernel instructions against l4's 60 (+0)");
  });

  it('a boot on the reference model is stated, with no claim about what a test checks', () => {
    const t = text([row('l4', 89, { boot: 'model' }), row('slow', 400, { boot: 'model' })]);
    expect(t).toContain("the kernel's boot ran on the reference model up to");
    expect(t).toContain('in each run, then the RTL)');
    expect(t).not.toContain('boot-on-model.test.ts');
  });
});
