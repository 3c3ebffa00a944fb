// Processor modes and the banked register file layout of ARMv5 (31 general registers).
// Physical register numbers give each banked register one identity, used by effect records
// so the RTL's register-file write ports can be compared with the ISS write for write.

export const MODE_USR = 0x10;
export const MODE_FIQ = 0x11;
export const MODE_IRQ = 0x12;
export const MODE_SVC = 0x13;
export const MODE_ABT = 0x17;
export const MODE_UND = 0x1b;
export const MODE_SYS = 0x1f;

export type ModeName = 'usr' | 'fiq' | 'irq' | 'svc' | 'abt' | 'und' | 'sys';

const MODE_NAMES: ReadonlyMap<number, ModeName> = new Map([
  [MODE_USR, 'usr'],
  [MODE_FIQ, 'fiq'],
  [MODE_IRQ, 'irq'],
  [MODE_SVC, 'svc'],
  [MODE_ABT, 'abt'],
  [MODE_UND, 'und'],
  [MODE_SYS, 'sys'],
]);

export function isValidMode(mode: number): boolean {
  return MODE_NAMES.has(mode & 0x1f);
}

export function modeName(mode: number): ModeName | `invalid(${number})` {
  return MODE_NAMES.get(mode & 0x1f) ?? `invalid(${mode & 0x1f})`;
}

/** Modes that own an SPSR (all privileged modes except System). */
export function hasSpsr(mode: number): boolean {
  const m = mode & 0x1f;
  return m !== MODE_USR && m !== MODE_SYS && isValidMode(m);
}

/** Number of physical general-purpose registers (r15 counted once). */
export const PHYSICAL_REGISTER_COUNT = 31;

// Physical numbering: 0..15 = r0..r15 of User/System; then the banked copies.
const FIQ_BASE = 16; // r8_fiq..r14_fiq = 16..22
const IRQ_BASE = 23; // r13_irq, r14_irq
const SVC_BASE = 25;
const ABT_BASE = 27;
const UND_BASE = 29;

/** For each mode, the physical register behind r0..r15. */
export function bankMap(mode: number): Int8Array {
  const map = new Int8Array(16);
  for (let i = 0; i < 16; i++) map[i] = i;
  switch (mode & 0x1f) {
    case MODE_FIQ:
      for (let i = 8; i <= 14; i++) map[i] = FIQ_BASE + i - 8;
      break;
    case MODE_IRQ:
      map[13] = IRQ_BASE;
      map[14] = IRQ_BASE + 1;
      break;
    case MODE_SVC:
      map[13] = SVC_BASE;
      map[14] = SVC_BASE + 1;
      break;
    case MODE_ABT:
      map[13] = ABT_BASE;
      map[14] = ABT_BASE + 1;
      break;
    case MODE_UND:
      map[13] = UND_BASE;
      map[14] = UND_BASE + 1;
      break;
    default:
      break;
  }
  return map;
}

const PHYSICAL_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (let i = 0; i < 16; i++) names.push(i === 15 ? 'pc' : `r${i}`);
  for (let i = 8; i <= 14; i++) names.push(`r${i}_fiq`);
  for (const m of ['irq', 'svc', 'abt', 'und']) names.push(`r13_${m}`, `r14_${m}`);
  return names;
})();

/** Name of a physical register, e.g. 'r13_svc' or 'r4'. */
export function physicalRegisterName(physical: number): string {
  return PHYSICAL_NAMES[physical] ?? `p${physical}`;
}

/** Index of a mode's SPSR slot in the SPSR array (0 for modes without one). */
export function spsrSlot(mode: number): number {
  switch (mode & 0x1f) {
    case MODE_FIQ:
      return 1;
    case MODE_IRQ:
      return 2;
    case MODE_SVC:
      return 3;
    case MODE_ABT:
      return 4;
    case MODE_UND:
      return 5;
    default:
      return 0;
  }
}
