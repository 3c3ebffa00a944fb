// Runs a suite with fast-check: N generated inputs from a seed, progress on stderr, and on a failure
// the shrunk counterexample, the command that replays exactly it (seed + shrink path) and its waveform.
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../cli/args.ts';
import type { AnySuite } from './suite.ts';

export interface VerifyOptions {
  readonly runs: number;
  readonly seed: number;
  /** fast-check's counterexample path: replay one input instead of searching. */
  readonly path?: string;
  readonly wavesDir: string;
  /** Extra arguments the replay command needs (e.g. --suite-module). */
  readonly replayArgs?: readonly string[];
  readonly progress?: NodeJS.WritableStream;
}

export interface VerifyOutcome {
  readonly ok: boolean;
  /** A replay (--path): exactly the one input at that path was checked. */
  readonly replayed?: boolean;
  readonly runs: number;
  readonly seed: number;
  readonly counterexample?: string;
  readonly failure?: string;
  readonly replay?: string;
  readonly path?: string;
  readonly waveform?: string;
}

export async function runSuite(suite: AnySuite, o: VerifyOptions): Promise<VerifyOutcome> {
  const out = o.progress ?? process.stderr;
  let tested = 0;
  let shrinking = 0;
  let failed = false;
  const t0 = Date.now();
  const tick = (): void => {
    const s = ((Date.now() - t0) / 1000).toFixed(0);
    if (!failed) out.write(`verify ${suite.name}: run ${tested}/${o.runs} (${s}s, seed ${o.seed})\n`);
    else out.write(`verify ${suite.name}: shrinking, step ${shrinking} (${s}s)\n`);
  };
  const every = Math.max(1, Math.round(o.runs / 20));
  const property = fc.asyncProperty(suite.arbitrary, async (input) => {
    const problem = await suite.check(input);
    if (!failed) {
      tested++;
      if (problem !== undefined || tested % every === 0 || tested === o.runs) tick();
    } else if (++shrinking % 10 === 0) tick();
    if (problem !== undefined) failed = true;
    return problem === undefined;
  });
  // A replay checks the one input at the path and stops (no search, no further shrinking).
  const replay = o.path !== undefined ? { path: o.path, numRuns: 1, endOnFailure: true } : { numRuns: o.runs };
  let details: fc.RunDetails<[unknown]>;
  try {
    details = await fc.check(property, { seed: o.seed, ...replay });
  } catch (e) {
    if (o.path !== undefined && e instanceof Error && /Unable to replay/.test(e.message)) throw new UsageError(`--path ${o.path}: no input of suite ${suite.name} at this path with seed ${o.seed}`);
    throw e;
  }
  if (!details.failed || details.counterexample === null) return { ok: true, runs: details.numRuns, seed: o.seed, ...(o.path !== undefined ? { replayed: true } : {}) };
  const input = details.counterexample[0];
  // A check that threw (the model crashed on this input) is a failure too: its message is the report.
  const failure = (await Promise.resolve().then(() => suite.check(input)).catch((e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e)))) ?? String(details.errorInstance ?? 'property failed');
  const path = details.counterexamplePath ?? '';
  const command = ['npm run verify --', '--suite', suite.name, ...(o.replayArgs ?? []), '--seed', String(o.seed), '--runs', String(o.runs), '--path', `'${path}'`].join(' ');
  mkdirSync(o.wavesDir, { recursive: true });
  const waveform = await suite.waveform(input, join(o.wavesDir, `verify-${suite.name}-${o.seed}.vcd`));
  return { ok: false, runs: details.numRuns, seed: o.seed, counterexample: suite.show(input), failure, replay: command, path, waveform };
}
