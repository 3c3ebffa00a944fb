// The red team's second round (kernel-mutants-redteam-round2.ts): broken kernels caught exactly (or
// kept as known escapes), correct ones passing, every variant building.
import { describe, expect, it } from 'vitest';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { REDTEAM2_BROKEN, REDTEAM2_CORRECT } from './kernel-mutants-redteam-round2.ts';
import { roundTests } from './kernel-mutants-redteam-run.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';

roundTests('round 2', REDTEAM2_BROKEN, REDTEAM2_CORRECT);

describe('red team, round 2: evidence in Thumb kernel code', () => {
  it('names the Thumb instruction (disassembled as Thumb, not as an ARM word)', async () => {
    const m = REDTEAM2_BROKEN.find((x) => x.name === 'xor-with-tag-once-in-thumb-kernel-code')!;
    const r = await runIpcScenario({ ...MUTANT_BASE, ...m.options, patchKernel: m.patch });
    const failing = r.report.ipcs.find((i) => i.judged && i.verdict === 'fail')!;
    expect(failing.failures.find((f) => f.includes('utcb-word-not-copied:'))).toContain('`ldr r2, [r0, #8]`');
    expect(failing.failures.find((f) => f.includes('utcb-word-wrong:'))).toContain('`str r2, [r1, #8]`');
  }, 180_000);
});
