// Directed tests of directives, macros and expressions (these run without binutils).
import { describe, expect, it } from 'vitest';
import { assemble, assembleProgram } from '../../kernel/toolchain/index.ts';
import { hex, words } from './helpers.ts';

function data(src: string): number[] {
  const sec = assemble(`.data\n${src}`, { file: 'd.s' }).sections.find((s) => s.name === '.data');
  return sec ? [...sec.data] : [];
}

describe('expressions (GNU as precedence)', () => {
  const cases: readonly [string, number][] = [
    ['1 + 2 << 3', 17], // << binds like *
    ['2 | 1 + 1', 4], // | binds tighter than +
    ['2 == 1 + 1', -1], // comparisons are true as -1, below + and -
    ['1 ^ 3 & 2', 2], // | & ^ share one level, left to right
    ['1 || 0 && 0', 1],
    ['-7 / 2', -3],
    ['-7 % 3', -1],
    ['~0 >> 28', -1], // 64-bit arithmetic: 36 one bits, truncated to the word
    ['0xffffffff >> 28', 15],
    ["'A' + 1", 66],
    ['0b101 + 010 + 0x10', 5 + 8 + 16],
    ['!5 + !0', 1],
  ];
  for (const [e, v] of cases) {
    it(e, () => {
      const b = data(`.word ${e}`);
      expect(new DataView(Uint8Array.from(b).buffer).getInt32(0, true)).toBe(v | 0);
    });
  }
});

describe('data and alignment directives', () => {
  it('sizes and strings', () => {
    expect(data('.byte 1, -1\n.hword 0x1234\n.word 0x01020304\n.ascii "ab"\n.asciz "c"\n.quad 1')).toEqual(
      [1, 255, 0x34, 0x12, 4, 3, 2, 1, 97, 98, 99, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    );
  });

  it("'//' comments anywhere outside strings, as GNU as 2.40 for arm-none-eabi (8//2 is 8; a string keeps them)", () => {
    expect(data('.word 8//2\n.word 8 // 2\n// a whole line\n.ascii "a//b" // c')).toEqual([8, 0, 0, 0, 8, 0, 0, 0, 0x61, 0x2f, 0x2f, 0x62]);
  });

  it('.space, .fill and .balign fill values', () => {
    expect(data('.byte 9\n.balign 4, 0xee\n.space 2, 7\n.fill 2, 2, 0x0102')).toEqual([9, 0xee, 0xee, 0xee, 7, 7, 2, 1, 2, 1]);
  });

  it('.align in code pads with NOPs, in data with zeros; ".align 0" means 4', () => {
    expect(words('nop\n.align 4\nnop').map(hex)).toEqual(['e1a00000', 'e1a00000', 'e1a00000', 'e1a00000', 'e1a00000']);
    expect(data('.byte 1\n.align 0\n.byte 2')).toEqual([1, 0, 0, 0, 2]);
    expect(data('.byte 1\n.p2align 0\n.byte 2')).toEqual([1, 2]);
  });

  it('.equ/.set, forward references and --defsym', () => {
    expect(data('.word A + B\n.equ A, 3\n.set B, A * 2')).toEqual([9, 0, 0, 0]);
    const d = assemble('.data\n.word KNOB\n.if KNOB > 3\n.byte 1\n.else\n.byte 2\n.endif\n', { defsym: { KNOB: 6 } }).sections[0]!;
    expect([...d.data]).toEqual([6, 0, 0, 0, 1]);
  });
});

describe('macros, loops and conditionals', () => {
  it('arguments, defaults, keywords, vararg, \\@ and \\()', () => {
    const src = [
      '.macro pair a, b=7',
      '.byte \\a, \\b',
      '.endm',
      '.macro lst first, rest:vararg',
      '.byte \\first',
      '.byte \\rest',
      '.endm',
      '.macro lbl n',
      'L\\n\\()_\\@: .byte 0',
      '.endm',
      'pair 1',
      'pair 2, 3',
      'pair b=5, a=4',
      'lst 1, 2, 3',
      'lbl 9',
      '.word L9_3 - L9_3',
    ].join('\n');
    expect(data(src)).toEqual([1, 7, 2, 3, 4, 5, 1, 2, 3, 0, 0, 0, 0, 0]);
  });

  it('.exitm leaves the macro early', () => {
    expect(data('.macro m\n.byte 1\n.exitm\n.byte 2\n.endm\nm\n.byte 3')).toEqual([1, 3]);
  });

  it('.rept, .irp and .irpc', () => {
    expect(data('.rept 3\n.byte 1\n.endr\n.irp x, 4, 5\n.byte \\x\n.endr\n.irpc c, 67\n.byte \\c\n.endr')).toEqual([1, 1, 1, 4, 5, 6, 7]);
  });

  it('nested conditionals with .elseif, .ifdef/.ifndef, .ifc/.ifb', () => {
    const src = '.equ X, 2\n.if X == 1\n.byte 1\n.elseif X == 2\n.if 0\n.byte 9\n.else\n.byte 2\n.endif\n.else\n.byte 3\n.endif\n.ifdef X\n.byte 4\n.endif\n.ifndef Y\n.byte 5\n.endif\n.ifc a,a\n.byte 6\n.endif\n.ifb\n.byte 7\n.endif';
    expect(data(src)).toEqual([2, 4, 5, 6, 7]);
  });

  it('numeric local labels resolve backwards and forwards', () => {
    expect(words('1: b 1f\n b 1b\n1: b 1b').map(hex)).toEqual(['ea000000', 'eafffffd', 'eafffffe']);
  });

  it('.include with search directories', () => {
    const files: Record<string, string> = { 'inc/defs.s': '.equ VALUE, 42\n' };
    const d = assemble('.include "defs.s"\n.data\n.byte VALUE\n', { includeDirs: ['inc'], readFile: (p) => { const f = files[p]; if (f === undefined) throw new Error('ENOENT'); return f; } });
    expect([...d.sections.find((s) => s.name === '.data')!.data]).toEqual([42]);
  });
});

describe('sections, literal pools and pseudo-instructions', () => {
  it('.ltorg places the pool; pools left at the end go after the code', () => {
    expect(words('ldr r0, =0x11111111\n.ltorg\nldr r1, =0x22222222').map(hex)).toEqual(['e51f0004', '11111111', 'e51f1004', '22222222']);
  });

  it('ldr = of a label becomes a pool word relocated at link time', () => {
    const img = assembleProgram('_start: ldr r0, =target\nnop\ntarget: .word 0\n', { file: 'p.s', textAddress: 0x1000 });
    const t = img.segments[0]!;
    expect(new DataView(t.data.buffer).getUint32(12, true)).toBe(0x1008);
  });

  it('.section with flags, .pushsection/.popsection and .previous', () => {
    const o = assemble('.section .vectors, "ax"\nb .\n.pushsection .rodata, "a"\n.word 1\n.popsection\nnop\n.data\n.byte 1\n.previous\nnop');
    expect(o.sections.map((s) => [s.name, s.size, s.flags.exec])).toEqual([['.vectors', 12, true], ['.rodata', 4, false], ['.data', 1, false]]);
  });

  it('adr, push/pop of one register, nop', () => {
    expect(words('x: adr r0, x\npush {r1}\npop {r1}\nnopne').map(hex)).toEqual(['e24f0008', 'e52d1004', 'e49d1004', '11a00000']);
  });
});
