// Differential test against GNU as -march=armv5te: generated instructions of every class must
// assemble to the same bytes, and a line GNU rejects (e.g. an unencodable immediate) must be
// rejected here too. Each property run batches a few hundred lines into one GNU invocation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, link, readElf } from '../../kernel/toolchain/index.ts';
import { goldenGate } from '../support/golden.ts';
import { compareLines } from './differential.ts';
import { gnuBuild } from './gnu.ts';
import { edgeInstruction, instruction, labelledInstruction } from './gen.ts';
import { program } from './genprog.ts';
import { imageBytes } from './helpers.ts';
import { seededSamples, withSeed } from './seeded.ts';

const gate = goldenGate('toolchain: assembler vs GNU as', ['arm-none-eabi-as', 'arm-none-eabi-ld']);

const HEADER = '.text\n';
/** Samples per property (raise with HANDOFF_GOLDEN_RUNS for a longer sweep). */
const RUNS = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 3);

const memory = imageBytes;

describe.skipIf(!gate.available)('assembler vs GNU as (differential)', () => {
  it('instructions of every class, condition and operand form', () => {
    const { seed, samples } = seededSamples(fc.array(instruction, { minLength: 250, maxLength: 250 }), RUNS);
    withSeed(seed, () => {
      for (const lines of samples) compareLines(lines, (ls) => `${HEADER}${ls.join('\n')}\n`, '');
    });
  });

  it('operands at the edges (r15, r13, overlaps, written-back bases): the same errors and warnings', () => {
    const { seed, samples } = seededSamples(fc.array(edgeInstruction, { minLength: 250, maxLength: 250 }), RUNS);
    withSeed(seed, () => {
      for (const lines of samples) compareLines(lines, (ls) => `${HEADER}${ls.join('\n')}\n`, '');
    });
  });

  it('branches, adr, label loads and literal pools', () => {
    const { seed, samples } = seededSamples(fc.array(labelledInstruction, { minLength: 120, maxLength: 120 }), RUNS);
    withSeed(seed, () => {
      for (const lines of samples) {
        const layout = (ls: readonly string[]): string => {
          const q = Math.floor(ls.length / 3);
          return `${HEADER}L0:\n${ls.slice(0, q).join('\n')}\nL1:\n${ls.slice(q, 2 * q).join('\n')}\nL2: .word 1\n${ls.slice(2 * q).join('\n')}\nL3:\n.ltorg\n`;
        };
        compareLines(lines, layout, 'L0:\nL1:\nL2:\nL3:\n');
      }
    });
  });
});

describe.skipIf(!gate.available)('whole programs vs GNU as (directives, macros, expressions)', () => {
  it('generated programs assemble to the same .text and .data', () => {
    const { seed, samples } = seededSamples(program, Math.max(RUNS * 5, 10));
    withSeed(seed, () => {
      for (const src of samples) {
        const gnu = gnuBuild(src);
        if (!gnu.ok) {
          // GNU rejected it: ours must reject it too (an .equ used before it is defined, say).
          expect(() => assemble(src, { file: 'prog.s' }), `GNU: ${gnu.stderr}\n${src}`).toThrow(AsmError);
          continue;
        }
        const theirs = readElf(gnu.elf!, 'gnu.elf');
        const mine = link([assemble(src, { file: 'prog.s' })], { sections: [{ name: '.text', address: 0x8000 }, { name: '.data', address: 0x100000 }, { name: '.bss', address: 0x180000 }] });
        for (const name of ['.text', '.data']) {
          const seg = mine.segments.find((s) => s.name === name);
          const len = seg?.data.length ?? 0;
          const at = name === '.text' ? 0x8000 : 0x100000;
          expect(hexBytes(memory(mine, at, len)), `${name} of\n${src}`).toBe(hexBytes(memory(theirs, at, len)));
          const theirSeg = theirs.segments.find((s) => s.address === at);
          expect(theirSeg?.data.length ?? 0, `${name} size`).toBe(len);
        }
      }
    });
  });
});

function hexBytes(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}
