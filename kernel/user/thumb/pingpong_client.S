@ ping-pong client in Thumb (as ../pingpong_client.S): ROUNDS Calls to the server (TID_SERVER),
@ each with WORDS untyped words (round << 8 | j); the reply must carry label 2 and every word plus
@ one. Prints a verdict. r9 = UTCB, r10 = own id, r11 = round, r12 = errors (high registers, moved
@ through low ones).
        .include "thumb.inc"
        .ifndef ROUNDS
        .set ROUNDS, 10
        .endif
        .ifndef WORDS
        .set WORDS, 5
        .endif
        .text
        .global client_start
        .thumb_func
client_start:
        mov     r9, r0
        mov     r10, r1
        movs    r4, #0
        mov     r11, r4                         @ round
        mov     r12, r4                         @ errors
1:      mov     r6, r9
        ldr     r3, =(1 << 16) | WORDS
        str     r3, [r6, #UTCB_MR0]
        movs    r4, #1
2:      cmp     r4, #WORDS
        bhi     3f
        mov     r5, r11
        lsls    r5, r5, #8
        adds    r5, r5, r4                      @ round << 8 | j
        lsls    r7, r4, #2
        adds    r7, r7, r6
        str     r5, [r7, #UTCB_MR0]
        adds    r4, #1
        b       2b
3:      ldr     r0, =TID_SERVER
        movs    r1, r0                          @ Call
        movs    r2, #0
        bl      l4_ipc
        ldr     r1, =TID_SERVER
        cmp     r0, r1
        COUNT_IF_NE
        mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0]
        ldr     r1, =(2 << 16) | WORDS
        cmp     r3, r1
        COUNT_IF_NE
        movs    r4, #1
4:      cmp     r4, #WORDS
        bhi     5f
        mov     r5, r11
        lsls    r5, r5, #8
        adds    r5, r5, r4
        adds    r5, #1
        lsls    r7, r4, #2
        adds    r7, r7, r6
        ldr     r7, [r7, #UTCB_MR0]
        cmp     r7, r5
        COUNT_IF_NE
        adds    r4, #1
        b       4b
5:      mov     r7, r11
        adds    r7, #1
        mov     r11, r7
        ldr     r1, =ROUNDS
        cmp     r7, r1
        blo     1b
        VERDICT
        SYS_THREAD_EXIT

msg_ok:   .asciz "pingpong: ok\n"
msg_fail: .asciz "pingpong: FAIL\n"
        .align  2
        .ltorg
