// The red team's second round (kernel-mutants-redteam-round2.ts): broken kernels caught exactly (or
// kept as known escapes), correct ones passing, every variant building.
import { describe, expect, it } from 'vitest';
import { runIpcScenario } from '../../testbench/scenarios/ipc-scenario.ts';
import { REDTEAM2_BROKEN, REDTEAM2_CORRECT } from './kernel-mutants-redteam-round2.ts';
import { brokenTest, buildsTest, correctTest } from './kernel-mutants-redteam-run.ts';
import { MUTANT_BASE } from './kernel-mutants-run.ts';

describe('red team, round 2: every variant builds', () => {
  buildsTest([...REDTEAM2_BROKEN, ...REDTEAM2_CORRECT]);
});

describe('red team, round 2: broken kernels caught', () => {
  for (const m of REDTEAM2_BROKEN.filter((x) => x.escape === undefined)) brokenTest(m);
});

// (only when some remain: vitest refuses an empty suite)
const escapes = REDTEAM2_BROKEN.filter((x) => x.escape !== undefined);
if (escapes.length > 0) {
  describe('red team, round 2: known escapes, to fix in the checker', () => {
    for (const m of escapes) brokenTest(m);
  });
}

describe('red team, round 2: correct but unusual kernels pass', () => {
  for (const v of REDTEAM2_CORRECT) correctTest(v);
});

describe('red team, round 2: evidence in Thumb kernel code', () => {
  it('names the Thumb instruction (disassembled as Thumb, not as an ARM word)', async () => {
    const m = REDTEAM2_BROKEN.find((x) => x.name === 'xor-with-tag-once-in-thumb-kernel-code')!;
    const r = await runIpcScenario({ ...MUTANT_BASE, ...m.options, patchKernel: m.patch });
    const failing = r.report.ipcs.find((i) => i.judged && i.verdict === 'fail')!;
    expect(failing.failures.find((f) => f.includes('utcb-word-not-copied:'))).toContain('`ldr r2, [r0, #8]`');
    expect(failing.failures.find((f) => f.includes('utcb-word-wrong:'))).toContain('`str r2, [r1, #8]`');
  }, 180_000);
});
