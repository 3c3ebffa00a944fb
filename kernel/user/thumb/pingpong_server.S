@ ping-pong server in Thumb (as ../pingpong_server.S): open wait, then forever: reply label 2
@ with every word plus one (ReplyWait).
        .include "thumb.inc"
        .text
        .global server_start
        .thumb_func
server_start:
        mov     r9, r0
        mov     r10, r1
        movs    r0, #NILTHREAD
        movs    r1, #0
        mvns    r1, r1                          @ Wait: any thread
        movs    r2, #0
        bl      l4_ipc
1:      mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0]
        lsls    r7, r3, #16                     @ the tag's error bit (15) into N
        bmi     9f
        movs    r4, #0x3F
        ands    r4, r3
        movs    r5, #1
2:      cmp     r5, r4
        bhi     3f
        lsls    r7, r5, #2
        adds    r7, r7, r6
        ldr     r2, [r7, #UTCB_MR0]
        adds    r2, #1
        str     r2, [r7, #UTCB_MR0]
        adds    r5, #1
        b       2b
3:      ldr     r3, =2 << 16
        orrs    r3, r4
        str     r3, [r6, #UTCB_MR0]
        movs    r1, #0
        mvns    r1, r1                          @ ReplyWait: reply to r0, then wait for anyone
        ldr     r2, =SEND_ZERO
        bl      l4_ipc
        b       1b
9:      ldr     r0, =msg_err
        bl      u_puts
        movs    r0, #NILTHREAD
        movs    r1, #0
        mvns    r1, r1
        movs    r2, #0
        bl      l4_ipc
        b       1b
msg_err:  .asciz "pingpong server: receive error\n"
        .align  2
        .ltorg
