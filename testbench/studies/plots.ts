// From a study's rows to charts: one chart per plot spec and per combination of the knobs that are
// neither its x axis nor its series (named in the file and the subtitle).
import { METRICS } from './metrics.ts';
import type { StudyResults } from './results.ts';
import type { LineChart } from './svg-plot.ts';
import { KNOBS, type Assignment, type KnobName, type PlotSpec } from './study.ts';

export interface NamedChart {
  readonly file: string;
  readonly chart: LineChart;
}

function valuesOf(s: StudyResults, k: KnobName): readonly (number | string)[] {
  return s.study.knobs.find((x) => x.name === k)!.values;
}

/** One facet per combination of the knobs a plot neither draws nor splits into series: its knob values and rows. */
function facetsOf(s: StudyResults, p: PlotSpec): { facet: Assignment; rows: StudyResults['rows'] }[] {
  const others = s.study.knobs.filter((k) => k.name !== p.x && k.name !== p.series);
  let facets: Assignment[] = [{}];
  for (const k of others) facets = facets.flatMap((f) => k.values.map((v) => ({ ...f, [k.name]: v })));
  return facets.map((facet) => ({ facet, rows: s.rows.filter((r) => Object.entries(facet).every(([k, v]) => r.assignment[k as KnobName] === v)) }));
}

export function chartsOf(s: StudyResults): NamedChart[] {
  const out: NamedChart[] = [];
  s.study.plots.forEach((p: PlotSpec, n) => {
    for (const { facet, rows } of facetsOf(s, p)) {
      const xs = valuesOf(s, p.x);
      const seriesValues = p.series ? valuesOf(s, p.series) : [undefined];
      const at = (x: number | string, sv: number | string | undefined): number | null =>
        rows.find((r) => r.assignment[p.x] === x && (p.series === undefined || r.assignment[p.series] === sv))?.result.metrics[p.y] ?? null;
      const series = seriesValues
        .filter((sv) => p.relativeTo === undefined || sv !== p.relativeTo)
        .map((sv) => ({
          name: p.series ? `${p.series} = ${sv}` : METRICS[p.y],
          ys: xs.map((x) => {
            const y = at(x, sv);
            if (p.relativeTo === undefined || y === null) return y;
            const base = at(x, p.relativeTo);
            return base === null ? null : y - base;
          }),
        }));
      const facetText = Object.entries(facet).map(([k, v]) => `${KNOBS[k as KnobName]} ${v}`).join(', ');
      const suffix = Object.entries(facet).map(([k, v]) => `-${k}-${v}`).join('');
      out.push({
        file: `${s.study.name}-${n + 1}-${p.y}${suffix}.svg`,
        chart: { title: p.title, ...(p.logY ? { logY: true } : {}), subtitle: `${s.study.title}${facetText ? ` (${facetText})` : ''}`, xLabel: KNOBS[p.x], yLabel: p.relativeTo === undefined ? METRICS[p.y] : `${METRICS[p.y]}, minus ${p.series} = ${p.relativeTo}`, xs, series },
      });
    }
  });
  return out;
}

/**
 * Crossovers: for each plot with `crossoverWith`, each facet and each other series, the runs of x
 * over which the series stays at or below the reference series or above it, with both values at
 * each run's ends, and the x intervals where it changes side (or that it never does).
 */
export function crossovers(s: StudyResults): string[] {
  const out: string[] = [];
  for (const p of s.study.plots) {
    if (p.crossoverWith === undefined || p.series === undefined) continue;
    for (const { facet, rows } of facetsOf(s, p)) {
      const at = (x: number | string, sv: number | string): number | null =>
        rows.find((r) => r.assignment[p.x] === x && r.assignment[p.series!] === sv)?.result.metrics[p.y] ?? null;
      const facetText = Object.entries(facet).map(([k, v]) => `${KNOBS[k as KnobName]} ${v}`).join(', ');
      for (const sv of valuesOf(s, p.series)) {
        if (sv === p.crossoverWith) continue;
        const xs = valuesOf(s, p.x).filter((x) => at(x, sv) !== null && at(x, p.crossoverWith!) !== null);
        const where = `${p.series} = ${sv} against ${p.crossoverWith}${facetText ? ` (${facetText})` : ''}`;
        if (xs.length === 0) {
          out.push(`${where}: no point measured both`);
          continue;
        }
        // Runs of x over which the series stays on one side (at or below, or above) of the reference.
        const side = (x: number | string): 'at or below' | 'above' => (at(x, sv)! <= at(x, p.crossoverWith!)! ? 'at or below' : 'above');
        const runs: { side: 'at or below' | 'above'; from: number | string; to: number | string }[] = [];
        for (const x of xs) {
          const last = runs[runs.length - 1];
          if (last !== undefined && last.side === side(x)) last.to = x;
          else runs.push({ side: side(x), from: x, to: x });
        }
        const pair = (x: number | string): string => `at ${x}: ${at(x, sv)} vs ${at(x, p.crossoverWith!)}`;
        const span = (r: (typeof runs)[number]): string => (r.from === r.to ? `${r.from}` : `${r.from}..${r.to}`);
        const text = runs.map((r) => `${r.side} for ${span(r)} (${pair(r.from)}${r.from === r.to ? '' : `; ${pair(r.to)}`})`).join(', ');
        const crossings = runs.slice(1).map((r, i) => `${runs[i]!.to}→${r.from}`);
        out.push(`${where}: ${METRICS[p.y]} ${text}${crossings.length === 0 ? '; no crossover' : `; crosses between ${KNOBS[p.x]} ${crossings.join(', ')}`}`);
      }
    }
  }
  return out;
}
