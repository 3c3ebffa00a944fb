// The report of the default scenario: for people (text) and for programs (--json).
import { isAbsolute, relative } from 'node:path';
import type { IpcReport } from '../checkers/report.ts';
import type { Comparison } from './comparison-cache.ts';
import { handoffJson } from '../checkers/summary.ts';
import { verdictText, windowsText } from '../checkers/verdict-text.ts';
import { DEFAULT_MAX_CYCLES, scenarioOf, type IpcScenarioOptions, type IpcScenarioResult } from '../scenarios/ipc-scenario.ts';
import { validateConfig, type HardwareConfig } from '../../rtl/config.ts';
import type { DesignRow } from '../scenarios/designs.ts';
import { PUBLISHED_LENGTHS, PUBLISHED_NOTES, PUBLISHED_ONE_WAY_IPC, publishedAt } from '../scenarios/published.ts';
import { whyText } from '../scenarios/why-text.ts';
import { describeScenario } from '../scenarios/scenario-file.ts';
import { fastPathMaxWords } from '../../kernel/abi.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** The hardware the run had: its options with the defaults filled in (rtl/config.ts). */
function hardwareOf(o: IpcScenarioOptions): HardwareConfig {
  return validateConfig(o.hardware ?? {});
}

/** '16 KB I- and 16 KB D-cache, 4-way, 64-entry main TLB, 0 RAM wait states': the hardware knobs of the run. */
export function hardwareText(o: IpcScenarioOptions): string {
  const h = hardwareOf(o);
  const kb = (b: number): string => `${b / 1024} KB`;
  const ways = h.icache.ways === h.dcache.ways ? `${h.icache.ways}-way` : `${h.icache.ways}-way I, ${h.dcache.ways}-way D`;
  const ws = h.memory.ramWaitStates;
  return `${kb(h.icache.sizeBytes)} I- and ${kb(h.dcache.sizeBytes)} D-cache, ${ways}, ${h.tlb.entries}-entry main TLB, ${ws} RAM wait state${ws === 1 ? '' : 's'}`;
}

/** The instruction set of each space's programs in the run: 'ARM user programs', or space by space when they differ. */
export function userIsaText(o: IpcScenarioOptions): string {
  const spaces = scenarioOf(o).spaces.map((sp) => ({ name: sp.name, isa: sp.isa ?? 'arm' }));
  const name = (isa: string): string => (isa === 'thumb' ? 'Thumb' : 'ARM');
  const isas = [...new Set(spaces.map((sp) => sp.isa))];
  return isas.length === 1 ? `${name(isas[0]!)} user programs` : `user programs: ${spaces.map((sp) => `${sp.name} ${name(sp.isa)}`).join(', ')}`;
}

/** Each space's instruction set, for --json. */
function userIsaJson(o: IpcScenarioOptions): Record<string, string> {
  return Object.fromEntries(scenarioOf(o).spaces.map((sp) => [sp.name, sp.isa ?? 'arm']));
}

/** Why no IPC took the fast path: the check of the kernel's fast path that these options fail. */
function slowPathReason(r: IpcScenarioResult): string {
  const calls = r.report.ipcs.filter((i) => i.trap === 'swi').length;
  if (calls === 0) return `no thread made a system call (the ${n(r.report.ipcs.length)} kernel windows were interrupts)`;
  const declined = [...r.declines].map(([check, count]) => `${check} (${n(count)})`);
  // Where the run's fast paths branched to the slow path, counted (fast-path-declines.ts); what the
  // options make of it is the kernel's model (fastPathMaxWords), said as that.
  const where = declined.length > 0 ? `the fast path declined at ${declined.join(', ')}` : `none of the ${n(calls)} system calls reached the fast path's checks`;
  const o = r.options;
  const max = fastPathMaxWords(o.registerMrs);
  const expected =
    max === undefined ? 'with 0 register MRs the kernel builds no fast path' : o.words > max ? `${o.words} untyped words exceed the fast path's limit of ${max} with ${o.registerMrs} register MRs` : o.strategy === 'full' ? "with 'full' switches the fast path does not cross address spaces" : undefined;
  return expected === undefined ? where : `${where}; as the kernel's build predicts: ${expected}`;
}

/** Why the run ended: the kernel's exit, the cycle limit (--max-cycles), or neither (the core halted). */
function runStop(r: IpcScenarioResult): 'exit' | 'cycle-limit' | 'halted' {
  if (r.exited) return 'exit';
  return r.cycles >= (r.options.maxCycles ?? DEFAULT_MAX_CYCLES) ? 'cycle-limit' : 'halted';
}

/** What hot and cold measure (hotAndCold): fast-path hand-offs, else any hand-offs, else every kernel window. */
function measuredClass(r: IpcScenarioResult): 'fast-path hand-offs' | 'hand-offs' | 'kernel windows' {
  if (r.fastPathIpcs > 0) return 'fast-path hand-offs';
  return r.report.ipcs.some((i) => i.kind === 'hand-off') ? 'hand-offs' : 'kernel windows';
}

/** How many IPCs of the measured class the run has: one means its "hot" figure is the cold one. */
function measuredCount(r: IpcScenarioResult): number {
  const measured = measuredClass(r);
  return { 'fast-path hand-offs': r.fastPathIpcs, 'hand-offs': r.report.ipcs.filter((i) => i.kind === 'hand-off').length, 'kernel windows': r.report.ipcs.length }[measured];
}

/** Where our figure at a published length came from: this run (at its own length) or a comparison run, and how many IPCs its hot figure is over. */
export interface PublishedSource {
  readonly run: 'this run' | 'a comparison run';
  /** The IPCs its hot figure is taken over (the fast-path ones, else every hand-off): one makes it the cold one. */
  readonly measured: number;
  /** What those IPCs are: fast-path IPCs, hand-offs (none on the fast path) or kernel windows (no hand-off). */
  readonly kind: 'fast-path IPC' | 'hand-off' | 'kernel window';
  /** The cycle at which --max-cycles stopped the run (undefined: it was not stopped). */
  readonly stoppedAt: number | undefined;
}

/** This run as the source of the published length it ran at. */
export function thisRunSource(r: IpcScenarioResult): PublishedSource {
  const kind = ({ 'fast-path hand-offs': 'fast-path IPC', 'hand-offs': 'hand-off', 'kernel windows': 'kernel window' } as const)[measuredClass(r)];
  return { run: 'this run', measured: measuredCount(r), kind, stoppedAt: runStop(r) === 'cycle-limit' ? r.cycles : undefined };
}

/** What the published line says of a figure that is not a hot one (one measured IPC). */
function publishedSourceNote(src: PublishedSource | undefined): string {
  if (!src || src.measured !== 1) return '';
  const stopped = src.stoppedAt === undefined ? '' : `, --max-cycles having stopped it at ${n(src.stoppedAt)} cycles`;
  return ` (${src.run === 'this run' ? "this run's" : "a comparison run's"} only ${src.kind}${stopped}: a cold figure, not hot)`;
}

function counters(i: IpcReport | undefined): Record<string, number> {
  return i ? { ...i.cost.counters } : {};
}

export function reportJson(r: IpcScenarioResult, why: readonly DesignRow[] = [], published: ReadonlyMap<number, number | undefined> = new Map(), comparison: Comparison = NO_COMPARISON, publishedFast: ReadonlyMap<number, boolean> = new Map(), publishedSource: ReadonlyMap<number, PublishedSource> = new Map()) {
  const hot = r.hot;
  return {
    scenario: r.options.scenario ? (r.options.scenarioFile ?? 'file') : 'pingpong',
    options: { registerMrs: r.options.registerMrs, words: r.options.words, strategy: r.options.strategy, design: r.options.design ?? 'l4', rounds: r.options.rounds, userIsa: userIsaJson(r.options), maxCycles: r.options.maxCycles ?? DEFAULT_MAX_CYCLES, hardware: r.options.hardware ?? {} },
    run: { cycles: r.cycles, instructions: r.retired, seconds: Number(r.seconds.toFixed(3)), cyclesPerSecond: Math.round(r.cycles / r.seconds), exited: r.exited, stop: runStop(r), kernelExit: r.outcome.kernelExit, uart: r.uart },
    programs: r.outcome.programs,
    faults: r.outcome.faults,
    problems: r.outcome.problems,
    ipc: {
      /** What hot and cold are measured over. */
      measured: measuredClass(r),
      oneWayHotCycles: r.hotCycles ?? null,
      oneWayColdCycles: r.coldCycles ?? null,
      fastPath: r.fastPathIpcs > 0 && hot?.path === 'fast',
      fastPathIpcs: r.fastPathIpcs,
      /** Where the fast path branched to the slow path: the check's symbol and how often (fast-path-declines.ts). */
      fastPathDeclines: Object.fromEntries(r.declines),
      ipcs: r.report.ipcs.length,
      hotPhases: hot ? hot.cost.phases.map((p) => ({ phase: p.phase, cycles: p.cycles, instructions: p.instructions })) : [],
      hotKernelInstructions: hot?.cost.kernelInstructions ?? null,
      hotFootprint: hot ? { iLines: hot.cost.iLines, iPages: hot.cost.iPages, dLines: hot.cost.dLines, dPages: hot.cost.dPages } : null,
    },
    handoff: handoffJson(r.report),
    cache: { hot: pick(counters(hot), ['icacheHits', 'icacheMisses', 'dcacheHits', 'dcacheMisses', 'dcacheWritebacks']), cold: pick(counters(r.cold), ['icacheHits', 'icacheMisses', 'dcacheHits', 'dcacheMisses', 'dcacheWritebacks']) },
    tlb: { hot: pick(counters(hot), ['itlbMisses', 'dtlbMisses', 'tlbWalks']), cold: pick(counters(r.cold), ['itlbMisses', 'dtlbMisses', 'tlbWalks']) },
    why,
    /** How many runs are behind `why` and `published`, and whether they were reused from the cache file (made by an earlier run with the same sources and options). */
    comparisonRuns: { runs: comparison.runs, reused: comparison.reused, cacheFile: comparison.file ?? null },
    published: { figures: PUBLISHED_ONE_WAY_IPC, ours: Object.fromEntries([...published].map(([w, c]) => [w, c ?? null])), oursFastPath: Object.fromEntries([...publishedFast]), oursFrom: Object.fromEntries([...publishedSource]) },
    vcd: r.vcd ? { path: r.vcd.path, bytes: r.vcd.bytes, fromCycle: r.vcd.from, toCycle: r.vcd.to, ipc: r.vcd.ipc, why: r.vcd.why, recheckedFromVcd: r.vcd.agrees, passes: r.vcd.passes } : null,
    gtkw: r.gtkw ?? null,
  };
}

const NO_COMPARISON: Comparison = { rows: [], runs: 0, reused: false };

/** Where the comparison rows came from, when a cache file was read or written (else nothing to say). */
function comparisonProvenance(c: Comparison): string | undefined {
  if (c.runs === 0 || c.file === undefined) return undefined;
  const shown = relative(process.cwd(), c.file);
  const file = shown.startsWith('..') || isAbsolute(shown) ? c.file : shown;
  const what = `Comparison runs (the designs and published lengths above): ${c.runs}`;
  return c.reused
    ? `${what}, reused from ${file}, made by an earlier npm start with the same sources and options (--fresh runs them again).`
    : `${what}, made now and kept in ${file} for the next npm start with the same sources and options.`;
}

function pick(o: Record<string, number>, keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) if (k in o) out[k] = o[k]!;
  return out;
}

export function formatReport(r: IpcScenarioResult, why: readonly DesignRow[] = [], published: ReadonlyMap<number, number | undefined> = new Map(), comparison: Comparison = NO_COMPARISON, publishedFast: ReadonlyMap<number, boolean> = new Map(), publishedSource: ReadonlyMap<number, PublishedSource> = new Map()): string {
  const o = r.options;
  const hot = r.hot;
  const L: string[] = [];
  L.push('handoff: why L4 IPC on ARM is fast, clock by clock');
  L.push('');
  L.push(o.scenario ? `Scenario (from a file): ${describeScenario(o.scenario)}; ${userIsaText(o)};` : `Scenario: L4 ping-pong, ${describeScenario(scenarioOf(o))}, ${o.rounds} round${o.rounds === 1 ? '' : 's'}; ${o.words} untyped words per message; ${userIsaText(o)};`);
  L.push(`${o.registerMrs} message registers in core registers, ${o.strategy} address-space switch; ARM926 RTL model (5-stage pipeline, MMU; ${hardwareText(o)})`);
  const stopped = runStop(r) === 'cycle-limit' ? ` (stopped at the cycle limit, ${n(o.maxCycles ?? DEFAULT_MAX_CYCLES)}: --max-cycles)` : ' (the core halted)';
  const exit = { clean: 'exited cleanly', error: 'EXITED WITH AN ERROR', none: `DID NOT EXIT${stopped}` }[r.outcome.kernelExit];
  L.push(`Run: ${n(r.cycles)} cycles, ${n(r.retired)} instructions, ${r.seconds.toFixed(2)} s (${n(Math.round(r.cycles / r.seconds))} simulated cycles/s); kernel ${exit}`);
  L.push(`Program output: ${r.uart.trim().split('\n').join(' | ')}`);
  const programs = r.outcome.programs.map((p) => `${p.program} ${p.verdict}`).join(', ');
  L.push(`Programs: ${programs || 'none reported a verdict'}${r.outcome.ok ? '' : `; PROBLEMS: ${r.outcome.problems.join('; ')}`}`);
  L.push('');
  L.push('One-way IPC (the sender\'s SWI retiring -> the receiver\'s first user instruction retiring):');
  const measured = measuredClass(r);
  const handOffs = r.report.ipcs.filter((i) => i.kind === 'hand-off').length;
  const over = { 'fast-path hand-offs': '', 'hand-offs': ` of the ${n(handOffs)} hand-offs, all on the slow path`, 'kernel windows': ` of the ${n(r.report.ipcs.length)} kernel windows, none a hand-off` }[measured];
  // With one measured IPC the 'hot' one is the cold one: say so rather than call a first run hot.
  const count = { 'fast-path hand-offs': r.fastPathIpcs, 'hand-offs': handOffs, 'kernel windows': r.report.ipcs.length }[measured];
  const alone = count === 1 ? `; the only ${measured === 'fast-path hand-offs' ? 'fast-path IPC' : measured === 'hand-offs' ? 'hand-off' : 'kernel window'}, so not hot: the cold one` : '';
  const first = { 'fast-path hand-offs': 'fast-path IPC', 'hand-offs': 'hand-off', 'kernel windows': 'kernel window' }[measured];
  L.push(`  hot  (median of the second half${over}${alone}): ${r.hotCycles ?? '-'} cycles${hot ? `, ${hot.cost.kernelInstructions} kernel instructions${hot.kind === 'hand-off' ? `, ${hot.path} path` : ''}` : ''}`);
  L.push(`  cold (first ${first}):${' '.repeat(Math.max(1, 20 - first.length))}${r.coldCycles ?? '-'} cycles`);
  for (const line of windowsText(r.report)) L.push(`  ${line}`);
  if (r.fastPathIpcs === 0) L.push(`  NO fast-path IPC: ${slowPathReason(r)}`);
  if (hot) {
    L.push('');
    L.push('Where the cycles of the hot IPC go:');
    for (const p of hot.cost.phases) L.push(`  ${p.phase.padEnd(18)} ${String(p.cycles).padStart(4)} cycles  ${String(p.instructions).padStart(3)} instructions`);
    const c = hot.cost.counters;
    L.push('');
    L.push(`Memory per hot IPC: I-cache ${c.icacheHits ?? 0} hits / ${c.icacheMisses ?? 0} misses, D-cache ${c.dcacheHits ?? 0} hits / ${c.dcacheMisses ?? 0} misses,`);
    L.push(`  TLB misses I ${c.itlbMisses ?? 0} / D ${c.dtlbMisses ?? 0}, table walks ${c.tlbWalks ?? 0}; touched ${hot.cost.iLines} I-lines in ${hot.cost.iPages} pages, ${hot.cost.dLines} D-lines in ${hot.cost.dPages} pages`);
    const cc = r.cold?.cost.counters ?? {};
    L.push(`  (cold: I-cache misses ${cc.icacheMisses ?? 0}, D-cache misses ${cc.dcacheMisses ?? 0}, table walks ${cc.tlbWalks ?? 0})`);
  }
  L.push('');
  for (const line of verdictText(r.report, o.registerMrs)) L.push(line);
  L.push('');
  if (why.length > 0) {
    for (const line of whyText(why, { words: o.words, registerMrs: o.registerMrs, strategy: o.strategy })) L.push(line);
    L.push('');
  }
  // The published figures stand beside the built-in ping-pong's message lengths only.
  if (!o.scenario) {
    // Where each of our figures comes from: this run at its own length, the others from comparison runs.
    const own = PUBLISHED_LENGTHS.filter((w) => publishedSource.get(w)?.run === 'this run');
    const fromRuns = own.length === 0 ? '' : `; at ${own.join(' and ')} words this run's own figure, at the other lengths comparison runs'`;
    L.push(`Published one-way IPC beside ours, like for like (hot; the same message length; the l4 design on this model${fromRuns}):`);
    for (const words of PUBLISHED_LENGTHS) {
      const ours = published.get(words);
      const theirs = publishedAt(words).map((p) => `${p.system} on ${p.cpu} ${p.cycles} (${p.condition})`);
      // The published figures are fast paths: a figure of ours that is not says so.
      const slow = ours !== undefined && publishedFast.get(words) === false ? ' (no fast-path IPC: the general path)' : '';
      L.push(`  ${`${words} words:`.padEnd(10)} this model ${ours ?? '-'} cycles${slow}${ours === undefined ? '' : publishedSourceNote(publishedSource.get(words))} | ${theirs.join(' | ')}`);
    }
    L.push('  where they come from and what differs:');
    for (const src of [...new Set(PUBLISHED_ONE_WAY_IPC.map((p) => `${p.system}: ${p.source}`))]) L.push(`    ${src}`);
    for (const note of PUBLISHED_NOTES) L.push(`    (${note})`);
    for (const d of [...new Set(PUBLISHED_ONE_WAY_IPC.map((p) => p.differs))]) L.push(`    ${d}`);
    L.push(`    this model: ARM926EJ-S class, 5-stage pipeline, ${hardwareText(o)}, ${o.strategy} switch, ${o.registerMrs} register MRs, ${userIsaText(o)}; cycles from the sender's SWI retiring to the receiver's first instruction retiring`);
    L.push('');
  }
  const kept = comparisonProvenance(comparison);
  if (kept !== undefined) {
    L.push(kept);
    L.push('');
  }
  if (r.vcd) {
    L.push(`Waveform: ${r.vcd.path} (${n(r.vcd.bytes)} bytes, cycles ${r.vcd.from}..${r.vcd.to - 1}: IPC ${r.vcd.ipc}, ${r.vcd.why}, with up to ${o.margin ?? 40} cycles either side)`);
    // The rules' result for that IPC; a window that is not judged (a slow-path hand-off, no hand-off) does not count in the verdict.
    const shown = r.report.ipcs[r.vcd.ipc];
    const uncounted = shown && !shown.judged ? `; not counted in the verdict: ${shown.kind === 'hand-off' ? `a ${shown.path}-path hand-off` : 'no hand-off'}` : '';
    L.push(`  re-checked from the VCD alone: ${r.vcd.agrees ? 'the same report for that IPC' : 'DISAGREES with the online checkers'} (${r.vcd.verdict}${uncounted})`);
  }
  if (r.gtkw) {
    // The markers handoff-view.ts writes for the IPC shown: its trap, each phase that starts after the trap (26 markers in all at most), its resume.
    const shownIpc = r.vcd ? r.report.ipcs[r.vcd.ipc] : undefined;
    const starts = Math.min(24, shownIpc ? shownIpc.cost.phases.filter((p) => p.startCycle !== shownIpc.trapCycle).length : 0);
    L.push(`GTKWave view: ${r.gtkw} (markers at the trap, ${starts === 0 ? 'no phase start' : `${starts} phase start${starts === 1 ? '' : 's'}`} and the resume of IPC ${r.vcd?.ipc ?? '-'})`);
  }
  if (r.vcd) L.push(`Open it with:  gtkwave ${r.vcd.path}${r.gtkw ? ` ${r.gtkw}` : ''}`);
  return L.join('\n');
}
