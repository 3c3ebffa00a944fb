// Cycles against message length, one chart per operation that carries a message (hot and cold
// medians), a line per switch strategy and placement, at equal priorities (the priority relation
// changes who runs next, not how a message moves: its effect is in the tables).
import { renderLineChart, type LineChart } from '../studies/svg-plot.ts';
import { BENCH_OPS, OP_TEXT } from './measure/ops.ts';
import type { OpRow } from './rows.ts';

export interface NamedChart {
  readonly file: string;
  readonly svg: string;
}

export function benchCharts(rows: readonly OpRow[]): NamedChart[] {
  const out: NamedChart[] = [];
  for (const op of BENCH_OPS) {
    const mine = rows.filter((r) => r.figures.op === op && r.point.words !== null);
    if (mine.length === 0) continue;
    const priority = mine.some((r) => r.point.priority === 'equal') ? 'equal' : mine[0]!.point.priority;
    const at = mine.filter((r) => r.point.priority === priority);
    const xs = [...new Set(at.map((r) => r.point.words!))].sort((a, b) => a - b);
    const lines = [...new Set(at.map((r) => `${r.point.strategy}|${r.point.placement}`))];
    for (const which of ['hot', 'cold'] as const) {
      const series = lines.map((key) => {
        const [strategy, placement] = key.split('|');
        return {
          name: `${strategy}, ${placement}-space`,
          ys: xs.map((w) => at.find((r) => r.point.words === w && r.point.strategy === strategy && r.point.placement === placement)?.figures[which]?.median ?? null),
        };
      });
      if (series.every((s) => s.ys.every((y) => y === null))) continue;
      const chart: LineChart = {
        title: `${op}: ${which} median vs message length`,
        subtitle: `${OP_TEXT[op].split(':')[0]}; priorities ${priority}`,
        xLabel: 'untyped words per message',
        yLabel: `cycles (${which}, median)`,
        logY: true,
        xs,
        series,
      };
      out.push({ file: `ipcbench-${op}-${which}.svg`, svg: renderLineChart(chart) });
    }
  }
  return out;
}
