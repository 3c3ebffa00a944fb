// CSV and markdown renderings of a study's rows: knob columns, then metrics, then the verdicts.
import { METRICS } from './metrics.ts';
import type { StudyResults } from './results.ts';
import { KNOBS } from './study.ts';

/** A column for the fast-forward point when any row has one (a study without keeps its columns). */
const fastForwarded = (s: StudyResults): boolean => s.rows.some((r) => r.result.point.fastForward !== undefined);

function header(s: StudyResults): string[] {
  return [...s.study.knobs.map((k) => k.name), ...s.study.metrics, 'handoff', 'exited', 'hash', ...(fastForwarded(s) ? ['fastForward'] : [])];
}

function cells(s: StudyResults): string[][] {
  const ff = fastForwarded(s);
  return s.rows.map((r) => [
    ...s.study.knobs.map((k) => String(r.assignment[k.name])),
    ...s.study.metrics.map((m) => (r.result.metrics[m] === null ? '' : String(r.result.metrics[m]))),
    r.result.handoff,
    String(r.result.exited),
    r.result.hash,
    ...(ff ? [r.result.point.fastForward ?? ''] : []),
  ]);
}

export const csvCell = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

export function toCsv(s: StudyResults): string {
  return [header(s), ...cells(s)].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

export function toMarkdown(s: StudyResults): string {
  const head = [...s.study.knobs.map((k) => KNOBS[k.name]), ...s.study.metrics.map((m) => METRICS[m]), 'hand-off'];
  const body = cells(s).map((c) => c.slice(0, head.length));
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < s.study.knobs.length ? '---' : '---:')).join('|')}|`, ...body.map((c) => `| ${c.join(' | ')} |`)];
  return lines.join('\n') + '\n';
}
