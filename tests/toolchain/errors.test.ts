// Every assembler error names file:line:column and the problem.
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, assembleProgram } from '../../kernel/toolchain/index.ts';

function error(src: string, opts: Parameters<typeof assemble>[1] = {}): AsmError {
  try {
    assembleProgram(src, { file: 'bad.s', ...opts });
  } catch (e) {
    if (e instanceof AsmError) return e;
    throw e;
  }
  throw new Error(`no error for: ${src}`);
}

const CASES: readonly [string, string, string][] = [
  ['unknown mnemonic', 'nop\n  frob r0, r1', "bad.s:2:3: unknown mnemonic 'frob'"],
  ['bad operand', 'add r0, r1, [r2]', "bad.s:1:13: bad expression at '['"],
  ['register expected', 'ldr #4, [r0]', "bad.s:1:5: register expected, found '#'"],
  ['unencodable immediate', 'mov r0, #0x12345678', 'bad.s:1:10: invalid constant 0x12345678: cannot be encoded as a rotated 8-bit immediate'],
  ['unencodable for both forms', '  orr r1, r1, #0x101', 'bad.s:1:16: invalid constant 0x101: cannot be encoded as a rotated 8-bit immediate'],
  ['undefined symbol', 'b nowhere', "bad.s:1:3: undefined symbol 'nowhere'"],
  ['undefined symbol in an immediate', 'mov r0, #LIMIT', "bad.s:1:10: undefined symbol 'LIMIT' in immediate"],
  ['undefined local label', 'b 1b', "bad.s:1:3: undefined local label '1b' (no earlier '1:')"],
  ['undefined forward local label', 'b 1f', "bad.s:1:3: undefined symbol '1f'"],
  ['branch out of range', 'b . + 0x2000008', 'bad.s:1:3: branch out of range (offset 33554432, limit +/-32 MB)'],
  ['offset out of range', 'ldr r0, [r1, #4096]', 'bad.s:1:15: offset 4096 out of range (-4095..4095)'],
  ['shift out of range', 'mov r0, r1, lsl #32', 'bad.s:1:18: shift amount 32 out of range (0..31)'],
  ['unterminated macro', 'nop\n.macro twice x\n  .word \\x', "bad.s:2:1: unterminated macro 'twice' (missing .endm)"],
  ['unterminated rept', '.rept 3\n nop', 'bad.s:1:1: unterminated .rept (missing .endr)'],
  ['unterminated if', '.if 1\n nop', 'bad.s:3:1: unterminated .if (missing .endif)'],
  ['endif without if', '.endif', 'bad.s:1:1: .endif without .if'],
  ['duplicate label', 'a: nop\na: nop', "bad.s:2:1: symbol 'a' is already defined"],
  ['division by zero', '.word 1 / (2 - 2)', 'bad.s:1:9: division by zero'],
  ['junk after operands', 'mov r0, r1 r2', "bad.s:1:12: junk at end of line: 'r2'"],
  ['thumb low register', '.thumb\n  ldr r8, [r1]', 'bad.s:2:7: lo register required'],
  ['thumb condition', '.thumb\n  addeq r0, r1', "bad.s:2:3: Thumb does not support conditional execution ('addeq': only B takes a condition on ARMv5TE)"],
  ['thumb without a 16-bit form', '.thumb\n.syntax unified\n  add r0, r1, r2', 'bad.s:3:3: cannot honor width suffix: no 16-bit Thumb encoding for these operands (ARMv5TE has no 32-bit ones but BL/BLX)'],
  ['unknown directive', '.frobnicate 3', "bad.s:1:1: unknown directive '.frobnicate'"],
  ['rept count', '.rept 100000000\n.endr', 'bad.s:1:16: .rept count 100000000 too large (limit 1000000)'],
  ['negative rept count', '.rept -1\n nop\n.endr', 'bad.s:1:9: negative count for .rept (-1)'],
  ['odd ldrd register', 'ldrd r1, [r0]', 'bad.s:1:6: first transfer register of a doubleword transfer must be even'],
  ['unterminated string', '.ascii "abc', 'bad.s:1:8: unterminated string'],
  ['data in bss', '.bss\n.word 1', "bad.s:2:1: cannot store data in section '.bss' (only zero fill is allowed)"],
];

describe('assembler errors name file:line:column and the problem', () => {
  for (const [what, src, message] of CASES) {
    it(what, () => {
      const e = error(src);
      expect(e.message).toBe(message);
      expect(`${e.file}:${e.line}:${e.column}`).toBe(message.split(': ')[0]);
    });
  }

  it('an error inside a macro names the macro and where it was invoked', () => {
    const e = error('.macro load v\n  mov r0, #\\v\n.endm\n  nop\n  load 0x12345678');
    expect(e.message).toBe("bad.s:2:12: invalid constant 0x12345678: cannot be encoded as a rotated 8-bit immediate (in macro 'load' invoked at bad.s:5)");
  });

  it('runaway macro recursion stops with an error, not a hang', () => {
    const e = error('.macro forever\n  forever\n.endm\nforever');
    expect(e.message).toMatch(/^bad\.s:2:3: macro\/loop expansion nested more than 100 deep \(recursive macro\?\)/);
  });

  it('include loops are reported with the chain', () => {
    const files: Record<string, string> = { 'inc/a.s': '.include "b.s"\n', 'inc/b.s': 'nop\n.include "a.s"\n' };
    const e = error('.include "a.s"', { includeDirs: ['inc'], readFile: (p) => files[p] ?? (() => { throw new Error('ENOENT'); })() });
    expect(e.message).toBe('inc/b.s:2:10: include loop: bad.s -> inc/a.s -> inc/b.s -> inc/a.s');
  });

  it('a missing include file is an error at the file name', () => {
    expect(error('.include "nope.s"', { readFile: () => { throw new Error('ENOENT'); } }).message).toBe("bad.s:1:10: cannot open include file 'nope.s'");
  });

  it('a literal pool out of reach is reported at the load', () => {
    const e = error('ldr r0, =0x12345678\n.space 5000\n');
    expect(e.message).toMatch(/^bad\.s:1:10: pc-relative offset \d+ out of range \(-4095\.\.4095\); a literal pool may be too far away/);
  });

  it('assemble() reports errors too (no link step)', () => {
    expect(() => assemble('bx', { file: 'x.s' })).toThrow(/^x\.s:1:3: register expected/);
  });
});
