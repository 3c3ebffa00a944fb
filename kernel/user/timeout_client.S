@ A client using timeouts against a server (TID_PEER) that never answers in time:
@ receive with a 5 ms timeout -> timeout (receive phase); send with timeout zero -> timeout (send);
@ send with a 3 ms timeout -> timeout (send); then a send without timeout waits until the peer,
@ after sleeping 200 ms, receives it.
        .include "user.inc"
        .text
        .global tclient_start
tclient_start:
        mov     r9, r0
        mov     r10, r1
        mov     r12, #0
        mov     r3, #0
        str     r3, [r9, #UTCB_MR0]
        mov     r0, #NILTHREAD                  @ receive from the peer, 5 ms (m = 625, e = 3)
        ldr     r1, =TID_PEER
        ldr     r2, =(3 << 10) | 625
        bl      l4_ipc
        ldr     r3, [r9, #UTCB_MR0]
        ldr     r4, [r9, #UTCB_ERROR]
        cmp     r3, #TAG_ERROR
        addne   r12, r12, #1
        cmp     r4, #3                          @ timeout, receive phase
        addne   r12, r12, #1
        mov     r3, #0
        str     r3, [r9, #UTCB_MR0]
        ldr     r0, =TID_PEER                   @ send, timeout zero
        mov     r1, #NILTHREAD
        mov     r2, #SEND_ZERO
        bl      l4_ipc
        ldr     r4, [r9, #UTCB_ERROR]
        cmp     r4, #2                          @ timeout, send phase
        addne   r12, r12, #1
        mov     r3, #0
        str     r3, [r9, #UTCB_MR0]
        ldr     r0, =TID_PEER                   @ send, 3 ms
        mov     r1, #NILTHREAD
        ldr     r2, =((3 << 10) | 375) << 16
        bl      l4_ipc
        ldr     r4, [r9, #UTCB_ERROR]
        cmp     r4, #2
        addne   r12, r12, #1
        @ tell the peer to start waiting: it sleeps until then (closed receive from us)
        ldr     r3, =(5 << 16) | 1
        str     r3, [r9, #UTCB_MR0]
        ldr     r3, =0x600d
        str     r3, [r9, #UTCB_MR0 + 4]
        ldr     r0, =TID_PEER
        mov     r1, #NILTHREAD
        mov     r2, #0                          @ never: the peer takes it when it wakes
        mov     r4, #0
        str     r4, [r9, #UTCB_ERROR]
        bl      l4_ipc
        ldr     r3, [r9, #UTCB_MR0]
        tst     r3, #TAG_ERROR
        addne   r12, r12, #1
        cmp     r12, #0
        ldreq   r0, =msg_ok
        ldrne   r0, =msg_fail
        bl      u_puts
        SYS_THREAD_EXIT

@ the peer: sleeps 200 ms (receive from itself, timeout), then receives from the client
        .global tpeer_start
tpeer_start:
        mov     r9, r0
        mov     r10, r1
        mov     r0, #NILTHREAD
        mov     r1, r10
        ldr     r2, =(8 << 10) | 781            @ 200 ms
        bl      l4_ipc
        mov     r0, #NILTHREAD
        ldr     r1, =TID_TCLIENT
        mov     r2, #0
        bl      l4_ipc
        ldr     r3, [r9, #UTCB_MR0 + 4]
        ldr     r4, =0x600d
        cmp     r3, r4
        ldreq   r0, =msg_peer_ok
        ldrne   r0, =msg_fail
        bl      u_puts
        SYS_THREAD_EXIT
msg_ok:      .asciz "timeouts: client ok\n"
msg_peer_ok: .asciz "timeouts: peer got the message\n"
msg_fail:    .asciz "timeouts: FAIL\n"
        .align  2
        .ltorg
