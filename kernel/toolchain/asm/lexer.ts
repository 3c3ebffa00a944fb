// Tokens of one statement. Numbers are BigInt (GNU as evaluates in 64 bits on a 64-bit host).
import { AsmError, type SourcePos } from '../errors.ts';

export type TokKind = 'id' | 'num' | 'str' | 'op' | 'local' | 'eof';

export interface Token {
  readonly kind: TokKind;
  /** Source text of the token (for 'str' the decoded string is in `str`). */
  readonly text: string;
  readonly num: bigint;
  readonly str: string;
  /** 1-based column in the physical line. */
  readonly col: number;
}

const OPS3: readonly string[] = [];
const OPS2 = ['<<', '>>', '<=', '>=', '==', '!=', '<>', '&&', '||'];
const OPS1 = '+-*/%&|^~!<>()[]{},#=:\\$';

function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '.' || c === '$';
}
function isIdChar(c: string): boolean {
  return isIdStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isHex(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

/** GNU's control escapes of strings: \b \f \n \r \t \v (\a, \e and the rest stand for themselves). */
const STRING_ESCAPES: Readonly<Record<string, number>> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
/** In a character constant GNU knows \b \f \n \r \t only. */
const CHAR_ESCAPES: Readonly<Record<string, number>> = { b: 8, f: 12, n: 10, r: 13, t: 9 };

/** Decodes one string escape at s[i] (after the backslash); returns [char code, next index]. */
function escapeAt(s: string, i: number): [number, number] {
  const c = s[i];
  if (c === undefined) return [92, i];
  const known = STRING_ESCAPES[c];
  if (known !== undefined) return [known, i + 1];
  switch (c) {
    case 'x': case 'X': {
      let j = i + 1;
      let v = 0;
      while (j < s.length && isHex(s[j])) v = (v * 16 + parseInt(s[j]!, 16)) & 0xff, j++;
      return [v, j];
    }
    default:
      // Up to three digits, each times 8 as in octal, but GNU takes 8 and 9 as digits too ("\58" is 0x30).
      if (c >= '0' && c <= '9') {
        let j = i;
        let v = 0;
        while (j < s.length && j < i + 3 && s[j]! >= '0' && s[j]! <= '9') v = v * 8 + (s.charCodeAt(j) - 48), j++;
        return [v & 0xff, j];
      }
      return [c.charCodeAt(0), i + 1];
  }
}

/**
 * The bytes a string token stands for (`raw`: its source text, quotes included): each escape one
 * byte, each other character its UTF-8 bytes, as GNU as reads a UTF-8 source byte by byte.
 */
export function stringBytes(raw: string): number[] {
  const out: number[] = [];
  const enc = new TextEncoder();
  let j = 1;
  while (j < raw.length - 1) {
    if (raw[j] === '\\') {
      const [code, next] = escapeAt(raw.slice(0, raw.length - 1), j + 1);
      out.push(code);
      j = next;
    } else {
      const cp = raw.codePointAt(j)!;
      if (cp < 0x80) out.push(cp);
      else for (const b of enc.encode(String.fromCodePoint(cp))) out.push(b);
      j += cp > 0xffff ? 2 : 1;
    }
  }
  return out;
}

/** The character constant at text[i] ("'c", "'\\n", optionally closed by "'"): [code, next index]. */
export function charConstant(text: string, i: number): [number, number] {
  let code: number;
  let j: number;
  if (text[i + 1] === '\\' && i + 2 < text.length) [code, j] = [CHAR_ESCAPES[text[i + 2]!] ?? text.charCodeAt(i + 2), i + 3];
  else [code, j] = [text.charCodeAt(i + 1), i + 2];
  if (text[j] === "'") j++;
  return [code, j];
}

export function tokenize(text: string, pos: SourcePos, colBase: number): Token[] {
  const toks: Token[] = [];
  let i = 0;
  const n = text.length;
  const mk = (kind: TokKind, t: string, col: number, num = 0n, str = ''): Token => ({ kind, text: t, num, str, col: colBase + col + 1 });
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      let j = i;
      let value: bigint;
      if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && isHex(text[i + 2])) {
        j = i + 2;
        while (j < n && isHex(text[j])) j++;
        value = BigInt('0x' + text.slice(i + 2, j));
      } else if (c === '0' && (text[i + 1] === 'b' || text[i + 1] === 'B') && /[01]/.test(text[i + 2] ?? '')) {
        j = i + 2;
        while (j < n && /[01]/.test(text[j]!)) j++;
        value = BigInt('0b' + text.slice(i + 2, j));
      } else {
        while (j < n && isDigit(text[j]!)) j++;
        const digits = text.slice(i, j);
        if ((text[j] === 'b' || text[j] === 'f') && !isIdChar(text[j + 1] ?? ' ')) {
          // Numeric local label reference: 1b (backward) or 1f (forward).
          toks.push(mk('local', text.slice(i, j + 1), start));
          i = j + 1;
          continue;
        }
        if (digits.length > 1 && digits[0] === '0') {
          if (!/^[0-7]+$/.test(digits)) throw new AsmError({ ...pos, column: colBase + start + 1 }, `bad octal number '${digits}'`);
          value = BigInt('0o' + digits.slice(1));
        } else {
          value = BigInt(digits);
        }
      }
      if (j < n && isIdChar(text[j]!)) {
        let k = j;
        while (k < n && isIdChar(text[k]!)) k++;
        throw new AsmError({ ...pos, column: colBase + start + 1 }, `bad number '${text.slice(i, k)}'`);
      }
      toks.push(mk('num', text.slice(i, j), start, value));
      i = j;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(text[j]!)) j++;
      toks.push(mk('id', text.slice(i, j), start));
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\') {
          const [code, next] = escapeAt(text, j + 1);
          s += String.fromCharCode(code);
          j = next;
        } else {
          s += text[j];
          j++;
        }
      }
      if (j >= n) throw new AsmError({ ...pos, column: colBase + start + 1 }, 'unterminated string');
      toks.push(mk('str', text.slice(i, j + 1), start, 0n, s));
      i = j + 1;
      continue;
    }
    if (c === "'") {
      if (i + 1 >= n) throw new AsmError({ ...pos, column: colBase + start + 1 }, 'bad character constant');
      const [code, next] = charConstant(text, i);
      let j = next;
      // GNU reads digits right after a character constant as more decimal digits of it ('A5 is 655).
      let value = BigInt(code);
      while (j < n && isDigit(text[j]!)) value = value * 10n + BigInt(text.charCodeAt(j++) - 48);
      toks.push(mk('num', text.slice(i, j), start, value));
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (OPS3.includes(text.slice(i, i + 3))) {
      toks.push(mk('op', text.slice(i, i + 3), start));
      i += 3;
      continue;
    }
    if (OPS2.includes(two)) {
      toks.push(mk('op', two, start));
      i += 2;
      continue;
    }
    if (OPS1.includes(c)) {
      toks.push(mk('op', c, start));
      i++;
      continue;
    }
    const shown = c >= ' ' && c <= '~' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    throw new AsmError({ ...pos, column: colBase + start + 1 }, `unexpected character '${shown}'`);
  }
  toks.push(mk('eof', '', n));
  return toks;
}

/** A cursor over a token list with error helpers. */
export class TokenStream {
  private i = 0;
  constructor(readonly toks: readonly Token[], readonly pos: SourcePos) {}
  peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  get index(): number {
    return this.i;
  }
  set index(v: number) {
    this.i = v;
  }
  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }
  isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }
  accept(text: string): boolean {
    if (this.isOp(text)) {
      this.next();
      return true;
    }
    return false;
  }
  expect(text: string, what?: string): Token {
    if (!this.isOp(text)) this.fail(`expected '${text}'${what ? ` ${what}` : ''}`);
    return this.next();
  }
  fail(problem: string, tok: Token = this.peek()): never {
    throw new AsmError({ file: this.pos.file, line: this.pos.line, column: tok.col }, problem);
  }
  expectEnd(): void {
    if (!this.atEnd()) this.fail(`junk at end of line: '${this.peek().text}'`);
  }
}
