// The benchmark's tables: a summary in the shape of L4Re's page (intra-space IPC, inter-space IPC,
// system call, one row per system) with the published figures beside ours, one table per operation
// in the shape of sel4bench's output (a row per case; min, median, mean, max and standard deviation,
// hot and cold; the checkers' figure and the counter's difference from it), and the cases furthest
// from the kernel's own fast path with the checkers' phase breakdown. Markdown and CSV.
import type { SwitchStrategy } from '../../kernel/abi.ts';
import { PUBLISHED, type PublishedFigure } from '../scenarios/published.ts';
import { csvCell } from '../studies/csv.ts';
import { BENCH_OPS, OP_TEXT, type BenchOp } from './measure/ops.ts';
import type { Distribution } from './measure/stats.ts';
import { agrees, findRow, type OpRow } from './rows.ts';

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : String(v));
const distCells = (d: Distribution | null): string[] => (d ? [d.min, d.median, d.mean, d.max, d.stddev].map(String) : ['-', '-', '-', '-', '-']);

/** `text`: the columns that hold text (left-aligned); the others are numbers. */
function mdTable(head: readonly string[], rows: readonly (readonly string[])[], text: readonly number[] = [0]): string {
  const align = head.map((_, i) => (text.includes(i) ? '---' : '---:'));
  return [`| ${head.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

const STRATEGY_NAME: Readonly<Record<SwitchStrategy, string>> = { full: 'full flush (ARMv5)', fcse: 'FCSE PID + domains', asid: 'ASID-tagged TLB' };

/** The headline figure: hot median, 0 words (or none), equal priority. */
function headline(rows: readonly OpRow[], op: BenchOp, strategy: SwitchStrategy, placement: 'intra' | 'inter' | null): string {
  const r = findRow(rows, op, { strategy, ...(placement ? { placement } : {}), ...(op === 'call' ? { words: 0, priority: 'equal' as const } : {}) });
  return fmt(r?.figures.hot?.median);
}

/** L4Re's shape: a row per system, columns IPC intra, IPC inter, syscall (and interrupt latency). */
export function summaryTable(rows: readonly OpRow[]): string {
  const strategies = [...new Set(rows.map((r) => r.point.strategy))];
  const ours = strategies.map((s) => [`this model (ARM926EJ-S class), ${STRATEGY_NAME[s]}`, headline(rows, 'call', s, 'intra'), headline(rows, 'call', s, 'inter'), headline(rows, 'null', s, null), headline(rows, 'irq', s, 'inter')]);
  const systems = [...new Set(PUBLISHED.map((p) => `${p.system}|${p.cpu}`))];
  const at = (key: string, c: PublishedFigure['case']): string => fmt(PUBLISHED.find((p) => `${p.system}|${p.cpu}` === key && p.case === c && p.words === 0)?.cycles);
  const theirs = systems.map((key) => [`${key.replace('|', ' on ')} (published)`, at(key, 'ipc-intra'), at(key, 'ipc-inter'), at(key, 'null-syscall'), '-']);
  return mdTable(['system', 'IPC intra', 'IPC inter', 'syscall', 'interrupt latency'], [...ours, ...theirs]);
}

/** Published one-way inter-space IPC beside ours at the same message length (Call, fcse and asid). */
export function publishedTable(rows: readonly OpRow[]): string {
  const lines = PUBLISHED.filter((p) => p.case !== 'null-syscall').map((p) => {
    const placement = p.case === 'ipc-intra' ? 'intra' : 'inter';
    const ours = (s: SwitchStrategy): string => fmt(findRow(rows, 'call', { strategy: s, placement, words: p.words, priority: 'equal' })?.figures.hot?.median);
    return [`${p.system} on ${p.cpu}`, placement, String(p.words), String(p.cycles), ours('fcse'), ours('asid'), p.condition];
  });
  for (const p of PUBLISHED.filter((x) => x.case === 'null-syscall')) lines.push([`${p.system} on ${p.cpu}`, 'syscall', '-', String(p.cycles), headline(rows, 'null', 'fcse', null), headline(rows, 'null', 'asid', null), p.condition]);
  return mdTable(['published', 'case', 'words', 'their cycles', 'ours, fcse', 'ours, asid', 'their condition'], lines, [0, 1, 6]);
}

/** The path of a table row from every length it has: one name when all agree, else each path with its lengths. */
function pathsOf(cells: readonly (readonly [number, OpRow | undefined])[]): string {
  const by = new Map<string, number[]>();
  for (const [w, r] of cells) if (r) by.set(r.figures.path, [...(by.get(r.figures.path) ?? []), w]);
  if (by.size === 0) return '-';
  if (by.size === 1) return [...by.keys()][0]!;
  return [...by].map(([p, ws]) => `${p} at ${ws.join(', ')} words`).join('; ');
}

/** Hot median against message length: a row per strategy and placement (equal priorities). */
export function lengthTable(rows: readonly OpRow[], op: BenchOp): string {
  const mine = rows.filter((r) => r.figures.op === op && r.point.priority === 'equal' && r.point.words !== null);
  const words = [...new Set(mine.map((r) => r.point.words!))].sort((a, b) => a - b);
  const keys = [...new Set(mine.map((r) => `${r.point.strategy}|${r.point.placement}`))];
  if (mine.length === 0) return '';
  const body = keys.map((k) => {
    const [strategy, placement] = k.split('|');
    const at = (w: number): OpRow | undefined => mine.find((r) => r.point.words === w && r.point.strategy === strategy && r.point.placement === placement);
    return [`${strategy}, ${placement}-space`, pathsOf(words.map((w) => [w, at(w)] as const)), ...words.map((w) => fmt(at(w)?.figures.hot?.median))];
  });
  return mdTable(['strategy, placement', 'path', ...words.map((w) => `${w} words`)], body, [0, 1]);
}

const PRIORITY_STRATEGY_TEXT: Readonly<Record<SwitchStrategy, string>> = { fcse: 'FCSE', asid: 'ASID', full: 'full flush' };
const PRIORITY_ORDER: readonly SwitchStrategy[] = ['fcse', 'asid', 'full'];
const PLACEMENT_ORDER = ['inter', 'intra'] as const;
const priorityRuns = (r: OpRow): boolean => r.point.run === 'queue' || r.point.run === 'pingpong';

/** The strategy and placement the priority table shows: FCSE between spaces when the run measured it, else the first the rows have (none: undefined). */
export function priorityTableAt(rows: readonly OpRow[]): { strategy: SwitchStrategy; placement: 'intra' | 'inter' } | undefined {
  const at0 = rows.filter((r) => priorityRuns(r) && r.point.words === 0 && r.point.priority !== null);
  for (const strategy of PRIORITY_ORDER) for (const placement of PLACEMENT_ORDER) if (at0.some((r) => r.point.strategy === strategy && r.point.placement === placement)) return { strategy, placement };
  return undefined;
}

/** The priority section's heading, naming what its table holds. */
export function priorityHeading(rows: readonly OpRow[]): string {
  const at = priorityTableAt(rows);
  return at ? `## By priority (hot median, 0 words, ${PRIORITY_STRATEGY_TEXT[at.strategy]}, ${at.placement === 'inter' ? 'between address spaces' : 'within an address space'})` : '## By priority (hot median, 0 words)';
}

/** The priority section's body: the table, or why the run has none. */
export function prioritySection(rows: readonly OpRow[]): string {
  const at = priorityTableAt(rows);
  if (at) return priorityTable(rows, at.strategy, at.placement);
  const runs = rows.filter(priorityRuns);
  if (runs.length === 0) return `No table: this run measured neither the pingpong nor the queue run (runs: ${[...new Set(rows.map((r) => r.point.run))].join(', ') || 'none'}).\n`;
  return `No table: this run measured no 0-word message in the pingpong or queue run (lengths: ${[...new Set(runs.map((r) => r.point.words))].sort((a, b) => (a ?? -1) - (b ?? -1)).join(', ')}).\n`;
}

/** The queue run's operations by priority relation (0 words): hot median, and who ran next. */
export function priorityTable(rows: readonly OpRow[], strategy: SwitchStrategy, placement: 'intra' | 'inter'): string {
  const ops = [...new Set(rows.filter((r) => r.point.run === 'queue' || r.point.run === 'pingpong').map((r) => r.figures.op))];
  const relations = ['client-lower', 'equal', 'client-higher'] as const;
  const body = ops.map((op) => [op, ...relations.map((p) => fmt(findRow(rows, op, { strategy, placement, priority: p, words: 0 })?.figures.hot?.median))]);
  return ops.length === 0 ? '' : mdTable(['operation', 'client lower', 'equal', 'client higher'], body);
}

const CASE_HEAD = ['placement', 'priority', 'strategy', 'words', 'path'];
const DIST_HEAD = (what: string): string[] => ['min', 'median', 'mean', 'max', 'stddev'].map((m) => `${what} ${m}`);

/** sel4bench's shape: one table per operation, a row per case. */
export function operationTables(rows: readonly OpRow[]): string {
  const parts: string[] = [];
  for (const op of BENCH_OPS) {
    const mine = rows.filter((r) => r.figures.op === op);
    if (mine.length === 0) continue;
    const body = mine.map((r) => [
      r.point.placement ?? '-', r.point.priority ?? '-', r.point.strategy, fmt(r.point.words), r.figures.path,
      ...distCells(r.figures.hot), ...distCells(r.figures.cold),
      fmt(r.figures.checkerHot?.median), fmt(r.figures.checkerCold?.median),
      r.figures.deviationMin === null ? '-' : `${r.figures.deviationMin}..${r.figures.deviationMax}`, r.figures.handoff,
    ]);
    parts.push(`### ${op}\n\n${OP_TEXT[op]}.\n\n${mdTable([...CASE_HEAD, ...DIST_HEAD('hot'), ...DIST_HEAD('cold'), 'checkers hot', 'checkers cold', 'counter - checkers', 'hand-off'], body, [0, 1, 2, 4, 20])}`);
  }
  return parts.join('\n');
}

/** The reference of a row: the fast-path Call at the same message length and placement (FCSE, equal priorities). */
function reference(rows: readonly OpRow[], r: OpRow): OpRow | undefined {
  return findRow(rows, 'call', { strategy: 'fcse', placement: r.point.placement ?? 'inter', words: r.point.words ?? 0, priority: 'equal' });
}

export interface FarCase {
  readonly row: OpRow;
  readonly reference: number;
  /** The path the reference Call took in the run (the fast path unless the design or the options have none). */
  readonly referencePath: string;
  readonly excess: number;
  /** The phase with the most cycles in the median hot sample: why it is far. */
  readonly phase: string;
}

/**
 * The cases of `rows` furthest from the kernel's own fast path (hot median minus the fast-path
 * Call's at the same length and placement, found in `all`), one per dominant phase: the worst case
 * of each reason, the worst reasons first.
 */
export function furthestCases(rows: readonly OpRow[], all: readonly OpRow[] = rows, count = 3): FarCase[] {
  const byPhase = new Map<string, FarCase>();
  for (const r of rows) {
    const refRow = reference(all, r);
    const ref = refRow?.figures.hot?.median;
    const hot = r.figures.hot?.median;
    const phases = r.figures.breakdown?.phases ?? [];
    if (ref === undefined || hot === undefined || phases.length === 0) continue;
    const phase = phases.reduce((a, p) => (p.cycles > a.cycles ? p : a)).phase;
    const c: FarCase = { row: r, reference: ref, referencePath: refRow!.figures.path, excess: hot - ref, phase };
    const best = byPhase.get(phase);
    if (!best || c.excess > best.excess) byPhase.set(phase, c);
  }
  return [...byPhase.values()].sort((a, b) => b.excess - a.excess).slice(0, count);
}

export function furthestTable(cases: readonly FarCase[]): string {
  const parts = cases.map((c, k) => {
    const r = c.row;
    const b = r.figures.breakdown!;
    const phases = b.phases.map((p) => `${p.phase} ${p.cycles} (${p.instructions} instr.)`).join(', ');
    return `${k + 1}. **${r.figures.op}, ${r.point.label}**: ${r.figures.hot!.median} cycles hot against ${c.reference} for the ${c.referencePath === 'fast' ? 'fast-path Call' : `Call (on its ${c.referencePath} path)`} at the same length and placement (+${c.excess}, ${(r.figures.hot!.median / c.reference).toFixed(1)}x); most of it in *${c.phase}*. Checkers' phases of the median hot sample: ${phases}; ${b.kernelInstructions} kernel instructions, ${b.icacheMisses} I-cache and ${b.dcacheMisses} D-cache misses, ${b.tlbWalks} table walks.`;
  });
  return parts.join('\n') + '\n';
}

/** How well the counter agrees with the checkers, and the read overhead it subtracts. */
export function agreementText(rows: readonly OpRow[], perturbed: boolean): string {
  const dev = rows.flatMap((r) => (r.figures.deviationMin === null ? [] : [r.figures.deviationMin, r.figures.deviationMax!]));
  const over = [...new Set(rows.map((r) => r.overhead))].sort((a, b) => a - b);
  const bad = rows.filter((r) => !agrees(r));
  return `Counter-read overhead (two back-to-back reads, subtracted): ${over.join(', ')} cycles. Counter minus checkers over every measured sample: ${dev.length ? `${Math.min(...dev)}..${Math.max(...dev)}` : '-'} cycles; ${bad.length === 0 ? 'every case within the read overhead' : `${bad.length} cases outside the read overhead${perturbed ? ' (perturbed: interrupts between the reads are counted by the counter only when they fall outside the windows)' : ''}`}.\n`;
}

const CSV_HEAD = ['run', 'op', 'placement', 'priority', 'strategy', 'words', 'path', 'handoff', 'overhead',
  ...['hot', 'cold', 'checker_hot', 'checker_cold'].flatMap((w) => ['n', 'min', 'median', 'mean', 'max', 'stddev'].map((m) => `${w}_${m}`)), 'deviation_min', 'deviation_max', 'hash'];

export function toCsv(rows: readonly OpRow[]): string {
  const d = (x: Distribution | null): string[] => (x ? [x.n, x.min, x.median, x.mean, x.max, x.stddev].map(String) : ['', '', '', '', '', '']);
  const body = rows.map((r) => [
    r.point.run, r.figures.op, r.point.placement ?? '', r.point.priority ?? '', r.point.strategy, r.point.words === null ? '' : String(r.point.words), r.figures.path, r.figures.handoff, String(r.overhead),
    ...d(r.figures.hot), ...d(r.figures.cold), ...d(r.figures.checkerHot), ...d(r.figures.checkerCold),
    r.figures.deviationMin === null ? '' : String(r.figures.deviationMin), r.figures.deviationMax === null ? '' : String(r.figures.deviationMax), r.hash,
  ]);
  return [CSV_HEAD, ...body].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
