// Results on disk, one JSON file per point named by its hash. Written to a temporary name and
// renamed, so a killed run leaves either a whole result or none.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PointOutcome } from './metrics.ts';
import type { PointConfig } from './point.ts';
import { REPO_ROOT } from './fingerprint.ts';

export interface PointResult extends PointOutcome {
  readonly hash: string;
  readonly point: PointConfig;
}

export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache', 'studies');

export class ResultCache {
  constructor(readonly dir: string = DEFAULT_CACHE_DIR) {
    mkdirSync(dir, { recursive: true });
  }

  path(hash: string): string {
    return join(this.dir, `${hash}.json`);
  }

  get(hash: string): PointResult | undefined {
    const f = this.path(hash);
    if (!existsSync(f)) return undefined;
    try {
      const r = JSON.parse(readFileSync(f, 'utf8')) as PointResult;
      return r.hash === hash ? r : undefined;
    } catch {
      return undefined; // a torn or foreign file: recompute
    }
  }

  put(r: PointResult): void {
    const tmp = `${this.path(r.hash)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(r, null, 1));
    renameSync(tmp, this.path(r.hash));
  }
}
