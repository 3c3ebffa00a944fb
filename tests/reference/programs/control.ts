// Branches, conditions, mode changes with banked registers, PSR transfers, every exception.
import { program, type DirectedProgram } from './common.ts';
import { installVectors } from './vectors.ts';

export const controlPrograms: readonly DirectedProgram[] = [
  {
    name: 'conditions, b/bl/bx/blx register, pc reads',
    golden: true,
    source: program(`
  mov r0, #0
  cmp r0, #0
  addeq r1, r0, #1
  addne r1, r0, #2
  movs r2, #-1
  addmi r3, r0, #3
  addpl r3, r0, #4
  cmp r2, #1
  addlt r4, r0, #5
  addge r4, r0, #6
  addhi r5, r0, #7
  addls r5, r0, #8
  addvs r6, r0, #9
  addvc r6, r0, #10
  bl sub1
  adr r7, target
  bx r7
  mov r8, #1
target:
  adr r9, sub2
  blx r9
  mov r10, pc
  add r11, pc, #4
  b over
  mov r12, #1
over:
  b done
sub1:
  mov r12, lr
  mov pc, lr
sub2:
  bx lr
done:
`),
  },
  {
    name: 'modes: banked r13/r14 and fiq r8-r12, spsr, msr/mrs',
    golden: true,
    source: program(`
  mov r8, #8
  mov r13, #13
  mov r14, #14
  msr cpsr_c, #0xd1          @ FIQ
  mov r8, #0x88
  mov r12, #0x8c
  mov r13, #0x8d
  ldr r0, =0xf0000010
  msr spsr_fsxc, r0
  mrs r0, spsr
  msr cpsr_c, #0xd2          @ IRQ
  mov r13, #0x2d
  mov r1, r8
  msr cpsr_c, #0xd7          @ ABT
  mov r13, #0x7d
  msr cpsr_c, #0xdb          @ UND
  mov r13, #0xbd
  msr cpsr_c, #0xdf          @ SYS
  mov r2, r13
  msr cpsr_c, #0xd1
  mov r3, r8
  mov r4, r13
  msr cpsr_c, #0xd3          @ SVC
  mov r5, r13
  msr cpsr_f, #0x90000000
  mrs r6, cpsr
  msr cpsr_fc, r6
  mov r7, r12
`),
  },
  {
    name: 'exceptions: undefined, swi, bkpt, coprocessor, return addresses, spsr',
    golden: true,
    source: program(`
${installVectors({ undefined: 'und_handler', swi: 'swi_handler', prefetchAbort: 'pabt_handler' })}
  mov r10, #0
  ldr sp, =0x80000
  msr cpsr_c, #0xdb
  ldr sp, =0x70000
  msr cpsr_c, #0xd7
  ldr sp, =0x60000
  msr cpsr_c, #0xd3
  .word 0xe7f000f0             @ permanently undefined
  mcr p14, 0, r0, c0, c0, 0    @ no coprocessor 14
  cdp p15, 0, c0, c0, c0, 0    @ CDP to CP15 is undefined
  ldc p5, c1, [r0]
  swi 0x42
  bkpt 0x12
  msr cpsr_c, #0x10            @ user mode
  mrc p15, 0, r0, c0, c0, 0    @ CP15 from user: undefined
  swi 0x123456                 @ semihosting number from user: an ordinary SWI
  swi 1                        @ handler returns in SVC
back_in_svc:
  mov r11, r10
  b end_exc
und_handler:
  add r10, r10, #1
  mrs r9, spsr
  mov r8, lr
  movs pc, lr
swi_handler:
  add r10, r10, #0x100
  ldr r7, [lr, #-4]
  bic r7, r7, #0xff000000
  cmp r7, #1
  beq back_in_svc
  movs pc, lr
pabt_handler:
  add r10, r10, #0x10000
  mov r6, lr
  movs pc, lr
end_exc:
`),
    registers: { 11: 0x10305 },
  },
];
