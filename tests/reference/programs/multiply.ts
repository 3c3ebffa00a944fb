// Multiplies, DSP extension, saturation, CLZ.
import { program, type DirectedProgram } from './common.ts';

export const multiplyPrograms: readonly DirectedProgram[] = [
  {
    name: 'mul/mla/umull/umlal/smull/smlal with flags',
    golden: true,
    source: program(`
  ldr r0, =0xfffffffe
  ldr r1, =0x12345678
  muls r2, r0, r1
  mlas r3, r0, r1, r2
  umulls r4, r5, r0, r1
  umlals r4, r5, r0, r1
  smulls r6, r7, r0, r1
  smlals r6, r7, r0, r1
  mov r8, #0
  muls r9, r8, r1
  ldr r10, =0x80000000
  smull r11, r12, r10, r10
`),
    registers: { 2: 0xdb975310, 8: 0 },
  },
  {
    name: 'ARMv5TE DSP multiplies and saturating arithmetic',
    golden: true,
    source: program(`
  ldr r0, =0x80007fff
  ldr r1, =0x7fff8000
  smulbb r2, r0, r1
  smulbt r3, r0, r1
  smultb r4, r0, r1
  smultt r5, r0, r1
  smlabb r6, r0, r1, r2
  smulwb r7, r0, r1
  smulwt r8, r0, r1
  smlawb r9, r0, r1, r3
  mov r10, #1
  mov r11, #2
  smlalbb r10, r11, r0, r1
  ldr r12, =0x7fffffff
  qadd r2, r12, r12
  mrs r3, cpsr
  msr cpsr_f, #0
  qsub r4, r10, r12
  qdadd r5, r10, r12
  qdsub r6, r10, r12
  mrs r7, cpsr
  msr cpsr_f, #0
  ldr r0, =0x40000000
  smlatt r8, r0, r0, r12
  mrs r9, cpsr
  clz r10, r0
  mov r11, #0
  clz r11, r11
`),
    registers: { 2: 0x7fffffff, 10: 1, 11: 32 },
  },
];
