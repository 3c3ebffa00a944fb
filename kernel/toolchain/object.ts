// The relocatable object the assembler produces and the linker consumes. It is a plain data
// structure (not ELF): addends are explicit, and every byte-emitting statement has a line entry.
import type { AsmWarning } from './errors.ts';

/** How the linker patches a word once the target address is known. */
export type RelocKind =
  | 'abs32' // the whole word = S + A (| 1 for a Thumb function)
  | 'rel32' // the whole word = S + A - P
  | 'v4bx' // marks a BX (GNU's R_ARM_V4BX): nothing to patch
  | 'branch24' // B/BL: signed word offset (S + A - P - 8) >> 2 in bits 23..0
  | 'blx24' // BLX imm: as branch24 plus the H bit (bit 24) for halfword targets
  | 'thm_call' // Thumb BL/BLX pair: 22-bit halfword offset from P + 4 (BLX: from Align(P + 4, 4))
  | 'thm_jump11' // Thumb B: 11-bit halfword offset from P + 4
  | 'thm_jump8' // Thumb B<cond>: 8-bit halfword offset from P + 4
  | 'other'; // another ELF type (`elfType`: GOT, TLS, TARGET1/2, ... from a relocation suffix) with
  //            its in-place value already in the bytes; the linker does not apply these

/** What the bytes from an offset on are: ARM code, Thumb code or data (ELF's $a, $t, $d). */
export type MappingKind = 'a' | 't' | 'd';

export type RelocTarget =
  | { readonly kind: 'section'; readonly section: string }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'absolute' };

export interface Reloc {
  readonly offset: number;
  readonly kind: RelocKind;
  readonly target: RelocTarget;
  readonly addend: number;
  /** The ELF relocation type of an 'other' relocation. */
  readonly elfType?: number;
  /** Where the reference was written, for link errors (line 0: unknown; column 0: the line only). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The section of a relocation read from an object file, named where no line is known (GNU ld: `a.o:(.text+0x4)`). */
  readonly section?: string;
}

export interface LineEntry {
  readonly offset: number;
  readonly file: string;
  readonly line: number;
}

/** Mapping symbol: from this offset on the bytes are of this kind. */
export interface MappingEntry {
  readonly offset: number;
  readonly kind: MappingKind;
  /** Creation order among sections, mapping symbols and symbols (the ELF symbol table's order). */
  readonly seq?: number;
}

export interface SectionFlags {
  readonly write: boolean;
  readonly exec: boolean;
  readonly alloc: boolean;
  /** Thread-local storage (ELF SHF_TLS; GNU's "T"): symbols defined in it are STT_TLS. */
  readonly tls?: boolean;
}

export interface ObjSection {
  readonly name: string;
  /** nobits: no file contents (like .bss); data is then empty and `size` counts the bytes. */
  readonly nobits: boolean;
  readonly flags: SectionFlags;
  readonly data: Uint8Array;
  readonly size: number;
  readonly align: number;
  /** Creation order among sections, mapping symbols and symbols (the ELF symbol table's order). */
  readonly seq?: number;
  readonly relocs: readonly Reloc[];
  readonly lines: readonly LineEntry[];
  readonly mappings: readonly MappingEntry[];
}

export interface ObjSymbol {
  readonly name: string;
  /** Section name, or null for an absolute symbol. */
  readonly section: string | null;
  readonly value: number;
  readonly global: boolean;
  readonly type?: 'function' | 'object' | 'tls';
  /** Defined in Thumb code: with type 'function' a Thumb function (addresses taken get bit 0 set). */
  readonly thumb?: boolean;
  /** Creation order among sections, mapping symbols and symbols (the ELF symbol table's order). */
  readonly seq?: number;
}

export interface ObjectFile {
  readonly file: string;
  readonly sections: readonly ObjSection[];
  /** Defined symbols (locals too; names starting ".L" are omitted). */
  readonly symbols: readonly ObjSymbol[];
  /** Symbols referenced but not defined here (resolved by the linker). */
  readonly undefinedSymbols: readonly string[];
  /** Those of them referenced as thread-local (STT_TLS in the symbol table). */
  readonly undefinedTls?: readonly string[];
  /** Global and undefined names in the order of their symbol table entries (GNU: first mention). */
  readonly globalOrder?: readonly string[];
  /** Warnings of the assembly (GNU as warns in the same places). */
  readonly warnings: readonly AsmWarning[];
  /** Build attributes set by `.eabi_attribute` (tag: integer and/or string value). */
  readonly attributes?: readonly (readonly [number, { readonly int?: number; readonly str?: string }])[];
  /** The architecture selected by `.arch`/`.cpu` (for the build attributes); ARMv5TE if absent. */
  readonly arch?: { readonly name: string; readonly arch: number; readonly thumb: boolean };
}
