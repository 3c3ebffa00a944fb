// The part of the 32-bit ARM encoding space where our disassembler promises objdump's exact text.
// Outside it (documented in docs/TOOLCHAIN.md): VFP/NEON, FPA, Maverick and XScale coprocessor
// encodings, most of the unconditional space, and corners of the miscellaneous space where objdump
// reinterprets words whose should-be-zero bits are set.

/** Coprocessor numbers objdump decodes generically (cdp/mcr/ldc...). */
const GENERIC_CP = new Set([3, 7, 12, 13, 14, 15]);

export function inSupportedSpace(w: number): boolean {
  const c = w >>> 28;
  if (c === 15) {
    if (((w >>> 25) & 7) === 5) return true; // BLX immediate
    // PLD immediate/register (bit 22 set: PLDW is ARMv7MP), Rd field all ones.
    if ((w & 0x0f70f000) === 0x0550f000 || (w & 0x0f70f010) === 0x0750f000) return true;
    const top = (w >>> 25) & 7;
    // Coprocessors 12 and 13 hold ARMv8 dot-product encodings in the unconditional space.
    if (top === 6 && ((w >>> 8) & 15) === 15 && (w & 0x80) !== 0) return false;
    if (top === 6 || (top === 7 && ((w >>> 24) & 1) === 0)) return [3, 7, 14, 15].includes((w >>> 8) & 15);
    return false;
  }
  const top = (w >>> 25) & 7;
  if (top === 6 || (top === 7 && ((w >>> 24) & 1) === 0)) {
    // LDC/STC p15 with bit 7 set look like M-profile VLDR/VSTR system registers to objdump.
    if (top === 6 && ((w >>> 8) & 15) === 15 && (w & 0x80) !== 0) return false;
    // Loads/stores of the FPA (p1, p2) and Maverick (p4, p5) coprocessors are named too.
    if (top === 6 && [1, 2, 4, 5].includes((w >>> 8) & 15)) return true;
    // VFP loads/stores and the VMOV core-register pairs on p10/p11.
    if (top === 6 && [10, 11].includes((w >>> 8) & 15)) return true;
    return GENERIC_CP.has((w >>> 8) & 15);
  }
  if (top === 0) {
    const extra = ((w >>> 4) & 9) === 9 && ((w >>> 5) & 3) !== 0;
    if (extra && !((w >>> 22) & 1) && ((w >>> 8) & 15) !== 0) return false;
    if (((w >>> 4) & 9) === 9 && ((w >>> 5) & 3) === 0 && ((w >>> 24) & 1) === 1) return (w & 0x0fb00ff0) === 0x01000090;
    const misc = ((w >>> 23) & 3) === 2 && ((w >>> 20) & 1) === 0 && ((w >>> 25) & 1) === 0;
    if (misc) {
      // Not claimed: banked-register MRS/MSR (bit 9), MSR with a register-shifted operand, CRC32.
      if ((w >>> 9) & 1) return false;
      if (((w >>> 21) & 1) === 0 && ((w >>> 4) & 15) === 0 && (w >>> 8) & 1) return false;
      if ((w >>> 21) & 1 && ((w >>> 12) & 15) === 15 && (w >>> 4) & 1) return false;
      if (((w >>> 4) & 15) === 4) return false;
      // SMLA<x><y> with pc: objdump's checks differ between the variants in ways not modelled.
      if (((w >>> 4) & 9) === 8 && [w & 15, (w >>> 8) & 15, (w >>> 12) & 15, (w >>> 16) & 15].includes(15)) return false;
    }
  }
  // MSR immediate and hints are claimed; MOVW/MOVT too.
  if (top === 1 && ((w >>> 23) & 3) === 2 && ((w >>> 20) & 1) === 0 && ((w >>> 21) & 1) === 1 && ((w >>> 12) & 15) !== 15) return false;
  return true;
}

/** Misc-space words we do claim: the v5TE instructions with their should-be bits right. */
export const MISC_SAMPLES: readonly number[] = [
  0xe10f0000, 0xe14f3000, 0xe129f000, 0xe169f001, 0xe12ff00e, 0xe128f002, 0xe12fff1e, 0xe12fff33, 0x112fff10,
  0xe16f0f11, 0xe1020051, 0xe1220051, 0xe1420051, 0xe1620051, 0xe1003281, 0xe10032c1, 0xe10032a1, 0xe10032e1,
  0xe12002e1, 0xe12002a1, 0xe1203281, 0xe12032c1, 0xe1410382, 0xe14103c2, 0xe1600281, 0xe16002e1, 0xe1212374,
  0xe1200070, 0xe321f0d3, 0xe36ff20f, 0xe328f20f, 0xe320f000, 0xe320f001, 0xe320f003,
];
