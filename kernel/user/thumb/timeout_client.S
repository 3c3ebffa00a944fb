@ A client using timeouts against a server (TID_PEER) that never answers in time, in Thumb (as
@ ../timeout_client.S): receive with a 5 ms timeout -> timeout (receive phase); send with timeout
@ zero -> timeout (send); send with a 3 ms timeout -> timeout (send); then a send without timeout
@ waits until the peer, after sleeping 200 ms, receives it. r12 = errors.
        .include "thumb.inc"
        .text
        .global tclient_start
        .thumb_func
tclient_start:
        mov     r9, r0
        mov     r10, r1
        movs    r3, #0
        mov     r12, r3
        mov     r6, r9
        str     r3, [r6, #UTCB_MR0]
        movs    r0, #NILTHREAD                  @ receive from the peer, 5 ms (m = 625, e = 3)
        ldr     r1, =TID_PEER
        ldr     r2, =(3 << 10) | 625
        bl      l4_ipc
        mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0]
        ldr     r4, [r6, #UTCB_ERROR]
        ldr     r7, =TAG_ERROR
        cmp     r3, r7
        COUNT_IF_NE
        cmp     r4, #3                          @ timeout, receive phase
        COUNT_IF_NE
        movs    r3, #0
        str     r3, [r6, #UTCB_MR0]
        ldr     r0, =TID_PEER                   @ send, timeout zero
        movs    r1, #NILTHREAD
        ldr     r2, =SEND_ZERO
        bl      l4_ipc
        mov     r6, r9
        ldr     r4, [r6, #UTCB_ERROR]
        cmp     r4, #2                          @ timeout, send phase
        COUNT_IF_NE
        movs    r3, #0
        str     r3, [r6, #UTCB_MR0]
        ldr     r0, =TID_PEER                   @ send, 3 ms
        movs    r1, #NILTHREAD
        ldr     r2, =((3 << 10) | 375) << 16
        bl      l4_ipc
        mov     r6, r9
        ldr     r4, [r6, #UTCB_ERROR]
        cmp     r4, #2
        COUNT_IF_NE
        @ tell the peer to start waiting: it sleeps until then (closed receive from us)
        ldr     r3, =(5 << 16) | 1
        str     r3, [r6, #UTCB_MR0]
        ldr     r3, =0x600d
        str     r3, [r6, #UTCB_MR0 + 4]
        ldr     r0, =TID_PEER
        movs    r1, #NILTHREAD
        movs    r2, #0                          @ never: the peer takes it when it wakes
        movs    r4, #0
        str     r4, [r6, #UTCB_ERROR]
        bl      l4_ipc
        mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0]
        lsls    r3, r3, #16                     @ the error bit (15) into N
        bpl     1f
        mov     r7, r12
        adds    r7, #1
        mov     r12, r7
1:      VERDICT
        SYS_THREAD_EXIT

@ the peer: sleeps 200 ms (receive from itself, timeout), then receives from the client
        .global tpeer_start
        .thumb_func
tpeer_start:
        mov     r9, r0
        mov     r10, r1
        movs    r0, #NILTHREAD
        mov     r1, r10
        ldr     r2, =(8 << 10) | 781            @ 200 ms
        bl      l4_ipc
        movs    r0, #NILTHREAD
        ldr     r1, =TID_TCLIENT
        movs    r2, #0
        bl      l4_ipc
        mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0 + 4]
        ldr     r4, =0x600d
        cmp     r3, r4
        bne     1f
        ldr     r0, =msg_peer_ok
        b       2f
1:      ldr     r0, =msg_fail
2:      bl      u_puts
        SYS_THREAD_EXIT
msg_ok:      .asciz "timeouts: client ok\n"
msg_peer_ok: .asciz "timeouts: peer got the message\n"
msg_fail:    .asciz "timeouts: FAIL\n"
        .align  2
        .ltorg
