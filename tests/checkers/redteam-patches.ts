// Patch helpers the red team's later rounds share (kernel-mutants-redteam-round2..4.ts): injected
// code at the fast path's end or in the debug putc, modes for MSR, and the step from a round's list
// of variants (broken or correct) to the suites' shapes.
import { afterLabel, copy3, replace, withTail, type Patch } from './kernel-mutants.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';

/** Source lines, indented as instructions (labels, ending in ':', as they are). */
export const lines = (...l: string[]): string => l.map((x) => (x.endsWith(':') ? x : `        ${x}`)).join('\n');
/** Injected at `ipc_fast_state` (after the UTCB copy; r0-r2, r9, r11, r12, lr free), marked as the site. */
export const atFastState = (...code: string[]): Patch => withTail(afterLabel('ipc_fast_state', lines(...code)), '');
/** The same code there, unmarked (the site is elsewhere: where the parked data comes out). */
export const parkAtFastState = (...code: string[]): Patch => withTail(replace('entry.S', '\nipc_fast_state:\n', `\nipc_fast_state:\n${lines(...code)}\n`), '');
/** Replaces the copy of the default message's three UTCB words (kernel-mutants.ts copy3). */
export const copy = (...code: string[]): Patch => copy3(lines(...code));
/** The debug putc system call (the client's verdict line) runs `code` first, marked as the site. */
export const putcHook = (...code: string[]): Patch => replace('entry.S', '\nsys_putc:\n', `\nsys_putc:\nmutant_site:\n${lines(...code)}\nmutant_end:\n`);
/** Code appended at the end of entry.S (after the mutant's own tail). */
export const tail = (p: Patch, ...code: string[]): Patch => (f, s) => {
  const o = p(f, s);
  return f === 'entry.S' ? `${o}\n        .text\n${lines(...code)}\n        .ltorg\n` : o;
};
/** `reg` stored to the mutant's kernel buffer. */
export const STORE = (reg: string): string[] => ['ldr     r9, =mutant_buf + KDATA', `str     ${reg}, [r9]`];

export const FIQ = '#(MODE_FIQ | PSR_I | PSR_F)';
export const ABT = '#(MODE_ABT | PSR_I | PSR_F)';
export const UND = '#(MODE_UND | PSR_I | PSR_F)';
export const SVC = '#(MODE_SVC | PSR_I | PSR_F)';

/** A variant as a round lists it: broken (with the rules its claim calls for) or correct. */
export interface RoundVariant {
  readonly name: string;
  readonly story: string;
  readonly kind: 'broken' | 'correct';
  readonly expect?: readonly string[];
  readonly patch: Patch;
}

/** The round's broken variants as the suite runs them (evidence in the site; `inEntry`: caught in a kernel entry). */
export function brokenOf(variants: readonly RoundVariant[], inEntry: ReadonlySet<string>): RedteamMutant[] {
  return variants
    .filter((v) => v.kind === 'broken')
    .map((v) => ({ name: v.name, story: v.story, patch: v.patch, rules: v.expect as RedteamMutant['rules'], evidence: 'site' as const, programOk: true, ...(inEntry.has(v.name) ? { inEntry: true } : {}) }));
}

/** The round's correct variants (`inEntry`: their code runs in kernel entries, not hand-offs). */
export function correctOf(variants: readonly RoundVariant[], inEntry: ReadonlySet<string>): CorrectVariant[] {
  return variants.filter((v) => v.kind === 'correct').map((v) => ({ name: v.name, story: v.story, patch: v.patch, ...(inEntry.has(v.name) ? { inEntry: true } : {}) }));
}
