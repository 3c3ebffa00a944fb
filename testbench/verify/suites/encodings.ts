// encodings: every decode class of both instruction sets (ARM, Thumb, and ARM instructions that
// enter Thumb), fields drawn at random with the documented UNPREDICTABLE forms, run RTL against the
// reference model in lockstep (check mode) under the variants tests/core/coverage.test.ts rotates
// through (plain, random IRQ/FIQ, slow RAM): that test's property at any scale, with the same
// generator (testbench/lockstep/encoding-run.ts). The `isa` suite draws the subset QEMU runs alike
// (ARM data processing, multiplies, loads and stores, branches, status moves, SWI) over random
// state; this one every encoding the decoders accept, Thumb included.
import { Coverage } from '../../lockstep/coverage.ts';
import { renderEncodingProgram } from '../../lockstep/encoding-program.ts';
import { encodingCase, everyItem, runEncodingCase, type EncodingCase } from '../../lockstep/encoding-run.ts';
import type { Suite } from '../suite.ts';

/** Items per program, as the coverage test draws them. */
const LENGTH = 60;

export const encodingsSuite: Suite<EncodingCase> = {
  name: 'encodings',
  description: 'RTL vs ISS lockstep (check mode) on generated programs of every ARM and Thumb encoding class (random fields, UNPREDICTABLE forms), plain, with random IRQ/FIQ, or on slow RAM',
  arbitrary: encodingCase(everyItem, LENGTH),
  check(c) {
    const r = runEncodingCase(c, new Coverage());
    return r.ok ? undefined : (r.report ?? `lockstep ended: ${r.end}`);
  },
  show(c) {
    const variant = c.variant === 'interrupts' ? `interrupts (seed ${c.interruptSeed})` : c.variant;
    return `variant ${variant}; program:\n${renderEncodingProgram(c.program)}`;
  },
  waveform(c, path) {
    const r = runEncodingCase(c, new Coverage(), { vcdOnMismatch: path });
    return r.ok ? 'no mismatch on re-run: no waveform' : path;
  },
};
