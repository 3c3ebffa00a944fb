@ Script interpreter for the model-based tests: runs a list of operations from memory and logs
@ every result. r2 at start = address of the script:
@   word 0: address of the log
@   then records: kind 0 = IPC: to, from, timeouts, tag, then (untyped + typed) words MR1..
@                 kind 1 = end (thread exit)
@                 kind 2 = load from the address in the next word (fault tests)
@                 kind 3 = store to the address in the next word
@                 kind 4 = print the next word (hex) on the UART
@ Log: word 0 = number of operations done, then per IPC: r0, MR0 (tag), error word (0 unless the
@ tag has the error bit), then the received words MR1..MR(untyped + typed) if no error.
        .include "user.inc"
        .text
        .global script_start
script_start:
        mov     r9, r0
        mov     r10, r1
        mov     r11, r2
        ldr     r12, [r11], #4
        str     r12, [r9, #0]                   @ UTCB word 0: log base (user scratch)
        mov     r0, #0
        str     r0, [r12], #4
        .global script_next
script_next:
        ldr     r0, [r11], #4
        cmp     r0, #0
        bne     20f
        ldmia   r11!, {r0, r1, r2, r3}
        str     r3, [r9, #UTCB_MR0]
        and     r4, r3, #0x3F
        mov     r5, r3, lsr #6
        and     r5, r5, #0x3F
        add     r4, r4, r5
        add     r5, r9, #(UTCB_MR0 + 4)
1:      subs    r4, r4, #1
        ldrpl   r6, [r11], #4
        strpl   r6, [r5], #4
        bpl     1b
        mov     r6, #0
        str     r6, [r9, #UTCB_ERROR]
        bl      l4_ipc
        str     r0, [r12], #4
        ldr     r3, [r9, #UTCB_MR0]
        str     r3, [r12], #4
        tst     r3, #TAG_ERROR
        ldrne   r4, [r9, #UTCB_ERROR]
        moveq   r4, #0
        str     r4, [r12], #4
        bne     10f
        and     r4, r3, #0x3F
        mov     r5, r3, lsr #6
        and     r5, r5, #0x3F
        add     r4, r4, r5
        add     r5, r9, #(UTCB_MR0 + 4)
2:      subs    r4, r4, #1
        ldrpl   r6, [r5], #4
        strpl   r6, [r12], #4
        bpl     2b
10:     ldr     r1, [r9, #0]
        ldr     r0, [r1]
        add     r0, r0, #1
        str     r0, [r1]
        b       script_next
20:     cmp     r0, #1
        bne     21f
        SYS_THREAD_EXIT
21:     cmp     r0, #2
        bne     22f
        ldr     r0, [r11], #4
        ldr     r0, [r0]
        b       10b
22:     cmp     r0, #3
        bne     23f
        ldr     r0, [r11], #4
        str     r0, [r0]
        b       10b
23:     ldr     r0, [r11], #4
        SYS_PUTHEX
        mov     r0, #'\n'
        SYS_PUTC
        b       10b
