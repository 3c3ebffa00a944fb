// Writes a finished study: results.json, results.csv, table.md and the plots (SVG, and PNG when a
// converter is installed). Each file is written atomically: complete, or the previous one.
import { join } from 'node:path';
import { writeFileAtomic } from '../cli/atomic-file.ts';
import { toCsv, toMarkdown } from './csv.ts';
import { chartsOf, crossovers } from './plots.ts';
import { findConverter, svgToPng, type Converter } from './png.ts';
import { modelFingerprint } from './fingerprint.ts';
import { provenance } from './provenance.ts';
import type { StudyResults } from './results.ts';
import { renderLineChart } from './svg-plot.ts';

export interface WrittenOutputs {
  readonly dir: string;
  readonly files: readonly string[];
  readonly pngSkipped?: string;
}

/** Files written into one directory, each atomically, listed in the order written; a chart as SVG and, when a converter is installed, PNG. */
export class OutputFiles {
  readonly files: string[] = [];
  private readonly converter: Converter | undefined;

  constructor(
    readonly dir: string,
    private readonly png: boolean,
  ) {
    this.converter = png ? findConverter() : undefined;
  }

  put(name: string, text: string): string {
    const f = join(this.dir, name);
    writeFileAtomic(f, text);
    this.files.push(f);
    return f;
  }

  chart(name: string, svgText: string): void {
    const svg = this.put(name, svgText);
    if (!this.converter) return;
    const png = svg.replace(/\.svg$/, '.png');
    svgToPng(this.converter, svg, png);
    this.files.push(png);
  }

  /** Why no PNG was written though one was asked for. */
  get pngSkipped(): string | undefined {
    return this.png && !this.converter ? 'no SVG converter (rsvg-convert, convert, inkscape) installed' : undefined;
  }

  written(): WrittenOutputs {
    const skipped = this.pngSkipped;
    return { dir: this.dir, files: this.files, ...(skipped ? { pngSkipped: skipped } : {}) };
  }
}

export function writeOutputs(s: StudyResults, dir: string, options: { readonly png?: boolean } = {}): WrittenOutputs {
  const ff = fastForwardedPoints(s);
  const source = provenance(ff.length > 0);
  const out = new OutputFiles(dir, options.png !== false);
  const model = { pingpong: modelFingerprint('pingpong'), ring: modelFingerprint('ring'), ...(ff.length > 0 ? { 'pingpong+fast-forward': modelFingerprint('pingpong', true), 'ring+fast-forward': modelFingerprint('ring', true) } : {}) };
  out.put('results.json', JSON.stringify({ study: s.study, source, model, rows: s.rows.map((r) => ({ ...r.assignment, ...r.result.metrics, handoff: r.result.handoff, exited: r.result.exited, hash: r.result.hash, point: r.result.point, ...(r.result.fastForward ? { fastForward: r.result.fastForward } : {}) })) }, null, 1) + '\n');
  out.put('results.csv', toCsv(s));
  const found = crossovers(s);
  const crossText = found.length > 0 ? `## Crossovers\n\n${found.map((f) => `- ${f}`).join('\n')}\n\n` : '';
  const ffText = ff.length > 0 ? `${fastForwardNote(ff)}\n\n` : '';
  const fingerprints = Object.entries(model).map(([k, v]) => `${k} ${v}`).join(', ');
  out.put('table.md', `# ${s.study.title}\n\n${s.study.question}\n\n${toMarkdown(s)}\n${crossText}${ffText}Computed at commit ${source.commit}${source.modelSourcesEdited ? ' WITH LOCAL EDITS to the model sources' : ''}; model fingerprints ${fingerprints}.\n`);
  for (const { file, chart } of chartsOf(s)) out.chart(file, renderLineChart(chart));
  return out.written();
}

/** The distinct fast-forward points of a study's rows. */
function fastForwardedPoints(s: StudyResults): string[] {
  return [...new Set(s.rows.flatMap((r) => (r.result.point.fastForward === undefined ? [] : [r.result.point.fastForward])))];
}

function fastForwardNote(points: readonly string[]): string {
  return `Fast-forwarded: each point ran on the reference model from its boot to ${points.map((p) => `\`${p}\``).join(', ')}, then on its own RTL (TLB and caches warmed from the model's last accesses); the figures are of the IPCs after the hand-off. Not measured there: the cold IPC and the whole run's cycles (empty cells); results.json says per point how far the model ran and what was warmed.`;
}
