@ ping-pong client: ROUNDS Calls to the server (TID_SERVER), each with WORDS untyped words
@ (round << 8 | j); the reply must carry label 2 and every word plus one. Prints a verdict.
        .include "user.inc"
        .ifndef ROUNDS
        .set ROUNDS, 10
        .endif
        .ifndef WORDS
        .set WORDS, 5
        .endif
        .text
        .global client_start
client_start:
        mov     r9, r0
        mov     r10, r1
        mov     r11, #0                         @ round
        mov     r12, #0                         @ errors
1:      ldr     r3, =(1 << 16) | WORDS
        str     r3, [r9, #UTCB_MR0]
        mov     r4, #1
2:      cmp     r4, #WORDS
        bhi     3f
        add     r5, r4, r11, lsl #8
        add     r6, r9, r4, lsl #2
        str     r5, [r6, #UTCB_MR0]
        add     r4, r4, #1
        b       2b
3:      ldr     r0, =TID_SERVER
        mov     r1, r0                          @ Call
        mov     r2, #0
        bl      l4_ipc
        ldr     r1, =TID_SERVER
        cmp     r0, r1
        addne   r12, r12, #1
        ldr     r3, [r9, #UTCB_MR0]
        ldr     r1, =(2 << 16) | WORDS
        cmp     r3, r1
        addne   r12, r12, #1
        mov     r4, #1
4:      cmp     r4, #WORDS
        bhi     5f
        add     r5, r4, r11, lsl #8
        add     r5, r5, #1
        add     r6, r9, r4, lsl #2
        ldr     r7, [r6, #UTCB_MR0]
        cmp     r7, r5
        addne   r12, r12, #1
        add     r4, r4, #1
        b       4b
5:      add     r11, r11, #1
        ldr     r1, =ROUNDS
        cmp     r11, r1
        blo     1b
        cmp     r12, #0
        ldreq   r0, =msg_ok
        ldrne   r0, =msg_fail
        bl      u_puts
        SYS_THREAD_EXIT

msg_ok:   .asciz "pingpong: ok\n"
msg_fail: .asciz "pingpong: FAIL\n"
        .align  2
        .ltorg
