// Results on disk, one JSON file per point named by its hash, each written atomically (a killed run
// leaves a whole result or none). Every entry read back is validated (result-schema.ts): a damaged
// or edited one is reported, removed and so recomputed; a bad result is never stored.
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../cli/atomic-file.ts';
import { REPO_ROOT } from './fingerprint.ts';
import { validateResult, type PointResult } from './result-schema.ts';

export type { PointResult } from './result-schema.ts';

export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache', 'studies');

export class ResultCache {
  constructor(
    readonly dir: string = DEFAULT_CACHE_DIR,
    private readonly warn: (message: string) => void = (m) => void process.stderr.write(`${m}\n`),
  ) {}

  path(hash: string): string {
    return join(this.dir, `${hash}.json`);
  }

  get(hash: string): PointResult | undefined {
    const f = this.path(hash);
    if (!existsSync(f)) return undefined;
    try {
      const r = validateResult(JSON.parse(readFileSync(f, 'utf8')), f);
      if (r.hash !== hash) throw new Error(`${f}: holds the result of point ${r.hash}`);
      return r;
    } catch (e) {
      this.warn(`study cache: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}; removed, the point will be recomputed`);
      try {
        unlinkSync(f);
      } catch {
        // another process removed or replaced it first
      }
      return undefined;
    }
  }

  /** Stores a result after checking it: a bad record throws and is not written. */
  put(r: PointResult): void {
    const checked = validateResult(r, `result of point ${r.hash}`);
    writeFileAtomic(this.path(r.hash), JSON.stringify(checked, null, 1));
  }
}
