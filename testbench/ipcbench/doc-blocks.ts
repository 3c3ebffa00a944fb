// docs/BENCHMARKS.md quotes the generated table.md: each quoted part sits between markers
// (<!-- ipcbench:NAME --> ... <!-- /ipcbench:NAME -->) and is filled from the outputs by
// `npm run ipcbench -- --docs docs/BENCHMARKS.md`; a test checks the quotes against the committed
// outputs, so the page's figures are the computed ones.
import { fillBlocks } from '../docs/blocks.ts';

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

/** Quoted parts, by marker name: from an unperturbed run's table, or (perturbed) its spread. */
export function docBlocks(tableMd: string, perturbed: boolean): Record<string, string> {
  if (perturbed) {
    const every = sectionOf(tableMd, '## Every case');
    return { perturbed: ['call', 'replywait', 'null', 'irq'].map((op) => `#### ${op}\n\n${sectionOf(every, `### ${op}`)}`).join('\n\n') };
  }
  return {
    summary: sectionOf(tableMd, '## Summary (hot median; IPC: Call, 0 words, equal priorities)'),
    published: sectionOf(tableMd, '## Published figures beside ours'),
    lengths: sectionOf(tableMd, '## Against message length (hot median, equal priorities)').replace(/^### /gm, '#### '),
    priorities: sectionOf(tableMd, '## By priority (hot median, 0 words, FCSE, between address spaces)'),
    furthest: sectionOf(sectionOf(tableMd, '## Furthest from the fast path'), '### fcse'),
  };
}

/** `doc` with every marked part that `blocks` has replaced (markers <!-- ipcbench:NAME -->). */
export function fillDoc(doc: string, blocks: Readonly<Record<string, string>>): string {
  return fillBlocks(doc, 'ipcbench', blocks);
}
