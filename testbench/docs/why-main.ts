// npm run why: fills docs/WHY.md's figures (the parts marked <!-- why:NAME -->) from the committed
// study results, or with --check says whether the page already quotes them (exit 1 when not).
//   npm run why                     rewrite docs/WHY.md in place
//   npm run why -- --check          compare only
import { join } from 'node:path';
import { readJsonFile } from '../cli/input-file.ts';
import { isEntryPoint, runMain } from '../cli/run-main.ts';
import { blockNames, fillBlocks } from './blocks.ts';
import { pageCommand } from './page-command.ts';
import { studyTable, whyBlocks, WhyError, type WhyStudies } from './why.ts';

const MAX_FILE = 64 << 20;

/** The three studies the page quotes, read from `dir`. */
export function readWhyStudies(dir: string): WhyStudies {
  const read = (name: string): ReturnType<typeof studyTable> => {
    const path = join(dir, name, 'results.json');
    return studyTable(readJsonFile(path, 'study results', MAX_FILE), path);
  };
  return { designs: read('designs'), footprint: read('footprint'), footprintTlb: read('footprint-tlb') };
}

/** The page with its marked parts filled; every marker on the page must have a block. */
export function filledWhyPage(page: string, studies: WhyStudies): string {
  const blocks = whyBlocks(studies);
  const unknown = blockNames(page, 'why').filter((n) => !(n in blocks));
  if (unknown.length > 0) throw new WhyError(`the page marks parts the generator does not make: ${unknown.join(', ')}`);
  return fillBlocks(page, 'why', blocks);
}

export const main = pageCommand({
  name: 'why',
  summary: 'Fills the figures of docs/WHY.md from the committed study results.',
  page: 'WHY.md',
  resultsHelp: 'study outputs: <DIR>/designs, footprint, footprint-tlb (npm run study -- <name> --out <DIR>/<name>)',
  read: readWhyStudies,
  fill: filledWhyPage,
});

if (isEntryPoint(import.meta.url)) await runMain('why', main);
