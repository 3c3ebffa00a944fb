// Module: the unit of hierarchy. A module declares its ports, registers, wires, memories and child
// modules up front (as class fields), then describes behaviour in two separate methods:
//   comb()  combinational logic: reads anything, writes wires and outputs it drives;
//   clock() clocked logic: reads current values, writes only registers' `next` and memory writes.
// The module tree is the waveform's scope tree; a field's declared name is its name in the VCD.
// A class may declare `static readonly compileHere = (source: string): unknown => eval(source);`:
// a long run then compiles its methods again with the design's slots as constants, in the scope
// they were written in (specialize.ts). Without it, the methods always run as written.
import { ElaborationError } from './errors.ts';
import { Memory, type MemoryOptions } from './memory.ts';
import { checkName } from './naming.ts';
import { Reg, Signal, TextSignal, WideSignal, type AnySignal, type SignalKind, type SignalOwner } from './signal.ts';

/** Two signals that are the same net: a port connected to the signal that drives it. */
export interface Connection {
  readonly a: AnySignal;
  readonly b: AnySignal;
  readonly where: string;
}

/** One block of combinational logic, scheduled on its own: a module's comb() or a combBlock(). */
export interface CombBlock {
  readonly module: Module;
  /** The module's path for comb(); `path/name` for a further block. */
  readonly path: string;
  readonly run: () => void;
  /** Reads declared for the schedule (comb(): the module's combReads()). */
  readonly declaredReads: ReadonlyArray<AnySignal | TextSignal>;
}

export abstract class Module implements SignalOwner {
  readonly path: string;
  readonly children: Module[] = [];
  readonly signals: AnySignal[] = [];
  readonly texts: TextSignal[] = [];
  readonly memories: Memory[] = [];
  readonly connections: Connection[] = [];
  private readonly names = new Set<string>();
  private readonly furtherComb: Array<{ readonly name: string; readonly run: () => void }> = [];

  constructor(
    readonly parent: Module | null,
    readonly name: string,
  ) {
    checkName(name, `module ${parent ? `${parent.path}.` : ''}${name}`);
    this.path = parent ? `${parent.path}.${name}` : name;
    if (parent) parent.adopt(this);
  }

  /** Combinational logic (optional). */
  comb?(): void;
  /**
   * Signals comb() reads on paths elaboration's recording passes may not take (optional): the
   * schedule puts their writers first. Check mode reports any such read left undeclared.
   */
  combReads?(): ReadonlyArray<AnySignal | TextSignal>;
  /** Clocked logic (optional). */
  clock?(): void;

  /**
   * A further block of combinational logic, scheduled separately from comb(): for logic whose
   * outputs do not depend on the module's other inputs but feed a module that drives those inputs
   * (a register file's SPSR read port feeds Writeback, whose write enable the read ports bypass).
   */
  protected combBlock(name: string, run: () => void): void {
    checkName(name, `comb block ${this.path}/${name}`);
    if (this.furtherComb.some((b) => b.name === name)) throw new ElaborationError(`${this.path}: two comb blocks named ${JSON.stringify(name)}`);
    this.furtherComb.push({ name, run });
  }

  /** This module's comb blocks: comb() (if any), then the further ones in declaration order. */
  combBlocks(): CombBlock[] {
    const out: CombBlock[] = [];
    if (this.comb) out.push({ module: this, path: this.path, run: this.comb.bind(this), declaredReads: this.combReads?.() ?? [] });
    for (const b of this.furtherComb) out.push({ module: this, path: `${this.path}/${b.name}`, run: b.run, declaredReads: [] });
    return out;
  }

  input(name: string, width: number): Signal {
    return this.addSignal(new Signal(this, name, width, 'input'));
  }

  output(name: string, width: number): Signal {
    return this.addSignal(new Signal(this, name, width, 'output'));
  }

  wire(name: string, width: number): Signal {
    return this.addSignal(new Signal(this, name, width, 'wire'));
  }

  /** A wire, input or output wider than 32 bits. */
  wide(name: string, width: number, kind: Exclude<SignalKind, 'reg'> = 'wire'): WideSignal {
    return this.addSignal(new WideSignal(this, name, width, kind));
  }

  reg(name: string, width: number, reset = 0): Reg {
    return this.addSignal(new Reg(this, name, width, reset));
  }

  text(name: string): TextSignal {
    this.claim(name);
    const t = new TextSignal(this, name);
    this.texts.push(t);
    return t;
  }

  memory(name: string, width: number, depth: number, options?: MemoryOptions): Memory {
    this.claim(name);
    const m = new Memory(this, name, width, depth, options);
    this.memories.push(m);
    return m;
  }

  /**
   * Make `port` and `source` one net (same store slot): typically a child's input and the signal
   * that feeds it, or this module's output and the child output that produces it. Widths must match.
   */
  connect(port: AnySignal, source: AnySignal): void {
    const where = `${this.path}: connect(${port.path}, ${source.path})`;
    if (port.width !== source.width) throw new ElaborationError(`${where}: widths differ (${port.width} vs ${source.width})`);
    if (port === source) throw new ElaborationError(`${where}: a signal connected to itself`);
    this.connections.push({ a: port, b: source, where });
  }

  private addSignal<T extends AnySignal>(s: T): T {
    this.claim(s.name);
    this.signals.push(s);
    return s;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new ElaborationError(`${this.path}: two declarations named ${JSON.stringify(name)}`);
    this.names.add(name);
  }

  private adopt(child: Module): void {
    this.claim(child.name);
    this.children.push(child);
  }
}

/** Every module of a tree, parents before children, children in declaration order. */
export function walkModules(top: Module): Module[] {
  const out: Module[] = [];
  const visit = (m: Module): void => {
    out.push(m);
    for (const c of m.children) visit(c);
  };
  visit(top);
  return out;
}
