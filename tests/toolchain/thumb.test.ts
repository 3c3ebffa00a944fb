// Thumb state in the toolchain without binutils: hand-checked encodings of every ARMv5TE Thumb
// class, state switching and mapping symbols, interworking across objects in our linker, Thumb
// function symbols through the ELF writer and reader, the two places we refuse GNU's output, and
// a check that the differential generators reach every encoding class.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, assembleAll, assembleProgram, link, LinkError, readElf, writeElf } from '../../kernel/toolchain/index.ts';
import { TEST_SEED } from '../support/seed.ts';
import { interworkingProgram, thumbInstruction, thumbProgram } from './thumbgen.ts';

/** The halfwords of .text. */
function halves(src: string): number[] {
  const sec = assemble(src, { file: 't.s' }).sections.find((s) => s.name === '.text')!;
  const out: number[] = [];
  for (let i = 0; i + 2 <= sec.data.length; i += 2) out.push(sec.data[i]! | (sec.data[i + 1]! << 8));
  return out;
}
const one = (line: string, syntax = 'divided'): number => halves(`.syntax ${syntax}\n.thumb\n${line}\n`)[0]!;

describe('Thumb encodings (ARM ARM, checked against GNU as 2.40)', () => {
  const cases: readonly [string, number, string?][] = [
    ['lsl r0, r1, #3', 0x00c8], ['lsr r0, r1, #32', 0x0808], ['asr r2, r3, #1', 0x105a],
    ['add r0, r1, r2', 0x1888], ['sub r0, r1, #3', 0x1ec8], ['add r0, #200', 0x30c8], ['sub r0, r0, #7', 0x3807],
    ['mov r0, #1', 0x2001], ['cmp r0, #255', 0x28ff], ['mov r0, r1', 0x1c08],
    ['and r0, r1', 0x4008], ['eor r0, r1', 0x4048], ['lsl r0, r1', 0x4088], ['lsr r0, r1', 0x40c8], ['asr r0, r1', 0x4108],
    ['adc r0, r1', 0x4148], ['sbc r0, r1', 0x4188], ['ror r0, r1', 0x41c8], ['tst r0, r1', 0x4208], ['neg r0, r1', 0x4248],
    ['cmp r0, r1', 0x4288], ['cmn r0, r1', 0x42c8], ['orr r0, r1', 0x4308], ['mul r0, r1', 0x4348], ['bic r0, r1', 0x4388], ['mvn r0, r1', 0x43c8],
    ['add r8, r9', 0x44c8], ['cmp r8, r0', 0x4580], ['mov pc, lr', 0x46f7], ['nop', 0x46c0], ['bx lr', 0x4770], ['blx r3', 0x4798],
    ['ldr r0, [pc, #8]', 0x4802], ['str r0, [r1, r2]', 0x5088], ['ldrsh r0, [r1, r2]', 0x5e88], ['ldr r0, [r1, #124]', 0x6fc8],
    ['strb r0, [r1, #31]', 0x77c8], ['ldrh r0, [r1, #62]', 0x8fc8], ['str r0, [sp, #4]', 0x9001], ['add r0, sp, #1020', 0xa8ff],
    ['add r0, pc, #4', 0xa001], ['add sp, #508', 0xb07f], ['sub sp, #8', 0xb082], ['push {r0-r7, lr}', 0xb5ff], ['pop {r0, pc}', 0xbd01],
    ['bkpt 255', 0xbeff], ['ldmia r0!, {r1, r2}', 0xc806], ['stmia r0!, {r1}', 0xc002], ['swi 5', 0xdf05], ['udf #1', 0xde01],
    ['adds r0, r1, r2', 0x1888, 'unified'], ['movs r0, r1', 0x0008, 'unified'], ['rsbs r0, r1, #0', 0x4248, 'unified'],
    ['movs r0, r1, lsl #2', 0x0088, 'unified'], ['ldmia r0, {r1}', 0x6801, 'unified'], ['ldmia sp!, {r0}', 0xbc01, 'unified'],
  ];
  for (const [line, want, syntax] of cases) {
    it(`${line}${syntax ? ` (${syntax})` : ''}`, () => expect(one(line, syntax).toString(16)).toBe(want.toString(16)));
  }

  it('branches, BL/BLX pairs and pc-relative loads', () => {
    // The halfwords GNU as 2.40 writes for these lines.
    expect(halves('.thumb\nL: nop\nbeq L\nb L\nbl L\nblx M\n.align 2\nM: ldr r0, M2\nadr r1, M2\nM2: .word 0\n').map((h) => h.toString(16))).toEqual(
      ['46c0', 'd0fd', 'e7fc', 'f7ff', 'fffb', 'f000', 'e802', '46c0', '4800', 'a100', '0', '0'],
    );
    // The literal pool is word-aligned (zeros), after the code.
    expect(halves('.thumb\nldr r0, =0x12345678\n').map((h) => h.toString(16))).toEqual(['4800', '0', '5678', '1234']);
  });
});

describe('Thumb state, mapping symbols and alignment', () => {
  it('.thumb/.arm/.code 16/.code 32 switch the state; entering ARM pads with zeros to a word', () => {
    const obj = assemble('.arm\nnop\n.code 16\nnop\n.arm\nnop\n.thumb\nnop\n.code 32\n', { file: 'm.s' });
    const text = obj.sections[0]!;
    expect(text.mappings.map(({ offset, kind }) => ({ offset, kind }))).toEqual([{ offset: 0, kind: 'a' }, { offset: 4, kind: 't' }, { offset: 6, kind: 'd' }, { offset: 8, kind: 'a' }, { offset: 12, kind: 't' }, { offset: 14, kind: 'd' }]);
    expect(text.size).toBe(16);
  });

  it('.align in Thumb code pads with a zero byte and NOP halfwords; the section ends on its alignment', () => {
    expect(halves('.thumb\nnop\n.align 3\nbx lr\n').map((h) => h.toString(16))).toEqual(['46c0', '46c0', '46c0', '46c0', '4770', '46c0']);
    const sec = assemble('.thumb\nnop\n.byte 1\n.align 2\nnop\n', { file: 'a.s' }).sections[0]!;
    expect([...sec.data]).toEqual([0xc0, 0x46, 1, 0, 0xc0, 0x46, 0xc0, 0x46]);
  });

  it('.thumb_func and .type %function in Thumb code make Thumb functions: bit 0 in addresses', () => {
    const img = assembleProgram('.arm\n.word tf, tt, tl, af\nldr r0, =tf + 4\n.type af, %function\naf: bx lr\n.thumb\n.thumb_func\ntf: bx lr\n.type tt, %function\ntt: bx lr\ntl: bx lr\n', { file: 'f.s' });
    const text = img.segments[0]!;
    const word = (a: number): number => new DataView(text.data.buffer, text.data.byteOffset).getUint32(a - 0x8000, true);
    const [tf, tt, tl, af] = ['tf', 'tt', 'tl', 'af'].map((n) => img.symbols.get(n)!);
    expect([word(0x8000), word(0x8004), word(0x8008), word(0x800c)]).toEqual([tf! | 1, tt! | 1, tl, af]);
    expect(word(0x8020)).toBe((tf! + 4) | 1);
    expect([...img.thumbFunctions].sort()).toEqual(['tf', 'tt']);
  });

  it('an unaligned Thumb instruction, a condition on anything but B and ARM-only mnemonics are errors', () => {
    expect(() => assemble('.thumb\n.byte 1\nnop\n', { file: 'u.s' })).toThrow(/u\.s:3:1: Thumb instruction is not halfword aligned/);
    expect(() => assemble('.thumb\nmoveq r0, r1\n', { file: 'u.s' })).toThrow(/Thumb does not support conditional execution/);
    expect(() => assemble('.thumb\nmla r0, r1, r2, r3\n', { file: 'u.s' })).toThrow(/selected processor does not support 'mla' in Thumb mode/);
  });
});

describe('deliberate differences from GNU as 2.40 (it emits wrong code)', () => {
  it('divided syntax: byte/halfword transfers with an SP or PC base or a literal are refused (GNU emits a word transfer)', () => {
    for (const line of ['ldrb r0, [sp, #4]', 'strh r0, [sp]', 'ldrh r0, [pc, #4]', 'ldrb r0, =1']) {
      expect(() => assemble(`.thumb\n${line}\n`, { file: 'b.s' }), line).toThrow(/byte or halfword not valid for base register/);
    }
  });

  it('BLX to a Thumb function becomes a BL that reaches the function from either alignment', () => {
    for (const pad of ['', 'nop\n']) {
      const img = assembleProgram(`.thumb\n.thumb_func\nf: bx lr\n${pad}blx f\n`, { file: 'x.s' });
      const d = img.segments[0]!.data;
      const at = pad ? 4 : 2;
      const hi = d[at]! | (d[at + 1]! << 8);
      const lo = d[at + 2]! | (d[at + 3]! << 8);
      expect(lo & 0xf800).toBe(0xf800); // BL
      const off = (((hi & 0x7ff) << 21) >> 9) | ((lo & 0x7ff) << 1);
      expect(0x8000 + at + 4 + off).toBe(0x8000);
    }
  });
});

describe('interworking in our linker (across objects)', () => {
  const thumbObj = assemble('.thumb\n.global tfun, tcall\n.thumb_func\ntfun: bx lr\n.thumb_func\ntcall: bl afun\nbl tfun\nblx afun\n', { file: 't.s' });
  const armObj = assemble('.global afun\n.type afun, %function\nafun: bl tfun\nblx afun2\n.word tfun\n.type afun2, %function\nafun2: bx lr\n', { file: 'a.s' });
  const img = link([armObj, thumbObj], { sections: [{ name: '.text', address: 0x8000 }] });
  const data = img.segments[0]!.data;
  const u32 = (a: number): number => new DataView(data.buffer, data.byteOffset).getUint32(a - 0x8000, true);
  const u16 = (a: number): number => new DataView(data.buffer, data.byteOffset).getUint16(a - 0x8000, true);
  const tfun = img.symbols.get('tfun')!;
  const afun = img.symbols.get('afun')!;

  it('ARM BL to a Thumb function becomes BLX with the H bit; the address of a Thumb function has bit 0 set', () => {
    const w = u32(afun);
    expect(w >>> 25).toBe(0x7d); // 1111 101: BLX immediate
    const target = afun + 8 + ((((w & 0xffffff) << 8) >> 6) | (((w >>> 24) & 1) << 1));
    expect(target).toBe(tfun);
    expect(u32(afun + 8)).toBe(tfun | 1);
  });

  it('Thumb BL to an ARM function becomes BLX from Align(pc, 4); BL to a Thumb function stays BL', () => {
    const tcall = img.symbols.get('tcall')!;
    expect(u16(tcall + 2) & 0xf800).toBe(0xe800);
    expect(u16(tcall + 6) & 0xf800).toBe(0xf800);
    expect(u16(tcall + 10) & 0xf800).toBe(0xe800);
  });

  it('the ELF marks Thumb functions (STT_FUNC, bit 0) and reads them back; a Thumb entry point has bit 0 set', () => {
    const back = readElf(writeElf(img), 'i.elf');
    expect([...back.thumbFunctions].sort()).toEqual(['tcall', 'tfun']);
    expect(back.symbols.get('tfun')).toBe(tfun);
    expect(back.mappings.some((m) => m.kind === 't' && m.address === tfun)).toBe(true);
    const thumbStart = link([assemble('.thumb\n.global _start\n.thumb_func\n_start: b _start\n', { file: 's.s' })], { sections: [{ name: '.text', address: 0x8000 }] });
    expect(thumbStart.entry).toBe(0x8001);
    expect(readElf(writeElf(thumbStart), 's.elf').entry).toBe(0x8001);
  });

  it('a B to a Thumb function in another object needs a veneer: refused', () => {
    const caller = assemble('b tfun\n', { file: 'c.s' });
    expect(() => link([caller, thumbObj], { sections: [{ name: '.text', address: 0x8000 }] })).toThrow(LinkError);
    expect(() => assembleProgram('b tf\n.thumb\n.thumb_func\ntf: bx lr\n', { file: 'v.s' })).toThrow(AsmError);
  });
});

describe('the differential generators reach every Thumb encoding class', () => {
  const CLASSES: readonly [string, number, number][] = [
    ['shift by immediate', 0xe000, 0x0000], ['add/sub register or imm3', 0xf800, 0x1800], ['mov/cmp/add/sub imm8', 0xe000, 0x2000],
    ['ALU register', 0xfc00, 0x4000], ['high register / BX / BLX', 0xfc00, 0x4400], ['LDR pc-relative', 0xf800, 0x4800],
    ['load/store register offset', 0xf000, 0x5000], ['load/store word/byte immediate', 0xe000, 0x6000], ['load/store halfword immediate', 0xf000, 0x8000],
    ['load/store SP-relative', 0xf000, 0x9000], ['ADD pc/sp', 0xf000, 0xa000], ['ADD/SUB sp', 0xff00, 0xb000], ['PUSH/POP', 0xf600, 0xb400],
    ['BKPT', 0xff00, 0xbe00], ['LDMIA/STMIA', 0xf000, 0xc000], ['B<cond>', 0xf000, 0xd000], ['UDF', 0xff00, 0xde00], ['SWI', 0xff00, 0xdf00],
    ['B', 0xf800, 0xe000], ['BL/BLX prefix', 0xf800, 0xf000],
  ];

  it('every class has accepted instructions in both syntaxes', () => {
    const lines = fc.sample(thumbInstruction, { seed: TEST_SEED, numRuns: 1500 });
    const programs = fc.sample(thumbProgram, { seed: TEST_SEED, numRuns: 10 }).map((ls) => ls.join('\n'));
    for (const syntax of ['divided', 'unified']) {
      const seen = new Set<string>();
      const note = (hs: readonly number[]): void => {
        for (const h of hs) for (const [name, mask, value] of CLASSES) if ((h & mask) === value && (name !== 'B<cond>' || (h & 0x0e00) !== 0x0e00)) seen.add(name);
      };
      for (const l of lines) {
        try {
          note(halves(`.syntax ${syntax}\n.thumb\n${l}\n`));
        } catch (e) {
          if (!(e instanceof AsmError)) throw e;
        }
      }
      for (const p of programs) {
        // Drop the statements we refuse until the program assembles (as the golden suite does).
        let text = `.syntax ${syntax}\n.thumb\n${p}\n`;
        for (let round = 0; round < 8; round++) {
          const r = assembleAll(text, { file: 'p.s' });
          const sec = r.object?.sections.find((s) => s.name === '.text');
          if (sec) {
            note(Array.from({ length: sec.size >> 1 }, (_, i) => sec.data[2 * i]! | (sec.data[2 * i + 1]! << 8)));
            break;
          }
          const bad = new Set(r.errors.map((e) => e.line));
          text = text.split('\n').map((l, i) => (bad.has(i + 1) ? '' : l)).join('\n');
        }
      }
      expect(CLASSES.map(([n]) => n).filter((n) => !seen.has(n)), syntax).toEqual([]);
    }
    expect(fc.sample(interworkingProgram, { seed: TEST_SEED, numRuns: 3 }).every((p) => p.includes('.thumb_func'))).toBe(true);
  });
});
