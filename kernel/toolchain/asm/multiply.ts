// MUL/MLA, the long multiplies, the v5TE DSP multiplies, QADD family and CLZ.
// GNU refuses r15 in every operand and warns (ARMv5: UNPREDICTABLE) about overlapping registers.
import type { InsnHandler } from './context.ts';
import type { ParseContext } from './expr.ts';
import type { TokenStream } from './lexer.ts';
import { parseRegNpc } from './operands.ts';

function regs(ts: TokenStream, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) ts.expect(',');
    out.push(parseRegNpc(ts));
  }
  ts.expectEnd();
  return out;
}

/** GNU's warnings for the long multiplies: RdLo, RdHi and Rm must differ before ARMv6. */
function longOverlap(pctx: ParseContext, col: number, lo: number, hi: number, rm: number | null): void {
  if (lo === hi) pctx.warn(col, 'rdhi and rdlo must be different');
  if (rm !== null && (lo === rm || hi === rm)) pctx.warn(col, 'rdhi, rdlo and rm must all be different');
}

export const mul: InsnHandler = (m, ts, pctx) => {
  const s = m.suffix === 's' ? 1 << 20 : 0;
  const rd = parseRegNpc(ts);
  ts.expect(',');
  const rm = parseRegNpc(ts);
  // "mul rd, rm" multiplies rd by rm.
  const rs = ts.accept(',') ? parseRegNpc(ts) : rd;
  ts.expectEnd();
  if (rd === rm) pctx.warn(m.col, 'Rd and Rm should be different in mul');
  return () => ((m.cond << 28) | s | (rd << 16) | (rs << 8) | 0x90 | rm) >>> 0;
};

export const mla: InsnHandler = (m, ts, pctx) => {
  const s = m.suffix === 's' ? 1 << 20 : 0;
  const [rd, rm, rs, rn] = regs(ts, 4) as [number, number, number, number];
  if (rd === rm) pctx.warn(m.col, 'Rd and Rm should be different in mla');
  return () => ((m.cond << 28) | (1 << 21) | s | (rd << 16) | (rn << 12) | (rs << 8) | 0x90 | rm) >>> 0;
};

const LONG: Readonly<Record<string, number>> = { umull: 0x00800090, umlal: 0x00a00090, smull: 0x00c00090, smlal: 0x00e00090 };

export const mulLong: InsnHandler = (m, ts, pctx) => {
  const s = m.suffix === 's' ? 1 << 20 : 0;
  const [lo, hi, rm, rs] = regs(ts, 4) as [number, number, number, number];
  longOverlap(pctx, m.col, lo, hi, rm);
  return () => ((m.cond << 28) | LONG[m.base]! | s | (hi << 16) | (lo << 12) | (rs << 8) | rm) >>> 0;
};

/** smla<x><y>, smlaw<y>, smul<x><y>, smulw<y>, smlal<x><y>. */
export const dspMul: InsnHandler = (m, ts, pctx) => {
  const b = m.base;
  const xy = (ch: string): number => (ch === 't' ? 1 : 0);
  if (b.startsWith('smlal')) {
    const [lo, hi, rm, rs] = regs(ts, 4) as [number, number, number, number];
    longOverlap(pctx, m.col, lo, hi, null);
    const bits = 0x01400080 | (xy(b[6]!) << 6) | (xy(b[5]!) << 5);
    return () => ((m.cond << 28) | bits | (hi << 16) | (lo << 12) | (rs << 8) | rm) >>> 0;
  }
  if (b.startsWith('smlaw')) {
    const [rd, rm, rs, rn] = regs(ts, 4) as [number, number, number, number];
    const bits = 0x01200080 | (xy(b[5]!) << 6);
    return () => ((m.cond << 28) | bits | (rd << 16) | (rn << 12) | (rs << 8) | rm) >>> 0;
  }
  if (b.startsWith('smla')) {
    const [rd, rm, rs, rn] = regs(ts, 4) as [number, number, number, number];
    const bits = 0x01000080 | (xy(b[5]!) << 6) | (xy(b[4]!) << 5);
    return () => ((m.cond << 28) | bits | (rd << 16) | (rn << 12) | (rs << 8) | rm) >>> 0;
  }
  if (b.startsWith('smulw')) {
    const [rd, rm, rs] = regs(ts, 3) as [number, number, number];
    const bits = 0x012000a0 | (xy(b[5]!) << 6);
    return () => ((m.cond << 28) | bits | (rd << 16) | (rs << 8) | rm) >>> 0;
  }
  const [rd, rm, rs] = regs(ts, 3) as [number, number, number];
  const bits = 0x01600080 | (xy(b[5]!) << 6) | (xy(b[4]!) << 5);
  return () => ((m.cond << 28) | bits | (rd << 16) | (rs << 8) | rm) >>> 0;
};

const QOPS: Readonly<Record<string, number>> = { qadd: 0x01000050, qsub: 0x01200050, qdadd: 0x01400050, qdsub: 0x01600050 };

export const qarith: InsnHandler = (m, ts) => {
  const [rd, rm, rn] = regs(ts, 3) as [number, number, number];
  return () => ((m.cond << 28) | QOPS[m.base]! | (rn << 16) | (rd << 12) | rm) >>> 0;
};

export const clz: InsnHandler = (m, ts) => {
  const [rd, rm] = regs(ts, 2) as [number, number];
  return () => ((m.cond << 28) | 0x016f0f10 | (rd << 12) | rm) >>> 0;
};
