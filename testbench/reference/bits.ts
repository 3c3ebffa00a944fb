// Integer helpers for 32-bit ARM arithmetic in JavaScript numbers (no allocation, no BigInt).

/** Rotate right a 32-bit value by 0..31. */
export function ror32(value: number, amount: number): number {
  const a = amount & 31;
  return a === 0 ? value | 0 : (value >>> a) | (value << (32 - a));
}

/** Unsigned 32x32 -> 64 multiply; returns the low word and writes the high word to out[0]. */
export function umul64(a: number, b: number, out: Int32Array): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  // middle sum fits in 2^34 so stays exact in a double
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = ((mid & 0xffff) << 16) | (p00 & 0xffff);
  const hi = p11 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536);
  out[0] = hi | 0;
  return lo | 0;
}

/** Signed 32x32 -> 64 multiply; low word returned, high word in out[0]. */
export function smul64(a: number, b: number, out: Int32Array): number {
  const lo = umul64(a, b, out);
  let hi = out[0]!;
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  out[0] = hi;
  return lo;
}

/** 64-bit add (hi:lo) + (hi2:lo2), result low returned, high in out[0]. */
export function add64(hi: number, lo: number, hi2: number, lo2: number, out: Int32Array): number {
  const sumLo = (lo >>> 0) + (lo2 >>> 0);
  const carry = sumLo > 0xffffffff ? 1 : 0;
  out[0] = (hi + hi2 + carry) | 0;
  return sumLo | 0;
}

/** Signed saturation to 32 bits of an exact integer in a double; sets sat[0]=1 when it clips. */
export function saturate32(value: number, sat: Int32Array): number {
  if (value > 0x7fffffff) {
    sat[0] = 1;
    return 0x7fffffff;
  }
  if (value < -0x80000000) {
    sat[0] = 1;
    return -0x80000000;
  }
  return value | 0;
}

export function countLeadingZeros(value: number): number {
  return Math.clz32(value);
}

export function hex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}
