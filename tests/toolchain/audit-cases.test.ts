// The outside audit's cases (audit-cases.ts): GNU's section bytes, and what they mean once linked.
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, assembleProgram } from '../../kernel/toolchain/index.ts';
import { AUDIT_CASES } from './audit-cases.ts';
import { imageBytes } from './helpers.ts';

describe('sources where GNU as and this assembler once wrote different bytes', () => {
  for (const c of AUDIT_CASES) {
    it(`${c.name}: GNU's section bytes`, () => {
      const obj = assemble(c.source, { file: `${c.name}.s` });
      for (const [name, hex] of Object.entries(c.bytes)) {
        expect(Buffer.from(obj.sections.find((s) => s.name === name)!.data).toString('hex'), name).toBe(hex);
      }
    });
  }

  it('an alias of a Thumb function links as one: BLX from ARM, the address with bit 0 in data', () => {
    const image = assembleProgram(AUDIT_CASES[0]!.source, { textAddress: 0x8000 });
    const dv = new DataView(imageBytes(image, 0x8000, 24).buffer);
    expect(dv.getUint32(4, true) >>> 24).toBe(0xfa); // BLX immediate
    expect(dv.getUint32(8, true)).toBe(0x8001);
    expect(dv.getUint32(12, true)).toBe(0x8003);
    expect(dv.getUint32(20, true)).toBe(0x8001); // the literal pool's slot
  });

  it('.equiv and .eqv symbols cannot be redefined, by .set or by a label; .eqv loops are named', () => {
    for (const src of ['.equiv x, 1\n.set x, 2\n', '.eqv y, 1\n.set y, 2\n', '.eqv l, 5\nl: nop\n', '.set x, 1\n.eqv x, 2\n', 'l: nop\n.set l, 3\n']) {
      expect(() => assemble(src, { file: 'r.s' }), src).toThrow(/already defined/);
    }
    expect(() => assemble('.eqv a, b\n.eqv b, a\n.word a\n', { file: 'loop.s' })).toThrow(AsmError);
    expect(() => assemble('.eqv a, b\n.eqv b, a\n.word a\n', { file: 'loop.s' })).toThrow(/loop\.s:3:7: .*\.eqv/);
  });
});
