// Public API of the toolchain: assembler, linker, ELF writer/reader and disassembler.
export { assemble, assembleAll, type AssembleOptions } from './asm/assembler.ts';
export { link, type SectionPlacement, type Layout } from './linker.ts';
export { assembleProgram, linkProgram, type ProgramLayout } from './program.ts';
export type { Segment, LinkedImage, LineRecord, MappingRecord } from './image.ts';
export { makeImage } from './image.ts';
export type { ObjectFile, ObjSection, ObjSymbol, Reloc, RelocKind } from './object.ts';
export { AsmError, LinkError, ElfError, formatWarning, gnuMessages, type AsmWarning } from './errors.ts';
export { writeElf } from './elf/writer.ts';
export { readElf } from './elf/reader.ts';
export { readObject, writeObject } from './elf/relocatable.ts';
export { disassemble, disassembleImage, disassembleThumb, type DisassembleOptions } from './disasm/index.ts';
