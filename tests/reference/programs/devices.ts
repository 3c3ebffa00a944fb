// Devices: UART output, VIC soft interrupts and IRQ/FIQ entry, SP804 timer interrupt.
import { program, type DirectedProgram } from './common.ts';
import { installVectors } from './vectors.ts';

export const devicePrograms: readonly DirectedProgram[] = [
  {
    name: 'uart output and id registers',
    golden: true,
    source: program(`
  ldr r0, =0x101f1000
  adr r1, message
1: ldrb r2, [r1], #1
  cmp r2, #0
  strne r2, [r0]
  bne 1b
  ldr r3, [r0, #0x18]
  and r3, r3, #0x90
  ldr r4, [r0, #0xfe0]
  ldr r5, [r0, #0xff0]
`, `
message: .asciz "hi uart\\n"
  .align 2
`),
    uart: 'hi uart\n',
  },
  {
    name: 'vic: software interrupt as IRQ and as FIQ',
    golden: true,
    source: program(`
${installVectors({ irq: 'irq_handler', fiq: 'fiq_handler' })}
  msr cpsr_c, #0xd2
  ldr sp, =0x50000
  msr cpsr_c, #0xd1
  ldr sp, =0x40000
  msr cpsr_c, #0xd3
  ldr r8, =0x10140000
  mov r10, #0
  mov r1, #0x2
  str r1, [r8, #0x10]          @ enable source 1
  str r1, [r8, #0x18]          @ soft interrupt 1 (masked by CPSR I)
  ldr r2, [r8, #0x0]           @ IRQ status
  msr cpsr_c, #0x53            @ unmask IRQ: taken now
  mov r3, r10
  mov r1, #0x4
  str r1, [r8, #0x0c]          @ source 2 is FIQ
  str r1, [r8, #0x10]
  str r1, [r8, #0x18]
  ldr r4, [r8, #0x4]           @ FIQ status (FIQ still masked)
  msr cpsr_c, #0x13            @ unmask FIQ
  mov r5, r10
  b vic_done
irq_handler:
  add r10, r10, #1
  ldr r9, =0x10140000
  mov r7, #0x2
  str r7, [r9, #0x1c]          @ clear soft interrupt
  subs pc, lr, #4
fiq_handler:
  mov r6, #0x10                @ r10 is banked in FIQ mode
  mov r12, #0x4
  ldr r9, =0x10140000
  str r12, [r9, #0x1c]
  subs pc, lr, #4
vic_done:
`),
    registers: { 3: 1, 5: 1, 6: 0x10 },
  },
  {
    // VICVectAddr: reading it acknowledges the highest-priority pending IRQ (vector slot 0 first;
    // a source whose slot lacks the enable bit 0x20 is non-vectored, below every slot: the default
    // vector); while one is in service only a higher one is acknowledged; writing it ends the
    // service, and the in-service level holds the IRQ line down for the same and lower priorities
    // (the IRQ is unmasked once then: nothing may be taken). Software interrupts, IRQs masked.
    name: 'vic: vectored priorities, nesting and end of service through VICVectAddr',
    golden: true,
    source: program(`
${installVectors({ irq: 'irq_handler' })}
  msr cpsr_c, #0xd2
  ldr sp, =0x50000
  msr cpsr_c, #0xd3
  mov r10, #0
  ldr r8, =0x10140000
  mov r1, #0xa8
  str r1, [r8, #0x10]          @ enable sources 3, 5, 7
  ldr r1, =0x1000
  str r1, [r8, #0x100]         @ slot 0: vector 0x1000
  mov r1, #0x27
  str r1, [r8, #0x200]         @ slot 0: source 7, enabled
  ldr r1, =0x2000
  str r1, [r8, #0x104]         @ slot 1: vector 0x2000
  mov r1, #0x23
  str r1, [r8, #0x204]         @ slot 1: source 3, enabled
  ldr r1, =0x3000
  str r1, [r8, #0x108]         @ slot 2: vector 0x3000
  mov r1, #0x05
  str r1, [r8, #0x208]         @ slot 2: source 5, NOT enabled (non-vectored)
  ldr r1, =0x4000
  str r1, [r8, #0x34]          @ default vector 0x4000
  mov r1, #0xa8
  str r1, [r8, #0x18]          @ soft interrupts 3, 5, 7 (CPSR I masks them)
  ldr r2, [r8, #0x30]          @ acknowledge: source 7 (slot 0) -> 0x1000
  ldr r3, [r8, #0x30]          @ in service at slot 0: nothing higher -> 0x1000 again
  msr cpsr_c, #0x53            @ IRQ unmasked: 3, 5, 7 pending, none above slot 0 -> not taken
  mov r7, r10
  msr cpsr_c, #0xd3
  mov r1, #0x80
  str r1, [r8, #0x1c]          @ clear soft interrupt 7
  str r1, [r8, #0x30]          @ end of service
  ldr r4, [r8, #0x30]          @ source 3 (slot 1) -> 0x2000
  mov r1, #0x08
  str r1, [r8, #0x1c]
  str r1, [r8, #0x30]
  ldr r5, [r8, #0x30]          @ source 5, non-vectored -> the default 0x4000
  msr cpsr_c, #0x53            @ in service at the default level, 5 still pending -> not taken
  mov r9, r10
  msr cpsr_c, #0xd3
  mov r1, #0x20
  str r1, [r8, #0x1c]
  str r1, [r8, #0x30]
  ldr r6, [r8, #0x0]           @ IRQ status: nothing pending
  mov r1, #0xa8
  str r1, [r8, #0x14]          @ disable them again
  b vect_done
irq_handler:
  add r10, r10, #1
  subs pc, lr, #4
vect_done:
`),
    registers: { 2: 0x1000, 3: 0x1000, 4: 0x2000, 5: 0x4000, 6: 0, 7: 0, 9: 0 },
  },
];

/** Not QEMU-comparable (QEMU's timer runs on host time): checked on the model only. */
export const timerPrograms: readonly DirectedProgram[] = [
  {
    name: 'sp804 periodic timer interrupts through the VIC, and a one-shot',
    golden: false,
    source: program(`
${installVectors({ irq: 'irq_handler' })}
  msr cpsr_c, #0xd2
  ldr sp, =0x50000
  msr cpsr_c, #0xd3
  ldr r8, =0x10140000
  ldr r9, =0x101e2000
  mov r10, #0
  mov r1, #0x10
  str r1, [r8, #0x10]          @ VIC: enable timer0/1 (line 4)
  mov r1, #100
  str r1, [r9, #0x00]          @ load 100
  mov r1, #0xe2                @ enable, periodic, interrupt enable, 32-bit
  str r1, [r9, #0x08]
  msr cpsr_c, #0x53            @ unmask IRQ
1: cmp r10, #3
  blt 1b
  mov r1, #0
  str r1, [r9, #0x08]          @ stop
  ldr r2, [r9, #0x04]
  mov r1, #50
  str r1, [r9, #0x20]          @ timer 1: one-shot 50
  mov r1, #0x83                @ enable, one-shot, 32-bit, no interrupt
  str r1, [r9, #0x28]
2: ldr r3, [r9, #0x30]         @ raw interrupt status
  cmp r3, #0
  beq 2b
  ldr r4, [r9, #0x24]          @ stays 0
  mov r1, #20
  str r1, [r9, #0x00]
  mov r1, #0xe2
  msr cpsr_c, #0xd3            @ mask IRQ: WFI still wakes on the pending interrupt
  str r1, [r9, #0x08]          @ timer 0 again
  mcr p15, 0, r0, c7, c0, 4    @ wait for interrupt: wakes when the timer fires
  ldr r5, [r8, #0x08]          @ VIC raw status: line 4
  mov r1, #0
  str r1, [r9, #0x08]
  b timer_done
irq_handler:
  add r10, r10, #1
  ldr r11, =0x101e2000
  str r11, [r11, #0x0c]        @ clear timer 0 interrupt
  subs pc, lr, #4
timer_done:
`),
    registers: { 10: 3, 3: 1, 4: 0, 5: 0x10 },
  },
];
