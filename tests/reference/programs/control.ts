// Branches, conditions, mode changes with banked registers, PSR transfers, every exception.
import { program, type DirectedProgram } from './common.ts';
import { installVectors } from './vectors.ts';

/**
 * FCSE PID (a PID with the code at 0x10000 relocated: the program copies itself first), context ID
 * and cache lockdown registers written and read back into r5-r8, then the PID and lockdowns cleared.
 */
const CP15_READ_BACK_TAIL = `
  ldr r0, =0x10000
  ldr r1, =0x02010000
  mov r2, #1024
1:
  ldr r3, [r0], #4
  str r3, [r1], #4
  subs r2, r2, #1
  bne 1b
  ldr r1, =0x02000000
  mcr p15, 0, r1, c13, c0, 0   @ FCSE PID 1: fetches now from the copy at 32 MB
  mrc p15, 0, r5, c13, c0, 0
  mov r1, #0
  mcr p15, 0, r1, c13, c0, 0
  ldr r1, =0xcafef00d
  mcr p15, 0, r1, c13, c0, 1   @ context ID
  mrc p15, 0, r6, c13, c0, 1
  mov r1, #0x0000000c
  mcr p15, 0, r1, c9, c0, 0    @ D-cache lockdown
  mrc p15, 0, r7, c9, c0, 0
  mov r1, #0x00000003
  mcr p15, 0, r1, c9, c0, 1    @ I-cache lockdown
  mrc p15, 0, r8, c9, c0, 1
  mov r1, #0
  mcr p15, 0, r1, c9, c0, 0
  mcr p15, 0, r1, c9, c0, 1
`;

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
  {
    // CP15 registers read back as written: DFSR and IFSR (status and domain, bits 7:0), FAR, the
    // FCSE PID, the context ID, the cache lockdown registers.
    name: 'cp15: fault status and address, FCSE PID, context ID and cache lockdown read back',
    golden: true,
    ramBytes: 64 << 20, // the copy at 32 MB + 64 KB
    registers: { 10: 0xd5, 11: 0x5a, 4: 0x12345678, 5: 0x02000000, 6: 0xcafef00d, 7: 0xc, 8: 3 },
    source: program(`
  mov r1, #0xd5
  mcr p15, 0, r1, c5, c0, 0    @ DFSR
  mrc p15, 0, r10, c5, c0, 0
  mov r1, #0x5a
  mcr p15, 0, r1, c5, c0, 1    @ IFSR
  mrc p15, 0, r11, c5, c0, 1
  ldr r1, =0x12345678
  mcr p15, 0, r1, c6, c0, 0    @ FAR
  mrc p15, 0, r4, c6, c0, 0
${CP15_READ_BACK_TAIL}
`),
  },
  {
    // Written with their SBZ bits set (UNPREDICTABLE), both models keep only the defined bits: the
    // FSRs their bits 7:0, the FCSE PID bits 31:25 (so this PID is 0 and nothing is relocated);
    // QEMU keeps every bit (and relocates by the whole value). The TLB lockdown register reads back
    // as written (QEMU: 0). Not compared with QEMU.
    name: 'cp15: the SBZ bits of the fault status registers and the FCSE PID are dropped; TLB lockdown',
    golden: false,
    registers: { 2: 0xff, 3: 0xff, 5: 0, 9: 0x04000000 },
    source: program(`
  ldr r1, =0xffffffff
  mcr p15, 0, r1, c5, c0, 0    @ DFSR
  mrc p15, 0, r2, c5, c0, 0
  mcr p15, 0, r1, c5, c0, 1    @ IFSR
  mrc p15, 0, r3, c5, c0, 1
  ldr r1, =0x01ffffff
  mcr p15, 0, r1, c13, c0, 0   @ FCSE PID: bit 24 and below dropped
  mrc p15, 0, r5, c13, c0, 0
  ldr r1, =0x04000000
  mcr p15, 0, r1, c10, c0, 0   @ TLB lockdown (victim 2)
  mrc p15, 0, r9, c10, c0, 0
  mov r1, #0
  mcr p15, 0, r1, c10, c0, 0
`),
  },
];
