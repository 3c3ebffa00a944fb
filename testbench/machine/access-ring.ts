// The reference model's recent accesses, for warming the RTL's caches and TLB at a fast-forward
// hand-off (fast-forward.ts): a bounded ring of (MVA, physical address, kind, the CP15 control bits
// then) fed by the model's opt-in access tap (Arm926Core.setAccessTap). Four typed-array stores per
// access, no allocation. The control bits matter: a run's early accesses (the boot, MMU and caches
// off) fill nothing, and replaying them with the hand-off's control would.
import type { Arm926Core } from '../reference/core.ts';
import { CTRL_C, CTRL_I, CTRL_M } from '../../rtl/mem/cp15-link.ts';

export { TAP_FETCH_ARM, TAP_FETCH_THUMB, TAP_READ, TAP_WRITE } from '../reference/core.ts';

/** One recorded access: its MVA (after FCSE), physical address, kind (TAP_*) and CP15 control (M, C, I bits: CTRL_*) when it was made. */
export interface RecordedAccess {
  readonly mva: number;
  readonly pa: number;
  readonly kind: number;
  readonly control: number;
}

/** The control register bits a replay needs (M, C, I). */
const CONTROL_BITS = CTRL_M | CTRL_C | CTRL_I;

export class AccessRing {
  private readonly mvas: Uint32Array;
  private readonly pas: Uint32Array;
  private readonly kinds: Uint8Array;
  private readonly controls: Uint16Array;
  /** The core whose control register is sampled per access (set by attach; a bare tap records M, C and I on). */
  private core: Arm926Core | null = null;
  private next = 0;
  private count = 0;
  /** Accesses seen since attached (the ring holds the last `capacity` of them). */
  seen = 0;

  constructor(readonly capacity = 1 << 16) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`access ring capacity must be a positive integer, got ${String(capacity)}`);
    this.mvas = new Uint32Array(capacity);
    this.pas = new Uint32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.controls = new Uint16Array(capacity);
  }

  /** The tap to give the model. */
  readonly tap = (mva: number, pa: number, kind: number): void => {
    const k = this.next;
    this.mvas[k] = mva;
    this.pas[k] = pa;
    this.kinds[k] = kind;
    this.controls[k] = this.core === null ? CONTROL_BITS : this.core.cp15.control & CONTROL_BITS;
    this.next = k + 1 === this.capacity ? 0 : k + 1;
    if (this.count < this.capacity) this.count++;
    this.seen++;
  };

  /** Start recording the core's accesses (until detach). */
  attach(core: Arm926Core): void {
    this.core = core;
    core.setAccessTap(this.tap);
  }

  detach(core: Arm926Core): void {
    core.setAccessTap(null);
    this.core = null;
  }

  get length(): number {
    return this.count;
  }

  /** The recorded accesses, oldest first. */
  *entries(): Generator<RecordedAccess> {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const k = (start + i) % this.capacity;
      yield { mva: this.mvas[k]!, pa: this.pas[k]!, kind: this.kinds[k]!, control: this.controls[k]! };
    }
  }
}
