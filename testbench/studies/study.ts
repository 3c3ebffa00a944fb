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
  rounds: 'rounds',
  spaces: 'address spaces in the ring',
  dirtyLines: 'dirty D-cache lines per send',
  cacheKB: 'I- and D-cache size (KB each)',
  tlbEntries: 'main TLB entries',
  ramWaitStates: 'RAM wait states',
} as const;
export type KnobName = keyof typeof KNOBS;
export type KnobValue = number | string;

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

/** A point's configuration with one knob set. */
export function applyKnob(p: Partial<PointConfig>, name: KnobName, v: KnobValue): Partial<PointConfig> {
  const hw = p.hardware ?? {};
  switch (name) {
    case 'cacheKB':
      return { ...p, hardware: { ...hw, icache: { ...hw.icache, sizeBytes: Number(v) * 1024 }, dcache: { ...hw.dcache, sizeBytes: Number(v) * 1024 } } };
    case 'tlbEntries':
      return { ...p, hardware: { ...hw, tlb: { ...hw.tlb, entries: Number(v) } } };
    case 'ramWaitStates':
      return { ...p, hardware: { ...hw, memory: { ...hw.memory, ramWaitStates: Number(v) } } };
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

export function validateStudy(raw: unknown): StudyDef {
  const s = raw as StudyDef;
  const fail = (field: string, msg: string): never => {
    throw new StudyError(`study.${field}: ${msg}`);
  };
  if (typeof s !== 'object' || s === null) fail('', 'expected an object');
  if (typeof s.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(s.name)) fail('name', `${JSON.stringify(s.name)} (lower-case letters, digits, dashes)`);
  for (const f of ['title', 'question'] as const) if (typeof s[f] !== 'string') fail(f, 'expected text');
  if (!Array.isArray(s.knobs) || s.knobs.length === 0) fail('knobs', 'at least one knob');
  const seen = new Set<string>();
  s.knobs.forEach((k, i) => {
    if (!(k.name in KNOBS)) fail(`knobs[${i}].name`, `${JSON.stringify(k.name)} is not a knob (allowed: ${Object.keys(KNOBS).join(', ')})`);
    if (seen.has(k.name)) fail(`knobs[${i}].name`, `${k.name} twice`);
    seen.add(k.name);
    if (!Array.isArray(k.values) || k.values.length === 0) fail(`knobs[${i}].values`, 'at least one value');
    if (new Set(k.values).size !== k.values.length) fail(`knobs[${i}].values`, 'repeated value');
  });
  if (!Array.isArray(s.metrics) || s.metrics.length === 0) fail('metrics', 'at least one metric');
  s.metrics.forEach((m, i) => {
    if (!(m in METRICS)) fail(`metrics[${i}]`, `${JSON.stringify(m)} is not a metric (allowed: ${Object.keys(METRICS).join(', ')})`);
  });
  if (!Array.isArray(s.plots)) fail('plots', 'expected a list');
  s.plots.forEach((p, i) => {
    if (!seen.has(p.x)) fail(`plots[${i}].x`, `${JSON.stringify(p.x)} is not a knob of this study`);
    if (p.series !== undefined && (!seen.has(p.series) || p.series === p.x)) fail(`plots[${i}].series`, `${JSON.stringify(p.series)} is not another knob of this study`);
    if (!s.metrics.includes(p.y)) fail(`plots[${i}].y`, `${JSON.stringify(p.y)} is not a metric of this study`);
  });
  try {
    validatePoint(s.base);
  } catch (e) {
    if (e instanceof PointError) fail('base', e.message);
    throw e;
  }
  expandStudy(s); // every point must be valid
  return s;
}
