// The project's root directory (the one holding package.json and kernel/), found from this module's
// own location: the same answer whether the sources run through tsx or precompiled from dist/
// (`npm run build`), so kernel sources, scenario files and caches are found either way.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'kernel', 'src'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root (package.json beside kernel/src) above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
