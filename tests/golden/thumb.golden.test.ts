// Thumb state against QEMU (-cpu arm926) instruction by instruction: the directed Thumb programs
// (GNU-assembled) and random Thumb encoding programs (every class, fields at random, kept to what
// QEMU runs as an ARM926 does); the directed programs also in lockstep RTL against the reference
// model. Seed printed; HANDOFF_GOLDEN_RUNS=<n> runs more random programs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goldenGate } from '../support/golden.ts';
import { gnuAssemble } from '../support/gnu-asm.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';
import { compareElfWithQemu } from '../../testbench/golden/golden-run.ts';
import { THUMB_PROGRAMS, thumbProgram } from '../../testbench/golden/thumb-programs.ts';
import { DATA_ADDRESS, encodingProgram, renderEncodingProgram } from '../../testbench/lockstep/encoding-program.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';
import { armToThumbItem, thumbItems } from '../../testbench/lockstep/thumb-encodings.ts';
import { parseElf } from '../../testbench/reference/index.ts';

const gate = goldenGate('qemu lockstep (Thumb)', ['qemu-system-arm', 'arm-none-eabi-as', 'arm-none-eabi-ld']);
const runs = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 15);

describe.skipIf(!gate.available)('golden: Thumb state', () => {
  it.each(THUMB_PROGRAMS.map((p) => [p.name, p] as const))('directed vs QEMU, and RTL vs reference: %s', (_name, p) => {
    const elf = gnuAssemble(thumbProgram(p.body), { textAddress: 0, dataAddress: 0x1000 });
    const q = compareElfWithQemu(elf);
    expect(q.report).toBe('');
    expect(q.compared).toBeGreaterThan(15);
    const r = runLockstep(parseElf(elf), { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
  });

  it(`${runs} random Thumb encoding programs vs QEMU`, () => {
    process.stderr.write(seedBanner('golden Thumb programs', ` runs=${runs}`));
    const item = fc.oneof({ weight: 6, arbitrary: thumbItems(true) }, { weight: 1, arbitrary: armToThumbItem });
    fc.assert(
      fc.property(encodingProgram(item, 30), (p) => {
        const result = compareElfWithQemu(gnuAssemble(renderEncodingProgram(p), { textAddress: 0, dataAddress: DATA_ADDRESS }));
        if (result.report !== '') throw new Error(result.report);
        expect(result.compared).toBeGreaterThan(p.items.length);
      }),
      { numRuns: runs, seed: TEST_SEED, endOnFailure: true },
    );
  }, 300_000);
});
