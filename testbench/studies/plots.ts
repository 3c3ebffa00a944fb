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

export function chartsOf(s: StudyResults): NamedChart[] {
  const out: NamedChart[] = [];
  s.study.plots.forEach((p: PlotSpec, n) => {
    const others = s.study.knobs.filter((k) => k.name !== p.x && k.name !== p.series);
    let facets: Assignment[] = [{}];
    for (const k of others) facets = facets.flatMap((f) => k.values.map((v) => ({ ...f, [k.name]: v })));
    for (const facet of facets) {
      const matches = (a: Assignment): boolean => Object.entries(facet).every(([k, v]) => a[k as KnobName] === v);
      const rows = s.rows.filter((r) => matches(r.assignment));
      const xs = valuesOf(s, p.x);
      const seriesValues = p.series ? valuesOf(s, p.series) : [undefined];
      const series = seriesValues.map((sv) => ({
        name: p.series ? `${p.series} = ${sv}` : METRICS[p.y],
        ys: xs.map((x) => rows.find((r) => r.assignment[p.x] === x && (p.series === undefined || r.assignment[p.series] === sv))?.result.metrics[p.y] ?? null),
      }));
      const facetText = Object.entries(facet).map(([k, v]) => `${KNOBS[k as KnobName]} ${v}`).join(', ');
      const suffix = Object.entries(facet).map(([k, v]) => `-${k}-${v}`).join('');
      out.push({
        file: `${s.study.name}-${n + 1}-${p.y}${suffix}.svg`,
        chart: { title: p.title, ...(p.logY ? { logY: true } : {}), subtitle: `${s.study.title}${facetText ? ` (${facetText})` : ''}`, xLabel: KNOBS[p.x], yLabel: METRICS[p.y], xs, series },
      });
    }
  });
  return out;
}
