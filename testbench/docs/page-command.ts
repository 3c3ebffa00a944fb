// The command line shared by the page generators (npm run why, npm run studies-page): fill a page's
// marked parts from the committed study outputs, or with --check say whether it already quotes
// them (exit 1 when not). Arguments and paths are checked before anything is read or written.
import { join } from 'node:path';
import { helpText, parseArgs, type OptionSpec } from '../cli/args.ts';
import { checkOutputPath, writeFileAtomic } from '../cli/atomic-file.ts';
import { readTextFile } from '../cli/input-file.ts';
import type { CliIo } from '../cli/run-main.ts';
import { REPO_ROOT } from '../studies/fingerprint.ts';

const MAX_PAGE = 64 << 20;

export interface PageGenerator<S> {
  /** The command's name (npm run <name>). */
  readonly name: string;
  /** One line: what the command fills. */
  readonly summary: string;
  /** The page filled by default, under docs/. */
  readonly page: string;
  /** What --results must hold. */
  readonly resultsHelp: string;
  /** Reads (and validates) the study outputs under a directory. */
  readonly read: (dir: string) => S;
  /** The page with its marked parts filled. */
  readonly fill: (page: string, studies: S) => string;
}

export function pageCommand<S>(g: PageGenerator<S>): (argv: readonly string[], io: CliIo) => number {
  const spec = {
    page: { type: 'string', default: join(REPO_ROOT, 'docs', g.page), arg: 'FILE', help: 'the page to fill' },
    results: { type: 'string', default: join(REPO_ROOT, 'docs', 'studies'), arg: 'DIR', help: g.resultsHelp },
    check: { type: 'flag', help: 'do not write: exit 1 when the page does not quote the results exactly' },
    help: { type: 'flag', short: 'h', help: 'show this help' },
  } satisfies Record<string, OptionSpec>;
  const usage = `usage: npm run ${g.name} -- [options]\n\n${g.summary}\n\n${helpText(spec)}`;
  return (argv, io) => {
    const { values: o } = parseArgs(argv, spec);
    if (o.help) {
      io.out(`${usage}\n`);
      return 0;
    }
    if (!o.check) checkOutputPath(o.page, '--page');
    const page = readTextFile(o.page, '--page', MAX_PAGE);
    const studies = g.read(o.results);
    if (io.validateOnly) return 0;
    const filled = g.fill(page, studies);
    if (o.check) {
      if (filled === page) return 0;
      io.err(`${g.name}: ${o.page} does not quote the results in ${o.results} (npm run ${g.name} rewrites it)\n`);
      return 1;
    }
    if (filled !== page) writeFileAtomic(o.page, filled);
    io.out(`${o.page}: ${filled === page ? 'already current' : 'filled'}\n`);
    return 0;
  };
}
