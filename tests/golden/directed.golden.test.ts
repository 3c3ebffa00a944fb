// Directed programs on QEMU and on the reference model, compared after every instruction.
import { describe, expect, it } from 'vitest';
import { goldenGate } from '../support/golden.ts';
import { gnuAssemble } from '../support/gnu-asm.ts';
import { compareElfWithQemu } from '../../testbench/golden/golden-run.ts';
import { directedPrograms } from '../reference/programs/index.ts';

const gate = goldenGate('qemu lockstep', ['qemu-system-arm', 'arm-none-eabi-as', 'arm-none-eabi-ld']);

describe.skipIf(!gate.available)('golden: directed programs vs QEMU', () => {
  for (const p of directedPrograms.filter((d) => d.golden)) {
    it(p.name, () => {
      const result = compareElfWithQemu(gnuAssemble(p.source));
      expect(result.report).toBe('');
      expect(result.compared).toBeGreaterThan(5);
    });
  }
});
