// Whether the project's assembler assembles Thumb code yet (the Thumb assembler is built on the
// toolchain branch, issue 17 item 2). Until it is on main, the tests of the Thumb user programs
// (kernel/user/thumb, KernelConfig.userIsa) skip loudly; once it is, they run everywhere. This gate
// goes when the toolchain lands.
import { assemble } from '../../kernel/toolchain/index.ts';

function probe(): boolean {
  try {
    assemble('  .syntax unified\n  .thumb\n  movs r0, #0\n', { file: 'probe.S' });
    return true;
  } catch {
    return false;
  }
}

export const ourAssemblerHasThumb = probe();

/** The tests' gate: true when they can run; otherwise says why on stderr. */
export function thumbAssemblerGate(suite: string): boolean {
  if (!ourAssemblerHasThumb) process.stderr.write(`\n*** SKIPPED: "${suite}" needs the project's Thumb assembler (toolchain branch, not yet on main) ***\n\n`);
  return ourAssemblerHasThumb;
}
