// Interrupts delivered as IPC (kernel/ABI.md: a message from interrupt thread 0x1000 + line with
// label 0xFFF0 and no words) are followed by the same checkers: the timer-interrupt scenario on the
// RTL system gets a verdict for every interrupt delivered to its handler thread, online and from
// the VCD alone; a kernel that names the wrong interrupt thread fails delivery.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { interruptScenario } from '../../kernel/scenarios.ts';
import { handoffConfigFor, recordWindow, runBuiltScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { runOutcome } from '../../testbench/scenarios/outcome.ts';
import { both, IRQ_MUTANT, replace, withTail } from './kernel-mutants.ts';
import { rulesOf } from './rules-of.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-irq-'));
const KNOBS = { strategy: 'fcse', registerMrs: 6 } as const;
const IRQS = 3;

function run(patchKernel?: (file: string, text: string) => string) {
  const built = buildSystem({ ...interruptScenario('fcse', IRQS), ...(patchKernel ? { patchKernel } : {}) });
  const config = handoffConfigFor(built);
  const r = runBuiltScenario(KNOBS, built, config);
  const uart = r.bench.sys.soc.uart0.transmittedText();
  return { built, config, r, report: r.checker.report(), outcome: runOutcome(uart, r.exited, r.exitReason, ['irq', 'pingpong']) };
}

describe('interrupts as IPC under the hand-off checkers', () => {
  const good = run();

  it('every interrupt the handler receives is a judged hand-off that passes', () => {
    expect(good.outcome).toMatchObject({ ok: true, kernelExit: 'clean' });
    const irqs = good.report.ipcs.filter((i) => i.kind === 'interrupt hand-off');
    expect(irqs).toHaveLength(IRQS);
    for (const i of irqs) {
      expect(i).toMatchObject({ trap: 'irq', receiver: 'irq', judged: true, verdict: 'pass' });
      expect(i.summary).toBe('interrupt line 5 delivered to irq (id 3) as IPC from 0x00001005');
      expect(i.delivery).toMatchObject({ verdict: 'pass', mrs: 1, tagSent: 0xfff00000, tagReceived: 0xfff00000, mismatches: [] });
      expect(i.remap).toMatchObject({ verdict: 'pass', pageTableWrites: [], disallowed: [] });
    }
    expect(good.report.failures).toEqual([]);
    expect(good.report.verdict).toBe('pass');
    // The handler's replies (Send to 0x1005, which unmasks the line) hand nothing off.
    const replies = good.report.ipcs.filter((i) => i.trap === 'swi' && i.operation.to === 0x1005);
    expect(replies.length).toBeGreaterThanOrEqual(IRQS - 1);
    for (const i of replies) expect(i.kind).toBe('no hand-off');
  }, 120_000);

  it('the VCD of an interrupt hand-off gives the same report', async () => {
    const irq = good.report.ipcs.find((i) => i.kind === 'interrupt hand-off')!;
    const w = await recordWindow(KNOBS, good.built, good.config, good.report, irq, { path: join(dir, 'irq.vcd'), margin: 20, lastCycle: good.r.sim.cycle });
    expect(w).toMatchObject({ agrees: true, verdict: 'pass', ipc: irq.index });
  }, 120_000);

  it(`${IRQ_MUTANT.name}: ${IRQ_MUTANT.story}`, () => {
    const bad = run(IRQ_MUTANT.patch);
    expect(bad.report.verdict).toBe('fail');
    const failing = bad.report.ipcs.find((i) => i.judged && i.verdict === 'fail')!;
    expect(failing.kind).toBe('interrupt hand-off');
    expect(rulesOf(failing)).toEqual([...IRQ_MUTANT.rules]);
    expect(failing.delivery.mismatches).toEqual([{ where: 'r0 (the sender)', sent: 0x1005, received: 0x1006 }]);
    expect(failing.firstFailure!.cycle).toBe(failing.resumeCycle);
    expect(bad.outcome.ok).toBe(IRQ_MUTANT.programOk);
  }, 120_000);

  it('an interrupt hand-off storing what a fast path parked in a banked register fails register-mr-stored (the leak rules hold in interrupt windows too)', () => {
    const FIQ = '#(MODE_FIQ | PSR_I | PSR_F)';
    const SVC = '#(MODE_SVC | PSR_I | PSR_F)';
    const IRQ = '#(MODE_IRQ | PSR_I | PSR_F)';
    // The fast path keeps MR1 in r8_fiq (nothing stored); every interrupt's entry stores r8_fiq.
    const park = replace('entry.S', '\nipc_fast_state:\n', `\nipc_fast_state:\n        msr     cpsr_c, ${FIQ}\n        mov     r8, r4\n        msr     cpsr_c, ${SVC}\n`);
    const store = withTail(replace('entry.S', '\nirq_entry:\n', `\nirq_entry:\nmutant_site:\n        msr     cpsr_c, ${FIQ}\n        ldr     r9, =mutant_buf + KDATA\n        str     r8, [r9, #8]\n        msr     cpsr_c, ${IRQ}\nmutant_end:\n`), '');
    const bad = run(both(park, store));
    expect(bad.outcome).toMatchObject({ ok: true, kernelExit: 'clean' });
    const failing = bad.report.ipcs.filter((i) => i.kind === 'interrupt hand-off' && i.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    for (const i of failing) {
      expect(rulesOf(i)).toEqual(['register-mr-stored']);
      expect(i.firstFailure!.pc).toBeGreaterThanOrEqual(bad.built.kernelSymbol('mutant_site'));
      expect(i.firstFailure!.pc).toBeLessThan(bad.built.kernelSymbol('mutant_end'));
    }
    // The unmodified kernel's interrupt hand-offs store nothing of a message (the test above: they pass).
  }, 120_000);
});
