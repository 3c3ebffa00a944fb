// Values are never silently wrong: literal pool entries take the symbol values of the load that
// created them (GNU semantics), pool slots are reused exactly as GNU reuses them, and a value that
// does not fit its field is GNU's warning (same text) or an error; nothing wraps past 4 GB.
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, assembleProgram, formatWarning, link, LinkError, type LinkedImage } from '../../kernel/toolchain/index.ts';

function wordAt(img: LinkedImage, address: number): number {
  const s = img.segments.find((g) => address >= g.address && address + 4 <= g.address + g.data.length)!;
  return new DataView(s.data.buffer, s.data.byteOffset).getUint32(address - s.address, true);
}

/** The word each `ldr rX, [pc, #off]` at `address` loads. */
function loaded(img: LinkedImage, address: number): number {
  const w = wordAt(img, address);
  expect(w & 0x0f7f0000, `not a pc-relative ldr: ${w.toString(16)}`).toBe(0x051f0000);
  const off = (w & 0x00800000 ? 1 : -1) * (w & 0xfff);
  return wordAt(img, address + 8 + off);
}

function warnings(src: string): string[] {
  return assemble(src, { file: 'w.s' }).warnings.map(formatWarning);
}

function error(src: string): string {
  try {
    assembleProgram(src, { file: 'e.s' });
  } catch (e) {
    if (e instanceof AsmError) return e.message;
    throw e;
  }
  throw new Error(`no error for ${src}`);
}

describe('literal pool values are bound at the load', () => {
  it('a .set symbol redefined between two loads: each load keeps its own value (the issue case)', () => {
    const img = assembleProgram('X: nop\n.set N, 1\nldr r0, =X + N\n.set N, 2\nldr r1, =X + N\n', { file: 'p.s' });
    expect(loaded(img, 0x8004)).toBe(0x8001);
    expect(loaded(img, 0x8008)).toBe(0x8002);
  });

  it('a reference written before any definition binds to the first definition after it', () => {
    const img = assembleProgram('ldr r0, =N\n.set N, 0x12345678\n.set N, 0x23456789\nldr r1, =N\n', { file: 'p.s' });
    expect(loaded(img, 0x8000)).toBe(0x12345678);
    expect(loaded(img, 0x8004)).toBe(0x23456789);
  });

  it('the same holds for .word with a forward symbol and for an instruction operand', () => {
    const img = assembleProgram('.word N\nmov r0, #N\n.set N, 4\n.set N, 8\n', { file: 'p.s' });
    expect(wordAt(img, 0x8000)).toBe(4);
    expect(wordAt(img, 0x8004)).toBe(0xe3a00004);
  });

  it('counters: .set C, C + 1 in a loop', () => {
    const img = assembleProgram('.set C, 0\n.rept 3\n.set C, C + 1\nldr r0, =0x1000000 + C\n.endr\n', { file: 'p.s' });
    expect([0x8000, 0x8004, 0x8008].map((a) => loaded(img, a))).toEqual([0x1000001, 0x1000002, 0x1000003]);
  });
});

describe('literal pool slots are shared exactly as GNU shares them', () => {
  const slots = (src: string): number => {
    const text = assemble(src, { file: 's.s' }).sections.find((s) => s.name === '.text')!;
    return text.data.length / 4 - src.split('\n').filter((l) => l.includes('ldr')).length;
  };
  it('the same symbol plus the same addend, however written', () => {
    expect(slots('X: .set N, 1\nldr r0, =X + N\nldr r1, =1 + X\nldr r2, =X + 1\nldr r3, =X + 2 - 1')).toBe(1);
  });
  it('the same constant, but not the same bits with a different sign (GNU keys on X_unsigned)', () => {
    expect(slots('ldr r0, =0x12345678\nldr r1, =0x12345678 + 0\nldr r2, =(0 - 1) & 0x12345678')).toBe(1);
    expect(slots('ldr r0, =-0x12345678\nldr r1, =0xedcba988')).toBe(2);
    expect(slots('ldr r0, =0x87654321\nldr r1, =-0x789abcdf\nldr r2, =~0x789abcde')).toBe(3);
    // A symbol's value is unsigned whatever defined it.
    expect(slots('.set S, -0x12345678\nldr r0, =S\nldr r1, =-0x12345678')).toBe(2);
  });
  it('different symbols at the same address keep separate slots', () => {
    expect(slots('A:\nB: nop\nldr r0, =A\nldr r1, =B') - 1).toBe(2);
  });
  it('200 distinct constants and 200 repeats: one slot each', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `ldr r0, =0x${(0x12345600 + (i % 200) * 0x10001).toString(16)}`);
    expect(slots(lines.join('\n'))).toBe(200);
  });
});

describe('out-of-range values: GNU warning text, or an error', () => {
  it('data fields: GNU rule and wording', () => {
    expect(warnings('.data\n.byte 300, -129, -256, 255\n.hword 0x1ffff, -65535\n.word 0x1ffffffff, -0x80000001, 0xffffffffffffffff')).toEqual([
      'w.s:2:7: warning: value 0x12c truncated to 0x2c',
      'w.s:2:18: warning: value 0xffffffffffffff00 truncated to 0x0',
      'w.s:3:8: warning: value 0x1ffff truncated to 0xffff',
      'w.s:4:7: warning: value 0x1ffffffff truncated to 0xffffffff',
    ]);
  });
  it('bignums', () => {
    const o = assemble('.data\n.byte 99999999999999999999999\n.quad 0x1ffffffffffffffff\n.word -99999999999999999999999\n.word 3 + 99999999999999999999999', { file: 'w.s' });
    expect(o.warnings.map((w) => w.message)).toEqual([
      'bignum truncated to 1 byte', 'bignum truncated to 8 bytes', 'bignum truncated to 4 bytes', 'right operand is a bignum; integer 0 assumed',
    ]);
    expect([...o.sections[0]!.data]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00, 0x80, 0x09, 3, 0, 0, 0]);
    expect(error('.set B, 99999999999999999999999')).toBe("e.s:1:1: bignum invalid: the value of 'B' does not fit in 64 bits");
  });
  it('shift counts, .fill sizes, .space fill bytes, .inst words', () => {
    expect(warnings('.data\n.word 1 << 64\n.fill 1, 9, 1\n.space 2, -256\n.text\n.inst 0x1ffffffff')).toEqual([
      'w.s:2:9: warning: shift count out of range (64 is not between 0 and 63)',
      'w.s:3:1: warning: .fill size clamped to 8',
      'w.s:4:11: warning: value 0xffffffffffffff00 truncated to 0x0',
      'w.s:6:7: warning: value 0x1ffffffff truncated to 0xffffffff',
    ]);
  });
  it('a value known only later that does not fit a byte or halfword is an error at the field (as GNU)', () => {
    expect(error('.data\n.byte N\n.set N, 300')).toBe('e.s:2:7: value of 300 too large for field of 1 byte');
    expect(error('.data\n.hword N\n.set N, 70000')).toBe('e.s:2:8: value of 70000 too large for field of 2 bytes');
    expect(warnings('.data\n.byte N\n.set N, -200')).toEqual([]);
  });
  it('where GNU truncates silently, we refuse', () => {
    expect(error('ldr r0, =99999999999999999999999')).toBe('e.s:1:10: literal value is a bignum: it does not fit in 32 bits');
    expect(error('ldr r0, =0x1ffffffff')).toBe('e.s:1:10: literal value 0x1ffffffff: it does not fit in 32 bits');
    expect(error('ldr r0, =N\n.set N, 0x100000000')).toBe('e.s:1:10: literal value 0x100000000: it does not fit in 32 bits');
    expect(error('mov r0, #0x100000000')).toBe('e.s:1:10: immediate 4294967296 does not fit in 32 bits');
    expect(error('X: .word X + 0x100000000')).toBe('e.s:1:10: offset 0x100000000 from section .text does not fit in 32 bits');
    expect(error('b 0x100000000')).toBe('e.s:1:3: address 0x100000000 does not fit in 32 bits');
    expect(error('.data\n.fill 1, 4, 0x1ffffffff')).toBe('e.s:2:13: .fill value 8589934591 does not fit in 32 bits');
    expect(error('.data\n.byte 1\n.balign 4, 0x1ff')).toBe('e.s:3:12: fill value 511 does not fit in 1 byte');
    expect(error('.data\n.org 4, 0x100')).toBe('e.s:2:9: fill value 256 does not fit in 1 byte');
  });
  it('the address space is bounded: a section never wraps past 4 GB', () => {
    const obj = assemble('nop\nnop', { file: 'a.s' });
    expect(link([obj], { sections: [{ name: '.text', address: 0xfffffff8 }] }).segments[0]!.address).toBe(0xfffffff8);
    expect(() => link([obj], { sections: [{ name: '.text', address: 0xfffffffc }] })).toThrow(
      new LinkError('section .text (0xfffffffc, 8 bytes) does not fit in the 32-bit address space'),
    );
    expect(() => link([obj], { sections: [{ name: '.text', address: 2 ** 32 }] })).toThrow(/outside the 32-bit address space/);
    const two = assemble('nop\n.data\n.word 1', { file: 'b.s' });
    expect(() => link([two], { sections: [{ name: '.text', address: 0xfffffffc }] })).toThrow(/section \.data .* does not fit/);
  });
});
