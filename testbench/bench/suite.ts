// One benchmark suite: a name and a function that measures and returns rows for the table.
// Suites are registered in testbench/bench/main.ts; `npm run bench -- <name>` runs a subset.
export interface BenchRow {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(): Promise<readonly BenchRow[]> | readonly BenchRow[];
}
