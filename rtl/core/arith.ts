// Arithmetic used by Execute's combinational logic: the barrel shifter, the ALU's add with carry
// and overflow, 32x32->64 multiplication without BigInt (no allocation per cycle), saturation.
// Functions return their main result and leave secondary outputs in the exported `out` record.

export const out = { carry: 0, overflow: 0, hi: 0, sat: 0 };

/** Barrel shifter. `amount` is 0..255 for register shifts; `byReg` distinguishes the encodings. */
export function shift(value: number, type: number, amount: number, byReg: boolean, carryIn: number): number {
  const v = value >>> 0;
  if (byReg) {
    if (amount === 0) {
      out.carry = carryIn;
      return v;
    }
    switch (type) {
      case 0: // LSL
        if (amount < 32) {
          out.carry = (v >>> (32 - amount)) & 1;
          return (v << amount) >>> 0;
        }
        out.carry = amount === 32 ? v & 1 : 0;
        return 0;
      case 1: // LSR
        if (amount < 32) {
          out.carry = (v >>> (amount - 1)) & 1;
          return v >>> amount;
        }
        out.carry = amount === 32 ? v >>> 31 : 0;
        return 0;
      case 2: // ASR
        if (amount < 32) {
          out.carry = (v >>> (amount - 1)) & 1;
          return (v >> amount) >>> 0;
        }
        out.carry = v >>> 31;
        return (v >> 31) >>> 0;
      default: {
        // ROR
        const r = amount & 31;
        if (r === 0) {
          out.carry = v >>> 31;
          return v;
        }
        out.carry = (v >>> (r - 1)) & 1;
        return ((v >>> r) | (v << (32 - r))) >>> 0;
      }
    }
  }
  switch (type) {
    case 0:
      if (amount === 0) {
        out.carry = carryIn;
        return v;
      }
      out.carry = (v >>> (32 - amount)) & 1;
      return (v << amount) >>> 0;
    case 1:
      if (amount === 0) {
        out.carry = v >>> 31; // LSR #32
        return 0;
      }
      out.carry = (v >>> (amount - 1)) & 1;
      return v >>> amount;
    case 2:
      if (amount === 0) {
        out.carry = v >>> 31; // ASR #32
        return (v >> 31) >>> 0;
      }
      out.carry = (v >>> (amount - 1)) & 1;
      return (v >> amount) >>> 0;
    default:
      if (amount === 0) {
        out.carry = v & 1; // RRX
        return ((carryIn << 31) | (v >>> 1)) >>> 0;
      }
      out.carry = (v >>> (amount - 1)) & 1;
      return ((v >>> amount) | (v << (32 - amount))) >>> 0;
  }
}

/** a + b + c with carry-out and signed overflow in `out`. */
export function addWithCarry(a: number, b: number, c: number): number {
  const ua = a >>> 0;
  const ub = b >>> 0;
  const sum = ua + ub + c;
  const r = sum >>> 0;
  out.carry = sum > 0xffff_ffff ? 1 : 0;
  out.overflow = ((~(ua ^ ub) & (ua ^ r)) >>> 31) & 1;
  return r;
}

/** 32x32 -> 64 multiply; returns the low word, the high word in out.hi. */
export function multiply64(a: number, b: number, signed: boolean): number {
  const ua = a >>> 0;
  const ub = b >>> 0;
  const a0 = ua & 0xffff;
  const a1 = ua >>> 16;
  const b0 = ub & 0xffff;
  const b1 = ub >>> 16;
  const p00 = a0 * b0;
  const mid = a0 * b1 + a1 * b0;
  const loFull = p00 + (mid % 65536) * 65536;
  const lo = loFull >>> 0;
  let hi = a1 * b1 + Math.floor(mid / 65536) + Math.floor(loFull / 4294967296);
  if (signed) {
    if ((a | 0) < 0) hi -= ub;
    if ((b | 0) < 0) hi -= ua;
  }
  out.hi = ((hi % 4294967296) + 4294967296) % 4294967296 >>> 0;
  return lo;
}

/** 64-bit add of (hi:lo) + (bhi:blo); returns low word, high in out.hi. */
export function add64(lo: number, hi: number, blo: number, bhi: number): number {
  const l = (lo >>> 0) + (blo >>> 0);
  out.hi = ((hi >>> 0) + (bhi >>> 0) + (l > 0xffff_ffff ? 1 : 0)) >>> 0;
  return l >>> 0;
}

/** Signed saturation to 32 bits; out.sat = 1 when it saturated. */
export function saturate(x: number): number {
  if (x > 0x7fff_ffff) {
    out.sat = 1;
    return 0x7fff_ffff;
  }
  if (x < -0x8000_0000) {
    out.sat = 1;
    return 0x8000_0000;
  }
  out.sat = 0;
  return x >>> 0;
}
