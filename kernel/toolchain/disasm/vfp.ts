// VFP loads and stores (VLDR/VSTR, VLDM/VSTM, VPUSH/VPOP, FLDMX/FSTMX) on coprocessors 10/11,
// which objdump names; other VFP encodings are not decoded (see docs/TOOLCHAIN.md).
import { cond, fmt, reg, wantsHex, type DecodeCtx } from './format.ts';

export function vfpTransfer(w: number, ctx: DecodeCtx): string | null {
  const cp = (w >>> 8) & 15;
  if (cp !== 10 && cp !== 11) return null;
  const p = (w >>> 24) & 1;
  const u = (w >>> 23) & 1;
  const d = (w >>> 22) & 1;
  const wb = (w >>> 21) & 1;
  const l = (w >>> 20) & 1;
  const rn = (w >>> 16) & 15;
  const vd = (w >>> 12) & 15;
  const imm8 = w & 0xff;
  const c = cond(w);
  const dbl = cp === 11;
  const first = dbl ? (d << 4) | vd : (vd << 1) | d;
  const name = (n: number): string => `${dbl ? 'd' : 's'}${n}`;
  if (p && !wb) {
    const off = u ? imm8 * 4 : -imm8 * 4;
    const addr = imm8 === 0 && u ? `[${reg(rn)}]` : `[${reg(rn)}, #${u ? '' : '-'}${imm8 * 4}]`;
    let comment: string | undefined;
    if (rn === 15) comment = ctx.target((ctx.address + 8 + off) >>> 0);
    else if (wantsHex(off)) comment = `0x${(off >>> 0).toString(16)}`;
    return fmt(`${l ? 'vldr' : 'vstr'}${c}`, `${name(first)}, ${addr}`, comment);
  }
  // Multiple transfers: increment after, or decrement before with writeback.
  if (p === u) return null;
  if (p && !wb) return null;
  // objdump takes six bits of the double-register count and flags registers past d31.
  const count = dbl ? ((imm8 & 1) === 1 ? imm8 >> 1 : (imm8 >> 1) & 63) : imm8;
  const last = first + count - 1;
  const lastName = dbl && (imm8 & 1) === 0 && last > 31 ? `<overflow reg d${last}>` : name(last);
  const list = count === 1 ? `{${name(first)}}` : `{${name(first)}-${lastName}}`;
  const x = dbl && (imm8 & 1) === 1;
  const mode = p ? 'db' : 'ia';
  if (x) return fmt(`${l ? 'fldm' : 'fstm'}${mode}x${c}`, `${reg(rn)}${wb ? '!' : ''}, ${list}`, 'Deprecated');
  if (rn === 13 && wb && ((l && !p) || (!l && p))) return fmt(`${l ? 'vpop' : 'vpush'}${c}`, list);
  return fmt(`${l ? 'vldm' : 'vstm'}${mode}${c}`, `${reg(rn)}${wb ? '!' : ''}, ${list}`);
}

/** VMOV between two core registers and two singles (p10) or one double (p11): MCRR/MRRC, opc1 0b0001. */
export function vfpMove(w: number): string | null {
  const cp = (w >>> 8) & 15;
  if ((cp !== 10 && cp !== 11) || ((w >>> 4) & 0xd) !== 1) return null;
  const l = (w >>> 20) & 1;
  const rt = reg((w >>> 12) & 15);
  const rt2 = reg((w >>> 16) & 15);
  const m = w & 15;
  const mbit = (w >>> 5) & 1;
  const c = cond(w);
  if (cp === 10) {
    const sm = (m << 1) | mbit;
    const regs = `s${sm}, s${sm + 1}`;
    return fmt(`vmov${c}`, l ? `${rt}, ${rt2}, ${regs}` : `${regs}, ${rt}, ${rt2}`);
  }
  const dm = `d${(mbit << 4) | m}`;
  return fmt(`vmov${c}`, l ? `${rt}, ${rt2}, ${dm}` : `${dm}, ${rt}, ${rt2}`);
}
