// Elaboration: turn a module tree into a flat design once, before the first cycle. Connected
// signals become one net sharing one store slot; registers get a contiguous slot range so the clock
// edge is two typed-array copies; the combinational schedule is derived from what each comb()
// reads and writes (comb-schedule.ts) and flattened so hierarchy depth costs nothing per cycle.
import { deriveCombSchedule, recordCombAccesses, type CombAccesses } from './comb-schedule.ts';
import { ElaborationError } from './errors.ts';
import type { Memory } from './memory.ts';
import { walkModules, type CombBlock, type Module } from './module.ts';
import { Reg, type AnySignal, type TextSignal } from './signal.ts';

export interface Design {
  readonly top: Module;
  readonly modules: readonly Module[];
  readonly signals: readonly AnySignal[];
  readonly texts: readonly TextSignal[];
  readonly memories: readonly Memory[];
  /** The memories written this cycle, each once (in the order of their first write): the edge commits these and empties the list. */
  readonly writtenMemories: Memory[];
  /** Signal values, one or more words per net. */
  readonly store: Uint32Array;
  /** Registers' next values, indexed like `store` (only [regLo, regHi) is used). */
  readonly next: Uint32Array;
  /** Reset values of the register range, indexed from regLo. */
  readonly resetValues: Uint32Array;
  readonly regLo: number;
  readonly regHi: number;
  /** Text signal values. */
  readonly textStore: string[];
  /** For each store word, a signal that lives there (for naming it in messages). */
  readonly slotSignal: readonly AnySignal[];
  /** Comb blocks, in evaluation order (derived: see comb-schedule.ts). */
  readonly combSchedule: readonly CombBlock[];
  /** The comb blocks, children's before parents': the order `combAccesses` is indexed in. */
  readonly combBlocks: readonly CombBlock[];
  /** What each comb block was seen to read and write at elaboration (plus `combReads()`). */
  readonly combAccesses: CombAccesses;
  /** The name of an access node: a net's signal path or a text signal's path. */
  readonly nameOf: (node: number) => string;
  /** Modules with clocked logic, in declaration order. */
  readonly clocked: readonly Module[];
}

/** The bits each store word may hold: all but the top word of a net's signal are full. */
export function slotMasks(slotSignal: readonly AnySignal[]): Uint32Array {
  const masks = new Uint32Array(slotSignal.length);
  slotSignal.forEach((s, k) => {
    const top = k === slotSignal.length - 1 || slotSignal[k + 1] !== s;
    masks[k] = top ? ~s.overflow >>> 0 : 0xffff_ffff;
  });
  return masks;
}

/** Every comb block, a module's after its children's (the order ties are broken in). */
function combBlocks(top: Module): CombBlock[] {
  const out: CombBlock[] = [];
  const visit = (m: Module): void => {
    for (const c of m.children) visit(c);
    out.push(...m.combBlocks());
  };
  visit(top);
  return out;
}

/**
 * Recorded accesses of designs elaborated earlier in this process, by the key their builder gave
 * (`elaborate(top, { scheduleKey })`). Recording installs accessors on the signal classes'
 * prototypes and takes them off again, which throws away V8's optimised code for every `.v` site:
 * each new design then ran at about half speed for its first ~40,000 cycles (measured on the kernel
 * ping-pong: 190k against 410k cycles/s). A builder that makes many designs from the same inputs
 * (the machine interface: a study's points, npm start's design comparison) records once; one that
 * makes many different designs can have them recorded in another thread (importRecording).
 */
interface KeptRecording {
  /** The comb blocks' paths, the store's size and its layout (layoutOf): what must match to reuse it. */
  readonly blockPaths: string;
  readonly slots: number;
  readonly layout: string;
  readonly acc: CombAccesses;
}
const recordedByKey = new Map<string, KeptRecording>();
/** Recordings made in this thread (the first costs no optimised code: nothing has run yet). */
let recordedHere = 0;

/** A recording as plain data, to pass between threads (see importRecording). */
export interface TransferredRecording {
  readonly blockPaths: string;
  readonly slots: number;
  readonly layout: string;
  readonly reads: readonly (readonly number[])[];
  readonly writes: readonly (readonly number[])[];
  readonly observers: readonly boolean[];
}

/** How many designs this thread has recorded (each later one discards optimised code). */
export function recordingsMadeHere(): number {
  return recordedHere;
}

export function hasRecording(key: string): boolean {
  return recordedByKey.has(key);
}

/** The recording kept for `key`, as plain data. */
export function exportRecording(key: string): TransferredRecording | undefined {
  const r = recordedByKey.get(key);
  if (r === undefined) return undefined;
  return { blockPaths: r.blockPaths, slots: r.slots, layout: r.layout, reads: r.acc.reads.map((set) => [...set]), writes: r.acc.writes.map((set) => [...set]), observers: [...r.acc.observers] };
}

/**
 * Keep a recording made elsewhere (another thread built the design from the same inputs) for
 * `key`: a design elaborated with that key then uses it if its blocks, store size and layout match
 * (else it records afresh, as for any mismatch).
 */
export function importRecording(key: string, r: TransferredRecording): void {
  recordedByKey.set(key, { blockPaths: r.blockPaths, slots: r.slots, layout: r.layout, acc: { reads: r.reads.map((a) => new Set(a)), writes: r.writes.map((a) => new Set(a)), observers: [...r.observers] } });
}

/** The store's layout as text: every slot's signal and every text signal, by path (FNV-1a, 32 bits, in hex). */
function layoutOf(slotSignal: readonly AnySignal[], texts: readonly TextSignal[]): string {
  let h = 0x811c9dc5;
  const add = (text: string): void => {
    for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  };
  for (const s of slotSignal) add(s.path);
  for (const t of texts) add(t.path);
  return `${slotSignal.length}/${texts.length}/${(h >>> 0).toString(16)}`;
}

export interface ElaborateOptions {
  /**
   * Designs elaborated with the same key must be built from the same inputs (same classes, same
   * constructor arguments): their comb blocks then read and write the same nodes, and the recording
   * of the first is reused (checked: the same blocks and store size, else recorded afresh).
   */
  readonly scheduleKey?: string;
}

export function elaborate(top: Module, options: ElaborateOptions = {}): Design {
  const modules = walkModules(top);
  const signals: AnySignal[] = [];
  const texts: TextSignal[] = [];
  const memories: Memory[] = [];
  for (const m of modules) {
    signals.push(...m.signals);
    texts.push(...m.texts);
    memories.push(...m.memories);
  }
  const index = new Map<AnySignal, number>();
  signals.forEach((s, k) => index.set(s, k));

  // Union-find over connections: each class is one net.
  const parent = signals.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  for (const m of modules) {
    for (const c of m.connections) {
      const a = index.get(c.a);
      const b = index.get(c.b);
      if (a === undefined || b === undefined) {
        throw new ElaborationError(`${c.where}: ${a === undefined ? c.a.path : c.b.path} is not part of this design`);
      }
      parent[find(a)] = find(b);
    }
  }
  const nets = new Map<number, AnySignal[]>();
  signals.forEach((s, k) => {
    const root = find(k);
    const list = nets.get(root);
    if (list) list.push(s);
    else nets.set(root, [s]);
  });

  // Wires first, then registers: the register range is contiguous.
  const wireNets: AnySignal[][] = [];
  const regNets: AnySignal[][] = [];
  for (const members of nets.values()) {
    const regs = members.filter((s) => s instanceof Reg);
    if (regs.length > 1) throw new ElaborationError(`registers ${regs.map((r) => r.path).join(' and ')} are connected to each other`);
    (regs.length === 1 ? regNets : wireNets).push(members);
  }
  let slot = 0;
  const slotSignal: AnySignal[] = [];
  const place = (members: AnySignal[]): void => {
    const words = members[0]!.words;
    const named = members.find((s) => s instanceof Reg) ?? members[0]!;
    for (const s of members) s.i = slot;
    for (let k = 0; k < words; k++) slotSignal.push(named);
    slot += words;
  };
  wireNets.forEach(place);
  const regLo = slot;
  regNets.forEach(place);
  const regHi = slot;

  const store = new Uint32Array(slot);
  const next = new Uint32Array(slot);
  const resetValues = new Uint32Array(regHi - regLo);
  for (const s of signals) {
    s.s = store;
    if (s instanceof Reg) {
      s.n = next;
      resetValues[s.i - regLo] = s.resetValue;
      store[s.i] = s.resetValue;
    }
  }
  const textStore = texts.map(() => '');
  texts.forEach((t, k) => {
    t.t = textStore;
    t.i = k;
  });

  const blocks = combBlocks(top);
  const blockPaths = blocks.map((b) => b.path).join('\n');
  const key = options.scheduleKey;
  // Only a kept recording is compared with the layout (a design without a key keeps none).
  const layout = key === undefined ? '' : layoutOf(slotSignal, texts);
  const earlier = key === undefined ? undefined : recordedByKey.get(key);
  let combAccesses: CombAccesses;
  if (earlier && earlier.blockPaths === blockPaths && earlier.slots === slot && earlier.layout === layout) combAccesses = earlier.acc;
  else {
    combAccesses = recordCombAccesses(blocks, { store, textStore, regLo, slotMask: slotMasks(slotSignal) });
    recordedHere++;
    if (key !== undefined) recordedByKey.set(key, { blockPaths, slots: slot, layout, acc: combAccesses });
  }
  const nameOf = (node: number): string => (node < slot ? slotSignal[node]!.path : texts[node - slot]!.path);
  const combSchedule = deriveCombSchedule(blocks, combAccesses, nameOf);
  const clocked = modules.filter((m) => m.clock !== undefined);
  const writtenMemories: Memory[] = [];
  for (const m of memories) m.reportWritesTo(writtenMemories);
  return { top, modules, signals, texts, memories, writtenMemories, store, next, resetValues, regLo, regHi, textStore, slotSignal, combSchedule, combBlocks: blocks, combAccesses, nameOf, clocked };
}
