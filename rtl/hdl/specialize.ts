// Constant-slot methods: a long run's module methods compiled again once elaboration has fixed
// every signal's slot. As written, each `this.u.pc.v` in a comb() is a walk of two properties, a
// map check and a load of the signal's store and slot before the typed-array load; compiled again,
// it is `$$s[417]`. The new function is made in the scope the class was written in (the class's
// own `compileHere` hook, a direct eval: the method's imports and helpers resolve as before), so
// its text is the method's with only the signal accesses replaced.
//
// Rewritten (each access on its own, the rest of the method as it was):
//   this.<path>.v / .on / .next        a Signal (one word) reached by own data properties
//   <alias>.<path>.v / .on / .next     where the method declares `const alias = this.<path>;` once
// Reads become `$$s[slot]` (`.on`: `($$s[slot] !== 0)`); writes of a wire's `.v` and of a register's
// `.next`, `$$s[slot] = ...` and `$$n[slot] = ...`, as the setters do. A register's `.v` written
// (which throws) and anything that does not resolve to a signal of this design stay as written.
// Never compiled: getters, setters, async and generator methods, methods using `super`, private
// names, `eval` or `arguments`, or declaring a function, class or object-literal method (each has
// its own `this`). Strings, template literals and comments are not rewritten.
//
// Each design compiles its own functions (its number is in their source, so no two designs share
// one, not even through V8's eval cache): a function that is the only closure of its code is
// optimised with its context as constants (the slot arrays, the modules), and a second design's
// closure of shared code took that away from both: a process's second and later machines ran at
// 0.7x the first (docs/ARCHITECTURE.md, "Constant-slot methods").
//
// Leaving an access as written is always correct (the accessor reads the same slot). What a
// rewrite assumes, that the objects on its path never change, is made true: each property it
// walked becomes read-only, so code that re-pointed one would fail loudly rather than read a stale
// slot. Check mode never compiles (its accessors record every access). tests/hdl/specialize.test.ts
// runs whole systems both ways, cycle for cycle.
import { hasOwnCode, type OwnCode } from './generated.ts';
import type { Module } from './module.ts';
import { Reg, Signal } from './signal.ts';

/** A class's hook: evaluate `source` in the class's module scope (`(source) => eval(source)`). */
export type CompileHere = (source: string) => unknown;

/** What compiling a design's methods did: counts, and each method left as written with the reason. */
export interface SpecializeReport {
  readonly methods: number;
  readonly accesses: number;
  /** Bundle copies and record drivers the modules hold, each given its own code. */
  readonly helpers: number;
  readonly leftAsWritten: ReadonlyArray<{ readonly method: string; readonly reason: string }>;
}

/** The report in a line, for a bench's notes ('methods as written' when nothing was compiled). */
export function describeSpecialization(r: SpecializeReport | undefined): string {
  return r ? `${r.methods} methods compiled with constant slots (${r.accesses} accesses, ${r.helpers} copies and drivers), ${r.leftAsWritten.length} left as written` : 'methods as written';
}

type Factory = (slots: Uint32Array, next: Uint32Array) => (...args: never[]) => unknown;

/** One access found in a method's text: where it is, what it walks and how it is used. */
interface Access {
  readonly start: number;
  readonly end: number;
  /** 'this' or an alias's name. */
  readonly root: string;
  readonly path: readonly string[];
  readonly accessor: 'v' | 'on' | 'next';
  /** An assignment operator after it ('=', '|=', ...), or '++' / '--' before or after it. */
  readonly write: string | null;
}

/** A method's text, scanned once per function: its parameters and body, the accesses in its code. */
interface Template {
  readonly text: string;
  readonly accesses: readonly Access[];
  readonly aliases: ReadonlyMap<string, readonly string[]>;
}

const NOTHING_TO_DO = 'no signal access to rewrite';
const templates = new WeakMap<(...args: never[]) => unknown, Template | string>();

const IDENT = '[A-Za-z_$][\\w$]*';
const PATH = `((?:\\.${IDENT})+)`;
/** The names the compiled function's slot arrays take (a method that uses them is left as written). */
const SLOTS = '$$s';
const NEXT = '$$n';

/**
 * Compile every method of every module that has accesses to rewrite (the design's slots in
 * `slots` and `next`), installed on the module instance itself, and give the modules' bundle copies
 * and record drivers their own code. `design`: a number no other design of the process has (it goes
 * in the functions' text). Call once, after elaboration.
 */
export function specializeDesign(modules: readonly Module[], slots: Uint32Array, next: Uint32Array, design: number): SpecializeReport {
  let methods = 0;
  let accesses = 0;
  const leftAsWritten: Array<{ method: string; reason: string }> = [];
  // Every property a rewrite walked, made read-only once at the end (a path is walked by many accesses).
  const walked = new Map<object, Set<string>>();
  for (const module of modules) {
    const seen = new Set<string>();
    for (let proto = Object.getPrototypeOf(module) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      const cls = (proto as { constructor: unknown }).constructor;
      const hook = typeof cls === 'function' ? (Object.getOwnPropertyDescriptor(cls, 'compileHere')?.value as CompileHere | undefined) : undefined;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor' || seen.has(name)) continue;
        seen.add(name);
        const value = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
        if (typeof value !== 'function') continue;
        const label = `${(cls as { name?: string }).name ?? '?'}.${name} (${module.path})`;
        const template = templateOf(value as (...args: never[]) => unknown);
        if (typeof template === 'string') {
          if (template !== NOTHING_TO_DO) leftAsWritten.push({ method: label, reason: template });
          continue;
        }
        if (!hook) {
          leftAsWritten.push({ method: label, reason: 'its class declares no compileHere' });
          continue;
        }
        const compiled = compileFor(module, template, hook, slots, next, `${(cls as { name?: string }).name ?? 'Module'}$${name}`, design);
        if (compiled.count === 0) continue;
        Object.defineProperty(module, name, { value: compiled.method, writable: true, configurable: true, enumerable: false });
        for (const [owner, key] of compiled.walked) {
          let keys = walked.get(owner);
          if (!keys) walked.set(owner, (keys = new Set()));
          keys.add(key);
        }
        methods++;
        accesses += compiled.count;
      }
    }
  }
  for (const [owner, keys] of walked) for (const key of keys) Object.defineProperty(owner, key, { writable: false });
  let helpers = 0;
  for (const module of modules) {
    for (const [key, holder] of ownCodeHolders(module)) {
      holder.makeOwn(`design ${design}: ${module.path}.${key}`);
      helpers++;
    }
  }
  return { methods, accesses, helpers, leftAsWritten };
}

/**
 * The slot-bound helpers a module holds (bundle copies, record drivers): its own properties, and
 * those of plain objects among them (Execute keeps its copy in a record of Decode's offer).
 */
function ownCodeHolders(module: Module): Array<readonly [string, OwnCode]> {
  const out: Array<readonly [string, OwnCode]> = [];
  for (const [key, value] of Object.entries(module)) {
    if (hasOwnCode(value)) out.push([key, value]);
    else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [inner, v] of Object.entries(value as object)) if (hasOwnCode(v)) out.push([`${key}.${inner}`, v]);
    }
  }
  return out;
}

/** The method's template, or why it is left as written (cached per function: scanned once). */
function templateOf(fn: (...args: never[]) => unknown): Template | string {
  let t = templates.get(fn);
  if (t === undefined) {
    t = scanMethod(Function.prototype.toString.call(fn));
    templates.set(fn, t);
  }
  return t;
}

/** Scan a method's source (as Function.prototype.toString gives it). Exported for the tests. */
export function scanMethod(source: string): Template | string {
  const head = new RegExp(`^(${IDENT})\\s*\\(`).exec(source);
  if (!head || ['get', 'set', 'async', 'static'].includes(head[1]!)) return 'not a plain method';
  const text = source.slice(head[0].length - 1); // "(params) { body }"
  const code = codeRanges(text);
  const inCode = (re: RegExp): boolean => code.some(([a, b]) => re.test(text.slice(a, b)));
  if (!inCode(/\.(?:v|on|next)\b/)) return NOTHING_TO_DO;
  if (inCode(/\bsuper\b/)) return 'uses super';
  if (inCode(/\bfunction\b/)) return 'declares a function (its own this)';
  if (inCode(/\bclass\b/)) return 'declares a class (its own this)';
  const objectMethod = `[{,]\\s*(?:async\\s+|get\\s+|set\\s+|\\*\\s*)?(?!(?:if|for|while|switch|catch|with)\\b)${IDENT}\\s*\\([^()]*\\)\\s*\\{`;
  if (inCode(new RegExp(objectMethod))) return 'declares an object-literal method (its own this)';
  if (inCode(/#[A-Za-z_$]/)) return 'uses a private name';
  if (inCode(/\beval\b|\barguments\b/)) return 'uses eval or arguments';
  if (text.includes(SLOTS) || text.includes(NEXT)) return `uses ${SLOTS} or ${NEXT}`;
  const aliases = findAliases(text, code);
  const roots = ['this', ...aliases.keys()].map((r) => r.replace(/\$/g, '\\$')).join('|');
  const re = new RegExp(`(\\+\\+|--)?\\s*(?<![\\w$.])(${roots})((?:\\.${IDENT})*)\\.(v|on|next)\\b(?!\\s*\\()(\\s*(?:\\+\\+|--|(?:[-+*/%&|^]|\\*\\*|<<|>>>?)?=(?!=)))?`, 'g');
  const accesses: Access[] = [];
  for (const [a, b] of code) {
    re.lastIndex = a;
    for (let m = re.exec(text); m !== null && m.index < b; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (end > b) break;
      const prefix = m[1] ?? null;
      const suffix = m[5]?.trim() ?? null;
      // The access proper starts at its root (a prefix ++/-- stays in the text before it).
      const start = m.index + m[0].indexOf(m[2]!, prefix ? prefix.length : 0);
      const accessEnd = suffix ? end - m[5]!.length : end;
      accesses.push({ start, end: accessEnd, root: m[2]!, path: m[3] ? m[3].slice(1).split('.') : [], accessor: m[4] as Access['accessor'], write: prefix ?? suffix });
    }
  }
  if (accesses.length === 0) return NOTHING_TO_DO;
  return { text, accesses, aliases };
}

/** [start, end) ranges of `text` that are code: not inside a string, template literal or comment. */
export function codeRanges(text: string): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  let from = 0;
  let k = 0;
  while (k < text.length) {
    const c = text[k]!;
    let skipTo = -1;
    if (c === '"' || c === "'" || c === '`') {
      let j = k + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      skipTo = j + 1;
    } else if (c === '/' && text[k + 1] === '/') {
      const j = text.indexOf('\n', k);
      skipTo = j < 0 ? text.length : j;
    } else if (c === '/' && text[k + 1] === '*') {
      const j = text.indexOf('*/', k + 2);
      skipTo = j < 0 ? text.length : j + 2;
    }
    if (skipTo < 0) {
      k++;
      continue;
    }
    if (k > from) ranges.push([from, k]);
    from = k = Math.min(skipTo, text.length);
  }
  if (from < text.length) ranges.push([from, text.length]);
  return ranges;
}

/**
 * `const name = this.<path>;` declarations whose name is bound nowhere else in the method (no
 * other declaration, assignment, parameter, destructuring or catch binding): those aliases always
 * hold what the path held at the declaration.
 */
function findAliases(text: string, code: ReadonlyArray<readonly [number, number]>): Map<string, readonly string[]> {
  const aliases = new Map<string, readonly string[]>();
  const codeText = code.map(([a, b]) => text.slice(a, b)).join('\n');
  for (const m of codeText.matchAll(new RegExp(`\\bconst\\s+(${IDENT})\\s*=\\s*this${PATH}\\s*;`, 'g'))) {
    const name = m[1]!;
    const n = name.replace(/\$/g, '\\$');
    const id = `(?<![\\w$.])${n}(?![\\w$])`;
    const count = (re: string): number => (codeText.match(new RegExp(re, 'g')) ?? []).length;
    const declared = count(`\\b(?:const|let|var)\\s+${n}(?![\\w$])`);
    const assigned = count(`${id}\\s*(?:[-+*/%&|^]|\\*\\*|<<|>>>?)?=(?![=>])`);
    const bound = count(`[{,(]\\s*(?:\\.\\.\\.)?${n}\\s*[,}:)=]`) + count(`${id}\\s*=>`) + count(`\\bcatch\\s*\\(\\s*${n}`);
    if (declared === 1 && assigned === 1 && bound === 0 && !aliases.has(name)) aliases.set(name, m[2]!.slice(1).split('.'));
    else aliases.delete(name);
  }
  return aliases;
}

interface Compiled {
  readonly method: unknown;
  readonly count: number;
  readonly walked: ReadonlyArray<readonly [object, string]>;
}

/** The method compiled for one module instance: each access that resolves to a signal of this design, replaced. */
function compileFor(module: Module, t: Template, hook: CompileHere, slots: Uint32Array, next: Uint32Array, label: string, design: number): Compiled {
  const walked: Array<readonly [object, string]> = [];
  const replacements: Array<string | null> = [];
  let count = 0;
  for (const a of t.accesses) {
    const path = a.root === 'this' ? a.path : [...t.aliases.get(a.root)!, ...a.path];
    const steps: Array<readonly [object, string]> = [];
    const target = walk(module, path, steps);
    const replacement = target ? replace(target, a, slots, next) : null;
    replacements.push(replacement);
    if (replacement === null) continue;
    count++;
    walked.push(...steps);
  }
  if (count === 0) return { method: undefined, count: 0, walked };
  let out = '';
  let at = 0;
  t.accesses.forEach((a, k) => {
    const r = replacements[k];
    if (r === null || r === undefined) return;
    out += t.text.slice(at, a.start) + r;
    at = a.end;
  });
  out += t.text.slice(at);
  // Named Class$method (profiles and stack traces say whose it is) unless the method's text uses
  // that name (a function's own name would hide it); its source named the same. The design's
  // number makes the source this design's own (see the top of the file).
  const name = /^[A-Za-z_$][\w$]*$/.test(label) && !t.text.includes(label) ? label : '';
  const factory = hook(`(function (${SLOTS}, ${NEXT}) { return function ${name} /* design ${design} */ ${out}; })\n//# sourceURL=compiled-with-slots/${label.replace('$', '.')}.js`) as Factory;
  return { method: factory(slots, next), count, walked };
}

/** Follow `path` from `from` through own data properties (recorded in `steps`); the value, if every step is one. */
function walk(from: object, path: readonly string[], steps: Array<readonly [object, string]>): unknown {
  let o: unknown = from;
  for (const key of path) {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function')) return undefined;
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (!d || !('value' in d)) return undefined; // inherited, or a getter: it could change
    steps.push([o as object, key]);
    o = d.value;
  }
  return o;
}

/** The text for one access to `target`, or null to leave it as written. */
function replace(target: unknown, a: Access, slots: Uint32Array, next: Uint32Array): string | null {
  if (!(target instanceof Signal) || target.words !== 1 || target.i < 0) return null;
  const isReg = target instanceof Reg;
  if (a.accessor === 'next') return isReg && target.n === next ? `${NEXT}[${target.i}]` : null;
  if (target.s !== slots) return null;
  if (a.accessor === 'on') return a.write === null ? `(${SLOTS}[${target.i}] !== 0)` : null;
  if (a.write !== null && isReg) return null; // writing a register's .v throws: keep it so
  return `${SLOTS}[${target.i}]`;
}
