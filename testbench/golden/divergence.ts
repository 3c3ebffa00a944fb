// A divergence between QEMU and the reference model, and its human-readable report.
import { hex32 } from '../reference/bits.ts';

export interface Divergence {
  /** Index of the diverging instruction in the QEMU trace. */
  readonly index: number;
  /** Address of the instruction after which the states differ. */
  readonly pc: number;
  readonly disassembly: string;
  /** 'r0'..'r14', 'pc', 'cpsr', 'exception', 'uart', 'semihost', 'exit'. */
  readonly field: string;
  readonly qemu: string;
  readonly model: string;
  /** The instructions before it, oldest first, as "address: word text". */
  readonly preceding: readonly string[];
}

export function formatDivergence(d: Divergence): string {
  const lines = [
    `divergence after instruction #${d.index} at ${hex32(d.pc)}: ${d.disassembly}`,
    `  field ${d.field}: qemu=${d.qemu} model=${d.model}`,
  ];
  if (d.preceding.length > 0) {
    lines.push('  preceding instructions:');
    for (const p of d.preceding) lines.push(`    ${p}`);
  }
  return lines.join('\n');
}
