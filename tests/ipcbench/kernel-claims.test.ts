// docs/BENCHMARKS.md's sentences about the kernel's code say what the run measured: the instructions
// the slow path's transfer and the fast path's copy add per UTCB word come from the rows' phase
// breakdowns, the operations that took the fast path from the rows' paths; no fixed description of
// the code (a "six-instruction loop", "four-word LDM/STM pairs", "bit by bit") stands in for them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMITTED_OUTPUTS, docBlocks } from '../../testbench/ipcbench/doc-blocks.ts';
import { benchResults } from '../../testbench/ipcbench/doc-sentences.ts';

type Phase = { phase: string; cycles: number; instructions: number };
type RawRow = { op: string; path: string; words: number | null; breakdown?: { phases: Phase[] } | null };
const table = readFileSync(join(COMMITTED_OUTPUTS, 'table.md'), 'utf8');
const raw = (): { rows: RawRow[] } => JSON.parse(readFileSync(join(COMMITTED_OUTPUTS, 'results.json'), 'utf8')) as { rows: RawRow[] };
function blocks(change: (rows: RawRow[]) => void = () => {}): Record<string, string> {
  const r = raw();
  change(r.rows);
  return docBlocks(table, false, { results: benchResults(r, 'mutated') });
}
/** Adds `extra` instructions per message word to a phase of every row that has it. */
const perWord = (name: string, extra: number, only: (r: RawRow) => boolean = () => true) => (rows: RawRow[]): void => {
  for (const r of rows) for (const p of r.breakdown?.phases ?? []) if (p.phase === name && only(r)) p.instructions += extra * (r.words ?? 0);
};

describe('BENCHMARKS.md: the kernel code as the run measured it', () => {
  const before = blocks();

  it('the committed figures: 6 instructions a UTCB word in the transfer, 0.5 in the fast copy; no fixed description', () => {
    expect(before['furthest-words']).toContain('6 instructions more a UTCB word (234 instructions at 32 words, 420 at 63)');
    expect(before['furthest-words']).toContain("the fast-path Call's `copy UTCB` phase adds 0.5 instructions a word");
    expect(before['length-notes']).toContain('their `transfer` phase retires 6 more instructions a UTCB word');
    const all = Object.values(before).join('\n');
    for (const fixed of ['six-instruction', 'four-word LDM/STM', 'bit by bit', 'word-by-word loop', 'the fast path takes only']) expect(all).not.toContain(fixed);
  });

  it('a transfer that retires two more instructions a word: the sentences say 8', () => {
    const b = blocks(perWord('transfer', 2));
    expect(b['furthest-words']).toContain('8 instructions more a UTCB word');
    expect(b['length-notes']).toContain('retires 8 more instructions a UTCB word');
  });

  it('a fast copy that retires one more instruction a word: 1.5', () => {
    const b = blocks(perWord('copy UTCB', 1, (r) => r.op === 'call' && r.path === 'fast'));
    expect(b['furthest-words']).toContain("the fast-path Call's `copy UTCB` phase adds 1.5 instructions a word");
  });

  it('the operations that took the fast path are those of the rows', () => {
    expect(before['furthest-words']).toContain('only call and replywait took the fast path');
    const b = blocks((rows) => (rows.find((r) => r.op === 'send')!.path = 'fast'));
    expect(b['furthest-words']).toContain('only call, replywait and send took the fast path');
  });
});
