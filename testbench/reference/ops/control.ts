// Branches (B, BL, BLX, BX, BXJ), status register access (MRS, MSR), SWI (and semihosting),
// BKPT, and the CP15 register transfers MCR/MRC. BXJ behaves as BX: the ARM926EJ-S's Jazelle
// is modelled as the trivial implementation.
import { SEMIHOSTING_SWI, semihostingCall } from '../semihosting.ts';
import type { Op } from './op.ts';

export const branch: Op = (c, w) => {
  c.nextPc = (c.r[15]! + ((w << 8) >> 6)) | 0;
};

export const branchWithLink: Op = (c, w) => {
  c.r[14] = (c.pc + 4) | 0;
  c.nextPc = (c.r[15]! + ((w << 8) >> 6)) | 0;
};

/** BLX <label> (cond = 1111): always enters Thumb state. */
export const branchLinkExchangeImmediate: Op = (c, w) => {
  c.r[14] = (c.pc + 4) | 0;
  const target = (c.r[15]! + ((w << 8) >> 6) + ((w >>> 23) & 2)) | 0;
  c.branchExchange(target | 1);
};

export const branchExchange: Op = (c, w) => {
  c.branchExchange(c.r[w & 15]!);
};

export const branchLinkExchangeRegister: Op = (c, w) => {
  const target = c.r[w & 15]!;
  c.r[14] = (c.pc + 4) | 0;
  c.branchExchange(target);
};

export const moveFromStatus: Op = (c, w) => {
  const rd = (w >>> 12) & 15;
  // MRS of SPSR in usr/sys is UNPREDICTABLE; the model returns the CPSR.
  const value = w & 0x00400000 && c.privileged && c.mode !== 0x1f ? c.spsr : c.cpsr;
  c.r[rd] = value;
};

/** Writable PSR bits on ARMv5TE: N Z C V Q and I F M[4:0] (T only through exception return). */
const PSR_VALID = 0xf80000df;

export const moveToStatus: Op = (c, w) => {
  let value: number;
  if (w & 0x02000000) {
    const rot = ((w >>> 8) & 15) * 2;
    const imm = w & 0xff;
    value = rot === 0 ? imm : (imm >>> rot) | (imm << (32 - rot));
  } else {
    value = c.r[w & 15]!;
  }
  let mask = 0;
  if (w & 0x00010000) mask |= 0x000000ff;
  if (w & 0x00020000) mask |= 0x0000ff00;
  if (w & 0x00040000) mask |= 0x00ff0000;
  if (w & 0x00080000) mask |= 0xff000000;
  if (w & 0x00400000) {
    c.writeSpsr(value & (PSR_VALID | 0x20), mask & (PSR_VALID | 0x20));
    return;
  }
  if (!c.privileged) mask &= 0xff000000; // User mode may only change the flags
  c.writeCpsr(value & PSR_VALID, mask & PSR_VALID, false);
};

export const softwareInterrupt: Op = (c, w) => {
  if ((w & 0x00ffffff) === SEMIHOSTING_SWI && c.privileged) semihostingCall(c);
  else c.softwareInterrupt(w & 0x00ffffff);
};

export const breakpoint: Op = (c) => c.breakpoint();

/** MCR/MRC p15; other coprocessors and User-mode CP15 access are undefined. */
export const coprocessorRegisterTransfer: Op = (c, w) => {
  const coprocessor = (w >>> 8) & 15;
  if (coprocessor !== 15 || !c.privileged) {
    c.undefinedInstruction();
    return;
  }
  const opc1 = (w >>> 21) & 7;
  const crn = (w >>> 16) & 15;
  const rd = (w >>> 12) & 15;
  const opc2 = (w >>> 5) & 7;
  const crm = w & 15;
  if (w & 0x00100000) {
    const value = c.cp15.read(crn, opc1, crm, opc2);
    if (value === undefined) {
      c.undefinedInstruction();
      return;
    }
    if (rd === 15) {
      c.nf = (value >>> 31) & 1;
      c.zf = (value >>> 30) & 1;
      c.cf = (value >>> 29) & 1;
      c.vf = (value >>> 28) & 1;
    } else {
      c.r[rd] = value;
    }
  } else {
    if (!c.cp15.write(crn, opc1, crm, opc2, c.r[rd]!)) {
      c.undefinedInstruction();
      return;
    }
    c.syncControl();
  }
};

/** PLD is a hint: no architectural effect. */
export const preload: Op = () => {};
