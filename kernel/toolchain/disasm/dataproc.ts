// Data-processing instructions (register, register-shifted and immediate operand 2).
import { decodeRotated, encodeRotated } from '../asm/immediate.ts';
import { cond, fmt, immWithComment, reg, shiftImm, SHIFTS, undefinedText } from './format.ts';

const OPS = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn'];

export function dataProc(w: number): string {
  const op = (w >>> 21) & 15;
  const s = (w >>> 20) & 1;
  const rn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const c = cond(w);
  const isCmp = op >= 8 && op <= 11;
  const isMov = op === 13 || op === 15;
  let unpred = false;
  if (op === 13 && rn !== 0) return undefinedText(w);
  let op2: string;
  let comment: string | undefined;
  if ((w >>> 25) & 1) {
    const field = w & 0xfff;
    const v = decodeRotated(field);
    const ic = immWithComment(v);
    comment = ic.comment;
    if (((field >>> 8) & 15) !== 0 && encodeRotated(v) !== field) op2 = `#${field & 0xff}, ${((field >>> 8) & 15) * 2}`;
    else op2 = ic.text;
  } else {
    const rm = w & 15;
    const type = (w >>> 5) & 3;
    if ((w >>> 4) & 1) {
      const rs = (w >>> 8) & 15;
      if (rd === 15 || (rn === 15 && !isMov)) unpred = true;
      if (op === 13) {
        const text = fmt(`${SHIFTS[type]}${s ? 's' : ''}${c}`, `${reg(rd)}, ${reg(rm)}, ${reg(rs)}`);
        return unpred ? `${text}\t@ <UNPREDICTABLE>` : text;
      }
      op2 = `${reg(rm)}, ${SHIFTS[type]} ${reg(rs)}`;
    } else {
      const amount = (w >>> 7) & 31;
      if (op === 13 && (amount !== 0 || type !== 0)) {
        const t = type === 3 && amount === 0
          ? fmt(`rrx${s ? 's' : ''}${c}`, `${reg(rd)}, ${reg(rm)}`)
          : fmt(`${SHIFTS[type]}${s ? 's' : ''}${c}`, `${reg(rd)}, ${reg(rm)}, #${amount === 0 ? 32 : amount}`);
        return rd === 15 ? `${t}\t@ <UNPREDICTABLE>` : t;
      }
      op2 = shiftImm(rm, type, amount);
    }
  }
  let text: string;
  if (isCmp) {
    if (rd === 15) unpred = true;
    text = fmt(`${OPS[op]}${c}`, `${reg(rn)}, ${op2}`, comment);
  } else if (isMov) {
    if (w === 0xe1a00000) return 'nop\t\t\t@ (mov r0, r0)';
    text = fmt(`${OPS[op]}${s ? 's' : ''}${c}`, `${reg(rd)}, ${op2}`, comment);
  } else {
    text = fmt(`${OPS[op]}${s ? 's' : ''}${c}`, `${reg(rd)}, ${reg(rn)}, ${op2}`, comment);
  }
  return unpred ? `${text}\t@ <UNPREDICTABLE>` : text;
}
