// The symbol table with GNU as binding rules. An expression refers to a symbol *object*, bound when
// the expression is parsed: redefining a `.set` symbol makes a new object, so every earlier use
// keeps the value the symbol had there (GNU's "volatile" symbols), while a reference written before
// any definition binds to the first definition that follows. This is what makes
// `.set N,1; ldr r0,=X+N; .set N,2; ldr r1,=X+N` load X+1 and X+2, even though both values are
// only written when the literal pool is dumped.
import type { SourcePos } from '../errors.ts';
import type { Expr, Value } from './expr.ts';

export type SymDef =
  | {
      readonly kind: 'label';
      readonly section: string;
      readonly offset: number;
      /** Defined in Thumb code. */
      readonly thumb?: boolean;
      /** Named by .thumb_func (a Thumb function even without .type). */
      readonly thumbFunc?: boolean;
      /**
       * Set by `.set`/`.equ` to a defined label plus a constant (GNU's O_symbol): an address with the
       * label's attributes copied (copy_symbol_attributes), which `.set` may redefine like any value.
       */
      readonly alias?: boolean;
    }
  | {
      readonly kind: 'equ';
      readonly value?: Value;
      readonly expr?: Expr;
      readonly pos: SourcePos;
      /** Made by `.equiv` or `.eqv`: neither `.set` nor a label may redefine it. */
      readonly fixed?: boolean;
    };

/** One binding of a name. `def` is undefined until the symbol is defined (or forever, if external). */
export class SymRef {
  def: SymDef | undefined;
  constructor(readonly name: string, readonly id: number) {}
}

export class SymbolTable {
  private readonly current = new Map<string, SymRef>();
  /** Names in the order of their first definition. */
  private readonly order: string[] = [];
  /** The id of each name's first binding: when GNU as made its symbol table entry. */
  private readonly first = new Map<string, number>();

  /** `next` numbers bindings; the assembler shares it with sections and mapping symbols. */
  constructor(private readonly next: () => number) {}

  /** The binding a reference written now refers to (created undefined on first use). */
  ref(name: string): SymRef {
    let r = this.current.get(name);
    if (!r) {
      this.current.set(name, (r = new SymRef(name, this.next())));
      this.first.set(name, r.id);
    }
    return r;
  }

  /** When the name was first written, in the assembler's sequence. */
  firstId(name: string): number | undefined {
    return this.first.get(name);
  }

  /** A binding that no name can reach (literal pool slots, '.' in expressions). */
  anonymous(name: string): SymRef {
    return new SymRef(name, this.next());
  }

  lookup(name: string): SymRef | undefined {
    return this.current.get(name);
  }

  isDefined(name: string): boolean {
    return this.current.get(name)?.def !== undefined;
  }

  /**
   * Defines `name`. An undefined binding (forward references) is filled in; a defined one is
   * replaced by a fresh binding so that earlier references keep the old value.
   */
  define(name: string, def: SymDef): SymRef {
    const old = this.current.get(name);
    if (!old || old.def === undefined) this.order.push(name);
    if (old && old.def === undefined) {
      old.def = def;
      return old;
    }
    const r = new SymRef(name, this.next());
    r.def = def;
    this.current.set(name, r);
    if (!this.first.has(name)) this.first.set(name, r.id);
    return r;
  }

  /** The latest binding of every defined name, in the order of first definition. */
  *defined(): IterableIterator<[string, SymRef]> {
    for (const name of this.order) yield [name, this.current.get(name)!];
  }

  /** Every name's latest binding, in the order of first mention (GNU's symbol table order). */
  mentioned(): IterableIterator<[string, SymRef]> {
    return this.current.entries();
  }
}

/** The symbol of `sym` or `sym +/- constant` (the symbol GNU relocates against), else null. */
/** The first symbol of `e` that `accept` takes (the symbol of `sym(GOT) + (. - 1b)`), or null. */
export function labelIn(e: Expr, accept: (r: SymRef) => boolean): SymRef | null {
  const direct = exprSymbol(e);
  if (direct && accept(direct)) return direct;
  const walk = (x: Expr): SymRef | null => {
    if (x.k === 'sym') return accept(x.ref) ? x.ref : null;
    if (x.k === 'bin') return walk(x.l) ?? walk(x.r);
    if (x.k === 'un') return walk(x.e);
    return null;
  };
  return walk(e);
}

export function exprSymbol(e: Expr): SymRef | null {
  if (e.k === 'sym') return e.ref;
  if (e.k === 'bin' && (e.op === '+' || e.op === '-')) {
    if (e.l.k === 'sym' && e.r.k === 'num') return e.l.ref;
    if (e.op === '+' && e.r.k === 'sym' && e.l.k === 'num') return e.r.ref;
  }
  return null;
}
