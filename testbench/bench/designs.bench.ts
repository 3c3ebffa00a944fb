// Issue 13's goals, measured: the l4 fast path's one-way hot IPC (FCSE, 6 register MRs) at every
// message length 0..63 (the 8-word figure, the largest step between consecutive lengths, the
// least-squares cycles per word from the first UTCB word on), and every IPC design at 8 words
// beside it with the phases where its difference goes.
import { IPC_DESIGNS } from '../../kernel/abi.ts';
import { compareDesigns, hotAtLengths } from '../scenarios/designs.ts';
import type { IpcScenarioOptions } from '../scenarios/ipc-scenario.ts';
import { phaseDelta } from '../scenarios/why-text.ts';
import type { BenchRow, BenchSuite } from './suite.ts';

const BASE: IpcScenarioOptions = { registerMrs: 6, words: 8, strategy: 'fcse', rounds: 3 };
const MAX_WORDS = 63;

/** Least-squares slope of y over x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
}

export const designsBench: BenchSuite = {
  name: 'designs',
  description: 'l4 fast path at every message length 0..63 (FCSE), and each IPC design at 8 words beside it',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const lengths = Array.from({ length: MAX_WORDS + 1 }, (_, w) => w);
    const hot = await hotAtLengths(BASE, lengths);
    const at = (w: number): number => hot.get(w) ?? Number.NaN;
    rows.push({ metric: 'l4 one-way IPC, hot, 8 words (FCSE, 6 register MRs)', value: at(8), unit: 'cycles', note: 'goal <= 90' });
    rows.push({ metric: 'l4 one-way IPC, hot, 0 words', value: at(0), unit: 'cycles' });
    rows.push({ metric: `l4 one-way IPC, hot, ${MAX_WORDS} words`, value: at(MAX_WORDS), unit: 'cycles' });
    let step = { size: -Infinity, from: 0 };
    for (let w = 1; w <= MAX_WORDS; w++) if (at(w) - at(w - 1) > step.size) step = { size: at(w) - at(w - 1), from: w - 1 };
    rows.push({ metric: 'largest step between consecutive lengths, 0..63', value: step.size, unit: 'cycles', note: `${step.from} -> ${step.from + 1} words; goal <= 20` });
    // From the first word in the UTCB (MR6 = word 6 with 6 register MRs) to the end.
    const firstUtcbWord = BASE.registerMrs!;
    const fit = slope(lengths.filter((w) => w >= firstUtcbWord).map((w) => [w, at(w)] as const));
    rows.push({ metric: `cycles per UTCB word (least squares, ${firstUtcbWord}..${MAX_WORDS} words)`, value: fit, unit: 'cycles/word', note: 'goal <= 2; includes the largest step' });
    const afterStep = step.from + 1;
    const marginal = slope(lengths.filter((w) => w >= afterStep).map((w) => [w, at(w)] as const));
    rows.push({ metric: `cycles per UTCB word (least squares, ${afterStep}..${MAX_WORDS} words, after the largest step)`, value: marginal, unit: 'cycles/word', note: 'goal <= 2' });
    const designs = await compareDesigns(BASE, IPC_DESIGNS);
    const l4 = designs.find((d) => d.design === 'l4')!;
    for (const d of designs) {
      rows.push({ metric: `${d.design}: one-way IPC, hot / cold, 8 words (FCSE)`, value: d.hotCycles ?? Number.NaN, unit: 'cycles', note: `cold ${d.coldCycles ?? '-'}${d.design === 'l4' ? '' : `; vs l4 by phase: ${phaseDelta(l4, d)}`}` });
    }
    return rows;
  },
};
