// LDM/STM in all modes (with '!' and '^'), PUSH and POP.
import type { AsmHooks, InsnHandler } from './context.ts';
import type { Expr } from './expr.ts';
import { parseRegList, parseRegNpc } from './operands.ts';
import type { ParseContext } from './expr.ts';

/** P and U bits per addressing mode; the stack names depend on load vs store. */
const MODE_PU: Readonly<Record<string, [number, number]>> = {
  '': [0, 1], ia: [0, 1], ib: [1, 1], da: [0, 0], db: [1, 0],
};
const LDM_STACK: Readonly<Record<string, string>> = { fd: 'ia', fa: 'da', ed: 'ib', ea: 'db' };
const STM_STACK: Readonly<Record<string, string>> = { fd: 'db', fa: 'ib', ed: 'da', ea: 'ia' };

export const ldmStm: InsnHandler = (m, ts, pctx, hooks) => {
  const load = m.base === 'ldm';
  const mode = (load ? LDM_STACK : STM_STACK)[m.suffix] ?? m.suffix;
  const [p, u] = MODE_PU[mode]!;
  const rn = parseRegNpc(ts, 'base register');
  const w = ts.accept('!') ? 1 : 0;
  ts.expect(',');
  const list = parseRegList(ts, pctx, (e) => absoluteNow(hooks, e));
  const s = ts.accept('^') ? 1 : 0;
  ts.expectEnd();
  if (w) writebackWarning(pctx, m.col, load, s === 1, rn, list);
  return () => ((m.cond << 28) | 0x08000000 | (p << 24) | (u << 23) | (s << 22) | (w << 21) | (load ? 1 << 20 : 0) | (rn << 16) | list) >>> 0;
};

/** PUSH/POP: STMDB/LDMIA sp!; a single register becomes STR/LDR with writeback, as GNU as does. */
export const pushPop: InsnHandler = (m, ts, pctx, hooks) => {
  const push = m.base === 'push';
  const list = parseRegList(ts, pctx, (e) => absoluteNow(hooks, e));
  ts.expectEnd();
  writebackWarning(pctx, m.col, !push, false, 13, list);
  const c = m.cond << 28;
  // One register: STR/LDR with writeback (GNU's A2 encoding), except PUSH {sp} (UNPREDICTABLE as STR).
  if ((list & (list - 1)) === 0 && !(push && list === 1 << 13)) {
    const rt = 31 - Math.clz32(list);
    return () => (push ? c | 0x052d0004 | (rt << 12) : c | 0x049d0004 | (rt << 12)) >>> 0;
  }
  return () => (push ? c | 0x092d0000 | list : c | 0x08bd0000 | list) >>> 0;
};

function absoluteNow(hooks: AsmHooks, e: Expr): bigint | undefined {
  const v = hooks.tryValue(e);
  return v && v.base === null && !v.sub ? v.add : undefined;
}

/** GNU's warnings for a written-back base (UNPREDICTABLE uses). */
function writebackWarning(pctx: ParseContext, col: number, load: boolean, userOrPsr: boolean, rn: number, list: number): void {
  if (load) {
    // LDM with ^ and without pc (user registers) cannot write back; otherwise the base may not be loaded.
    if (userOrPsr && (list & (1 << 15)) === 0) pctx.warn(col, 'writeback of base register is UNPREDICTABLE');
    else if (list & (1 << rn)) pctx.warn(col, 'writeback of base register when in register list is UNPREDICTABLE');
  } else if (userOrPsr) pctx.warn(col, 'writeback of base register is UNPREDICTABLE');
  else if (list & (1 << rn) && list & ((1 << rn) - 1)) pctx.warn(col, 'if writeback register is in list, it must be the lowest reg in the list');
}
