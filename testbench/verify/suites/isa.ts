// isa: the RTL core against the reference model (ISS) in lockstep on generated programs, on
// generated memory latencies (a knob changes timing, never results).
import fc from 'fast-check';
import { assembleProgram } from '../../../kernel/toolchain/index.ts';
import { RANDOM_PROGRAM_DATA_ADDRESS, randomProgram, renderRandomProgram, type RandomProgram } from '../../golden/random-program.ts';
import { runLockstep } from '../../lockstep/rtl-vs-iss.ts';
import type { Suite } from '../suite.ts';

interface IsaInput {
  readonly program: RandomProgram;
  readonly ramWaitStates: number;
}

const image = (i: IsaInput) => assembleProgram(renderRandomProgram(i.program), { textAddress: 0x8000, dataAddress: RANDOM_PROGRAM_DATA_ADDRESS });
const options = (i: IsaInput) => ({ maxCycles: 100_000, system: { hardware: { memory: { ramWaitStates: i.ramWaitStates } } } });

export const isaSuite: Suite<IsaInput> = {
  name: 'isa',
  description: 'RTL vs ISS lockstep on generated ARMv5 programs (random registers, flags, memory, instructions, RAM wait states)',
  arbitrary: fc.record({ program: randomProgram(40), ramWaitStates: fc.integer({ min: 0, max: 3 }) }),
  check(i) {
    const r = runLockstep(image(i), options(i));
    return r.ok ? undefined : (r.report ?? `lockstep ended: ${r.end}`);
  },
  show(i) {
    return `RAM wait states ${i.ramWaitStates}; program:\n${i.program.body.map((l) => `  ${l}`).join('\n')}\n(initial registers ${i.program.initialRegisters.map((v) => `0x${v.toString(16)}`).join(' ')}, flags ${i.program.flags})`;
  },
  waveform(i, path) {
    const r = runLockstep(image(i), { ...options(i), vcdOnMismatch: path });
    return r.ok ? 'no mismatch on re-run: no waveform' : path;
  },
};
