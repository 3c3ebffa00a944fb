// The `encodings` verify suite (npm run verify -- --suite encodings): the coverage test's generator
// and lockstep at any scale. Its inputs cover the three variants and both instruction sets, a few
// pass their check, the counterexample text names the variant and shows the program, and a case
// that agrees leaves no waveform.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEncodingProgram } from '../../testbench/lockstep/encoding-program.ts';
import { encodingsSuite } from '../../testbench/verify/suites/encodings.ts';
import { SUITES } from '../../testbench/verify/suites/index.ts';
import { TEST_SEED } from '../support/seed.ts';

describe('verify suite: encodings', () => {
  it('is listed, draws every variant and both instruction sets, and passes on the model as it is', async () => {
    expect(SUITES.map((s) => s.name)).toContain('encodings');
    const cases = fc.sample(encodingsSuite.arbitrary, { numRuns: 60, seed: TEST_SEED });
    expect(new Set(cases.map((c) => c.variant))).toEqual(new Set(['plain', 'interrupts', 'slow-ram']));
    const texts = cases.map((c) => renderEncodingProgram(c.program));
    // Thumb blocks are the generator's own halfwords, each left by BX PC (0x4778)
    expect(texts.filter((t) => /\.short 0x4778\b/.test(t)).length).toBeGreaterThan(10);
    for (const c of cases.slice(0, 4)) expect(await encodingsSuite.check(c)).toBeUndefined();
    const shown = encodingsSuite.show(cases[0]!);
    expect(shown).toMatch(/^variant (plain|slow-ram|interrupts \(seed \d+\)); program:\n/);
    expect(shown).toContain(texts[0]!);
    expect(await encodingsSuite.waveform!(cases[0]!, '/nonexistent/never-written.vcd')).toBe('no mismatch on re-run: no waveform');
  }, 120_000);
});
