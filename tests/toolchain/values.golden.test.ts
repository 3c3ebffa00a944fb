// Values against GNU as: data directives with values around every field boundary (and bignums)
// give the same bytes and the same warnings (line and text); programs that redefine symbols between
// literal loads give the same words; the assembler benchmark source (which redefines N between
// pools) is byte-identical. Values GNU truncates silently (wider than 32 bits in an instruction or
// a literal) are refused by us: values.test.ts checks those.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, assembleProgram, link, readElf, type LinkedImage } from '../../kernel/toolchain/index.ts';
import { benchSource } from '../../testbench/bench/assembler.bench.ts';
import { goldenGate } from '../support/golden.ts';
import { gnuBuild } from './gnu.ts';
import { imageBytes } from './helpers.ts';
import { seededSamples, withSeed } from './seeded.ts';

const gate = goldenGate('toolchain: values and literal pools vs GNU as', ['arm-none-eabi-as', 'arm-none-eabi-ld']);
const RUNS = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 3);

const bytesAt = (img: LinkedImage, address: number, length: number): string => Buffer.from(imageBytes(img, address, length)).toString('hex');

const segmentSize = (img: LinkedImage, address: number): number => img.segments.find((s) => s.address === address)?.data.length ?? 0;

/** A value near a power-of-two boundary, a random 64-bit one, a small one, or a bignum. */
const value = fc.oneof(
  fc.tuple(fc.constantFrom(7, 8, 15, 16, 31, 32, 63, 64), fc.integer({ min: -2, max: 2 }), fc.boolean())
    .map(([k, d, neg]) => (neg ? -1n : 1n) * ((1n << BigInt(k)) + BigInt(d))),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
  fc.integer({ min: -300, max: 300 }).map(BigInt),
  fc.bigInt({ min: 1n << 64n, max: 1n << 90n }).chain((b) => fc.constantFrom(b, -b)),
);

/** GNU syntax for a value: decimal or hex magnitude, '-' or '~' for negatives. */
const valueText = value.chain((v) => {
  const mag = v < 0n ? -v : v;
  const forms = [v < 0n ? `-${mag}` : `${mag}`, v < 0n ? `-0x${mag.toString(16)}` : `0x${mag.toString(16)}`];
  if (v < 0n) forms.push(`~${-v - 1n}`);
  return fc.constantFrom(...forms);
});

const dataLine = fc.tuple(fc.constantFrom('.byte', '.hword', '.short', '.2byte', '.word', '.long', '.int', '.4byte', '.quad', '.8byte'), fc.array(valueText, { minLength: 1, maxLength: 3 }))
  .map(([d, vs]) => `${d} ${vs.join(', ')}`);

/** A program mixing .set redefinitions, literal loads of constants and of symbol + constant, and pools. */
const poolProgram = fc.array(
  fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -5, max: 0x12345 })).map(([k, v]) => `.set N${k}, ${v}`),
    fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom('L+N', 'N+L', 'L+c', 'N', 'c', '-c', '~c', 'c+N'), fc.integer({ min: 0, max: 0xffffffff }))
      .map(([r, l, k, form, c]) => {
        const e = { 'L+N': `L${l} + N${k}`, 'N+L': `N${k} + L${l}`, 'L+c': `L${l} + ${c % 64}`, N: `N${k}`, c: `0x${c.toString(16)}`, '-c': `-${c >>> 1}`, '~c': `~${c >>> 1}`, 'c+N': `0x${c.toString(16)} + N${k}` }[form];
        return `ldr r${r}, =${e}`;
      }),
    fc.integer({ min: 0, max: 3 }).map((l) => `L${l}:`),
    fc.constant('.ltorg'),
    fc.constant('nop'),
  ),
  { minLength: 10, maxLength: 60 },
).map((lines) => {
  // Every label defined once, every N defined at the end as well (forward references bind to the
  // first definition after them).
  const seen = new Set<string>();
  const body = lines.filter((l) => !l.endsWith(':') || (!seen.has(l) && (seen.add(l), true)));
  for (let l = 0; l < 4; l++) if (!seen.has(`L${l}:`)) body.push(`L${l}:`);
  return `.text\n${body.join('\n')}\n.set N0, 7\n.set N1, 0x300\n.set N2, -1\n`;
});

describe.skipIf(!gate.available)('values and literal pools vs GNU as', () => {
  it('data directives around every boundary: same bytes, same warnings', () => {
    const { seed, samples } = seededSamples(fc.array(dataLine, { minLength: 40, maxLength: 40 }), RUNS);
    withSeed(seed, () => {
      for (const lines of samples) {
        const src = `.data\n${lines.join('\n')}\n`;
        const gnu = gnuBuild(src);
        expect(gnu.stderr, src).toBe('');
        const obj = assemble(src, { file: 'a.s' });
        const mine = link([obj], { sections: [{ name: '.text', address: 0x8000 }, { name: '.data', address: 0x100000 }] });
        const theirs = readElf(gnu.elf!, 'gnu.elf');
        const len = segmentSize(mine, 0x100000);
        expect(bytesAt(mine, 0x100000, len), src).toBe(bytesAt(theirs, 0x100000, len));
        expect(segmentSize(theirs, 0x100000)).toBe(len);
        // One warning per value, in order: same line, same text.
        expect(obj.warnings.map((w) => `${w.line}: ${w.message}`), src).toEqual(gnu.warnings);
      }
    });
  });

  it('literal loads with symbols redefined in between: same words', () => {
    const { seed, samples } = seededSamples(poolProgram, Math.max(RUNS * 4, 8));
    withSeed(seed, () => {
      for (const src of samples) {
        const gnu = gnuBuild(src);
        if (!gnu.ok) {
          expect(() => assembleProgram(src, { file: 'p.s' }), `GNU: ${gnu.stderr}\n${src}`).toThrow(AsmError);
          continue;
        }
        const mine = assembleProgram(src, { file: 'p.s', textAddress: 0x8000 });
        const theirs = readElf(gnu.elf!, 'gnu.elf');
        const len = segmentSize(mine, 0x8000);
        expect(segmentSize(theirs, 0x8000), src).toBe(len);
        expect(bytesAt(mine, 0x8000, len), src).toBe(bytesAt(theirs, 0x8000, len));
      }
    });
  });

  it('the assembler benchmark source (N redefined between pools) is byte-identical', () => {
    const src = benchSource(10_000);
    const gnu = gnuBuild(src);
    expect(gnu.stderr).toBe('');
    const mine = assembleProgram(src, { file: 'bench.s', textAddress: 0x8000, dataAddress: 0x100000 });
    const theirs = readElf(gnu.elf!, 'gnu.elf');
    for (const at of [0x8000, 0x100000]) {
      const len = segmentSize(mine, at);
      expect(segmentSize(theirs, at)).toBe(len);
      expect(bytesAt(mine, at, len) === bytesAt(theirs, at, len)).toBe(true);
    }
  });
});
