// Thumb disassembler producing the text `arm-none-eabi-objdump -d` (binutils 2.40) prints after
// the bytes column: every 16-bit encoding objdump decodes (ARMv4T..ARMv8-M: the ARMv5TE set plus
// CBZ/CBNZ, IT, hints, CPS, SETEND, SETPAN, REV*, SXT*/UXT*, HLT, BXNS/BLXNS, UDF), the BL/BLX
// halfword pairs (with Thumb-2's J1/J2 bits, as objdump reads them), and IT blocks (conditions on
// the instructions inside, objdump's `unpredictable` notes). Other 32-bit Thumb-2 words are not
// decoded: they print as UNDEFINED (objdump prints their Thumb-2 mnemonics).
import { fmt, hex, reg, wantsHex } from './format.ts';

/** The IT block an instruction is in: its condition and whether it is the block's last. */
export interface ItSlot {
  readonly cond: number;
  readonly last: boolean;
}

export interface ThumbContext {
  readonly address: number;
  /** Formats a code/data address: "0x1c" alone, or "1c <sym+0x4>" with a symbolizer. */
  target(address: number): string;
  /** Set when the instruction is inside an IT block. */
  readonly it?: ItSlot;
}

const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', ''];
/** Conditions as objdump names them inside IT blocks and in IT instructions. */
const IT_CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', '<und>'];

function list(mask: number, extra?: string): string {
  const names: string[] = [];
  for (let i = 0; i < 8; i++) if (mask & (1 << i)) names.push(reg(i));
  if (extra) names.push(extra);
  return `{${names.join(', ')}}`;
}

/** "<before>#n<after>" with objdump's hex comment for values above 32. */
function imm(mn: string, before: string, v: number, after = ''): string {
  return fmt(mn, `${before}#${v}${after}`, wantsHex(v) ? `0x${hex(v)}` : undefined);
}

export function undefinedThumb(h: number): string {
  return `\t\t@ <UNDEFINED> instruction: 0x${hex(h).padStart(4, '0')}`;
}

/**
 * One 16-bit Thumb instruction. `s` is objdump's %C (the 's' of flag-setting forms outside an IT
 * block, the condition inside), `c` its %c (the condition inside an IT block, else nothing).
 */
export function disassembleThumb16(h: number, ctx: ThumbContext): string {
  const it = ctx.it;
  const c = it ? IT_CONDS[it.cond]! : '';
  const s = it ? c : 's';
  // objdump's notes: %X on instructions that must not be in an IT block, %x on branches that must
  // be its last (that note ends in a newline, so objdump's listing has an empty line after it).
  const inIt = (text: string): string => (it ? `${text}\t@ unpredictable <IT:${IT_CONDS[it.cond]}>` : text);
  const notLast = (text: string): string => branchNote(text, it);
  const r3 = (lo: number): string => reg((h >> lo) & 7);
  const rd = r3(0);
  const rs = r3(3);
  const top5 = h >>> 11;

  // ARMv8-M security extensions, ARMv8 and PAN, then the hints and ARMv6T2 ones.
  if ((h & 0xff87) === 0x4784) return fmt(`blxns${c}`, reg((h >> 3) & 15));
  if ((h & 0xff87) === 0x4704) return fmt(`bxns${c}`, reg((h >> 3) & 15));
  if (h === 0xbf50) return `sevl${c}`;
  if ((h & 0xffc0) === 0xba80) return fmt('hlt', `0x${hex(h & 0x3f).padStart(4, '0')}`);
  if ((h & 0xfff7) === 0xb610) return fmt('setpan', `#${(h >> 3) & 1}`);
  if ((h & 0xff00) === 0xbf00) {
    const hint = ['nop', 'yield', 'wfe', 'wfi', 'sev'][(h >> 4) & 15];
    if ((h & 0xf) === 0) return hint ? `${hint}${c}` : fmt(`nop${c}`, `{${(h >> 4) & 15}}`);
    return inIt(itText(h));
  }
  if ((h & 0xf500) === 0xb100) {
    const off = (((h >> 3) & 0x1f) << 1) | (((h >> 9) & 1) << 6);
    return inIt(fmt((h & 0x0800) !== 0 ? 'cbnz' : 'cbz', `${rd}, ${ctx.target((ctx.address + 4 + off) >>> 0)}`));
  }
  if ((h & 0xffe8) === 0xb660) {
    const flags = `${h & 4 ? 'a' : ''}${h & 2 ? 'i' : ''}${h & 1 ? 'f' : ''}`;
    return inIt(fmt(h & 0x10 ? 'cpsid' : 'cpsie', flags));
  }
  if ((h & 0xffc0) === 0x4600) return fmt(`mov${c}`, `${rd}, ${rs}`);
  if ((h & 0xff00) === 0xba00 && (h & 0xc0) !== 0x80) return fmt(`${['rev', 'rev16', '', 'revsh'][(h >> 6) & 3]}${c}`, `${rd}, ${rs}`);
  if ((h & 0xfff7) === 0xb650) return inIt(fmt('setend', h & 8 ? 'be' : 'le'));
  if ((h & 0xff00) === 0xb200) return fmt(`${['sxth', 'sxtb', 'uxth', 'uxtb'][(h >> 6) & 3]}${c}`, `${rd}, ${rs}`);
  if ((h & 0xff00) === 0xbe00) return fmt('bkpt', `0x${hex(h & 0xff).padStart(4, '0')}`);
  if ((h & 0xff87) === 0x4780) return notLast(fmt(`blx${c}`, reg((h >> 3) & 15)));
  if (h === 0x46c0) return `nop${c}\t\t\t@ (mov r8, r8)`;

  switch (top5) {
    case 0: // LSL #imm (MOVS when 0)
      if ((h & 0x07c0) === 0) return fmt(`mov${s}`, `${rd}, ${rs}`);
      return fmt(`lsl${s}`, `${rd}, ${rs}, #${(h >> 6) & 31}`);
    case 1:
    case 2:
      return fmt(`${top5 === 1 ? 'lsr' : 'asr'}${s}`, `${rd}, ${rs}, #${((h >> 6) & 31) || 32}`);
    case 3: {
      const op = (h >> 9) & 3;
      const mn = `${op & 1 ? 'sub' : 'add'}${s}`;
      return op & 2 ? fmt(mn, `${rd}, ${rs}, #${(h >> 6) & 7}`) : fmt(mn, `${rd}, ${rs}, ${r3(6)}`);
    }
    case 4: case 5: case 6: case 7: {
      const mn = top5 === 5 ? `cmp${c}` : `${['mov', '', 'add', 'sub'][top5 - 4]}${s}`;
      return imm(mn, `${r3(8)}, `, h & 0xff);
    }
    case 8:
      if ((h & 0x0400) === 0) {
        const op = (h >> 6) & 15;
        const mn = ['and', 'eor', 'lsl', 'lsr', 'asr', 'adc', 'sbc', 'ror', 'tst', 'neg', 'cmp', 'cmn', 'orr', 'mul', 'bic', 'mvn'][op]!;
        return fmt(`${mn}${op === 8 || op === 10 || op === 11 ? c : s}`, `${rd}, ${rs}`);
      }
      return highRegister(h, c, notLast);
    case 9: {
      const off = (h & 0xff) * 4;
      return fmt(`ldr${c}`, `${r3(8)}, [pc, #${off}]`, `(${ctx.target((((ctx.address + 4) & ~3) + off) >>> 0)})`);
    }
    case 10: case 11: {
      const op = (h >> 9) & 7;
      const mn = ['str', 'strh', 'strb', 'ldrsb', 'ldr', 'ldrh', 'ldrb', 'ldrsh'][op]!;
      return fmt(`${mn}${c}`, `${rd}, [${rs}, ${r3(6)}]`);
    }
    case 12: case 13: case 14: case 15: case 16: case 17: {
      const [mn, scale] = ([['str', 4], ['ldr', 4], ['strb', 1], ['ldrb', 1], ['strh', 2], ['ldrh', 2]] as const)[top5 - 12]!;
      return imm(`${mn}${c}`, `${rd}, [${rs}, `, ((h >> 6) & 31) * scale, ']');
    }
    case 18: case 19:
      return imm(`${top5 === 18 ? 'str' : 'ldr'}${c}`, `${r3(8)}, [sp, `, (h & 0xff) * 4, ']');
    case 20: {
      const off = (h & 0xff) * 4;
      return fmt(`add${c}`, `${r3(8)}, pc, #${off}`, `(adr ${r3(8)}, ${ctx.target((((ctx.address + 4) & ~3) + off) >>> 0)})`);
    }
    case 21:
      return imm(`add${c}`, `${r3(8)}, sp, `, (h & 0xff) * 4);
    case 22: case 23:
      return miscellaneous(h, c);
    case 24:
      return fmt(`stmia${c}`, `${r3(8)}!, ${list(h & 0xff)}`);
    case 25:
      return fmt(`ldmia${c}`, `${r3(8)}${h & (1 << ((h >> 8) & 7)) ? '' : '!'}, ${list(h & 0xff)}`);
    case 26: case 27: {
      const cc = (h >> 8) & 15;
      if (cc === 14) return fmt(`udf${c}`, `#${h & 0xff}`, wantsHex(h & 0xff) ? `0x${hex(h & 0xff)}` : undefined);
      if (cc === 15) return fmt(`svc${c}`, `${h & 0xff}`, wantsHex(h & 0xff) ? `0x${hex(h & 0xff)}` : undefined);
      const off = ((h & 0xff) << 24) >> 23;
      return inIt(fmt(`b${CONDS[cc]}.n`, ctx.target((ctx.address + 4 + off) >>> 0)));
    }
    case 28: {
      const off = ((h & 0x7ff) << 21) >> 20;
      return notLast(fmt(`b${c}.n`, ctx.target((ctx.address + 4 + off) >>> 0)));
    }
    default:
      return undefinedThumb(h);
  }
}

/** ADD/CMP/MOV with high registers, BX. */
function highRegister(h: number, c: string, notLast: (t: string) => string): string {
  const op = (h >> 8) & 3;
  const rm = reg((h >> 3) & 15);
  const rd = reg(((h >> 4) & 8) | (h & 7));
  if (op === 3) {
    if ((h & 0x80) === 0 && (h & 7) === 0) return notLast(fmt(`bx${c}`, rm));
    if ((h & 0x80) === 0) return notLast(fmt(`bx${c}`, rm));
    return undefinedThumb(h);
  }
  return fmt(`${['add', 'cmp', 'mov'][op]}${c}`, `${rd}, ${rm}`);
}

/** 1011 xxxx: SP adjust, PUSH/POP (the rest is decoded above or undefined). */
function miscellaneous(h: number, c: string): string {
  if ((h & 0xff00) === 0xb000) return imm(`${h & 0x80 ? 'sub' : 'add'}${c}`, 'sp, ', (h & 0x7f) * 4);
  if ((h & 0xfe00) === 0xb400) return fmt(`push${c}`, list(h & 0xff, h & 0x100 ? 'lr' : undefined));
  if ((h & 0xfe00) === 0xbc00) return fmt(`pop${c}`, list(h & 0xff, h & 0x100 ? 'pc' : undefined));
  return undefinedThumb(h);
}

/** "it", "itt", "ite", ... with the first condition; letters from the mask, as objdump prints. */
function itText(h: number): string {
  const firstCond = (h >> 4) & 15;
  const mask = h & 15;
  let letters = '';
  const lsb = mask & -mask;
  for (let bit = 8; bit > lsb; bit >>= 1) letters += (mask & bit ? 1 : 0) === (firstCond & 1) ? 't' : 'e';
  return fmt(`it${letters}`, IT_CONDS[firstCond]!);
}

function branchNote(text: string, it: ItSlot | undefined): string {
  return it && !it.last ? `${text}\t@ unpredictable branch in IT block\n` : text;
}

/** The IT state after an IT instruction: slots for the following instructions. */
export class ItState {
  private state = 0;
  /** The slot of the next instruction (undefined outside a block); advances the state. */
  next(): ItSlot | undefined {
    if ((this.state & 0xf) === 0) return undefined;
    const slot = { cond: this.state >> 4, last: (this.state & 0xf) === 8 };
    this.state = (this.state & 7) === 0 ? 0 : (this.state & 0xe0) | ((this.state << 1) & 0x1f);
    return slot;
  }
  /** An IT instruction starts a block (also inside one, as objdump follows it). */
  start(h: number): void {
    if ((h & 0xff00) === 0xbf00 && (h & 0xf) !== 0) this.state = h & 0xff;
  }
}

/** Whether a halfword starts a 32-bit Thumb instruction (objdump reads 0xe800..0xffff so). */
export const isThumb32 = (h: number): boolean => h >= 0xe800;

/** A 32-bit Thumb word (first halfword in bits 31..16): BL/BLX, else undecoded. */
export function disassembleThumb32(w: number, ctx: ThumbContext): string {
  const hi = w >>> 16;
  const lo = w & 0xffff;
  const c = ctx.it ? IT_CONDS[ctx.it.cond]! : '';
  if ((hi & 0xf800) === 0xf000 && (lo & 0xc000) === 0xc000 && ((lo & 0x1000) !== 0 || (lo & 1) === 0)) {
    const s = (hi >> 10) & 1;
    const i1 = 1 - (((lo >> 13) & 1) ^ s);
    const i2 = 1 - (((lo >> 11) & 1) ^ s);
    const off = (((s << 24) | (i1 << 23) | (i2 << 22) | ((hi & 0x3ff) << 12) | ((lo & 0x7ff) << 1)) << 7) >> 7;
    const blx = (lo & 0x1000) === 0;
    const base = blx ? (ctx.address + 4) & ~3 : ctx.address + 4;
    return branchNote(fmt(`${blx ? 'blx' : 'bl'}${c}`, ctx.target((base + off) >>> 0)), ctx.it);
  }
  return `\t\t@ <UNDEFINED> instruction: 0x${hex(w >>> 0).padStart(8, '0')}`;
}

