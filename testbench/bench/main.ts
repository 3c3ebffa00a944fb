// `npm run bench [-- <suite>...]`: runs the benchmark suites and prints one table. Figures are
// machine-dependent; compare ratios measured in the same run.
import { assemblerBench } from './assembler.bench.ts';
import { hdlBench } from './hdl.bench.ts';
import { memBench } from './mem.bench.ts';
import { referenceBench } from './reference.bench.ts';
import { scenarioBench } from './scenario.bench.ts';
import type { BenchSuite } from './suite.ts';
import { systemBench } from './system.bench.ts';

const suites: BenchSuite[] = [hdlBench, systemBench, scenarioBench, memBench, referenceBench, assemblerBench];

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(`unknown bench suite(s): ${unknown.join(', ')}; available: ${suites.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const chosen = wanted.length > 0 ? suites.filter((s) => wanted.includes(s.name)) : suites;
  console.log(`handoff benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
  for (const suite of chosen) {
    console.log(`\n## ${suite.name}: ${suite.description}`);
    const rows = await suite.run();
    const width = Math.max(...rows.map((r) => r.metric.length));
    for (const r of rows) {
      console.log(`  ${r.metric.padEnd(width)}  ${format(r.value).padStart(14)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
    }
  }
}

await main();
