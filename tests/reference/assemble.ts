// How reference tests turn assembly into a loadable image: the project's own toolchain, so
// these suites run without binutils (GNU tools are used only by the golden suites).
import { assembleProgram, type LinkedImage } from '../../kernel/toolchain/index.ts';

/** Assemble with .text at 0x10000 (where QEMU's -kernel ELF programs live in these tests). */
export function assembleForTest(source: string): LinkedImage {
  return assembleProgram(source, { textAddress: 0x10000 });
}
