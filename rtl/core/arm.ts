// Architectural constants of ARMv5TE and the physical register map of the banked register file.

export const MODE_USR = 0x10;
export const MODE_FIQ = 0x11;
export const MODE_IRQ = 0x12;
export const MODE_SVC = 0x13;
export const MODE_ABT = 0x17;
export const MODE_UND = 0x1b;
export const MODE_SYS = 0x1f;

export const PSR_N = 1 << 31;
export const PSR_Z = 1 << 30;
export const PSR_C = 1 << 29;
export const PSR_V = 1 << 28;
export const PSR_Q = 1 << 27;
export const PSR_I = 1 << 7;
export const PSR_F = 1 << 6;
export const PSR_T = 1 << 5;

/** CPSR after reset: supervisor mode, IRQ and FIQ masked, ARM state. */
export const RESET_CPSR = MODE_SVC | PSR_I | PSR_F;

/**
 * Physical general-purpose registers (the program counter lives in the fetch unit):
 *   0..7   r0..r7 (shared by all modes)
 *   8..14  r8..r14 of user/system mode
 *   15..21 r8_fiq..r14_fiq
 *   22,23  r13_irq, r14_irq     24,25 r13_svc, r14_svc
 *   26,27  r13_abt, r14_abt     28,29 r13_und, r14_und
 */
export const PHYS_REGS = 30;
export const PHYS_NAMES: readonly string[] = [
  'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14',
  'r8_fiq', 'r9_fiq', 'r10_fiq', 'r11_fiq', 'r12_fiq', 'r13_fiq', 'r14_fiq',
  'r13_irq', 'r14_irq', 'r13_svc', 'r14_svc', 'r13_abt', 'r14_abt', 'r13_und', 'r14_und',
];

/** SPSR bank index of a mode (0 fiq, 1 irq, 2 svc, 3 abt, 4 und), or -1 for usr/sys (no SPSR). */
export function spsrIndex(mode: number): number {
  switch (mode) {
    case MODE_FIQ: return 0;
    case MODE_IRQ: return 1;
    case MODE_SVC: return 2;
    case MODE_ABT: return 3;
    case MODE_UND: return 4;
    default: return -1;
  }
}
export const SPSR_NAMES: readonly string[] = ['spsr_fiq', 'spsr_irq', 'spsr_svc', 'spsr_abt', 'spsr_und'];

/** True for the seven valid mode encodings. */
export function isValidMode(mode: number): boolean {
  return mode === MODE_USR || mode === MODE_SYS || spsrIndex(mode) >= 0;
}

/**
 * PSR bits MSR may write (ARM ARM, ARMv5TE: UserMask 0xF8000000 | PrivMask 0x000000DF, plus
 * StateMask 0x20 for an SPSR). The reserved bits 26..8 are not implemented: writes to them are
 * ignored and they read as zero. (QEMU also keeps bit 8, the ARMv6 A bit, and bits 20/24 of an SPSR.)
 */
export const PSR_WRITABLE_CPSR = 0xf80000df;
export const PSR_WRITABLE_SPSR = 0xf80000ff;

/**
 * The CPSR after an exception return (MOVS pc / LDM ^ with the pc) in a mode with CPSR `cpsr`:
 * the SPSR, except that a mode without an SPSR (User, System) leaves the CPSR alone and an SPSR
 * holding an invalid mode keeps the current mode (both UNPREDICTABLE; the same choices as for MSR).
 */
export function exceptionReturnCpsr(cpsr: number, spsr: number): number {
  if (spsrIndex(cpsr & 0x1f) < 0) return cpsr;
  return withValidMode(spsr, cpsr);
}

/** `next` with the mode field of `current` when `next`'s mode is not one of the seven valid ones. */
export function withValidMode(next: number, current: number): number {
  return isValidMode(next & 0x1f) ? next >>> 0 : ((next & ~0x1f) | (current & 0x1f)) >>> 0;
}

/** Physical register holding logical register `r` (0..14) in `mode`. */
export function physReg(r: number, mode: number): number {
  if (r < 8) return r;
  if (mode === MODE_FIQ) return r + 7; // r8..r14 -> 15..21
  if (r < 13) return r;
  const hi = r - 13; // 0 = r13, 1 = r14
  switch (mode) {
    case MODE_IRQ: return 22 + hi;
    case MODE_SVC: return 24 + hi;
    case MODE_ABT: return 26 + hi;
    case MODE_UND: return 28 + hi;
    default: return r; // usr, sys (and, defensively, invalid modes)
  }
}

/** Condition code check on the N, Z, C, V flags (bits 31..28 of `psr`). */
export function conditionPasses(cond: number, psr: number): boolean {
  const n = (psr >>> 31) & 1;
  const z = (psr >>> 30) & 1;
  const c = (psr >>> 29) & 1;
  const v = (psr >>> 28) & 1;
  switch (cond) {
    case 0x0: return z === 1;
    case 0x1: return z === 0;
    case 0x2: return c === 1;
    case 0x3: return c === 0;
    case 0x4: return n === 1;
    case 0x5: return n === 0;
    case 0x6: return v === 1;
    case 0x7: return v === 0;
    case 0x8: return c === 1 && z === 0;
    case 0x9: return c === 0 || z === 1;
    case 0xa: return n === v;
    case 0xb: return n !== v;
    case 0xc: return z === 0 && n === v;
    case 0xd: return z === 1 || n !== v;
    case 0xe: return true;
    default: return false; // 0xf: the unconditional space is decoded separately
  }
}

/** Exceptions, in the order of the retirement interface's `exc` code. */
export const EXC_NONE = 0;
export const EXC_UND = 1;
export const EXC_SWI = 2;
export const EXC_PABT = 3;
export const EXC_DABT = 4;
export const EXC_IRQ = 5;
export const EXC_FIQ = 6;
export const EXC_NAMES: readonly string[] = ['none', 'undefined', 'swi', 'prefetch-abort', 'data-abort', 'irq', 'fiq'];

/** Mode, vector offset and return-address offset (from the faulting/next instruction) per exception. */
export const EXC_ENTRY: ReadonlyArray<{ mode: number; vector: number; lrOffset: number; maskF: boolean }> = [
  { mode: MODE_SVC, vector: 0x00, lrOffset: 0, maskF: true }, // (unused slot: reset is a synchronous reset)
  { mode: MODE_UND, vector: 0x04, lrOffset: 4, maskF: false },
  { mode: MODE_SVC, vector: 0x08, lrOffset: 4, maskF: false },
  { mode: MODE_ABT, vector: 0x0c, lrOffset: 4, maskF: false },
  { mode: MODE_ABT, vector: 0x10, lrOffset: 8, maskF: false },
  { mode: MODE_IRQ, vector: 0x18, lrOffset: 4, maskF: false },
  { mode: MODE_FIQ, vector: 0x1c, lrOffset: 4, maskF: true },
];
