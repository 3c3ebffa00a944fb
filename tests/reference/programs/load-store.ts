// Single and multiple loads/stores in every addressing mode (aligned: QEMU-comparable).
import { program, type DirectedProgram } from './common.ts';

export const loadStorePrograms: readonly DirectedProgram[] = [
  {
    name: 'ldr/str/ldrb/strb: offsets, pre/post-index, writeback, scaled register',
    golden: true,
    source: program(`
  ldr r0, =data
  ldr r1, [r0]
  ldr r2, [r0, #4]!
  ldr r3, [r0], #-4
  ldrb r4, [r0, #5]
  mov r5, #2
  ldr r6, [r0, r5, lsl #2]
  ldr r7, [r0, -r5, lsl #2]!
  add r0, r0, #2
  strb r5, [r0, #1]
  str r1, [r0, #10]!
  ldrb r8, [r0, #-9]
  sub r0, r0, #12
  ldr r9, [r0, #12]
  ldrt r10, [r0], #4
  strbt r5, [r0], #1
  ldr r11, [pc, #-4]
  mov r12, #0
  ldrb r12, [r0, r12]
`, `
  .data
  .align 4
  .word 0, 0, 0, 0
data: .word 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0, 0, 0, 0
`),
  },
  {
    name: 'ldrh/strh/ldrsb/ldrsh/ldrd/strd',
    golden: true,
    source: program(`
  ldr r0, =data
  ldrh r1, [r0]
  ldrh r2, [r0, #2]
  ldrsh r3, [r0, #6]
  ldrsb r4, [r0, #7]
  mov r5, #4
  ldrsh r6, [r0, r5]!
  strh r6, [r0, #8]
  ldrh r7, [r0, #8]
  sub r0, r0, #4
  ldrd r8, [r0]
  strd r8, [r0, #16]!
  ldrd r10, [r0], #-16
  mov r12, #0xff
  strh r12, [r0, -r5]
`, `
  .data
  .align 4
  .word 0
data: .word 0x8001f00f, 0x80ff7f01, 0x12345678, 0x9abcdef0, 0, 0, 0, 0, 0, 0
`),
  },
  {
    name: 'ldm/stm all modes, writeback, base in list, pc in list',
    golden: true,
    source: program(`
  ldr r0, =data
  ldmia r0, {r1-r4}
  add r0, r0, #16
  stmdb r0!, {r3, r4}
  ldmib r0!, {r5, r6}
  ldmda r0, {r7, r8}
  mov r9, r0
  stmia r9!, {r1, r9}
  ldmdb r9, {r10, r11}
  ldr r12, =data
  ldr sp, =0x80000
  stmfd sp!, {r0-r3}
  ldmfd sp!, {r4-r7}
  ldmia r12, {r0, r12}
  adr r1, after
  ldr r2, =slot
  str r1, [r2]
  ldmia r2, {pc}
  mov r0, #99
after:
  swp r3, r1, [r2]
  swpb r4, r1, [r2]
  ldr r5, [r2]
`, `
  .data
  .align 4
data: .word 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
slot: .word 0
`),
  },
];
