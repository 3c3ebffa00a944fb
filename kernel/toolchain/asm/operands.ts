// Operand syntax shared by the instruction encoders: registers, shifts, register lists,
// immediates and addressing modes. Parsing only; values are evaluated by the encoders.
import type { TokenStream } from './lexer.ts';
import { parseExpr, type Expr, type ParseContext } from './expr.ts';
import { parseGroupPrefix, type GroupOperand } from './grouprelocs.ts';

const REG_ALIASES: Readonly<Record<string, number>> = {
  a1: 0, a2: 1, a3: 2, a4: 3, v1: 4, v2: 5, v3: 6, v4: 7, v5: 8, v6: 9, v7: 10, v8: 11,
  wr: 7, sb: 9, sl: 10, fp: 11, ip: 12, sp: 13, lr: 14, pc: 15,
};

/** Register number for a name, or -1: GNU's names, in lower or in upper case (not mixed). */
export function regNumber(name: string): number {
  return REG_NUMBERS.get(name) ?? -1;
}

/** Every spelling regNumber accepts: r0..r15 and the aliases, in lower and in upper case. */
const REG_NUMBERS: ReadonlyMap<string, number> = new Map(
  [...Array.from({ length: 16 }, (_, i) => [`r${i}`, i] as const), ...Object.entries(REG_ALIASES)].flatMap(([n, v]) => [
    [n, v],
    [n.toUpperCase(), v],
  ]),
);

export function tryReg(ts: TokenStream): number {
  const t = ts.peek();
  if (t.kind !== 'id') return -1;
  const r = regNumber(t.text);
  if (r >= 0) ts.next();
  return r;
}

/** GNU's message for r15 where an instruction cannot take it. */
export const BAD_PC = 'r15 not allowed here';

/** A register that may not be r15 (GNU's RRnpc operands). */
export function parseRegNpc(ts: TokenStream, what = 'register'): number {
  const t = ts.peek();
  const r = parseReg(ts, what);
  if (r === 15) ts.fail(BAD_PC, t);
  return r;
}

export function parseReg(ts: TokenStream, what = 'register'): number {
  const r = tryReg(ts);
  if (r < 0) ts.fail(`${what} expected, found '${ts.peek().text || 'end of line'}'`);
  return r;
}

/** p0..p15 (or a bare number, as objdump prints it). */
export function parseCoproc(ts: TokenStream): number {
  const t = ts.peek();
  if (t.kind === 'id') {
    const m = /^p(\d{1,2})$/i.exec(t.text);
    if (m && Number(m[1]) <= 15) {
      ts.next();
      return Number(m[1]);
    }
  }
  if (t.kind === 'num' && t.num >= 0n && t.num <= 15n) {
    ts.next();
    return Number(t.num);
  }
  return ts.fail(`coprocessor expected (p0..p15), found '${t.text || 'end of line'}'`);
}

/** c0..c15 or cr0..cr15. */
export function parseCoReg(ts: TokenStream): number {
  const t = ts.peek();
  if (t.kind === 'id') {
    const m = /^cr?(\d{1,2})$/i.exec(t.text);
    if (m && Number(m[1]) <= 15) {
      ts.next();
      return Number(m[1]);
    }
  }
  return ts.fail(`coprocessor register expected (c0..c15), found '${t.text || 'end of line'}'`);
}

export interface ImmOperand {
  readonly expr: Expr;
  readonly col: number;
  /** Written as '#-<expr>' (keeps the sign of a zero offset, as GNU as does). */
  readonly negZero: boolean;
}

/** '#expr' (the '#' is optional, as in GNU as for most operands). */
export function parseImm(ts: TokenStream, ctx: ParseContext): ImmOperand {
  ts.accept('#') || ts.accept('$');
  const col = ts.peek().col;
  const negZero = ts.isOp('-');
  const expr = parseExpr(ts, ctx);
  return { expr, col, negZero };
}

export type ShiftType = 0 | 1 | 2 | 3; // lsl lsr asr ror

export type Shift =
  | { readonly kind: 'imm'; readonly type: ShiftType; readonly amount: ImmOperand; readonly col: number }
  | { readonly kind: 'reg'; readonly type: ShiftType; readonly rs: number; readonly col: number }
  | { readonly kind: 'rrx' };

export function shiftType(name: string): ShiftType | 'rrx' | -1 {
  switch (name.toLowerCase()) {
    case 'lsl': case 'asl': return 0;
    case 'lsr': return 1;
    case 'asr': return 2;
    case 'ror': return 3;
    case 'rrx': return 'rrx';
    default: return -1;
  }
}

/** Parses "lsl #n", "lsl rs" or "rrx" after a comma. */
export function parseShift(ts: TokenStream, ctx: ParseContext, allowReg: boolean): Shift {
  const t = ts.peek();
  const st = t.kind === 'id' ? shiftType(t.text) : -1;
  if (st === -1) return ts.fail(`shift expected, found '${t.text || 'end of line'}'`);
  ts.next();
  if (st === 'rrx') return { kind: 'rrx' };
  if (allowReg) {
    const col = ts.peek().col;
    const rs = tryReg(ts);
    if (rs >= 0) return { kind: 'reg', type: st, rs, col };
  } else if (ts.peek().kind === 'id' && regNumber(ts.peek().text) >= 0) {
    ts.fail('register-specified shift not allowed here');
  }
  const col = ts.peek().col;
  return { kind: 'imm', type: st, amount: parseImm(ts, ctx), col };
}

/** {r0-r3, lr}: returns the 16-bit mask. */
/**
 * A register list as GNU reads it: {r0, r2-r5}, joined to more lists or constant masks by '|' or
 * '+' ({r0}|0xf0, {r1}+{r4}, or just 3); GNU's warnings for a register named twice or out of
 * ascending order. A mask expression must be known here (`value` evaluates it).
 */
export function parseRegList(ts: TokenStream, pctx?: ParseContext, value?: (e: Expr) => bigint | undefined): number {
  let mask = 0;
  const warn = (col: number, m: string): void => pctx?.warn(col, m);
  for (;;) {
    if (ts.isOp('{')) {
      ts.next();
      if (ts.isOp('}')) ts.fail('empty register list');
      let cur = -1;
      // GNU's order: each register written is checked (repeated, or not above the last), and a
      // range fills the registers between its ends first.
      const add = (r: number, col: number): void => {
        if (mask & (1 << r)) warn(col, `duplicated register (r${r}) in register list`);
        else if (r <= cur) warn(col, 'register range not in ascending order');
        mask |= 1 << r;
        cur = r;
      };
      for (;;) {
        const t = ts.peek();
        add(parseReg(ts), t.col);
        if (ts.accept('-')) {
          const h = ts.peek();
          const hi = parseReg(ts);
          if (hi <= cur) ts.fail('bad range in register list', t);
          for (let r = cur + 1; r < hi; r++) {
            if (mask & (1 << r)) warn(h.col, `duplicated register (r${r}) in register list`);
            else mask |= 1 << r;
          }
          add(hi, h.col);
        }
        if (ts.accept(',')) continue;
        ts.expect('}', 'to close the register list');
        break;
      }
    } else {
      const t = ts.peek();
      if (!pctx) ts.expect('{', 'to open the register list');
      const e = parseExpr(ts, pctx!);
      const v = value?.(e);
      if (v === undefined) ts.fail('register list expression must be a constant known here', t);
      if (v !== (v & 0xffffn)) ts.fail('invalid register mask', t);
      const bits = Number(v);
      if (mask & bits) {
        // GNU's message names a register computed this way.
        const low = mask & bits & -(mask & bits);
        warn(t.col, `duplicated register (r${(1 << low) - 1}) in register list`);
      }
      mask |= bits;
    }
    if (!ts.accept('|') && !ts.accept('+')) return mask;
  }
}

/** A bracketed address or a label. */
export type Address =
  | {
      readonly kind: 'pre' | 'post';
      readonly rn: number;
      /** undefined: no offset written. */
      readonly imm?: ImmOperand;
      readonly reg?: { readonly rm: number; readonly sub: boolean; readonly shift?: Shift };
      readonly writeback: boolean;
      /** LDC/STC unindexed option: [rn], {n}. */
      readonly option?: ImmOperand;
      /** A group relocation offset: [rn, #:pc_g0:expr]. */
      readonly group?: GroupOperand;
    }
  | { readonly kind: 'label'; readonly expr: Expr; readonly col: number }
  | { readonly kind: 'literal'; readonly expr: Expr; readonly col: number };

function parseOffset(ts: TokenStream, ctx: ParseContext): { imm?: ImmOperand; reg?: { rm: number; sub: boolean; shift?: Shift } } {
  if (ts.isOp('#') || ts.isOp('$')) return { imm: parseImm(ts, ctx) };
  let sub = false;
  const save = ts.index;
  if (ts.accept('-')) sub = true;
  else ts.accept('+');
  const rm = tryReg(ts);
  if (rm >= 0) {
    if (ts.accept(',')) return { reg: { rm, sub, shift: parseShift(ts, ctx, false) } };
    return { reg: { rm, sub } };
  }
  ts.index = save;
  return { imm: parseImm(ts, ctx) };
}

export type LiteralOrLabel = Extract<Address, { kind: 'literal' | 'label' }>;

/** '=expr' (a literal pool load) or a bare expression (a label); null when '[' follows. */
export function parseLiteralOrLabel(ts: TokenStream, ctx: ParseContext, allowLiteral = true): LiteralOrLabel | null {
  if (ts.isOp('[')) return null;
  const literal = ts.isOp('=');
  if (literal && !allowLiteral) ts.fail("'=' literal not allowed here");
  if (literal) ts.next();
  const col = ts.peek().col;
  const expr = parseExpr(ts, ctx);
  return literal ? { kind: 'literal', expr, col } : { kind: 'label', expr, col };
}

export function parseAddress(ts: TokenStream, ctx: ParseContext, allowLiteral: boolean): Address {
  const direct = parseLiteralOrLabel(ts, ctx, allowLiteral);
  if (direct) return direct;
  ts.next();
  const rn = parseReg(ts, 'base register');
  if (ts.accept(']')) {
    if (ts.accept('!')) return { kind: 'pre', rn, writeback: true };
    if (ts.accept(',')) {
      if (ts.isOp('{')) {
        ts.next();
        const option = parseImm(ts, ctx);
        ts.expect('}');
        return { kind: 'post', rn, writeback: false, option };
      }
      return { kind: 'post', rn, writeback: false, ...parseOffset(ts, ctx) };
    }
    return { kind: 'pre', rn, writeback: false };
  }
  ts.expect(',', 'or ] in address');
  const g = parseGroupPrefix(ts);
  if (g) {
    const col = ts.peek().col;
    const e = parseExpr(ts, ctx);
    ts.expect(']', 'to close the address');
    return { kind: 'pre', rn, writeback: ts.accept('!'), group: { name: g.name, e, col } };
  }
  const off = parseOffset(ts, ctx);
  ts.expect(']', 'to close the address');
  const writeback = ts.accept('!');
  return { kind: 'pre', rn, writeback, ...off };
}
