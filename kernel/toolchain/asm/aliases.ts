// Register aliases (.req/.unreq), as GNU as keeps them: an alias names a core register, a
// coprocessor (p0..p15) or a coprocessor register (c0..c15), under the name as written and its
// all-upper-case and all-lower-case spellings; operands are read as if the register were written.
import type { Token } from './lexer.ts';
import { regNumber } from './operands.ts';

/** The canonical spelling of a register name, or null when it is not a register. */
function canonical(name: string): string | null {
  const n = name.toLowerCase();
  if (regNumber(n) >= 0) return n;
  const m = /^(p|cr?)(\d{1,2})$/.exec(n);
  if (m && Number(m[2]) <= 15) return `${m[1] === 'p' ? 'p' : 'c'}${Number(m[2])}`;
  return null;
}

export class RegisterAliases {
  private readonly map = new Map<string, string>();

  /** Defines `alias` for `register`; returns a warning when the register is unknown. */
  define(alias: string, register: string): string | null {
    const target = this.map.get(register) ?? canonical(register);
    if (target === null) return `unknown register '${register}' -- .req ignored`;
    if (canonical(alias) !== null) return `ignoring attempt to redefine built-in register '${alias}'`;
    for (const name of new Set([alias, alias.toUpperCase(), alias.toLowerCase()])) {
      const old = this.map.get(name);
      if (old !== undefined && old !== target) return `ignoring redefinition of register alias '${name}'`;
      this.map.set(name, target);
    }
    return null;
  }

  /** Removes `alias`; returns a problem when there is none. */
  remove(alias: string): string | null {
    if (!this.map.has(alias)) return canonical(alias) !== null ? `ignoring attempt to use .unreq on fixed register name: '${alias}'` : `unknown register alias '${alias}'`;
    for (const name of new Set([alias, alias.toUpperCase(), alias.toLowerCase()])) this.map.delete(name);
    return null;
  }

  /** The operand tokens with aliases replaced by the registers they name. */
  resolve(tokens: readonly Token[], from: number): readonly Token[] {
    if (this.map.size === 0) return tokens;
    return tokens.map((t, i) => {
      const r = i >= from && t.kind === 'id' ? this.map.get(t.text) : undefined;
      return r === undefined ? t : { ...t, text: r };
    });
  }
}
