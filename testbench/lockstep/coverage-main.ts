// The lockstep coverage report: `npx tsx testbench/lockstep/coverage-main.ts [--runs N] [--seed S]`
// runs N encoding programs (every decode class of ARM and Thumb state, fields at random) RTL against the reference model
// and prints which decode classes and corner forms were hit. Exits 1 on a mismatch or a class with
// no hit.
import fc from 'fast-check';
import { Coverage, REQUIRED_COVERAGE } from './coverage.ts';
import { encodingCase, everyItem, runEncodingCase } from './encoding-run.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v)) throw new Error(`--${name} needs an integer (got ${JSON.stringify(process.argv[i + 1])})`);
  return v;
}

const runs = option('runs', 100);
const seed = option('seed', 1);
const coverage = new Coverage();
let failed = false;
for (const c of fc.sample(encodingCase(everyItem, 60), { seed, numRuns: runs })) {
  const r = runEncodingCase(c, coverage);
  if (!r.ok) {
    process.stdout.write(`${r.report}\n(variant ${c.variant}; reproduce with --seed ${seed})\n`);
    failed = true;
    break;
  }
}
const required = REQUIRED_COVERAGE;
process.stdout.write(`${coverage.report(required)}\n(seed ${seed}, ${runs} programs)\n`);
process.exit(failed || coverage.missing(required).length > 0 ? 1 : 0);
