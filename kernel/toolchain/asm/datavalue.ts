// Range rules for constants stored in data fields, as GNU as applies them: a value whose bits
// above the field are neither all clear nor the sign extension of a value that fits when negated
// is truncated with "value 0x.. truncated to 0x..", a bignum with "bignum truncated to N bytes".
import type { Value } from './expr.ts';

export interface FieldCheck {
  /** The field's bytes (two's complement, truncated). */
  readonly bits: bigint;
  /** GNU's warning text, when the value does not fit the field. */
  readonly warning?: string;
}

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** True when GNU as would accept `add` in a field of `size` bytes without a word. */
export function fitsField(add: bigint, size: number): boolean {
  if (size >= 8) return true;
  const get = U64(add);
  const mask = U64(~((1n << BigInt(size * 8)) - 1n));
  return (get & mask) === 0n || (U64(-get) & mask) === 0n;
}

export function fieldValue(v: Value, size: number): FieldCheck {
  const bits = BigInt.asUintN(size * 8, v.add);
  if (v.big) return { bits, warning: `bignum truncated to ${size} byte${size === 1 ? '' : 's'}` };
  if (fitsField(v.add, size)) return { bits };
  return { bits, warning: `value 0x${U64(v.add).toString(16)} truncated to 0x${bits.toString(16)}` };
}

/** A 32-bit register or address value, signed or unsigned. */
export function fits32(v: bigint): boolean {
  return v >= -0x80000000n && v <= 0xffffffffn;
}
