// docs/BENCHMARKS.md's sentences: every figure the page's prose gives, computed from a benchmark
// run's results.json (the full matrix in docs/benchmarks/, the perturbed run in
// docs/benchmarks/perturbed/) and written between <!-- ipcbench:NAME --> markers beside the
// quoted tables (doc-blocks.ts). Where a claim depends on the data (cold against hot, which runs
// spread, who preempts) the sentence says what the data shows; the prose around the markers
// carries no measured figure. Facts of the setup come from the code that defines them.
import { isDeepStrictEqual } from 'node:util';
import type { SwitchStrategy } from '../../kernel/abi.ts';
import { expandMatrix, FULL_MATRIX, type MatrixOptions, type MatrixPoint } from './matrix.ts';
import { OP_TEXT, RUN_OPS, type BenchOp } from './measure/ops.ts';
import { checkBenchRecord, type OpFigures, type PhaseCycles } from './measure/record.ts';
import { benchScenario, CCNT_IRQ_LINE, OVERHEAD_SAMPLES, PERTURB_DIRTY_LINES } from './measure/scenario.ts';
import { BENCH_RUNS, priorities, type BenchRun } from './measure/spec.ts';
import { agrees, findRow, rowProblems, type OpRow } from './rows.ts';
import { furthestCases, type FarCase } from './tables.ts';

/** A run's results.json, its rows back on the points of its matrix. */
export interface BenchResults {
  readonly matrix: MatrixOptions;
  readonly commit: string;
  readonly modelSourcesEdited: boolean;
  readonly model: string;
  readonly rows: readonly OpRow[];
}

export class BenchDocError extends Error {
  override readonly name = 'BenchDocError';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const coords = (r: { run: unknown; placement: unknown; priority: unknown; strategy: unknown; words: unknown }): string => JSON.stringify([r.run, r.placement, r.priority, r.strategy, r.words]);

/** results.json (parsed) as rows: each row's figures checked like a result record, its point found in the matrix. */
export function benchResults(raw: unknown, where: string): BenchResults {
  if (!isRecord(raw)) throw new BenchDocError(`${where}: expected an object`);
  const { matrix, source, model, rows } = raw;
  if (!isRecord(matrix)) throw new BenchDocError(`${where}: matrix missing`);
  if (!isRecord(source) || typeof source['commit'] !== 'string') throw new BenchDocError(`${where}: source.commit missing`);
  if (typeof model !== 'string') throw new BenchDocError(`${where}: model missing`);
  if (!Array.isArray(rows)) throw new BenchDocError(`${where}: rows: expected a list`);
  let points: MatrixPoint[];
  try {
    points = expandMatrix(matrix as unknown as MatrixOptions);
  } catch (e) {
    throw new BenchDocError(`${where}: matrix: ${(e as Error).message}`);
  }
  const byCoords = new Map(points.map((p) => [coords(p), p]));
  const out = rows.map((r: unknown, i): OpRow => {
    const at = `${where}: rows[${i}]`;
    if (!isRecord(r)) throw new BenchDocError(`${at}: expected an object`);
    const { run, placement, priority, strategy, words, overhead, hash, ...figures } = r;
    const point = byCoords.get(coords({ run, placement, priority, strategy, words }));
    if (!point) throw new BenchDocError(`${at}: ${coords({ run, placement, priority, strategy, words })} is not a point of the matrix`);
    if (typeof hash !== 'string') throw new BenchDocError(`${at}.hash missing`);
    const record = checkBenchRecord({ overhead, overheadMax: overhead, ops: [figures] }, (field, message) => {
      throw new BenchDocError(`${at}: ${field.replace(/^bench\.ops\[0\]\.|^bench\./, '')}: ${message}`);
    });
    // A run that failed is a point error, never a row: every row's run ended cleanly.
    return { point, figures: record.ops[0]!, overhead: record.overhead, hash, exited: true };
  });
  return { matrix: matrix as unknown as MatrixOptions, commit: source['commit'], modelSourcesEdited: source['modelSourcesEdited'] === true, model, rows: out };
}

// ---- formatting ----------------------------------------------------------------------------

/** 1149 -> "1,149"; a mean rounded to the cycle. */
export function num(v: number): string {
  const s = String(Math.round(v));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
/** "77" when every value is the same, else "77-79". */
function span(values: readonly number[]): string {
  if (values.length === 0) throw new BenchDocError('no value for a range');
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? num(lo) : `${num(lo)}-${num(hi)}`;
}
const signed = (v: number): string => (v > 0 ? `+${v}` : String(v));
/** "a, b and c". */
function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
const STRATEGY: Readonly<Record<SwitchStrategy, string>> = { full: 'a full flush', fcse: 'FCSE', asid: 'ASID' };
/** The order the page names strategies in: the fast switches first. */
const STRATEGY_ORDER: readonly SwitchStrategy[] = ['fcse', 'asid', 'full'];

// ---- rows ----------------------------------------------------------------------------------

type At = Partial<Pick<MatrixPoint, 'placement' | 'priority' | 'strategy' | 'words'>>;

function row(rows: readonly OpRow[], op: BenchOp, at: At): OpRow {
  const r = findRow(rows, op, at);
  if (!r) throw new BenchDocError(`no ${op} row at ${JSON.stringify(at)} in the results`);
  return r;
}
function hot(r: OpRow): NonNullable<OpFigures['hot']> {
  if (!r.figures.hot) throw new BenchDocError(`${r.point.label}, ${r.figures.op}: no hot sample`);
  return r.figures.hot;
}
function cold(r: OpRow): NonNullable<OpFigures['cold']> {
  if (!r.figures.cold) throw new BenchDocError(`${r.point.label}, ${r.figures.op}: no cold sample`);
  return r.figures.cold;
}
const median = (r: OpRow): number => hot(r).median;
function phase(r: OpRow, name: string): PhaseCycles | undefined {
  return r.figures.breakdown?.phases.find((p) => p.phase === name);
}
function needPhase(r: OpRow, name: string): PhaseCycles {
  const p = phase(r, name);
  if (!p) throw new BenchDocError(`${r.point.label}, ${r.figures.op}: no phase "${name}" in its breakdown`);
  return p;
}
/** Strategies of the matrix in the page's order. */
const strategiesOf = (m: MatrixOptions): SwitchStrategy[] => STRATEGY_ORDER.filter((s) => m.strategies.includes(s));

// ---- the page's sentences from the full matrix ------------------------------------------------

/** What the committed outputs are: which matrix, how many runs and rows, from which commit, and whether the command reported a problem. */
function runSentence(res: BenchResults, where: string): string {
  const perturbed = res.matrix.perturb.length > 0;
  const full = isDeepStrictEqual(JSON.parse(JSON.stringify(res.matrix)), JSON.parse(JSON.stringify(FULL_MATRIX)));
  const runs = new Set(res.rows.map((r) => r.hash)).size;
  const problems = res.rows.flatMap((r) => rowProblems(r, perturbed));
  const verdict = problems.length === 0
    ? 'no row has a problem the command reports (a failed hand-off check, or counter and checkers further apart than the read overhead)'
    : `the command reports ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`;
  return `**The committed outputs** (${where}) are ${full ? 'the full matrix' : 'a matrix'}: ${num(runs)} runs, ${num(res.rows.length)} rows (run x operation), computed at commit ${res.commit.slice(0, 7)}${res.modelSourcesEdited ? ' with edited model sources' : ''} (model fingerprint ${res.model}); ${verdict}.\n`;
}

/** The priority of a thread of the interrupt run (with the perturbation thread), as measure/scenario.ts sets it. */
function irqRunPriority(m: MatrixOptions, name: 'handler' | 'spinner' | 'perturb'): number {
  const threads = benchScenario({ registerMrs: m.registerMrs, words: 0, strategy: 'fcse', design: m.design, bench: { run: 'irq', placement: 'inter', priority: 'equal', warm: m.warm, hot: m.hot, cold: m.cold, perturb: ['irq'], seed: m.seed } }).scenario.threads;
  const t = threads.find((x) => x.name === name);
  if (!t) throw new BenchDocError(`the interrupt run has no thread "${name}"`);
  return t.priority;
}

/** Priorities (measure/spec.ts, measure/scenario.ts) and the register MRs of the matrix. */
function setupSentence(m: MatrixOptions): string {
  const rel = { equal: priorities('equal'), lower: priorities('client-lower'), higher: priorities('client-higher') };
  const prio = (name: 'handler' | 'spinner' | 'perturb'): number => irqRunPriority(m, name);
  const regs = m.registerMrs;
  const mrs = regs === 0 ? 'With no register MRs every word travels UTCB to UTCB' : `With ${regs} register MRs (MR0..MR${regs - 1}, the matrix's setting) words beyond ${regs - 1} travel UTCB to UTCB`;
  return `Priorities: server ${rel.equal.server}; client ${rel.equal.client} (equal), ${rel.lower.client} (client lower) or ${rel.higher.client} (client higher); helper ${rel.equal.helper}; interrupt handler ${prio('handler')}, spinner ${prio('spinner')}; the perturbation thread (\`--perturb\`) ${prio('perturb')}. ${mrs}.\n`;
}

/** Iterations per run and samples per row (operations that alternate get fewer). */
function iterationSentence(res: BenchResults): string {
  const m = res.matrix;
  const byCount = new Map<string, BenchOp[]>();
  for (const r of res.rows) {
    const key = `${r.figures.hot?.n ?? 0}/${r.figures.cold?.n ?? 0}`;
    const ops = byCount.get(key) ?? [];
    if (!ops.includes(r.figures.op)) ops.push(r.figures.op);
    byCount.set(key, ops);
  }
  const whole = `${m.hot}/${m.cold}`;
  const parts = [...byCount].filter(([k]) => k !== whole).map(([k, ops]) => {
    const [h, c] = k.split('/');
    return `${h} hot and ${c} cold for ${listing(ops)}`;
  });
  const samples = parts.length === 0 ? 'every operation gets a sample of every hot and cold iteration' : `samples per row: ${parts.join('; ')}${byCount.has(whole) ? `; ${m.hot} and ${m.cold} for the others` : ''}`;
  return `Every run does ${m.warm} warm-up iteration${m.warm === 1 ? '' : 's'}, ${m.hot} hot and ${m.cold} cold ones, then one that closes the run; ${samples}.\n`;
}

/** The counter-read overhead the rows subtracted. */
function overheadSentence(res: BenchResults): string {
  const over = [...new Set(res.rows.map((r) => r.overhead))];
  return `${OVERHEAD_SAMPLES} read pairs per thread; the smallest difference, subtracted from every sample: **${span(over)} cycles** ${over.length === 1 ? 'in every run' : 'by run'} of the committed matrix.\n`;
}

/** Counter minus checkers over every sample. */
function agreementSentence(res: BenchResults): string {
  const dev = res.rows.flatMap((r) => (r.figures.deviationMin === null ? [] : [r.figures.deviationMin, r.figures.deviationMax!]));
  if (dev.length === 0) throw new BenchDocError('no row compares the counter with the checkers');
  const over = [...new Set(res.rows.map((r) => r.overhead))];
  const bad = res.rows.filter((r) => !agrees(r));
  const within = bad.length === 0
    ? `within the ${span(over)}-cycle read overhead in every row`
    : `outside the read overhead in ${bad.length} row${bad.length === 1 ? '' : 's'} (${bad.map((r) => `${r.figures.op}, ${r.point.label}`).join('; ')})`;
  return `Over all ${num(res.rows.length)} rows and every sample of the committed matrix the counter figure minus the checkers' is **${Math.min(...dev)}..${signed(Math.max(...dev))} cycles**, ${within}.\n`;
}

/** The hand-off verdicts. */
function handoffSentence(res: BenchResults): string {
  const fast = res.rows.filter((r) => r.figures.path === 'fast');
  const fastPass = fast.filter((r) => r.figures.handoff === 'pass');
  const others = res.rows.filter((r) => r.figures.path !== 'fast');
  const failed = others.filter((r) => r.figures.handoff === 'fail');
  const fastText = fastPass.length === fast.length ? `all ${num(fast.length)} rows whose IPC took the fast path pass` : `${num(fastPass.length)} of the ${num(fast.length)} rows whose IPC took the fast path pass`;
  const otherText = failed.length === 0 ? `none of the other ${num(others.length)} rows fails` : `${failed.length} of the other ${num(others.length)} rows fail (${failed.map((r) => `${r.figures.op}, ${r.point.label}`).join('; ')})`;
  return `In the committed matrix ${fastText}, and ${otherText}.\n`;
}

/** Which rows spread (hot min below hot max), by run and strategy. */
function spreadSentence(res: BenchResults): string {
  const spread = res.rows.filter((r) => r.figures.hot !== null && r.figures.hot.max > r.figures.hot.min);
  const head = `Hot standard deviation is 0 in ${num(res.rows.length - spread.length)} of the ${num(res.rows.length)} rows`;
  if (spread.length === 0) return `${head}.\n`;
  const runs = BENCH_RUNS.filter((run) => spread.some((r) => r.point.run === run));
  const clauses = runs.map((run: BenchRun) => {
    const mine = spread.filter((r) => r.point.run === run);
    const ops = [...new Set(mine.map((r) => r.figures.op))];
    const what = ops.length === RUN_OPS[run].length && ops.length > 1 ? `the ${run} run's operations` : run === 'irq' && ops.length === 1 && ops[0] === 'irq' ? 'interrupt latency' : `the ${run} run's ${listing(ops)}`;
    const by = strategiesOf(res.matrix).map((s) => {
      const rs = mine.filter((r) => r.point.strategy === s);
      return [s, rs.length === 0 ? 0 : Math.max(...rs.map((r) => hot(r).max - hot(r).min))] as const;
    });
    const [first, ...rest] = by;
    const example = mine.filter((r) => r.point.strategy === first![0]).sort((a, b) => (hot(b).max - hot(b).min) - (hot(a).max - hot(a).min))[0];
    const ex = example && run === 'irq' ? ` (${hot(example).min}..${hot(example).max})` : '';
    const restText = rest.map(([s, v]) => (v === 0 ? `none with ${STRATEGY[s]}` : `${v} with ${STRATEGY[s]}`));
    return `${what} (${mine.length} rows) by up to ${listing([`${first![1]} cycles with ${STRATEGY[first![0]]}${ex}`, ...restText])}`;
  });
  return `${head}; the others spread between their fastest and their slowest hot iteration: ${clauses.join('; ')}.\n`;
}

/** The three bullets under the message-length tables: fast path, full flush, slow path. */
function lengthNotes(res: BenchResults): string {
  const m = res.matrix;
  const rows = res.rows.filter((r) => r.point.priority === 'equal' && r.point.words !== null);
  const words = [...m.words].sort((a, b) => a - b);
  const regWords = m.registerMrs - 1;
  const inRegs = words.filter((w) => w <= regWords);
  const beyond = words.filter((w) => w > regWords);
  const wMax = words[words.length - 1]!;
  const ipc = rows.filter((r) => r.figures.op === 'call' || r.figures.op === 'replywait');
  const key = (r: OpRow): string => `${r.figures.op}|${r.point.strategy}|${r.point.placement}`;
  const at = (sel: readonly OpRow[], k: string, w: number): number => {
    const r = sel.find((x) => key(x) === k && x.point.words === w);
    if (!r) throw new BenchDocError(`no row ${k} at ${w} words`);
    return median(r);
  };
  const bullets: string[] = [];

  // The fast path.
  const fast = ipc.filter((r) => r.figures.path === 'fast');
  const fastKeys = [...new Set(fast.map(key))].filter((k) => words.every((w) => fast.some((r) => key(r) === k && r.point.words === w)));
  if (fastKeys.length > 0 && inRegs.length > 0) {
    const strategiesAt = (pl: string): SwitchStrategy[] => strategiesOf(m).filter((s) => fastKeys.some((k) => k.endsWith(`|${s}|${pl}`)));
    const where = (['intra', 'inter'] as const).flatMap((pl) => {
      const s = strategiesAt(pl);
      const place = pl === 'intra' ? 'within a space' : 'between spaces';
      return s.length === 0 ? [] : [s.length === m.strategies.length ? `every strategy ${place}` : `${listing(s.map((x) => STRATEGY[x]))} ${place}`];
    });
    const regText = `${span(fastKeys.flatMap((k) => inRegs.map((w) => at(fast, k, w))))} cycles while the message fits the registers (${listing(inRegs.map(String))} words)`;
    let growth = '';
    if (beyond.length >= 2) {
      const [w1, w2] = beyond as [number, number];
      const wIn = inRegs[inRegs.length - 1]!;
      const step = fastKeys.map((k) => at(fast, k, w1) - at(fast, k, wIn));
      const slope = fastKeys.map((k) => at(fast, k, wMax) - at(fast, k, w2));
      const perWord = (Math.min(...slope) / (wMax - w2)).toFixed(1) === (Math.max(...slope) / (wMax - w2)).toFixed(1)
        ? (Math.min(...slope) / (wMax - w2)).toFixed(1)
        : `${(Math.min(...slope) / (wMax - w2)).toFixed(1)}-${(Math.max(...slope) / (wMax - w2)).toFixed(1)}`;
      growth = `; ${w1} words (${w1 - regWords} in the UTCB) cost ${span(step)} more than ${wIn} words, and from there ${perWord} cycles a word (${w2} -> ${wMax} words: +${span(slope)} for ${wMax - w2} words; ${span(fastKeys.map((k) => at(fast, k, wMax)))} at ${wMax})`;
    }
    // Between spaces against within one, for the strategies that keep the fast path in both.
    const both = strategiesAt('inter').filter((s) => strategiesAt('intra').includes(s));
    let between = '';
    if (both.length > 0) {
      const diffs = both.flatMap((s) => (['call', 'replywait'] as const).flatMap((op) => words.map((w) => at(fast, `${op}|${s}|inter`, w) - at(fast, `${op}|${s}|intra`, w))));
      const names = listing(both.map((s) => STRATEGY[s]));
      between = diffs.every((d) => d === 0) ? ` Between spaces ${names} cost the same as within one.` : ` Between spaces ${names} cost ${span(diffs.map(Math.abs))} cycles ${diffs.every((d) => d >= 0) ? 'more than' : 'apart from'} within one.`;
    }
    bullets.push(`- **The fast path** (Call and ReplyWait, ${where.join(', ')}): ${regText}${growth}.${between}`);
  }

  // A full flush between spaces.
  const flushed = ipc.filter((r) => r.point.strategy === 'full' && r.point.placement === 'inter');
  if (flushed.length > 0) {
    const slow = flushed.every((r) => r.figures.path === 'slow');
    const c0 = row(flushed, 'call', { words: words[0]! });
    const flushPhase = phase(c0, 'flush (switch)');
    const path = slow ? 'there is no fast path (it refuses a switch that needs a flush)' : `the path is ${[...new Set(flushed.map((r) => r.figures.path))].join(' or ')}`;
    const atW = (w: number): string => span(flushed.filter((r) => r.point.words === w).map(median));
    const share = flushPhase ? `; the flush alone (the \`flush (switch)\` phase) takes ${num(flushPhase.cycles)} of the Call's ${num(median(c0))} cycles at ${words[0]} words, and the refills it causes add to the other phases` : '';
    const notWorse = flushed.filter((r) => cold(r).median <= median(r));
    const coldText = notWorse.length === flushed.length
      ? `Cold is not worse than hot there at any length (${num(cold(c0).median)} against ${num(median(c0))} for the Call at ${words[0]} words): every switch is cold anyway, and the benchmark's flush before the call leaves nothing dirty for the switch to write back.`
      : notWorse.length === 0
        ? `Cold costs more than hot there (${num(cold(c0).median)} against ${num(median(c0))} for the Call at ${words[0]} words).`
        : `Cold is not worse than hot in ${notWorse.length} of its ${flushed.length} rows (the Call at ${words[0]} words: ${num(cold(c0).median)} against ${num(median(c0))}).`;
    bullets.push(`- **Full flush between spaces**: ${path}: ${atW(words[0]!)} cycles at ${words[0]} words, ${atW(wMax)} at ${wMax} (Call and ReplyWait)${share}. ${coldText}`);
  }

  // The slow path of the queue run.
  const queueOps = RUN_OPS.queue;
  const fastStrategies: SwitchStrategy[] = strategiesOf(m).filter((s) => s !== 'full');
  const slow = rows.filter((r) => queueOps.includes(r.figures.op) && fastStrategies.includes(r.point.strategy));
  if (slow.length > 0 && beyond.length >= 2) {
    const w2 = beyond[1]!;
    const at0 = res.rows.filter((r) => queueOps.includes(r.figures.op) && fastStrategies.includes(r.point.strategy) && r.point.words === words[0]);
    const keys = [...new Set(slow.map(key))];
    const growth = keys.map((k) => ({ op: k.split('|')[0] as BenchOp, d: at(slow, k, wMax) - at(slow, k, w2), spread: Math.max(...words.map((w) => at(slow, k, w))) - Math.min(...words.map((w) => at(slow, k, w))) }));
    const grows = queueOps.filter((op) => growth.some((g) => g.op === op) && growth.filter((g) => g.op === op).every((g) => g.d >= wMax - w2));
    const flat = queueOps.filter((op) => growth.some((g) => g.op === op) && !grows.includes(op));
    const perWord = growth.filter((g) => grows.includes(g.op)).map((g) => g.d / (wMax - w2));
    // What the copy does per word, measured: the instructions the transfer phase adds per UTCB word from w2 to wMax.
    const slopes = slow.filter((r) => grows.includes(r.figures.op) && r.point.words === wMax && phase(r, 'transfer')).flatMap((r) => {
      const shorter = sameCase(slow, r).find((x) => x.point.words === w2 && phase(x, 'transfer'));
      return shorter ? [(needPhase(r, 'transfer').instructions - needPhase(shorter, 'transfer').instructions) / (utcbWords(m, wMax) - utcbWords(m, w2))] : [];
    });
    const lo = slopes.length ? Math.min(...slopes) : 0;
    const hi = slopes.length ? Math.max(...slopes) : 0;
    const transferPerWord = slopes.length === 0 ? '' : ` (their \`transfer\` phase retires ${perWordNum(lo) === perWordNum(hi) ? perWordNum(lo) : `${perWordNum(lo)}-${perWordNum(hi)}`} more instructions a UTCB word)`;
    const growText = grows.length === 0 ? '' : `; ${listing(grows)} grow by ${perWord.length && Math.min(...perWord).toFixed(1) !== Math.max(...perWord).toFixed(1) ? `${Math.min(...perWord).toFixed(1)}-${Math.max(...perWord).toFixed(1)}` : Math.min(...perWord).toFixed(1)} cycles a word from ${w2} to ${wMax} words${transferPerWord}`;
    const flatText = flat.length === 0 ? '' : `, while ${listing(flat)}, which move no message at the measured call, vary by at most ${Math.max(...growth.filter((g) => flat.includes(g.op)).map((g) => g.spread))} cycles across the lengths`;
    bullets.push(`- **The slow path** (Send, Receive, everything in the queue run) costs ${span(at0.map(median))} cycles at ${words[0]} words with ${listing(fastStrategies.map((s) => STRATEGY[s]))}, every priority relation and placement${growText}${flatText}.`);
  }
  return bullets.join('\n') + '\n';
}

/** Under the priority table: Call/ReplyWait against priorities, and the reply by Send. */
function priorityNotes(res: BenchResults): string {
  const at = { placement: 'inter' as const, words: 0 };
  const rel = ['client-lower', 'equal', 'client-higher'] as const;
  const ipc = (['call', 'replywait'] as const).map((op) => rel.map((p) => median(row(res.rows, op, { ...at, strategy: 'fcse', priority: p }))));
  const same = ipc.every((v) => v.every((x) => x === v[0]));
  const ipcText = same
    ? `Call and ReplyWait cost the same at every priority relation (${listing([...new Set(ipc.map((v) => num(v[0]!)))])} cycles): the direct switch does not look at priorities.`
    : `Call and ReplyWait cost ${span(ipc.flat())} cycles across the priority relations.`;
  const send = (s: SwitchStrategy): number[] => rel.map((p) => median(row(res.rows, 'send', { ...at, strategy: s, priority: p })));
  const [lo, eq, hi] = send('fcse') as [number, number, number];
  const preempts = hi > Math.max(lo, eq);
  const sendText = preempts
    ? `A Send (the server's reply) to a client of higher priority costs ${num(hi)} cycles against ${lo === eq ? num(eq) : `${num(eq)} (equal) and ${num(lo)} (client lower)`}: the client preempts, so the call runs the scheduler and switches space and context; with the client lower or equal the server continues`
    : `A Send (the server's reply) costs ${num(hi)} cycles to a client of higher priority, ${num(eq)} to an equal one and ${num(lo)} to a lower one`;
  let flushText = '';
  if (res.matrix.strategies.includes('full')) {
    const [flo, feq, fhi] = send('full') as [number, number, number];
    flushText = ` (with a full flush between spaces: ${num(fhi)} against ${flo === feq ? num(feq) : `${num(feq)} and ${num(flo)}`}${fhi > Math.max(flo, feq) ? ', the switch flushing' : ''})`;
  }
  return `${ipcText} ${sendText}${flushText}.\n`;
}

/** `label:` in an assembler source: its instructions up to the first blank line, comments dropped. */
export function labelInstructions(source: string, label: string): string[] {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${label}:`);
  if (start < 0) throw new BenchDocError(`no label ${label}: in the kernel source`);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    const code = l.replace(/@.*$/, '').trim();
    if (code === '' || /^[\w.]+:/.test(code)) break;
    if (!code.startsWith('.')) out.push(code.replace(/\s+/g, ' '));
  }
  return out;
}

/** The null call and interrupt latency. `sysNull`: the instructions of sys_null (kernel/src/sched.S). */
function nullIrqNotes(res: BenchResults, sysNull: readonly string[]): string {
  const strategies = strategiesOf(res.matrix);
  const nulls = strategies.map((s) => row(res.rows, 'null', { strategy: s }));
  const ref = nulls.find((r) => r.point.strategy === 'fcse') ?? nulls[0]!;
  const b = ref.figures.breakdown;
  const kernel = b
    ? ` (${b.kernelInstructions} kernel instructions: ${listing(b.phases.filter((p) => p.instructions > 0).map((p) => `${p.instructions} in the ${p.phase}`))}; \`sys_null\` is ${listing(sysNull.map((i) => `\`${i}\``))})`
    : '';
  const nullText = `The null system call costs **${span(nulls.map(median))} cycles** hot${kernel}, ${span(nulls.map((r) => cold(r).median))} cold.`;

  const fastS = strategies.filter((s) => s !== 'full');
  const irq = (op: BenchOp, s: SwitchStrategy, pl?: 'intra' | 'inter'): OpRow[] => res.rows.filter((r) => r.figures.op === op && r.point.strategy === s && (pl === undefined || r.point.placement === pl));
  const fastIrq = fastS.flatMap((s) => irq('irq', s));
  const fastReply = fastS.flatMap((s) => irq('irq-reply', s));
  const flushed = (op: BenchOp): string => {
    if (!strategies.includes('full')) return '';
    const intra = irq(op, 'full', 'intra');
    const inter = irq(op, 'full', 'inter');
    const parts = [...(intra.length ? [`${span(intra.map(median))} within one space with a full flush`] : []), ...(inter.length ? [`${span(inter.map(median))} between spaces with it`] : [])];
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  const names = listing(fastS.map((s) => STRATEGY[s]));
  const dispatch = fastIrq.map((r) => needPhase(r, 'interrupt dispatch'));
  const pending = res.rows.filter((r) => r.figures.op === 'irq').map((r) => phase(r, 'interrupt pending')?.cycles ?? 0);
  const irqText = `Interrupt latency to the user-level handler is **${span(fastIrq.map(median))} cycles** hot with ${names}${flushed('irq')}, of which ${span(dispatch.map((p) => p.cycles))} cycles and ${span(dispatch.map((p) => p.instructions))} instructions are the kernel's dispatch (\`handle_irq\`, for line ${CCNT_IRQ_LINE}); the interrupt is pending for ${span(pending)} cycles before the exception is taken.`;
  const replyText = `The handler's reply to the next interrupt being delivered, back to back, costs ${span(fastReply.map(median))} cycles with ${names}${flushed('irq-reply')}.`;
  return `${nullText} ${irqText} ${replyText}\n`;
}

// ---- the cases furthest from the fast path, in words -------------------------------------------

/** What a phase is, as the page says it. */
const PHASE_WORDS: Readonly<Record<string, string>> = {
  'receive phase': 'the receive phase',
  'send phase': 'the send phase',
  schedule: 'the scheduler',
  resume: 'the full context restore of `kernel_resume`',
  'slow path': "the slow path's entry",
  'slow-path return': "the slow path's return",
  transfer: "the slow path's copy (`transfer`)",
  'interrupt entry': 'the interrupt entry',
  'interrupt dispatch': 'the interrupt dispatch',
  'flush (switch)': 'the flush of the switch',
};
/** How an operation of a far case is named in words. */
const OP_WORDS: Partial<Readonly<Record<BenchOp, string>>> = {
  'recv-queued-send': 'a Wait that takes a queued Send',
  'recv-queued-call': 'a Wait that takes a queued Call',
  'irq-reply': "the handler's reply and the next interrupt, back to back",
};
const utcbWords = (m: MatrixOptions, words: number | null): number => Math.max(0, (words ?? 0) - Math.max(0, m.registerMrs - 1));

/** "; 6 instructions more a UTCB word (…)" from a measured slope, or nothing. */
function perWordClause(w: { perWord: number; text: string } | undefined): string {
  return w ? `; ${perWordNum(w.perWord)} instruction${w.perWord === 1 ? '' : 's'} more a UTCB word: ${w.text}` : '';
}

/** Which operations took the fast path in the rows, as the page says it. */
function fastOpsText(rows: readonly OpRow[]): string {
  const ops = fastOps(rows);
  return ops.length === 0 ? 'no operation of the matrix took the fast path' : `of the matrix's operations only ${listing(ops)} took the fast path`;
}

/** The slow path's transfer against the fast path's copy, each by the instructions its phase adds per UTCB word in the rows. */
function transferContrast(c: FarCase, m: MatrixOptions, rows: readonly OpRow[]): string {
  const r = c.row;
  const slow = phaseInstructionsPerWord(rows, m, r, 'transfer');
  const ref = findRow(rows, 'call', { strategy: r.point.strategy, placement: r.point.placement ?? 'inter', words: r.point.words ?? 0, priority: 'equal' });
  const fast = ref && ref.figures.path === 'fast' ? phaseInstructionsPerWord(rows, m, ref, 'copy UTCB') : undefined;
  const slowText = slow ? `, ${perWordNum(slow.perWord)} instruction${slow.perWord === 1 ? '' : 's'} more a UTCB word (${slow.text})` : '';
  const fastText = fast ? `; the fast-path Call's \`copy UTCB\` phase adds ${perWordNum(fast.perWord)} instruction${fast.perWord === 1 ? '' : 's'} a word (${fast.text})` : '';
  return `${slowText}${fastText}`;
}

/** Why a case is far, by its dominant phase: the title and the reason, figures from its breakdown. */
/** Rows of the same case as `r` (run, operation, strategy, placement, priority) at other message lengths. */
function sameCase(rows: readonly OpRow[], r: OpRow): OpRow[] {
  return rows.filter((x) => x !== r && x.figures.op === r.figures.op && x.point.run === r.point.run && x.point.strategy === r.point.strategy && x.point.placement === r.point.placement && x.point.priority === r.point.priority && x.point.words !== null);
}

/**
 * How many more instructions `phaseName` retires per UTCB word: `r` against the longest shorter
 * message of the same case that also has UTCB words and the phase (undefined without one).
 */
export function phaseInstructionsPerWord(rows: readonly OpRow[], m: MatrixOptions, r: OpRow, phaseName: string): { perWord: number; text: string } | undefined {
  const p = phase(r, phaseName);
  const u = utcbWords(m, r.point.words);
  if (!p || u === 0) return undefined;
  const shorter = sameCase(rows, r)
    .filter((x) => utcbWords(m, x.point.words) > 0 && utcbWords(m, x.point.words) < u && phase(x, phaseName))
    .sort((a, b) => b.point.words! - a.point.words!)[0];
  if (!shorter) return undefined;
  const q = needPhase(shorter, phaseName);
  const perWord = (p.instructions - q.instructions) / (u - utcbWords(m, shorter.point.words));
  return { perWord, text: `${q.instructions} instructions at ${shorter.point.words} words, ${p.instructions} at ${r.point.words}` };
}
const perWordNum = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** The operations that took the fast path anywhere in the rows, in the page's order. */
function fastOps(rows: readonly OpRow[]): BenchOp[] {
  return [...new Set(rows.filter((r) => r.figures.path === 'fast').map((r) => r.figures.op))];
}

function farReason(c: FarCase, m: MatrixOptions, rows: readonly OpRow[]): { title: string; why: string; covers?: readonly string[] } {
  const r = c.row;
  const p = needPhase(r, c.phase);
  const u = utcbWords(m, r.point.words);
  const schedules = phase(r, 'schedule') !== undefined;
  switch (c.phase) {
    case 'transfer':
      return {
        title: 'A long message through the slow path',
        why: `the slow path's \`transfer\` copies the ${u} UTCB words (${p.instructions} instructions, ${num(p.cycles)} cycles in the phase)${transferContrast(c, m, rows)}`,
      };
    case 'interrupt dispatch':
      return {
        title: 'The interrupt path',
        why: `the reply and wait go through the ${r.figures.path} path (${fastOpsText(rows)}), and \`handle_irq\` dispatches line ${CCNT_IRQ_LINE} in ${p.instructions} instructions, ${num(p.cycles)} cycles${schedules ? `; the scheduler runs in the same IPC (${num(needPhase(r, 'schedule').cycles)} cycles)` : ''}`,
        covers: ['slow path', 'schedule'],
      };
    case 'receive phase':
      return {
        title: 'Receiving from the send queue',
        why: `the receive phase dequeues the caller${r.figures.op === 'recv-queued-call' ? " and runs its Call's receive phase (it now waits for the reply)" : ''}: ${p.instructions} instructions, ${num(p.cycles)} cycles in that phase alone${phase(r, 'transfer') ? `, and the transfer copies the ${u} UTCB words (${num(phase(r, 'transfer')!.cycles)} cycles${perWordClause(phaseInstructionsPerWord(rows, m, r, 'transfer'))})` : ''}`,
        covers: ['transfer'],
      };
    case 'flush (switch)':
      return {
        title: 'The flush of a full switch',
        why: `the switch to another space cleans and invalidates the caches and the TLB (${p.instructions} instructions, ${num(p.cycles)} cycles), and the refills show in the other phases (${r.figures.breakdown!.icacheMisses} I-cache and ${r.figures.breakdown!.dcacheMisses} D-cache misses)`,
      };
    default:
      return { title: `Most of it in ${c.phase}`, why: `${p.instructions} instructions, ${num(p.cycles)} cycles in that phase` };
  }
}

/** The furthest cases (FCSE) in words: a title, the case, why, and the next phases on top. */
function furthestWords(res: BenchResults, strategy: SwitchStrategy = 'fcse'): string {
  const cases = furthestCases(res.rows.filter((r) => r.point.strategy === strategy), res.rows);
  return cases.map((c, k) => {
    const r = c.row;
    const { title, why, covers = [] } = farReason(c, res.matrix, res.rows);
    const sender = r.point.run === 'queue' && r.point.priority !== 'equal' && r.point.priority !== null ? `, the sender of ${r.point.priority === 'client-higher' ? 'higher' : 'lower'} priority${r.point.priority === 'client-higher' && phase(r, 'schedule') ? ', so it preempts afterwards' : ''}` : '';
    const what = `${OP_WORDS[r.figures.op] ?? OP_TEXT[r.figures.op]}${r.point.words !== null ? ` of ${r.point.words} words` : ''}${sender}`;
    const others = (r.figures.breakdown?.phases ?? []).filter((p) => p.phase !== c.phase && PHASE_WORDS[p.phase] && !covers.includes(p.phase)).sort((a, b) => b.cycles - a.cycles).slice(0, 3);
    const top = others.length === 0 ? '' : `; on top come ${listing(others.map((p, i) => `${PHASE_WORDS[p.phase]} (${num(p.cycles)}${i === 0 ? ' cycles' : ''})`))}`;
    return `${k + 1}. **${title}** (${what}): ${why}${top}.`;
  }).join('\n') + '\n';
}

/** A full flush between spaces: how often the flush is the largest phase, and the worst case. */
function flushNote(res: BenchResults): string {
  if (!res.matrix.strategies.includes('full') || !res.matrix.placements.includes('inter')) return '';
  const inter = res.rows.filter((r) => r.point.strategy === 'full' && r.point.placement === 'inter' && (r.figures.breakdown?.phases.length ?? 0) > 0);
  const top = new Map<string, number>();
  for (const r of inter) {
    const p = r.figures.breakdown!.phases.reduce((a, x) => (x.cycles > a.cycles ? x : a)).phase;
    top.set(p, (top.get(p) ?? 0) + 1);
  }
  const flushTop = top.get('flush (switch)') ?? 0;
  const rest = [...top].filter(([p]) => p !== 'flush (switch)').sort((a, b) => b[1] - a[1]);
  const worst = inter.filter((r) => phase(r, 'flush (switch)')).sort((a, b) => needPhase(b, 'flush (switch)').cycles - needPhase(a, 'flush (switch)').cycles)[0];
  const worstText = worst
    ? `; the largest flush, ${num(needPhase(worst, 'flush (switch)').cycles)} of ${num(median(worst))} cycles, is in ${worst.figures.op} (${worst.point.label}), with ${worst.figures.breakdown!.icacheMisses} I-cache and ${worst.figures.breakdown!.dcacheMisses} D-cache misses`
    : '';
  const restText = rest.length === 0 ? '' : ` (in the others: ${listing(rest.map(([p, n]) => `${p} in ${n}`))})`;
  return `With a full flush between spaces the flush is the largest phase of ${flushTop === inter.length ? 'every one' : `${flushTop}`} of the ${inter.length} inter-space rows${restText}${worstText}.\n`;
}

/** Every sentence of the page from the full matrix's results, by marker name. */
export function benchSentences(res: BenchResults, sysNull: readonly string[]): Record<string, string> {
  return {
    run: runSentence(res, 'docs/benchmarks/'),
    setup: setupSentence(res.matrix),
    iterations: iterationSentence(res),
    overhead: overheadSentence(res),
    agreement: agreementSentence(res),
    handoff: handoffSentence(res),
    spread: spreadSentence(res),
    'length-notes': lengthNotes(res),
    'priority-notes': priorityNotes(res),
    'null-irq': nullIrqNotes(res, sysNull),
    'furthest-words': furthestWords(res),
    'flush-note': flushNote(res),
  };
}

// ---- the perturbed run ---------------------------------------------------------------------

/** The perturbed run against the unperturbed one (`base`, the same strategy and placement). */
export function perturbedSentences(res: BenchResults, base: BenchResults): Record<string, string> {
  const m = res.matrix;
  if (m.perturb.length === 0) throw new BenchDocError('the perturbed results have no perturbation');
  if (base.matrix.perturb.length > 0) throw new BenchDocError('the baseline results are perturbed');
  const strategy = m.strategies[0]!;
  const placement = m.placements[0]!;
  const at = (w: number): At => ({ strategy, placement, priority: 'equal', words: w });
  const words = [...m.words].sort((a, b) => a - b);
  const w0 = words[0]!;
  const wMax = words[words.length - 1]!;
  const ipc = res.rows.filter((r) => r.figures.op === 'call' || r.figures.op === 'replywait');
  const diffs = ipc.map((r) => Math.abs(median(r) - median(row(base.rows, r.figures.op, at(r.point.words!)))));
  const call = (set: BenchResults, w: number): number => median(row(set.rows, 'call', at(w)));
  const dirty = m.perturb.includes('dirty') ? ` (${PERTURB_DIRTY_LINES} dirty lines)` : '';
  const ipcText = `With the perturbation (${m.perturb.join(', ')}; seed ${m.seed}, ${m.hot} hot iterations, ${STRATEGY[strategy]}, ${placement === 'inter' ? 'between spaces' : 'within a space'}) the hot medians of Call and ReplyWait stay within ${Math.max(...diffs)} cycles of the unperturbed ones (Call: ${num(call(res, w0))} at ${w0} words against ${num(call(base, w0))}, ${num(call(res, wMax))} at ${wMax} against ${num(call(base, wMax))}), but their means rise to ${span(ipc.map((r) => hot(r).mean))} cycles and the worst cases to ${span(ipc.map((r) => hot(r).max))}: an IPC that an interrupt hits pays the interrupt entry, the perturbation thread's run${dirty} and its reply before the receiver gets its first instruction. Their cold figures scatter between ${num(Math.min(...ipc.map((r) => cold(r).min)))} and ${num(Math.max(...ipc.map((r) => cold(r).max)))}.`;
  const nul = row(res.rows, 'null', { strategy });
  const nulBase = row(base.rows, 'null', { strategy });
  const nullText = median(nul) === median(nulBase) && hot(nul).max === hot(nul).min
    ? `The null call is never hit (${num(median(nul))} cycles).`
    : `The null call keeps its median (${num(median(nul))} cycles, ${num(median(nulBase))} unperturbed) but reaches ${num(hot(nul).max)} (mean ${num(hot(nul).mean)}): an interrupt that rises between the two counter reads lands in the sample (one that rises in the kernel, which runs the call with interrupts masked, is taken as soon as the call returns, before the second read).`;
  const irq = row(res.rows, 'irq', { strategy, placement });
  const irqBase = row(base.rows, 'irq', { strategy, placement });
  const irqText = `Interrupt latency spreads from ${num(hot(irq).min)} to ${num(hot(irq).max)} cycles (median ${num(median(irq))}, unperturbed ${num(median(irqBase))}): the benchmark's interrupt waits behind the perturbation thread's whenever the two coincide${irqRunPriority(m, 'perturb') > irqRunPriority(m, 'handler') ? ' (that thread has the higher priority)' : ''}.`;
  return { 'perturbed-notes': `${ipcText} ${nullText} ${irqText}\n` };
}
