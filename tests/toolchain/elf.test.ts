// ELF writer/reader: round trip of segments, entry, symbols, mapping symbols and the line table;
// malformed input raises ElfError naming the field; GNU ld executables read back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleProgram, ElfError, readElf, writeElf, type LinkedImage } from '../../kernel/toolchain/index.ts';

const SRC = `
  .global _start, table
_start:
  ldr r0, =table
  bl helper
  b .
helper:
  mov pc, lr
  .ltorg
  .data
table: .word 1, 2, 3
local_data: .byte 7
  .bss
buffer: .space 256
`;

function image(): LinkedImage {
  return assembleProgram(SRC, { file: 'prog.s', textAddress: 0x10000, dataAddress: 0x20000 });
}

describe('ELF writer and reader', () => {
  it('round trip keeps entry, segments, symbols, mappings and lines', () => {
    const a = image();
    const b = readElf(writeElf(a), 'prog.elf');
    expect(b.entry).toBe(a.entry);
    expect(b.entry).toBe(0x10000);
    expect(b.segments.map((s) => [s.name, s.address, s.memSize, [...s.data], s.flags])).toEqual(
      a.segments.map((s) => [s.name, s.address, s.memSize, [...s.data], s.flags]),
    );
    expect(new Map([...b.symbols].sort())).toEqual(new Map([...a.symbols].sort()));
    expect([...b.globals].sort()).toEqual(['_start', 'table']);
    expect(b.mappings).toEqual(a.mappings);
    expect(b.lines).toEqual(a.lines);
    expect(b.lineAt(0x10004)).toEqual({ file: 'prog.s', line: 5 });
    expect(b.symbolAt(0x10010)).toEqual({ name: 'helper', offset: 4 });
  });

  it('writes a loadable header: ARM, executable, EABI5, one PT_LOAD per segment', () => {
    const bytes = writeElf(image());
    const dv = new DataView(bytes.buffer);
    expect([...bytes.slice(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(dv.getUint16(16, true)).toBe(2);
    expect(dv.getUint16(18, true)).toBe(40);
    expect(dv.getUint32(36, true)).toBe(0x05000200);
    expect(dv.getUint16(44, true)).toBe(3);
    const bss = image().segments.find((s) => s.name === '.bss')!;
    expect(bss.data.length).toBe(0);
    expect(bss.memSize).toBe(256);
  });

  const bad: readonly [string, (b: Uint8Array) => Uint8Array, string][] = [
    ['short file', (b) => b.slice(0, 20), 'e_ident'],
    ['bad magic', (b) => { const c = b.slice(); c[1] = 0; return c; }, 'e_ident[EI_MAG]'],
    ['64-bit class', (b) => { const c = b.slice(); c[4] = 2; return c; }, 'e_ident[EI_CLASS]'],
    ['big endian', (b) => { const c = b.slice(); c[5] = 2; return c; }, 'e_ident[EI_DATA]'],
    ['relocatable', (b) => { const c = b.slice(); c[16] = 1; return c; }, 'e_type'],
    ['not ARM', (b) => { const c = b.slice(); c[18] = 3; return c; }, 'e_machine'],
    ['program headers past the end', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(28, 0xfffff0, true); return c; }, 'e_phoff'],
    ['section headers past the end', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(32, 0xfffff0, true); return c; }, 'e_shoff'],
    ['segment data past the end', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(52 + 4, 0xffffff, true); return c; }, 'p_offset'],
    // The audit's F10: the .bss segment (header 2) moved onto .data (0x20000) was accepted silently.
    ['overlapping segments', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(52 + 2 * 32 + 8, 0x20000, true); return c; }, 'p_vaddr'],
    ['segment past 4 GB', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(52 + 2 * 32 + 8, 0xffffff80, true); return c; }, 'p_memsz'],
    ['file size above memory size', (b) => { const c = b.slice(); new DataView(c.buffer).setUint32(52 + 16, 0xffffff, true); return c; }, 'p_filesz'],
  ];
  for (const [what, mutate, field] of bad) {
    it(`malformed: ${what} -> ElfError(${field})`, () => {
      let err: unknown;
      try {
        readElf(mutate(writeElf(image())), 'bad.elf');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ElfError);
      expect((err as ElfError).field).toBe(field);
      expect((err as ElfError).message).toContain(field);
    });
  }

  it('random corruption never causes an internal error', () => {
    const good = writeElf(image());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }), fc.nat(), (flips, cut) => {
        const b = good.slice(0, Math.max(0, good.length - (cut % 64)));
        for (const [at, v] of flips) b[at % b.length] = v;
        try {
          readElf(b);
        } catch (e) {
          if (!(e instanceof ElfError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
});
