// A hash of source files by content and path: what names a cached result (a study's points, npm
// start's comparison runs, an assembled object's toolchain), so that it is reused only while none
// of the files it depends on changed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root.ts';

/** The files under `dir` whose names match `pattern`, in a fixed order (sorted at every level). */
function files(dir: string, pattern: RegExp): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(files(p, pattern));
    else if (pattern.test(name)) out.push(p);
  }
  return out;
}

/** The model's source files: TypeScript, assembly and its includes, and scenario files (JSON). */
const MODEL_FILES = /\.(ts|S|inc|json)$/;

/**
 * A hash of every file matching `pattern` under `dirs` (relative to the project), each with its
 * path: any edit, addition, removal or rename changes it.
 */
export function sourcesFingerprint(dirs: readonly string[], pattern: RegExp = MODEL_FILES): string {
  const h = createHash('sha256');
  for (const d of dirs) {
    for (const f of files(join(PROJECT_ROOT, d), pattern)) h.update(f.slice(PROJECT_ROOT.length)).update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}
