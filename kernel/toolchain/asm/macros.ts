// Macro definitions and textual expansion (\arg, \@, \()), and argument splitting.
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

/** Parses ".macro name a, b=1, c:req, d:vararg" (text after ".macro"). */
export function parseMacroHeader(text: string): { name: string; params: MacroParam[] } | string {
  const m = /^\s*([A-Za-z_.$][\w.$]*)\s*,?\s*(.*)$/.exec(text);
  if (!m) return 'macro name expected';
  const name = m[1]!;
  const rest = m[2]!.trim();
  const params: MacroParam[] = [];
  if (rest !== '') {
    const parts = rest.includes(',') ? splitTopLevel(rest, (c) => c === ',') : rest.split(/\s+/);
    for (const raw of parts) {
      const p = raw.trim();
      const pm = /^([A-Za-z_$][\w$]*)\s*(?::\s*(req|vararg))?\s*(?:=\s*(.*))?$/.exec(p);
      if (!pm) return `bad macro parameter '${p}'`;
      params.push({ name: pm[1]!, def: pm[3]?.trim() ?? '', req: pm[2] === 'req', vararg: pm[2] === 'vararg' });
    }
  }
  return { name, params };
}

/** Binds invocation text to parameters; returns the map or an error. */
export function bindArgs(def: MacroDef, text: string): Map<string, string> | string {
  const vals = new Map<string, string>();
  for (const p of def.params) vals.set(p.name, p.def);
  const trimmed = text.trim();
  let args: string[] = [];
  if (trimmed !== '') {
    args = splitTopLevel(trimmed, (c) => c === ',');
    if (args.length === 1 && def.params.length > 1) {
      // Like GNU as, whitespace next to an operator does not separate arguments ("1 + 2" is one).
      const squeezed = trimmed.replace(/\s*([-+*/%<>=!&|^~()])\s*/g, '$1');
      args = splitTopLevel(squeezed, (c) => c === ' ' || c === '\t').filter((a) => a !== '');
    }
  }
  let positional = 0;
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.trim();
    const kw = /^([A-Za-z_$][\w$]*)\s*=(?!=)\s*(.*)$/.exec(a);
    if (kw && def.params.some((p) => p.name === kw[1])) {
      vals.set(kw[1]!, kw[2]!);
      seen.add(kw[1]!);
      continue;
    }
    const p = def.params[positional];
    if (!p) return `too many arguments to macro '${def.name}'`;
    positional++;
    if (p.vararg) {
      vals.set(p.name, args.slice(i).map((s) => s.trim()).join(', '));
      seen.add(p.name);
      break;
    }
    if (a !== '') vals.set(p.name, a);
    seen.add(p.name);
  }
  for (const p of def.params) {
    if (p.req && (!seen.has(p.name) || vals.get(p.name) === '')) return `missing value for required parameter '${p.name}' of macro '${def.name}'`;
  }
  return vals;
}

/** Replaces \name, \@ and \() in one line. */
export function substitute(text: string, vals: ReadonlyMap<string, string>, counter: number): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '@') {
      out += String(counter);
      i++;
      continue;
    }
    if (next === '(' && text[i + 2] === ')') {
      i += 2;
      continue;
    }
    const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i + 1));
    if (m && vals.has(m[0])) {
      out += vals.get(m[0])!;
      i += m[0].length;
      continue;
    }
    out += c;
  }
  return out;
}
