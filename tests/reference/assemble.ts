// How reference tests turn assembly into an ELF. GNU binutils for now (gated); switched to the
// project's own toolchain (kernel/toolchain) once it is available so these run everywhere.
import { goldenGate } from '../support/golden.ts';
import { gnuAssemble } from '../support/gnu-asm.ts';

export const assemblerGate = goldenGate('reference directed programs (GNU as)', ['arm-none-eabi-as', 'arm-none-eabi-ld']);

export function assembleForTest(source: string): Uint8Array {
  return gnuAssemble(source);
}
