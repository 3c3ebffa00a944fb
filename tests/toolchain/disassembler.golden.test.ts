// Disassembly against arm-none-eabi-objdump -d: random 32-bit words from the supported encoding
// space (see wordspace.ts), the v5TE miscellaneous instructions, and the listing of our own ELF.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, assembleProgram, disassemble, disassembleImage, writeElf } from '../../kernel/toolchain/index.ts';
import { goldenGate } from '../support/golden.ts';
import { instruction } from './gen.ts';
import { objdumpElf, objdumpWords, stripSymbols } from './gnu.ts';
import { seededSamples, withSeed } from './seeded.ts';
import { inSupportedSpace, MISC_SAMPLES } from './wordspace.ts';

const gate = goldenGate('toolchain: disassembler vs objdump', ['arm-none-eabi-as', 'arm-none-eabi-objdump']);
const WORDS = Number(process.env.HANDOFF_GOLDEN_WORDS ?? 1500);

function compareWords(words: readonly number[]): string[] {
  const theirs = objdumpWords(words);
  const diffs: string[] = [];
  words.forEach((w, i) => {
    const exp = stripSymbols(theirs.get(i * 4) ?? '<missing>');
    const got = disassemble(w, i * 4);
    if (exp !== got && diffs.length < 20) diffs.push(`${(w >>> 0).toString(16).padStart(8, '0')} @${(i * 4).toString(16)}: objdump [${exp}] ours [${got}]`);
  });
  return diffs;
}

describe.skipIf(!gate.available)('disassembler vs objdump (differential)', () => {
  it('random words from the supported encoding space', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff }).filter(inSupportedSpace);
    const { seed, samples } = seededSamples(word, WORDS);
    withSeed(seed, () => expect(compareWords(samples)).toEqual([]));
  });

  it('random unconditional-space and coprocessor words in the supported space', () => {
    const word = fc.integer({ min: 0, max: 0x0fffffff }).map((w) => (w | 0xf0000000) >>> 0).filter(inSupportedSpace);
    const { seed, samples } = seededSamples(word, 300);
    withSeed(seed, () => expect(compareWords(samples)).toEqual([]));
  });

  it('every hint word (NOP, YIELD, WFE, WFI, SEV, SEVL, ESB, CSDB, DBG and unallocated hints) under every condition', () => {
    // Random sampling met few of these 16 x 256 words: an audit found 418 of them printed differently.
    const hints = Array.from({ length: 16 * 256 }, (_, k) => ((k >>> 8) * 0x10000000 + 0x0320f000 + (k & 0xff)) >>> 0).filter((w) => w >>> 28 !== 15);
    expect(compareWords(hints)).toEqual([]);
  });

  it('the ARMv5TE miscellaneous instructions (status registers, BX/BLX, CLZ, saturating and DSP)', () => {
    expect(compareWords(MISC_SAMPLES)).toEqual([]);
  });

  it('objdump of our ELF equals our listing (code, literal pools, data)', () => {
    const { seed, samples } = seededSamples(instruction, 400);
    withSeed(seed, () => {
      // Lines we assemble to a word inside the supported space (coprocessor 1/2/4..6/8..11 words
      // mean FPA/Maverick/VFP instructions to objdump, which we do not decode).
      const ok = samples.filter((l) => {
        try {
          const sec = assemble(l).sections.find((x) => x.name === '.text')!;
          const w = new DataView(sec.data.buffer, sec.data.byteOffset).getUint32(0, true);
          return inSupportedSpace(w);
        } catch (e) {
          if (e instanceof AsmError) return false;
          throw e;
        }
      });
      const src = `.global _start\n_start:\n${ok.join('\n')}\nldr r0, =0x12345678\nb _start\nbl helper\n.ltorg\n.word 0xe1a00000\n.byte 1\n.ascii "abc"\n.hword 7\n.byte 2\n.align 2\nhelper: nop\nldr r1, =helper\nadr r2, helper\n`;
      const image = assembleProgram(src, { file: 'elf.s' });
      const theirs = objdumpElf(writeElf(image));
      const ours = disassembleImage(image);
      const diffs: string[] = [];
      for (const line of ours) {
        const m = /^\s*([0-9a-f]+):\t[0-9a-f]+ +\t(.*)$/.exec(line)!;
        const addr = parseInt(m[1]!, 16);
        // Exact text, symbol names included ("b 8000 <_start>", "@ 8010 <_start+0x10>").
        const exp = theirs.get(addr) ?? '<missing>';
        const got = m[2]!;
        if (exp !== got && diffs.length < 20) diffs.push(`${addr.toString(16)}: objdump [${exp}] ours [${got}]`);
      }
      expect(diffs).toEqual([]);
      expect(theirs.size).toBe(ours.length);
    });
  });
});
