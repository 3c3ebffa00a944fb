// Copying a bundle of signals field by field: resolved to slot indices once, then straight-line
// code with the slots as constants. Both bundles must list fields in the same order with equal
// widths (checked at construction). BundleCopy loads pipeline registers at the clock edge
// (registers' next <- signals); WireCopy drives wires from other signals' current values (a held
// value onto outputs, in comb()).
import { noteDirectReads, noteDirectWrites } from './access-recording.ts';
import { ElaborationError } from './errors.ts';
import { generatedFunction, ownFunction, type OwnCode } from './generated.ts';
import type { Reg, Signal, SignalBase } from './signal.ts';

/** The field pairs of a copy, as store slots once elaborated. */
abstract class SlotPairs implements OwnCode {
  /** The copy, made when first run (the slots are known after elaboration). */
  private copy: Copier | null = null;

  constructor(
    protected readonly dst: readonly SignalBase[],
    protected readonly src: readonly SignalBase[],
    what: string,
  ) {
    if (dst.length !== src.length) throw new ElaborationError(`${what}: ${dst.length} destinations from ${src.length} signals`);
    dst.forEach((d, k) => {
      const s = src[k]!;
      if (d.width !== s.width) throw new ElaborationError(`${what}: ${d.path} (${d.width} bits) from ${s.path} (${s.width} bits)`);
    });
  }

  /**
   * target[destination slot] <- store[source slot], every field: straight-line code with the slots
   * as constants, no index arrays to load, no loop. Made once per list of pairs: designs built alike
   * share it.
   */
  protected copyInto(target: Uint32Array): void {
    if (this.copy === null) this.copy = generatedFunction<Copier>(['s', 't'], this.storesText());
    this.copy(this.src[0]!.s, target);
  }

  /** A long run: `run` becomes this copy's own function, the arrays and slots constants in it. */
  abstract makeOwn(tag: string): void;

  /** The copy's straight-line stores into `t` from `s` (`t[417] = s[233]; ...`; slots known after elaboration). */
  protected storesText(): string {
    if (this.src.some((s) => s.i < 0) || this.dst.some((d) => d.i < 0)) throw new ElaborationError('bundle copy used before elaboration');
    return this.src.map((s, k) => `t[${this.dst[k]!.i}] = s[${s.i}];`).join('\n');
  }
}

type Copier = (store: Uint32Array, target: Uint32Array) => void;

export class BundleCopy extends SlotPairs {
  constructor(dst: readonly Reg[], src: readonly SignalBase[]) {
    super(dst, src, 'bundle copy');
  }

  /** registers.next <- signals, all fields. */
  run(): void {
    this.copyInto((this.dst[0] as Reg).n);
  }

  makeOwn(tag: string): void {
    const run = ownFunction<(s: Uint32Array, t: Uint32Array) => () => void>(['s', 't'], `return function run() {\n${this.storesText()}\n};`, tag);
    Object.defineProperty(this, 'run', { value: run(this.src[0]!.s, (this.dst[0] as Reg).n), writable: true, configurable: true, enumerable: false });
  }
}

export class WireCopy extends SlotPairs {
  constructor(dst: readonly Signal[], src: readonly SignalBase[]) {
    super(dst, src, 'wire copy');
  }

  /** wires.v <- signals.v, all fields (straight through the store: reported to a recording like `.v` accesses). */
  run(): void {
    noteDirectReads(this.src);
    this.copyInto(this.src[0]!.s);
    noteDirectWrites(this.dst);
  }

  makeOwn(tag: string): void {
    type Make = (s: Uint32Array, t: Uint32Array, reads: typeof noteDirectReads, writes: typeof noteDirectWrites, src: readonly SignalBase[], dst: readonly SignalBase[]) => () => void;
    const run = ownFunction<Make>(['s', 't', 'reads', 'writes', 'src', 'dst'], `return function run() {\nreads(src);\n${this.storesText()}\nwrites(dst);\n};`, tag);
    const store = this.src[0]!.s;
    Object.defineProperty(this, 'run', { value: run(store, store, noteDirectReads, noteDirectWrites, this.src, this.dst), writable: true, configurable: true, enumerable: false });
  }
}
