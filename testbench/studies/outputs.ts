// Writes a finished study: results.json, results.csv, table.md and the plots (SVG, and PNG when a
// converter is installed). Each file is written atomically: complete, or the previous one.
import { join } from 'node:path';
import { writeFileAtomic } from '../cli/atomic-file.ts';
import { toCsv, toMarkdown } from './csv.ts';
import { chartsOf, crossovers } from './plots.ts';
import { findConverter, svgToPng } from './png.ts';
import { modelFingerprint } from './fingerprint.ts';
import { provenance } from './provenance.ts';
import type { StudyResults } from './results.ts';
import { renderLineChart } from './svg-plot.ts';

export interface WrittenOutputs {
  readonly dir: string;
  readonly files: readonly string[];
  readonly pngSkipped?: string;
}

export function writeOutputs(s: StudyResults, dir: string, options: { readonly png?: boolean } = {}): WrittenOutputs {
  const source = provenance();
  const files: string[] = [];
  const put = (name: string, text: string): string => {
    const f = join(dir, name);
    writeFileAtomic(f, text);
    files.push(f);
    return f;
  };
  put('results.json', JSON.stringify({ study: s.study, source, model: { pingpong: modelFingerprint('pingpong'), ring: modelFingerprint('ring') }, rows: s.rows.map((r) => ({ ...r.assignment, ...r.result.metrics, handoff: r.result.handoff, exited: r.result.exited, hash: r.result.hash, point: r.result.point })) }, null, 1) + '\n');
  put('results.csv', toCsv(s));
  const found = crossovers(s);
  const crossText = found.length > 0 ? `## Crossovers\n\n${found.map((f) => `- ${f}`).join('\n')}\n\n` : '';
  put('table.md', `# ${s.study.title}\n\n${s.study.question}\n\n${toMarkdown(s)}\n${crossText}Computed at commit ${source.commit}${source.modelSourcesEdited ? ' WITH LOCAL EDITS to the model sources' : ''}; model fingerprints pingpong ${modelFingerprint('pingpong')}, ring ${modelFingerprint('ring')}.\n`);
  const converter = options.png === false ? undefined : findConverter();
  for (const { file, chart } of chartsOf(s)) {
    const svg = put(file, renderLineChart(chart));
    if (converter) {
      const png = svg.replace(/\.svg$/, '.png');
      svgToPng(converter, svg, png);
      files.push(png);
    }
  }
  return { dir, files, ...(converter || options.png === false ? {} : { pngSkipped: 'no SVG converter (rsvg-convert, convert, inkscape) installed' }) };
}
