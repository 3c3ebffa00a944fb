// `npm run bench [-- <suite>...]`: runs the benchmark suites and prints one table. Figures are
// machine-dependent; compare ratios measured in the same run.
import { loadavg } from 'node:os';
import { helpText, parseArgs, UsageError, type OptionSpec } from '../cli/args.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../cli/run-main.ts';
import { assemblerBench } from './assembler.bench.ts';
import { designsBench } from './designs.bench.ts';
import { fastForwardBench } from './fast-forward.bench.ts';
import { provenance } from '../studies/provenance.ts';
import { hdlBench } from './hdl.bench.ts';
import { memBench } from './mem.bench.ts';
import { recheckBench } from './recheck.bench.ts';
import { referenceBench } from './reference.bench.ts';
import { scenarioBench } from './scenario.bench.ts';
import type { BenchSuite } from './suite.ts';
import { systemBench } from './system.bench.ts';

const suites: BenchSuite[] = [hdlBench, systemBench, scenarioBench, designsBench, memBench, referenceBench, fastForwardBench, assemblerBench, recheckBench];

const spec = { help: { type: 'flag', short: 'h', help: 'show this help' } } satisfies Record<string, OptionSpec>;

function commitText(): string {
  const p = provenance();
  return `${p.commit.slice(0, 10)}${p.modelSourcesEdited ? ' WITH LOCAL EDITS to the model sources' : ''}`;
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  const { values, positionals: wanted } = parseArgs(argv, spec, { max: Number.POSITIVE_INFINITY });
  if (values.help) {
    io.out(`usage: npm run bench -- [suite...]   (default: every suite)\n${helpText(spec)}\nsuites:\n${suites.map((s) => `  ${s.name.padEnd(10)} ${s.description}`).join('\n')}\n`);
    return 0;
  }
  const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
  if (unknown.length > 0) throw new UsageError(`unknown bench suite(s): ${unknown.join(', ')}; available: ${suites.map((s) => s.name).join(', ')}`);
  if (io.validateOnly) return 0;
  const chosen = wanted.length > 0 ? suites.filter((s) => wanted.includes(s.name)) : suites;
  io.out(`handoff benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)}, commit ${commitText()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start)\n`);
  for (const suite of chosen) {
    io.out(`\n## ${suite.name}: ${suite.description}\n`);
    const rows = await suite.run();
    const width = Math.max(...rows.map((r) => r.metric.length));
    for (const r of rows) io.out(`  ${r.metric.padEnd(width)}  ${format(r.value).padStart(14)} ${r.unit}${r.note ? `  (${r.note})` : ''}\n`);
  }
  return 0;
}

if (isEntryPoint(import.meta.url)) await runMain('bench', main);
