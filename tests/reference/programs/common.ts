// Shared fragments for directed test programs (GNU/our assembler syntax, ARM state).

/** Semihosting SYS_EXIT(ADP_Stopped_ApplicationExit): ends a run on QEMU and on the model. */
export const EXIT = `
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
`;

/** Print a NUL-terminated string at `label` through semihosting SYS_WRITE0. */
export function write0(label: string): string {
  return `
  mov r0, #4
  adr r1, ${label}
  swi 0x123456
`;
}

export interface DirectedProgram {
  readonly name: string;
  readonly source: string;
  /** Expected final current-mode registers (checked on the model). */
  readonly registers?: Readonly<Record<number, number>>;
  readonly uart?: string;
  readonly semihost?: string;
  /** Also compare with QEMU instruction by instruction (false for ARMv5-vs-QEMU deviations). */
  readonly golden: boolean;
  /** RAM the program reaches, where that is more than a lockstep run's 4 MB (testbench/lockstep/rtl-vs-iss.ts). */
  readonly ramBytes?: number;
}

export function program(body: string, data = ''): string {
  return `
  .text
  .global _start
_start:
${body}
${EXIT}
  .ltorg
${data}
`;
}
