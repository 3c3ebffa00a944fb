@ The benchmark's perturbation thread (npm run ipcbench --perturb): what a real system adds to a
@ benchmark that a deterministic model does not. It handles SP804 timer 2/3's first timer (line 5)
@ at the highest priority and arms it, one-shot, with a seeded pseudo-random interval (uniform in
@ PERIOD/2 .. 3*PERIOD/2 - 1 timer ticks: interrupts at random phases of the benchmark); with DIRTY
@ it also reads and writes DIRTY random lines of its own 16 KB buffer at every interrupt (dirty
@ cache lines that evict the benchmark's). It ends once a benchmark thread has written the mailbox
@ (timer 2/3's second Load register, unused otherwise) and prints "bench-perturb: ok".
        .include "user.inc"
        .include "ipcbench.inc"
        .ifndef PERIOD
        .set PERIOD, 2000
        .endif
        .ifndef DIRTY
        .set DIRTY, 0
        .endif
        .ifndef SEED
        .set SEED, 2026
        .endif
        .set LINE, 5
        .set DIRTY_BYTES, 16384

        .text
        .global perturb_start
perturb_start:
        mov     r9, r0
        ldr     r11, =PERTURB_TIMER
        ldr     r12, =SEED
        orr     r12, r12, #1                    @ xorshift32 state: never 0
        mov     r0, #0
        str     r0, [r11, #PERTURB_MAILBOX]
        bl      arm
        mov     r0, #NILTHREAD
        ldr     r1, =IRQ_ID_BASE + LINE
        mov     r2, #0
        bl      l4_ipc
1:      str     r11, [r11, #0x0C]               @ acknowledge the timer
        ldr     r0, [r11, #PERTURB_MAILBOX]
        cmp     r0, #0
        bne     2f
        .if DIRTY
        ldr     r3, =dirty_buffer
        mov     r2, #DIRTY
3:      TOUCH_RANDOM_LINE r12, r3, 9, r1, r4   @ a line of the 16 KB buffer
        subs    r2, r2, #1
        bne     3b
        .endif
        bl      arm
        mov     r3, #0
        str     r3, [r9, #UTCB_MR0]
        ldr     r0, =IRQ_ID_BASE + LINE         @ reply (unmask) and wait for the next
        mov     r1, r0
        mov     r2, #0
        bl      l4_ipc
        b       1b
2:      mov     r0, #0
        str     r0, [r11, #0x08]                @ the timer off
        ldr     r0, =msg_ok
        bl      u_puts
        SYS_THREAD_EXIT

@ arm: the timer one-shot after PERIOD/2 + (random * PERIOD >> 32) ticks. Clobbers r0, r1, r5.
arm:
        XORSHIFT r12
        ldr     r1, =PERIOD
        umull   r5, r0, r1, r12
        ldr     r1, =PERIOD / 2
        add     r0, r0, r1
        str     r0, [r11, #0x00]                @ Load
        mov     r0, #TIMER_ONESHOT_IRQ
        str     r0, [r11, #0x08]
        mov     pc, lr

msg_ok: .asciz "bench-perturb: ok\n"
        .align  2
        .ltorg

        .if DIRTY
        .bss
        .align  5
dirty_buffer: .space DIRTY_BYTES
        .endif
