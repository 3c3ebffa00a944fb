// ELF32 constants used by the writer and the reader (values from the ELF and ARM ELF specs).
export const ELF_HEADER_SIZE = 52;
export const PH_SIZE = 32;
export const SH_SIZE = 40;
export const SYM_SIZE = 16;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const EM_ARM = 40;
/** EABI version 5, soft-float ABI: what GNU ld writes for arm-none-eabi executables. */
export const EF_ARM_EABI5_SOFT = 0x05000200;
/** EABI version 5: what GNU as writes in arm-none-eabi objects. */
export const EF_ARM_EABI5 = 0x05000000;
export const EF_ARM_EABIMASK = 0xff000000;

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_ARM_ATTRIBUTES = 0x70000003;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;
export const SHF_INFO_LINK = 0x40;
export const SHF_TLS = 0x400;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_TLS = 6;
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const REL_SIZE = 8;
export const STB_WEAK = 2;

/** ARM ELF relocation types (AAELF) that we write or read. */
export const R_ARM = {
  NONE: 0, PC24: 1, ABS32: 2, REL32: 3, THM_CALL: 10, CALL: 28, JUMP24: 29, V4BX: 40, THM_JUMP11: 102, THM_JUMP8: 103,
} as const;

/** Non-allocated section carrying our address -> file:line table. */
export const LINES_SECTION = '.handoff.lines';
/** Its counterpart in our relocatable objects (section offsets; GNU ld copies it through, unused). */
export const OBJECT_LINES_SECTION = '.handoff.objlines';
