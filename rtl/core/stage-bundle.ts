// The bundle that travels from Execute through Memory to Writeback: what the uop does after
// Execute (its memory access, register writes, CPSR after, what retires).
import { fixedRecord, type Module, type Reg, type SignalBase } from '../hdl/index.ts';

export const POST_FIELDS = [
  ['valid', 1],
  ['pc', 32],
  ['instr', 32],
  ['last', 1], // the instruction retires with this uop
  ['exc', 3], // exception taken by this instruction (arm.ts EXC_*)
  ['mem', 1],
  ['load', 1],
  ['size', 2],
  ['signed', 1],
  ['user', 1],
  ['addr', 32],
  ['wdata', 32],
  ['rd', 5], ['rd_en', 1], ['rd_pc', 1],
  ['rd2', 5], ['rd2_en', 1],
  ['result', 32],
  ['result2', 32],
  ['ldm_psr', 1],
  ['cpsr', 32], // CPSR after the uop
  ['lat', 2],
  ['align', 1], // LDM/STM/LDRD/STRD word: address bits 1:0 are ignored (no rotation)
  ['thumb', 1], // a Thumb instruction (`instr` is its halfword)
  // What the uop was and which registers it read (physical numbers, as Execute read them): the
  // hand-off checkers follow message words through the register file with these.
  ['kind', 4], // uop.ts K_*
  ['exec', 1], // the condition passed (an exception entry counts as executed)
  ['ra', 5], ['ra_en', 1],
  ['rb', 5], ['rb_en', 1],
  ['rc', 5], ['rc_en', 1], // (store data, accumulator, shift amount, MCR data)
] as const satisfies ReadonlyArray<readonly [string, number]>;

export type PostField = (typeof POST_FIELDS)[number][0];
export type PostRegs = Record<PostField, Reg>;
export type PostSource = Record<PostField, SignalBase>;

const NAMES: readonly PostField[] = POST_FIELDS.map(([n]) => n);
const WIDTHS: readonly number[] = POST_FIELDS.map(([, w]) => w);

/** The registers as an object literal (fixedRecord): read every cycle, so never in dictionary mode. */
export function declarePostRegs(m: Module, prefix: string): PostRegs {
  return fixedRecord(NAMES, (name, k) => m.reg(prefix ? `${prefix}_${name}` : name, WIDTHS[k]!));
}

/** The fields of a bundle as an array, in declaration order (for BundleCopy). */
export function postList<T>(bundle: Record<PostField, T>): T[] {
  return NAMES.map((f) => bundle[f]);
}
