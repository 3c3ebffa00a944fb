// Which IPC windows can still turn out to be the hot one (hotAndCold in ipc-scenario.ts: the last
// IPC with the median cost in the second half of the measured class), decided while the run goes
// on: the measuring pass keeps the waveform windows of these only (window-capture.ts).
//
// The classes hotAndCold measures, narrowest first: fast-path hand-offs, hand-offs, every kernel
// window; the one measured at the end is the narrowest with a member. Classes only grow, so:
//  - an IPC outside the narrowest class seen so far is never the hot one;
//  - in it, one in the first half of the members so far never is (the second half only moves on);
//  - nor one with a later member of the same cost: the second half is a suffix, so where it holds
//    this one it holds the later one too, and the last of that cost is the one shown.

/** What the decision reads of an IPC report (IpcReport has it). */
export interface HotCandidate {
  readonly index: number;
  readonly kind: string;
  readonly path: 'fast' | 'slow';
  readonly cost: { readonly cycles: number };
}

interface MeasuredClass {
  seen: number;
  /** Each member's position in the class (by report index). */
  readonly position: Map<number, number>;
  /** The last member of each cost (by cycles). */
  readonly lastOfCost: Map<number, number>;
}

export class HotCandidates {
  private readonly classes: readonly MeasuredClass[] = [0, 1, 2].map(() => ({ seen: 0, position: new Map<number, number>(), lastOfCost: new Map<number, number>() }));

  /** Record an IPC, in report order. */
  admit(ipc: HotCandidate): void {
    for (const k of classesOf(ipc)) {
      const c = this.classes[k]!;
      c.position.set(ipc.index, c.seen++);
      c.lastOfCost.set(ipc.cost.cycles, ipc.index);
    }
  }

  /** False when `ipc` (admitted) can no longer be the hot IPC, whatever the rest of the run brings. */
  showable(ipc: HotCandidate): boolean {
    const c = this.classes.find((m) => m.seen > 0);
    if (c === undefined) return true;
    const pos = c.position.get(ipc.index);
    return pos !== undefined && pos >= Math.floor(c.seen / 2) && c.lastOfCost.get(ipc.cost.cycles) === ipc.index;
  }
}

/** The measured classes an IPC belongs to (0 fast-path hand-offs, 1 hand-offs, 2 every window). */
function classesOf(ipc: HotCandidate): readonly number[] {
  if (ipc.kind !== 'hand-off') return [2];
  return ipc.path === 'fast' ? [0, 1, 2] : [1, 2];
}
