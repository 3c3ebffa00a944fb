// The decoder's specialised handlers (closures over the fields of one word) against the generic
// handlers they stand in for: every data-processing and LDR/STR word/byte encoding, generated from
// its fields, on generated register values, flags and addresses, must leave the same machine
// (registers, flags, next pc, memory, fault). Mutants of the specialisations prove the generator
// reaches each shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_SEED, seedBanner } from '../support/seed.ts';
import { VersatileMachine } from '../../testbench/reference/index.ts';
import { TRANSLATION_FAULT } from '../../testbench/reference/mmu.ts';
import type { Op } from '../../testbench/reference/ops/op.ts';
import { dataProcessing, decodeDataProcessing } from '../../testbench/reference/ops/data-processing.ts';
import { decodeLoadStoreWordByte, loadStoreWordByte } from '../../testbench/reference/ops/load-store.ts';

const RUNS = 3000;
/** Data the loads and stores reach: 4 KB of RAM from WINDOW, refilled before every run. */
const WINDOW = 0x8000;
const WINDOW_WORDS = 1024;

const u32 = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xff000000));

/** Any data-processing word (immediate, immediate shift, register shift), condition AL. */
const dataProcessingWord = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.boolean(), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 0xfff }))
  .map(([opcode, s, rn, rd, form, operand]) => {
    // TST..CMN without S are other instructions (MRS, MSR, BX ...): not data processing.
    const sBit = s || (opcode >= 8 && opcode <= 11) ? 0x00100000 : 0;
    const op2 = form === 0 ? 0x02000000 | operand : form === 1 ? operand & ~0x10 : (operand & ~0x80) | 0x10;
    return (0xe0000000 | (opcode << 21) | sBit | (rn << 16) | (rd << 12) | op2) >>> 0;
  });

/** Any LDR/STR/LDRB/STRB word (immediate or scaled register offset, every P/U/W), condition AL. */
const loadStoreWord = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.boolean(), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), fc.boolean(), fc.integer({ min: 0, max: 0xfff }), fc.boolean())
  .map(([pubw, load, rn, rd, register, offset, simple]) => {
    // Half the words take the specialised shape: immediate offset, pre-indexed, word, no writeback.
    const modes = simple ? 0x01000000 | (pubw & 4) << 21 : (register ? 0x02000000 : 0) | (pubw << 21);
    const operand = register && !simple ? offset & ~0x10 : offset;
    return (0xe4000000 | modes | (load ? 0x00100000 : 0) | (rn << 16) | (rd << 12) | operand) >>> 0;
  });

interface State {
  readonly registers: readonly number[];
  readonly flags: number;
  /** Instruction address (word aligned, in the window so literal loads reach data). */
  readonly pc: number;
  readonly alignCheck: boolean;
}

/** The value a data-processing immediate stands for (0 for other words). */
function immediateOf(w: number): number {
  if (!(w & 0x02000000)) return 0;
  const rot = ((w >>> 8) & 15) * 2;
  return rot === 0 ? w & 0xff : ((w & 0xff) >>> rot) | ((w & 0xff) << (32 - rot));
}

/** Register values near the word's own immediate too: the carry and overflow edges sit there. */
function stateFor(w: number): fc.Arbitrary<State> {
  const imm = immediateOf(w);
  const edges = [imm, -imm, ~imm, imm - 1, -imm - 1, imm ^ 0x80000000, 0x80000000 - imm].map((v) => v >>> 0);
  return fc.record({
    registers: fc.array(
      fc.oneof(u32, fc.integer({ min: 0, max: WINDOW_WORDS * 4 - 1 }).map((o) => WINDOW + o), fc.constantFrom(...edges)),
      { minLength: 15, maxLength: 15 },
    ),
    flags: fc.integer({ min: 0, max: 15 }),
    pc: fc.integer({ min: 0, max: WINDOW_WORDS - 1 }).map((k) => WINDOW + k * 4),
    alignCheck: fc.boolean(),
  });
}

function freshMachine(): VersatileMachine {
  return new VersatileMachine({ ramSize: 1 << 20 });
}

/** Run `op` on `m` from `s`; what the machine shows afterwards. */
function observe(m: VersatileMachine, op: Op, word: number, s: State): string {
  const c = m.core;
  for (let i = 0; i < WINDOW_WORDS; i++) m.memory.words[WINDOW / 4 + i] = Math.imul(i + 1, 0x9e3779b1);
  c.cp15.write(1, 0, 0, 0, s.alignCheck ? c.cp15.control | 2 : c.cp15.control & ~2);
  c.syncControl();
  c.setCpsr((s.flags << 28) | 0xd3);
  for (let i = 0; i < 15; i++) c.r[i] = s.registers[i]!;
  c.pc = s.pc;
  c.r[15] = s.pc + 8;
  c.nextPc = s.pc + 4;
  let fault = '-';
  try {
    op(c, word | 0);
  } catch (e) {
    if (e !== TRANSLATION_FAULT) throw e;
    fault = `fsr ${c.mmu.faultStatus.toString(16)} far ${c.mmu.faultAddress.toString(16)}`;
  }
  const registers = Array.from({ length: 15 }, (_, i) => (c.r[i]! >>> 0).toString(16)).join(' ');
  const window = Buffer.from(m.memory.bytes.subarray(WINDOW, WINDOW + WINDOW_WORDS * 4)).toString('base64');
  return `${registers} | cpsr ${c.cpsr.toString(16)} next ${(c.nextPc >>> 0).toString(16)} | fault ${fault} | ${window}`;
}

function agreement(word: fc.Arbitrary<number>, specialise: (w: number) => Op, generic: Op): fc.IPropertyWithHooks<[[number, State]]> {
  const a = freshMachine();
  const b = freshMachine();
  return fc.property(word.chain((w) => fc.tuple(fc.constant(w), stateFor(w))), ([w, s]) => {
    const fast = observe(a, specialise(w), w, s);
    const slow = observe(b, generic, w, s);
    if (fast !== slow) throw new Error(`word ${w.toString(16)}: specialised ${fast.slice(0, 200)}\n generic ${slow.slice(0, 200)}`);
  });
}

// Mutants: each a plausible slip in one specialised shape.
const field = (w: number, shift: number): number => (w >>> shift) & 15;
const tstRotatedKeepsCarry = (w: number): Op => {
  const rotatedTst = (w & 0x0ff00000) === 0x03100000 && (w & 0xf00) !== 0 && field(w, 16) !== 15 && field(w, 12) !== 15;
  if (!rotatedTst) return decodeDataProcessing(w);
  return (c) => {
    const cf = c.cf;
    dataProcessing(c, w);
    c.cf = cf;
  };
};
const shiftIgnored = (w: number): Op => {
  const shiftedAdd = (w & 0x0ff00070) === 0x00800000 && (w & 0xf80) !== 0 && field(w, 16) !== 15 && field(w, 12) !== 15 && field(w, 0) !== 15;
  return shiftedAdd ? decodeDataProcessing(w & ~0xf80) : decodeDataProcessing(w);
};
const literalFromNextInstruction = (w: number): Op => {
  const literal = (w & 0x0f7f0000) === 0x051f0000 && field(w, 12) !== 15;
  if (!literal) return decodeLoadStoreWordByte(w);
  return (c) => {
    c.r[15] = (c.r[15]! - 4) | 0;
    decodeLoadStoreWordByte(w)(c, w);
  };
};

describe('specialised ops agree with the generic handlers', () => {
  it('data processing: every encoding', () => {
    process.stdout.write(seedBanner('specialised data-processing ops'));
    fc.assert(agreement(dataProcessingWord, decodeDataProcessing, dataProcessing), { numRuns: RUNS, seed: TEST_SEED });
  });

  it('LDR/STR word and byte: every encoding', () => {
    process.stdout.write(seedBanner('specialised load/store ops'));
    fc.assert(agreement(loadStoreWord, decodeLoadStoreWordByte, loadStoreWordByte), { numRuns: RUNS, seed: TEST_SEED });
  });

  const mutants: ReadonlyArray<[string, fc.Arbitrary<number>, (w: number) => Op, Op]> = [
    ['TST with a rotated immediate keeps C', dataProcessingWord, tstRotatedKeepsCarry, dataProcessing],
    ['ADD ignores its register operand\'s LSL', dataProcessingWord, shiftIgnored, dataProcessing],
    ['a literal load reads r15 as the instruction address + 4', loadStoreWord, literalFromNextInstruction, loadStoreWordByte],
  ];
  for (const [name, word, mutant, generic] of mutants) {
    it(`catches the mutant: ${name}`, () => {
      const result = fc.check(agreement(word, mutant, generic), { numRuns: RUNS, seed: TEST_SEED, endOnFailure: true });
      expect(result.failed).toBe(true);
    });
  }
});
