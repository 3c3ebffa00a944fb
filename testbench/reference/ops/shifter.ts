// The barrel shifter: addressing mode 1 operands (and the scaled register offsets of LDR/STR).
// Each function returns the shifted value and leaves the carry out in core.shifterCarry.
import type { Arm926Core } from '../core.ts';

/** Shift by an immediate amount (0..31, with LSR/ASR #0 meaning 32 and ROR #0 meaning RRX). */
export function shiftImmediate(c: Arm926Core, value: number, type: number, amount: number): number {
  switch (type) {
    case 0: // LSL
      if (amount === 0) {
        c.shifterCarry = c.cf;
        return value;
      }
      c.shifterCarry = (value >>> (32 - amount)) & 1;
      return value << amount;
    case 1: // LSR
      if (amount === 0) {
        c.shifterCarry = value >>> 31;
        return 0;
      }
      c.shifterCarry = (value >>> (amount - 1)) & 1;
      return (value >>> amount) | 0;
    case 2: // ASR
      if (amount === 0) {
        c.shifterCarry = value >>> 31;
        return value >> 31;
      }
      c.shifterCarry = (value >>> (amount - 1)) & 1;
      return value >> amount;
    default: // ROR / RRX
      if (amount === 0) {
        const carryIn = c.cf;
        c.shifterCarry = value & 1;
        return (carryIn << 31) | (value >>> 1);
      }
      c.shifterCarry = (value >>> (amount - 1)) & 1;
      return (value >>> amount) | (value << (32 - amount));
  }
}

/** Shift by the bottom byte of a register. */
export function shiftRegister(c: Arm926Core, value: number, type: number, rsValue: number): number {
  const amount = rsValue & 0xff;
  if (amount === 0) {
    c.shifterCarry = c.cf;
    return value;
  }
  switch (type) {
    case 0: // LSL
      if (amount < 32) {
        c.shifterCarry = (value >>> (32 - amount)) & 1;
        return value << amount;
      }
      c.shifterCarry = amount === 32 ? value & 1 : 0;
      return 0;
    case 1: // LSR
      if (amount < 32) {
        c.shifterCarry = (value >>> (amount - 1)) & 1;
        return (value >>> amount) | 0;
      }
      c.shifterCarry = amount === 32 ? value >>> 31 : 0;
      return 0;
    case 2: // ASR
      if (amount < 32) {
        c.shifterCarry = (value >>> (amount - 1)) & 1;
        return value >> amount;
      }
      c.shifterCarry = value >>> 31;
      return value >> 31;
    default: {
      // ROR
      const rot = amount & 31;
      if (rot === 0) {
        c.shifterCarry = value >>> 31;
        return value;
      }
      c.shifterCarry = (value >>> (rot - 1)) & 1;
      return (value >>> rot) | (value << (32 - rot));
    }
  }
}
