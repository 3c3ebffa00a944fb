// Point results computed elsewhere (`--point`, `--index`, a job array), read back for a merge:
// every line of every file validated (schema, digest, and the hash this model gives the point)
// before any is stored, so a bad line stores nothing.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseJson } from '../cli/input-file.ts';
import { pointHash } from './point.ts';
import { ResultError, validateResult, type PointResult } from './result-schema.ts';

/** Every line of every merge file, validated (schema, digest, hash of this model) before any is stored. */
export async function readMerge(files: readonly string[]): Promise<PointResult[]> {
  const out: PointResult[] = [];
  for (const f of files) {
    const lines = createInterface({ input: createReadStream(f, { encoding: 'utf8' }), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      const r = validateResult(parseJson(line, f, n), `${f}:${n}`);
      const hash = pointHash(r.point);
      if (hash !== r.hash) throw new ResultError(`${f}:${n}: result.hash: ${r.hash} was computed by another model or configuration (this model gives ${hash})`);
      out.push(r);
    }
  }
  return out;
}

/** `--merge A B C`: the files (the option's values and the positionals after it), and the other positionals. */
export function mergeArguments(merge: readonly string[], positionals: readonly string[], after: ReadonlyMap<string, readonly string[]>): { readonly files: string[]; readonly others: string[] } {
  const trailing = after.get('merge') ?? [];
  return { files: [...merge, ...trailing], others: positionals.filter((p) => !trailing.includes(p)) };
}
