// The decoder's contract: for any 32-bit word, step and mode, every uop field fits its width (the
// Decode stage writes the fields straight into the store), sequences end, and physical register
// numbers are in range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_SYS, MODE_UND, MODE_USR, PHYS_REGS } from '../../rtl/core/arm.ts';
import { decodeStep } from '../../rtl/core/decoder.ts';
import { decodeThumbStep } from '../../rtl/core/thumb-decoder.ts';
import { newUopValues, UOP_FIELDS } from '../../rtl/core/uop.ts';

const MODES = [MODE_USR, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND, MODE_SYS];

describe('decoder', () => {
  it('every field fits its width, and every instruction ends within 17 uops', () => {
    const u = newUopValues();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constantFrom(...MODES), fc.boolean(), (word, mode, abort) => {
        let step = 0;
        for (;;) {
          const last = decodeStep(word, step, mode, abort, u);
          for (const [name, width] of UOP_FIELDS) {
            const v = u[name];
            if (!Number.isInteger(v) || v < 0 || v >= 2 ** width) throw new Error(`${name} = ${v} does not fit ${width} bits (word 0x${word.toString(16)}, step ${step})`);
          }
          for (const r of ['ra', 'rb', 'rc', 'rd', 'rd2'] as const) if (u[r] >= PHYS_REGS) throw new Error(`${r} = ${u[r]}`);
          if (last) break;
          step++;
          expect(step).toBeLessThan(17);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('Thumb: for every halfword, address and mode, every field fits and the instruction ends', () => {
    const u = newUopValues();
    for (let hw = 0; hw < 0x10000; hw++) {
      for (const pc of [0x8000, 0x8002]) {
        const mode = MODES[hw % MODES.length]!;
        let step = 0;
        for (;;) {
          const last = decodeThumbStep(hw, pc, step, mode, false, u);
          for (const [name, width] of UOP_FIELDS) {
            const v = u[name];
            if (!Number.isInteger(v) || v < 0 || v >= 2 ** width) throw new Error(`${name} = ${v} does not fit ${width} bits (halfword 0x${hw.toString(16)}, step ${step})`);
          }
          if (u.thumb !== 1) throw new Error(`halfword 0x${hw.toString(16)} not marked Thumb`);
          if (last) break;
          step++;
          if (step > 17) throw new Error(`halfword 0x${hw.toString(16)} does not end`);
        }
      }
    }
  });
});
