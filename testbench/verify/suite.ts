// A property suite for `npm run verify`: what to generate, how to judge one input, how to show a
// counterexample to a person and how to re-run it writing its waveform.
import type fc from 'fast-check';

export interface Suite<T> {
  readonly name: string;
  readonly description: string;
  readonly arbitrary: fc.Arbitrary<T>;
  /** undefined: the property holds for this input; else what went wrong. */
  check(input: T): string | undefined | Promise<string | undefined>;
  /** The counterexample as a person reads it (a program, a scenario, an operation list). */
  show(input: T): string;
  /** Re-run the input with a waveform written to `path`; returns what was written (or why not). */
  waveform(input: T, path: string): string | Promise<string>;
}

/** Erases the input type for the registry; the runner only passes a suite's inputs back to it. */
export type AnySuite = Suite<unknown>;
export const erase = <T>(s: Suite<T>): AnySuite => s as unknown as AnySuite;
