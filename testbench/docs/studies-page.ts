// npm run studies-page: fills docs/STUDIES.md's "Shipped studies and their results" (the parts marked
// <!-- study:NAME -->) from the committed study outputs (docs/studies/<study>/results.json and
// table.md), or with --check says whether the page already quotes them (exit 1 when not).
//   npm run studies-page                 rewrite docs/STUDIES.md in place
//   npm run studies-page -- --check      compare only
// Each study's table is quoted from its table.md; every other figure of the section is computed here
// from results.json rows, so the prose around the markers carries no figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { programBase } from '../../kernel/build.ts';
import { DEFAULT_CONFIG, validateConfig } from '../../rtl/config.ts';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import { InputError, readJsonFile, readTextFile } from '../cli/input-file.ts';
import { isEntryPoint, runMain } from '../cli/run-main.ts';
import { KNOBS } from '../studies/study.ts';
import { blockNames, fillBlocks } from './blocks.ts';
import { pageCommand } from './page-command.ts';

const MAX_FILE = 64 << 20;

/** The studies the page shows, in its order. */
export const PAGE_STUDIES = ['mrs-words', 'switch-cost', 'tlb-reach', 'memory-latency', 'designs', 'footprint', 'footprint-tlb', 'user-isa'] as const;
export type PageStudy = (typeof PAGE_STUDIES)[number];

type Value = string | number;
type Row = Readonly<Record<string, unknown>>;

/** One study's committed outputs: its definition and rows (results.json), provenance, and table.md. */
export interface StudyOutputs {
  readonly name: string;
  readonly commit: string;
  readonly modelSourcesEdited: boolean;
  /** Model fingerprints by scenario (pingpong, ring). */
  readonly model: Readonly<Record<string, string>>;
  readonly base: Readonly<Record<string, unknown>>;
  readonly knobs: readonly { readonly name: string; readonly values: readonly Value[] }[];
  readonly rows: readonly Row[];
  /** table.md as committed. */
  readonly table: string;
}

export type PageStudies = Readonly<Record<PageStudy, StudyOutputs>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (message: string): never => {
  throw new InputError(message);
};

/** A study's results.json (parsed) and table.md, validated enough to name what is missing. */
export function studyOutputs(raw: unknown, table: string, where: string): StudyOutputs {
  if (!isRecord(raw)) return fail(`${where}: expected an object`);
  const { study, source, model, rows } = raw;
  if (!isRecord(study) || typeof study['name'] !== 'string') return fail(`${where}: study.name missing`);
  if (!isRecord(study['base'])) return fail(`${where}: study.base missing`);
  const knobs = study['knobs'];
  if (!Array.isArray(knobs) || !knobs.every((k) => isRecord(k) && typeof k['name'] === 'string' && Array.isArray(k['values']) && k['values'].every((v) => typeof v === 'string' || typeof v === 'number'))) {
    return fail(`${where}: study.knobs: expected an array of {name, values}`);
  }
  if (!isRecord(source) || typeof source['commit'] !== 'string') return fail(`${where}: source.commit missing`);
  if (!isRecord(model) || !Object.values(model).every((v) => typeof v === 'string')) return fail(`${where}: model: expected fingerprints by scenario`);
  if (!Array.isArray(rows) || !rows.every(isRecord)) return fail(`${where}: rows: expected an array of objects`);
  const stamp = /^Computed at commit (\w+)/m.exec(table);
  if (!stamp) return fail(`${where}: its table.md has no "Computed at commit" line`);
  if (stamp[1] !== source['commit']) return fail(`${where}: table.md was computed at ${stamp[1]}, results.json at ${source['commit']}`);
  return {
    name: study['name'],
    commit: source['commit'],
    modelSourcesEdited: source['modelSourcesEdited'] === true,
    model: model as Record<string, string>,
    base: study['base'],
    knobs: knobs as StudyOutputs['knobs'],
    rows,
    table,
  };
}

/** The committed outputs of every study the page shows, read from `dir`/<study>/. */
export function readPageStudies(dir: string): PageStudies {
  const out: Partial<Record<PageStudy, StudyOutputs>> = {};
  for (const name of PAGE_STUDIES) {
    const json = join(dir, name, 'results.json');
    const md = join(dir, name, 'table.md');
    const s = studyOutputs(readJsonFile(json, 'study results', MAX_FILE), readTextFile(md, 'study table', MAX_FILE), json);
    if (s.name !== name) fail(`${json}: holds study ${s.name}, not ${name}`);
    out[name] = s;
  }
  return out as PageStudies;
}

// ---- reading rows ------------------------------------------------------------------------------

type Key = Readonly<Record<string, Value>>;
type Metrics = (metric: string) => number;

const keyText = (key: Key): string => Object.entries(key).map(([k, v]) => `${k} ${v}`).join(', ');

/** The row with these knob values, and its metrics (a missing row or metric is an error naming it). */
function at(s: StudyOutputs, key: Key): Metrics {
  const row = s.rows.find((r) => Object.entries(key).every(([k, v]) => r[k] === v));
  const what = `${s.name}: ${keyText(key)}`;
  if (!row) return fail(`${what}: no such row`);
  return (metric) => {
    const v = row[metric];
    if (typeof v !== 'number') return fail(`${what}: ${metric} is ${JSON.stringify(v)}, not a number`);
    return v;
  };
}

/** A row's text field (the hand-off verdict). */
function textAt(s: StudyOutputs, key: Key, field: string): string {
  const row = s.rows.find((r) => Object.entries(key).every(([k, v]) => r[k] === v));
  if (!row) return fail(`${s.name}: ${keyText(key)}: no such row`);
  const v = row[field];
  if (typeof v !== 'string') return fail(`${s.name}: ${keyText(key)}: ${field} is ${JSON.stringify(v)}, not a string`);
  return v;
}

/** A swept knob's values (an error when the study does not sweep it). */
function knob(s: StudyOutputs, name: string): readonly Value[] {
  const k = s.knobs.find((x) => x.name === name);
  if (!k || k.values.length === 0) return fail(`${s.name}: the study does not sweep ${name}`);
  return k.values;
}
const numbers = (s: StudyOutputs, name: string): number[] =>
  knob(s, name).map((v) => (typeof v === 'number' ? v : fail(`${s.name}: knob ${name} has the value ${JSON.stringify(v)}, not a number`)));

// ---- small arithmetic and wording ----------------------------------------------------------------

const signed = (d: number): string => (d > 0 ? `+${d}` : `${d}`);
const min = (xs: readonly number[]): number => Math.min(...xs);
const max = (xs: readonly number[]): number => Math.max(...xs);
/** "7" or "5..9". */
const span = (xs: readonly number[], show: (x: number) => string = String): string => (min(xs) === max(xs) ? show(min(xs)) : `${show(min(xs))}..${show(max(xs))}`);
const fixed = (x: number, digits = 2): string => x.toFixed(digits);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}x`;

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    sxy += (xs[k]! - mx) * (ys[k]! - my);
    sxx += (xs[k]! - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** "0..6" for consecutive integers, else "4, 8, 16, 32". */
function valueList(values: readonly Value[]): string {
  const ints = values.every((v) => typeof v === 'number' && Number.isInteger(v));
  if (ints && values.length > 2 && values.every((v, k) => k === 0 || (v as number) === (values[k - 1] as number) + 1)) return `${values[0]}..${values[values.length - 1]}`;
  return values.join(', ');
}

const label = (name: string): string => (name in KNOBS ? KNOBS[name as keyof typeof KNOBS] : name);

// ---- the blocks ----------------------------------------------------------------------------------

/** table.md from its first table line to its provenance line (quoted there once, in `source`); its headings demoted below the page's. */
export function quotedTable(s: StudyOutputs): string {
  const lines = s.table.split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const last = lines.findIndex((l) => l.startsWith('Computed at commit'));
  if (first < 0) return fail(`${s.name}: its table.md has no table`);
  return lines
    .slice(first, last)
    .map((l) => l.replace(/^(#+) /, '$1### '))
    .join('\n')
    .trim();
}

/** What a study sweeps and what it fixes, from its definition. */
function setup(s: StudyOutputs): string {
  const swept = s.knobs.map((k) => `${label(k.name)} (\`${k.name}\`) ${valueList(k.values)}`).join(' x ');
  const fixed = Object.entries(s.base)
    .filter(([k]) => !s.knobs.some((x) => x.name === k))
    .map(([k, v]) => `${k === 'scenario' ? 'scenario' : label(k)} ${String(v)}`);
  return `Swept: ${swept}: ${s.rows.length} points. Fixed: ${fixed.join(', ')}; everything else at its default.`;
}

function source(p: PageStudies): string {
  const all = PAGE_STUDIES.map((n) => p[n]);
  const short = (c: string): string => c.slice(0, 7);
  const commits = [...new Set(all.map((s) => s.commit))];
  const prints = [...new Set(all.map((s) => Object.entries(s.model).map(([k, v]) => `${k} ${v}`).join(', ')))];
  const edited = all.filter((s) => s.modelSourcesEdited).map((s) => s.name);
  const where =
    commits.length === 1 && prints.length === 1
      ? `at commit ${short(commits[0]!)} for every study below (model fingerprints ${prints[0]})`
      : `at commits ${all.map((s) => `${short(s.commit)} (${s.name}; ${Object.entries(s.model).map(([k, v]) => `${k} ${v}`).join(', ')})`).join(', ')}`;
  const hashes = new Set<string>();
  for (const s of all) for (const r of s.rows) hashes.add(typeof r['hash'] === 'string' ? r['hash'] : `${s.name}/${JSON.stringify(r['point'])}`);
  const points = all.reduce((a, s) => a + s.rows.length, 0);
  const hw = DEFAULT_CONFIG;
  return [
    `Computed on the ARM926EJ-S-class RTL system ${where}${edited.length > 0 ? `, WITH LOCAL EDITS to the model sources (${edited.join(', ')})` : ''}.`,
    `Default hardware unless a study sweeps it: ${hw.icache.sizeBytes / 1024} KB I- and ${hw.dcache.sizeBytes / 1024} KB D-cache, ${hw.icache.ways}-way with ${hw.icache.lineBytes}-byte lines;`,
    `${hw.tlb.entries}-entry ${hw.tlb.ways}-way main TLB; RAM with ${hw.memory.ramWaitStates} wait states; ${hw.registerMrs} register MRs.`,
    `${all.length} studies, ${points} points, ${hashes.size} distinct (a point two studies share is computed once).`,
  ].join('\n');
}

/** Hot one-way IPC by register MRs (rows) and words (columns); `*`: no fast-path IPC. */
function mrsPivot(s: StudyOutputs): string {
  const nregs = numbers(s, 'registerMrs');
  const words = numbers(s, 'words');
  return [
    `| registerMrs \\ words | ${words.join(' | ')} |`,
    `|---|${words.map(() => '---:').join('|')}|`,
    ...nregs.map((n) => `| ${n} | ${words.map((w) => { const m = at(s, { registerMrs: n, words: w }); return `${m('hotCycles')}${m('fastPathIpcs') === 0 ? '*' : ''}`; }).join(' | ')} |`),
  ].join('\n');
}

/** Registers in an LDM/STM register list ("r0, r1, r2, r12" or "r4-r7, lr"). */
function registerCount(list: string): number {
  const reg = (t: string): number => {
    const named: Record<string, number> = { sp: 13, lr: 14, pc: 15, ip: 12, fp: 11, sl: 10 };
    const v = named[t.trim().toLowerCase()] ?? (/^r(\d+)$/i.test(t.trim()) ? Number(t.trim().slice(1)) : NaN);
    if (Number.isNaN(v)) fail(`kernel source: "${t}" is not a register`);
    return v;
  };
  return list.split(',').reduce((n, item) => {
    const [a, b] = item.split('-');
    return n + (b === undefined ? 1 : reg(b) - reg(a!) + 1);
  }, 0);
}

/**
 * The words of one group of the kernel's UTCB copy chain: the register list of the first load in the
 * `.rept` block after `fast_copy_groups:` (kernel/src/entry.S), which the store after it mirrors.
 */
export function copyGroupWords(entrySource: string): number {
  const lines = entrySource.split('\n').map((l) => l.replace(/@.*$/, '').trim());
  const at = lines.indexOf('fast_copy_groups:');
  if (at < 0) return fail('kernel source: no fast_copy_groups: label');
  const rept = lines.findIndex((l, k) => k > at && /^\.rept\b/.test(l));
  const end = lines.findIndex((l, k) => k > rept && /^\.endr\b/.test(l));
  if (rept < 0 || end < 0) return fail('kernel source: no .rept ... .endr chain after fast_copy_groups:');
  const body = lines.slice(rept + 1, end);
  const load = body.find((l) => /^ldm\w*\s/i.test(l));
  const store = body.find((l) => /^stm\w*\s/i.test(l));
  const list = (l: string | undefined): number => registerCount(/\{([^}]*)\}/.exec(l ?? '')?.[1] ?? fail('kernel source: the copy chain has no LDM/STM with a register list'));
  const words = list(load);
  if (list(store) !== words) fail(`kernel source: the copy chain loads ${words} words a group and stores ${list(store)}`);
  return words;
}

/** The group size of the kernel's copy chain, from kernel/src/entry.S as built. */
export function kernelCopyGroupWords(): number {
  return copyGroupWords(readFileSync(join(REPO_ROOT, 'kernel', 'src', 'entry.S'), 'utf8'));
}

const ordinal = (n: number): string => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;

function mrsWords(s: StudyOutputs, b: Record<string, string>, GROUP: number): void {
  const nregs = numbers(s, 'registerMrs');
  const words = numbers(s, 'words');
  const hot = (n: number, w: number): number => at(s, { registerMrs: n, words: w })('hotCycles');
  const fastAt = (n: number, w: number): boolean => at(s, { registerMrs: n, words: w })('fastPathIpcs') > 0;
  const fast = nregs.filter((n) => words.every((w) => fastAt(n, w)));
  const never = nregs.filter((n) => words.every((w) => !fastAt(n, w)));
  const mixed = nregs.filter((n) => !fast.includes(n) && !never.includes(n));
  if (fast.length === 0) fail(`${s.name}: no register-MR count took the fast path at every length`);
  const top = max(fast);
  const low = min(fast);
  const wMax = max(words);
  /** Words that fit in n register MRs (MR0 is the tag). */
  const fits = (n: number): number => n - 1;

  // Flat while the message fits in the registers.
  const flat = fast.map((n) => {
    const inRegs = words.filter((w) => w <= fits(n)).map((w) => hot(n, w));
    return { n, values: inRegs };
  });
  const notFlat = flat.filter((f) => min(f.values) !== max(f.values));
  const perMr = fast.filter((n) => fast.includes(n - 1)).map((n) => hot(n - 1, 0) - hot(n, 0));
  b['mrs-words-flat'] = [
    `Message within the register MRs (0..registerMrs - 1 words): ${notFlat.length === 0 ? 'the same cost at every length, at every register-MR count' : `not flat at ${notFlat.map((f) => `${f.n} register MRs (${span(f.values)})`).join(', ')}`};`,
    `${hot(top, 0)} cycles at 0 words with ${top} register MRs, ${hot(low, 0)} with ${low}: ${span(perMr, signed)} cycles per register MR given up.`,
  ].join('\n');

  // The UTCB copy: entering it, the first four-word group, each further group.
  const beyond = (n: number): number[] => words.filter((w) => w > fits(n)).map((w) => w - fits(n));
  const h = (n: number, k: number): number => hot(n, fits(n) + k);
  const enter: number[] = [];
  const firstGroup: number[] = [];
  const perGroup: number[] = [];
  const perWord: number[] = [];
  for (const n of fast) {
    const ks = beyond(n);
    for (const k of ks.filter((k) => k < GROUP)) enter.push(h(n, k) - h(n, 0));
    if (ks.includes(GROUP) && ks.includes(GROUP - 1)) firstGroup.push(h(n, GROUP) - h(n, GROUP - 1));
    for (const k of ks.filter((k) => k >= GROUP && k % GROUP === 0 && ks.includes(k + GROUP))) perGroup.push(h(n, k + GROUP) - h(n, k));
    const whole = ks.filter((k) => k >= GROUP && k % GROUP === 0);
    if (whole.length > 1) perWord.push((h(n, max(whole)) - h(n, min(whole))) / (max(whole) - min(whole)));
  }
  if (enter.length === 0 || firstGroup.length === 0) fail(`${s.name}: no register-MR count has ${GROUP} words beyond its registers`);
  const lsq = fast.map((n) => slope(beyond(n), beyond(n).map((k) => h(n, k))));
  b['mrs-words-linear'] = [
    `The first ${GROUP > 2 ? `1..${GROUP - 1} words` : 'word'} beyond the register MRs: ${span(enter, signed)} cycles over the message that fits;`,
    `the ${ordinal(GROUP)} word beyond (the first ${GROUP}-word group): ${span(firstGroup, signed)} more;`,
    `each further ${GROUP} words: ${perGroup.length > 0 ? span(perGroup, signed) : 'not measured'}${perWord.length > 0 ? ` (${span(perWord, fixed)} cycles a word)` : ''}, at every register-MR count.`,
    `Least-squares slope over the words beyond the registers, steps included: ${span(lsq, fixed)} cycles a word.`,
    `At ${wMax} words: ${hot(top, wMax)} cycles with ${top} register MRs, ${hot(low, wMax)} with ${low}.`,
  ].join('\n');

  const slowLines: string[] = [];
  slowLines.push(
    mixed.length === 0
      ? `Every point with ${span(fast)} register MRs took the fast path, at every length measured (0..${wMax} words).`
      : `The fast path was taken at some lengths only with ${mixed.join(', ')} register MRs: ${mixed.map((n) => `${n}: ${words.filter((w) => fastAt(n, w)).join(', ')} words`).join('; ')}.`,
  );
  for (const n of never) {
    const ys = words.map((w) => hot(n, w));
    slowLines.push(`${n} register MRs: no fast-path IPC at any length; ${hot(n, 0)} cycles at 0 words, ${hot(n, wMax)} at ${wMax} (${fixed(slope(words, ys))} cycles a word, least squares), ${ratio(hot(n, wMax), hot(top, wMax))} the fast path with ${top} register MRs at ${wMax} words.`);
  }
  b['mrs-words-slow'] = slowLines.join('\n');

  const verdicts = (ns: readonly number[]): string => [...new Set(ns.flatMap((n) => words.map((w) => textAt(s, { registerMrs: n, words: w }, 'handoff'))))].join(', ');
  const claimHeld = fast.every((n) => words.every((w) => at(s, { registerMrs: n, words: w })('claimRegisterMrs') === 1));
  b['mrs-words-handoff'] = [
    `Hand-off verdicts with ${span(fast)} register MRs: ${verdicts(fast)}${never.length > 0 ? `; with ${never.join(', ')}: ${verdicts(never)}` : ''}.`,
    `"Register MRs left in place" ${claimHeld ? 'held at every fast-path point' : `was broken at ${fast.flatMap((n) => words.filter((w) => at(s, { registerMrs: n, words: w })('claimRegisterMrs') !== 1).map((w) => `${n} register MRs, ${w} words`)).join('; ')}`}.`,
  ].join('\n');
}

/** "4 KB, 16 dirty lines: 111 cycles (4 I- and 0 D-cache misses, 0 write-backs)" for every point of `strategy` off its lowest cost. */
function switchCost(s: StudyOutputs, b: Record<string, string>): void {
  const kbs = numbers(s, 'cacheKB');
  const dirty = numbers(s, 'dirtyLines');
  const m = (strategy: string, cacheKB: number, dirtyLines: number): Metrics => at(s, { strategy, cacheKB, dirtyLines });
  const all = (strategy: string, metric: string): number[] => kbs.flatMap((kb) => dirty.map((d) => m(strategy, kb, d)(metric)));
  const kb0 = min(kbs);
  const kb1 = max(kbs);
  const d0 = min(dirty);
  const d1 = max(dirty);

  const full = 'full';
  b['switch-cost-full'] = [
    `Fast-path IPCs with the full flush: ${span(all(full, 'fastPathIpcs'))}.`,
    `Nothing dirty: ${m(full, kb0, d0)('hotCycles')} cycles with ${kb0} KB caches, ${m(full, kb1, d0)('hotCycles')} with ${kb1} KB;`,
    `${d1} dirty lines: ${m(full, kb0, d1)('hotCycles')} with ${kb0} KB, ${m(full, kb1, d1)('hotCycles')} with ${kb1} KB.`,
    `D-cache write-backs per IPC: ${dirty.map((d) => `${span(kbs.map((kb) => m(full, kb, d)('hotDcacheWritebacks')))} with ${d} dirty lines`).join(', ')};`,
    `every hot IPC misses ${span(all(full, 'hotIcacheMisses'))} I-cache and ${span(all(full, 'hotDcacheMisses'))} D-cache lines.`,
  ].join('\n');

  const offBest = (strategy: string): string => {
    const best = min(all(strategy, 'hotCycles'));
    const off = kbs.flatMap((kb) => dirty.filter((d) => m(strategy, kb, d)('hotCycles') !== best).map((d) => {
      const x = m(strategy, kb, d);
      return `${kb} KB with ${d} dirty lines: ${x('hotCycles')} cycles (${x('hotIcacheMisses')} I- and ${x('hotDcacheMisses')} D-cache misses, ${x('hotDcacheWritebacks')} write-backs)`;
    }));
    // The smallest cache size from which every larger one costs `best` at every dirty-data count.
    const isClean = (kb: number): boolean => dirty.every((d) => m(strategy, kb, d)('hotCycles') === best);
    const from = kbs.filter((kb) => kbs.every((k) => k < kb || isClean(k)));
    return [
      `${strategy.toUpperCase()}: ${best} cycles at ${off.length === 0 ? 'every point' : `every point but ${off.length}`}${from.length > 0 && off.length > 0 ? ` (at every dirty-data count from ${min(from)} KB caches up)` : ''}; write-backs per IPC ${span(all(strategy, 'hotDcacheWritebacks'))}.`,
      ...(off.length > 0 ? [`Off that: ${off.join('; ')}.`] : []),
    ].join('\n');
  };
  b['switch-cost-fcse'] = offBest('fcse');
  b['switch-cost-asid'] = offBest('asid');

  const round = (strategy: string, kb: number, d: number): number => m(strategy, kb, d)('ringRoundCycles');
  b['switch-cost-rounds'] = [
    `${d1} dirty lines, ${kb1} KB caches: a round costs ${round(full, kb1, d1)} cycles with the full flush, ${round('fcse', kb1, d1)} with FCSE, ${round('asid', kb1, d1)} with ASIDs.`,
    `Nothing dirty: an FCSE round costs ${span(kbs.map((kb) => round('fcse', kb, d0)))} cycles, an ASID round ${span(kbs.map((kb) => round('asid', kb, d0)))} (${kb0}..${kb1} KB),`,
    `while their one-way IPCs cost ${span(kbs.map((kb) => m('fcse', kb, d0)('hotCycles')))} and ${span(kbs.map((kb) => m('asid', kb, d0)('hotCycles')))}.`,
  ].join('\n');
}

function tlbReach(s: StudyOutputs, b: Record<string, string>): void {
  const entries = numbers(s, 'tlbEntries');
  const spaces = numbers(s, 'spaces');
  const m = (tlbEntries: number, n: number): Metrics => at(s, { tlbEntries, spaces: n });
  const e0 = min(entries);
  const bigger = entries.filter((e) => e > e0);
  const s0 = min(spaces);
  const s1 = max(spaces);
  const e1 = max(entries);
  const walks = (es: readonly number[]): number[] => es.flatMap((e) => spaces.map((n) => m(e, n)('hotTlbWalks')));
  b['tlb-reach-walks'] = [
    `Table walks per hot IPC: ${span(walks(bigger))} from ${min(bigger)} entries up (every ring size), ${span(walks([e0]))} with ${e0} entries.`,
    `With ${s0} spaces: ${span(bigger.map((e) => m(e, s0)('hotCycles')))} cycles from ${min(bigger)} entries up, ${m(e0, s0)('hotCycles')} with ${e0} (${signed(m(e0, s0)('hotCycles') - m(e1, s0)('hotCycles'))} against ${e1} entries).`,
    `With ${s1} spaces: ${span(entries.map((e) => m(e, s1)('hotCycles')))} cycles across the TLB sizes (${e0}..${e1} entries).`,
  ].join('\n');

  b['tlb-reach-spaces'] = [
    `One-way IPC from ${s0} to ${s1} spaces: ${entries.map((e) => `${m(e, s0)('hotCycles')} -> ${m(e, s1)('hotCycles')} with ${e} entries`).join(', ')}.`,
    `I-cache misses per hot IPC: ${span(entries.map((e) => m(e, s0)('hotIcacheMisses')))} with ${s0} spaces, ${spaces.filter((n) => n > s0).map((n) => `${span(entries.map((e) => m(e, n)('hotIcacheMisses')))} with ${n}`).join(', ')};`,
    `kernel instructions per hot IPC: ${span(entries.flatMap((e) => spaces.map((n) => m(e, n)('hotKernelInstructions'))))} at every point.`,
  ].join('\n');

  // Where kernel/build.ts starts each space's program within an I-cache way.
  // The study's own I-cache (its points' hardware), a way's bytes: one sentence per way size its points had.
  const ways = [...new Set(s.rows.map((r) => {
    const point = isRecord(r['point']) ? r['point'] : fail(`${s.name}: a row has no point`);
    const ic = validateConfig((isRecord(point['hardware']) ? point['hardware'] : {}) as Parameters<typeof validateConfig>[0]).icache;
    return ic.sizeBytes / ic.ways;
  }))].sort((a, c) => a - c);
  const ids = Array.from({ length: s1 }, (_, k) => k + 1);
  b['tlb-reach-colours'] = ways.map((way) => {
    const colour = (id: number): number => programBase(id) % way;
    const colours = new Set(ids.map(colour));
    const shared = ids.find((id) => ids.some((o) => o < id && colour(o) === colour(id)));
    const where = `kernel/build.ts (programBase) starts the programs of ${s1} spaces at ${colours.size} different offsets in a ${way / 1024} KB I-cache way`;
    return shared === undefined ? `${where}: no two share their first sets.` : `${where}: from ${shared} spaces on, a program starts in the sets of another.`;
  }).join('\n');
}

function memoryLatency(s: StudyOutputs, b: Record<string, string>): void {
  const ws = numbers(s, 'ramWaitStates');
  const m = (strategy: string, w: number): Metrics => at(s, { strategy, ramWaitStates: w });
  const col = (strategy: string, metric: string): number[] => ws.map((w) => m(strategy, w)(metric));
  const w0 = min(ws);
  const w1 = max(ws);
  const fast = ['fcse', 'asid'];
  b['memory-latency-hot'] = fast
    .map((st) => `${st.toUpperCase()}: ${span(col(st, 'hotCycles'))} cycles hot from ${w0} to ${w1} wait states, with ${span(col(st, 'hotIcacheMisses'))} I- and ${span(col(st, 'hotDcacheMisses'))} D-cache misses.`)
    .join('\n');
  b['memory-latency-cold'] = fast
    .map((st) => `${st.toUpperCase()} cold: ${m(st, w0)('coldCycles')} -> ${m(st, w1)('coldCycles')} cycles (${fixed(slope(ws, col(st, 'coldCycles')), 1)} per wait state, least squares).`)
    .join('\n');
  const f = 'full';
  b['memory-latency-full'] = [
    `Full flush, every hot IPC missing ${span(col(f, 'hotIcacheMisses'))} I- and ${span(col(f, 'hotDcacheMisses'))} D-cache lines: hot ${m(f, w0)('hotCycles')} -> ${m(f, w1)('hotCycles')} cycles`,
    `(${fixed(slope(ws, col(f, 'hotCycles')), 1)} per wait state, least squares), cold ${m(f, w0)('coldCycles')} -> ${m(f, w1)('coldCycles')}.`,
    `Full flush against FCSE, hot: ${ratio(m(f, w0)('hotCycles'), m('fcse', w0)('hotCycles'))} at ${w0} wait states, ${ratio(m(f, w1)('hotCycles'), m('fcse', w1)('hotCycles'))} at ${w1}.`,
  ].join('\n');
}

function userIsa(s: StudyOutputs, b: Record<string, string>): void {
  const isas = knob(s, 'userIsa').map(String);
  const words = numbers(s, 'words');
  const m = (userIsa: string, w: number): Metrics => at(s, { userIsa, words: w });
  const over = (isa: string, metric: string): number[] => words.map((w) => m(isa, w)(metric) - m('arm', w)(metric));
  const others = isas.filter((i) => i !== 'arm');
  const pct = (isa: string): number[] => words.map((w) => (100 * (m(isa, w)('totalCycles') - m('arm', w)('totalCycles'))) / m('arm', w)('totalCycles'));
  b['user-isa-findings'] = [
    `User code: ${isas.map((i) => `${i} ${span(words.map((w) => m(i, w)('userCodeBytes')))} bytes`).join(', ')}.`,
    `Hot one-way IPC against ARM user code, at ${words.join(', ')} words: ${others.map((i) => `${i} ${span(over(i, 'hotCycles'), signed)} cycles (kernel instructions ${span(over(i, 'hotKernelInstructions'), signed)})`).join(', ')};`,
    `I-cache lines touched per hot IPC: ${isas.map((i) => `${i} ${span(words.map((w) => m(i, w)('hotIlines')))}`).join(', ')}; I-cache misses per hot IPC ${span(isas.flatMap((i) => words.map((w) => m(i, w)('hotIcacheMisses'))))}.`,
    `The whole run against ARM user code: ${others.map((i) => `${i} ${span(over(i, 'totalCycles'), signed)} cycles (${span(pct(i), (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`)})`).join(', ')}.`,
  ].join('\n');
}

/** Every block of the section, computed from the committed outputs. */
export function studiesBlocks(p: PageStudies, copyGroup: number = kernelCopyGroupWords()): Record<string, string> {
  const b: Record<string, string> = { source: source(p) };
  for (const name of PAGE_STUDIES) {
    b[`${name}-setup`] = setup(p[name]);
    b[name] = quotedTable(p[name]);
  }
  b['mrs-words-hot'] = mrsPivot(p['mrs-words']);
  mrsWords(p['mrs-words'], b, copyGroup);
  switchCost(p['switch-cost'], b);
  tlbReach(p['tlb-reach'], b);
  memoryLatency(p['memory-latency'], b);
  userIsa(p['user-isa'], b);
  return b;
}

/** The page with its marked parts filled; every marker on the page must have a block, every block a marker. */
export function filledStudiesPage(page: string, studies: PageStudies): string {
  const blocks = studiesBlocks(studies);
  const names = blockNames(page, 'study');
  const unknown = names.filter((n) => !(n in blocks));
  if (unknown.length > 0) fail(`the page marks parts the generator does not make: ${unknown.join(', ')}`);
  const missing = Object.keys(blocks).filter((n) => !names.includes(n));
  if (missing.length > 0) fail(`the page has no marker for: ${missing.join(', ')}`);
  return fillBlocks(page, 'study', blocks);
}

// ---- the command line ----------------------------------------------------------------------------

export const main = pageCommand({
  name: 'studies-page',
  summary: "Fills the tables and figures of docs/STUDIES.md's shipped studies from the committed study outputs.",
  page: 'STUDIES.md',
  resultsHelp: `study outputs: <DIR>/<study>/results.json and table.md for ${PAGE_STUDIES.join(', ')} (npm run study -- <study> --out <DIR>/<study>)`,
  read: readPageStudies,
  fill: filledStudiesPage,
});

if (isEntryPoint(import.meta.url)) await runMain('studies-page', main);
