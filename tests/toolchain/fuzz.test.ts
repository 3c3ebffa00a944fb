// Robustness: mutated and random sources either assemble or raise AsmError, never an internal
// error (TypeError, RangeError, ...) and never hang. Recursion and repetition are bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, assembleProgram } from '../../kernel/toolchain/index.ts';

const CORPUS = `
  .equ STACK_TOP, 0x8000 + 0x1000
  .macro save regs:vararg
    push {\\regs}
  .endm
  .macro set_mode mode=0x13, tmp=r0
    mrs \\tmp, cpsr
    bic \\tmp, \\tmp, #0x1f
    orr \\tmp, \\tmp, #\\mode
    msr cpsr_c, \\tmp
  .endm
  .text
  .global _start
_start:
  ldr sp, =STACK_TOP
  set_mode
  set_mode 0x1f, r1
  save r4-r6, lr
1: subs r2, r2, #1
  bne 1b
  .rept 3
  add r3, r3, r3, lsl #2
  .endr
  .irp reg, r4, r5, r6
  mov \\reg, #0
  .endr
  .ifdef DEBUG
  bkpt 1
  .else
  nop
  .endif
  ldrd r4, [r0, #8]!
  stmfd sp!, {r0-r3, lr}^
  mcr p15, 0, r0, c7, c10, 4
  swi 0x123456
  b 2f
  .ltorg
2: .word _start, 2b + 4, (1 << 4) | 3
  .data
table: .asciz "hello\\n"
  .align 2
  .hword -1, 0x7fff
  .bss
  .space 64
`;

const TOKENS = [',', '[', ']', '#', '\\\\', '.macro m', '.endm', '.rept 3', '.endr', '.if 1', '.else', '.endif', '1b', '1f', '=', '"', '/*', '*/',
  '@', ';', 'r15', '0x', '{', '}', '!', '^', '\n', ' ', '-', '(', ')', '<<', '.', ':', 'pc', '.ltorg', '.align 3', '.include "x"', "'", '\\@',
  '.irp x,', 'ldr r0, =', '.word', '.equ', 'm', '99999999999999999999', '-0x80000000', '.org 0', '.space 4', '.fill', '.set a, a'];

function mustNotCrash(src: string): void {
  const t0 = performance.now();
  try {
    assembleProgram(src, { file: 'fuzz.s', readFile: () => 'nop\n' });
  } catch (e) {
    if (!(e instanceof AsmError)) throw new Error(`internal error ${String(e)} for source:\n${src}`);
    expect(e.message).toMatch(/^[^:]+:\d+:\d+: /);
  }
  expect(performance.now() - t0).toBeLessThan(3000);
}

const mutation = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 20 })).map(([at, n]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + s.slice(i + n);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)).map(([at, t]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + t + s.slice(i);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (s: string) => {
    const lines = s.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 8, unit: 'binary' })).map(([at, t]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + t + s.slice(i);
  }),
);

describe('fuzzed and mutated sources', () => {
  it('the corpus itself assembles', () => {
    expect(() => assembleProgram(CORPUS, { file: 'corpus.s' })).not.toThrow();
  });

  it('mutations of a kernel-like source never crash or hang', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (ms) => {
        mustNotCrash(ms.reduce((s, m) => m(s), CORPUS));
      }),
      { numRuns: Number(process.env.HANDOFF_FUZZ_RUNS ?? 400) },
    );
  });

  it('token soup never crashes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS, 'add', 'r0', 'mov', 'ldr', 'b', 'x', '#1'), { maxLength: 60 }), (toks) => {
        mustNotCrash(toks.join(' '));
      }),
      { numRuns: Number(process.env.HANDOFF_FUZZ_RUNS ?? 400) },
    );
  });

  it('arbitrary strings never crash', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (s) => mustNotCrash(s)), { numRuns: Number(process.env.HANDOFF_FUZZ_RUNS ?? 300) });
  });

  it('expansion is bounded: nested .rept and self-feeding macros stop with an error', () => {
    for (const src of [
      '.rept 1000000\n.rept 1000000\nnop\n.endr\n.endr',
      '.macro a\n a\n a\n.endm\n a',
      '.macro b n\n .rept \\n\n b \\n\n .endr\n.endm\n b 50',
      '.set x, x + 1\n.word x',
      '.space 0x7fffffff',
      '.fill 0x7fffffff, 8, 1',
    ]) {
      const t0 = performance.now();
      expect(() => assembleProgram(src, { file: 'bomb.s' })).toThrow(AsmError);
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });
});

describe('disassembler robustness', () => {
  it('every word disassembles to text without throwing', async () => {
    const { disassemble } = await import('../../kernel/toolchain/index.ts');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (w, a) => {
        const text = disassemble(w, a & ~3);
        expect(typeof text).toBe('string');
        expect(text.length).toBeGreaterThan(0);
      }),
      { numRuns: Number(process.env.HANDOFF_FUZZ_RUNS ?? 5000) },
    );
  });
});
