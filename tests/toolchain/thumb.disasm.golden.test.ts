// The Thumb disassembler against arm-none-eabi-objdump -d: every 16-bit halfword (all 59,152 that
// are not IT instructions or 32-bit prefixes), every IT instruction with the instructions of its
// block, BL/BLX pairs, and the listing of our own ELF with ARM code, Thumb code, pools and data
// chosen by mapping symbols.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, assembleProgram, disassembleImage, disassembleThumb, makeImage, writeElf } from '../../kernel/toolchain/index.ts';
import { goldenGate } from '../support/golden.ts';
import { objdumpElf, objdumpThumb } from './gnu.ts';
import { seededSamples, withSeed } from './seeded.ts';
import { thumbInstruction } from './thumbgen.ts';

const gate = goldenGate('toolchain: Thumb disassembler vs objdump', ['arm-none-eabi-as', 'arm-none-eabi-objdump']);

/** objdump names addresses in an object by its section symbol. */
const sectionSymbol = (a: number): string => (a === 0 ? '.text' : `.text+0x${a.toString(16)}`);
const isIt = (h: number): boolean => (h & 0xff00) === 0xbf00 && (h & 0xf) !== 0;

/** Our listing of Thumb bytes at address 0 (one $t mapping), address -> text. */
function ourListing(halves: readonly number[]): Map<number, string> {
  const data = new Uint8Array(halves.length * 2);
  halves.forEach((h, i) => data.set([h & 0xff, h >>> 8], 2 * i));
  const image = makeImage(0, [{ name: '.text', address: 0, data, memSize: data.length, flags: { read: true, write: false, exec: true } }],
    new Map([['.text', 0]]), [], [{ address: 0, kind: 't' }], new Set());
  const out = new Map<number, string>();
  for (const line of disassembleImage(image)) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/.exec(line);
    if (m) out.set(parseInt(m[1]!, 16), m[2]!);
  }
  return out;
}

function diffMaps(theirs: Map<number, string>, ours: Map<number, string>, keep: (text: string) => boolean = () => true): string[] {
  const diffs: string[] = [];
  for (const [addr, exp] of theirs) {
    const got = ours.get(addr) ?? '<missing>';
    if (exp !== got && (keep(exp) || keep(got)) && diffs.length < 20) diffs.push(`${addr.toString(16)}: objdump [${exp}] ours [${got}]`);
  }
  return diffs;
}

describe.skipIf(!gate.available)('Thumb disassembler vs objdump', () => {
  it('every 16-bit halfword outside IT blocks', () => {
    const halves: number[] = [];
    for (let h = 0; h < 0xe800; h++) if (!isIt(h)) halves.push(h);
    const theirs = objdumpThumb(halves.map((value) => ({ value, size: 2 as const })));
    expect(theirs.size).toBe(halves.length);
    const diffs: string[] = [];
    halves.forEach((h, i) => {
      const exp = theirs.get(2 * i)!;
      const got = disassembleThumb(h, undefined, 2 * i, { symbolize: sectionSymbol }).text;
      if (exp !== got && diffs.length < 20) diffs.push(`${h.toString(16).padStart(4, '0')}: objdump [${exp}] ours [${got}]`);
    });
    expect(diffs).toEqual([]);
  });

  it('every IT instruction, with conditions and notes on the instructions of its block', () => {
    const inBlock = [0x1888, 0x4008, 0x2001, 0xd001, 0xe001, 0x4770, 0x4798, 0xb100, 0xbf00, 0xbe01, 0xdf01, 0xb662, 0x6808, 0x4800, 0x0000, 0x4600, 0x46c0, 0xb510, 0xde05];
    const rnd = fc.sample(fc.constantFrom(...inBlock), { seed: 17, numRuns: 255 * 4 });
    const halves: number[] = [];
    let k = 0;
    for (let h = 0xbf00; h < 0xc000; h++) if (isIt(h)) halves.push(h, rnd[k++]!, rnd[k++]!, rnd[k++]!, rnd[k++]!);
    expect(diffMaps(objdumpThumb(halves.map((value) => ({ value, size: 2 as const }))), ourListing(halves))).toEqual([]);
  });

  it('BL/BLX pairs (with the Thumb-2 J1/J2 bits objdump reads)', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 0x7ff }), fc.constantFrom(0xf800, 0xe800, 0xd000, 0xc000), fc.integer({ min: 0, max: 0x7ff }))
      .map(([h, kind, l]) => (((0xf000 | h) << 16) | kind | (kind === 0xe800 || kind === 0xc000 ? l & 0x7fe : l)) >>> 0);
    const { seed, samples } = seededSamples(pair, 2000);
    withSeed(seed, () => {
      const theirs = objdumpThumb(samples.map((value) => ({ value, size: 4 as const })));
      const diffs: string[] = [];
      samples.forEach((w, i) => {
        const got = disassembleThumb(w >>> 16, w & 0xffff, 4 * i, { symbolize: sectionSymbol }).text;
        const exp = theirs.get(4 * i);
        if (exp !== got && diffs.length < 20) diffs.push(`${w.toString(16)}: objdump [${exp}] ours [${got}]`);
      });
      expect(diffs).toEqual([]);
    });
  });

  it('objdump of our ELF with ARM and Thumb code, pools and data equals our listing', () => {
    const { seed, samples } = seededSamples(thumbInstruction, 600);
    withSeed(seed, () => {
      const ok = samples.filter((l) => {
        try {
          assemble(`.syntax unified\n.thumb\n${l}\n`);
          return true;
        } catch (e) {
          if (e instanceof AsmError) return false;
          throw e;
        }
      });
      const src = ['.syntax unified', '.global _start', '_start: ldr r0, =thumb_entry', 'blx thumb_entry', 'bl thumb_fn', 'b _start',
        '.thumb', '.thumb_func', 'thumb_entry:', ...ok, '1: ldr r1, =0x12345678', 'bl arm_fn', 'beq 1b', 'b 1b',
        '.ltorg', '.hword 7', '.byte 1, 2', '.align 2', '.thumb_func', 'thumb_fn: bx lr', '.arm', '.type arm_fn, %function', 'arm_fn: bx lr',
        '.word thumb_fn', '.ascii "xyz"'].join('\n');
      const image = assembleProgram(src, { file: 'mixed.s' });
      const theirs = objdumpElf(writeElf(image));
      const ours = new Map<number, string>();
      for (const line of disassembleImage(image)) {
        const m = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/.exec(line);
        if (m) ours.set(parseInt(m[1]!, 16), m[2]!);
      }
      expect(diffMaps(theirs, ours)).toEqual([]);
      expect(ours.size).toBe(theirs.size);
    });
  });
});
