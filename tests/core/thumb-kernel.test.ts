// The L4 kernel with Thumb user programs on the RTL system: in lockstep with the reference model
// to the end of the scenario (kernel entry from Thumb, exit to Thumb, the same UART output as the
// ARM build), and the default IPC scenario with a Thumb client and an ARM server, and with both
// Thumb, passing the hand-off checkers on every IPC.
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario, queueScenario } from '../../kernel/scenarios.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';

describe('kernel with Thumb user programs on the RTL system', () => {
  it.each(['fcse', 'full'] as const)('ping-pong, Thumb programs, %s switch: lockstep to the end, check mode', (strategy) => {
    const built = buildSystem(pingPongScenario({ switchStrategy: strategy, userIsa: 'thumb' }, 3, 5));
    const r = runLockstep(built.image, { check: true, maxCycles: 1_500_000, system: { hardware: { addressSpaceSwitch: strategy === 'full' ? 'flush' : 'fcse' } } });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.history.some((h) => h.thumb)).toBe(true);
    expect(r.uart.rtl).toContain('pingpong: ok');
    expect(r.uart.rtl).toBe(r.uart.reference);
  });

  it('senders queued on one receiver, Thumb programs: lockstep to the end', () => {
    const built = buildSystem({ ...queueScenario('fcse'), config: { switchStrategy: 'fcse', userIsa: 'thumb' } });
    const r = runLockstep(built.image, { maxCycles: 3_000_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.uart.rtl).toContain('queue: FIFO order ok');
  });

  it.each([['thumb', 'arm'], ['thumb', 'thumb']] as const)('client %s, server %s: IPC with a passing hand-off verdict', async (clientIsa, serverIsa) => {
    const r = await runIpcScenario({ registerMrs: 6, words: 8, strategy: 'fcse', rounds: 4, clientIsa, serverIsa });
    expect(r.exited).toBe(true);
    expect(r.uart).toContain('pingpong: ok');
    expect(r.fastPathIpcs).toBeGreaterThan(4);
    expect(r.report.judgedIpcs).toBe(r.fastPathIpcs);
    expect(r.report.verdict).toBe('pass');
  });
});
