// Every command line fed random argument vectors (fast-check), in-process and stopped once the
// arguments are validated (CliIo.validateOnly): exit code 0, 1 or 2, never a stack trace, a refusal
// in exactly one line, and no output written (nothing appears in the sandbox the paths point into).
// Running the commands themselves is covered by the other tests of tests/cli and tests/studies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main as kernelMain } from '../../kernel/main.ts';
import { main as toolchainMain } from '../../kernel/toolchain/cli.ts';
import { main as benchMain } from '../../testbench/bench/main.ts';
import { main as ipcbenchMain } from '../../testbench/ipcbench/main.ts';
import { main as startMain } from '../../testbench/cli/main.ts';
import type { CliMain } from '../../testbench/cli/run-main.ts';
import { main as studyMain } from '../../testbench/studies/main.ts';
import { main as verifyMain } from '../../testbench/verify/main.ts';
import { main as whyMain } from '../../testbench/docs/why-main.ts';
import { main as studiesPageMain } from '../../testbench/docs/studies-page.ts';
import { main as simMain } from '../../testbench/sim/main.ts';
import { call, listFiles, oneLineError, STACK_FRAME } from './call.ts';
import { tempDir } from '../studies/cli.ts';

process.env.HANDOFF_STUDY_MODEL = 'test-fuzz';

const box = tempDir('fuzz');
const file = join(box, 'file.txt');
const source = join(box, 'p.s');
const study = join(box, 'study.json');
const merge = join(box, 'merge.jsonl');
mkdirSync(join(box, 'dir'));
writeFileSync(file, 'x\n');
writeFileSync(source, '.global _start\n_start: b _start\n');
writeFileSync(study, JSON.stringify({ name: 'fz', title: 't', question: 'q', base: {}, knobs: [{ name: 'words', values: [1, 2] }], metrics: ['hotCycles'], plots: [] }));
writeFileSync(merge, 'null\n{"hash":1}\n');

const PATHS = [box, join(box, 'dir'), file, join(box, 'new', 'deep', 'out.x'), join(file, 'under'), '/dev/full', '/dev/null', '/proc/x/y.vcd', '', ' ', source, study, merge, 'tests/cli/fixtures/holds-suite.ts'];
const NUMBERS = ['0', '1', '2', '6', '31', '-3', '99', '100001', 'abc', '', ' ', '1e3', '0x10', '1.5', '9999999999999999999', '-0'];
const WORDS = ['pingpong', 'l4', 'remap', 'all', 'none', 'l4,slow', 'ring', 'full', 'fcse', 'asid', 'string', 'vector', 'smoke', 'mrs-words', 'isa', 'handoff', 'handoff-slow', 'hdl', 'recheck', 'as', 'disas', 'nosuch', 'null', '{}', '{"words":3}', '{"words":99}', '[', '-', '--', '-h', '3:1:1', 'x:1', 'KNOB=7', 'KNOB', '=1', 'reduced', 'queue', 'irq', 'intra', 'inter', 'client-lower', 'irq,dirty', 'pollute', '0,10,63', '64', 'ipc_entry', 'ipc_entry:2', 'ipc_entry:0'];

interface Cli {
  readonly name: string;
  readonly main: CliMain;
  readonly options: readonly string[];
  /** Tokens that start the command line (the toolchain's sub-command). */
  readonly first?: readonly string[];
}

const CLIS: readonly Cli[] = [
  { name: 'npm start', main: startMain, options: ['scenario', 'mrs', 'words', 'design', 'compare', 'switch', 'rounds', 'isa', 'icache', 'dcache', 'ways', 'tlb', 'latency', 'margin', 'vcd', 'gtkw', 'text', 'json', 'help'] },
  { name: 'study', main: studyMain, options: ['study-file', 'jobs', 'cache', 'out', 'no-png', 'list', 'points', 'index', 'point', 'merge', 'no-compute', 'fast-forward', 'help'] },
  { name: 'verify', main: verifyMain, options: ['suite', 'suite-module', 'runs', 'seed', 'path', 'waves', 'help'] },
  { name: 'bench', main: benchMain, options: ['help'] },
  { name: 'ipcbench', main: ipcbenchMain, options: ['matrix', 'runs', 'placements', 'priorities', 'strategies', 'words', 'design', 'mrs', 'warm', 'hot', 'cold', 'perturb', 'seed', 'jobs', 'cache', 'out', 'no-png', 'no-compute', 'points', 'merge', 'docs', 'help'] },
  { name: 'kernel', main: kernelMain, options: ['switch', 'nreg', 'rounds', 'words', 'elf', 'help'] },
  { name: 'toolchain', main: toolchainMain, options: ['output', 'object', 'defsym', 'include', 'text', 'data', 'entry', 'word', 'address', 'thumb', 'help'], first: ['as', 'ld', 'disas', 'frob'] },
  { name: 'why', main: whyMain, options: ['page', 'results', 'check', 'help'] },
  { name: 'studies-page', main: studiesPageMain, options: ['page', 'results', 'check', 'help'] },
  { name: 'sim', main: simMain, options: ['model', 'address', 'entry', 'cpsr', 'ram', 'until', 'max-cycles', 'max-instructions', 'vcd', 'vcd-from', 'vcd-to', 'trace-from', 'trace-to', 'gtkw', 'uart', 'json', 'gdb', 'fast-forward', 'help'] },
];

function argv(cli: Cli): fc.Arbitrary<string[]> {
  const option = fc.constantFrom(...cli.options, 'frob', 'mrs', 'o', 'I').map((o) => (o.length === 1 ? `-${o}` : `--${o}`));
  const value = fc.oneof(fc.constantFrom(...PATHS, ...NUMBERS, ...WORDS), fc.string({ maxLength: 6 }));
  const token = fc.oneof({ weight: 3, arbitrary: option }, { weight: 3, arbitrary: value }, { weight: 2, arbitrary: fc.tuple(option, value).map(([o, v]) => `${o}=${v}`) });
  const rest = fc.array(token, { maxLength: 8 });
  return cli.first ? fc.tuple(fc.constantFrom(...cli.first), rest).map(([f, r]) => [f, ...r]) : rest;
}

describe('argument fuzzing of every command line', () => {
  const before = listFiles(box);
  for (const cli of CLIS) {
    it(`${cli.name}: exit 0, 1 or 2, one-line refusals, no stack trace, nothing written`, async () => {
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(argv(cli), async (args) => {
          const c = await call(cli.name, cli.main, args, true);
          expect([0, 1, 2], `${JSON.stringify(args)}: ${c.err}`).toContain(c.code);
          expect(STACK_FRAME.test(c.err), c.err).toBe(false);
          if (c.code === 2) {
            oneLineError(c);
            refused++;
          }
          expect(listFiles(box)).toEqual(before);
        }),
        { numRuns: 150 },
      );
      expect(refused).toBeGreaterThan(0);
    });
  }
});
