// A study: knob ranges x a base scenario x metrics, plus the plots that show them. Typed and
// validated (unknown knobs, empty ranges, values a point rejects, plots of unknown axes all fail
// with the field named) before a single point runs.
import { METRICS, type MetricName } from './metrics.ts';
import { PointError, validatePoint, type PointConfig } from './point.ts';

/** Knobs a study may sweep; each maps onto one or two fields of a point. */
export const KNOBS = {
  registerMrs: 'message registers in core registers',
  words: 'untyped words per message',
  strategy: 'address-space switch',
  design: 'IPC design',
  kernelMapping: "kernel's megabyte mapped as",
  rounds: 'rounds',
  spaces: 'address spaces in the ring',
  dirtyLines: 'dirty D-cache lines per send',
  cacheKB: 'I- and D-cache size (KB each)',
  tlbEntries: 'main TLB entries',
  ramWaitStates: 'RAM wait states',
  userIsa: "user programs' instruction set",
  fastForward: 'fast-forward point (reference model, then RTL)',
} as const;
export type KnobName = keyof typeof KNOBS;
export type KnobValue = number | string;

/** What each knob's values are (fastForward: a symbol, symbol:N or an instruction count). */
const KNOB_TYPES: Readonly<Record<KnobName, 'number' | 'text' | 'number or text'>> = {
  registerMrs: 'number', words: 'number', strategy: 'text', design: 'text', kernelMapping: 'text', rounds: 'number', spaces: 'number',
  dirtyLines: 'number', cacheKB: 'number', tlbEntries: 'number', ramWaitStates: 'number', userIsa: 'text', fastForward: 'number or text',
};

/** True when `v` is of the knob's type: never converted ("" is not 0, "0x10" not 16). */
const knobTypeFits = (name: KnobName, v: unknown): boolean => {
  const t = KNOB_TYPES[name];
  return (t !== 'text' && typeof v === 'number' && Number.isFinite(v)) || (t !== 'number' && typeof v === 'string');
};

const KNOB_FIELDS = ['name', 'values'];
const PLOT_FIELDS = ['x', 'y', 'series', 'title', 'logY', 'relativeTo', 'crossoverWith'];

export interface Knob {
  readonly name: KnobName;
  readonly values: readonly KnobValue[];
}

export interface PlotSpec {
  readonly x: KnobName;
  readonly y: MetricName;
  /** One line per value of this knob; every other swept knob gives a separate plot. */
  readonly series?: KnobName;
  readonly title: string;
  readonly logY?: boolean;
  /** Plot each series minus this series value's (a difference, e.g. every design against 'l4'). */
  readonly relativeTo?: KnobValue;
  /** State where each series first comes down to this series value's (a crossover), in table.md. */
  readonly crossoverWith?: KnobValue;
}

export interface StudyDef {
  readonly name: string;
  readonly title: string;
  /** The question the study answers, for the report. */
  readonly question: string;
  readonly base: Partial<PointConfig>;
  readonly knobs: readonly Knob[];
  readonly metrics: readonly MetricName[];
  readonly plots: readonly PlotSpec[];
}

export type Assignment = Readonly<Partial<Record<KnobName, KnobValue>>>;

export class StudyError extends Error {
  override readonly name = 'StudyError';
}

/** A point's configuration with one knob set (a value of the wrong type is refused, never converted). */
export function applyKnob(p: Partial<PointConfig>, name: KnobName, v: KnobValue): Partial<PointConfig> {
  if (!knobTypeFits(name, v)) throw new StudyError(`knob ${name}: ${JSON.stringify(v)} is not a ${KNOB_TYPES[name]}`);
  const hw = p.hardware ?? {};
  const n = v as number;
  switch (name) {
    case 'cacheKB':
      return { ...p, hardware: { ...hw, icache: { ...hw.icache, sizeBytes: n * 1024 }, dcache: { ...hw.dcache, sizeBytes: n * 1024 } } };
    case 'tlbEntries':
      return { ...p, hardware: { ...hw, tlb: { ...hw.tlb, entries: n } } };
    case 'ramWaitStates':
      return { ...p, hardware: { ...hw, memory: { ...hw.memory, ramWaitStates: n } } };
    case 'strategy':
      return { ...p, strategy: v as PointConfig['strategy'] };
    default:
      return { ...p, [name]: v };
  }
}

/** Every combination of knob values, first knob slowest, with its point. */
export function expandStudy(s: StudyDef): { readonly assignment: Assignment; readonly point: PointConfig }[] {
  let combos: Assignment[] = [{}];
  for (const k of s.knobs) combos = combos.flatMap((c) => k.values.map((v) => ({ ...c, [k.name]: v })));
  return combos.map((assignment) => {
    let p: Partial<PointConfig> = s.base;
    for (const k of s.knobs) p = applyKnob(p, k.name, assignment[k.name]!);
    try {
      return { assignment, point: validatePoint(p) };
    } catch (e) {
      throw new StudyError(`study ${s.name}, point ${JSON.stringify(assignment)}: ${(e as Error).message}`);
    }
  });
}

/** The most points a study may have: beyond this a sweep takes weeks; split it into studies. */
export const MAX_STUDY_POINTS = 100_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateStudy(raw: unknown): StudyDef {
  const fail = (field: string, msg: string): never => {
    throw new StudyError(`study${field ? `.${field}` : ''}: ${msg}`);
  };
  if (!isObject(raw)) return fail('', `expected an object, got ${JSON.stringify(raw) ?? String(raw)}`);
  const s = raw as unknown as StudyDef;
  const known = ['name', 'title', 'question', 'base', 'knobs', 'metrics', 'plots'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) fail(k, `unknown field (allowed: ${known.join(', ')})`);
  if (typeof s.name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(s.name)) fail('name', `${JSON.stringify(s.name)} (lower-case letters, digits, dashes; at most 64)`);
  for (const f of ['title', 'question'] as const) if (typeof s[f] !== 'string') fail(f, 'expected text');
  if (!Array.isArray(s.knobs) || s.knobs.length === 0) fail('knobs', 'at least one knob');
  const seen = new Set<string>();
  let points = 1;
  s.knobs.forEach((k: unknown, i) => {
    if (!isObject(k)) return fail(`knobs[${i}]`, 'expected an object with name and values');
    const knob = k as unknown as Knob;
    for (const f of Object.keys(k)) if (!KNOB_FIELDS.includes(f)) fail(`knobs[${i}].${f}`, `unknown field (allowed: ${KNOB_FIELDS.join(', ')})`);
    if (typeof knob.name !== 'string' || !Object.hasOwn(KNOBS, knob.name)) fail(`knobs[${i}].name`, `${JSON.stringify(knob.name)} is not a knob (allowed: ${Object.keys(KNOBS).join(', ')})`);
    if (seen.has(knob.name)) fail(`knobs[${i}].name`, `${knob.name} twice`);
    seen.add(knob.name);
    if (!Array.isArray(knob.values) || knob.values.length === 0) fail(`knobs[${i}].values`, 'at least one value');
    knob.values.forEach((v, j) => {
      if (!knobTypeFits(knob.name, v)) fail(`knobs[${i}].values[${j}]`, `${JSON.stringify(v)} is not a ${KNOB_TYPES[knob.name]} (${knob.name} takes ${KNOB_TYPES[knob.name] === 'number' ? 'numbers' : KNOB_TYPES[knob.name]})`);
    });
    if (new Set(knob.values).size !== knob.values.length) fail(`knobs[${i}].values`, 'repeated value');
    points *= knob.values.length;
    if (points > MAX_STUDY_POINTS) fail('knobs', `more than ${MAX_STUDY_POINTS.toLocaleString('en-US')} points (the limit of one study: split it)`);
  });
  if (!Array.isArray(s.metrics) || s.metrics.length === 0) fail('metrics', 'at least one metric');
  s.metrics.forEach((m, i) => {
    if (typeof m !== 'string' || !Object.hasOwn(METRICS, m)) fail(`metrics[${i}]`, `${JSON.stringify(m)} is not a metric (allowed: ${Object.keys(METRICS).join(', ')})`);
    if (s.metrics.indexOf(m) !== i) fail(`metrics[${i}]`, `${m} twice`);
  });
  if (!Array.isArray(s.plots)) fail('plots', 'expected a list');
  s.plots.forEach((p: unknown, i) => {
    if (!isObject(p)) return fail(`plots[${i}]`, 'expected an object with x, y and title');
    const plot = p as unknown as PlotSpec;
    for (const f of Object.keys(p)) if (!PLOT_FIELDS.includes(f)) fail(`plots[${i}].${f}`, `unknown field (allowed: ${PLOT_FIELDS.join(', ')})`);
    if (plot.logY !== undefined && typeof plot.logY !== 'boolean') fail(`plots[${i}].logY`, `expected true or false, got ${JSON.stringify(plot.logY)}`);
    if (!seen.has(plot.x)) fail(`plots[${i}].x`, `${JSON.stringify(plot.x)} is not a knob of this study`);
    if (plot.series !== undefined && (!seen.has(plot.series) || plot.series === plot.x)) fail(`plots[${i}].series`, `${JSON.stringify(plot.series)} is not another knob of this study`);
    if (!s.metrics.includes(plot.y)) fail(`plots[${i}].y`, `${JSON.stringify(plot.y)} is not a metric of this study`);
    if (typeof plot.title !== 'string') fail(`plots[${i}].title`, 'expected text');
    for (const f of ['relativeTo', 'crossoverWith'] as const) {
      const v = plot[f];
      if (v === undefined) continue;
      const values = s.knobs.find((k) => k.name === plot.series)?.values;
      if (!values || !values.includes(v)) fail(`plots[${i}].${f}`, `${JSON.stringify(v)} is not a value of the series knob${plot.series ? ` ${plot.series}` : ' (the plot has none)'}`);
    }
  });
  if (!isObject(s.base)) fail('base', `expected an object (the point the knobs change; {} for the defaults), got ${JSON.stringify(s.base) ?? 'nothing'}`);
  try {
    validatePoint(s.base);
  } catch (e) {
    if (e instanceof PointError || (e instanceof Error && e.name === 'ConfigError')) fail('base', e.message);
    throw e;
  }
  distinctPoints(s, expandStudy(s)); // every point must be valid, and each one once
  return s;
}

/** Two values of a knob that make the same point ('ipc_entry' and 'ipc_entry:1') would run it twice. */
function distinctPoints(s: StudyDef, points: ReturnType<typeof expandStudy>): void {
  const seen = new Map<string, Assignment>();
  for (const { assignment, point } of points) {
    const key = JSON.stringify(point);
    const other = seen.get(key);
    if (other) {
      const i = s.knobs.findIndex((k) => other[k.name] !== assignment[k.name]);
      const k = s.knobs[i]!;
      throw new StudyError(`study.knobs[${i}].values: ${JSON.stringify(other[k.name])} and ${JSON.stringify(assignment[k.name])} are the same ${k.name}`);
    }
    seen.set(key, assignment);
  }
}
