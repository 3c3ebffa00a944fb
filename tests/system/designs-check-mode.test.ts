// Every IPC design's whole scenario (boot, rounds, exit) on the machine the scenarios build (the
// message view and the checkers attached), in check mode: each comb read is checked against the
// schedule derived at elaboration, under each address-space switch (l4 with a Thumb client). The
// designs take paths the plain ping-pong does not (remap's page-table writes and TLB maintenance),
// and each design's machine has its own schedule: a read the recording missed once ran against an
// order that only an unrelated signal had kept right.
import { describe, expect, it } from 'vitest';
import { IPC_DESIGNS } from '../../kernel/abi.ts';
import { runIpcScenario, type SwitchStrategy } from '../../testbench/scenarios/ipc-scenario.ts';

const STRATEGIES: readonly SwitchStrategy[] = ['fcse', 'asid', 'full'];

describe('every IPC design in check mode', () => {
  const cases = IPC_DESIGNS.flatMap((design) => STRATEGIES.map((strategy) => [design, strategy] as const));
  it.each(cases)('%s, %s switch: the scenario exits cleanly, every comb read after its writer', async (design, strategy) => {
    const r = await runIpcScenario({ registerMrs: 6, words: 8, strategy, design, rounds: 3, check: true, ...(design === 'l4' ? { clientIsa: 'thumb' as const } : {}) });
    expect(r.outcome.problems).toEqual([]);
    expect(r.outcome.ok).toBe(true);
    expect(r.retired).toBeGreaterThan(3_000);
  }, 120_000);
});
