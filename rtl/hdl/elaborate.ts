// Elaboration: turn a module tree into a flat design once, before the first cycle. Connected
// signals become one net sharing one store slot; registers get a contiguous slot range so the clock
// edge is two typed-array copies; the combinational schedule is flattened so hierarchy depth costs
// nothing per cycle.
import { ElaborationError } from './errors.ts';
import type { Memory } from './memory.ts';
import { walkModules, type Module } from './module.ts';
import { Reg, type AnySignal, type TextSignal } from './signal.ts';

export interface Design {
  readonly top: Module;
  readonly modules: readonly Module[];
  readonly signals: readonly AnySignal[];
  readonly texts: readonly TextSignal[];
  readonly memories: readonly Memory[];
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
  /** Modules with comb logic, in evaluation order. */
  readonly combSchedule: readonly Module[];
  /** Modules with clocked logic, in declaration order. */
  readonly clocked: readonly Module[];
}

/**
 * A module may set the order of combinational evaluation below it by defining `combOrder`,
 * returning modules of its subtree (children, or deeper descendants when logic must interleave
 * across hierarchy, e.g. core request logic, then the memory system, then core control) and itself
 * ('self'). The default is children in declaration order, then the module itself. A listed module
 * is scheduled by its own `combOrder`. Every module with comb logic must be scheduled exactly once.
 */
export interface HasCombOrder {
  combOrder(): ReadonlyArray<Module | 'self'>;
}

function hasCombOrder(m: Module): m is Module & HasCombOrder {
  return typeof (m as Partial<HasCombOrder>).combOrder === 'function';
}

function isDescendant(m: Module, ancestor: Module): boolean {
  for (let p = m.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

function flattenSchedule(m: Module, out: Module[], scheduled: Map<Module, Module>): void {
  const order = hasCombOrder(m) ? m.combOrder() : [...m.children, 'self' as const];
  const seen = new Set<Module | 'self'>();
  for (const entry of order) {
    if (seen.has(entry)) throw new ElaborationError(`${m.path}.combOrder() lists ${entry === 'self' ? "'self'" : entry.path} twice`);
    seen.add(entry);
    if (entry === 'self') {
      if (!m.comb) continue;
      const by = scheduled.get(m);
      if (by) throw new ElaborationError(`${m.path} is scheduled twice (by ${by.path} and ${m.path}): list it in one combOrder only`);
      scheduled.set(m, m);
      out.push(m);
    } else {
      if (!isDescendant(entry, m)) throw new ElaborationError(`${m.path}.combOrder() lists ${entry.path}, which is not below it`);
      flattenSchedule(entry, out, scheduled);
    }
  }
  if (m.comb && !seen.has('self')) throw new ElaborationError(`${m.path}.combOrder() leaves out 'self' but the module has comb logic`);
}

export function elaborate(top: Module): Design {
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

  const combSchedule: Module[] = [];
  const scheduled = new Map<Module, Module>();
  flattenSchedule(top, combSchedule, scheduled);
  for (const m of modules) {
    if (m.comb && !scheduled.has(m)) {
      throw new ElaborationError(`${m.path} has comb logic but no combOrder above it schedules it (an ancestor's combOrder leaves it out)`);
    }
  }
  const clocked = modules.filter((m) => m.clock !== undefined);
  return { top, modules, signals, texts, memories, store, next, resetValues, regLo, regHi, textStore, slotSignal, combSchedule, clocked };
}
