// docs/WHY.md: each claim of the post against the IPC design that drops it, every figure computed
// here from the committed study results (docs/studies/<study>/results.json) and written between the
// page's <!-- why:NAME --> markers. The prose around the markers carries no figures.
import { IPC_DESIGNS, type IpcDesign } from '../../kernel/abi.ts';
import { validateConfig, type PartialConfig } from '../../rtl/config.ts';

/** One study's results as committed: its rows (knob values and metrics, flat) and the commit that computed them. */
export interface StudyTable {
  readonly name: string;
  readonly commit: string;
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

export class WhyError extends Error {
  override readonly name = 'WhyError';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A study's results.json (parsed): validated enough to name the field that is missing. */
export function studyTable(raw: unknown, where: string): StudyTable {
  if (!isRecord(raw)) throw new WhyError(`${where}: expected an object`);
  const study = raw['study'];
  const source = raw['source'];
  const rows = raw['rows'];
  if (!isRecord(study) || typeof study['name'] !== 'string') throw new WhyError(`${where}: study.name missing`);
  if (!isRecord(source) || typeof source['commit'] !== 'string') throw new WhyError(`${where}: source.commit missing`);
  if (!Array.isArray(rows) || !rows.every(isRecord)) throw new WhyError(`${where}: rows: expected an array of objects`);
  return { name: study['name'], commit: source['commit'], rows };
}

type Key = Readonly<Record<string, string | number>>;

/** The row with these knob values, and its metrics (a missing row or metric is an error naming it). */
function at(t: StudyTable, key: Key): (metric: string) => number {
  const row = t.rows.find((r) => Object.entries(key).every(([k, v]) => r[k] === v));
  const what = `${t.name}: ${Object.entries(key).map(([k, v]) => `${k} ${v}`).join(', ')}`;
  if (!row) throw new WhyError(`${what}: no such row`);
  return (metric) => {
    const v = row[metric];
    if (typeof v !== 'number') throw new WhyError(`${what}: ${metric} is ${JSON.stringify(v)}, not a number`);
    return v;
  };
}

/** The study point a row was computed from (its registerMrs and hardware). */
function pointOf(t: StudyTable, key: Key): { registerMrs: number; hardware: PartialConfig } {
  const row = t.rows.find((r) => Object.entries(key).every(([k, v]) => r[k] === v));
  const p = row?.['point'];
  if (!isRecord(p) || typeof p['registerMrs'] !== 'number' || !isRecord(p['hardware'])) {
    throw new WhyError(`${t.name}: the row for ${JSON.stringify(key)} has no point with registerMrs and hardware`);
  }
  return { registerMrs: p['registerMrs'], hardware: p['hardware'] as PartialConfig };
}

const signed = (d: number): string => (d > 0 ? `+${d}` : `${d}`);
const times = (a: number, b: number): string => `${(a / b).toFixed(1)}x`;
const perWord = (from: number, to: number, words: number): string => ((to - from) / words).toFixed(2);

/** The phases of a hot IPC in the study's metrics, with the page's names for them. */
const PHASES: readonly [string, string][] = [
  ['hotEntryCycles', 'entry'],
  ['hotCheckCycles', 'fast-path checks'],
  ['hotMessageCycles', 'message'],
  ['hotExitCycles', 'switch and exit'],
  ['hotSlowCycles', 'slow path'],
];

function phaseDelta(l4: (m: string) => number, other: (m: string) => number): string {
  const parts = PHASES.map(([m, name]) => [name, other(m) - l4(m)] as const).filter(([, d]) => d !== 0);
  return parts.length === 0 ? 'no phase differs' : parts.map(([n, d]) => `${n} ${signed(d)}`).join(', ');
}

const CLAIMS: readonly [string, string][] = [
  ['claimRegisterMrs', 'register MRs left in place'],
  ['claimUtcbDirect', 'UTCB words copied directly'],
  ['claimDelivered', 'message delivered'],
  ['claimNoRemap', 'no remapping'],
];

function brokenClaims(m: (metric: string) => number): string {
  const broken = CLAIMS.filter(([k]) => m(k) === 0).map(([, name]) => name);
  return broken.length === 0 ? 'none' : broken.join('; ');
}

export interface WhyStudies {
  readonly designs: StudyTable;
  readonly footprint: StudyTable;
  readonly footprintTlb: StudyTable;
}

/** The message length the page's headline figures use, and the lengths for per-word slopes. */
const WORDS = 8;
const LONG = 63;

export function whyBlocks(s: WhyStudies): Record<string, string> {
  const d = (design: IpcDesign, words: number, strategy = 'fcse'): ((m: string) => number) => at(s.designs, { design, words, strategy });
  const l4 = d('l4', WORDS);
  const hot = (design: IpcDesign, words = WORDS, strategy = 'fcse'): number => d(design, words, strategy)('hotCycles');
  const vsL4 = (design: IpcDesign): string => `${hot(design)} cycles against l4's ${hot('l4')} (${signed(hot(design) - hot('l4'))}; by phase: ${phaseDelta(l4, d(design, WORDS))})`;
  const short = (c: string): string => c.slice(0, 7);
  const blocks: Record<string, string> = {};

  // The conditions of the headline row, read from its point (hardware defaults filled in).
  const point = pointOf(s.designs, { design: 'l4', words: WORDS, strategy: 'fcse' });
  const hw = validateConfig(point.hardware);
  blocks['source'] = [
    `Figures from \`docs/studies/designs\` (commit ${short(s.designs.commit)}), \`docs/studies/footprint\` (${short(s.footprint.commit)}) and`,
    `\`docs/studies/footprint-tlb\` (${short(s.footprintTlb.commit)}). Unless a figure says otherwise: a message of ${WORDS} words, ${point.registerMrs} register MRs,`,
    `the FCSE switch, ${hw.icache.sizeBytes / 1024} KB I- and ${hw.dcache.sizeBytes / 1024} KB D-cache, ${hw.tlb.entries}-entry main TLB; "hot" is the median of the second half of the run's ${l4('fastPathIpcs')} fast-path IPCs.`,
  ].join('\n');

  const table = [
    '| design | hot, FCSE | hot, ASID | against l4 (FCSE) | kernel instructions | claims the checkers found broken |',
    '|---|---:|---:|---:|---:|---|',
    ...IPC_DESIGNS.map((k) => {
      const m = d(k, WORDS);
      return `| ${k} | ${m('hotCycles')} | ${hot(k, WORDS, 'asid')} | ${k === 'l4' ? '' : signed(m('hotCycles') - hot('l4'))} | ${m('hotKernelInstructions')} | ${brokenClaims(m)} |`;
    }),
  ];
  blocks['designs'] = table.join('\n');

  const b0 = hot('buffered', 0);
  blocks['sync'] = [
    `buffered: ${vsL4('buffered')}.`,
    `Per word from ${WORDS} to ${LONG} words: l4 ${perWord(hot('l4'), hot('l4', LONG), LONG - WORDS)} cycles, buffered ${perWord(hot('buffered'), hot('buffered', LONG), LONG - WORDS)};`,
    `at ${LONG} words ${hot('buffered', LONG)} against ${hot('l4', LONG)} (${times(hot('buffered', LONG), hot('l4', LONG))}); with no UTCB word at all (0 words) still ${b0} against ${hot('l4', 0)}.`,
  ].join('\n');

  blocks['registers'] = [
    `tcb-copy at 0 words (the tag alone, in a register): ${hot('tcb-copy', 0)} cycles against l4's ${hot('l4', 0)} (${signed(hot('tcb-copy', 0) - hot('l4', 0))}; by phase: ${phaseDelta(d('l4', 0), d('tcb-copy', 0))});`,
    `at ${WORDS} words: ${vsL4('tcb-copy')}.`,
  ].join('\n');

  // Every message length the designs study measured (the sentences say 'at every length measured').
  const lengths = [...new Set(s.designs.rows.map((r) => r['words']).filter((w): w is number => typeof w === 'number'))].sort((a, b) => a - b);
  const direct = IPC_DESIGNS.filter((k) => lengths.every((w) => d(k, w)('claimUtcbDirect') === 1));
  blocks['direct'] = [
    `l4 moves the message at ${perWord(hot('l4'), hot('l4', LONG), LONG - WORDS)} cycles per word between ${WORDS} and ${LONG} words (${hot('l4')} to ${hot('l4', LONG)}; message phase ${l4('hotMessageCycles')} to ${d('l4', LONG)('hotMessageCycles')}).`,
    `Designs whose every hand-off, at every length measured, passed "UTCB words copied directly": ${direct.join(', ')}.`,
  ].join('\n');

  blocks['fastpath'] = [
    `slow: ${vsL4('slow')}, ${times(hot('slow'), hot('l4'))} the fast path;`,
    `at 0 words ${hot('slow', 0)} against ${hot('l4', 0)}, at ${LONG} words ${hot('slow', LONG)} against ${hot('l4', LONG)}.`,
  ].join('\n');

  const remapLines = (['fcse', 'asid'] as const).map((strategy) => {
    const below = lengths.filter((w) => hot('remap', w, strategy) <= hot('l4', w, strategy));
    const side = below.length === 0 ? 'above l4 at every length measured' : `at or below l4 at ${below.join(', ')} words only`;
    return `${strategy.toUpperCase()}: ${hot('remap', WORDS, strategy)} against ${hot('l4', WORDS, strategy)} at ${WORDS} words, ${hot('remap', LONG, strategy)} against ${hot('l4', LONG, strategy)} at ${LONG}; ${side}.`;
  });
  const fits = Math.max(point.registerMrs, 1) - 1; // the tag is MR0
  // Whether remap flipped no page at the lengths that fit in the registers: what its rows show.
  const within = lengths.filter((w) => w <= fits);
  const flipped = within.filter((w) => (['fcse', 'asid'] as const).some((st) => d('remap', w, st)('claimNoRemap') !== 1));
  const noFlip = within.length === 0
    ? 'remap was not measured at such a length'
    : flipped.length === 0
      ? 'remap has no page to flip'
      : `yet remap broke "no remapping" at ${flipped.join(', ')} words`;
  blocks['remap'] = [
    `remap at ${WORDS} words: ${vsL4('remap')}.`,
    ...remapLines,
    `(Up to ${fits} words the message fits in the ${point.registerMrs} register MRs, and ${noFlip}.)`,
  ].join('\n');

  const fp = (design: IpcDesign, kb: number): ((m: string) => number) => at(s.footprint, { design, cacheKB: kb });
  const kbs = [...new Set(s.footprint.rows.map((r) => r['cacheKB']).filter((k): k is number => typeof k === 'number'))].sort((a, b) => a - b);
  const kbMin = kbs[0]!;
  const kbMax = kbs[kbs.length - 1]!;
  const misses = (kb: number): string => {
    const spread = fp('l4-spread', kb)('hotIcacheMisses');
    const l4m = fp('l4', kb)('hotIcacheMisses');
    return spread === 0 && l4m === 0 ? 'no misses' : `${spread} I-misses against ${l4m}`;
  };
  blocks['caches'] = [
    '| caches (KB each) | l4 hot | l4-spread hot | l4 I-misses | l4-spread I-misses |',
    '|---:|---:|---:|---:|---:|',
    ...kbs.map((kb) => `| ${kb} | ${fp('l4', kb)('hotCycles')} | ${fp('l4-spread', kb)('hotCycles')} | ${fp('l4', kb)('hotIcacheMisses')} | ${fp('l4-spread', kb)('hotIcacheMisses')} |`),
    '',
    `With ${kbMax} KB caches the spread costs ${signed(fp('l4-spread', kbMax)('hotCycles') - fp('l4', kbMax)('hotCycles'))} cycles (the extra instructions and lines, ${misses(kbMax)});`,
    `with ${kbMin} KB it costs ${signed(fp('l4-spread', kbMin)('hotCycles') - fp('l4', kbMin)('hotCycles'))} (${misses(kbMin)}).`,
  ].join('\n');

  const tl = (design: IpcDesign, kernelMapping: string, tlbEntries: number): ((m: string) => number) => at(s.footprintTlb, { design, kernelMapping, tlbEntries });
  const entries = [8, 16, 32, 64];
  const sectionGap = entries.map((n) => tl('l4-spread', 'section', n)('hotCycles') - tl('l4', 'section', n)('hotCycles'));
  blocks['tlb'] = [
    '| kernel mapped as | TLB entries | l4 hot | l4-spread hot | l4 TLB misses | l4-spread TLB misses |',
    '|---|---:|---:|---:|---:|---:|',
    ...['section', 'pages'].flatMap((k) => entries.map((n) => `| ${k} | ${n} | ${tl('l4', k, n)('hotCycles')} | ${tl('l4-spread', k, n)('hotCycles')} | ${tl('l4', k, n)('hotTlbMisses')} | ${tl('l4-spread', k, n)('hotTlbMisses')} |`)),
    '',
    `Kernel in one section: the spread costs ${Math.min(...sectionGap) === Math.max(...sectionGap) ? `${signed(sectionGap[0]!)} cycles at every TLB size` : `${signed(Math.min(...sectionGap))}..${signed(Math.max(...sectionGap))} cycles across TLB sizes`}.`,
    `Kernel in 4 KB pages, 8 entries: l4 ${tl('l4', 'pages', 8)('hotCycles')} cycles, l4-spread ${tl('l4-spread', 'pages', 8)('hotCycles')}; TLB misses ${tl('l4', 'pages', 8)('hotTlbMisses')} and ${tl('l4-spread', 'pages', 8)('hotTlbMisses')}.`,
  ].join('\n');
  return blocks;
}
