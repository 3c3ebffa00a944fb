// The kernel scenarios with Thumb user programs (KernelConfig.userIsa) on QEMU and on the
// reference model: the same UART output as each other and as the ARM build; without a timer
// tick, ping-pong with Thumb programs matches QEMU instruction by instruction (kernel entry from
// Thumb, exit to Thumb). Skips loudly outside CI without QEMU, fails in CI.
import { describe, expect, it } from 'vitest';
import { buildSystem, type Scenario } from '../../kernel/build.ts';
import { runOnReference } from '../../testbench/scenarios/reference-run.ts';
import { faultScenario, interruptScenario, pingPongScenario, queueScenario, timeoutScenario } from '../../kernel/scenarios.ts';
import { compareElfWithQemu } from '../../testbench/golden/golden-run.ts';
import { runQemu } from '../../testbench/golden/qemu-run.ts';
import { goldenGate } from '../support/golden.ts';

const gate = goldenGate('kernel with Thumb user programs on QEMU', ['qemu-system-arm']);

const thumb = (s: Scenario): Scenario => ({ ...s, config: { ...(s.config ?? {}), userIsa: 'thumb' } });

/** Lines that name a user program address (fault reports): they differ between ARM and Thumb code. */
const withoutAddresses = (u: string): string => u.replace(/\[fault thread (\w+) ([US]) \w+\]/g, '[fault thread $1 $2 ...]');

function sameUart(s: Scenario, anyOrder = false): void {
  const sys = buildSystem(thumb(s));
  const model = runOnReference(sys);
  expect(model.stop).toBe('exit');
  const q = runQemu(sys.elf(), { timeoutMs: 60_000 });
  expect(q.timedOut).toBe(false);
  const norm = (u: string): string => (anyOrder ? u.split('\n').sort().join('\n') : u);
  expect(norm(q.uart)).toBe(norm(model.uart));
  expect(q.exitCode).toBe(model.exitCode);
  // and what the ARM programs print
  const arm = runOnReference(buildSystem(s));
  expect(norm(withoutAddresses(model.uart))).toBe(norm(withoutAddresses(arm.uart)));
}

describe.skipIf(!gate.available)('kernel with Thumb user programs on QEMU versatilepb', () => {
  for (const [sw, nreg] of [['fcse', 6], ['full', 3]] as const) {
    it(`ping-pong: same UART output (switch=${sw}, nreg=${nreg})`, () => sameUart(pingPongScenario({ switchStrategy: sw, nreg }, 8, 7)), 90_000);
  }
  it('interrupts as IPC: same UART output', () => sameUart(interruptScenario('fcse'), true), 90_000);
  it('faults (a Thumb undefined instruction, bad SWI, aborts): same UART output', () => sameUart(faultScenario()), 90_000);
  it('senders queued on one receiver: same UART output', () => sameUart(queueScenario('full')), 90_000);
  it('timeouts: same UART output (ASID, NREG 0)', () => sameUart({ ...timeoutScenario('asid'), config: { switchStrategy: 'asid', nreg: 0 } }), 90_000);
  it('ping-pong without a tick, a Thumb client and an ARM server, instruction by instruction like QEMU', () => {
    const s = pingPongScenario({ switchStrategy: 'fcse', tickShift: 0 }, 3, 7);
    const sys = buildSystem({ ...s, spaces: s.spaces.map((sp) => (sp.name === 'client' ? { ...sp, isa: 'thumb' } : sp)) });
    const c = compareElfWithQemu(sys.elf(), { timeoutMs: 60_000 });
    expect(c.report).toBe('');
    expect(c.qemuInstructions).toBeGreaterThan(1000);
  }, 90_000);
});
