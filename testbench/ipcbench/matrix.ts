// The benchmark matrix: which runs, placements, priorities, switch strategies and message lengths
// make up `npm run ipcbench`, as study points. Pingpong and queue runs cross every dimension; the
// null call has no partner (strategies only); interrupt latency has no message or priority choice.
import type { IpcDesign, SwitchStrategy } from '../../kernel/abi.ts';
import type { PartialConfig } from '../../rtl/config.ts';
import { validatePoint, type PointConfig } from '../studies/point.ts';
import type { NamedPoint } from '../studies/run-study.ts';
import { BENCH_RUNS, PLACEMENTS, PRIORITIES, type BenchRun, type BenchSpec, type Perturbation, type Placement, type PriorityRelation } from './measure/spec.ts';
import { USES_WORDS } from './measure/spec.ts';

/** Message lengths: the 0, 1, 4, 10, 16, 32 and 64 words; 64 is 63 here (MR0 is the tag, MR1..MR63 the words). */
export const MATRIX_WORDS: readonly number[] = [0, 1, 4, 10, 16, 32, 63];
export const MATRIX_STRATEGIES: readonly SwitchStrategy[] = ['full', 'fcse', 'asid'];

export interface MatrixOptions {
  readonly runs: readonly BenchRun[];
  readonly placements: readonly Placement[];
  readonly priorities: readonly PriorityRelation[];
  readonly strategies: readonly SwitchStrategy[];
  readonly words: readonly number[];
  readonly design: IpcDesign;
  readonly registerMrs: number;
  readonly hardware: PartialConfig;
  readonly warm: number;
  readonly hot: number;
  readonly cold: number;
  readonly perturb: readonly Perturbation[];
  readonly seed: number;
}

export const FULL_MATRIX: MatrixOptions = {
  runs: BENCH_RUNS,
  placements: PLACEMENTS,
  priorities: PRIORITIES,
  strategies: MATRIX_STRATEGIES,
  words: MATRIX_WORDS,
  design: 'l4',
  registerMrs: 6,
  hardware: {},
  warm: 2,
  hot: 20,
  cold: 4,
  perturb: [],
  seed: 2026,
};

/** A few points of every run: what the tests compute. */
export const REDUCED_MATRIX: MatrixOptions = { ...FULL_MATRIX, placements: ['inter'], priorities: ['equal'], strategies: ['fcse'], words: [0, 10], hot: 4, cold: 2 };

/** A point of the matrix: its coordinates and its study point. */
export interface MatrixPoint extends NamedPoint {
  readonly run: BenchRun;
  readonly placement: Placement | null;
  readonly priority: PriorityRelation | null;
  readonly strategy: SwitchStrategy;
  readonly words: number | null;
}

export function expandMatrix(o: MatrixOptions): MatrixPoint[] {
  const out: MatrixPoint[] = [];
  const add = (run: BenchRun, placement: Placement | null, priority: PriorityRelation | null, strategy: SwitchStrategy, words: number | null): void => {
    const bench: BenchSpec = { run, placement: placement ?? 'inter', priority: priority ?? 'equal', warm: o.warm, hot: o.hot, cold: o.cold, perturb: o.perturb, seed: o.seed };
    const raw: Partial<PointConfig> = { scenario: 'ipcbench', registerMrs: o.registerMrs, words: words ?? 0, strategy, design: o.design, hardware: o.hardware, bench };
    const point = validatePoint(raw);
    const label = [run, placement, priority, strategy, words === null ? null : `${words} words`].filter((x) => x !== null).join(' ');
    out.push({ run, placement, priority, strategy, words, point, label });
  };
  for (const run of o.runs) {
    const placements: readonly (Placement | null)[] = run === 'null' ? [null] : o.placements;
    const priorities: readonly (PriorityRelation | null)[] = USES_WORDS.has(run) ? o.priorities : [null];
    const words: readonly (number | null)[] = USES_WORDS.has(run) ? o.words : [null];
    for (const placement of placements) for (const priority of priorities) for (const strategy of o.strategies) for (const w of words) add(run, placement, priority, strategy, w);
  }
  return out;
}
