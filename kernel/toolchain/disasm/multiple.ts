// LDM/STM with objdump's PUSH/POP and stack-mode spellings.
import { cond, fmt, reg, regList } from './format.ts';

const MODES = ['da', 'ia', 'db', 'ib'];

export function ldmStm(w: number): string {
  const pu = (w >>> 23) & 3;
  const s = (w >>> 22) & 1;
  const wb = (w >>> 21) & 1;
  const l = (w >>> 20) & 1;
  const rn = (w >>> 16) & 15;
  const list = w & 0xffff;
  const c = cond(w);
  const single = list !== 0 && (list & (list - 1)) === 0;
  let mn: string;
  let base = `${reg(rn)}${wb ? '!' : ''}`;
  if (rn === 13 && wb && !s && l && pu === 1) {
    if (single) mn = `ldmfd${c}`;
    else {
      mn = `pop${c}`;
      base = '';
    }
  } else if (rn === 13 && wb && !s && !l && pu === 2) {
    if (single) mn = `stmfd${c}`;
    else {
      mn = `push${c}`;
      base = '';
    }
  } else {
    const mode = MODES[pu]!;
    mn = `${l ? 'ldm' : 'stm'}${mode === 'ia' && (l || (!wb && !s)) ? '' : mode}${c}`;
  }
  const ops = `${base ? `${base}, ` : ''}${regList(list)}${s ? '^' : ''}`;
  return list === 0 || rn === 15 ? fmt(mn, ops, '<UNPREDICTABLE>') : fmt(mn, ops);
}
