// ARM-state disassembler producing the text `arm-none-eabi-objdump -d` prints after the bytes
// column: "mnemonic\toperands[\t@ comment]", or the UNDEFINED marker.
import type { LinkedImage } from '../image.ts';
import type { MappingKind } from '../object.ts';
import { cdp, ldcStc, mcrMrc, mcrrMrrc } from './coproc.ts';
import { dataProc } from './dataproc.ts';
import { cond, fmt, hex, hex8, reg, undefinedText, type DecodeCtx } from './format.ts';
import { extraLoadStore, swp, wordByte } from './loadstore.ts';
import { branch, miscellaneous, multiply, swi } from './misc.ts';
import { ldmStm } from './multiple.ts';
import { unconditional } from './uncond.ts';
import { hintsAndMsrImm, media } from './media.ts';
import { disassembleThumb16, disassembleThumb32, isThumb32, ItState } from './thumb.ts';

export interface DisassembleOptions {
  /** Names an address for branch targets and pc-relative loads, as objdump's "<sym+0x..>". */
  symbolize?: (address: number) => string | undefined;
}

function decode(w: number, ctx: DecodeCtx): string {
  if (w >>> 28 === 15) return unconditional(w, ctx);
  switch ((w >>> 25) & 7) {
    case 0: {
      const b74 = (w >>> 4) & 0x9;
      if (b74 === 0x9) {
        if (((w >>> 5) & 3) === 0) {
          if (((w >>> 24) & 1) === 0) return multiply(w);
          if ((w & 0x0fb00ff0) === 0x01000090) return swp(w);
          return synchronization(w);
        }
        // A register offset with bits 11..8 set: objdump still reads LDRD/STRD and the T forms,
        // calls the post-indexed others UNDEFINED and the pre-indexed ones data processing.
        if (((w >>> 22) & 1) === 0 && ((w >>> 8) & 15) !== 0) {
          const dword = ((w >>> 20) & 1) === 0 && ((w >>> 6) & 1) === 1;
          if (!dword && ((w >>> 24) & 1) === 1) return dataProc(w);
        }
        return extraLoadStore(w, ctx);
      }
      if (((w >>> 23) & 3) === 2 && ((w >>> 20) & 1) === 0) {
        // objdump calls an unmatched word with the TEQ opcode UNDEFINED, the others data processing.
        const m = miscellaneous(w, ctx);
        if (m !== null) return m;
        return ((w >>> 21) & 3) === 1 ? undefinedText(w) : dataProc(w);
      }
      return dataProc(w);
    }
    case 1:
      if (((w >>> 23) & 3) === 2 && ((w >>> 20) & 1) === 0) return hintsAndMsrImm(w);
      return dataProc(w);
    case 2:
      return wordByte(w, ctx);
    case 3:
      if ((w >>> 4) & 1) return media(w);
      return wordByte(w, ctx);
    case 4:
      return ldmStm(w);
    case 5:
      return branch(w, ctx);
    case 6:
      // objdump reads MCRR/MRRC on the FPA and Maverick coprocessors as their load/store forms.
      if ((w & 0x0fe00000) === 0x0c400000 && ![1, 2, 4, 5].includes((w >>> 8) & 15)) return mcrrMrrc(w);
      return ldcStc(w, ctx);
    default:
      if ((w >>> 24) & 1) return swi(w);
      return (w >>> 4) & 1 ? mcrMrc(w) : cdp(w);
  }
}

/** Words in the LDREX space that match nothing: objdump reads TEQ/MOV ones as data processing. */
function syncFallback(w: number): string {
  const op = (w >>> 20) & 0x1f;
  return op === 0x13 || op === 0x1a || op === 0x1b ? dataProc(w) : undefinedText(w);
}

/** LDREX/STREX family (ARMv6+) and the ARMv8 load-acquire/store-release forms. */
function synchronization(w: number): string {
  const op = (w >>> 20) & 7; // bits 22..20: size and L
  const kind = (w >>> 8) & 3; // 11: exclusive, 10: acquire/release exclusive, 00: acquire/release
  const rn = (w >>> 16) & 15;
  const rt = (w >>> 12) & 15;
  const rm = w & 15;
  const c = cond(w);
  const size = ['', 'd', 'b', 'h'][op >> 1]!;
  const load = (op & 1) === 1;
  if (((w >>> 10) & 3) !== 3 || kind === 1) return syncFallback(w);
  if (load) {
    if ((w & 15) !== 15) return syncFallback(w);
    const name = kind === 3 ? `ldrex${size}` : kind === 2 ? `ldaex${size}` : size === 'd' ? '' : `lda${size}`;
    if (!name) return syncFallback(w);
    const regs = size === 'd' ? `${reg(rt)}, ${reg(rt + 1)}` : reg(rt);
    return fmt(`${name}${c}`, `${regs}, [${reg(rn)}]`);
  }
  if (kind === 0) {
    if (size === 'd' || rt !== 15) return syncFallback(w);
    return fmt(`stl${size}${c}`, `${reg(rm)}, [${reg(rn)}]`);
  }
  const name = kind === 3 ? `strex${size}` : `stlex${size}`;
  const regs = size === 'd' ? `${reg(rm)}, ${reg(rm + 1)}` : reg(rm);
  const text = fmt(`${name}${c}`, `${reg(rt)}, ${regs}, [${reg(rn)}]`);
  return rt === 15 || rm === 15 || rn === 15 ? `${text}\t@ <UNPREDICTABLE>` : text;
}

function targetFormatter(options: DisassembleOptions): (a: number) => string {
  const sym = options.symbolize;
  return (a) => {
    const name = sym?.(a);
    return name === undefined ? `0x${hex(a)}` : `${hex(a)} <${name}>`;
  };
}

/** Disassembles one word at `address` into objdump's text. */
export function disassemble(word: number, address: number, options: DisassembleOptions = {}): string {
  return decode(word >>> 0, { address: address >>> 0, target: targetFormatter(options) });
}

/**
 * Disassembles one Thumb instruction at `address`: `first` is its first halfword, `second` the next
 * one (used when `first` starts a 32-bit instruction, 0xe800 and above). Outside any IT block.
 */
export function disassembleThumb(first: number, second: number | undefined, address: number, options: DisassembleOptions = {}): { text: string; size: 2 | 4 } {
  const ctx = { address: address >>> 0, target: targetFormatter(options) };
  if (isThumb32(first) && second !== undefined) return { text: disassembleThumb32(((first << 16) | second) >>> 0, ctx), size: 4 };
  return { text: disassembleThumb16(first & 0xffff, ctx), size: 2 };
}

/**
 * A full listing of an image's executable segments, honouring $a/$t/$d mapping symbols like
 * objdump (Thumb IT blocks included). Lines are objdump's; an instruction whose objdump text ends
 * in a newline (the IT branch note) is followed by an empty line, as in objdump's output.
 */
export function disassembleImage(image: LinkedImage): string[] {
  const out: string[] = [];
  const symbolize = (a: number): string | undefined => {
    const s = image.symbolAt(a);
    return s === undefined ? undefined : s.offset === 0 ? s.name : `${s.name}+0x${hex(s.offset)}`;
  };
  for (const seg of image.segments) {
    if (!seg.flags.exec) continue;
    const bytes = seg.data;
    const end = seg.address + bytes.length;
    // Region boundaries from the mapping symbols inside this segment (code by default).
    const marks = image.mappings.filter((m) => m.address > seg.address && m.address < end);
    let kind: MappingKind = 'a';
    for (const m of image.mappings) if (m.address <= seg.address) kind = m.kind;
    // objdump also starts a new data item at every symbol.
    const symAddrs = [...new Set([...image.symbols.values()])].filter((a) => a > seg.address && a < end).sort((a, b) => a - b);
    let addr = seg.address;
    let next = 0;
    let nextSym = 0;
    const it = new ItState();
    const target = targetFormatter({ symbolize });
    while (addr < end) {
      while (next < marks.length && marks[next]!.address <= addr) kind = marks[next++]!.kind;
      while (nextSym < symAddrs.length && symAddrs[nextSym]! <= addr) nextSym++;
      const limit = Math.min(next < marks.length ? marks[next]!.address : end, nextSym < symAddrs.length ? symAddrs[nextSym]! : end);
      const at = addr - seg.address;
      if (kind === 't' && addr % 2 === 0 && limit - addr >= 2) {
        const h = bytes[at]! | (bytes[at + 1]! << 8);
        const ctx = { address: addr, target, it: it.next() };
        const wide = isThumb32(h) && limit - addr >= 4;
        const text = wide ? disassembleThumb32(((h << 16) | bytes[at + 2]! | (bytes[at + 3]! << 8)) >>> 0, ctx) : disassembleThumb16(h, ctx);
        it.start(wide ? 0 : h);
        const h4 = hex(h).padStart(4, '0');
        const col = wide ? `${h4} ${hex(bytes[at + 2]! | (bytes[at + 3]! << 8)).padStart(4, '0')} ` : `${h4}      `;
        out.push(...`${hex(addr).padStart(8)}:\t${col}\t${text}`.split('\n'));
        addr += wide ? 4 : 2;
      } else if (kind === 'a' && addr % 4 === 0 && limit - addr >= 4) {
        const w = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
        out.push(`${hex(addr).padStart(8)}:\t${hex8(w)} \t${disassemble(w, addr, { symbolize })}`);
        addr += 4;
      } else if (addr % 4 === 0 && limit - addr >= 4) {
        const w = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
        out.push(`${hex(addr).padStart(8)}:\t${hex8(w)} \t.word\t0x${hex8(w)}`);
        addr += 4;
      } else if (addr % 2 === 0 && limit - addr >= 2) {
        const h = hex(bytes[at]! | (bytes[at + 1]! << 8)).padStart(4, '0');
        out.push(`${hex(addr).padStart(8)}:\t${h}      \t.short\t0x${h}`);
        addr += 2;
      } else {
        const b = hex(bytes[at]!).padStart(2, '0');
        out.push(`${hex(addr).padStart(8)}:\t${b}          \t.byte\t0x${b}`);
        addr += 1;
      }
    }
  }
  return out;
}
