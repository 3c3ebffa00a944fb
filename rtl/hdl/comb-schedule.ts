// The combinational schedule, derived: what each module's comb() reads and writes is recorded at
// elaboration (and extended by `combReads()` declarations), and the modules are ordered so that
// every signal is written before it is read. A cycle in that graph is a combinational loop,
// reported with the modules and signals on it. Recording sees only the paths the recording passes
// take; check mode (simulator.ts) records every cycle and fails on any read the order gets wrong.
import { setAccessSink, withRecordingAccessors, type AccessSink } from './access-recording.ts';
import { ElaborationError } from './errors.ts';
import type { CombBlock } from './module.ts';
import { TextSignal } from './signal.ts';

/** Per comb block: the nodes (see AccessSink) it reads and writes. */
export interface CombAccesses {
  readonly reads: ReadonlyArray<ReadonlySet<number>>;
  readonly writes: ReadonlyArray<ReadonlySet<number>>;
  /**
   * Observers: blocks that (from the reset state) write text signals, and only text signals no
   * other block reads, e.g. a testbench's pipeline view. Scheduled last, where every read sees its
   * final value on any path, they need no random-state recording, which would also run their
   * caches and counters on states the design never reaches.
   */
  readonly observers: ReadonlyArray<boolean>;
}

export interface RecordingDesign {
  readonly store: Uint32Array;
  readonly textStore: string[];
  readonly regLo: number;
  /** For each store word, the bits a value may have there. */
  readonly slotMask: Uint32Array;
}

/** Passes over all blocks from the reset state at most: each starts from what the last one left. */
const MAX_RESET_PASSES = 8;
/**
 * Rounds from random states: comb logic takes different branches in different states, and a read
 * on a branch no round takes is invisible to recording. 256 rounds of two passes cost a few tens of
 * milliseconds on the whole system; with the bus mux's declared reads, the order they give passes
 * every check-mode test of the system (4,096 rounds find 11 more edges, all already satisfied).
 */
const RANDOM_ROUNDS = 256;
const RANDOM_SEED = 0x2545f491;

/** Is `node` a net whose value can change during settle (not a register)? */
function isCombNode(node: number, regLo: number, storeLength: number): boolean {
  return node < regLo || node >= storeLength;
}

/** Deterministic values that favour 0, 1, all-ones and small numbers (compared against constants). */
function randomFiller(seed: number): (mask: number) => number {
  let x = seed;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  return (mask) => {
    const pick = next() & 7;
    const value = pick === 0 ? 0 : pick === 1 ? 1 : pick === 2 ? 0xffff_ffff : pick === 3 ? next() & 15 : next();
    return (value & mask) >>> 0;
  };
}

/**
 * Run every block with access recording: from the reset state until a pass finds no new access,
 * then from RANDOM_ROUNDS random states of every wire and register (two passes each, so the second
 * sees wires computed from the random registers). Then every value is put back, so the first cycle
 * starts exactly as it would have without recording. A block that throws on these values
 * contributes what it accessed before throwing (a real run raises the error if the values occur).
 */
export function recordCombAccesses(blocks: readonly CombBlock[], d: RecordingDesign): CombAccesses {
  const reads = blocks.map(() => new Set<number>());
  const writes = blocks.map(() => new Set<number>());
  let current = 0;
  let grew = false;
  const storeLength = d.store.length;
  const note = (sets: Set<number>[], node: number): void => {
    if (!isCombNode(node, d.regLo, storeLength)) return;
    const set = sets[current]!;
    if (!set.has(node)) {
      set.add(node);
      grew = true;
    }
  };
  const sink: AccessSink = { read: (node) => note(reads, node), write: (node) => note(writes, node) };
  let observers: boolean[] = blocks.map(() => false);
  const pass = (): void =>
    blocks.forEach((b, k) => {
      if (observers[k]) return;
      current = k;
      try {
        b.run();
      } catch {
        // Recorded up to the throw; see the function comment.
      }
    });
  const store = d.store.slice();
  const textStore = [...d.textStore];
  const fill = randomFiller(RANDOM_SEED);
  setAccessSink(sink, storeLength);
  try {
    withRecordingAccessors(() => {
      for (let k = 0; k < MAX_RESET_PASSES; k++) {
        grew = false;
        pass();
        if (!grew) break;
      }
      observers = findObservers(reads, writes, storeLength);
      for (let round = 0; round < RANDOM_ROUNDS; round++) {
        for (let slot = 0; slot < storeLength; slot++) d.store[slot] = fill(d.slotMask[slot]!);
        pass();
        pass();
      }
    });
  } finally {
    setAccessSink(null);
    d.store.set(store);
    textStore.forEach((t, k) => (d.textStore[k] = t));
  }
  blocks.forEach((b, k) => {
    for (const s of b.declaredReads) reads[k]!.add(s instanceof TextSignal ? storeLength + s.i : s.i);
  });
  return { reads, writes, observers };
}

function findObservers(reads: ReadonlyArray<ReadonlySet<number>>, writes: ReadonlyArray<ReadonlySet<number>>, storeLength: number): boolean[] {
  const readByOthers = (node: number, self: number): boolean => reads.some((set, k) => k !== self && set.has(node));
  return writes.map((set, k) => set.size > 0 && [...set].every((node) => node >= storeLength && !readByOthers(node, k)));
}

/**
 * Order `blocks` so each node's writer comes before its readers (ties: see below). Throws
 * ElaborationError on a node with two writers or on a combinational loop (naming its modules and
 * signals).
 */
export function deriveCombSchedule(blocks: readonly CombBlock[], acc: CombAccesses, nameOf: (node: number) => string): CombBlock[] {
  const writerOf = new Map<number, number>();
  acc.writes.forEach((set, w) => {
    for (const node of set) {
      const other = writerOf.get(node);
      if (other !== undefined) {
        throw new ElaborationError(`${nameOf(node)} is written by the comb logic of two modules, ${blocks[other]!.path} and ${blocks[w]!.path}: one module must drive it`);
      }
      writerOf.set(node, w);
    }
  });
  // via.get(w).get(r): a node w writes and r reads (the first found), for naming a loop.
  const via = blocks.map(() => new Map<number, number>());
  const indegree = blocks.map(() => 0);
  acc.reads.forEach((set, r) => {
    for (const node of set) {
      const w = writerOf.get(node);
      if (w === undefined || w === r || via[w]!.has(r)) continue;
      via[w]!.set(r, node);
      indegree[r]!++;
    }
  });
  const order: number[] = [];
  const done = blocks.map(() => false);
  // Among the blocks free to go, the one that read the fewest wires in recording goes first (a
  // block that reads only registers is most likely a true source), then the one listed first.
  // Observers go last: nothing reads what they write, so nothing waits on them.
  const weight = acc.reads.map((set) => set.size);
  const before = (k: number, other: number): boolean =>
    acc.observers[k] !== acc.observers[other] ? !acc.observers[k] : weight[k]! < weight[other]!;
  for (;;) {
    let next = -1;
    for (let k = 0; k < blocks.length; k++) if (!done[k] && indegree[k] === 0 && (next < 0 || before(k, next))) next = k;
    if (next < 0) break;
    done[next] = true;
    order.push(next);
    for (const r of via[next]!.keys()) indegree[r]!--;
  }
  if (order.length < blocks.length) throw new ElaborationError(describeLoop(blocks, via, done, nameOf));
  return order.map((k) => blocks[k]!);
}

/** Follow unscheduled blocks (each waits on another unscheduled one) until one repeats. */
function describeLoop(blocks: readonly CombBlock[], via: ReadonlyArray<ReadonlyMap<number, number>>, done: readonly boolean[], nameOf: (node: number) => string): string {
  const waitsOn = (r: number): number => {
    for (let w = 0; w < blocks.length; w++) if (!done[w] && via[w]!.has(r)) return w;
    throw new Error('unreachable: an unscheduled block waits on a scheduled one');
  };
  const path: number[] = [];
  let k = done.indexOf(false);
  while (!path.includes(k)) {
    path.push(k);
    k = waitsOn(k);
  }
  // path[i] waits on path[i+1]: reversed, each block writes what the next one reads.
  const loop = path.slice(path.indexOf(k)).reverse();
  const steps = loop.map((w, i) => {
    const r = loop[(i + 1) % loop.length]!;
    return `${blocks[w]!.path} writes ${nameOf(via[w]!.get(r)!)}, read by ${blocks[r]!.path}`;
  });
  const signals = loop.map((w, i) => nameOf(via[w]!.get(loop[(i + 1) % loop.length]!)!));
  return `combinational loop through ${signals.join(' -> ')} -> ${signals[0]}: ${steps.join('; ')}`;
}
