// What a VCD holds, decided once before the first cycle: the header text (scopes, variables, id
// codes in declaration order) and, per traced value, where it lives in the signal store and the
// bytes that follow its value. A plan is plain data, so the formatting (vcd-emitter.ts) can run in
// this thread or in a worker thread (vcd-worker.ts) from the same plan and give the same bytes.
import type { AnySignal, Memory, Module, TextSignal } from '../../rtl/hdl/index.ts';
import { Reg } from '../../rtl/hdl/index.ts';
import { compileFilter, type TraceFilter } from './filter.ts';
import type { TextEncoding } from './text-encoding.ts';
import { vcdIdCode } from './vcd-ids.ts';

export interface VcdLayoutOptions extends TraceFilter {
  /** Time units per clock cycle (even, default 10). */
  readonly period?: number;
  /** VCD timescale (default '1ns'). */
  readonly timescale?: '1ps' | '10ps' | '100ps' | '1ns' | '10ns' | '100ns' | '1us';
  /** Cycles to record: [from, to). Default: all. */
  readonly window?: { readonly from?: number; readonly to?: number };
  readonly textEncoding?: TextEncoding;
  /** Characters per text signal in 'vector' encoding (default 32). */
  readonly textChars?: number;
  /** Written in the $version section. */
  readonly version?: string;
}

/** One declared variable, for readers and the .gtkw writer. */
export interface VcdVariable {
  /** Full hierarchical name, e.g. top.core.rf.r0 */
  readonly path: string;
  readonly width: number;
  readonly id: string;
  readonly kind: 'wire' | 'reg' | 'string' | 'text-vector' | 'clock';
}

/** A signal of one store word; `tail` is " <id>\n" for vectors, "<id>\n" for single bits. */
export interface PlannedNarrow {
  readonly slot: number;
  readonly oneBit: boolean;
  readonly tail: string;
}

export interface PlannedWide {
  readonly slot: number;
  readonly words: number;
  readonly tail: string;
}

export interface PlannedText {
  /** Index in the design's text store. */
  readonly index: number;
  readonly tail: string;
}

export interface PlannedMemory {
  readonly depth: number;
  readonly oneBit: boolean;
  /** Per entry: its tail, or null when the filter drops it. */
  readonly tails: ReadonlyArray<string | null>;
}

export interface VcdPlan {
  /** Everything up to and including `$enddefinitions $end`. */
  readonly header: string;
  readonly period: number;
  readonly from: number;
  /** Infinity: no end. */
  readonly to: number;
  readonly textEncoding: TextEncoding;
  readonly textChars: number;
  readonly clkId: string;
  readonly rstId: string;
  readonly narrow: readonly PlannedNarrow[];
  readonly wide: readonly PlannedWide[];
  readonly texts: readonly PlannedText[];
  /** Traced memories with at least one entry selected, in declaration order. */
  readonly mems: readonly PlannedMemory[];
  readonly variables: readonly VcdVariable[];
}

/** The plan and the memories its `mems` stand for (same order; not data, so kept apart). */
export interface PlannedVcd {
  readonly plan: VcdPlan;
  readonly memories: readonly Memory[];
}

/** Checks the options and declares every selected signal of the module tree under `top`. */
export function planVcd(top: Module, options: VcdLayoutOptions): PlannedVcd {
  const planned = planLayout(top, options);
  return withWindow(planned, options.window);
}

/**
 * `planned` for another window: the header, ids and layout do not depend on the window, so a
 * source that writes many windows (trace-ring.ts) plans once and takes each window from here.
 */
export function withWindow(planned: PlannedVcd, window: VcdLayoutOptions['window']): PlannedVcd {
  const from = window?.from ?? 0;
  const to = window?.to ?? Number.POSITIVE_INFINITY;
  if (!(from >= 0) || !(to > from)) throw new Error(`VcdOptions.window must satisfy 0 <= from < to (got ${from}..${to})`);
  return { plan: { ...planned.plan, from, to }, memories: planned.memories };
}

/** The plan of everything but the window (which is left open: all cycles). */
export function planLayout(top: Module, options: VcdLayoutOptions): PlannedVcd {
  const period = options.period ?? 10;
  if (!Number.isInteger(period) || period < 2 || period % 2 !== 0) {
    throw new Error(`VcdOptions.period must be an even integer >= 2 (got ${String(options.period)})`);
  }
  const textEncoding = options.textEncoding ?? 'string';
  const textChars = options.textChars ?? 32;
  if (!Number.isInteger(textChars) || textChars < 1 || textChars > 256) throw new Error('VcdOptions.textChars must be an integer in 1..256');
  const d = new Declarations(compileFilter(options), textEncoding, textChars);
  const clkId = d.newId();
  const rstId = d.newId();
  d.variables.push({ path: `${top.path}.clk`, width: 1, id: clkId, kind: 'clock' });
  d.variables.push({ path: `${top.path}.rst`, width: 1, id: rstId, kind: 'wire' });
  const lines: string[] = [];
  d.declareModule(top, lines, true, [`$var wire 1 ${clkId} clk $end`, `$var wire 1 ${rstId} rst $end`]);
  const header = `$version\n  ${options.version ?? 'handoff VCD writer'}\n$end\n$timescale ${options.timescale ?? '1ns'} $end\n${lines.map((l) => `${l}\n`).join('')}$enddefinitions $end\n`;
  const plan: VcdPlan = { header, period, from: 0, to: Number.POSITIVE_INFINITY, textEncoding, textChars, clkId, rstId, narrow: d.narrow, wide: d.wide, texts: d.texts, mems: d.mems, variables: d.variables };
  return { plan, memories: d.memories };
}

class Declarations {
  readonly variables: VcdVariable[] = [];
  readonly narrow: PlannedNarrow[] = [];
  readonly wide: PlannedWide[] = [];
  readonly texts: PlannedText[] = [];
  readonly mems: PlannedMemory[] = [];
  readonly memories: Memory[] = [];
  private readonly slotIds = new Map<number, string>();
  private nextId = 0;

  constructor(
    private readonly selected: (path: string) => boolean,
    private readonly textEncoding: TextEncoding,
    private readonly textChars: number,
  ) {}

  newId(): string {
    return vcdIdCode(this.nextId++);
  }

  /** Declare a module's variables and children; returns false when nothing under it is traced. */
  declareModule(m: Module, lines: string[], isTop: boolean, extra: string[]): boolean {
    const body: string[] = [...extra];
    for (const s of m.signals) this.declareSignal(s, body);
    for (const t of m.texts) this.declareText(t, body);
    for (const mem of m.memories) this.declareMemory(mem, body);
    const childLines: string[] = [];
    for (const c of m.children) this.declareModule(c, childLines, false, []);
    if (!isTop && body.length === 0 && childLines.length === 0) return false;
    lines.push(`$scope module ${m.name} $end`, ...body, ...childLines, '$upscope $end');
    return true;
  }

  private declareSignal(s: AnySignal, body: string[]): void {
    if (!this.selected(s.path)) return;
    const range = s.width > 1 ? ` [${s.width - 1}:0]` : '';
    const kind = s instanceof Reg ? 'reg' : 'wire';
    let id = this.slotIds.get(s.i);
    if (id === undefined) {
      id = this.newId();
      this.slotIds.set(s.i, id);
      if (s.words === 1) this.narrow.push({ slot: s.i, oneBit: s.width === 1, tail: s.width === 1 ? `${id}\n` : ` ${id}\n` });
      else this.wide.push({ slot: s.i, words: s.words, tail: ` ${id}\n` });
    }
    body.push(`$var ${kind} ${s.width} ${id} ${s.name}${range} $end`);
    this.variables.push({ path: s.path, width: s.width, id, kind });
  }

  private declareText(t: TextSignal, body: string[]): void {
    if (!this.selected(t.path)) return;
    const id = this.newId();
    this.texts.push({ index: t.i, tail: ` ${id}\n` });
    if (this.textEncoding === 'string') {
      body.push(`$var string 0 ${id} ${t.name} $end`);
      this.variables.push({ path: t.path, width: 1, id, kind: 'string' });
    } else {
      const bits = 8 * this.textChars;
      body.push(`$var wire ${bits} ${id} ${t.name} [${bits - 1}:0] $end`);
      this.variables.push({ path: t.path, width: bits, id, kind: 'text-vector' });
    }
  }

  private declareMemory(mem: Memory, body: string[]): void {
    if (!mem.trace) return;
    const tails: Array<string | null> = [];
    const vars: string[] = [];
    const range = mem.width > 1 ? ` [${mem.width - 1}:0]` : '';
    for (let k = 0; k < mem.depth; k++) {
      const name = mem.entryNames[k]!;
      const path = `${mem.path}.${name}`;
      if (!this.selected(path)) {
        tails.push(null);
        continue;
      }
      const id = this.newId();
      tails.push(mem.width === 1 ? `${id}\n` : ` ${id}\n`);
      vars.push(`$var reg ${mem.width} ${id} ${name}${range} $end`);
      this.variables.push({ path, width: mem.width, id, kind: 'reg' });
    }
    if (vars.length === 0) return;
    body.push(`$scope module ${mem.name} $end`, ...vars, '$upscope $end');
    this.mems.push({ depth: mem.depth, oneBit: mem.width === 1, tails });
    this.memories.push(mem);
  }
}
