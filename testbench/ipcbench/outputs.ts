// Writes the benchmark's outputs, each atomically: results.json (every point with its coordinates,
// hash and figures, the published anchors, the source commit and model fingerprint), results.csv
// (a row per point and operation), table.md (the tables of tables.ts) and the charts (SVG, and PNG
// when a converter is installed). The same results give byte-identical files.
import { PUBLISHED, PUBLISHED_NOTES } from '../scenarios/published.ts';
import { modelFingerprint } from '../studies/fingerprint.ts';
import { OutputFiles, type WrittenOutputs } from '../studies/outputs.ts';
import { provenance } from '../studies/provenance.ts';
import { benchCharts } from './charts.ts';
import type { MatrixOptions } from './matrix.ts';
import type { OpRow } from './rows.ts';
import { agreementText, furthestCases, furthestTable, lengthTable, operationTables, priorityHeading, prioritySection, publishedTable, summaryTable, toCsv } from './tables.ts';

/** What the furthest cases are measured against: the Call (FCSE, equal priorities), named by the paths it took in this run. */
function referencePaths(rows: readonly OpRow[]): string {
  const paths = [...new Set(rows.filter((r) => r.figures.op === 'call' && r.point.strategy === 'fcse' && r.point.priority === 'equal').map((r) => r.figures.path))].sort();
  if (paths.length === 1 && paths[0] === 'fast') return 'the fast-path Call';
  return paths.length === 0 ? 'the Call (not measured in this run)' : `the Call (on its ${paths.join(' or ')} path)`;
}

export function writeBenchOutputs(rows: readonly OpRow[], matrix: MatrixOptions, dir: string, options: { readonly png?: boolean } = {}): WrittenOutputs {
  const source = provenance();
  const model = modelFingerprint('ipcbench');
  const perturbed = matrix.perturb.length > 0;
  const out = new OutputFiles(dir, options.png !== false);
  const put = (name: string, text: string): string => out.put(name, text);
  const json = rows.map((r) => ({ run: r.point.run, placement: r.point.placement, priority: r.point.priority, strategy: r.point.strategy, words: r.point.words, overhead: r.overhead, hash: r.hash, ...r.figures }));
  // One row a line: the file stays readable and about half the size of an indented one.
  const head = JSON.stringify({ matrix, source, model, published: PUBLISHED }, null, 1).replace(/\n}$/, '');
  put('results.json', `${head},\n "rows": [\n${json.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ]\n}\n`);
  put('results.csv', toCsv(rows));
  const perturbText = perturbed ? `Perturbation: ${matrix.perturb.join(', ')}, seed ${matrix.seed}.` : 'Perturbation: none (the model is deterministic: identical iterations give identical cycles).';
  const md = [
    '# IPC benchmark (npm run ipcbench)',
    '',
    `${matrix.warm} warm-up, ${matrix.hot} hot and ${matrix.cold} cold (caches and TLBs flushed first) iterations per run; design ${matrix.design}, ${matrix.registerMrs} register MRs. ${perturbText} Cycles from the counter read before the system call to the first counter read of the thread that runs next, the read overhead subtracted (interrupt latency: from the cycle the interrupt line rose).`,
    '',
    '## Summary (hot median; IPC: Call, 0 words, equal priorities)',
    '',
    summaryTable(rows),
    '## Published figures beside ours',
    '',
    publishedTable(rows),
    ...PUBLISHED_NOTES.map((n) => `- ${n}`),
    '',
    '## Against message length (hot median, equal priorities)',
    '',
    ...(['call', 'replywait', 'send', 'recv-queued-call'] as const).flatMap((op) => [`### ${op}`, '', lengthTable(rows, op)]),
    priorityHeading(rows),
    '',
    prioritySection(rows),
    '## Counter and checkers',
    '',
    agreementText(rows, perturbed),
    '## Furthest from the fast path',
    '',
    `Each case against ${referencePaths(rows)} at the same message length and placement (FCSE, equal priorities); one case per reason (the phase with the most cycles in its median hot sample), the three worst reasons per switch strategy.`,
    '',
    ...[...new Set(rows.map((r) => r.point.strategy))].flatMap((s) => [`### ${s}`, '', furthestTable(furthestCases(rows.filter((r) => r.point.strategy === s), rows))]),
    '## Every case',
    '',
    operationTables(rows),
    `Computed at commit ${source.commit}${source.modelSourcesEdited ? ' WITH LOCAL EDITS to the model sources' : ''}; model fingerprint ${model}.`,
    '',
  ].join('\n');
  put('table.md', md);
  for (const c of benchCharts(rows)) out.chart(c.file, c.svg);
  return out.written();
}
