// Differential comparison with GNU as + ld: the same lines must be accepted and rejected, and the
// accepted ones must link to the same bytes. Two ways: line by line (each line assembled alone by
// us, for context-free instructions) and as a whole program (every error reported, for code whose
// validity depends on layout: branches, pc-relative loads, literal pools).
import { expect } from 'vitest';
import { AsmError, assemble, assembleAll, assembleProgram, readElf, type LinkedImage } from '../../kernel/toolchain/index.ts';
import { gnuBuild, gnuDiagnostics, gnuRejectedLines } from './gnu.ts';
import { imageBytes } from './helpers.ts';

/** Lines (0-based) our assembler rejects, each assembled alone after `prelude`, and each line's warnings. */
function ourDiagnostics(lines: readonly string[], prelude: string): { bad: Set<number>; warnings: Map<number, string[]> } {
  const bad = new Set<number>();
  const warnings = new Map<number, string[]>();
  lines.forEach((l, i) => {
    const ws: string[] = [];
    try {
      assemble(`${prelude}${l}\n`, { file: 'line.s', onWarning: (w) => ws.push(w.message) });
    } catch (e) {
      if (!(e instanceof AsmError)) throw e;
      bad.add(i);
    }
    if (ws.length > 0) warnings.set(i, ws);
  });
  return { bad, warnings };
}

/** The first differing words of .text at 0x8000, with the source line of each. */
function textDiffs(mine: LinkedImage, theirs: LinkedImage, text: string): string[] {
  const text0 = mine.segments.find((s) => s.name === '.text')!;
  const a = imageBytes(mine, 0x8000, text0.data.length);
  const b = imageBytes(theirs, 0x8000, text0.data.length);
  const diffs: string[] = [];
  for (let i = 0; i + 4 <= a.length && diffs.length < 10; i += 4) {
    const wa = new DataView(a.buffer).getUint32(i, true);
    const wb = new DataView(b.buffer).getUint32(i, true);
    if (wa !== wb) {
      const where = mine.lineAt(0x8000 + i);
      const src = where ? text.split('\n')[where.line - 1] : '?';
      diffs.push(`0x${(0x8000 + i).toString(16)}: ours ${wa.toString(16).padStart(8, '0')} GNU ${wb.toString(16).padStart(8, '0')}  ${src}`);
    }
  }
  const theirText = theirs.segments.find((s) => s.address === 0x8000);
  if (theirText?.data.length !== text0.data.length) diffs.push(`.text size: ours ${text0.data.length}, GNU ${theirText?.data.length}`);
  return diffs;
}

function sameBytes(text: string): void {
  const gnu = gnuBuild(text);
  expect(gnu.stderr, text).toBe('');
  const theirs = readElf(gnu.elf!, 'gnu.elf');
  const mine = assembleProgram(text, { file: 'batch.s', textAddress: 0x8000, dataAddress: 0x100000 });
  expect(textDiffs(mine, theirs, text)).toEqual([]);
}

/**
 * Line by line: `prelude` sets the state each line is assembled in alone (mode, labels). Lines
 * for which `refused` holds are ones GNU assembles into wrong code: we must reject them.
 */
export function compareLines(lines: readonly string[], layout: (accepted: readonly string[]) => string, prelude: string, refused: (line: string) => boolean = () => false): void {
  const src = layout(lines);
  const firstLine = src.split('\n').findIndex((l) => l === lines[0]);
  const gnu = gnuDiagnostics(src);
  const gnuBad = new Set([...gnu.errors].map((n) => n - 1 - firstLine));
  const { bad: ours, warnings: ourWarnings } = ourDiagnostics(lines, prelude);
  const disagreements = lines
    .map((l, i) => ({ l, gnu: gnuBad.has(i) || refused(l), ours: ours.has(i) }))
    .filter((x) => x.gnu !== x.ours)
    .map((x) => `${x.l}  (${refused(x.l) ? 'GNU emits wrong code: we must reject' : `GNU ${x.gnu ? 'rejects' : 'accepts'}`}, ours ${x.ours ? 'rejects' : 'accepts'})`);
  expect(disagreements).toEqual([]);
  // The same warnings (GNU's text) on every line both accept.
  const warningDiffs = lines
    .map((l, i) => ({ l, i, g: [...(gnu.warnings.get(i + 1 + firstLine) ?? [])].sort().join(' | '), o: [...(ourWarnings.get(i) ?? [])].sort().join(' | ') }))
    .filter((x) => !gnuBad.has(x.i) && !ours.has(x.i) && x.g !== x.o)
    .map((x) => `${x.l}  (GNU warns: ${x.g || 'nothing'}; ours: ${x.o || 'nothing'})`);
  expect(warningDiffs).toEqual([]);
  sameBytes(layout(lines.filter((l, i) => !gnuBad.has(i) && !refused(l))));
}

function ourErrorLines(src: string): Set<number> {
  return new Set(assembleAll(src, { file: 'prog.s' }).errors.map((e) => e.line));
}

/**
 * A whole program: the lines GNU reports errors on must be the lines we report errors on (all of
 * them); then, dropping those lines (which moves later code, so this goes round until the program
 * assembles), the same bytes.
 */
export function compareProgram(src: string): void {
  let lines = src.split('\n');
  for (let round = 0; round < 8; round++) {
    const text = lines.join('\n');
    const gnuBad = gnuRejectedLines(text);
    const ours = ourErrorLines(text);
    const disagreements = [...new Set([...gnuBad, ...ours])]
      .filter((n) => gnuBad.has(n) !== ours.has(n))
      .sort((a, b) => a - b)
      .map((n) => `${n}: ${lines[n - 1]}  (GNU ${gnuBad.has(n) ? 'rejects' : 'accepts'}, ours ${ours.has(n) ? 'rejects' : 'accepts'})`);
    expect(disagreements, text).toEqual([]);
    if (gnuBad.size === 0) {
      sameBytes(text);
      return;
    }
    lines = lines.map((l, i) => (gnuBad.has(i + 1) ? '' : l));
  }
  throw new Error(`still errors after 8 rounds:\n${lines.join('\n')}`);
}
