// Directed Thumb programs (GNU assembler syntax, `.thumb`): one per instruction class and for
// interworking and exceptions from Thumb state. Entered from ARM by BX; they return to ARM and
// exit by semihosting. Until the project's assembler has Thumb, they are assembled with GNU as
// (golden-gated tests): tests/golden/thumb.golden.test.ts runs each against QEMU and, in lockstep,
// the RTL against the reference model.
import { SEMIHOSTING_EXIT } from './semihosting-exit.ts';

export interface ThumbProgram {
  readonly name: string;
  readonly body: string;
}

/** ARM vectors (Thumb-aware returns), r0 = buf, sp, enter Thumb, the body, back to ARM, exit. */
export function thumbProgram(body: string): string {
  return `
  .syntax unified
  .text
  .global _start
  .arm
_start:
  b start
  movs pc, lr                 @ undefined: next instruction (lr = +2 in Thumb)
  movs pc, lr                 @ SWI
  movs pc, lr                 @ prefetch abort (BKPT: lr = +4)
  subs pc, lr, #4             @ data abort
  nop
  subs pc, lr, #4
  subs pc, lr, #4
start:
  ldr r0, =buf
  ldr sp, =stack_top
  adr r12, thumb_code + 1
  bx r12
  .thumb
  .thumb_func
thumb_code:
${body}
  adr r1, back
  bx r1
  .align 2
  .arm
back:
${SEMIHOSTING_EXIT}
  .data
  .align 4
buf: .word 0x44332211, 0x88776655, 0xccbbaa99, 0x00ffeedd, 0x10, 0x20, 0x30, 0x40
  .space 256
stack_top:
  .word 0
`;
}

export const THUMB_PROGRAMS: readonly ThumbProgram[] = [
  {
    name: 'shifts, add/sub, immediates',
    body: `
  movs r1, #5
  lsls r2, r1, #31
  lsrs r3, r2, #31
  asrs r4, r2, #3
  lsrs r5, r1, #32
  asrs r6, r2, #32
  adds r7, r1, r2
  subs r7, r7, #7
  adds r7, #200
  subs r7, #255
  cmp r7, #10
  adds r6, r1, #7
  subs r6, r1, r2`,
  },
  {
    name: 'ALU operations and flags',
    body: `
  movs r1, #0x81
  movs r2, #3
  movs r3, r1
  lsls r3, r2
  lsrs r3, r2
  asrs r3, r2
  rors r3, r2
  adcs r3, r1
  sbcs r3, r2
  negs r4, r3
  muls r4, r1
  mvns r5, r4
  bics r5, r1
  ands r5, r2
  eors r5, r1
  orrs r5, r2
  tst r5, r1
  cmn r5, r2
  cmp r5, r1
  movs r6, #0
  subs r6, #1
  lsls r6, r2`,
  },
  {
    name: 'high registers, pc reads',
    body: `
  movs r1, #9
  mov r8, r1
  add r8, r8
  mov r9, pc
  add r10, pc
  mov r11, sp
  add sp, r1
  cmp r8, r1
  cmp r1, r8
  mov r2, r8
  add r2, r9
  adr r3, 1f
  mov pc, r3
  movs r4, #1
  .align 2
1:
  movs r5, #2`,
  },
  {
    name: 'loads and stores: immediate, register, sp, literal',
    body: `
  ldr r1, [r0, #4]
  ldrh r2, [r0, #2]
  ldrb r3, [r0, #5]
  movs r4, #6
  ldrsh r5, [r0, r4]
  ldrsb r6, [r0, r4]
  ldrh r7, [r0, r4]
  ldrb r7, [r0, r4]
  movs r4, #4
  ldr r7, [r0, r4]
  str r1, [r0, #16]
  strh r2, [r0, #20]
  strb r3, [r0, #21]
  movs r4, #24
  str r1, [r0, r4]
  strh r2, [r0, r4]
  strb r3, [r0, r4]
  ldr r7, [r0, #20]
  str r7, [sp]
  ldr r6, [sp]
  sub sp, #16
  str r1, [sp, #8]
  ldr r5, [sp, #8]
  add sp, #16
  add r4, sp, #12
  add r5, pc, #8
  ldr r6, lit
  b 1f
  .align 2
lit: .word 0x12345678
1:`,
  },
  {
    name: 'push, pop, ldmia, stmia',
    body: `
  movs r1, #1
  movs r2, #2
  movs r3, #3
  push {r1, r2, r3, lr}
  pop {r4, r5, r6}
  pop {r7}
  mov lr, r7
  adds r4, r0, #0
  stmia r4!, {r1, r2, r3}
  adds r4, r0, #0
  ldmia r4!, {r5, r6, r7}
  adds r4, r0, #0
  .short 0xcc12               @ ldmia r4!, {r1, r4}: the loaded base wins (GNU as refuses it)
  adds r5, r0, #0
  stmia r5!, {r5, r6}
  bl 1f
  b 2f
1:
  push {r1, lr}
  pop {r1, pc}
2:`,
  },
  {
    name: 'branches: conditional, unconditional, BL, BLX both ways',
    body: `
  movs r1, #0
  cmp r1, #0
  beq 1f
  movs r2, #1
1:
  bne 2f
  bcs 3f
2:
  movs r2, #2
3:
  bmi 4f
  bpl 4f
  movs r2, #3
4:
  b 5f
  movs r2, #4
5:
  bl tfunc
  blx afunc
  adr r3, afunc
  blx r3
  adr r3, back_from_tfunc
  adds r3, #1
  mov lr, r3
  adr r3, tfunc
  adds r3, #1
  bx r3
  .align 2
back_from_tfunc:
  b 6f
  .align 2
tfunc:
  mov r4, lr
  bx lr
  .align 2
  .arm
afunc:
  mov r5, lr
  bx lr
  .thumb
6:`,
  },
  {
    name: 'exceptions from Thumb: SWI, BKPT, undefined; returns to Thumb',
    body: `
  movs r1, #1
  swi 0x12
  adds r1, #1
  bkpt 0x34
  movs r2, #0
  movs r2, #5
  .short 0xde00
  adds r1, #1
  .short 0xba00
  adds r1, #1`,
  },
];
