// docs/BENCHMARKS.md quotes the generated table.md and states the figures of its prose in computed
// sentences: each part sits between markers (<!-- ipcbench:NAME --> ... <!-- /ipcbench:NAME -->)
// and is filled from the outputs by `npm run ipcbench -- --docs docs/BENCHMARKS.md`; a test checks
// the page against the committed outputs, so the page's figures are the computed ones.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillBlocks } from '../docs/blocks.ts';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import { benchResults, benchSentences, labelInstructions, perturbedSentences, type BenchResults } from './doc-sentences.ts';

/** The text under a heading of table.md, up to the next heading of the same or a higher level. */
export function sectionOf(md: string, heading: string): string {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no section "${heading}" in the benchmark's table`);
  const level = heading.indexOf(' ');
  let end = start + 1;
  while (end < lines.length && !(/^#+ /.test(lines[end]!) && lines[end]!.indexOf(' ') <= level)) end++;
  return lines.slice(start + 1, end).join('\n').trim();
}

/** Where the page's outputs are committed: the full matrix, and the perturbed run inside it. */
export const COMMITTED_OUTPUTS = join(REPO_ROOT, 'docs', 'benchmarks');
export const COMMITTED_PERTURBED = join(COMMITTED_OUTPUTS, 'perturbed');

/** What the sentences are computed from: the run's results.json, and (perturbed) the unperturbed one beside it. */
export interface DocOutputs {
  readonly results: BenchResults;
  readonly baseline?: BenchResults;
}

/** A results.json, parsed and checked. */
export function readResults(dir: string): BenchResults {
  const path = join(dir, 'results.json');
  return benchResults(JSON.parse(readFileSync(path, 'utf8')), path);
}

/**
 * The committed outputs whose table.md is `tableMd`, byte for byte (the outputs `npm run ipcbench
 * -- --out docs/benchmarks[/perturbed] --docs ...` has just written): the results the table was
 * made from. Undefined when the table is another run's: then only the tables are quoted.
 */
export function committedOutputs(tableMd: string, perturbed: boolean): DocOutputs | undefined {
  const dir = perturbed ? COMMITTED_PERTURBED : COMMITTED_OUTPUTS;
  const table = join(dir, 'table.md');
  if (!existsSync(table) || readFileSync(table, 'utf8') !== tableMd || !existsSync(join(dir, 'results.json'))) return undefined;
  return perturbed ? { results: readResults(dir), baseline: readResults(COMMITTED_OUTPUTS) } : { results: readResults(dir) };
}

/** The instructions of the null call's own code (kernel/src/sched.S), which the page names. */
export function sysNullInstructions(): string[] {
  return labelInstructions(readFileSync(join(REPO_ROOT, 'kernel', 'src', 'sched.S'), 'utf8'), 'sys_null');
}

/**
 * Quoted parts and computed sentences, by marker name: from an unperturbed run's table and results,
 * or (perturbed) its spread against the unperturbed results. Without `outputs` (and no committed
 * outputs with this table) only the tables.
 */
export function docBlocks(tableMd: string, perturbed: boolean, outputs: DocOutputs | undefined = committedOutputs(tableMd, perturbed)): Record<string, string> {
  if (perturbed) {
    const every = sectionOf(tableMd, '## Every case');
    const tables = { perturbed: ['call', 'replywait', 'null', 'irq'].map((op) => `#### ${op}\n\n${sectionOf(every, `### ${op}`)}`).join('\n\n') };
    if (!outputs) return tables;
    if (!outputs.baseline) throw new Error('the perturbed run\'s sentences need the unperturbed results (baseline)');
    return { ...tables, ...perturbedSentences(outputs.results, outputs.baseline) };
  }
  const tables = {
    summary: sectionOf(tableMd, '## Summary (hot median; IPC: Call, 0 words, equal priorities)'),
    published: sectionOf(tableMd, '## Published figures beside ours'),
    lengths: sectionOf(tableMd, '## Against message length (hot median, equal priorities)').replace(/^### /gm, '#### '),
    priorities: sectionOf(tableMd, tableMd.split('\n').find((l) => l.startsWith('## By priority')) ?? '## By priority'),
    furthest: sectionOf(sectionOf(tableMd, '## Furthest from the fast path'), '### fcse'),
  };
  return outputs ? { ...tables, ...benchSentences(outputs.results, sysNullInstructions()) } : tables;
}

/** `doc` with every marked part that `blocks` has replaced (markers <!-- ipcbench:NAME -->). */
export function fillDoc(doc: string, blocks: Readonly<Record<string, string>>): string {
  return fillBlocks(doc, 'ipcbench', blocks);
}
