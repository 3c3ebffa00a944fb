// ARM rotated immediates: an 8-bit value rotated right by an even amount.

/** The 12-bit field for `value` (taken as uint32), or -1. Picks the smallest rotation. */
export function encodeRotated(value: number): number {
  const v = value >>> 0;
  for (let rot = 0; rot < 32; rot += 2) {
    // Rotating left by `rot` undoes a right rotation by `rot`.
    const a = rot === 0 ? v : ((v << rot) | (v >>> (32 - rot))) >>> 0;
    if (a <= 0xff) return ((rot / 2) << 8) | a;
  }
  return -1;
}

export function decodeRotated(field: number): number {
  const rot = ((field >>> 8) & 0xf) * 2;
  const imm = field & 0xff;
  return rot === 0 ? imm : ((imm >>> rot) | (imm << (32 - rot))) >>> 0;
}

/** True when `v` fits a 32-bit register as signed or unsigned. */
export function fits32(v: number): boolean {
  return v >= -0x80000000 && v <= 0xffffffff;
}
