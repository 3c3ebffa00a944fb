// One-file convenience: assemble and link with .text at textAddress and data after it.
import { assemble, type AssembleOptions } from './asm/assembler.ts';
import { AsmError, LinkError } from './errors.ts';
import type { LinkedImage } from './image.ts';
import { link, type SectionPlacement } from './linker.ts';

export function assembleProgram(source: string, options: AssembleOptions & { textAddress?: number; dataAddress?: number } = {}): LinkedImage {
  const obj = assemble(source, options);
  const sections: SectionPlacement[] = [{ name: '.text', address: options.textAddress ?? 0x8000 }];
  if (options.dataAddress !== undefined) sections.push({ name: '.data', address: options.dataAddress });
  try {
    return link([obj], { sections });
  } catch (e) {
    // In a single file every unresolved reference is the source's fault: report it as a source error.
    const m = e instanceof LinkError ? /^(.*):(\d+):(\d+): (.*)$/s.exec(e.message) : null;
    if (m) throw new AsmError({ file: m[1]!, line: Number(m[2]), column: Number(m[3]) }, m[4]!);
    throw e;
  }
}
