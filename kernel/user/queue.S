@ Several senders queued on one receiver. Senders (sender_start) send MR1 = own id, label 7, to
@ TID_RECV with timeout never; the receiver (receiver_start, lowest priority) runs only when all
@ of them are queued, then takes NSENDERS messages with open waits: they must arrive in FIFO order
@ (ids FIRST, FIRST+1, ...: the senders ran, and queued, in that order). Then a closed receive picks
@ a later queued sender out of order. Prints a verdict.
        .include "user.inc"
        .ifndef NSENDERS
        .set NSENDERS, 3
        .endif
        .text
        .global sender_start
sender_start:
        mov     r9, r0
        mov     r10, r1
        ldr     r3, =(7 << 16) | 1
        str     r3, [r9, #UTCB_MR0]
        str     r10, [r9, #UTCB_MR0 + 4]
        ldr     r0, =TID_RECV
        mov     r1, #NILTHREAD
        mov     r2, #0
        bl      l4_ipc
        ldr     r3, [r9, #UTCB_MR0]             @ a second message: MR1 = id + 0x100
        ldr     r3, =(7 << 16) | 1
        str     r3, [r9, #UTCB_MR0]
        add     r4, r10, #0x100
        str     r4, [r9, #UTCB_MR0 + 4]
        ldr     r0, =TID_RECV
        mov     r1, #NILTHREAD
        mov     r2, #0
        bl      l4_ipc
        SYS_THREAD_EXIT

        .global receiver_start
receiver_start:
        mov     r9, r0
        mov     r10, r1
        mov     r12, #0                         @ errors
        ldr     r11, =FIRST                     @ expected sender
1:      mov     r0, #NILTHREAD
        mvn     r1, #0
        mov     r2, #0
        bl      l4_ipc
        cmp     r0, r11
        addne   r12, r12, #1
        ldr     r3, [r9, #UTCB_MR0 + 4]
        cmp     r3, r11
        addne   r12, r12, #1
        ldr     r3, [r9, #UTCB_MR0]
        ldr     r4, =(7 << 16) | 1
        cmp     r3, r4
        addne   r12, r12, #1
        add     r11, r11, #1
        ldr     r4, =FIRST + NSENDERS
        cmp     r11, r4
        blo     1b
        @ every sender has queued its second message (in the same order): take the last one first
        ldr     r11, =FIRST + NSENDERS - 1
        mov     r0, #NILTHREAD
        mov     r1, r11
        mov     r2, #0
        bl      l4_ipc
        cmp     r0, r11
        addne   r12, r12, #1
        ldr     r3, [r9, #UTCB_MR0 + 4]
        add     r4, r11, #0x100
        cmp     r3, r4
        addne   r12, r12, #1
        ldr     r11, =FIRST                     @ then the rest in FIFO order
2:      mov     r0, #NILTHREAD
        mvn     r1, #0
        mov     r2, #0
        bl      l4_ipc
        cmp     r0, r11
        addne   r12, r12, #1
        ldr     r3, [r9, #UTCB_MR0 + 4]
        add     r4, r11, #0x100
        cmp     r3, r4
        addne   r12, r12, #1
        add     r11, r11, #1
        ldr     r4, =FIRST + NSENDERS - 1
        cmp     r11, r4
        blo     2b
        cmp     r12, #0
        ldreq   r0, =msg_ok
        ldrne   r0, =msg_fail
        bl      u_puts
        SYS_THREAD_EXIT
msg_ok:   .asciz "queue: FIFO order ok\n"
msg_fail: .asciz "queue: FAIL\n"
        .align  2
        .ltorg
