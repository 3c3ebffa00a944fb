// The reference model's recent accesses, for warming the RTL's caches and TLB at a fast-forward
// hand-off (fast-forward.ts): a bounded ring of (MVA, physical address, kind) fed by the model's
// opt-in access tap (Arm926Core.setAccessTap). Three typed-array stores per access, no allocation.
import type { Arm926Core } from '../reference/core.ts';

export { TAP_FETCH_ARM, TAP_FETCH_THUMB, TAP_READ, TAP_WRITE } from '../reference/core.ts';

/** One recorded access: its MVA (after FCSE), physical address and kind (TAP_*). */
export interface RecordedAccess {
  readonly mva: number;
  readonly pa: number;
  readonly kind: number;
}

export class AccessRing {
  private readonly mvas: Uint32Array;
  private readonly pas: Uint32Array;
  private readonly kinds: Uint8Array;
  private next = 0;
  private count = 0;
  /** Accesses seen since attached (the ring holds the last `capacity` of them). */
  seen = 0;

  constructor(readonly capacity = 1 << 16) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`access ring capacity must be a positive integer, got ${String(capacity)}`);
    this.mvas = new Uint32Array(capacity);
    this.pas = new Uint32Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  /** The tap to give the model. */
  readonly tap = (mva: number, pa: number, kind: number): void => {
    const k = this.next;
    this.mvas[k] = mva;
    this.pas[k] = pa;
    this.kinds[k] = kind;
    this.next = k + 1 === this.capacity ? 0 : k + 1;
    if (this.count < this.capacity) this.count++;
    this.seen++;
  };

  /** Start recording the core's accesses (until detach). */
  attach(core: Arm926Core): void {
    core.setAccessTap(this.tap);
  }

  detach(core: Arm926Core): void {
    core.setAccessTap(null);
  }

  get length(): number {
    return this.count;
  }

  /** The recorded accesses, oldest first. */
  *entries(): Generator<RecordedAccess> {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const k = (start + i) % this.capacity;
      yield { mva: this.mvas[k]!, pa: this.pas[k]!, kind: this.kinds[k]! };
    }
  }
}
