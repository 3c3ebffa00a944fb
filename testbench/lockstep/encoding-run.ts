// One encoding program in lockstep, under one of the system variants the coverage runs rotate
// through (plain, random IRQ/FIQ, slow RAM), recording coverage. Used by
// tests/core/coverage.test.ts (fast-check: shrinks a failing program), by the report command
// (coverage-main.ts) and by the `encodings` verify suite (testbench/verify/suites/encodings.ts).
import fc from 'fast-check';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { DATA_ADDRESS, type EncodingProgram, encodingProgram, type Item, renderEncodingProgram } from './encoding-program.ts';
import { runLockstep, type LockstepOptions, type LockstepResult } from './rtl-vs-iss.ts';
import type { Coverage } from './coverage.ts';
import { armItem } from './arm-encodings.ts';
import { armToThumbItem, thumbItem } from './thumb-encodings.ts';

/** Items of every class of both states, and ARM instructions that enter Thumb. */
export const everyItem: fc.Arbitrary<Item> = fc.oneof(
  { weight: 5, arbitrary: armItem },
  { weight: 4, arbitrary: thumbItem },
  { weight: 1, arbitrary: armToThumbItem },
);

export type Variant = 'plain' | 'interrupts' | 'slow-ram';
export const VARIANTS: readonly Variant[] = ['plain', 'interrupts', 'slow-ram'];

export interface EncodingCase {
  readonly program: EncodingProgram;
  readonly variant: Variant;
  readonly interruptSeed: number;
}

export const encodingCase = (item: fc.Arbitrary<Item>, length: number): fc.Arbitrary<EncodingCase> =>
  fc.record({ program: encodingProgram(item, length), variant: fc.constantFrom(...VARIANTS), interruptSeed: fc.integer({ min: 1, max: 0x7fff_ffff }) });

function variantOptions(c: EncodingCase): LockstepOptions {
  switch (c.variant) {
    case 'interrupts': return { interrupts: { seed: c.interruptSeed, irqEvery: 40, fiqEvery: 120 } };
    case 'slow-ram': return { system: { hardware: { memory: { ramWaitStates: 2 } } } };
    default: return {};
  }
}

/**
 * Run one case in lockstep (check mode), recording each retired instruction into `coverage`; `extra`
 * adds options (a waveform on mismatch; `check: false` for a plain run, whose methods can be compiled).
 */
export function runEncodingCase(c: EncodingCase, coverage: Coverage, extra: Pick<LockstepOptions, 'vcdOnMismatch' | 'check'> = {}): LockstepResult {
  const image = assembleProgram(renderEncodingProgram(c.program), { textAddress: 0, dataAddress: DATA_ADDRESS });
  return runLockstep(image, { check: true, maxCycles: 100_000, ...variantOptions(c), ...extra, onRetire: (w, e) => coverage.record(w, e) });
}
