// Driving a bundle of wires from a record of values (comb), straight into the store: generated
// code with the wires' slots as constants (`s[417] = v.valid >>> 0; ...`), made once per list of
// fields and slots (designs built alike share it). For logic that computes many outputs into a
// plain record first (the decoder's uop, a TLB lookup) and would otherwise write each wire through
// a handle it was passed: constant-slot methods (specialize.ts) rewrite `this.x.v`, not `p.x.v`.
// The values must fit their wires (plain runs do not check writes); the writes are reported to a
// recording like `.v` writes.
import { noteDirectWrites } from './access-recording.ts';
import { ElaborationError } from './errors.ts';
import { generatedFunction, ownFunction, type OwnCode } from './generated.ts';
import type { Signal } from './signal.ts';

type Driver = (values: object, store: Uint32Array) => void;

export class RecordDriver<K extends string> implements OwnCode {
  private driveNow: Driver | null = null;
  private readonly list: readonly Signal[];

  constructor(
    private readonly fields: readonly K[],
    wires: Readonly<Record<K, Signal>>,
  ) {
    this.list = fields.map((f) => wires[f]);
    for (const f of fields) if (!/^[A-Za-z_$][\w$]*$/.test(f)) throw new ElaborationError(`record driver: field ${JSON.stringify(f)} is not an identifier`);
    for (const w of this.list) if (w.words !== 1) throw new ElaborationError(`record driver: ${w.path} is wider than a word`);
  }

  /** Every wire <- its field's value. */
  drive(values: Readonly<Record<K, number>>): void {
    (this.driveNow ??= this.compile())(values, this.list[0]!.s);
    noteDirectWrites(this.list);
  }

  /** A long run: `drive` becomes this driver's own function, the store and slots constants in it. */
  makeOwn(tag: string): void {
    type Make = (s: Uint32Array, writes: typeof noteDirectWrites, list: readonly Signal[]) => (values: object) => void;
    const body = `return function drive(v) {\n${this.storesText()}\nwrites(list);\n};`;
    const drive = ownFunction<Make>(['s', 'writes', 'list'], body, tag)(this.list[0]!.s, noteDirectWrites, this.list);
    Object.defineProperty(this, 'drive', { value: drive, writable: true, configurable: true, enumerable: false });
  }

  private compile(): Driver {
    return generatedFunction<Driver>(['v', 's'], this.storesText());
  }

  /** The straight-line stores `s[slot] = v.field >>> 0;` of every field (slots known after elaboration). */
  private storesText(): string {
    if (this.list.some((w) => w.i < 0)) throw new ElaborationError('record driver used before elaboration');
    return this.fields.map((f, k) => `s[${this.list[k]!.i}] = v.${f} >>> 0;`).join('\n');
  }
}
