// Assembled objects kept on disk between processes (as ccache keeps compiled ones): every tool, test
// and npm start builds the same kernel and programs, and assembling them is most of a build. An
// object is named by a hash of what it is made from: the toolchain's sources, the file name, its
// text, the symbols defined and the include directories. Files it read (.include, .incbin) are
// listed with a hash of their contents, and of files it looked for and did not find, that they were
// absent; the object is reused only while every one is as it was. A record that cannot be read or
// does not check is removed and the source assembled again; nothing is kept for a failed assembly.
// HANDOFF_BUILD_CACHE=0 turns it off (the in-process cache of build.ts stays).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../testbench/cli/atomic-file.ts';
import { markUsed, pruneLeastRecent, removeRecord } from '../testbench/cli/cache-dir.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { sourcesFingerprint } from './source-fingerprint.ts';
import type { AssembleOptions } from './toolchain/asm/assembler.ts';
import type { ObjectFile } from './toolchain/index.ts';

export const OBJECT_CACHE_DIR = join(PROJECT_ROOT, '.cache', 'asm');
/** Bumped when the record's shape changes. */
const FORMAT = 1;
/** Records kept at most (a kernel's objects are ~30 KB each: tens of MB at most). */
const MAX_ENTRIES = 2000;

/** A file the assembly read (its contents' hash) or looked for and did not find (null). */
type Read = readonly [path: string, hash: string | null];

interface CacheRecord {
  readonly format: number;
  readonly key: string;
  readonly reads: readonly Read[];
  readonly object: unknown;
}

const sha = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex').slice(0, 24);

let toolchain: string | undefined;
/** The toolchain's sources (once per process: they do not change under a running build). */
function toolchainFingerprint(): string {
  toolchain ??= sourcesFingerprint(['kernel/toolchain']);
  return toolchain;
}

export function enabled(): boolean {
  return process.env.HANDOFF_BUILD_CACHE !== '0';
}

/** Uint8Arrays (section bytes) as base64 in JSON, and back. */
function toJson(object: ObjectFile): string {
  return JSON.stringify(object, (_k, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : v));
}
function reviveBytes(_k: string, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && typeof (v as { $bytes?: unknown }).$bytes === 'string') return new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64'));
  return v;
}

/** The name of an object: what it is assembled from (the files it reads are checked apart). */
export function objectKey(toolchainSources: string, text: string, file: string, defsym: Readonly<Record<string, number>>, includeDirs: readonly string[]): string {
  const syms = Object.entries(defsym).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha(JSON.stringify([FORMAT, toolchainSources, file, syms, includeDirs, text]));
}

export class ObjectCache {
  constructor(
    readonly dir: string = OBJECT_CACHE_DIR,
    private readonly warn: (message: string) => void = (m) => void process.stderr.write(`${m}\n`),
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** A write failed: no more are tried (objects are still read). */
  private unwritable = false;

  key(text: string, file: string, defsym: Readonly<Record<string, number>>, includeDirs: readonly string[]): string {
    return objectKey(toolchainFingerprint(), text, file, defsym, includeDirs);
  }

  path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /**
   * The object for `key` if one was kept and every file it read is unchanged; else `assemble`s it
   * with reads recorded and keeps it. `assemble` gets the read hooks to pass to the assembler.
   */
  getOrAssemble(key: string, assemble: (hooks: Pick<AssembleOptions, 'readFile' | 'readBinary'>) => ObjectFile): ObjectFile {
    const kept = this.get(key);
    if (kept) return kept;
    const reads: Read[] = [];
    // Every file the assembler opens, with its contents' hash, or absent (the error passed on).
    const recorded = (p: string): Buffer => {
      try {
        const bytes = readFileSync(p);
        reads.push([p, sha(bytes)]);
        return bytes;
      } catch (e) {
        reads.push([p, null]);
        throw e;
      }
    };
    const object = assemble({ readFile: (p) => recorded(p).toString('utf8'), readBinary: (p) => new Uint8Array(recorded(p)) });
    if (this.unwritable) return object;
    const record = `{"format":${FORMAT},"key":${JSON.stringify(key)},"reads":${JSON.stringify(reads)},"object":${toJson(object)}}\n`;
    try {
      writeFileAtomic(this.path(key), record);
      pruneLeastRecent(this.dir, this.maxEntries);
    } catch (e) {
      // Said once: a read-only checkout would otherwise say it for every object of every build.
      this.unwritable = true;
      this.warn(`build cache: ${this.path(key)} not written (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); this process keeps no more objects on disk`);
    }
    return object;
  }

  private get(key: string): ObjectFile | undefined {
    const f = this.path(key);
    if (!existsSync(f)) return undefined;
    let record: CacheRecord;
    try {
      record = JSON.parse(readFileSync(f, 'utf8'), reviveBytes) as CacheRecord;
      if (record.format !== FORMAT || record.key !== key || !Array.isArray(record.reads) || typeof record.object !== 'object' || record.object === null) throw new Error('not a record of this key and format');
    } catch (e) {
      this.warn(`build cache: ${f}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}; removed, the source is assembled again`);
      removeRecord(f);
      return undefined;
    }
    // Stale, not damaged: an included file changed (the next assembly replaces the record).
    for (const [p, hash] of record.reads) if (currentHash(p) !== hash) return undefined;
    markUsed(f);
    return record.object as ObjectFile;
  }
}

/** A file's contents' hash now, or null when it cannot be read. */
function currentHash(path: string): string | null {
  try {
    return sha(readFileSync(path));
  } catch {
    return null;
  }
}
