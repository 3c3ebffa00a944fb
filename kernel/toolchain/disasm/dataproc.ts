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
    const r = rotatedImmText(w & 0xfff);
    op2 = r.text;
    comment = r.comment;
  } else {
    const rm = w & 15;
    const type = (w >>> 5) & 3;
    if ((w >>> 4) & 1 && (w >>> 7) & 1) {
      // Bits 7 and 4 both set is no shifter operand at all; objdump prints just Rm and says so.
      if (rd === 15 || (rn === 15 && !isMov)) unpred = true;
      const tail = `\t@ <illegal shifter operand>${unpred ? '\t@ <UNPREDICTABLE>' : ''}`;
      if (op === 13) return `${fmt(`${SHIFTS[type]}${s ? 's' : ''}${c}`, `${reg(rd)}, ${reg(rm)}`)}${tail}`;
      if (isCmp) return `${fmt(`${OPS[op]}${c}`, `${reg(rn)}, ${reg(rm)}`)}${tail}`;
      if (isMov) return `${fmt(`${OPS[op]}${s ? 's' : ''}${c}`, `${reg(rd)}, ${reg(rm)}`)}${tail}`;
      return `${fmt(`${OPS[op]}${s ? 's' : ''}${c}`, `${reg(rd)}, ${reg(rn)}, ${reg(rm)}`)}${tail}`;
    }
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

/** A rotated immediate as objdump prints it: "#value", or "#imm8, rot" when not canonical. */
export function rotatedImmText(field: number): { text: string; comment?: string } {
  const v = decodeRotated(field);
  const ic = immWithComment(v);
  if (((field >>> 8) & 15) !== 0 && encodeRotated(v) !== field) {
    return ic.comment === undefined ? { text: `#${field & 0xff}, ${((field >>> 8) & 15) * 2}` } : { text: `#${field & 0xff}, ${((field >>> 8) & 15) * 2}`, comment: ic.comment };
  }
  return ic;
}
