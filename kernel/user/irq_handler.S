@ Interrupt handler thread: drives SP804 timer 2 (0x101E3000, IRQ 5) through the device window,
@ receives IRQS interrupts as IPC from interrupt thread 0x1005 (label 0xFFF0), acknowledges the
@ device and replies to unmask the line. Prints a verdict and exits (the thread).
        .include "user.inc"
        .ifndef IRQS
        .set IRQS, 5
        .endif
        .set TIMER2, USER_DEVICES + 0xE3000
        .set LINE, 5
        .text
        .global irq_start
irq_start:
        mov     r9, r0
        mov     r10, r1
        mov     r11, #0                         @ interrupts seen
        mov     r12, #0                         @ errors
        ldr     r0, =TIMER2
        ldr     r1, =2000                       @ period in timer ticks (us)
        str     r1, [r0, #0x00]
        mov     r1, #0xE2                       @ enable, periodic, interrupt, 32-bit
        str     r1, [r0, #0x08]
1:      ldr     r0, =NILTHREAD
        ldr     r1, =IRQ_ID_BASE + LINE         @ closed receive from the interrupt thread
        mov     r2, #0
        bl      l4_ipc
        ldr     r1, =IRQ_ID_BASE + LINE
        cmp     r0, r1
        addne   r12, r12, #1
        ldr     r3, [r9, #UTCB_MR0]
        ldr     r1, =0xFFF00000
        cmp     r3, r1
        addne   r12, r12, #1
        ldr     r0, =TIMER2
        str     r0, [r0, #0x0C]                 @ acknowledge the device
        add     r11, r11, #1
        cmp     r11, #IRQS
        bhs     2f
        mov     r3, #0
        str     r3, [r9, #UTCB_MR0]
        ldr     r0, =IRQ_ID_BASE + LINE         @ reply: unmask the line
        mov     r1, #NILTHREAD
        mov     r2, #SEND_ZERO
        bl      l4_ipc
        b       1b
2:      ldr     r0, =TIMER2
        mov     r1, #0
        str     r1, [r0, #0x08]                 @ stop the timer
        cmp     r12, #0
        ldreq   r0, =msg_ok
        ldrne   r0, =msg_fail
        bl      u_puts
        SYS_THREAD_EXIT
msg_ok:   .asciz "irq: interrupts delivered as IPC ok\n"
msg_fail: .asciz "irq: FAIL\n"
        .align  2
        .ltorg
