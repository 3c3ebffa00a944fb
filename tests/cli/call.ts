// Calls a command line's main function in-process, as its entry point would (callMain: exit code,
// one-line errors), with stdout and stderr captured. `validateOnly` stops after the arguments are
// checked (the argument fuzzer).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { callMain, type CliMain } from '../../testbench/cli/run-main.ts';

export interface Called {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function call(name: string, main: CliMain, argv: readonly string[], validateOnly = false): Promise<Called> {
  let out = '';
  let err = '';
  const code = await callMain(name, main, argv, { out: (t) => void (out += t), err: (t) => void (err += t), validateOnly });
  return { code, out, err };
}

/** A stack trace's frames ("    at f (file:1:2)"): a bug, never the answer to bad input. */
export const STACK_FRAME = /^\s+at .+[:(]/m;

/** The error of a refused command line: exactly one line (progress lines before it may stand). */
export function oneLineError(c: Called): string {
  if (c.code !== 2) throw new Error(`expected exit 2, got ${c.code}\nstdout: ${c.out}\nstderr: ${c.err}`);
  const lines = c.err.split('\n').filter((l) => l !== '');
  const errors = lines.filter((l) => / error: /.test(l));
  if (errors.length !== 1 || lines[lines.length - 1] !== errors[0] || STACK_FRAME.test(c.err)) throw new Error(`expected one error line on stderr, got:\n${c.err}`);
  return errors[0]!;
}

/** Every file under `dir` (relative paths, sorted), for "nothing was written" checks. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out.push(`${rel}${name}/`);
        walk(p, `${rel}${name}/`);
      } else out.push(`${rel}${name}`);
    }
  };
  walk(dir, '');
  return out;
}

/** Temporary files an atomic write leaves if it is not cleaned up. */
export const isTemp = (name: string): boolean => /\.tmp-\d+-[0-9a-f]+/.test(name) || /\.tmp$/.test(name) || /handoff-probe/.test(name);
