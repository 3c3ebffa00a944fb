// Copying a bundle of signals field by field: resolved to slot indices once, then a tight loop over
// two Int32Arrays. Both bundles must list fields in the same order with equal widths (checked at
// construction). BundleCopy loads pipeline registers at the clock edge (registers' next <- signals);
// WireCopy drives wires from other signals' current values (a held value onto outputs, in comb()).
import { noteDirectReads, noteDirectWrites } from './access-recording.ts';
import { ElaborationError } from './errors.ts';
import type { Reg, Signal, SignalBase } from './signal.ts';

/** The field pairs of a copy, as store slots once elaborated. */
abstract class SlotPairs {
  private from: Int32Array | null = null;
  private to: Int32Array | null = null;

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

  /** target[destination slot] <- store[source slot], every field. */
  protected copyInto(target: Uint32Array): void {
    if (this.from === null) this.resolve();
    const from = this.from!;
    const to = this.to!;
    const store = this.src[0]!.s;
    for (let k = 0; k < from.length; k++) target[to[k]!] = store[from[k]!]!;
  }

  private resolve(): void {
    if (this.src.some((s) => s.i < 0) || this.dst.some((d) => d.i < 0)) throw new ElaborationError('bundle copy used before elaboration');
    this.from = Int32Array.from(this.src, (s) => s.i);
    this.to = Int32Array.from(this.dst, (d) => d.i);
  }
}

export class BundleCopy extends SlotPairs {
  constructor(dst: readonly Reg[], src: readonly SignalBase[]) {
    super(dst, src, 'bundle copy');
  }

  /** registers.next <- signals, all fields. */
  run(): void {
    this.copyInto((this.dst[0] as Reg).n);
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
}
