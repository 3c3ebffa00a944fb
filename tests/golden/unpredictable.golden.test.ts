// The UNPREDICTABLE encodings where QEMU 7.2 makes the project's documented choice, compared with
// QEMU instruction by instruction (the others are pinned by tests/core/unpredictable.test.ts).
import { describe, expect, it } from 'vitest';
import { goldenGate } from '../support/golden.ts';
import { gnuAssemble } from '../support/gnu-asm.ts';
import { compareElfWithQemu } from '../../testbench/golden/golden-run.ts';
import { UNPREDICTABLE_CASES, unpredictableProgram } from '../../testbench/lockstep/unpredictable-cases.ts';

const gate = goldenGate('qemu lockstep (unpredictable choices)', ['qemu-system-arm', 'arm-none-eabi-as', 'arm-none-eabi-ld']);

describe.skipIf(!gate.available)('golden: documented UNPREDICTABLE choices QEMU shares', () => {
  it.each(UNPREDICTABLE_CASES.filter((c) => c.qemu).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = compareElfWithQemu(gnuAssemble(unpredictableProgram(c.body), { textAddress: 0, dataAddress: 0x1000 }));
    expect(result.report).toBe('');
    expect(result.compared).toBeGreaterThan(10);
  });
});
