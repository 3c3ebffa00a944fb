// Records with a fixed shape: one property per name, built as an object literal. A record of many
// properties filled in by keyed stores (`out[name] = ...` in a loop) ends up in V8's dictionary
// mode, where every `record.field` read in per-cycle logic is a hash lookup; an object literal
// keeps all fields in-object behind one hidden class, so those reads compile to fixed offsets.
import { ElaborationError } from './errors.ts';

type Builder = (value: (index: number) => unknown) => Record<string, unknown>;

// One builder per name list: every record of the same names shares one literal site and so one
// hidden class (Decode's uop wires and values, Memory's and Writeback's registers).
const builders = new WeakMap<readonly string[], Builder>();

function builderFor(names: readonly string[]): Builder {
  let b = builders.get(names);
  if (b === undefined) {
    if (new Set(names).size !== names.length) throw new ElaborationError(`fixed record: duplicate field names in ${names.join(', ')}`);
    const body = `return {\n${names.map((n, k) => `  ${JSON.stringify(n)}: value(${k}),`).join('\n')}\n};`;
    b = new Function('value', body) as Builder;
    builders.set(names, b);
  }
  return b;
}

/** A record with one property per name (in order), each set to `value(name, index)`. */
export function fixedRecord<K extends string, T>(names: readonly K[], value: (name: K, index: number) => T): Record<K, T> {
  return builderFor(names)((k) => value(names[k]!, k)) as Record<K, T>;
}
