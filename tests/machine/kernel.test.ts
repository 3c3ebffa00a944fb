// The kernel through the machine interface: the RTL's tracked next pc equals the pc of every
// following retirement (interrupts included), the lockstep pair agrees to the end, and a
// breakpoint stops the RTL at the IPC entry with the same registers as the reference model.
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { interruptScenario, pingPongScenario } from '../../kernel/scenarios.ts';
import { createMachine, RtlMachine } from '../../testbench/machine/index.ts';

const built = buildSystem(interruptScenario());
const RAM = 8 << 20;

describe('the kernel on the machine interface', () => {
  it('RTL: the next pc tracked from the redirects is the pc of every next retirement', () => {
    const m = new RtlMachine({ ramBytes: RAM });
    m.load({ image: built.image });
    m.start(built.image.entry);
    const r = m.run([{ kind: 'exit' }], { maxCycles: 2_000_000 });
    expect(r.stop).toEqual({ kind: 'exit', code: 0 });
    expect(r.instructions).toBeGreaterThan(10_000);
    expect(m.nextPcMisses).toBe(0);
    expect(m.uartOutput()).toContain('irq: interrupts delivered as IPC ok\n');
  });

  it('lockstep: the two models agree to the semihosting exit', () => {
    const m = createMachine('lockstep', { ramBytes: RAM });
    m.load({ image: built.image });
    m.start(built.image.entry);
    expect(m.run([{ kind: 'exit' }], { maxCycles: 2_000_000 }).stop).toEqual({ kind: 'exit', code: 0 });
  });

  it('a breakpoint at ipc_entry stops both models with the same registers, the third time it is hit (ping-pong: no timer, so both see the same program order)', () => {
    const pingPong = buildSystem(pingPongScenario());
    const dumps = (['iss', 'rtl'] as const).map((model) => {
      const m = createMachine(model, { ramBytes: RAM });
      m.load({ image: pingPong.image });
      m.start(pingPong.image.entry);
      m.breakpoints.add(m.resolve('ipc_entry'));
      for (let k = 0; k < 3; k++) expect(m.run([], { maxCycles: 2_000_000 }).stop).toEqual({ kind: 'breakpoint', pc: m.resolve('ipc_entry') });
      return ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'sp', 'lr', 'cpsr', 'spsr', 'r13_usr', 'r14_usr'].map((n) => m.readRegister(n));
    });
    expect(dumps[1]).toEqual(dumps[0]);
  });
});
