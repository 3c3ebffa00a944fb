// A hash of the sources that decide a point's result (RTL, kernel, scenario, checkers, this study
// runner): a cached result is reused only while none of them changed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODEL_DIRS = ['rtl', 'kernel', 'testbench/scenarios', 'testbench/checkers', 'testbench/studies/scenarios'];

function files(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (/\.(ts|S|inc)$/.test(name)) out.push(p);
  }
  return out;
}

let memo: string | undefined;
export function modelFingerprint(): string {
  if (memo !== undefined) return memo;
  const h = createHash('sha256');
  for (const d of MODEL_DIRS) {
    for (const f of files(join(REPO_ROOT, d))) h.update(f.slice(REPO_ROOT.length)).update(readFileSync(f));
  }
  memo = h.digest('hex').slice(0, 16);
  return memo;
}
