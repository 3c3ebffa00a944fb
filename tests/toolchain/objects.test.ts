// ELF relocatable objects without binutils: writing and reading back gives the same link (bytes,
// symbols, Thumb functions, mapping symbols, the line table when asked for), each relocation type
// keeps its addend in the field, and a malformed object is refused naming the ELF field.
import { describe, expect, it } from 'vitest';
import { assemble, ElfError, link, readObject, writeObject, type LinkedImage, type ObjectFile } from '../../kernel/toolchain/index.ts';

const SOURCES = [
  `.global _start, table, thumb_elsewhere
_start: bl helper
  beq helper
  ldr r0, =table + 4
  .word table - ., far_thumb, helper
  blx far_thumb
.data
table: .word 1, _start
.text
.thumb
.thumb_func
thumb_elsewhere: bx lr
.bss
buf: .space 64`,
  `.global helper, far_thumb
.type helper, %function
helper: bx lr
.thumb
.thumb_func
far_thumb: bl helper
  beq 1f
  b far_thumb
  b thumb_elsewhere
1: bx lr
.data
.word far_thumb - ., helper
.section .rodata
.asciz "text"`,
];

const layout = { sections: [{ name: '.text', address: 0x8000 }, { name: '.data', address: 0x20000 }] };

function summary(img: LinkedImage): unknown {
  return {
    entry: img.entry,
    segments: img.segments.map((s) => ({ name: s.name, address: s.address, data: Buffer.from(s.data).toString('hex'), memSize: s.memSize })),
    symbols: [...img.symbols].sort(),
    thumb: [...img.thumbFunctions].sort(),
    mappings: img.mappings,
  };
}

describe('ELF relocatable objects', () => {
  const objects: ObjectFile[] = SOURCES.map((s, i) => assemble(s, { file: `u${i}.s` }));

  it('write then read: the same link as from the assembler, with every relocation type', () => {
    const kinds = new Set(objects.flatMap((o) => o.sections.flatMap((s) => s.relocs.map((r) => r.kind))));
    expect([...kinds].sort()).toEqual(['abs32', 'blx24', 'branch24', 'rel32', 'thm_call', 'thm_jump11']);
    const back = objects.map((o) => readObject(writeObject(o), o.file));
    expect(summary(link(back, layout))).toEqual(summary(link(objects, layout)));
  });

  it('the line table travels in the object when asked for', () => {
    const back = objects.map((o) => readObject(writeObject(o, { lineTable: true }), o.file));
    expect(link(back, layout).lines).toEqual(link(objects, layout).lines);
    expect(readObject(writeObject(objects[0]!), 'u0').sections.every((s) => s.lines.length === 0)).toBe(true);
  });

  it('GNU as\'s section list: .text, .data, .bss always, then the others and .ARM.attributes', () => {
    const only = assemble('nop', { file: 'n.s' });
    const back = readObject(writeObject(only), 'n.o');
    expect(back.sections.map((s) => s.name)).toEqual(['.text']);
    const bytes = writeObject(only);
    const text = new TextDecoder().decode(bytes);
    for (const name of ['.text', '.data', '.bss', '.ARM.attributes', '.symtab']) expect(text).toContain(`${name}\0`);
  });

  it('malformed objects are refused naming the field', () => {
    const good = writeObject(objects[0]!);
    const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
    const wrongType = good.slice();
    dv(wrongType).setUint16(16, 2, true);
    expect(() => readObject(wrongType, 'x.o')).toThrow(new ElfError('e_type', 'x.o: not a relocatable object (type 2)'));
    const wrongAbi = good.slice();
    dv(wrongAbi).setUint32(36, 0x04000000, true);
    expect(() => readObject(wrongAbi, 'x.o')).toThrow(/e_flags: x\.o: EABI version 4/);
    expect(() => readObject(good.slice(0, 40), 'x.o')).toThrow(ElfError);
    // An unsupported relocation type: find .rel.text's first entry and make it R_ARM_PREL31 (42).
    const bad = good.slice();
    const shoff = dv(bad).getUint32(32, true);
    for (let i = 0; i < dv(bad).getUint16(48, true); i++) {
      const h = shoff + i * 40;
      if (dv(bad).getUint32(h + 4, true) === 9) {
        const off = dv(bad).getUint32(h + 16, true);
        dv(bad).setUint8(off + 4, 42);
        break;
      }
    }
    expect(() => readObject(bad, 'x.o')).toThrow(/relocation type 42 is not supported/);
  });
});

// The audit's F8: a link error in an object read from a file said 'b.o:0:0', a place that does not exist.
describe('link errors in objects read from files name a real place', () => {
  const src = '\t.text\n\t.global _start\n_start:\tb ext\n\tbl ext2\n';
  const obj = assemble(src, { file: 'branchx.s' });
  it("the source line from the object's line table, else the section and offset (as GNU ld)", () => {
    const plain = readObject(writeObject(obj), 'b.o');
    expect(() => link([plain], { sections: [{ name: '.text', address: 0x8000 }] })).toThrow(/^b\.o:\(\.text\+0x0\): undefined symbol 'ext'$/);
    const lined = readObject(writeObject(obj, { lineTable: true }), 'b.o');
    expect(() => link([lined], { sections: [{ name: '.text', address: 0x8000 }] })).toThrow(/^branchx\.s:3: undefined symbol 'ext'$/);
    const far = readObject(writeObject(assemble('\t.data\n\t.global ext, ext2\n\tnop\next: nop\next2: nop\n', { file: 'extdata.s' })), 'e.o');
    expect(() => link([plain, far], { sections: [{ name: '.text', address: 0x8000 }, { name: '.data', address: 0x8000000 }] })).toThrow(/^b\.o:\(\.text\+0x0\): branch out of range/);
  });
});
