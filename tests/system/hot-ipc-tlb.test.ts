// A hot fast-path IPC takes no table walk when its working set fits the TLB. The kernel maps
// everything with 1 MB sections; the main TLB holds a section as one entry in a set chosen by the
// section's MVA (rtl/mem/tlb.ts, docs/MEMORY.md). Before, a section was entered in the set of the
// 4 KB that missed, and the hot IPC's vector page (0x0), client code (0x100000), server code
// (0x200000) and VIC (0x10140000) all index set 0 of the 2-way TLB: 2-5 walks per hot IPC.
import { describe, expect, it } from 'vitest';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';

describe('hot one-way IPC: no TLB misses', () => {
  it.each(['asid', 'fcse'] as const)('%s address-space switch', async (strategy) => {
    const r = await runIpcScenario({ registerMrs: 6, words: 8, strategy, rounds: 4 });
    expect(r.exited).toBe(true);
    expect(r.hot?.path).toBe('fast');
    const c = r.hot!.cost.counters;
    expect({ i: c.itlbMisses ?? 0, d: c.dtlbMisses ?? 0, walks: c.tlbWalks ?? 0 }).toEqual({ i: 0, d: 0, walks: 0 });
  }, 120_000);
});
