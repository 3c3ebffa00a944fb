// A directory of cached records (`<key>.json`) kept bounded: past a limit the least recently used
// go, down to half of it; a record read is marked used. Shared by npm start's comparison runs
// (comparison-cache.ts) and the assembled objects (kernel/object-cache.ts). Several processes may
// prune one directory at once: a record another removed first is passed over.
import { readdirSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** Past `maxEntries` records in `dir`, remove the least recently used down to half of it. */
export function pruneLeastRecent(dir: string, maxEntries: number): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= maxEntries) return;
  const aged = names.map((n) => ({ n, t: statSync(join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.t - b.t || (a.n < b.n ? -1 : 1));
  for (const { n } of aged.slice(0, names.length - (maxEntries >> 1))) removeRecord(join(dir, n));
}

/** Mark a record used now (pruning keeps it longest). */
export function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // pruned by another process meanwhile: the record read stands
  }
}

/** Remove a record (one another process removed first is passed over: several may prune at once). */
export function removeRecord(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // gone already
  }
}
