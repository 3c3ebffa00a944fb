@ ping-pong server: open wait, then forever: reply label 2 with every word plus one (ReplyWait).
        .include "user.inc"
        .text
        .global server_start
server_start:
        mov     r9, r0
        mov     r10, r1
        mov     r0, #NILTHREAD
        mvn     r1, #0                          @ Wait: any thread
        mov     r2, #0
        bl      l4_ipc
1:      ldr     r3, [r9, #UTCB_MR0]
        tst     r3, #TAG_ERROR
        bne     9f
        and     r4, r3, #0x3F
        mov     r5, #1
2:      cmp     r5, r4
        bhi     3f
        add     r6, r9, r5, lsl #2
        ldr     r7, [r6, #UTCB_MR0]
        add     r7, r7, #1
        str     r7, [r6, #UTCB_MR0]
        add     r5, r5, #1
        b       2b
3:      orr     r3, r4, #(2 << 16)
        str     r3, [r9, #UTCB_MR0]
        mvn     r1, #0                          @ ReplyWait: reply to r0, then wait for anyone
        mov     r2, #SEND_ZERO
        bl      l4_ipc
        b       1b
9:      ldr     r0, =msg_err
        bl      u_puts
        mov     r0, #NILTHREAD
        mvn     r1, #0
        mov     r2, #0
        bl      l4_ipc
        b       1b
msg_err:  .asciz "pingpong server: receive error\n"
        .align  2
        .ltorg
