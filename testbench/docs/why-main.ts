// npm run why: fills docs/WHY.md's figures (the parts marked <!-- why:NAME -->) from the committed
// study results, or with --check says whether the page already quotes them (exit 1 when not).
//   npm run why                     rewrite docs/WHY.md in place
//   npm run why -- --check          compare only
import { join } from 'node:path';
import { helpText, parseArgs, type OptionSpec } from '../cli/args.ts';
import { checkOutputPath, writeFileAtomic } from '../cli/atomic-file.ts';
import { readJsonFile, readTextFile } from '../cli/input-file.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../cli/run-main.ts';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import { blockNames, fillBlocks } from './blocks.ts';
import { studyTable, whyBlocks, WhyError, type WhyStudies } from './why.ts';

const MAX_FILE = 64 << 20;

const spec = {
  page: { type: 'string', default: join(REPO_ROOT, 'docs', 'WHY.md'), arg: 'FILE', help: 'the page to fill' },
  results: { type: 'string', default: join(REPO_ROOT, 'docs', 'studies'), arg: 'DIR', help: 'study outputs: <DIR>/designs, footprint, footprint-tlb (npm run study -- <name> --out <DIR>/<name>)' },
  check: { type: 'flag', help: 'do not write: exit 1 when the page does not quote the results exactly' },
  help: { type: 'flag', short: 'h', help: 'show this help' },
} satisfies Record<string, OptionSpec>;

const USAGE = `usage: npm run why -- [options]

Fills the figures of docs/WHY.md from the committed study results.

${helpText(spec)}`;

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

export function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): number {
  const { values: o } = parseArgs(argv, spec);
  if (o.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (!o.check) checkOutputPath(o.page, '--page');
  const page = readTextFile(o.page, '--page', MAX_FILE);
  const studies = readWhyStudies(o.results);
  if (io.validateOnly) return 0;
  const filled = filledWhyPage(page, studies);
  if (o.check) {
    if (filled === page) return 0;
    io.err(`why: ${o.page} does not quote the results in ${o.results} (npm run why rewrites it)\n`);
    return 1;
  }
  if (filled !== page) writeFileAtomic(o.page, filled);
  io.out(`${o.page}: ${filled === page ? 'already current' : 'figures filled'}\n`);
  return 0;
}

if (isEntryPoint(import.meta.url)) await runMain('why', main);
