// Floating-point and wide data directives against GNU as: .float/.single/.double over generated
// literals (random magnitudes, both signs, denormals, the edges of each format, GNU's spellings),
// .string8..64, .octa and .incbin give the same bytes; values GNU cannot convert are refused by both.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, link, readElf } from '../../kernel/toolchain/index.ts';
import { goldenGate } from '../support/golden.ts';
import { gnuBuild } from './gnu.ts';
import { imageBytes } from './helpers.ts';
import { seededSamples, withSeed } from './seeded.ts';

const gate = goldenGate('toolchain: floating-point and wide data vs GNU as', ['arm-none-eabi-as', 'arm-none-eabi-ld']);
const RUNS = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 3);
const DATA = 0x100000;

/** A decimal literal in one of GNU's spellings, over the whole exponent range of both formats. */
const literal = fc.tuple(
  fc.constantFrom('', '-', '+'),
  fc.bigInt({ min: 0n, max: 10n ** 20n }),
  fc.integer({ min: -330, max: 310 }),
  fc.constantFrom('e', 'E'),
  fc.constantFrom('', '0f', '0d'),
).map(([sign, digits, exp, e, prefix]) => `${prefix}${sign}${digits}${e}${exp}`);

const edges = ['0', '-0.0', '.5', '1.', 'inf', '-inf', '3.4028234e38', '1.17549435e-38', '1.4e-45', '7e-46', '1.7976931348623157e308', '2.2250738585072014e-308', '4.9e-324'];

const floatLine = fc.tuple(fc.constantFrom('.float', '.single', '.double'), fc.array(fc.oneof(literal, fc.constantFrom(...edges)), { minLength: 1, maxLength: 4 }))
  .map(([d, vs]) => `${d} ${vs.join(', ')}`);

function dataBytes(src: string, readBinary?: (p: string) => Uint8Array): string {
  const obj = assemble(src, { file: 'a.s', ...(readBinary ? { readBinary, readFile: () => '' } : {}) });
  const img = link([obj], { sections: [{ name: '.text', address: 0x8000 }, { name: '.data', address: DATA }] });
  const len = img.segments.find((s) => s.address === DATA)?.data.length ?? 0;
  return Buffer.from(imageBytes(img, DATA, len)).toString('hex');
}

function gnuDataBytes(src: string): string | undefined {
  const gnu = gnuBuild(src);
  if (!gnu.ok) return undefined;
  const img = readElf(gnu.elf!, 'gnu.elf');
  const len = img.segments.find((s) => s.address === DATA)?.data.length ?? 0;
  return Buffer.from(imageBytes(img, DATA, len)).toString('hex');
}

describe.skipIf(!gate.available)('floating-point and wide data vs GNU as', () => {
  it('.float/.single/.double: same bytes, or refused by both', () => {
    const { seed, samples } = seededSamples(floatLine, RUNS * 40);
    withSeed(seed, () => {
      for (const line of samples) {
        const src = `.data\n${line}\n`;
        const theirs = gnuDataBytes(src);
        if (theirs === undefined) {
          expect(() => dataBytes(src), `GNU refused:\n${src}`).toThrow(AsmError);
          continue;
        }
        expect(dataBytes(src), src).toBe(theirs);
      }
    });
  });

  it('.string8..64, .octa: same bytes', () => {
    const src = '.data\n.string8 "ab"\n.string16 "ab", "c"\n.string32 "x"\n.string64 "yz"\n.octa 0x0123456789abcdef0123456789abcdef, -1, 5\n';
    expect(dataBytes(src)).toBe(gnuDataBytes(src));
  });

  it('.incbin with skip and count: same bytes; a count past the end is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-incbin-'));
    try {
      const bin = new Uint8Array(37).map((_, i) => (i * 29 + 3) & 0xff);
      const path = join(dir, 'blob.bin');
      writeFileSync(path, bin);
      const src = `.data\n.incbin "${path}"\n.incbin "${path}", 5\n.incbin "${path}", 3, 7\n`;
      expect(dataBytes(src)).toBe(gnuDataBytes(src));
      expect(() => dataBytes(`.data\n.incbin "${path}", 30, 8\n`)).toThrow(/count \(8\) out of range/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
