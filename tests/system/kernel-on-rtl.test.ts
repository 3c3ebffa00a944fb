// The L4 kernel and its ping-pong programs on the RTL system (core, MMU, caches, bus, devices),
// in lockstep with the reference model, instruction by instruction, to the end of the scenario.
import { describe, expect, it } from 'vitest';
import { buildSystem, type KernelConfig } from '../../kernel/build.ts';
import type { AddressSpaceSwitch } from '../../rtl/config.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';
import { pingPong } from '../kernel/scenarios.ts';

type SwitchStrategy = NonNullable<KernelConfig['switchStrategy']>;
const HARDWARE: Record<SwitchStrategy, AddressSpaceSwitch> = { full: 'flush', fcse: 'fcse', asid: 'asid' };

describe('kernel on the RTL system, in lockstep with the reference model', () => {
  it.each(['asid', 'full'] as const)('ping-pong, %s address-space switch, check mode', (strategy) => {
    const built = buildSystem(pingPong({ switchStrategy: strategy }, 3, 5));
    const r = runLockstep(built.image, { check: true, maxCycles: 1_000_000, system: { hardware: { addressSpaceSwitch: HARDWARE[strategy] } } });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.retired).toBeGreaterThan(5_000); // (the whole scenario: boot, 3 rounds, exit)
    expect(r.uart.rtl).toContain('pingpong: ok');
    expect(r.uart.rtl).toBe(r.uart.reference);
  });

  it.each([0, 3, 6])('ping-pong with %i register MRs', (nreg) => {
    const built = buildSystem(pingPong({ switchStrategy: 'asid', nreg }, 2, 9));
    const r = runLockstep(built.image, { maxCycles: 1_000_000, system: { hardware: { addressSpaceSwitch: 'asid', registerMrs: nreg } } });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
  });
});
