// The Thumb assembler against GNU as -march=armv5te, in divided and unified syntax: generated
// instructions of every Thumb encoding class (accepted and rejected alike), programs of branches,
// BL/BLX pairs, pc-relative loads and literal pools whose validity depends on layout (every error
// line compared), and ARM/Thumb interworking calls and addresses in one section.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { goldenGate } from '../support/golden.ts';
import { compareLines, compareProgram } from './differential.ts';
import { seededSamples, withSeed } from './seeded.ts';
import { gnuWrongByteHalf, interworkingProgram, thumbInstruction, thumbProgram } from './thumbgen.ts';

const gate = goldenGate('toolchain: Thumb assembler vs GNU as', ['arm-none-eabi-as', 'arm-none-eabi-ld']);
const RUNS = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 3);

describe.skipIf(!gate.available)('Thumb assembler vs GNU as (differential)', () => {
  for (const syntax of ['divided', 'unified'] as const) {
    const header = `.text\n.syntax ${syntax}\n.thumb\n`;
    it(`instructions of every Thumb class, ${syntax} syntax`, () => {
      const { seed, samples } = seededSamples(fc.array(thumbInstruction, { minLength: 250, maxLength: 250 }), RUNS);
      withSeed(seed, () => {
        const refused = syntax === 'divided' ? gnuWrongByteHalf : undefined;
        for (const lines of samples) compareLines(lines, (ls) => `${header}${ls.join('\n')}\n`, header, refused);
      });
    });

    it(`branches, calls, pc-relative loads and literal pools, ${syntax} syntax`, () => {
      const { seed, samples } = seededSamples(thumbProgram, Math.max(RUNS * 2, 4));
      withSeed(seed, () => {
        for (const lines of samples) compareProgram(`${header}${lines.join('\n')}\n`);
      });
    });
  }

  it('interworking: calls and addresses across ARM and Thumb functions', () => {
    const { seed, samples } = seededSamples(interworkingProgram, Math.max(RUNS * 2, 4));
    withSeed(seed, () => {
      for (const src of samples) compareProgram(`${src}\n`);
    });
  });
});
