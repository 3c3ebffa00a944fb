// The reference model's decoded-op caches (testbench/reference/decode.ts): the address-indexed one
// the core fetches through is checked by the word, so code rewritten in place, and two addresses
// that share a slot, always run the op of the word that is there now.
import { describe, expect, it } from 'vitest';
import { lookupOp, lookupOpAt } from '../../testbench/reference/decode.ts';
import { runSnippet, r } from './snippet.ts';

// As the core reads them from memory: signed 32-bit values.
const ADD_R4_1 = 0xe2844001 | 0; // add r4, r4, #1
const ADD_R4_16 = 0xe2844010 | 0; // add r4, r4, #16
const SUB_R4_1 = 0xe2444001 | 0; // sub r4, r4, #1

describe('decoded-op cache indexed by address', () => {
  it('gives the op of the word at the address now, whatever was there before', () => {
    const pa = 0x0001_2340;
    expect(lookupOpAt(pa, ADD_R4_1)).toBe(lookupOp(ADD_R4_1));
    expect(lookupOpAt(pa, ADD_R4_16)).toBe(lookupOp(ADD_R4_16));
    expect(lookupOpAt(pa, ADD_R4_1)).toBe(lookupOp(ADD_R4_1));
  });

  it('keeps apart addresses that share a slot (every 64 KB)', () => {
    const a = 0x0002_0000;
    for (const stride of [0x1_0000, 0x10_0000, 0x400_0000]) {
      expect(lookupOpAt(a, ADD_R4_1)).toBe(lookupOp(ADD_R4_1));
      expect(lookupOpAt(a + stride, SUB_R4_1)).toBe(lookupOp(SUB_R4_1));
      expect(lookupOpAt(a, ADD_R4_1)).toBe(lookupOp(ADD_R4_1));
    }
  });

  it('a program that rewrites an instruction it has run runs the new one', () => {
    // First pass adds 1; the store replaces the instruction with "add r4, r4, #16" for the second.
    const m = runSnippet(`
  mov r4, #0
  ldr r3, =0x${(ADD_R4_16 >>> 0).toString(16)}
  mov r5, #2
again:
patch:
  add r4, r4, #1
  adr r6, patch
  str r3, [r6]
  subs r5, r5, #1
  bne again
`);
    expect(r(m, 4)).toBe(17);
  });
});
