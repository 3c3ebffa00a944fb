// Copying a bundle of signals into a bundle of registers at the clock edge (pipeline registers):
// resolved to slot indices once, then a tight loop over two Int32Arrays. Both bundles must list
// fields in the same order with equal widths (checked when the copy is first used).
import { ElaborationError } from './errors.ts';
import type { Reg, SignalBase } from './signal.ts';

export class BundleCopy {
  private from: Int32Array | null = null;
  private to: Int32Array | null = null;

  constructor(
    private readonly dst: readonly Reg[],
    private readonly src: readonly SignalBase[],
  ) {
    if (dst.length !== src.length) throw new ElaborationError(`bundle copy: ${dst.length} registers from ${src.length} signals`);
    dst.forEach((d, k) => {
      const s = src[k]!;
      if (d.width !== s.width) throw new ElaborationError(`bundle copy: ${d.path} (${d.width} bits) from ${s.path} (${s.width} bits)`);
    });
  }

  /** registers.next <- signals, all fields. */
  run(): void {
    if (this.from === null) this.resolve();
    const from = this.from!;
    const to = this.to!;
    const store = this.src[0]!.s;
    const next = this.dst[0]!.n;
    for (let k = 0; k < from.length; k++) next[to[k]!] = store[from[k]!]!;
  }

  private resolve(): void {
    if (this.src.some((s) => s.i < 0) || this.dst.some((d) => d.i < 0)) throw new ElaborationError('bundle copy used before elaboration');
    this.from = Int32Array.from(this.src, (s) => s.i);
    this.to = Int32Array.from(this.dst, (d) => d.i);
  }
}
