// Disassembler entry point (filled in by the per-class decoders).
import type { LinkedImage } from '../image.ts';

export interface DisassembleOptions {
  /** Names an address for branch targets and pc-relative loads, as objdump's "<sym+0x..>". */
  symbolize?: (address: number) => string | undefined;
}

export function disassemble(word: number, _address: number, _options: DisassembleOptions = {}): string {
  return `\t\t@ <UNDEFINED> instruction: 0x${(word >>> 0).toString(16).padStart(8, '0')}`;
}

export function disassembleImage(_image: LinkedImage): string[] {
  return [];
}
