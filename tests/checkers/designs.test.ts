// The hand-off checkers judge every IPC design of the kernel without knowing which it is: each
// claim of the post is a column, and each design breaks exactly the claims its mechanism breaks
// (on the RTL system: ping-pong, 8 words, 6 register MRs, FCSE; remap also under ASID, where the
// caches are physically tagged and only the TLB needs maintenance). The "Why it is fast" sentences
// are made from the measured rows.
import { describe, expect, it } from 'vitest';
import type { IpcDesign } from '../../kernel/abi.ts';
import { CLAIM_NAMES, compareDesigns, runDesign, type ClaimName, type DesignRow } from '../../testbench/scenarios/designs.ts';
import type { IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import { phaseDelta, whyText } from '../../testbench/scenarios/why-text.ts';
import { findStudy } from '../../testbench/studies/catalog.ts';
import { runPoint } from '../../testbench/studies/run-point.ts';
import { expandStudy } from '../../testbench/studies/study.ts';

const BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 3 };

/** The claims each design breaks. */
const BROKEN: Readonly<Record<IpcDesign, readonly ClaimName[]>> = {
  l4: [],
  'tcb-copy': ['register MRs left in place'],
  buffered: ['register MRs left in place', 'UTCB words copied directly'],
  remap: ['UTCB words copied directly', 'no remapping'], // the words are not copied at all: the receiver reads the sender's frame
  slow: ['register MRs left in place'],
  'l4-spread': [],
};

describe('the verdict table of the IPC designs', async () => {
  const rows = await compareDesigns(BASE);
  const row = (d: IpcDesign): DesignRow => rows.find((r) => r.design === d)!;

  it.each(Object.keys(BROKEN) as IpcDesign[])('%s breaks exactly the claims its mechanism breaks', (design) => {
    const r = row(design);
    expect(r.ok, `${design}: the programs and the kernel`).toBe(true);
    expect(CLAIM_NAMES.filter((c) => !r.claims[c])).toEqual(BROKEN[design]);
    expect(r.handOffs).toBeGreaterThanOrEqual(4);
    // every design but 'slow' hands off on its fast path; 'slow' never does
    expect(r.fastHandOffs).toBe(design === 'slow' ? 0 : r.handOffs);
  });

  it('each broken claim is broken by its evidence: stores and reloads of register MRs, staged words, page-table writes and maintenance', () => {
    expect(row('tcb-copy').rules).toMatchObject({ 'register-mr-stored': expect.any(Number), 'register-mr-written': expect.any(Number) });
    expect(row('buffered').rules).toMatchObject({ 'utcb-word-staged': expect.any(Number), 'register-mr-stored': expect.any(Number) });
    expect(row('remap')).toMatchObject({ pageTableWrites: 2, tlbOps: 2 });
    expect(row('remap').cacheOps).toBeGreaterThanOrEqual(16 + 2 + 1); // 8 lines x 2 pages, the 2 entries, the drain
    expect(row('l4')).toMatchObject({ pageTableWrites: 0, tlbOps: 0, cacheOps: 0, registerStores: 0, registerWrites: 0, stagedWords: 0 });
  });

  it('l4 is the cheapest design, the small fast path cheaper than the spread one', () => {
    const l4 = row('l4').hotCycles!;
    for (const r of rows) if (r.design !== 'l4') expect(r.hotCycles!, r.design).toBeGreaterThan(l4);
    expect(row('l4-spread').iLines!).toBeGreaterThan(row('l4').iLines!);
  });

  it('the sentences of "Why it is fast" carry the measured differences', () => {
    const text = whyText(rows, { words: 8, registerMrs: 6, strategy: 'fcse' }).join('\n');
    const d = (x: IpcDesign): number => row(x).hotCycles! - row('l4').hotCycles!;
    expect(text).toContain(`leaving the 6 register MRs in place saves ${d('tcb-copy')} cycles against copying them through the TCBs`);
    expect(text).toContain(`saves ${d('buffered')} cycles against copying it into a kernel buffer and out again`);
    expect(text).toContain(`copying the 3 UTCB words saves ${d('remap')} cycles against remapping the message page (remap: 2 page-table writes`);
    expect(text).toContain(`the fast path saves ${d('slow')} cycles against the general path`);
    expect(text).toContain(`keeping the fast path on ${row('l4').iLines} I-cache lines in ${row('l4').iPages} pages saves ${d('l4-spread')} cycles`);
    expect(text).toContain(`(l4-spread: ${row('l4-spread').iLines} lines in ${row('l4-spread').iPages} pages, ${row('l4-spread').hotKernelInstructions} kernel instructions against l4's ${row('l4').hotKernelInstructions} (`);
    expect(row('l4-spread').iPages).toBeGreaterThan(row('l4').iPages!);
    for (const r of rows) expect(text).toMatch(new RegExp(`^  ${r.design} +${r.hotCycles} +${r.coldCycles} `, 'm'));
    // where each difference goes, phase by phase, summing to the whole difference
    for (const design of ['tcb-copy', 'buffered', 'remap', 'slow', 'l4-spread'] as const) {
      const delta = phaseDelta(row('l4'), row(design));
      expect(text).toContain(`; by phase: ${delta}`);
      const sum = [...delta.matchAll(/ ([+-]?\d+)(?:,|$)/g)].reduce((a, m) => a + Number(m[1]), 0);
      expect(sum, `${design}: ${delta}`).toBe(d(design));
    }
  });

  it('without a fast-path hand-off of the l4 design no claim is weighed: the sentences say why instead', () => {
    // The rows as a run where every hand-off took the general path would give them ('full' switches, 0 register MRs).
    const general = rows.map((r) => ({ ...r, fastHandOffs: 0 }));
    const text = whyText(general, { words: 8, registerMrs: 6, strategy: 'full' }).join('\n');
    expect(text).toContain(`So: no claim is weighed here: the l4 design took its fast path on none of its ${row('l4').handOffs} hand-offs (nor did any other design); the rows compare general paths.`);
    expect(text).not.toContain('saves');
    expect(text).not.toContain('by phase');
    const oneFast = general.map((r) => (r.design === 'tcb-copy' ? { ...r, fastHandOffs: 3 } : r));
    expect(whyText(oneFast, { words: 8, registerMrs: 6, strategy: 'full' }).join('\n')).toContain('hand-offs (tcb-copy did); the rows compare general paths.');
  });

  it('each design\'s own phases carry its mechanism (phase symbols of the design, cycles > 0)', () => {
    const phases = (x: IpcDesign): string[] => row(x).phases.map((p) => p.phase);
    expect(phases('l4')).toEqual(['trap', 'entry', 'fast-path checks', 'copy UTCB', 'state update', 'switch space', 'exit']);
    expect(phases('tcb-copy')).toEqual(['trap', 'entry', 'save context', 'fast-path checks', 'copy register MRs', 'copy UTCB', 'state update', 'switch space', 'exit', 'restore context']);
    expect(phases('buffered')).toEqual(expect.arrayContaining(['copy into buffer', 'copy out of buffer']));
    expect(phases('remap')).toContain('remap message');
    expect(phases('slow')).toContain('slow path');
    for (const r of rows) for (const p of r.phases) expect(p.cycles, `${r.design} ${p.phase}`).toBeGreaterThan(0);
  });
});

describe('remap under ASID: physically tagged caches need no line maintenance, the TLB still does', async () => {
  const r = await runDesign({ ...BASE, strategy: 'asid' }, 'remap');
  it('breaks no remapping (page-table writes and TLB operations the ASID switch does not need) and copies nothing, and nothing else', () => {
    expect(r.ok).toBe(true);
    expect(CLAIM_NAMES.filter((c) => !r.claims[c])).toEqual(['UTCB words copied directly', 'no remapping']);
    // A table per space: both pages' entries and their privileged mirrors (the kernel's view from
    // the other tables) swap, and both translations are dropped under every ASID (spaces 0..2).
    expect(r).toMatchObject({ pageTableWrites: 4, tlbOps: 2 * 3 });
    expect(r.cacheOps).toBe(4 + 1); // the four entries cleaned for the walker, the drain: no message lines
  });

  it('the designs study measures the same point as npm start --compare (same rounds)', async () => {
    const study = findStudy('designs')!;
    const { point } = expandStudy(study).find(({ assignment: a }) => a.design === 'remap' && a.words === 8 && a.strategy === 'asid')!;
    const [viaStudy, viaCompare] = [await runPoint(point), await runDesign({ ...BASE, strategy: 'asid', rounds: point.rounds }, 'remap')];
    expect(viaStudy.metrics.hotCycles).toBe(viaCompare.hotCycles);
    expect(viaStudy.metrics.coldCycles).toBe(viaCompare.coldCycles);
    expect(viaStudy.metrics.claimNoRemap).toBe(0);
    expect(viaStudy.metrics.claimRegisterMrs).toBe(1);
  }, 120_000);
});

describe('small code stays in the TLB: the kernel in 4 KB pages, an 8-entry main TLB', async () => {
  const tlbMisses = (r: DesignRow): number => (r.counters['itlbMisses'] ?? 0) + (r.counters['dtlbMisses'] ?? 0);
  const hw = { hardware: { tlb: { entries: 8 } } };
  const [l4, spread, l4Section, spreadSection] = [
    await runDesign({ ...BASE, ...hw, kernelPages: true }, 'l4'),
    await runDesign({ ...BASE, ...hw, kernelPages: true }, 'l4-spread'),
    await runDesign({ ...BASE, ...hw }, 'l4'),
    await runDesign({ ...BASE, ...hw }, 'l4-spread'),
  ];
  it('the spread fast path misses the TLB on most of its 11 pages every IPC, the compact one hardly; with the kernel in a section neither does', () => {
    for (const r of [l4, spread, l4Section, spreadSection]) expect(r.ok && r.claims['register MRs left in place'] && r.claims['no remapping'], r.design).toBe(true);
    expect(tlbMisses(spread)).toBeGreaterThanOrEqual(8);
    expect(tlbMisses(l4)).toBeLessThanOrEqual(2);
    expect(tlbMisses(spreadSection)).toBe(0);
    // what spreading costs grows when each page costs a TLB entry
    expect(spread.hotCycles! - l4.hotCycles!).toBeGreaterThan(spreadSection.hotCycles! - l4Section.hotCycles!);
  });
});
