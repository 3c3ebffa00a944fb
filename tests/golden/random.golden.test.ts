// Generated instruction streams from every class, identical on QEMU and the model at every
// instruction. The seed is printed; HANDOFF_GOLDEN_RUNS=<n> runs more (CI default is modest).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { goldenGate } from '../support/golden.ts';
import { TEST_SEED } from '../support/seed.ts';
import { gnuAssemble } from '../support/gnu-asm.ts';
import { compareElfWithQemu } from '../../testbench/golden/golden-run.ts';
import { RANDOM_PROGRAM_DATA_ADDRESS, randomProgram, renderRandomProgram } from '../../testbench/golden/random-program.ts';

const gate = goldenGate('qemu lockstep (random programs)', ['qemu-system-arm', 'arm-none-eabi-as', 'arm-none-eabi-ld']);
const runs = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 25);
const seed = TEST_SEED;

describe.skipIf(!gate.available)('golden: random programs vs QEMU', () => {
  it(`${runs} programs of up to 60 instructions (seed ${seed})`, () => {
    process.stderr.write(`random golden programs: seed=${seed} runs=${runs}\n`);
    fc.assert(
      fc.property(randomProgram(60), (p) => {
        const source = renderRandomProgram(p);
        const result = compareElfWithQemu(gnuAssemble(source, { dataAddress: RANDOM_PROGRAM_DATA_ADDRESS }));
        if (result.report !== '') throw new Error(`${result.report}\n--- program ---\n${p.body.join('\n')}`);
        expect(result.compared).toBeGreaterThan(p.body.length);
      }),
      { numRuns: runs, seed, endOnFailure: false },
    );
  }, 120_000);
});
