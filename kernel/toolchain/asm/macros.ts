// Macros the way GNU as (2.40, gas/macro.c and the input scrubber of gas/app.c) reads them:
// definitions (".macro name a, b=1, c:req, d:vararg"), the arguments of a call (quoted strings
// lose their quotes, `.altmacro`'s <...>, %expr and '...'), and the expansion of a body (\arg,
// \@, \(...), &arg, and in alternate mode bare parameter names and LOCAL). `.irp`/`.irpc` item
// lists use the same argument rules.
import { charConstant } from './lexer.ts';
import type { Statement } from './source.ts';

export interface MacroParam {
  readonly name: string;
  readonly def: string;
  readonly req: boolean;
  readonly vararg: boolean;
}

export interface MacroDef {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly Statement[];
  readonly file: string;
}

/** How arguments are read: `.altmacro` in force, and its %expr evaluator. */
export interface MacroSyntax {
  readonly alternate: boolean;
  /** Evaluates the absolute expression starting at text[i]: its value and the index after it. */
  readonly percent?: (text: string, i: number) => { value: bigint; next: number };
}

/** Splits at top-level commas (outside quotes and parentheses). */
export function splitTopLevel(text: string, sep: (c: string) => boolean): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inStr) {
      cur += c;
      if (c === '\\' && i + 1 < text.length) cur += text[++i]!;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && sep(c)) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

// ---- characters (GNU's lexical classes) ----

function isNameBeginner(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '.' || c === '$' || c.charCodeAt(0) >= 128);
}
function isPartOfName(c: string | undefined): boolean {
  return isNameBeginner(c) || (c !== undefined && c >= '0' && c <= '9');
}
/** The scrubber's symbol characters (ARM adds []{}; '#' is not one, being a comment character). */
function isSymbolChar(c: string): boolean {
  return isPartOfName(c) || c === '[' || c === ']' || c === '{' || c === '}';
}
function isWhite(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}
function isSep(c: string, alt: boolean): boolean {
  return c === ' ' || c === '\t' || c === ',' || c === '"' || c === ';' || c === ')' || c === '(' || (alt && (c === '<' || c === '>'));
}
function isBase(c: string): boolean {
  return 'bBqQhHdD'.includes(c);
}

function skipWhite(s: string, i: number): number {
  while (i < s.length && isWhite(s[i])) i++;
  return i;
}
function skipComma(s: string, i: number): number {
  i = skipWhite(s, i);
  if (s[i] === ',') i++;
  return skipWhite(s, i);
}

function getToken(s: string, i: number, alt: boolean): [string, number] {
  let j = i;
  if (isNameBeginner(s[j])) {
    j++;
    while (j < s.length && isPartOfName(s[j])) j++;
  }
  const tok = s.slice(i, j);
  if (alt && s[j] === '&') j++;
  return [tok, j];
}
function getApostToken(s: string, i: number, kind: string, alt: boolean): [string, number] {
  const [tok, j] = getToken(s, i, alt);
  return [tok, s[j] === kind ? j + 1 : j];
}

/**
 * The input scrubber on the operands of a statement: whitespace stays (as one space) only between
 * two symbol characters, or before a string, a character constant or a backslash that follows a
 * symbol character; character constants become their decimal value. ("m 1 + 2, 3" has the
 * arguments "1+2" and "3"; "m a b" has two.)
 */
export function scrubOperands(text: string): string {
  let out = '';
  let state: 3 | 9 | 10 = 3; // 3: in operands, 9: after a symbol character, 10: and whitespace
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      if (state === 9) state = 10;
      i++;
      continue;
    }
    if (c === '"') {
      if (state === 10) out += ' ';
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, Math.min(j + 1, text.length));
      i = j + 1;
      state = 9;
      continue;
    }
    if (c === "'") {
      if (state === 10) {
        out += ' ';
        state = 3;
      }
      const [code, j] = charConstant(text, i);
      const digits = String(code);
      out += digits;
      if (digits.length > 1) state = 3;
      i = j;
      continue;
    }
    if (isSymbolChar(c)) {
      if (state === 10) out += ' ';
      state = 9;
    } else {
      if (state === 10 && c === '\\') out += ' ';
      state = 3;
    }
    out += c;
    i++;
  }
  return out;
}

/** Quoted text ("...", and with .altmacro <...> and '...'), consecutive pieces joined, unquoted. */
function getString(s: string, i: number, alt: boolean): [string, number] {
  let out = '';
  while (i < s.length && (s[i] === '"' || (alt && (s[i] === '<' || s[i] === "'")))) {
    if (s[i] === '<') {
      let nest = 0;
      i++;
      while (i < s.length && (s[i] !== '>' || nest)) {
        if (s[i] === '!') {
          i++;
          out += s[i++] ?? '';
        } else {
          if (s[i] === '>') nest--;
          if (s[i] === '<') nest++;
          out += s[i++];
        }
      }
      i++;
    } else {
      const q = s[i]!;
      let escaped = false;
      i++;
      while (i < s.length) {
        escaped = s[i - 1] === '\\' ? !escaped : false;
        if (alt && s[i] === '!') {
          i++;
          out += s[i++] ?? '';
        } else if (escaped && s[i] === q) {
          out += q;
          i++;
        } else {
          if (s[i] === q) {
            i++;
            if (i >= s.length || s[i] !== q) break;
          }
          out += s[i++];
        }
      }
    }
  }
  return [out, i];
}

/** One argument (GNU's get_any_string). */
function getAnyString(s: string, i: number, syn: MacroSyntax): [string, number] {
  const alt = syn.alternate;
  i = skipWhite(s, i);
  if (i >= s.length) return ['', i];
  if (s.length > i + 2 && s[i + 1] === "'" && isBase(s[i]!)) {
    let j = i;
    while (j < s.length && !isSep(s[j]!, alt)) j++;
    return [s.slice(i, j), j];
  }
  if (s[i] === '%' && alt && syn.percent) {
    const r = syn.percent(s, i + 1);
    return [String(r.value), r.next];
  }
  if (s[i] === '"' || (alt && (s[i] === '<' || s[i] === "'"))) {
    if (alt && s[i] !== '<') {
      const [str, j] = getString(s, i, alt);
      return [`"${str}"`, j];
    }
    return getString(s, i, alt);
  }
  let out = '';
  const brackets: string[] = [];
  while (i < s.length && (brackets.length > 0 || !isWhite(s[i])) && s[i] !== ',' && (s[i] !== '<' || !alt)) {
    const t = s[i]!;
    if (t === '"' || t === "'") {
      out += s[i++];
      while (i < s.length && s[i] !== t) out += s[i++];
      if (i === s.length) return [out, i];
    } else if (t === '(' || t === '[') brackets.push(t);
    else if ((t === ')' && brackets[brackets.length - 1] === '(') || (t === ']' && brackets[brackets.length - 1] === '[')) brackets.pop();
    out += t;
    i++;
  }
  return [out, i];
}

export interface MacroHeader {
  readonly name: string;
  readonly params: MacroParam[];
  readonly warnings: string[];
}

/** Parses ".macro name a, b=1, c:req, d:vararg" (the text after ".macro"); a string is an error. */
export function parseMacroHeader(text: string, syn: MacroSyntax): MacroHeader | string {
  const s = scrubOperands(text.trim());
  const [name, afterName] = getToken(s, skipWhite(s, 0), syn.alternate);
  if (name === '') return 'macro name expected';
  const params: MacroParam[] = [];
  const warnings: string[] = [];
  const cidx = skipWhite(s, afterName);
  let idx = skipComma(s, cidx);
  if (idx === cidx || idx < s.length) {
    idx = skipWhite(s, idx);
    while (idx < s.length) {
      const [pname, j] = getToken(s, idx, syn.alternate);
      if (pname === '') break;
      idx = skipWhite(s, j);
      let req = false;
      let vararg = false;
      if (s[idx] === ':') {
        const [q, k] = getToken(s, skipWhite(s, idx + 1), syn.alternate);
        if (q === '') return `missing parameter qualifier for '${pname}' in macro '${name}'`;
        if (q === 'req') req = true;
        else if (q === 'vararg') vararg = true;
        else return `'${q}' is not a valid parameter qualifier for '${pname}' in macro '${name}' (req or vararg)`;
        idx = skipWhite(s, k);
      }
      let def = '';
      if (s[idx] === '=') {
        const [d, k] = getAnyString(s, idx + 1, syn);
        idx = skipWhite(s, k);
        if (req) warnings.push(`pointless default value for required parameter '${pname}' in macro '${name}'`);
        else def = d;
      }
      if (params.some((p) => p.name === pname)) return `a parameter named '${pname}' already exists for macro '${name}'`;
      params.push({ name: pname, def, req, vararg });
      if (vararg) break;
      const c = idx;
      idx = skipComma(s, idx);
      if (idx !== c && idx >= s.length) {
        idx = c;
        break;
      }
    }
  } else idx = cidx;
  if (idx < s.length) return `bad parameter list for macro '${name}' at '${s.slice(idx)}'`;
  return { name, params, warnings };
}

/** Binds the arguments of a call to the parameters: the value of each (the default if none given). */
export function bindArgs(def: MacroDef, text: string, syn: MacroSyntax): { vals: Map<string, string>; warnings: string[] } | string {
  const s = scrubOperands(text.trim());
  const alt = syn.alternate;
  const actual = new Map<string, string>();
  const warnings: string[] = [];
  let idx = skipWhite(s, 0);
  let positional = 0;
  let keyword = false;
  while (idx < s.length) {
    const start = idx;
    let scan = idx;
    if (!alt) while (scan < s.length && !isSep(s[scan]!, alt) && s[scan] !== '=') scan++;
    if (!alt && s[scan] === '=') {
      keyword = true;
      const [name, j] = getToken(s, idx, alt);
      if (s[j] !== '=') return `bad keyword argument '${s.slice(idx, scan)}' to macro '${def.name}'`;
      if (!def.params.some((p) => p.name === name)) return `macro '${def.name}' has no parameter named '${name}'`;
      if ((actual.get(name) ?? '') !== '') warnings.push(`value for parameter '${name}' of macro '${def.name}' was already specified`);
      const [v, k] = getAnyString(s, j + 1, syn);
      actual.set(name, v);
      idx = k;
    } else {
      if (keyword) return `positional argument after keyword arguments in call of macro '${def.name}'`;
      const p = def.params[positional++];
      if (!p) return `too many arguments to macro '${def.name}'`;
      if (p.vararg) {
        actual.set(p.name, s.slice(idx));
        idx = s.length;
      } else {
        const [v, k] = getAnyString(s, idx, syn);
        actual.set(p.name, v);
        idx = k;
      }
    }
    idx = skipComma(s, idx);
    if (idx === start) return `bad argument '${s.slice(idx)}' to macro '${def.name}'`;
  }
  const vals = new Map<string, string>();
  for (const p of def.params) {
    const a = actual.get(p.name) ?? '';
    if (p.req && a === '') return `missing value for required parameter '${p.name}' of macro '${def.name}'`;
    vals.set(p.name, a !== '' ? a : p.def);
  }
  return { vals, warnings };
}

/** The items of ".irp name, a, b" / ".irpc name, abc" (the text after the directive). */
export function loopItems(text: string, chars: boolean, syn: MacroSyntax): { name: string; items: string[] } | string {
  const s = scrubOperands(text.trim());
  let [name, idx] = getToken(s, skipWhite(s, 0), syn.alternate);
  if (name === '') return 'missing model parameter';
  idx = skipComma(s, idx);
  const items: string[] = [];
  if (idx >= s.length) return { name, items: [''] };
  if (!chars) {
    while (idx < s.length) {
      const [v, k] = getAnyString(s, idx, syn);
      items.push(v);
      const next = skipComma(s, k);
      if (next === idx) return `bad item '${s.slice(idx)}'`;
      idx = next;
    }
    return { name, items };
  }
  let inQuotes = false;
  if (s[idx] === '"') {
    inQuotes = true;
    idx++;
  }
  while (idx < s.length) {
    if (s[idx] === '"') {
      inQuotes = !inQuotes;
      const next = skipWhite(s, idx + 1);
      if (next >= s.length) break;
    }
    items.push(s[idx]!);
    idx++;
    if (!inQuotes) idx = skipWhite(s, idx);
  }
  return { name, items };
}

/** One expansion of a body: parameter values, \@, and (for macros in alternate mode) LOCAL names. */
export interface Expansion {
  readonly vals: Map<string, string>;
  readonly counter: number;
  readonly alternate: boolean;
  /** Makes the name of a LOCAL (macros only; loops have none). */
  readonly local: (() => string) | null;
  readonly errors: string[];
}

/** Expands one line of a body (GNU's macro_expand_body). */
export function substitute(text: string, x: Expansion): string {
  const alt = x.alternate;
  if (!alt && !text.includes('\\') && !text.includes('&')) return text;
  const s = text;
  let out = '';
  let inquote = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '&') {
      const [tok, j] = getApostToken(s, i + 1, '&', alt);
      const v = tok === '' ? undefined : x.vals.get(tok);
      if (v !== undefined) out += v;
      else {
        out += '&' + tok;
        if (j !== i + 1 && s[j - 1] === '&') out += '&';
      }
      i = j;
    } else if (c === "'" && !alt && !inquote && s[i + 1] === '\\' && i + 2 < s.length) {
      // A character constant: GNU's input scrubber turned `'\x` into its number before the body
      // was stored, so `\x` there is an escape, never a parameter.
      out += s.slice(i, i + 3);
      i += 3;
    } else if (c === '\\') {
      i++;
      if (s[i] === '(') {
        i++;
        while (i < s.length && s[i] !== ')') out += s[i++];
        if (i < s.length) i++;
        else x.errors.push("missing ')' after '\\('");
      } else if (s[i] === '@') {
        out += String(x.counter);
        i++;
      } else if (s[i] === '&') {
        out += '\\&';
        i++;
      } else {
        const [tok, j] = getApostToken(s, i, "'", alt);
        const v = tok === '' ? undefined : x.vals.get(tok);
        out += v !== undefined ? v : '\\' + tok;
        i = j;
      }
    } else if (alt && isNameBeginner(c)) {
      if (x.local && !inquote && i + 5 < s.length && s.slice(i, i + 5).toUpperCase() === 'LOCAL' && isWhite(s[i + 5])) {
        i = skipWhite(s, i + 5);
        while (i < s.length) {
          const [name, j] = getToken(s, i, alt);
          if (name === '') break;
          if (x.vals.has(name)) x.errors.push(`'${name}' was already used as parameter (or another local) name`);
          else x.vals.set(name, x.local());
          i = skipComma(s, j);
        }
        i = s.length;
      } else {
        const [tok, j] = getApostToken(s, i, "'", alt);
        out += x.vals.get(tok) ?? tok;
        i = j;
      }
    } else {
      if (c === '"') inquote = !inquote;
      out += c;
      i++;
    }
  }
  return out;
}
