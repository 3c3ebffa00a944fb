// Golden: the same kernel images on qemu-system-arm -M versatilepb -cpu arm926 give the same UART
// output as on the reference model; without a timer tick, the whole run matches QEMU instruction
// by instruction. Skips loudly outside CI without QEMU, fails in CI.
import { describe, expect, it } from 'vitest';
import { buildSystem, type Scenario } from '../../kernel/build.ts';
import { runOnReference } from '../../testbench/scenarios/reference-run.ts';
import { compareElfWithQemu } from '../../testbench/golden/golden-run.ts';
import { runQemu } from '../../testbench/golden/qemu-run.ts';
import { goldenGate } from '../support/golden.ts';
import { faultScenario, interruptScenario, queueScenario, timeoutScenario } from './system-scenarios.ts';
import { pingPong } from './scenarios.ts';

const gate = goldenGate('kernel on QEMU', ['qemu-system-arm']);

/** Interleaving with interrupts depends on QEMU's host-time timer: compare lines as a multiset. */
function sameUart(s: Scenario, anyOrder = false): void {
  const sys = buildSystem(s);
  const model = runOnReference(sys);
  expect(model.stop).toBe('exit');
  const q = runQemu(sys.elf(), { timeoutMs: 60_000 });
  expect(q.timedOut).toBe(false);
  const norm = (u: string): string => (anyOrder ? u.split('\n').sort().join('\n') : u);
  expect(norm(q.uart)).toBe(norm(model.uart));
  expect(q.exitCode).toBe(model.exitCode);
}

describe.skipIf(!gate.available)('kernel on QEMU versatilepb', () => {
  for (const [sw, nreg] of [['fcse', 6], ['full', 3]] as const) {
    it(`ping-pong: same UART output (switch=${sw}, nreg=${nreg})`, () => sameUart(pingPong({ switchStrategy: sw, nreg }, 8, 7)), 90_000);
  }
  it('interrupts as IPC: same UART output', () => sameUart(interruptScenario('fcse'), true), 90_000);
  it('faults: same UART output', () => sameUart(faultScenario()), 90_000);
  it('senders queued on one receiver: same UART output', () => sameUart(queueScenario('full')), 90_000);
  it('timeouts: same UART output (ASID, NREG 0)', () => sameUart({ ...timeoutScenario('asid'), config: { switchStrategy: 'asid', nreg: 0 } }), 90_000);
  for (const sw of ['fcse', 'full'] as const) {
    it(`ping-pong without a tick runs instruction by instruction like QEMU (${sw})`, () => {
      const sys = buildSystem(pingPong({ switchStrategy: sw, tickShift: 0 }, 3, 7));
      const c = compareElfWithQemu(sys.elf(), { timeoutMs: 60_000 });
      expect(c.report).toBe('');
      expect(c.qemuInstructions).toBeGreaterThan(1000);
    }, 90_000);
  }
});
