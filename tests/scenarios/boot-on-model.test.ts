// Booting on the reference model (testbench/scenarios/boot-on-model.ts) changes no measurement:
// every design's row of "Why it is fast" (hot and cold cycles, phases, cache and TLB traffic, the
// claims it breaks) and the program's output are those of the full RTL run, for each address-space
// switch; only the run's cycle count shrinks (the boot's page-table clearing).
import { describe, expect, it } from 'vitest';
import { IPC_DESIGNS } from '../../kernel/abi.ts';
import { runDesign } from '../../testbench/scenarios/designs.ts';
import { buildIpcScenario, runIpcScenario, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import { BOOT_HAND_OFF_SYMBOL, bootOnModel } from '../../testbench/scenarios/boot-on-model.ts';
import { HandoffMachine } from '../../testbench/checkers/handoff-machine.ts';

const BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 4 };

/**
 * `x` with every absolute cycle number moved by `shift`: fields named `cycle` or `...Cycle`
 * (trapCycle, startCycle, ...) and "cycle N" in texts (the failures' evidence).
 */
function shifted<T>(x: T, shift: number): T {
  if (typeof x === 'string') return x.replace(/\bcycle (\d+)/g, (_m, n: string) => `cycle ${Number(n) + shift}`) as T;
  if (Array.isArray(x)) return x.map((v: unknown) => shifted(v, shift)) as T;
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, /^cycle$|[a-z]Cycle$/.test(k) && typeof v === 'number' ? v + shift : shifted(v, shift)])) as T;
}

describe('boot on the reference model, then the RTL', () => {
  it.each(IPC_DESIGNS)('design %s: the same row as the full RTL run', async (design) => {
    const [full, skipped] = await Promise.all([runDesign(BASE, design), runDesign({ ...BASE, bootOnModel: true }, design)]);
    expect(full.handOffs).toBeGreaterThan(0);
    const shift = full.phases[0]!.startCycle - skipped.phases[0]!.startCycle;
    expect(shift).toBeGreaterThan(10_000); // (the boot's cycles, run on the model)
    expect([full.boot, skipped.boot]).toEqual(['rtl', 'model']);
    expect({ ...shifted(skipped, shift), boot: 'rtl' }).toEqual(full);
  });

  it.each([
    ['full', {}],
    ['asid', {}],
    ['fcse', { memory: { ramWaitStates: 3 }, icache: { sizeBytes: 4096, replacement: 'random' } }],
  ] as const)('%s switch %j: the same IPC reports and output, in fewer cycles', async (strategy, hardware) => {
    const o = { ...BASE, strategy, hardware };
    const [full, skipped] = await Promise.all([runIpcScenario(o), runIpcScenario({ ...o, bootOnModel: true })]);
    // The boot's page-table clearing ran on the model: every IPC the same, at a fixed offset.
    const shift = full.report.ipcs[0]!.trapCycle - skipped.report.ipcs[0]!.trapCycle;
    expect(shifted(skipped.report, shift)).toEqual(full.report);
    expect(skipped.uart).toBe(full.uart);
    expect(skipped.outcome).toEqual(full.outcome);
    expect(skipped.cycles).toBe(full.cycles - shift);
    expect(skipped.cycles).toBeLessThan(full.cycles / 2);
  });

  it('refuses a hand-off point where the state is no longer a reset one, or one the kernel never reaches', () => {
    const built = buildIpcScenario(BASE);
    const machine = (): HandoffMachine => new HandoffMachine(built.image, { hardware: { addressSpaceSwitch: 'fcse' }, view: { enabled: false } });
    // kputs first runs for the banner, after the MMU and caches are on: warming would be needed.
    expect(() => bootOnModel(machine(), built.image, 'kputs')).toThrow(/the MMU is on at kputs/);
    expect(() => bootOnModel(machine(), built.image, 'no_such_symbol')).toThrow(/no_such_symbol/);
    expect(() => bootOnModel(machine(), built.image, BOOT_HAND_OFF_SYMBOL)).not.toThrow();
  });
});
