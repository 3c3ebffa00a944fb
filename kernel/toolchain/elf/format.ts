// ELF32 constants used by the writer and the reader (values from the ELF and ARM ELF specs).
export const ELF_HEADER_SIZE = 52;
export const PH_SIZE = 32;
export const SH_SIZE = 40;
export const SYM_SIZE = 16;

export const ET_EXEC = 2;
export const EM_ARM = 40;
/** EABI version 5, soft-float ABI: what GNU ld writes for arm-none-eabi executables. */
export const EF_ARM_EABI5_SOFT = 0x05000200;

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const SHN_ABS = 0xfff1;

/** Non-allocated section carrying our address -> file:line table. */
export const LINES_SECTION = '.handoff.lines';
