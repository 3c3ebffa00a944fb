// Assembler directives: sections, symbols, data, alignment, conditionals, macros, loops, include.
import { AsmError } from '../errors.ts';
import type { SectionFlags } from '../object.ts';
import type { Assembler } from './assembler.ts';
import { parseExprTs, resolveInclude, THUMB_NOP } from './assembler.ts';
import { fieldValue, fits32, fitsField } from './datavalue.ts';
import type { Expr } from './expr.ts';
import { stringBytes, TokenStream, type Token } from './lexer.ts';
import { archByName, ATTRIBUTE_TAGS, cpuByName } from './arch.ts';
import { attributeIsString } from '../elf/relocatable.ts';
import { dataSuffix, TLS_DESCSEQ, type RelocSuffix } from './relocsuffix.ts';
import { loopItems, parseMacroHeader, splitTopLevel, substitute } from './macros.ts';
import { splitStatements, type Statement } from './source.ts';

type Handler = (asm: Assembler, ts: TokenStream, st: Statement, head: Token) => void;

const MAX_REPT = 1_000_000;
const NOP_WORD = 0xe1a00000;

function exprAt(asm: Assembler, ts: TokenStream): { e: Expr; col: number } {
  const col = ts.peek().col;
  return { e: parseExprTs(ts, asm), col };
}

function absArg(asm: Assembler, ts: TokenStream, what: string): number {
  const { e, col } = exprAt(asm, ts);
  return asm.absoluteNow(e, col, what);
}

function symbolName(ts: TokenStream): string {
  const t = ts.peek();
  if (t.kind !== 'id') ts.fail(`symbol name expected, found '${t.text || 'end of line'}'`);
  ts.next();
  return t.text;
}

function dataDirective(size: number, suffixes = false): Handler {
  return (asm, ts) => {
    if (ts.atEnd()) return;
    let cur = ts;
    for (;;) {
      const start = cur.index;
      let { e, col } = exprAt(asm, cur);
      let reloc: RelocSuffix | undefined;
      // .word/.long take a relocation suffix after a symbol (plus a constant): sym(GOT).
      if (suffixes && cur.isOp('(') && cur.peek(1).kind === 'id' && cur.isOp(')', 2) && asm.isSymbolPlusConstant(e)) {
        const name = cur.peek(1);
        const r = dataSuffix(name.text);
        if (r === 'plt') cur.index += 3; // GNU writes a plain word
        else if (typeof r === 'string') return cur.fail(r, name);
        else {
          // GNU reads the expression again without the suffix: sym(GOT) + 4 is sym + 4.
          const toks = [...cur.toks];
          toks.splice(cur.index, 3);
          cur = new TokenStream(toks, cur.pos);
          cur.index = start;
          ({ e, col } = exprAt(asm, cur));
          reloc = r;
        }
      }
      asm.emitData(e, size, col, false, reloc);
      if (!cur.accept(',')) break;
    }
    cur.expectEnd();
  };
}

/**
 * .float/.single (IEEE single) and .double: GNU's literals ("1.5", "-2e3", ".5", "1.", "inf",
 * "nan", an optional "0f"/"0d"/... prefix), converted as GNU does: the exact value rounded half
 * up on the first bit left out (denormals included); a value too large, or so small that GNU's
 * converter gives up, is an error ("cannot create floating-point number").
 */
export function floatDirective(asm: Assembler, name: string, text: string, col: number): void {
  const size = name === '.double' ? 8 : 4;
  const items = text.trim() === '' ? [] : text.split(',');
  let at = col;
  for (const item of items) {
    const pos = { ...asm.pos, column: at + (item.length - item.trimStart().length) + 1 };
    at += item.length + 1;
    const lit = item.trim();
    const f = parseFloatLiteral(lit);
    if (f === null) throw new AsmError(pos, `bad floating-point number '${lit}'`);
    const bits = ieeeBits(f, size === 4 ? 8 : 11, size === 4 ? 23 : 52);
    if (bits === null) throw new AsmError(pos, `cannot create floating-point number (${lit} is out of the range of ${size === 4 ? 'single' : 'double'} precision)`);
    const bytes: number[] = [];
    for (let i = 0n; i < BigInt(size); i++) bytes.push(Number((bits >> (8n * i)) & 0xffn));
    asm.requireData();
    asm.cur.mark('d');
    asm.cur.line(asm.pos.file, asm.pos.line);
    asm.cur.bytes(bytes);
  }
}

/** A float literal: sign, and the value digits * 10^exp, or infinity, or nan. */
type FloatLiteral =
  | { readonly negative: boolean; readonly kind: 'number'; readonly digits: bigint; readonly exp: number }
  | { readonly negative: boolean; readonly kind: 'inf' | 'nan' };

function parseFloatLiteral(s: string): FloatLiteral | null {
  let t = s;
  let negative = false;
  const signs = (): void => {
    while (t.startsWith('-') || t.startsWith('+')) {
      if (t[0] === '-') negative = !negative;
      t = t.slice(1);
    }
  };
  signs();
  // GNU's float prefix: 0 and a letter (0f1.5, 0d2.0, 0x1), then maybe a sign again.
  if (/^0[a-z]/i.test(t)) {
    t = t.slice(2);
    signs();
  }
  if (/^inf(inity)?$/i.test(t)) return { negative, kind: 'inf' };
  if (/^nan$/i.test(t)) return { negative, kind: 'nan' };
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d*))?$/.exec(t);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const frac = m[2] ?? '';
  const e = m[3] !== undefined && /\d/.test(m[3]) ? Number(m[3]) : 0;
  return { negative, kind: 'number', digits: BigInt(`${m[1]}${frac}` || '0'), exp: e - frac.length };
}

/** The IEEE encoding of a literal with `eb` exponent and `mb` mantissa bits, or null (GNU's error). */
function ieeeBits(f: FloatLiteral, eb: number, mb: number): bigint | null {
  const sign = f.negative ? 1n << BigInt(eb + mb) : 0n;
  const maxExp = (1n << BigInt(eb)) - 1n;
  if (f.kind !== 'number') {
    if (f.kind === 'inf') return sign | (maxExp << BigInt(mb));
    // GNU's NaN: every bit but the sign (-nan: every bit).
    return f.negative ? (1n << BigInt(eb + mb + 1)) - 1n : (1n << BigInt(eb + mb)) - 1n;
  }
  const { digits, exp } = f;
  if (digits === 0n) return sign;
  // floor(value * 2^k), exactly.
  const scaled = (k: number): bigint => {
    let num = digits;
    let den = 1n;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den = 10n ** BigInt(-exp);
    if (k >= 0) num <<= BigInt(k);
    else den <<= BigInt(-k);
    return num / den;
  };
  // e: the binary exponent of the leading bit.
  let e = Math.floor(digits.toString(2).length - 1 + exp * Math.log2(10));
  while (scaled(-e) >= 2n) e++;
  while (scaled(-e) === 0n) e--;
  const bias = (1 << (eb - 1)) - 1;
  const biased = e + bias;
  const round = (k: number): bigint => scaled(k) + (scaled(k + 1) & 1n);
  if (biased <= 0) {
    // GNU gives up when the value lies too far below the smallest normal number.
    const n = -biased;
    if (n >= 16 - eb && n - (15 - eb) + eb + 1 > ((eb + mb + 1) / 16) * 16) return null;
    return sign | round(mb - (1 - bias)); // a carry into the exponent gives the smallest normal
  }
  if (BigInt(biased) >= maxExp) return null;
  const m = round(mb - e); // in [2^mb, 2^(mb+1)]; a carry raises the exponent (to infinity at the top)
  return sign | ((BigInt(biased) << BigInt(mb)) + m - (1n << BigInt(mb)));
}

/** .ascii/.asciz, and .string8/16/32/64 (each character a little-endian unit of that width, then a zero unit). */
function stringDirective(zero: boolean, width = 1): Handler {
  return (asm, ts) => {
    for (;;) {
      const t = ts.peek();
      if (t.kind !== 'str') ts.fail(`string expected, found '${t.text || 'end of line'}'`);
      ts.next();
      asm.requireData();
      asm.cur.mark('d');
      asm.cur.line(asm.pos.file, asm.pos.line);
      const bytes: number[] = [];
      const unit = (c: number): void => {
        bytes.push(c & 0xff);
        for (let k = 1; k < width; k++) bytes.push(0);
      };
      for (const b of stringBytes(t.text)) unit(b);
      if (zero) unit(0);
      asm.cur.bytes(bytes);
      if (!ts.accept(',')) break;
    }
    ts.expectEnd();
  };
}

/** .octa: 16-byte integers (a number may be up to 128 bits; expressions are 64-bit, sign-extended). */
function octaDirective(asm: Assembler, ts: TokenStream): void {
  if (ts.atEnd()) return;
  for (;;) {
    let v: bigint;
    const neg = ts.isOp('-') && ts.peek(1).kind === 'num' && (ts.isOp(',', 2) || ts.peek(2).kind === 'eof');
    if (neg) ts.next();
    if (ts.peek().kind === 'num' && (ts.isOp(',', 1) || ts.peek(1).kind === 'eof')) {
      v = ts.next().num;
      if (neg) v = -v;
    } else {
      const { e, col } = exprAt(asm, ts);
      v = asm.absoluteBig(e, col, '.octa value');
    }
    if (v >= 1n << 128n || v < -(1n << 127n)) ts.fail(`.octa value does not fit in 128 bits`);
    const u = BigInt.asUintN(128, v);
    const bytes: number[] = [];
    for (let i = 0n; i < 16n; i++) bytes.push(Number((u >> (8n * i)) & 0xffn));
    if (u !== 0n) asm.requireData();
    asm.cur.mark('d');
    asm.cur.line(asm.pos.file, asm.pos.line);
    asm.cur.bytes(bytes);
    if (!ts.accept(',')) break;
  }
  ts.expectEnd();
}

/** .incbin "file"[, skip[, count]]: the file's bytes (searched like .include). */
function incbinDirective(asm: Assembler, ts: TokenStream): void {
  const t = ts.next();
  if (t.kind !== 'str') return ts.fail('file name in quotes expected', t);
  let skip = 0;
  let count: number | undefined;
  if (ts.accept(',')) {
    skip = absArg(asm, ts, 'skip');
    if (ts.accept(',')) count = absArg(asm, ts, 'count');
  }
  ts.expectEnd();
  const path = resolveInclude(asm, t.str, asm.pos.file);
  if (path === '') return ts.fail(`file not found: ${t.str}`, t);
  const data = asm.readBinary(path);
  if (skip < 0 || skip > data.length) return ts.fail(`skip (${skip}) out of range for ${t.str} (${data.length} bytes)`);
  const end = count === undefined ? data.length : skip + count;
  if (count !== undefined && (count < 0 || end > data.length)) return ts.fail(`count (${count}) out of range for ${t.str} (${data.length} bytes, skip ${skip})`);
  asm.requireData();
  asm.cur.mark('d');
  asm.cur.line(asm.pos.file, asm.pos.line);
  asm.cur.bytes(data.subarray(skip, end));
}

/**
 * Switches between ARM and Thumb (GNU's opcode_select): entering ARM state from Thumb pads the
 * section to a word with zeros.
 */
function selectState(asm: Assembler, thumb: boolean): void {
  const sec = asm.cur;
  if (!thumb && asm.thumb) {
    sec.mark2('d');
    if (sec.size % 4 !== 0 && !sec.nobits) sec.fill(4 - (sec.size % 4), 0);
  }
  // GNU records a halfword alignment for the section when the state changes (either way).
  if (thumb !== asm.thumb) sec.align = Math.max(sec.align, 2);
  asm.thumb = thumb;
}

/** `.set name, expr` and its kin (`mode`: see Assembler.setSymbol); returns the name. */
function setDirective(asm: Assembler, ts: TokenStream, mode: 'set' | 'equiv' | 'eqv'): string {
  const name = symbolName(ts);
  asm.syms.ref(name); // GNU makes the symbol before reading the expression (its table order)
  ts.expect(',');
  const { e } = exprAt(asm, ts);
  ts.expectEnd();
  asm.setSymbol(name, e, asm.pos, mode);
  return name;
}

/**
 * Pads to `bytes` (no padding if more than `max` (when above 0) would be needed). In a code section without a
 * fill value, GNU pads with zeros up to whole instructions and then NOPs of the state in force.
 */
function alignTo(asm: Assembler, bytes: number, fill: number | undefined, fillSize: number, max: number | undefined): void {
  const sec = asm.cur;
  sec.align = Math.max(sec.align, bytes);
  if (bytes === 1) return; // GNU makes no alignment frag (nor mapping symbol) for 2**0
  let pad = (bytes - (sec.size % bytes)) % bytes;
  // A maximum of zero or less is no maximum (GNU as).
  if (max !== undefined && max > 0 && pad > max) pad = 0;
  if (fill === undefined && sec.flags.exec && !sec.nobits) {
    const kind = asm.thumb ? 't' : 'a';
    sec.markCodeAlign(kind, pad);
    const fix = pad % (kind === 't' ? 2 : 4);
    sec.fill(fix, 0);
    if (kind === 't') for (let i = fix; i < pad; i += 2) sec.half(THUMB_NOP);
    else for (let i = fix; i < pad; i += 4) sec.word(NOP_WORD);
    return;
  }
  sec.mark2('d');
  if (pad === 0) return;
  if (fill !== undefined && fill !== 0 && sec.nobits) asm.requireData();
  if (fillSize === 1) {
    sec.fill(pad, fill ?? 0);
    return;
  }
  for (let i = 0; i < pad; i++) {
    const k = (sec.size % fillSize);
    sec.fill(1, ((fill ?? 0) >>> (8 * k)) & 0xff);
  }
}

function alignDirective(kind: 'p2' | 'b' | 'align', fillSize: number): Handler {
  return (asm, ts) => {
    let n = kind === 'b' ? 4 : kind === 'p2' ? 0 : 2;
    let fill: number | undefined;
    let max: number | undefined;
    if (!ts.atEnd()) {
      if (!ts.isOp(',')) n = absArg(asm, ts, 'alignment');
      if (ts.accept(',')) {
        if (!ts.isOp(',')) fill = alignFill(asm, ts, fillSize);
        if (ts.accept(',')) max = absArg(asm, ts, 'maximum skip');
      }
    }
    ts.expectEnd();
    let bytes: number;
    // On ARM, ".align 0" means word alignment, like ".align" alone.
    if (kind === 'align' && n === 0) n = 2;
    if (kind !== 'b') {
      if (n < 0 || n > 16) ts.fail(`alignment ${n} too large (at most 16)`);
      bytes = 2 ** n;
    } else {
      if (n <= 0) n = 1;
      if (n > 65536 || (n & (n - 1)) !== 0) ts.fail(`alignment ${n} is not a power of 2 (up to 65536)`);
      bytes = n;
    }
    alignTo(asm, bytes, fill, fillSize, max);
  };
}

/** A fill byte: GNU's data-field rule (out of range: its warning, truncated). */
function fillByte(asm: Assembler, ts: TokenStream): number {
  const { e, col } = exprAt(asm, ts);
  const f = fieldValue({ add: asm.absoluteBig(e, col, 'fill value'), base: null }, 1);
  if (f.warning) asm.warn({ ...asm.pos, column: col }, f.warning);
  return Number(f.bits);
}

/** A fill pattern of `size` bytes (.align, .org): GNU truncates silently, so out of range is an error. */
function alignFill(asm: Assembler, ts: TokenStream, size: number): number {
  const { e, col } = exprAt(asm, ts);
  const v = asm.absoluteBig(e, col, 'fill value');
  if (!fitsField(v, size)) throw new AsmError({ ...asm.pos, column: col }, `fill value ${v} does not fit in ${size} byte${size === 1 ? '' : 's'}`);
  return Number(BigInt.asIntN(32, v));
}

function spaceDirective(asm: Assembler, ts: TokenStream): void {
  asm.cur.mark('d');
  const n = absArg(asm, ts, 'size');
  let fill = 0;
  if (ts.accept(',')) fill = fillByte(asm, ts);
  ts.expectEnd();
  if (n <= 0) {
    asm.warn(asm.pos, '.space repeat count is zero, ignored');
    return;
  }
  if (n > 0x10000000) ts.fail(`size ${n} too large`);
  if (fill !== 0) asm.requireData();
  asm.cur.mark2('d');
  asm.cur.line(asm.pos.file, asm.pos.line);
  asm.cur.fill(n, fill);
}

function fillDirective(asm: Assembler, ts: TokenStream): void {
  asm.cur.mark('d');
  const repeat = absArg(asm, ts, 'repeat count');
  let size = 1;
  let value = 0n;
  let valueCol = 0;
  if (ts.accept(',')) {
    if (!ts.isOp(',')) size = absArg(asm, ts, 'size');
    if (ts.accept(',')) {
      const { e, col } = exprAt(asm, ts);
      valueCol = col;
      value = asm.absoluteBig(e, col, 'value');
    }
  }
  ts.expectEnd();
  // The value is 4 bytes (GNU drops higher bits silently: refused here).
  if (!fits32(value)) throw new AsmError({ ...asm.pos, column: valueCol }, `.fill value ${value} does not fit in 32 bits`);
  if (size > 8) {
    asm.warn(asm.pos, '.fill size clamped to 8');
    size = 8;
  }
  if (size < 0) return asm.warn(asm.pos, 'size negative; .fill ignored');
  if (repeat < 0) return asm.warn(asm.pos, 'repeat < 0; .fill ignored');
  if (repeat === 0 || size === 0) return;
  if (repeat * size > 0x10000000) ts.fail(`.fill of ${repeat * size} bytes is too large`);
  if (value !== 0n) asm.requireData();
  asm.cur.mark2('d');
  asm.cur.line(asm.pos.file, asm.pos.line);
  const word = Number(BigInt.asUintN(32, value));
  const bytes: number[] = [];
  for (let i = 0; i < size; i++) bytes.push(i < 4 ? (word >>> (8 * i)) & 0xff : 0);
  for (let r = 0; r < repeat; r++) asm.cur.bytes(bytes);
}

/**
 * .inst: instruction words. In Thumb state a value above 0xffff is a 32-bit instruction (first
 * halfword in bits 31..16) and one from 0xe800 to 0xffff is ambiguous (.inst.n/.inst.w say).
 */
function instDirective(asm: Assembler, ts: TokenStream, width: 0 | 2 | 4): void {
  if (width !== 0 && !asm.thumb) ts.fail('width suffixes are invalid in ARM mode');
  for (;;) {
    const { e, col } = exprAt(asm, ts);
    const f = fieldValue({ add: asm.absoluteBig(e, col, 'instruction word'), base: null }, 4);
    if (f.warning) asm.warn({ ...asm.pos, column: col }, f.warning);
    const v = Number(f.bits);
    if (!asm.thumb) asm.emitInstruction(() => v);
    else {
      if (width === 2 && v > 0xffff) ts.fail('.inst.n operand too big. Use .inst.w instead');
      if (width === 0 && v >= 0xe800 && v <= 0xffff) ts.fail('cannot determine Thumb instruction size. Use .inst.n/.inst.w instead');
      const size = width === 4 || (width === 0 && v > 0xffff) ? 4 : 2;
      asm.emitThumb({ size, encode: () => v });
    }
    if (!ts.accept(',')) break;
  }
  ts.expectEnd();
}

function sectionDirective(asm: Assembler, ts: TokenStream): void {
  const t = ts.next();
  let name = t.kind === 'str' ? t.str : t.text;
  if (t.kind !== 'str' && t.kind !== 'id') ts.fail('section name expected', t);
  // Names like .text.foo arrive as one identifier; anything else is glued back together.
  while (!ts.atEnd() && !ts.isOp(',')) name += ts.next().text;
  let flags: SectionFlags | undefined;
  let nobits: boolean | undefined;
  if (ts.accept(',')) {
    const f = ts.next();
    if (f.kind !== 'str') ts.fail('section flags string expected', f);
    flags = { alloc: f.str.includes('a'), write: f.str.includes('w'), exec: f.str.includes('x'), ...(f.str.includes('T') ? { tls: true } : {}) };
    if (ts.accept(',')) {
      ts.accept('%') || ts.accept('@');
      const ty = ts.next();
      if (ty.text === 'nobits') nobits = true;
      else if (ty.text === 'progbits') nobits = false;
      while (!ts.atEnd()) ts.next();
    }
  }
  ts.expectEnd();
  asm.switchSection(name, flags, nobits);
}

/** Collects a body up to the matching end directive, honouring nesting. */
function collectBody(asm: Assembler, open: RegExp, close: RegExp, what: string, endName: string): Statement[] {
  const start = asm.pos;
  const body: Statement[] = [];
  let depth = 1;
  for (;;) {
    const s = asm.nextRaw();
    if (!s) throw new AsmError(start, `unterminated ${what} (missing ${endName})`);
    const lead = /^\s*(?:[\w.$]+:\s*)*(\.[A-Za-z]+)/.exec(s.text)?.[1]?.toLowerCase() ?? '';
    if (open.test(lead)) depth++;
    else if (close.test(lead)) {
      depth--;
      if (depth === 0) return body;
    }
    body.push(s);
  }
}

const LOOP_OPEN = /^\.(rept|irp|irpc)$/;
const LOOP_CLOSE = /^\.endr$/;

function condExpr(asm: Assembler, ts: TokenStream): number {
  const { e, col } = exprAt(asm, ts);
  ts.expectEnd();
  return asm.absoluteNow(e, col, 'condition');
}

function restText(st: Statement, head: Token): string {
  return st.text.slice(head.col - st.col - 1 + head.text.length);
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

const ignored: Handler = (_asm, ts) => {
  while (!ts.atEnd()) ts.next();
};

const HANDLERS: Record<string, Handler> = {
  '.text': (asm, ts) => { ignored(asm, ts, undefined as never, undefined as never); asm.switchSection('.text'); },
  '.data': (asm, ts) => { ignored(asm, ts, undefined as never, undefined as never); asm.switchSection('.data'); },
  '.bss': (asm, ts) => { ignored(asm, ts, undefined as never, undefined as never); asm.switchSection('.bss'); },
  '.section': (asm, ts) => sectionDirective(asm, ts),
  '.pushsection': (asm, ts) => {
    asm.sectionStack.push(asm.cur);
    sectionDirective(asm, ts);
  },
  '.popsection': (asm, ts) => {
    ts.expectEnd();
    const s = asm.sectionStack.pop();
    if (!s) return ts.fail('.popsection without .pushsection', ts.toks[0]);
    asm.switchSection(s.name);
  },
  '.previous': (asm, ts) => {
    ts.expectEnd();
    if (asm.prevSection) asm.switchSection(asm.prevSection.name);
  },
  '.global': (asm, ts) => {
    do {
      const name = symbolName(ts);
      asm.globals.add(name);
      asm.syms.ref(name); // mentioned here (GNU's symbol order)
    } while (ts.accept(','));
    ts.expectEnd();
  },
  '.local': (asm, ts) => {
    do asm.globals.delete(symbolName(ts));
    while (ts.accept(','));
    ts.expectEnd();
  },
  '.type': (asm, ts) => {
    const name = symbolName(ts);
    ts.expect(',');
    ts.accept('%') || ts.accept('@') || ts.accept('#');
    const t = ts.next();
    if (t.kind === 'str' ? /func/.test(t.str) : /^(function|STT_FUNC)$/.test(t.text)) asm.types.set(name, 'function');
    else if (t.kind === 'str' ? /object/.test(t.str) : /^(object|STT_OBJECT)$/.test(t.text)) asm.types.set(name, 'object');
    ignored(asm, ts, undefined as never, undefined as never);
  },
  '.size': ignored,
  '.set': (asm, ts) => {
    setDirective(asm, ts, 'set');
  },
  '.equiv': (asm, ts) => {
    setDirective(asm, ts, 'equiv');
  },
  '.eqv': (asm, ts) => {
    setDirective(asm, ts, 'eqv');
  },
  '.byte': dataDirective(1),
  '.hword': dataDirective(2),
  '.word': dataDirective(4, true),
  '.long': dataDirective(4, true),
  '.int': dataDirective(4),
  '.quad': dataDirective(8),
  '.inst': (asm, ts) => instDirective(asm, ts, 0),
  '.inst.n': (asm, ts) => instDirective(asm, ts, 2),
  '.inst.w': (asm, ts) => instDirective(asm, ts, 4),
  '.ascii': stringDirective(false),
  '.asciz': stringDirective(true),
  '.string8': stringDirective(true, 1),
  '.string16': stringDirective(true, 2),
  '.string32': stringDirective(true, 4),
  '.string64': stringDirective(true, 8),
  '.octa': (asm, ts) => octaDirective(asm, ts),
  '.incbin': (asm, ts) => incbinDirective(asm, ts),
  '.align': alignDirective('align', 1),
  '.p2align': alignDirective('p2', 1),
  '.p2alignw': alignDirective('p2', 2),
  '.p2alignl': alignDirective('p2', 4),
  '.balign': alignDirective('b', 1),
  '.balignw': alignDirective('b', 2),
  '.balignl': alignDirective('b', 4),
  '.space': (asm, ts) => spaceDirective(asm, ts),
  '.zero': (asm, ts) => spaceDirective(asm, ts),
  '.fill': (asm, ts) => fillDirective(asm, ts),
  '.org': (asm, ts) => {
    const { e, col } = exprAt(asm, ts);
    let fill = 0;
    if (ts.accept(',')) fill = alignFill(asm, ts, 1);
    ts.expectEnd();
    const v = asm.tryEvaluate(e);
    if (!v) return ts.fail('.org needs a value known at this point');
    if (v.sub || (v.base && (v.base.kind !== 'sec' || v.base.section !== asm.cur.name))) ts.fail('.org target must be in the current section');
    const target = Number(v.add);
    if (target < asm.cur.size) throw new AsmError({ ...asm.pos, column: col }, `.org ${target} moves the location backwards (now ${asm.cur.size})`);
    if (target - asm.cur.size > 0x10000000) ts.fail('.org too far');
    asm.cur.fill(target - asm.cur.size, fill);
  },
  '.ltorg': (asm, ts) => {
    ts.expectEnd();
    asm.flushPool(asm.cur);
  },
  '.macro': (asm, ts, st, head) => {
    const hdr = parseMacroHeader(restText(st, head), asm.macroSyntax());
    const body = collectBody(asm, /^\.macro$/, /^\.endm$/, typeof hdr === 'string' ? '.macro' : `macro '${hdr.name}'`, '.endm');
    if (typeof hdr === 'string') return ts.fail(hdr);
    for (const w of hdr.warnings) asm.warn(asm.pos, w);
    const key = hdr.name.toLowerCase();
    if (asm.macros.has(key)) return ts.fail(`macro '${hdr.name}' was already defined (.purgem it first)`);
    asm.macros.set(key, { name: hdr.name, params: hdr.params, body, file: asm.frame.file });
  },
  '.endm': (_asm, ts) => ts.fail('.endm without .macro', ts.toks[0]),
  '.exitm': (asm) => asm.exitMacro(),
  '.arch': (asm, ts) => {
    const t = ts.next();
    const a = archByName(t.text);
    if (!a) return ts.fail(`unknown architecture '${t.text}' (ARMv5TE and earlier: armv4t, armv5te, armv5tej, ...)`, t);
    ts.expectEnd();
    asm.arch = a;
  },
  '.cpu': (asm, ts, st, head) => {
    const name = restText(st, head).trim();
    const c = cpuByName(name);
    if (!c) return ts.fail(`unknown cpu '${name}' (ARMv5TE and earlier: arm7tdmi, arm926ej-s, ...)`);
    asm.arch = c;
  },
  '.eabi_attribute': (asm, ts) => {
    const t = ts.next();
    let tag: number;
    if (t.kind === 'id') {
      const n = ATTRIBUTE_TAGS[t.text];
      if (n === undefined) return ts.fail(`attribute name not recognised: ${t.text}`, t);
      tag = n;
    } else {
      ts.index--;
      tag = absArg(asm, ts, 'attribute tag');
    }
    ts.expect(',');
    const value: { int?: number; str?: string } = {};
    if (tag === 32 || !attributeIsString(tag)) {
      value.int = absArg(asm, ts, 'attribute value');
      if (tag === 32) ts.expect(',');
    }
    if (tag === 32 || attributeIsString(tag)) {
      const s = ts.next();
      if (s.kind !== 'str') return ts.fail('bad string constant', s);
      value.str = s.str;
    }
    ts.expectEnd();
    asm.attributes.set(tag, value);
  },
  '.tlsdescseq': (asm, ts) => {
    asm.cur.mark('d'); // GNU's md_cons_align: the next instruction marks its own state again
    const { e, col } = exprAt(asm, ts);
    ts.expectEnd();
    asm.markNext(e, col, asm.thumb ? TLS_DESCSEQ.thumb : TLS_DESCSEQ.arm);
  },
  '.altmacro': (asm, ts) => {
    ts.expectEnd();
    asm.altMacro = true;
  },
  '.noaltmacro': (asm, ts) => {
    ts.expectEnd();
    asm.altMacro = false;
  },
  '.purgem': (asm, ts) => {
    const name = symbolName(ts);
    ts.expectEnd();
    if (!asm.macros.delete(name.toLowerCase())) ts.fail(`macro '${name}' is not defined`);
  },
  '.rept': (asm, ts) => {
    const n = condExpr(asm, ts);
    if (n < 0) ts.fail(`negative count for .rept (${n})`); // GNU as: an error, not an empty loop
    if (n > MAX_REPT) ts.fail(`.rept count ${n} too large (limit ${MAX_REPT})`);
    const body = collectBody(asm, LOOP_OPEN, LOOP_CLOSE, '.rept', '.endr');
    if (n * body.length > MAX_REPT * 2) ts.fail('.rept expansion too large');
    const bodies: Statement[][] = [];
    for (let i = 0; i < n; i++) bodies.push(body);
    asm.expandLoop(bodies);
  },
  '.irp': (asm, ts, st, head) => loopOver(asm, ts, st, head, false),
  '.irpc': (asm, ts, st, head) => loopOver(asm, ts, st, head, true),
  '.endr': (_asm, ts) => ts.fail('.endr without .rept/.irp', ts.toks[0]),
  '.if': (asm, ts) => asm.pushCond(condExpr(asm, ts) !== 0),
  '.ifne': (asm, ts) => asm.pushCond(condExpr(asm, ts) !== 0),
  '.ifeq': (asm, ts) => asm.pushCond(condExpr(asm, ts) === 0),
  '.ifgt': (asm, ts) => asm.pushCond(condExpr(asm, ts) > 0),
  '.ifge': (asm, ts) => asm.pushCond(condExpr(asm, ts) >= 0),
  '.iflt': (asm, ts) => asm.pushCond(condExpr(asm, ts) < 0),
  '.ifle': (asm, ts) => asm.pushCond(condExpr(asm, ts) <= 0),
  '.ifdef': (asm, ts) => {
    const n = symbolName(ts);
    ts.expectEnd();
    asm.pushCond(asm.isDefined(n));
  },
  '.ifndef': (asm, ts) => {
    const n = symbolName(ts);
    ts.expectEnd();
    asm.pushCond(!asm.isDefined(n));
  },
  '.ifb': (asm, _ts, st, head) => asm.pushCond(restText(st, head).trim() === ''),
  '.ifnb': (asm, _ts, st, head) => asm.pushCond(restText(st, head).trim() !== ''),
  '.ifc': (asm, ts, st, head) => asm.pushCond(compareStrings(ts, restText(st, head))),
  '.ifnc': (asm, ts, st, head) => asm.pushCond(!compareStrings(ts, restText(st, head))),
  '.else': (asm, ts) => {
    ts.expectEnd();
    const c = asm.conds[asm.conds.length - 1];
    if (!c) return ts.fail('.else without .if', ts.toks[0]);
    if (c.elseSeen) ts.fail('duplicate .else', ts.toks[0]);
    c.elseSeen = true;
    c.active = c.parentActive && !c.taken;
    c.taken = true;
  },
  '.elseif': (asm, ts) => {
    const c = asm.conds[asm.conds.length - 1];
    if (!c) return ts.fail('.elseif without .if', ts.toks[0]);
    if (c.elseSeen) ts.fail('.elseif after .else', ts.toks[0]);
    if (c.taken || !c.parentActive) {
      while (!ts.atEnd()) ts.next();
      c.active = false;
      return;
    }
    const v = condExpr(asm, ts) !== 0;
    c.active = v;
    c.taken = v;
  },
  '.endif': (asm, ts) => {
    ts.expectEnd();
    if (!asm.conds.pop()) ts.fail('.endif without .if', ts.toks[0]);
  },
  '.include': (asm, ts) => {
    const t = ts.next();
    if (t.kind !== 'str') ts.fail('file name in quotes expected', t);
    ts.expectEnd();
    const chain = asm.frames.filter((f) => f.kind === 'file').map((f) => f.file);
    const path = resolveInclude(asm, t.str, asm.pos.file);
    if (path === '') ts.fail(`cannot open include file '${t.str}'`, t);
    if (chain.includes(path)) ts.fail(`include loop: ${[...chain, path].join(' -> ')}`, t);
    if (chain.length > 64) ts.fail('includes nested too deeply', t);
    asm.pushFrame({ stmts: splitStatements(asm.readFile(path)), file: path, kind: 'file' });
  },
  '.err': (_asm, ts) => ts.fail('.err encountered'),
  '.error': (_asm, ts) => {
    const t = ts.peek();
    ts.fail(t.kind === 'str' ? t.str : '.error encountered');
  },
  '.warning': ignored,
  '.print': ignored,
  '.end': (asm) => {
    asm.ended = true;
  },
  '.code': (asm, ts) => {
    const t = ts.peek();
    const n = absArg(asm, ts, 'code size');
    ts.expectEnd();
    if (n !== 16 && n !== 32) ts.fail(`invalid operand to .code directive (${n}: 16 or 32)`, t);
    selectState(asm, n === 16);
  },
  '.arm': (asm, ts) => {
    ts.expectEnd();
    selectState(asm, false);
  },
  '.thumb': (asm, ts) => {
    ts.expectEnd();
    selectState(asm, true);
  },
  '.thumb_func': (asm, ts) => {
    ts.expectEnd();
    selectState(asm, true);
    asm.thumbFuncPending = true;
  },
  '.thumb_set': (asm, ts) => {
    asm.thumbSet.add(setDirective(asm, ts, 'set'));
  },
  '.unreq': (asm, ts) => {
    const t = ts.next();
    ts.expectEnd();
    if (t.kind !== 'id') return ts.fail('invalid syntax for .unreq directive', t);
    const problem = asm.aliases.remove(t.text);
    if (problem?.startsWith('unknown')) ts.fail(problem, t);
    if (problem) asm.warn({ ...asm.pos, column: t.col }, problem);
  },
  '.syntax': (asm, ts) => {
    const t = ts.next();
    ts.expectEnd();
    const v = t.text.toLowerCase();
    if (v !== 'unified' && v !== 'divided') ts.fail(`unknown syntax '${t.text}' (unified or divided)`, t);
    asm.unified = v === 'unified';
  },
};

const ALIASES: Record<string, string> = {
  '.globl': '.global', '.weak': '.global', '.equ': '.set',
  '.short': '.hword', '.2byte': '.hword', '.4byte': '.int', '.8byte': '.quad',
  '.force_thumb': '.thumb', '.string': '.asciz', '.skip': '.space', '.pool': '.ltorg', '.ifnotdef': '.ifndef', '.ifeqs': '.ifc', '.ifnes': '.ifnc',
};

const IGNORED = new Set([
  '.fpu', '.file', '.ident', '.loc', '.func', '.endfunc', '.hidden',
  '.protected', '.internal', '.fnstart', '.fnend', '.cantunwind', '.save', '.setfp', '.pad', '.movsp', '.personality',
  '.personalityindex', '.handlerdata', '.object_arch', '.arch_extension', '.list', '.nolist', '.title', '.sbttl',
  '.psize', '.eject', '.align_code', '.arm_func',
]);

function compareStrings(ts: TokenStream, text: string): boolean {
  const parts = splitTopLevel(text, (c) => c === ',');
  if (parts.length !== 2) ts.fail('two strings separated by a comma expected');
  return unquote(parts[0]!) === unquote(parts[1]!);
}

function loopOver(asm: Assembler, ts: TokenStream, st: Statement, head: Token, chars: boolean): void {
  const loop = loopItems(restText(st, head), chars, asm.macroSyntax());
  const body = collectBody(asm, LOOP_OPEN, LOOP_CLOSE, chars ? '.irpc' : '.irp', '.endr');
  if (typeof loop === 'string') return ts.fail(loop);
  const bodies = loop.items.map((v) => {
    const x = asm.expansion(new Map([[loop.name, v]]), false);
    const stmts = body.map((s) => ({ ...s, text: substitute(s.text, x) }));
    if (x.errors.length > 0) ts.fail(x.errors[0]!);
    return stmts;
  });
  asm.expandLoop(bodies);
}

export function runDirective(asm: Assembler, name: string, ts: TokenStream, st: Statement, head: Token): void {
  const key = ALIASES[name] ?? name;
  const cond = /^\.(if\w*|else|elseif|endif)$/.test(key);
  if (!cond && !(asm.conds.length === 0 || asm.conds[asm.conds.length - 1]!.active)) return;
  if (name.startsWith('.cfi_') || IGNORED.has(name)) return;
  const h = HANDLERS[key];
  if (!h) return ts.fail(`unknown directive '${name}'`, head);
  h(asm, ts, st, head);
}
