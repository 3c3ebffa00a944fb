// Directed programs for the ARMv5 UNPREDICTABLE encodings whose behaviour the project documents
// (docs/REFERENCE.md, "UNPREDICTABLE encodings: one documented choice in both models"). Each runs in lockstep
// RTL-vs-reference (tests/core/unpredictable.test.ts, which also asserts the documented values),
// and, where QEMU 7.2 makes the same choice, against QEMU (`qemu: true`).
//
// The program: vectors at 0 (undefined: count in r6 and skip; SWI: return in SVC mode without
// restoring the CPSR, a way back from User mode; aborts: skip the instruction), r0 = `buf` (at
// 0x1000 when linked with dataAddress 0x1000), the body, semihosting exit from SVC mode.
import { SEMIHOSTING_EXIT } from '../golden/semihosting-exit.ts';

export interface UnpredictableCase {
  readonly name: string;
  readonly body: string;
  /** QEMU 7.2 (-cpu arm926) makes the same choice: the case is compared with it too. */
  readonly qemu: boolean;
}

/** Data words at `buf`. */
export const UNPREDICTABLE_BUF_WORDS = [0x44332211, 0x88776655, 0xccbbaa99, 0x00ffeedd, 0x10, 0x20, 0x30, 0x40];

export function unpredictableProgram(body: string): string {
  return `
  .text
  .global _start
_start:
  b start
  b undefined_handler
  mov pc, lr                  @ SWI: next instruction, in SVC mode
  subs pc, lr, #4             @ prefetch abort
  subs pc, lr, #4             @ data abort: skip the instruction
  nop
  subs pc, lr, #4
  subs pc, lr, #4
undefined_handler:
  add r6, r6, #1
  movs pc, lr
scratch:
  .word 0, 0, 0, 0
start:
  ldr r0, =buf
${body}
${SEMIHOSTING_EXIT}
  .data
  .align 4
buf:
  .word ${UNPREDICTABLE_BUF_WORDS.map((w) => `0x${w.toString(16)}`).join(', ')}
  .space 64
`;
}

export const UNPREDICTABLE_CASES: readonly UnpredictableCase[] = [
  {
    name: 'ldm-writeback-base-in-list',
    qemu: true,
    body: `
  mov r9, r0
  ldmia r9!, {r1, r9, r10}
  mov r2, r9
  add r9, r0, #16
  ldmdb r9!, {r4, r9, r11}
  mov r3, r9
  mov r9, r0
  ldmib r9!, {r9, r10}
  mov r5, r9
  mov r9, r0
  ldmia r9!, {r1, r4, r9}
  mov r7, r9`,
  },
  {
    name: 'halfword-post-indexed-w',
    qemu: true,
    body: `
  mov r3, r0
  .word 0xe0f320b2            @ ldrht r2, [r3], #2
  add r3, r3, #6
  .word 0xe0f340d1            @ ldrsbt r4, [r3], #1
  sub r3, r3, #3
  .word 0xe0e320b2            @ strht r2, [r3], #2
  .word 0xe0f370f2            @ ldrsht r7, [r3], #2
  ldr r5, [r0, #4]`,
  },
  {
    name: 'doubleword-post-indexed-w',
    qemu: true,
    body: `
  mov r6, #0
  mov r2, r0
  .word 0xe0e240d8            @ ldrd r4, [r2], #8 with W: undefined
  .word 0xe0e240f8            @ strd r4, [r2], #8 with W: undefined
  mov r3, r2`,
  },
  {
    name: 'msr-cpsr-reserved-bits',
    qemu: false, // QEMU keeps bit 8 (the ARMv6 A bit)
    body: `
  mvn r3, #0x20               @ every bit but T; mode System
  msr cpsr_fsxc, r3
  mrs r2, cpsr`,
  },
  {
    name: 'msr-cpsr-invalid-mode',
    qemu: true,
    body: `
  msr cpsr_c, #0xdf
  ldr r3, =0xa000001a         @ N and C; invalid mode 0x1a; I, F clear
  msr cpsr_fc, r3
  mrs r4, cpsr
  and r4, r4, #0xff
  mrs r5, cpsr`,
  },
  {
    name: 'msr-spsr-reserved-bits',
    qemu: false, // QEMU keeps bits 8, 20 and 24 of an SPSR
    body: `
  mvn r3, #0x20
  msr spsr_fsxc, r3
  mrs r5, spsr
  mvn r3, #0
  msr spsr_fsxc, r3
  mrs r6, spsr
  msr spsr_fsxc, #0xd3`,
  },
  {
    name: 'mrs-spsr-without-spsr',
    qemu: false, // QEMU: undefined in User mode, a stale bank in System mode
    body: `
  msr cpsr_f, #0x60000000
  msr cpsr_c, #0xdf
  mrs r7, spsr
  msr cpsr_c, #0xd0
  mrs r8, spsr
  swi 0`,
  },
  {
    name: 'exception-return-invalid-mode',
    qemu: false, // QEMU restores a stale SPSR in System mode
    body: `
  mov r8, #0
  msr cpsr_c, #0xdb
  ldr r3, =0x2000009a         @ C, I; invalid mode 0x1a
  msr spsr_fsxc, r3
  adr lr, 1f
  movs pc, lr
1:
  add r8, r8, #1
  mrs r6, cpsr
  msr cpsr_c, #0xdf
  adr lr, 2f
  movs pc, lr
2:
  add r8, r8, #1
  adr r3, 3f
  str r3, [r0, #32]
  add r3, r0, #32
  ldmia r3, {pc}^
3:
  add r8, r8, #1
  mrs r7, cpsr`,
  },
  {
    name: 'doubleword-r14',
    qemu: false, // QEMU stores pc + 8
    body: `
  mov r9, #0
  mov r3, #0x55
  str r3, [r0, #32]
  adr r3, 1f
  str r3, [r0, #36]
  add r4, r0, #32
  .word 0xe1c4e0d0            @ ldrd r14, [r4]: r14, then the pc
  mov r9, #1
1:
  add r4, r0, #40
here:
  .word 0xe1c4e0f0            @ strd r14, [r4]: r14, then pc + 12
  ldr r5, [r4, #4]
  adr r6, here`,
  },
  {
    name: 'store-pc-base',
    qemu: true,
    body: `
  str r0, scratch
  strh r0, scratch + 4
  mov r4, #0x4000
  mov r5, #0x5000
  strd r4, scratch + 8
  ldr r7, scratch
  ldrh r2, scratch + 4
  ldr r3, scratch + 12`,
  },
];
