// The assembler driver: reads statements (from files, macro and loop expansions), handles labels,
// conditionals and directives, encodes instructions, and resolves forward references at the end.
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { AsmError, type AsmWarning, type SourcePos } from '../errors.ts';
import type { ObjectFile, ObjSymbol, Reloc, RelocKind, SectionFlags } from '../object.ts';
import type { AsmHooks, EncodeCtx, Encoder, MultiWord, ThumbEncoding } from './context.ts';
import { describe, evaluate, Unresolved, type EvalEnv, type Expr, type ParseContext, type Value } from './expr.ts';
import { tokenize, TokenStream, type Token } from './lexer.ts';
import { bindArgs, substitute, type Expansion, type MacroDef, type MacroSyntax } from './macros.ts';
import { gnuMnemonic, splitMnemonic } from './mnemonic.ts';
import { orFlags, SectionBuf, specialSection } from './section.ts';
import { splitStatements, type Statement } from './source.ts';
import { floatDirective, runDirective } from './directives.ts';

import { fieldValue, fits32 } from './datavalue.ts';
import { literalKey } from './literals.ts';
import { exprSymbol, labelIn, SymbolTable, type SymRef } from './symbols.ts';
import { thumbInstruction } from './thumb/statement.ts';
import { RegisterAliases } from './aliases.ts';
import { GOT_SYMBOL, GOTPC, type RelocSuffix } from './relocsuffix.ts';
import { ARMV5TE, archByName, cpuByName, hasBlx, type ArchInfo } from './arch.ts';

/** A cheap test first: most statements name no floating-point directive. */
const FLOAT_HINT = /\.(?:float|single|double)/i;
/** Labels, then a floating-point data directive and its operands. */
const FLOAT_STATEMENT = /^(\s*(?:(?:[A-Za-z_.$][\w.$]*|\d+)\s*:\s*)*)(\.(?:float|single|double))(?=\s|$)(.*)$/i;

export interface AssembleOptions {
  file?: string;
  defsym?: Readonly<Record<string, number>>;
  readFile?: (path: string) => string;
  /** Reads a file's bytes (.incbin); the file system by default. */
  readBinary?: (path: string) => Uint8Array;
  includeDirs?: readonly string[];
  /** Called for each warning as it is found (they are also returned in ObjectFile.warnings). */
  onWarning?: (w: AsmWarning) => void;
  /** Start in Thumb state (GNU as -mthumb). */
  thumb?: boolean;
  /** The architecture or CPU (GNU as -march=/-mcpu=, e.g. 'armv5tej', 'arm926ej-s'); ARMv5TE by default. */
  arch?: string;
}

interface Frame {
  readonly stmts: readonly Statement[];
  i: number;
  readonly file: string;
  readonly kind: 'file' | 'macro' | 'loop';
  readonly condDepth: number;
  readonly origin: SourcePos | undefined;
  readonly macroName: string | undefined;
}

interface CondState {
  active: boolean;
  taken: boolean;
  elseSeen: boolean;
  readonly parentActive: boolean;
}

interface Deferred {
  readonly sec: SectionBuf;
  readonly offset: number;
  readonly pos: SourcePos;
  readonly enc?: Encoder;
  /** An ARM statement of several words (ADRL). */
  readonly multi?: MultiWord;
  /** Set for a Thumb instruction: its size (the encoder's value holds both halfwords for 4). */
  readonly thumbSize?: 2 | 4;
  readonly data?: { readonly expr: Expr; readonly size: number; readonly literal: boolean; readonly reloc?: RelocSuffix };
  /** The macro invocations the statement was in (for warnings found at the end). */
  readonly chain?: readonly { file: string; line: number }[];
  /** A relocation on the instruction that follows (`.tlsdescseq`). */
  readonly mark?: { readonly expr: Expr; readonly reloc: RelocSuffix };
}

interface PoolEntry {
  readonly slot: SymRef;
  readonly expr: Expr;
  readonly pos: SourcePos;
}

/** A section's pending literal pool, with GNU's reuse rule as a map (see literals.ts). */
interface Pool {
  readonly entries: PoolEntry[];
  readonly byKey: Map<string, PoolEntry>;
}

const MAX_MACRO_DEPTH = 100;
/** MOV r8, r8: GNU's Thumb padding before ARMv6T2. */
export const THUMB_NOP = 0x46c0;
const MAX_EXPANDED = 2_000_000;

export class Assembler {
  readonly sections = new Map<string, SectionBuf>();
  cur!: SectionBuf;
  readonly sectionStack: SectionBuf[] = [];
  prevSection: SectionBuf | null = null;
  /** One sequence for sections, mapping symbols and symbols: GNU's symbol table order. */
  private seqCounter = 0;
  readonly nextSeq = (): number => this.seqCounter++;
  readonly syms = new SymbolTable(this.nextSeq);
  readonly globals = new Set<string>();
  readonly types = new Map<string, 'function' | 'object'>();
  readonly macros = new Map<string, MacroDef>();
  readonly aliases = new RegisterAliases();
  readonly frames: Frame[] = [];
  /** Macro and loop frames on the stack (the nesting limit counts them). */
  private expansionDepth = 0;
  readonly conds: CondState[] = [];
  private readonly deferred: Deferred[] = [];
  private readonly pools = new Map<SectionBuf, Pool>();
  readonly warnings: AsmWarning[] = [];
  private readonly warned = new Set<string>();
  private readonly localCounts = new Map<string, number>();
  private macroCounter = 0;
  private expanded = 0;
  ended = false;
  /** Instruction set of the statements that follow (.arm / .thumb / .code). */
  thumb = false;
  /** .syntax unified (GNU accepts different Thumb forms in each syntax). */
  unified = false;
  /** .thumb_func seen: the next label is a Thumb function. */
  thumbFuncPending = false;
  /** Names made by .thumb_set (Thumb functions by fiat). */
  readonly thumbSet = new Set<string>();
  readonly readFile: (path: string) => string;
  readonly readBinary: (path: string) => Uint8Array;
  readonly includeDirs: readonly string[];
  /** Position of the statement being processed. */
  pos: SourcePos = { file: '', line: 0, column: 1 };
  frame!: Frame;

  /** The position --defsym definitions carry (they come before the file). */
  private readonly defsymPos: SourcePos = { file: '', line: 0, column: 0 };

  constructor(readonly options: AssembleOptions) {
    this.readFile = options.readFile ?? ((p) => readFileSync(p, 'utf8'));
    this.readBinary = options.readBinary ?? ((p) => new Uint8Array(readFileSync(p)));
    this.includeDirs = options.includeDirs ?? [];
    this.switchSection('.text');
    this.thumb = options.thumb ?? false;
    if (options.arch !== undefined) {
      const a = archByName(options.arch) ?? cpuByName(options.arch);
      if (!a) throw new AsmError({ file: options.file ?? 'input.s', line: 0, column: 0 }, `unknown architecture or CPU '${options.arch}' (ARMv5TE and earlier)`);
      this.arch = a;
    }
    for (const [k, v] of Object.entries(options.defsym ?? {})) {
      this.syms.define(k, { kind: 'equ', value: { add: BigInt.asIntN(64, BigInt(Math.trunc(v))), base: null }, pos: this.defsymPos });
    }
  }

  /** Records a warning (once per position and text: deferred operands are evaluated twice). */
  warn(pos: SourcePos, message: string): void {
    const chain = this.finalChain ?? this.macroChain();
    const key = `${pos.file}:${pos.line}:${pos.column}:${message}:${chain.map((c) => `${c.file}:${c.line}`).join(',')}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const w: AsmWarning = { file: pos.file, line: pos.line, column: pos.column, message, ...(chain.length > 0 ? { invokedAt: chain } : {}) };
    this.warnings.push(w);
    this.options.onWarning?.(w);
  }

  // ---- sections ----

  getSection(name: string, flags?: SectionFlags, nobits?: boolean): SectionBuf {
    let s = this.sections.get(name);
    if (!s) {
      const special = specialSection(name);
      s = new SectionBuf(name, nobits ?? special.nobits, flags ? orFlags(flags, special.flags) : special.flags, this.nextSeq);
      this.sections.set(name, s);
    }
    return s;
  }

  switchSection(name: string, flags?: SectionFlags, nobits?: boolean): void {
    const s = this.getSection(name, flags, nobits);
    if (this.cur && this.cur !== s) this.prevSection = this.cur;
    this.cur = s;
  }

  // ---- symbols ----

  defineLabel(name: string, col: number): void {
    const at = { ...this.pos, column: col };
    // A label may take the name of a symbol `.set` made (GNU's volatile symbols), not of another label.
    const old = this.syms.lookup(name)?.def;
    if (old && !(old.kind === 'label' ? old.alias === true : old.fixed !== true)) throw new AsmError(at, `symbol '${displayName(name)}' is already defined`);
    // GNU names only a label in code a Thumb function; one in data leaves `.thumb_func` pending.
    const thumbFunc = this.thumbFuncPending && !name.startsWith('.L') && this.cur.flags.exec;
    if (thumbFunc) this.thumbFuncPending = false;
    this.syms.define(name, { kind: 'label', section: this.cur.name, offset: this.cur.size, ...(this.thumb ? { thumb: true } : {}), ...(thumbFunc ? { thumbFunc } : {}) });
  }

  defineLocalNumeric(digits: string, col: number): void {
    const n = (this.localCounts.get(digits) ?? 0) + 1;
    this.localCounts.set(digits, n);
    this.defineLabel(`.L${digits}\u0002${n}`, col);
  }

  /**
   * `.set` (and `=`, `.equ`) may redefine a symbol `.set` made; `.equiv` and `.eqv` only define a
   * new one; an `.eqv` symbol's expression is evaluated again wherever it is used (pctx.eqv).
   */
  setSymbol(name: string, expr: Expr, pos: SourcePos, mode: 'set' | 'equiv' | 'eqv'): void {
    const old = this.syms.lookup(name)?.def;
    const redefinable = mode === 'set' && (old?.kind === 'label' ? old.alias === true : old?.fixed !== true);
    if (old && !redefinable) throw new AsmError(pos, `symbol '${name}' is already defined`);
    if (mode === 'eqv') {
      this.eqvs.set(name, expr);
      this.syms.define(name, { kind: 'equ', expr, pos, fixed: true });
      return;
    }
    let value: Value | undefined;
    try {
      value = evaluate(expr, this.resolver(false), false, pos);
    } catch (e) {
      if (!(e instanceof Unresolved)) throw e;
    }
    if (value?.big) throw new AsmError(pos, `bignum invalid: the value of '${name}' does not fit in 64 bits`);
    // A label plus a constant (GNU's O_symbol with a defined symbol) makes an address carrying the
    // label's attributes, as GNU copies them: an alias of a Thumb function is one too (interworking
    // branches, bit 0 in data, relocations kept against it); a `.type` given later is not copied.
    const target = exprSymbol(expr)?.def;
    if (value?.base?.kind === 'sec' && !value.sub && target?.kind === 'label' && target.section === value.base.section) {
      if (this.types.get(exprSymbol(expr)!.name) === 'function') this.types.set(name, 'function');
      this.syms.define(name, { kind: 'label', section: target.section, offset: Number(value.add), ...(mode === 'set' ? { alias: true } : {}), ...(target.thumb ? { thumb: true } : {}), ...(target.thumbFunc ? { thumbFunc: true } : {}) });
      return;
    }
    const fixed = mode === 'equiv' ? { fixed: true } : {};
    this.syms.define(name, value ? { kind: 'equ', value, pos, ...fixed } : { kind: 'equ', expr, pos, ...fixed });
  }

  isDefined(name: string): boolean {
    return this.syms.isDefined(name);
  }

  private resolving = new Set<SymRef>();
  private readonly resolveNow = this.makeResolver(false);
  private readonly resolveFinal = this.makeResolver(true);

  /** The evaluation environment: `final` at the end of the file (undefined symbols are external). */
  resolver(final: boolean): EvalEnv {
    return final ? this.resolveFinal : this.resolveNow;
  }

  private makeResolver(final: boolean): EvalEnv {
    const resolve = (ref: SymRef): Value | undefined => {
      const s = ref.def;
      if (!s) return undefined;
      if (s.kind === 'label') return { add: BigInt(s.offset), base: { kind: 'sec', section: s.section } };
      if (s.value) return s.value;
      if (this.resolving.has(ref)) throw new AsmError(s.pos, `symbol '${ref.name}' is defined in terms of itself`);
      this.resolving.add(ref);
      try {
        return evaluate(s.expr!, this.resolver(final), final, s.pos);
      } catch (e) {
        if (e instanceof Unresolved) return undefined;
        throw e;
      } finally {
        this.resolving.delete(ref);
      }
    };
    return { resolve, warn: (pos, message) => this.warn(pos, message) };
  }

  private readonly pctx: ParseContext = {
    // '.' is read when the expression is parsed: the start of the statement (or of the data item).
    dot: () => ({ add: BigInt(this.cur.size), base: { kind: 'sec', section: this.cur.name } }),
    localRef: (tok: Token) => this.localRef(tok),
    symbol: (name: string) => this.syms.ref(name),
    eqv: (name: string, col: number) => {
      const e = this.eqvs.get(name);
      return e && this.rebound(e, { ...this.pos, column: col }, 0);
    },
    warn: (col: number, message: string) => this.warn({ ...this.pos, column: col }, message),
  };

  /** `.eqv` symbols: their expressions as written (bound again at each use). */
  private readonly eqvs = new Map<string, Expr>();

  /** `e` with every named symbol bound as written now, `.eqv` symbols expanded. */
  private rebound(e: Expr, at: SourcePos, depth: number): Expr {
    if (depth > 100) throw new AsmError(at, '.eqv symbols defined in terms of each other');
    switch (e.k) {
      case 'sym': {
        const name = e.ref.name;
        if (name.startsWith('.L')) return e; // a numeric local label names one definition
        const inner = this.eqvs.get(name);
        return inner ? this.rebound(inner, at, depth + 1) : { ...e, ref: this.syms.ref(name) };
      }
      case 'un':
        return { ...e, e: this.rebound(e.e, at, depth) };
      case 'bin':
        return { ...e, l: this.rebound(e.l, at, depth), r: this.rebound(e.r, at, depth) };
      default:
        return e;
    }
  }

  parseContext(): ParseContext {
    return this.pctx;
  }

  private localRef(tok: Token): SymRef {
    const digits = tok.text.slice(0, -1);
    const n = this.localCounts.get(digits) ?? 0;
    if (tok.text.endsWith('b')) {
      if (n === 0) throw new AsmError({ ...this.pos, column: tok.col }, `undefined local label '${tok.text}' (no earlier '${digits}:')`);
      return this.syms.ref(`.L${digits}\u0002${n}`);
    }
    return this.syms.ref(`.L${digits}\u0002${n + 1}`);
  }

  /** Evaluates an expression that must be absolute and known now (directive arguments). */
  absoluteNow(expr: Expr, col: number, what: string): number {
    return Number(this.absoluteBig(expr, col, what));
  }

  /** As absoluteNow, at full 64-bit precision. */
  absoluteBig(expr: Expr, col: number, what: string): bigint {
    const at = { ...this.pos, column: col };
    let v: Value;
    try {
      v = evaluate(expr, this.resolver(false), false, at);
    } catch (e) {
      if (e instanceof Unresolved) throw new AsmError(at, `${what}: symbol '${displayName(e.symbol)}' is not defined (a constant is needed here)`);
      throw e;
    }
    if (v.base) throw new AsmError(at, `${what} must be an absolute value`);
    if (v.big) throw new AsmError(at, `${what}: the number does not fit in 64 bits`);
    return v.add;
  }

  tryEvaluate(expr: Expr): Value | undefined {
    try {
      return evaluate(expr, this.resolver(false), false, this.pos);
    } catch (e) {
      if (e instanceof Unresolved) return undefined;
      throw e;
    }
  }

  // ---- emission ----

  requireData(): void {
    if (this.cur.nobits) throw new AsmError(this.pos, `cannot store data in section '${this.cur.name}' (only zero fill is allowed)`);
  }

  /** Stores a data value of `size` bytes; `literal`: a pool slot (32-bit values only). */
  emitData(expr: Expr, size: number, col: number, literal = false, reloc?: RelocSuffix): void {
    const sec = this.cur;
    const at = { ...this.pos, column: col };
    sec.mark('d');
    sec.line(this.pos.file, this.pos.line);
    const offset = sec.size;
    const v = this.tryEvaluate(expr);
    if (v && v.base === null && !reloc) {
      if (sec.nobits && v.add !== 0n) this.requireData();
      sec.fill(size, 0);
      this.storeConstant(sec, offset, v, size, at, false, literal);
      return;
    }
    this.requireData();
    sec.fill(size, 0);
    // An address is written at the end, when it is known whether it names a Thumb function.
    this.deferred.push({ sec, offset, pos: at, chain: this.macroChain(), data: { expr, size, literal, ...(reloc ? { reloc } : {}) } });
  }

  /**
   * Writes a constant, applying GNU's range rules: out of range now, a warning; out of range only
   * once a later definition is known, an error for 1- and 2-byte fields (as GNU), a warning for
   * larger ones (GNU is silent there); a pool slot must hold a 32-bit value.
   */
  private storeConstant(sec: SectionBuf, offset: number, v: Value, size: number, at: SourcePos, deferred: boolean, literal: boolean): void {
    const f = fieldValue(v, size);
    if (f.warning && (literal || (deferred && size < 4))) {
      if (literal || v.big) throw new AsmError(at, `literal value ${v.big ? 'is a bignum' : `0x${BigInt.asUintN(64, v.add).toString(16)}`}: it does not fit in 32 bits`);
      throw new AsmError(at, `value of ${v.add} too large for field of ${size} byte${size === 1 ? '' : 's'}`);
    }
    if (f.warning) this.warn(at, f.warning);
    sec.patch(offset, f.bits, size);
  }

  private storeValue(sec: SectionBuf, offset: number, v: Value, size: number, at: SourcePos, deferred: boolean, literal: boolean, expr?: Expr, reloc?: RelocSuffix): void {
    if (reloc) {
      this.storeSuffixed(sec, offset, v, at, expr, reloc);
      return;
    }
    if (v.base === null) {
      this.storeConstant(sec, offset, v, size, at, deferred, literal);
      return;
    }
    if (size !== 4) throw new AsmError(at, `a relocatable value needs a 4-byte field (.word), not ${size} bytes`);
    let r: Value;
    let kind: RelocKind;
    if (v.sub) {
      // X - Y with Y in this section: X - P + (P - Y), a pc-relative word (R_ARM_REL32).
      if (v.sub.kind !== 'sec' || v.sub.section !== sec.name) {
        throw new AsmError(at, `cannot subtract ${describe(v.sub)} from ${describe(v.base)}: only an address in this section (${sec.name}) can be subtracted from one elsewhere`);
      }
      r = this.globalTarget({ add: v.add + BigInt(offset), base: v.base }, expr, true);
      kind = 'rel32';
    } else {
      // GNU as relocates against a global or function symbol itself (not its section).
      r = this.globalTarget(v, expr, true);
      kind = 'abs32';
    }
    this.checkDefinedLocal(r, at);
    const addend = addend32(r, at);
    if (r.base?.kind === 'ext' && r.base.name === GOT_SYMBOL) {
      // GNU: a word addressing the GOT is R_ARM_GOTPC (base-relative), whatever its form.
      sec.patchWord(offset, addend);
      sec.relocs.push({ offset, kind: 'other', elfType: GOTPC.elfType, addend, file: at.file, line: at.line, column: at.column, target: relocTarget(r) });
      return;
    }
    sec.relocs.push({ offset, kind, addend, file: at.file, line: at.line, column: at.column, target: relocTarget(r) });
  }

  /**
   * A word with a relocation suffix (`sym(GOT)`): GNU's type, symbol and in-place value; with
   * `patch` false the bytes are an instruction's (`blx f(tlscall)`, `.tlsdescseq`).
   */
  storeSuffixed(sec: SectionBuf, offset: number, v: Value, at: SourcePos, expr: Expr | undefined, reloc: RelocSuffix, patch = true): number {
    const suffix = reloc.name.replace(/^R_ARM_/, '');
    if (v.base === null) throw new AsmError(at, `${suffix} relocation needs a symbol, not the constant ${v.add}`);
    if (v.sub) throw new AsmError(at, `${suffix} relocation needs a symbol plus a constant, not a difference`);
    let r: Value;
    let symOffset = 0n;
    let name: string | null = null;
    if (v.base.kind === 'ext') {
      r = v;
      name = v.base.name;
    } else {
      const section = v.base.section;
      const ref = expr ? labelIn(expr, (r) => this.symbolOffsetIn(r, section) !== null) : null;
      const off = ref ? this.symbolOffsetIn(ref, section) : null;
      if (!ref || off === null) throw new AsmError(at, `${suffix} relocation needs a named symbol`);
      name = ref.name;
      symOffset = off;
      const def = ref.def;
      const fn = (def?.kind === 'label' && def.thumbFunc === true) || this.types.get(ref.name) === 'function';
      r = reloc.keepSymbol || fn || this.globals.has(ref.name) ? { add: v.add - symOffset, base: { kind: 'ext', name: ref.name } } : v;
    }
    if (reloc.tls) {
      const def = this.syms.lookup(name)?.def;
      const section = v.base.kind === 'sec' ? v.base.section : def?.kind === 'label' ? def.section : null;
      if (section === null) this.tlsSymbols.add(name);
      else if (!this.sections.get(section)?.flags.tls) throw new AsmError(at, `'${name}' is accessed as a thread-local object (${suffix}) but is defined in ${section}, not in a TLS section (.tdata, .tbss)`);
    }
    this.checkDefinedLocal(r, at);
    const addend = addend32(r, at);
    const inPlace = reloc.inPlace === 'zero' ? 0 : reloc.inPlace === 'S+A' && r !== v ? addend + Number(symOffset) : addend;
    if (patch) sec.patchWord(offset, inPlace >>> 0);
    sec.relocs.push({ offset, kind: 'other', elfType: reloc.elfType, addend, file: at.file, line: at.line, column: at.column, target: relocTarget(r) });
    return addend;
  }

  /** GNU's O_symbol: `e` is a symbol plus a constant (a relocation suffix may follow it). */
  isSymbolPlusConstant(e: Expr): boolean {
    const v = this.tryEvaluate(e);
    return v ? v.base !== null && v.sub === undefined : exprSymbol(e) !== null;
  }

  /** `.tlsdescseq sym`: the instruction that follows is marked with R_ARM_(THM_)TLS_DESCSEQ. */
  markNext(expr: Expr, col: number, reloc: RelocSuffix): void {
    this.deferred.push({ sec: this.cur, offset: this.cur.size, pos: { ...this.pos, column: col }, chain: this.macroChain(), mark: { expr, reloc } });
  }

  /** The offset in `section` of the symbol `ref` (a label, or one set to an address there), or null. */
  private symbolOffsetIn(ref: SymRef, section: string): bigint | null {
    if (ref.name.startsWith('.L') || ref.name === '.') return null;
    const def = ref.def;
    if (def?.kind === 'label') return def.section === section ? BigInt(def.offset) : null;
    if (!def) return null;
    try {
      const v = evaluate({ k: 'sym', ref, col: 0 }, this.resolver(true), true, this.pos);
      return v.base?.kind === 'sec' && v.base.section === section && !v.sub ? v.add : null;
    } catch {
      return null;
    }
  }

  /** Undefined symbols used as thread-local (STT_TLS). */
  readonly tlsSymbols = new Set<string>();

  /**
   * `v` made relative to the symbol `expr` names when GNU keeps the symbol in a relocation: a
   * global, or with `keepFunctions` a function (GNU's arm_fix_adjustable).
   */
  globalTarget(v: Value, expr: Expr | undefined, keepFunctions = false): Value {
    const base = v.base;
    if (!expr || base?.kind !== 'sec') return v;
    // The symbol the value is relative to (`sym`, `sym + 4`, `sym + KDATA`...).
    const ref = labelIn(expr, (r) => {
      const d = r.def;
      if (d?.kind !== 'label' || d.section !== base.section) return false;
      const fn = d.thumbFunc === true || this.types.get(r.name) === 'function';
      return this.globals.has(r.name) || (keepFunctions && fn);
    });
    const def = ref?.def;
    if (!ref || def?.kind !== 'label') return v;
    return { add: v.add - BigInt(def.offset), base: { kind: 'ext', name: ref.name } };
  }

  checkDefinedLocal(v: Value, at: SourcePos): void {
    if (v.base?.kind === 'ext' && v.base.name.startsWith('.L')) {
      throw new AsmError(at, `undefined symbol '${displayName(v.base.name)}'`);
    }
  }

  /**
   * 'thumb'/'arm' when `e` is a label (plus a constant) in `section` marked a function (.type
   * %function, .thumb_func), by the state it was defined in: GNU's THUMB_IS_FUNC/ARM_IS_FUNC.
   */
  functionKindOf(e: Expr, section: string): 'thumb' | 'arm' | null {
    const ref = exprSymbol(e);
    const def = ref?.def;
    if (!ref || def?.kind !== 'label' || def.section !== section) return null;
    if (!def.thumbFunc && this.types.get(ref.name) !== 'function') return null;
    return def.thumb ? 'thumb' : 'arm';
  }

  emitThumb(enc: ThumbEncoding): void {
    const sec = this.cur;
    if (sec.nobits) throw new AsmError(this.pos, `instruction in section '${sec.name}' which holds no data`);
    if (sec.size % 2 !== 0) throw new AsmError(this.pos, 'Thumb instruction is not halfword aligned (use .align)');
    sec.align = Math.max(sec.align, 2);
    sec.mark('t');
    sec.line(this.pos.file, this.pos.line);
    const offset = sec.size;
    try {
      sec.thumb(enc.encode(this.encodeCtx(sec, offset, this.pos, false)), enc.size);
    } catch (e) {
      sec.thumb(0, enc.size);
      if (!(e instanceof Unresolved)) this.valueError(e);
      this.deferred.push({ sec, offset, pos: this.pos, chain: this.macroChain(), enc: enc.encode, thumbSize: enc.size });
    }
  }

  emitInstruction(enc: Encoder | MultiWord): void {
    const sec = this.cur;
    if (sec.nobits) throw new AsmError(this.pos, `instruction in section '${sec.name}' which holds no data`);
    const multi = typeof enc === 'function' ? undefined : enc;
    if (multi?.words === 0) {
      multi.encode(this.encodeCtx(sec, sec.size, this.pos, false));
      return;
    }
    if (sec.size % 4 !== 0) throw new AsmError(this.pos, 'instruction is not word aligned (use .align)');
    sec.align = Math.max(sec.align, 4);
    sec.mark('a');
    sec.line(this.pos.file, this.pos.line);
    const offset = sec.size;
    const words = multi?.words ?? 1;
    try {
      const ctx = this.encodeCtx(sec, offset, this.pos, false);
      if (multi) for (const w of multi.encode(ctx)) sec.word(w);
      else sec.word((enc as Encoder)(ctx));
    } catch (e) {
      // The space stays taken (as in GNU as, whose operand checks come after layout).
      for (let i = 0; i < words; i++) sec.word(0);
      if (!(e instanceof Unresolved)) this.valueError(e);
      this.deferred.push({ sec, offset, pos: this.pos, chain: this.macroChain(), ...(multi ? { multi } : { enc: enc as Encoder }) });
    }
  }

  private encodeCtx(sec: SectionBuf, offset: number, pos: SourcePos, final: boolean): EncodeCtx {
    return new InsnContext(this, sec, offset, pos, final);
  }

  /** Records a relocation for a pc-relative operand that cannot be resolved in this file. */
  pcrelReloc(sec: SectionBuf, offset: number, v: Value, kind: RelocKind, pos: SourcePos, col: number): void {
    this.checkDefinedLocal(v, { ...pos, column: col });
    sec.relocs.push({ offset, kind, target: relocTarget(v), addend: addend32(v, { ...pos, column: col }), file: pos.file, line: pos.line, column: col });
  }

  // ---- literal pools ----

  private readonly hooksObj: AsmHooks = {
    tryValue: (e) => this.tryEvaluate(e),
    literal: (expr, col) => this.literal(expr, col),
  };

  hooks(): AsmHooks {
    return this.hooksObj;
  }

  /**
   * Allocates a slot in the section's pool for `expr`, or reuses one by GNU's rule. The expression
   * was parsed at the load, so its symbols are bound there, whenever the pool is written.
   */
  private literal(expr: Expr, col: number): SymRef {
    const key = literalKey(expr, (e) => this.tryEvaluate(e));
    if (key === null) {
      throw new AsmError({ ...this.pos, column: col }, 'literal must be a constant or one symbol plus a constant at this point (it combines symbols that are not defined yet; GNU as rejects it too)');
    }
    let pool = this.pools.get(this.cur);
    if (!pool) this.pools.set(this.cur, (pool = { entries: [], byKey: new Map() }));
    const hit = key === 'unique' ? undefined : pool.byKey.get(key);
    if (hit) return hit.slot;
    const entry: PoolEntry = { slot: this.syms.anonymous('.Lpool'), expr, pos: { ...this.pos, column: col } };
    pool.entries.push(entry);
    if (key !== 'unique') pool.byKey.set(key, entry);
    return entry.slot;
  }

  flushPool(sec: SectionBuf): void {
    const pool = this.pools.get(sec)?.entries;
    if (!pool || pool.length === 0) return;
    this.pools.delete(sec);
    const saved = this.cur;
    const savedPos = this.pos;
    this.cur = sec;
    // GNU aligns the pool with zeros (marked as data, as every alignment is) and starts it with a $d.
    sec.mark2('d');
    if (sec.size % 4 !== 0) sec.fill(4 - (sec.size % 4), 0);
    sec.align = Math.max(sec.align, 4);
    sec.markPool();
    for (const p of pool) {
      this.pos = p.pos;
      p.slot.def = { kind: 'label', section: sec.name, offset: sec.size };
      this.emitData(p.expr, 4, p.pos.column, true);
    }
    this.cur = saved;
    this.pos = savedPos;
  }

  // ---- statements ----

  pushFrame(f: Omit<Frame, 'i' | 'condDepth' | 'origin' | 'macroName'> & { readonly origin?: SourcePos; readonly macroName?: string }): void {
    if (f.kind === 'macro' && this.expansionDepth >= MAX_MACRO_DEPTH) {
      throw new AsmError(this.pos, `macro/loop expansion nested more than ${MAX_MACRO_DEPTH} deep (recursive macro?)`);
    }
    this.expanded += f.stmts.length;
    if (this.expanded > MAX_EXPANDED) throw new AsmError(this.pos, `too many statements from macro and loop expansion (limit ${MAX_EXPANDED})`);
    // (one literal shape for every frame: V8 keeps the frames' accesses fast)
    this.frames.push({ stmts: f.stmts, i: 0, file: f.file, kind: f.kind, condDepth: this.conds.length, origin: f.origin, macroName: f.macroName });
    if (f.kind !== 'file') this.expansionDepth++;
  }

  /** Reads the next raw statement of the current frame (for macro/loop bodies). */
  nextRaw(): Statement | undefined {
    const f = this.frame;
    return f.i < f.stmts.length ? f.stmts[f.i++] : undefined;
  }

  /** The architecture selected (`.arch`, `.cpu`): build attributes, and whether BLX exists. */
  arch: ArchInfo = ARMV5TE;

  /** `.eabi_attribute` settings. */
  readonly attributes = new Map<number, { int?: number; str?: string }>();

  /** `.altmacro` in force. */
  altMacro = false;
  private localNames = 0;

  /** How macro arguments are read now (GNU: `.altmacro` adds <...>, %expr and '...'). */
  macroSyntax(): MacroSyntax {
    return {
      alternate: this.altMacro,
      percent: (text, i) => {
        const rest = text.slice(i);
        let toks: Token[];
        try {
          toks = tokenize(rest, this.pos, 0);
        } catch {
          toks = tokenize(rest.slice(0, rest.search(/[\s,]|$/)), this.pos, 0);
        }
        const ts = new TokenStream(toks, this.pos);
        const e = parseExpr(ts, this.parseContext());
        const value = this.absoluteBig(e, this.pos.column, "'%' operand");
        return { value, next: i + ts.peek().col - 1 };
      },
    };
  }

  /** The current `\@` (GNU: the number of macros expanded so far). */
  get macroCount(): number {
    return this.macroCounter;
  }

  /** An expansion of a body: `vals` for the parameters; macros (not loops) may declare LOCALs. */
  expansion(vals: Map<string, string>, isMacro: boolean): Expansion {
    return {
      vals,
      counter: this.macroCounter,
      alternate: this.altMacro,
      local: isMacro ? () => `.LL${(++this.localNames).toString(16).padStart(4, '0')}` : null,
      errors: [],
    };
  }

  expandMacro(def: MacroDef, argText: string, col: number): void {
    const at = { ...this.pos, column: col };
    const bound = bindArgs(def, argText, this.macroSyntax());
    if (typeof bound === 'string') throw new AsmError(at, bound);
    for (const w of bound.warnings) this.warn(at, w);
    const x = this.expansion(bound.vals, true);
    this.macroCounter++;
    this.pos = at;
    const stmts = def.body.map((s) => ({ ...s, text: substitute(s.text, x) }));
    if (x.errors.length > 0) throw new AsmError(at, `in macro '${def.name}': ${x.errors[0]}`);
    this.pushFrame({ stmts, file: def.file, kind: 'macro', origin: this.pos, macroName: def.name });
  }

  expandLoop(bodies: Statement[][]): void {
    const stmts = bodies.flat();
    this.pushFrame({ stmts, file: this.frame.file, kind: 'loop', origin: this.pos });
  }

  exitMacro(): void {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.kind === 'macro') {
        f.i = f.stmts.length;
        this.conds.length = f.condDepth;
        for (let j = i + 1; j < this.frames.length; j++) this.frames[j]!.i = this.frames[j]!.stmts.length;
        return;
      }
    }
    throw new AsmError(this.pos, '.exitm outside a macro');
  }

  /** Collect errors and go on (GNU as reports every bad statement) instead of stopping at the first. */
  collectErrors = false;
  readonly errors: AsmError[] = [];
  /** Errors in operand values, found once the layout is known (GNU's fixup-time errors). */
  readonly valueErrors = new Set<AsmError>();

  /** Stops at `e`, or records it when collecting. */
  private report(e: unknown): void {
    if (!(e instanceof AsmError) || !this.collectErrors) throw e;
    this.errors.push(e);
  }

  /** Marks an error thrown while encoding an already laid out statement, and rethrows it. */
  private valueError(e: unknown): never {
    if (e instanceof AsmError) this.valueErrors.add(e);
    throw e;
  }

  run(source: string, file: string): void {
    this.pushFrame({ stmts: splitStatements(source), file, kind: 'file' });
    while (this.frames.length > 0 && !this.ended) {
      const f = this.frames[this.frames.length - 1]!;
      if (f.i >= f.stmts.length) {
        this.frames.pop();
        if (f.kind !== 'file') this.expansionDepth--;
        if (f.kind === 'file' && this.conds.length > f.condDepth) {
          this.report(new AsmError({ file: f.file, line: (f.stmts[f.stmts.length - 1]?.line ?? 0) + 1, column: 1 }, 'unterminated .if (missing .endif)'));
          this.conds.length = f.condDepth;
        }
        continue;
      }
      const st = f.stmts[f.i++]!;
      this.frame = f;
      this.pos = { file: f.file, line: st.line, column: st.col + 1 };
      try {
        this.statement(st);
      } catch (e) {
        if (e instanceof AsmError) {
          const wrapped = this.inMacros(e);
          if (this.valueErrors.has(e)) this.valueErrors.add(wrapped);
          this.report(wrapped);
        } else this.report(e);
      }
    }
  }

  /** The macro invocations being expanded, innermost first. */
  macroChain(): { file: string; line: number }[] {
    return this.frames.filter((f) => f.kind === 'macro' && f.origin).reverse().map((f) => ({ file: f.origin!.file, line: f.origin!.line }));
  }

  /** While deferred statements are finished: the invocations they were written in. */
  private finalChain: readonly { file: string; line: number }[] | null = null;

  /** An error inside macro expansions names every invocation, innermost first. */
  private inMacros(e: AsmError): AsmError {
    const calls = this.frames.filter((f) => f.kind === 'macro' && f.origin).reverse();
    if (calls.length === 0 || e.problem.includes('(in macro')) return e;
    const chain = calls.map((f) => `macro '${f.macroName}' invoked at ${f.origin!.file}:${f.origin!.line}`).join(', from ');
    return new AsmError(e, `${e.problem} (in ${chain})`);
  }

  private get active(): boolean {
    const c = this.conds[this.conds.length - 1];
    return c === undefined || c.active;
  }

  pushCond(value: boolean): void {
    const parent = this.active;
    this.conds.push({ active: parent && value, taken: value, elseSeen: false, parentActive: parent });
  }

  private statement(st: Statement): void {
    if (!this.active) {
      const m = /^\s*\.(if\w*|else|elseif|endif)\b/i.exec(st.text);
      if (!m) return;
      const d = m[1]!.toLowerCase();
      if (d.startsWith('if')) {
        this.conds.push({ active: false, taken: true, elseSeen: false, parentActive: false });
        return;
      }
    }
    // Floating-point data is read from the text (its numbers are not the lexer's).
    const fp = FLOAT_HINT.test(st.text) ? FLOAT_STATEMENT.exec(st.text) : null;
    const ts = new TokenStream(tokenize(fp ? fp[1]! : st.text, this.pos, st.col), this.pos);
    // Labels: "name:" or "1:" (several may precede a statement).
    for (;;) {
      const t = ts.peek();
      if ((t.kind === 'id' || (t.kind === 'num' && /^\d+$/.test(t.text))) && ts.isOp(':', 1) && this.active) {
        ts.next();
        ts.next();
        if (t.kind === 'num') this.defineLocalNumeric(t.text, t.col);
        else this.defineLabel(t.text, t.col);
        continue;
      }
      break;
    }
    if (fp) {
      if (this.active) floatDirective(this, fp[2]!.toLowerCase(), fp[3]!, st.col + fp[1]!.length + fp[2]!.length);
      return;
    }
    if (ts.atEnd()) return;
    const head = ts.peek();
    if (head.kind === 'id' && ts.isOp('=', 1)) {
      ts.next();
      ts.next();
      this.syms.ref(head.text); // made before its expression is read, as GNU does
      const e = parseExprTs(ts, this);
      ts.expectEnd();
      this.setSymbol(head.text, e, { ...this.pos, column: head.col }, 'set');
      return;
    }
    if (head.kind !== 'id') ts.fail(`statement expected, found '${head.text}'`);
    // "alias .req register" (the directive comes second).
    const second = ts.peek(1);
    if (second.kind === 'id' && second.text.toLowerCase() === '.req' && this.active) {
      ts.next();
      ts.next();
      const reg = ts.next();
      ts.expectEnd();
      if (reg.kind !== 'id') ts.fail('register name expected after .req', reg);
      const problem = this.aliases.define(head.text, reg.text);
      if (problem) this.warn({ ...this.pos, column: reg.col }, problem);
      return;
    }
    ts.next();
    const name = head.text;
    const lower = name.toLowerCase();
    const macro = this.macros.get(lower);
    if (macro && this.active) {
      const argText = st.text.slice(head.col - st.col - 1 + name.length);
      this.expandMacro(macro, argText, head.col);
      return;
    }
    if (lower.startsWith('.')) {
      runDirective(this, lower, ts, st, head);
      return;
    }
    if (!this.active) return;
    const ops = new TokenStream(this.aliases.resolve(ts.toks, ts.index), this.pos);
    ops.index = ts.index;
    if (this.thumb) {
      this.emitThumb(thumbInstruction(name, head.col, ops, this.parseContext(), this.hooks(), this.unified));
      return;
    }
    const g = gnuMnemonic(name, this.unified);
    if (!g.ok) return ts.fail(g.problem, head);
    if (g.deprecatedInfix) this.warn({ ...this.pos, column: head.col }, 'conditional infixes are deprecated in unified syntax');
    const m = splitMnemonic(g.name);
    if (!m) return ts.fail(`unknown mnemonic '${name}'`, head);
    const cond = g.cond ?? 14;
    const enc = m.handler({ name: lower, base: m.base, cond, suffix: m.suffix, hasCond: g.cond !== null, col: head.col }, ops, this.parseContext(), this.hooks());
    this.emitInstruction(enc);
  }

  // ---- finishing ----

  finish(file: string): ObjectFile {
    for (const sec of [...this.sections.values()]) this.flushPool(sec);
    for (const sec of this.sections.values()) {
      // GNU as rounds the size of a code section up to its alignment (at most a word), as a code
      // alignment in the state the file ends in: zeros up to whole instructions, then Thumb NOPs.
      if (sec.flags.exec && !sec.nobits) {
        const unit = Math.min(sec.align, 4);
        const pad = (unit - (sec.size % unit)) % unit;
        const kind = this.thumb ? 't' : 'a';
        sec.markCodeAlign(kind, pad);
        const fix = pad % (kind === 't' ? 2 : 4);
        sec.fill(fix, 0);
        for (let i = fix; i < pad; i += 2) sec.half(THUMB_NOP);
      }
    }
    for (const sec of this.sections.values()) sec.finishMappings();
    for (const d of this.deferred) {
      this.finalChain = d.chain ?? [];
      try {
        if (d.multi) {
          d.multi.encode(this.encodeCtx(d.sec, d.offset, d.pos, true)).forEach((w, i) => d.sec.patchWord(d.offset + 4 * i, w));
        } else if (d.enc) {
          const w = d.enc(this.encodeCtx(d.sec, d.offset, d.pos, true));
          if (d.thumbSize) d.sec.patchThumb(d.offset, w, d.thumbSize);
          else d.sec.patchWord(d.offset, w);
        } else if (d.mark) {
          const v = evaluate(d.mark.expr, this.resolver(true), true, d.pos);
          this.storeSuffixed(d.sec, d.offset, v, d.pos, d.mark.expr, d.mark.reloc, false);
        } else if (d.data) {
          const v = evaluate(d.data.expr, this.resolver(true), true, d.pos);
          this.storeValue(d.sec, d.offset, v, d.data.size, d.pos, true, d.data.literal, d.data.expr, d.data.reloc);
        }
      } catch (e) {
        if (e instanceof AsmError) this.valueErrors.add(e);
        this.report(e);
      }
    }
    this.finalChain = null;
    const symbols: ObjSymbol[] = [];
    for (const [name, ref] of this.syms.mentioned()) {
      const s = ref.def;
      if (name.startsWith('.L') || !s) continue;
      const global = this.globals.has(name);
      const type = this.types.get(name);
      if (s.kind === 'label') {
        // A symbol in a thread-local section is STT_TLS (ELF), whatever .type said.
        const fn = this.sections.get(s.section)?.flags.tls ? 'tls' : s.thumbFunc || this.thumbSet.has(name) ? 'function' : type;
        symbols.push({ name, section: s.section, value: s.offset, global, ...(fn ? { type: fn } : {}), ...(s.thumb || this.thumbSet.has(name) ? { thumb: true } : {}), seq: this.syms.firstId(name)! });
        continue;
      }
      let v: Value | undefined = s.value;
      if (!v) {
        try {
          v = evaluate(s.expr!, this.resolver(true), true, s.pos);
        } catch {
          v = undefined;
        }
      }
      if (!v || v.base?.kind === 'ext' || v.sub) continue;
      // GNU makes --defsym symbols first (before the sections), the last option first.
      const defsyms = Object.keys(this.options.defsym ?? {});
      const d = defsyms.indexOf(name);
      if (d >= 0 && s.pos === this.defsymPos) {
        symbols.push({ name, section: null, value: Number(BigInt.asUintN(32, v.add)), global, seq: -1000 - d });
        continue;
      }
      const thumbSet = this.thumbSet.has(name);
      if (v.base && this.sections.get(v.base.section)?.flags.tls) {
        symbols.push({ name, section: v.base.section, value: Number(BigInt.asUintN(32, v.add)), global, type: 'tls', seq: this.syms.firstId(name)! });
        continue;
      }
      symbols.push({ name, section: v.base ? v.base.section : null, value: Number(BigInt.asUintN(32, v.add)), global, ...(thumbSet ? { type: 'function' as const, thumb: true } : type ? { type } : {}), seq: this.syms.firstId(name)! });
    }
    const referenced = new Set<string>();
    for (const sec of this.sections.values()) {
      for (const r of sec.relocs) if (r.target.kind === 'symbol') referenced.add(r.target.name);
    }
    // Undefined and global names in the order of first mention, as GNU orders its symbol table.
    const undefinedSymbols: string[] = [];
    const globalOrder: string[] = [];
    for (const [name, ref] of this.syms.mentioned()) {
      const undef = ref.def === undefined && !name.startsWith('.L') && (referenced.has(name) || this.globals.has(name));
      if (undef) undefinedSymbols.push(name);
      if (undef || (this.globals.has(name) && ref.def !== undefined)) globalOrder.push(name);
    }
    // Keep empty default sections out of the object unless they hold something.
    const sections = [...this.sections.values()].filter((s) => s.size > 0 || s.align > 1 || !['.text', '.data', '.bss'].includes(s.name) || s.relocs.length > 0);
    const undefinedTls = undefinedSymbols.filter((n) => this.tlsSymbols.has(n));
    return { file, sections: sections.map((s) => s.toObject()), symbols, undefinedSymbols, ...(undefinedTls.length > 0 ? { undefinedTls } : {}), globalOrder, warnings: this.warnings, arch: this.arch, ...(this.attributes.size > 0 ? { attributes: [...this.attributes] } : {}) };
  }
}

import { parseExpr } from './expr.ts';

export function parseExprTs(ts: TokenStream, asm: Assembler): Expr {
  return parseExpr(ts, asm.parseContext());
}

/** Printable name for generated local label names. */
export function displayName(name: string): string {
  const m = /^\.L(\d+)\u0002\d+$/.exec(name);
  if (m) return `${m[1]}f`;
  if (name === '.Lpool') return 'literal pool entry';
  return name;
}

function relocTarget(v: Value): Reloc['target'] {
  return v.base === null ? { kind: 'absolute' } : v.base.kind === 'sec' ? { kind: 'section', section: v.base.section } : { kind: 'symbol', name: v.base.name };
}

/**
 * Branches are relocated against a global target even in this section, as GNU as does (but not
 * Thumb B, whose short reach GNU always resolves itself).
 */
const BRANCH_KINDS: ReadonlySet<RelocKind> = new Set(['branch24', 'blx24', 'thm_call', 'thm_jump8']);

/** A relocation addend: a 32-bit value (GNU truncates larger ones silently; we refuse them). */
function addend32(v: Value, at: SourcePos): number {
  if (!fits32(v.add)) {
    const hex = `0x${BigInt.asUintN(64, v.add).toString(16)}`;
    const what = v.base === null ? `address ${hex}` : `offset ${hex} from ${v.base.kind === 'ext' ? `symbol '${v.base.name}'` : `section ${v.base.section}`}`;
    throw new AsmError(at, `${what} does not fit in 32 bits`);
  }
  return Number(BigInt.asIntN(32, v.add));
}

export function resolveInclude(asm: Assembler, name: string, fromFile: string): string {
  const candidates = [nodePath.join(nodePath.dirname(fromFile), name), ...asm.includeDirs.map((d) => nodePath.join(d, name)), name];
  for (const c of candidates) {
    try {
      asm.readFile(c);
      return c;
    } catch {
      // try the next directory
    }
  }
  return '';
}

export function assemble(source: string, options: AssembleOptions = {}): ObjectFile {
  const file = options.file ?? 'input.s';
  const asm = new Assembler(options);
  asm.run(source, file);
  return asm.finish(file);
}

/**
 * Assembles and reports every error, in order of discovery, as GNU as does (a statement with an
 * error emits nothing, or zeros where its size was already known); the object only when there was
 * none. `valueErrors` are the errors in operand values found once the layout was known (GNU reports
 * those only when no statement was refused outright).
 */
export function assembleAll(source: string, options: AssembleOptions = {}): { readonly object: ObjectFile | null; readonly errors: readonly AsmError[]; readonly valueErrors: ReadonlySet<AsmError> } {
  const file = options.file ?? 'input.s';
  const asm = new Assembler(options);
  asm.collectErrors = true;
  asm.run(source, file);
  const object = asm.finish(file);
  return { object: asm.errors.length === 0 ? object : null, errors: asm.errors, valueErrors: asm.valueErrors };
}

/** The encoder's view of one instruction being encoded (a class: no closures per instruction). */
class InsnContext implements EncodeCtx {
  readonly section: string;
  constructor(
    private readonly asm: Assembler,
    private readonly sec: SectionBuf,
    readonly offset: number,
    readonly pos: SourcePos,
    readonly final: boolean,
  ) {
    this.section = sec.name;
  }
  value(e: Expr): Value {
    return evaluate(e, this.asm.resolver(this.final), this.final, this.pos);
  }
  fail(col: number, problem: string): never {
    throw new AsmError({ ...this.pos, column: col }, problem);
  }
  abs(e: Expr, col: number, what: string): number {
    const v = this.value(e);
    if (v.base?.kind === 'ext') this.fail(col, `undefined symbol '${displayName(v.base.name)}' in ${what}`);
    if (v.base) this.fail(col, `${what} must be an absolute value`);
    if (v.big) this.fail(col, `${what}: the number does not fit in 64 bits`);
    return Number(v.add);
  }
  pcrel(e: Expr, col: number, kind: RelocKind | null, what?: string): number | null {
    const t = this.target(e, col, kind, what);
    return t === null ? null : t - (this.offset + 8);
  }
  target(e: Expr, col: number, kind: RelocKind | null, what = 'target'): number | null {
    let v = this.value(e);
    if (v.sub) this.fail(col, `${what} cannot be a difference of addresses in different sections`);
    if (kind !== null && BRANCH_KINDS.has(kind)) {
      // Whether the target is global is known at the end of the file.
      const ref = exprSymbol(e);
      if (ref && !ref.name.startsWith('.L')) {
        if (!this.final) throw new Unresolved('branch target');
        v = this.asm.globalTarget(v, e);
        // A function elsewhere is relocated against its own symbol (GNU keeps function symbols).
        if (v.base?.kind === 'sec' && v.base.section !== this.sec.name) v = this.asm.globalTarget(v, e, true);
      }
    }
    if (v.base?.kind === 'sec' && v.base.section === this.sec.name) return Number(v.add);
    if (!this.final) throw new Unresolved('pc-relative target');
    if (kind === null) {
      const where = v.base === null ? 'an absolute address' : v.base.kind === 'ext' ? `undefined symbol '${displayName(v.base.name)}'` : `in section ${v.base.section}`;
      this.fail(col, `${what} must be in this section (${this.sec.name}), not ${where}`);
    }
    this.asm.pcrelReloc(this.sec, this.offset, v, kind, this.pos, col);
    return null;
  }
  functionKind(e: Expr): 'thumb' | 'arm' | null {
    // Decided at the end of the file: a later .type may still make the target a function.
    if (!this.final) throw new Unresolved('interworking');
    return this.asm.functionKindOf(e, this.sec.name);
  }
  suffixReloc(e: Expr, col: number, reloc: RelocSuffix): number {
    if (!this.final) throw new Unresolved('relocation');
    return this.asm.storeSuffixed(this.sec, this.offset, this.value(e), { ...this.pos, column: col }, e, reloc, false);
  }
  markV4bx(): void {
    if (this.asm.arch.arch >= 3) return;
    const at = this.pos;
    if (this.sec.relocs.some((r) => r.offset === this.offset && r.kind === 'v4bx')) return;
    this.sec.relocs.push({ offset: this.offset, kind: 'v4bx', target: { kind: 'absolute' }, addend: 0, file: at.file, line: at.line, column: at.column });
  }
  get blx(): boolean {
    return hasBlx(this.asm.arch);
  }
  get archLevel(): number {
    return this.asm.arch.arch;
  }
  forceReloc(e: Expr, col: number, kind: RelocKind): void {
    const v = this.value(e);
    const ref = exprSymbol(e);
    const def = ref?.def;
    if (!ref || def?.kind !== 'label') this.fail(col, 'internal: forced relocation needs a label');
    this.asm.pcrelReloc(this.sec, this.offset, { add: v.add - BigInt(def.offset), base: { kind: 'ext', name: ref.name } }, kind, this.pos, col);
  }
  warn(col: number, message: string): void {
    this.asm.warn({ ...this.pos, column: col }, message);
  }
}
