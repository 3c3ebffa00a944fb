// The line table and symbol lookups used by traces and waveforms.
import { describe, expect, it } from 'vitest';
import { assemble, assembleProgram, link } from '../../kernel/toolchain/index.ts';

describe('line table and symbols', () => {
  const src = ['_start:', '  mov r0, #1', '  .macro twice', '  add r0, r0, r0', '  add r0, r0, r0', '  .endm', '  twice', 'loop: b loop', '  ldr r1, =0x12345678', '  .data', 'd: .word 5'].join('\n');
  const img = assembleProgram(src, { file: 'k.s' });

  it('maps every instruction address to its source line', () => {
    expect(img.lineAt(0x8000)).toEqual({ file: 'k.s', line: 2 });
    // Macro expansions map to the body lines of the definition.
    expect(img.lineAt(0x8004)).toEqual({ file: 'k.s', line: 4 });
    expect(img.lineAt(0x8008)).toEqual({ file: 'k.s', line: 5 });
    expect(img.lineAt(0x800c)).toEqual({ file: 'k.s', line: 8 });
    expect(img.lineAt(0x8010)).toEqual({ file: 'k.s', line: 9 });
    // The literal pool entry is attributed to the load that created it.
    expect(img.lineAt(0x8014)).toEqual({ file: 'k.s', line: 9 });
    expect(img.lineAt(0x8018)).toEqual({ file: 'k.s', line: 11 });
    expect(img.lineAt(0x7ffc)).toBeUndefined();
    expect(img.lineAt(0x9000)).toBeUndefined();
  });

  it('names addresses as symbol+offset', () => {
    expect(img.symbols.get('loop')).toBe(0x800c);
    expect(img.symbolAt(0x800c)).toEqual({ name: 'loop', offset: 0 });
    expect(img.symbolAt(0x8008)).toEqual({ name: '_start', offset: 8 });
    expect(img.symbolAt(0x8018)).toEqual({ name: 'd', offset: 0 });
    expect(img.entry).toBe(0x8000);
  });

  it('keeps included files apart', () => {
    const files: Record<string, string> = { 'lib.s': 'helper:\n  mov pc, lr\n' };
    const i = assembleProgram('bl helper\n.include "lib.s"\n', { file: 'main.s', readFile: (p) => files[p]! });
    expect(i.lineAt(0x8000)).toEqual({ file: 'main.s', line: 1 });
    expect(i.lineAt(0x8004)).toEqual({ file: 'lib.s', line: 2 });
  });

  it('links several objects: globals resolve across files, sections concatenate', () => {
    const a = assemble('.global _start\n_start: bl f\n b .\n.data\n.word f\n', { file: 'a.s' });
    const b = assemble('.global f\nf: mov pc, lr\n.data\n.byte 1\n', { file: 'b.s' });
    const i = link([a, b], { sections: [{ name: '.text', address: 0x1000 }, { name: '.data', address: 0x2000 }] });
    expect(i.symbols.get('f')).toBe(0x1008);
    expect(i.lineAt(0x1008)).toEqual({ file: 'b.s', line: 2 });
    const text = i.segments.find((s) => s.name === '.text')!;
    expect(new DataView(text.data.buffer).getUint32(0, true)).toBe(0xeb000000);
    const data = i.segments.find((s) => s.name === '.data')!;
    expect(new DataView(data.data.buffer).getUint32(0, true)).toBe(0x1008);
    expect(data.data[4]).toBe(1);
  });

  it('reports an undefined global at the reference', () => {
    const a = assemble('bl missing\n', { file: 'a.s' });
    expect(() => link([a], { sections: [{ name: '.text', address: 0 }] })).toThrow("a.s:1:4: undefined symbol 'missing'");
  });
});
