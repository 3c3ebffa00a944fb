@ Several senders queued on one receiver, in Thumb (as ../queue.S). Senders (sender_start) send
@ MR1 = own id, label 7, to TID_RECV with timeout never; the receiver (receiver_start, lowest
@ priority) runs only when all of them are queued, then takes NSENDERS messages with open waits:
@ they must arrive in FIFO order (ids FIRST, FIRST+1, ...). Then a closed receive picks a later
@ queued sender out of order. Prints a verdict. r11 = expected sender, r12 = errors.
        .include "thumb.inc"
        .ifndef NSENDERS
        .set NSENDERS, 3
        .endif
        .text
        .global sender_start
        .thumb_func
sender_start:
        mov     r9, r0
        mov     r10, r1
        mov     r6, r9
        ldr     r3, =(7 << 16) | 1
        str     r3, [r6, #UTCB_MR0]
        mov     r4, r10
        str     r4, [r6, #UTCB_MR0 + 4]
        ldr     r0, =TID_RECV
        movs    r1, #NILTHREAD
        movs    r2, #0
        bl      l4_ipc
        mov     r6, r9                          @ a second message: MR1 = id + 0x100
        ldr     r3, =(7 << 16) | 1
        str     r3, [r6, #UTCB_MR0]
        mov     r4, r10
        adds    r4, #0xFF
        adds    r4, #1
        str     r4, [r6, #UTCB_MR0 + 4]
        ldr     r0, =TID_RECV
        movs    r1, #NILTHREAD
        movs    r2, #0
        bl      l4_ipc
        SYS_THREAD_EXIT

@ Receive from r1 (open: -1) and check sender = r11, MR1 = r11 + r5 (0 or 0x100), label 7
@ (when r5 is 0). r5 is kept on the stack across the IPC (l4_ipc loads MRs into r3..r8).
@ Clobbers r0-r4, r6, r7.
        .thumb_func
receive_check:
        push    {r5, lr}
        movs    r0, #NILTHREAD
        movs    r2, #0
        bl      l4_ipc
        ldr     r5, [sp]
        cmp     r0, r11
        COUNT_IF_NE
        mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0 + 4]
        mov     r4, r11
        adds    r4, r4, r5
        cmp     r3, r4
        COUNT_IF_NE
        cmp     r5, #0
        bne     1f
        ldr     r3, [r6, #UTCB_MR0]
        ldr     r4, =(7 << 16) | 1
        cmp     r3, r4
        COUNT_IF_NE
1:      pop     {r5, pc}

        .global receiver_start
        .thumb_func
receiver_start:
        mov     r9, r0
        mov     r10, r1
        movs    r0, #0
        mov     r12, r0                         @ errors
        ldr     r0, =FIRST                      @ expected sender
        mov     r11, r0
        movs    r5, #0
1:      movs    r1, #0
        mvns    r1, r1
        bl      receive_check
        mov     r7, r11
        adds    r7, #1
        mov     r11, r7
        ldr     r4, =FIRST + NSENDERS
        cmp     r7, r4
        blo     1b
        @ every sender has queued its second message (in the same order): take the last one first
        ldr     r0, =FIRST + NSENDERS - 1
        mov     r11, r0
        movs    r5, #0xFF
        adds    r5, #1                          @ MR1 = id + 0x100
        mov     r1, r11
        bl      receive_check
        ldr     r0, =FIRST                      @ then the rest in FIFO order
        mov     r11, r0
2:      movs    r1, #0
        mvns    r1, r1
        bl      receive_check
        mov     r7, r11
        adds    r7, #1
        mov     r11, r7
        ldr     r4, =FIRST + NSENDERS - 1
        cmp     r7, r4
        blo     2b
        VERDICT
        SYS_THREAD_EXIT
msg_ok:   .asciz "queue: FIFO order ok\n"
msg_fail: .asciz "queue: FAIL\n"
        .align  2
        .ltorg
