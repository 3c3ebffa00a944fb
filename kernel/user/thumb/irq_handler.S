@ Interrupt handler thread in Thumb (as ../irq_handler.S): drives SP804 timer 2 (0x101E3000,
@ IRQ 5) through the device window, receives IRQS interrupts as IPC from interrupt thread 0x1005
@ (label 0xFFF0), acknowledges the device and replies to unmask the line. Prints a verdict and
@ exits (the thread). r11 = interrupts seen, r12 = errors.
        .include "thumb.inc"
        .ifndef IRQS
        .set IRQS, 5
        .endif
        .set TIMER2, USER_DEVICES + 0xE3000
        .set LINE, 5
        .text
        .global irq_start
        .thumb_func
irq_start:
        mov     r9, r0
        mov     r10, r1
        movs    r0, #0
        mov     r11, r0                         @ interrupts seen
        mov     r12, r0                         @ errors
        ldr     r0, =TIMER2
        ldr     r1, =2000                       @ period in timer ticks (us)
        str     r1, [r0, #0x00]
        movs    r1, #0xE2                       @ enable, periodic, interrupt, 32-bit
        str     r1, [r0, #0x08]
1:      ldr     r0, =NILTHREAD
        ldr     r1, =IRQ_ID_BASE + LINE         @ closed receive from the interrupt thread
        movs    r2, #0
        bl      l4_ipc
        ldr     r1, =IRQ_ID_BASE + LINE
        cmp     r0, r1
        COUNT_IF_NE
        mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0]
        ldr     r1, =0xFFF00000
        cmp     r3, r1
        COUNT_IF_NE
        ldr     r0, =TIMER2
        str     r0, [r0, #0x0C]                 @ acknowledge the device
        mov     r7, r11
        adds    r7, #1
        mov     r11, r7
        cmp     r7, #IRQS
        bhs     2f
        movs    r3, #0
        str     r3, [r6, #UTCB_MR0]
        ldr     r0, =IRQ_ID_BASE + LINE         @ reply: unmask the line
        movs    r1, #NILTHREAD
        ldr     r2, =SEND_ZERO
        bl      l4_ipc
        b       1b
2:      ldr     r0, =TIMER2
        movs    r1, #0
        str     r1, [r0, #0x08]                 @ stop the timer
        VERDICT
        SYS_THREAD_EXIT
msg_ok:   .asciz "irq: interrupts delivered as IPC ok\n"
msg_fail: .asciz "irq: FAIL\n"
        .align  2
        .ltorg
