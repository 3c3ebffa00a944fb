// From the threads' logs and the checkers' windows to the figures of each operation.
//
// A sample is one measured system call: the counter read before its SWI (or, for interrupt latency,
// the cycle the interrupt line rose: COMPARE) to the counter read that is the first instruction of
// the thread that resumes. Which thread that is comes from the checkers' window of that SWI (the
// thread running after it, told apart by its stack); the end is that thread's first counter read
// after the trap. The counter-read overhead (the smallest difference of two back-to-back reads) is
// subtracted, as sel4bench does. The checkers' figure for the sample is the sum of the
// trap-to-resume windows that start inside it (one window, unless an interrupt came in between).
import type { IpcReport } from '../../checkers/report.ts';
import { FROM_ASSERTION, OP_FIRST, OP_OVERHEAD, OWN_END, opOfCode, PHASE, RUN_OPS, type BenchOp } from './ops.ts';
import type { BenchRecord, Breakdown, OpFigures, OpPath } from './record.ts';
import type { BenchRun } from './spec.ts';
import { distribution } from './stats.ts';

export interface LogEntry {
  readonly thread: string;
  readonly op: number;
  readonly phase: number;
  readonly iteration: number;
  /** Counter values (32-bit). */
  readonly before: number;
  readonly after: number;
}

/** Decode a thread's log words ({code, before, after} per entry). */
export function decodeLog(thread: string, words: readonly number[]): LogEntry[] {
  if (words.length % 3 !== 0) throw new Error(`log of ${thread}: ${words.length} words, not whole entries of 3`);
  const out: LogEntry[] = [];
  for (let k = 0; k < words.length; k += 3) {
    const code = words[k]! >>> 0;
    out.push({ thread, op: code & 0xff, phase: (code >>> 8) & 0xff, iteration: code >>> 16, before: words[k + 1]! >>> 0, after: words[k + 2]! >>> 0 });
  }
  return out;
}

/** One measured sample. */
export interface Sample {
  readonly op: BenchOp;
  readonly cold: boolean;
  readonly iteration: number;
  readonly thread: string;
  /** The counter reads that bound it (or, from an assertion, COMPARE) and the figure, overhead subtracted. */
  readonly start: number;
  readonly end: number;
  readonly counter: number;
  readonly checker: number;
  /** Interrupt latency: cycles from the assertion to the exception being taken (0 otherwise). */
  readonly pending: number;
  /** The windows inside the sample, the first being the operation's own. */
  readonly windows: readonly IpcReport[];
}

export class BenchAnalysisError extends Error {}

/**
 * `cycleOf(counter)`: the cycle a counter value was read in (the counter counts cycles from reset,
 * so this is a fixed offset; run.ts measures it).
 */
export function samplesOf(entries: readonly LogEntry[], windows: readonly IpcReport[], overhead: number, cycleOf: (counter: number) => number): Sample[] {
  // Every syscall return of every thread: where a thread resumes, in cycles, in order.
  const resumes = new Map<string, number[]>();
  for (const e of entries) {
    if (e.op === OP_OVERHEAD) continue;
    const list = resumes.get(e.thread) ?? [];
    list.push(e.after);
    resumes.set(e.thread, list);
  }
  const swis = windows.filter((w) => w.trap === 'swi');
  const samples: Sample[] = [];
  for (const e of entries) {
    const op = opOfCode(e.op);
    if (op === undefined || e.op === OP_FIRST || (e.phase !== PHASE.hot && e.phase !== PHASE.cold)) continue;
    const start = cycleOf(e.before);
    let end: number;
    let own: IpcReport | undefined;
    if (OWN_END.has(op)) {
      end = e.after;
      const endCycle = cycleOf(end);
      // The interrupt's own window delivers it to the handler; with a higher-priority thread
      // running (perturbation) the handler is resumed later, by that thread's system call.
      own = FROM_ASSERTION.has(op)
        ? windows.find((w) => w.trapCycle >= start && w.trapCycle < endCycle && w.receiver === e.thread)
        : swis.find((w) => w.sender === e.thread && w.trapCycle > start);
    } else {
      own = swis.find((w) => w.sender === e.thread && w.trapCycle > start);
      const resumed = own?.receiver;
      if (!own || resumed === undefined) throw new BenchAnalysisError(`${op} of ${e.thread}, iteration ${e.iteration}: no system call window after cycle ${start}, or no thread resumed by it`);
      const found = (resumes.get(resumed) ?? []).find((a) => cycleOf(a) > own!.trapCycle);
      if (found === undefined) throw new BenchAnalysisError(`${op} of ${e.thread}, iteration ${e.iteration}: ${resumed} never read the counter after cycle ${own.trapCycle}`);
      end = found;
    }
    const endCycle = cycleOf(end);
    const inside = windows.filter((w) => w.trapCycle >= start && w.trapCycle < endCycle);
    const raw = (end - e.before) >>> 0;
    // From an assertion, the checkers' figure starts with the cycles the interrupt was pending:
    // the first window opens when the exception is taken.
    const pending = FROM_ASSERTION.has(op) && inside.length > 0 ? inside[0]!.trapCycle - start : 0;
    samples.push({
      op,
      cold: e.phase === PHASE.cold,
      iteration: e.iteration,
      thread: e.thread,
      start: e.before,
      end,
      counter: FROM_ASSERTION.has(op) ? raw : raw - overhead,
      checker: pending + inside.reduce((a, w) => a + w.cost.cycles, 0),
      pending,
      windows: own ? [own, ...inside.filter((w) => w !== own)] : inside,
    });
  }
  return samples;
}

/** The overhead of a counter read: the back-to-back pairs' smallest and largest difference. */
export function overheadOf(entries: readonly LogEntry[]): { readonly min: number; readonly max: number } {
  const d = entries.filter((e) => e.op === OP_OVERHEAD).map((e) => (e.after - e.before) >>> 0);
  if (d.length === 0) throw new BenchAnalysisError('no counter-read overhead samples in the logs');
  return { min: Math.min(...d), max: Math.max(...d) };
}

/** Interrupt latency's first phase: the line up, the exception not yet taken. */
export const PENDING_PHASE = 'interrupt pending';

/** The kernel path of a window by the phases it went through (phase-markers.ts). */
function windowPath(w: IpcReport | undefined): OpPath {
  if (!w) return 'none';
  if (w.path === 'slow') return 'slow';
  return w.cost.phases.some((p) => p.phase === 'exit') ? 'fast' : 'other';
}

function pathOf(samples: readonly Sample[]): OpPath {
  const paths = new Set(samples.map((s) => windowPath(s.windows[0])));
  if (paths.size === 0) return 'none';
  return paths.size > 1 ? 'mixed' : [...paths][0]!;
}

function handoffOf(samples: readonly Sample[]): OpFigures['handoff'] {
  const judged = samples.map((s) => s.windows[0]).filter((w): w is IpcReport => w !== undefined && w.judged);
  if (judged.length === 0) return 'n/a';
  return judged.every((w) => w.verdict === 'pass') ? 'pass' : 'fail';
}

/** The phases, instructions and misses of a sample's windows. */
function breakdownOf(s: Sample): Breakdown {
  const phases: { phase: string; cycles: number; instructions: number }[] = s.pending > 0 ? [{ phase: PENDING_PHASE, cycles: s.pending, instructions: 0 }] : [];
  let kernelInstructions = 0;
  const count = { icacheMisses: 0, dcacheMisses: 0, tlbWalks: 0 };
  for (const w of s.windows) {
    kernelInstructions += w.cost.kernelInstructions;
    for (const k of Object.keys(count) as (keyof typeof count)[]) count[k] += w.cost.counters[k] ?? 0;
    for (const p of w.cost.phases) {
      const same = phases.find((q) => q.phase === p.phase);
      if (same) {
        same.cycles += p.cycles;
        same.instructions += p.instructions;
      } else phases.push({ phase: p.phase, cycles: p.cycles, instructions: p.instructions });
    }
  }
  return { phases, kernelInstructions, ...count };
}

export function figuresOf(op: BenchOp, samples: readonly Sample[]): OpFigures {
  const mine = samples.filter((s) => s.op === op);
  const hot = mine.filter((s) => !s.cold);
  const cold = mine.filter((s) => s.cold);
  const hotDist = distribution(hot.map((s) => s.counter));
  const median = hotDist ? hot.find((s) => s.counter === hotDist.median) : undefined;
  const dev = mine.map((s) => s.counter - s.checker);
  return {
    op,
    path: mine.length === 0 ? 'none' : pathOf(mine),
    hot: hotDist,
    cold: distribution(cold.map((s) => s.counter)),
    checkerHot: distribution(hot.map((s) => s.checker)),
    checkerCold: distribution(cold.map((s) => s.checker)),
    deviationMin: dev.length > 0 ? Math.min(...dev) : null,
    deviationMax: dev.length > 0 ? Math.max(...dev) : null,
    handoff: handoffOf(mine),
    breakdown: median ? breakdownOf(median) : null,
  };
}

export function analyse(run: BenchRun, entries: readonly LogEntry[], windows: readonly IpcReport[], cycleOf: (counter: number) => number): { readonly record: BenchRecord; readonly samples: readonly Sample[] } {
  const overhead = overheadOf(entries);
  const samples = samplesOf(entries, windows, overhead.min, cycleOf);
  return { record: { overhead: overhead.min, overheadMax: overhead.max, ops: RUN_OPS[run].map((op) => figuresOf(op, samples)) }, samples };
}
