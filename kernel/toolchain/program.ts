// One-file convenience: assemble and link with .text at textAddress and data after it.
import { assemble, type AssembleOptions } from './asm/assembler.ts';
import { AsmError, LinkError } from './errors.ts';
import type { LinkedImage } from './image.ts';
import { link, type SectionPlacement } from './linker.ts';
import type { ObjectFile } from './object.ts';

export interface ProgramLayout {
  textAddress?: number;
  dataAddress?: number;
}

export function assembleProgram(source: string, options: AssembleOptions & ProgramLayout = {}): LinkedImage {
  return linkProgram(assemble(source, options), options);
}

/**
 * Links one object as a program. Every unresolved reference is the source's fault: a link-time
 * "undefined symbol" becomes an AsmError at the reference.
 */
export function linkProgram(obj: ObjectFile, layout: ProgramLayout = {}): LinkedImage {
  const sections: SectionPlacement[] = [{ name: '.text', address: layout.textAddress ?? 0x8000 }];
  if (layout.dataAddress !== undefined) sections.push({ name: '.data', address: layout.dataAddress });
  try {
    return link([obj], { sections });
  } catch (e) {
    const m = e instanceof LinkError ? /^(.*):(\d+):(\d+): (.*)$/s.exec(e.message) : null;
    if (m) throw new AsmError({ file: m[1]!, line: Number(m[2]), column: Number(m[3]) }, m[4]!);
    throw e;
  }
}
