@ handoff L4 kernel: the IPC slow path (every case the fast path declines), error delivery,
@ send queues, thread halting with cancellation.
@ Calling convention inside the kernel: r0-r3, r12 scratch, r4-r11 preserved, kernel stack.
        .include "kernel.inc"

        .text
@ slow_ipc: r4 = current TCB, its whole user context saved.
        .global slow_ipc
slow_ipc:
        stmfd   sp!, {r4-r11, lr}
        ldr     r5, [r4, #CTX_R0]               @ to
        ldr     r6, [r4, #CTX_R1]               @ from-spec
        ldr     r7, [r4, #CTX_R2]               @ timeouts
        mov     r8, r7, lsl #16
        mov     r8, r8, lsr #16                 @ receive timeout
        cmp     r5, #NILTHREAD
        beq     5f
        mov     r0, r4
        mov     r1, r5
        mov     r2, r7, lsr #16
        bl      send_phase
        cmp     r0, #1
        beq     1f                              @ blocked in the send queue
        bhi     9f                              @ error, already delivered
        cmp     r6, #NILTHREAD
        bne     6f
        mov     r0, r4                          @ send-only, done
        bl      set_ok_send
        b       9f
1:      str     r6, [r4, #TCB_RCV_FROM]         @ receive phase runs when the send completes
        str     r8, [r4, #TCB_RCV_TMO]
        b       9f
5:      cmp     r6, #NILTHREAD
        bne     6f
        mov     r0, r4                          @ nil/nil: no operation
        bl      set_ok_send
        b       9f
6:      mov     r0, r4
        mov     r1, r6
        mov     r2, r8
        bl      recv_phase
9:      ldmfd   sp!, {r4-r11, pc}

@ send_phase(r0 = sender, r1 = to, r2 = send timeout) -> r0 = 0 delivered, 1 blocked, 2 error
        .global send_phase
send_phase:
        stmfd   sp!, {r4-r8, lr}
        mov     r4, r0
        mov     r5, r1
        mov     r6, r2
        sub     r0, r5, #IRQ_ID_BASE
        cmp     r0, #32
        bhs     1f
        @ a reply to an interrupt thread: only its handler may, and it unmasks the line
        ldr     r1, =irq_handlers + KDATA
        ldr     r2, [r1, r0, lsl #2]
        cmp     r2, r4
        bne     80f
        mov     r1, #1
        mov     r1, r1, lsl r0
        ldr     r2, =VIC_BASE
        str     r1, [r2, #VIC_INTENABLE]
        mov     r0, #0
        b       99f
1:      mov     r0, r5
        bl      tcb_lookup
        movs    r7, r0
        beq     80f
        mov     r0, r4
        bl      get_tag
        mov     r8, r0
        and     r1, r8, #0x3F
        mov     r2, r8, lsr #6
        and     r2, r2, #0x3F
        add     r1, r1, r2
        cmp     r1, #(MAX_MRS - 1)
        bhi     81f
        .if DESIGN == DESIGN_BUFFERED
        @ buffered: into a slot of the receiver if one is free (a full queue blocks, below)
        ldr     r0, [r7, #TCB_MSGS]
        cmp     r0, #MSG_SLOTS
        bhs     2f
        mov     r0, r4
        mov     r1, r7
        mov     r2, r8
        bl      enqueue_msg
        ldr     r0, [r7, #TCB_STATE]            @ the receiver waiting: its receive completes now
        cmp     r0, #ST_RECV
        cmpne   r0, #ST_RECV_TIMED
        bne     3f
        mov     r0, r7
        ldr     r1, [r7, #TCB_PARTNER]
        bl      take_message
        cmp     r0, #0
        ldrne   r0, =direct + KDATA
        strne   r7, [r0]
3:      mov     r0, #0                          @ sent: the sender does not wait for the receiver
        b       99f
        .endif
        ldr     r0, [r7, #TCB_STATE]
        cmp     r0, #ST_RECV
        cmpne   r0, #ST_RECV_TIMED
        bne     2f
        ldr     r0, [r7, #TCB_PARTNER]
        ldr     r1, [r4, #TCB_ID]
        cmp     r0, r1
        cmnne   r0, #1
        bne     2f
        @ the receiver waits for us: rendezvous
        mov     r0, r4
        mov     r1, r7
        mov     r2, r8
        bl      transfer
        mov     r0, r7
        bl      make_ready
        ldr     r0, =direct + KDATA
        str     r7, [r0]
        mov     r0, #0
        b       99f
2:      mov     r0, r6
        bl      timeout_ticks
        cmp     r0, #0
        beq     82f
        cmn     r0, #1
        moveq   r0, #0
        str     r0, [r4, #TCB_WAKEUP]
        mov     r0, #ST_SEND
        str     r0, [r4, #TCB_STATE]
        str     r5, [r4, #TCB_PARTNER]
        mov     r0, #0
        str     r0, [r4, #TCB_SENDQ_NEXT]
        ldr     r0, [r7, #TCB_SENDQ_TAIL]       @ FIFO: append at the tail
        cmp     r0, #0
        streq   r4, [r7, #TCB_SENDQ_HEAD]
        strne   r4, [r0, #TCB_SENDQ_NEXT]
        str     r4, [r7, #TCB_SENDQ_TAIL]
        mov     r0, #1
        b       99f
80:     mov     r1, #((ERR_NOPARTNER << 1) | PHASE_SEND)
        b       89f
81:     mov     r1, #((ERR_OVERFLOW << 1) | PHASE_SEND)
        b       89f
82:     mov     r1, #((ERR_TIMEOUT << 1) | PHASE_SEND)
89:     mov     r0, r4
        bl      ipc_fail
        mov     r0, #2
99:     ldmfd   sp!, {r4-r8, pc}

@ recv_phase(r0 = receiver, r1 = from-spec, r2 = receive timeout)
        .global recv_phase
recv_phase:
        stmfd   sp!, {r4-r8, lr}
        mov     r4, r0
        mov     r5, r1
        mov     r6, r2
        cmn     r5, #1
        beq     2f
        sub     r0, r5, #IRQ_ID_BASE
        cmp     r0, #32
        bhs     1f
        ldr     r1, =irq_handlers + KDATA
        ldr     r2, [r1, r0, lsl #2]
        cmp     r2, r4
        bne     80f
        b       2f
1:      mov     r0, r5
        bl      tcb_lookup
        cmp     r0, #0
        beq     80f
2:      @ a pending interrupt for this handler?
        ldr     r0, [r4, #TCB_IRQ_PENDING]
        cmp     r0, #0
        beq     4f
        cmn     r5, #1
        beq     3f
        sub     r1, r5, #IRQ_ID_BASE
        cmp     r1, #32
        bhs     4f
        mov     r2, #1
        tst     r0, r2, lsl r1
        beq     4f
        b       35f
3:      mov     r1, #0
31:     mov     r2, #1
        tst     r0, r2, lsl r1
        addeq   r1, r1, #1
        beq     31b
35:     mov     r2, #1
        bic     r0, r0, r2, lsl r1
        str     r0, [r4, #TCB_IRQ_PENDING]
        mov     r0, r4
        bl      deliver_irq_msg
        mov     r0, r4
        bl      make_ready
        b       99f
4:      .if DESIGN == DESIGN_BUFFERED
        mov     r0, r4                          @ buffered: the first matching message in a slot
        mov     r1, r5
        bl      take_message
        cmp     r0, #0
        bne     99f
        b       6f
        .endif
        @ the first matching sender in FIFO order
        mov     r7, #0
        ldr     r8, [r4, #TCB_SENDQ_HEAD]
41:     cmp     r8, #0
        beq     6f
        cmn     r5, #1
        beq     5f
        ldr     r0, [r8, #TCB_ID]
        cmp     r0, r5
        beq     5f
        mov     r7, r8
        ldr     r8, [r8, #TCB_SENDQ_NEXT]
        b       41b
5:      mov     r0, r4
        mov     r1, r7
        mov     r2, r8
        bl      dequeue_sender
        mov     r0, r8
        bl      get_tag
        mov     r2, r0
        mov     r0, r8
        mov     r1, r4
        bl      transfer
        mov     r0, r4
        bl      make_ready
        mov     r0, r8
        bl      send_done
        b       99f
6:      mov     r0, r6
        bl      timeout_ticks
        cmp     r0, #0
        beq     82f
        cmn     r0, #1
        moveq   r0, #0
        str     r0, [r4, #TCB_WAKEUP]
        cmp     r0, #0
        moveq   r0, #ST_RECV                    @ forever (the fast path's receivers)
        movne   r0, #ST_RECV_TIMED
        str     r0, [r4, #TCB_STATE]
        str     r5, [r4, #TCB_PARTNER]
        b       99f
80:     mov     r1, #((ERR_NOPARTNER << 1) | PHASE_RECV)
        b       89f
82:     mov     r1, #((ERR_TIMEOUT << 1) | PHASE_RECV)
89:     mov     r0, r4
        bl      ipc_fail
99:     ldmfd   sp!, {r4-r8, pc}

@ send_done(r0 = a sender whose message was just taken from the queue): run its pending
@ receive phase (Call) or complete its send.
send_done:
        ldr     r1, [r0, #TCB_RCV_FROM]
        cmp     r1, #0
        beq     1f
        ldr     r2, [r0, #TCB_RCV_TMO]
        mov     r3, #0
        str     r3, [r0, #TCB_RCV_FROM]
        str     r3, [r0, #TCB_WAKEUP]
        str     r3, [r0, #TCB_PARTNER]
        mov     r3, #ST_READY
        str     r3, [r0, #TCB_STATE]
        b       recv_phase
1:      stmfd   sp!, {r4, lr}
        mov     r4, r0
        bl      set_ok_send
        mov     r0, r4
        bl      make_ready
        ldmfd   sp!, {r4, pc}

@ transfer(r0 = sender, r1 = receiver, r2 = tag): register MRs into the receiver's saved
@ context, untyped words beyond them straight from the sender's UTCB to the receiver's.
        .global transfer
transfer:
        stmfd   sp!, {r4-r8, lr}
        bic     r2, r2, #0xF000                 @ delivered tag: flags clear
        .if NREG >= 1
        str     r2, [r1, #CTX_R3]
        .endif
        .if NREG >= 2
        ldr     r3, [r0, #CTX_R4]
        str     r3, [r1, #CTX_R4]
        .endif
        .if NREG >= 3
        ldr     r3, [r0, #CTX_R5]
        str     r3, [r1, #CTX_R5]
        .endif
        .if NREG >= 4
        ldr     r3, [r0, #CTX_R6]
        str     r3, [r1, #CTX_R6]
        .endif
        .if NREG >= 5
        ldr     r3, [r0, #CTX_R7]
        str     r3, [r1, #CTX_R7]
        .endif
        .if NREG >= 6
        ldr     r3, [r0, #CTX_R8]
        str     r3, [r1, #CTX_R8]
        .endif
        ldr     r3, [r0, #TCB_ID]
        str     r3, [r1, #CTX_R0]
        and     r4, r2, #0x3F
        mov     r5, r2, lsr #6
        and     r5, r5, #0x3F
        add     r4, r4, r5                      @ index of the last MR
        ldr     r5, [r0, #TCB_UTCB]
        add     r5, r5, #UTCB_MR0
        ldr     r6, [r1, #TCB_UTCB]
        add     r6, r6, #UTCB_MR0
        .if DESIGN == DESIGN_REMAP
        .if NREG == 0
        mov     r7, #1
        .else
        mov     r7, #NREG
        .endif
        cmp     r7, r4                          @ words in the UTCB: flip the message pages
        bhi     1f
        stmfd   sp!, {r2, r9, r11}
        FLIP_MR_PAGES r0, r1
        ldmfd   sp!, {r2, r9, r11}
1:
        .if NREG == 0
        str     r2, [r6]                        @ the tag, in the receiver's (new) message page
        .endif
        ldmfd   sp!, {r4-r8, pc}
        .endif
        .if NREG == 0
        str     r2, [r6]
        mov     r7, #1
        .else
        mov     r7, #NREG
        .endif
        .global slow_copy_utcb
slow_copy_utcb:
1:      cmp     r7, r4
        bhi     2f
        ldr     r3, [r5, r7, lsl #2]
        str     r3, [r6, r7, lsl #2]
        add     r7, r7, #1
        b       1b
2:      ldmfd   sp!, {r4-r8, pc}

        .if DESIGN == DESIGN_BUFFERED
@ enqueue_msg(r0 = sender, r1 = receiver, r2 = tag): copy 1 of 2. The message goes into a free slot
@ of the receiver (the caller checked it has one): the sender's id, the tag, MR1..MR(NREG-1) from
@ the sender's saved registers and the rest from its UTCB.
enqueue_msg:
        stmfd   sp!, {r4-r8, lr}
        ldr     r4, [r1, #TCB_MSGBUF]
1:      ldr     r3, [r4, #SLOT_SEQ]             @ a free slot
        cmp     r3, #0
        addne   r4, r4, #SLOT_BYTES
        bne     1b
        ldr     r5, =msg_seq + KDATA            @ its order of arrival
        ldr     r3, [r5]
        add     r3, r3, #1
        str     r3, [r5]
        str     r3, [r4, #SLOT_SEQ]
        ldr     r3, [r0, #TCB_ID]
        str     r3, [r4, #SLOT_FROM]
        ldr     r3, [r1, #TCB_MSGS]
        add     r3, r3, #1
        str     r3, [r1, #TCB_MSGS]
        str     r2, [r4, #SLOT_MR0]
        and     r5, r2, #0x3F
        mov     r6, r2, lsr #6
        and     r6, r6, #0x3F
        add     r5, r5, r6                      @ index of the last MR
        mov     r6, #1
        ldr     r7, [r0, #TCB_UTCB]
        add     r7, r7, #UTCB_MR0
        add     r8, r4, #SLOT_MR0
2:      cmp     r6, r5
        bhi     9f
        cmp     r6, #NREG
        addlo   r3, r0, #CTX_R3                 @ MR i < NREG: the saved r(3 + i)
        ldrlo   r3, [r3, r6, lsl #2]
        ldrhs   r3, [r7, r6, lsl #2]
        str     r3, [r8, r6, lsl #2]
        add     r6, r6, #1
        b       2b
9:      ldmfd   sp!, {r4-r8, pc}

@ take_message(r0 = receiver, r1 = from-spec) -> r0 = 1 if the first matching message (in order of
@ arrival) was delivered, else 0. Copy 2 of 2: into the receiver's saved registers and its UTCB,
@ with the sender's id in r0 and the tag's flags clear; the slot is freed, the receiver made ready,
@ and the first sender blocked on the full queue moves into the slot (its send completes).
take_message:
        stmfd   sp!, {r4-r9, lr}
        mov     r4, r0
        mov     r5, r1
        ldr     r6, [r4, #TCB_MSGBUF]
        mov     r7, #0                          @ the slot found
        mvn     r8, #0                          @ its order
        mov     r9, #MSG_SLOTS
1:      ldr     r0, [r6, #SLOT_SEQ]
        cmp     r0, #0
        beq     2f
        cmn     r5, #1                          @ open receive, or from this sender
        ldrne   r1, [r6, #SLOT_FROM]
        cmpne   r1, r5
        bne     2f
        cmp     r0, r8
        movlo   r8, r0
        movlo   r7, r6
2:      add     r6, r6, #SLOT_BYTES
        subs    r9, r9, #1
        bne     1b
        cmp     r7, #0
        moveq   r0, #0
        beq     9f
        ldr     r0, [r7, #SLOT_FROM]
        str     r0, [r4, #CTX_R0]               @ the receiver learns the sender
        ldr     r2, [r7, #SLOT_MR0]
        bic     r2, r2, #0xF000                 @ delivered tag: flags clear
        and     r1, r2, #0x3F
        mov     r3, r2, lsr #6
        and     r3, r3, #0x3F
        add     r1, r1, r3                      @ index of the last MR
        ldr     r6, [r4, #TCB_UTCB]
        add     r6, r6, #UTCB_MR0
        add     r8, r7, #SLOT_MR0
        mov     r9, #0
3:      cmp     r9, r1
        bhi     4f
        cmp     r9, #0
        ldrne   r3, [r8, r9, lsl #2]
        moveq   r3, r2
        cmp     r9, #NREG
        addlo   r0, r4, #CTX_R3                 @ MR i < NREG: into the saved r(3 + i)
        strlo   r3, [r0, r9, lsl #2]
        strhs   r3, [r6, r9, lsl #2]
        add     r9, r9, #1
        b       3b
4:      mov     r0, #0
        str     r0, [r7, #SLOT_SEQ]             @ the slot is free
        ldr     r0, [r4, #TCB_MSGS]
        sub     r0, r0, #1
        str     r0, [r4, #TCB_MSGS]
        mov     r0, r4
        bl      make_ready
        ldr     r7, [r4, #TCB_SENDQ_HEAD]       @ a sender blocked on the full queue moves in
        cmp     r7, #0
        beq     8f
        mov     r0, r4
        mov     r1, #0
        mov     r2, r7
        bl      dequeue_sender
        mov     r0, r7
        bl      get_tag
        mov     r2, r0
        mov     r0, r7
        mov     r1, r4
        bl      enqueue_msg
        mov     r0, r7
        bl      send_done
8:      mov     r0, #1
9:      ldmfd   sp!, {r4-r9, pc}
        .endif

@ get_tag(r0 = TCB) -> r0 = MR0 as the thread passed it
        .global get_tag
get_tag:
        .if NREG >= 1
        ldr     r0, [r0, #CTX_R3]
        .else
        ldr     r0, [r0, #TCB_UTCB]
        ldr     r0, [r0, #UTCB_MR0]
        .endif
        mov     pc, lr

@ set_tag(r0 = TCB, r1 = tag)
set_tag:
        .if NREG >= 1
        str     r1, [r0, #CTX_R3]
        .else
        ldr     r2, [r0, #TCB_UTCB]
        str     r1, [r2, #UTCB_MR0]
        .endif
        mov     pc, lr

set_ok_send:
        mov     r1, #0
        b       set_tag

@ deliver_irq_msg(r0 = handler, r1 = line): the message of the interrupt thread
        .global deliver_irq_msg
deliver_irq_msg:
        add     r1, r1, #IRQ_ID_BASE
        str     r1, [r0, #CTX_R0]
        ldr     r1, =(IRQ_LABEL << 16)
        b       set_tag

@ ipc_fail(r0 = thread, r1 = error word): error code in the UTCB, error bit in the tag, runnable
        .global ipc_fail
ipc_fail:
        ldr     r2, [r0, #TCB_UTCB]
        str     r1, [r2, #UTCB_ERROR]
        mov     r1, #TAG_ERROR
        .if NREG >= 1
        str     r1, [r0, #CTX_R3]
        .else
        str     r1, [r2, #UTCB_MR0]
        .endif
        @ fall through
@ make_ready(r0 = thread): runnable; remembers the highest woken priority for kernel_return
        .global make_ready
make_ready:
        mov     r1, #ST_READY
        str     r1, [r0, #TCB_STATE]
        mov     r1, #0
        str     r1, [r0, #TCB_WAKEUP]
        str     r1, [r0, #TCB_PARTNER]
        str     r1, [r0, #TCB_RCV_FROM]
        ldr     r1, [r0, #TCB_PRIO]
        ldr     r2, =woken_prio + KDATA
        ldr     r3, [r2]
        cmp     r1, r3
        strgt   r1, [r2]
        mov     pc, lr

@ tcb_lookup(r0 = thread id) -> r0 = TCB of an existing (started, not halted) thread, or 0
        .global tcb_lookup
tcb_lookup:
        sub     r1, r0, #1
        cmp     r1, #NTHREADS
        movhs   r0, #0
        movhs   pc, lr
        ldr     r0, =tcbs + TCB_SIZE + KDATA
        add     r0, r0, r1, lsl #TCB_SHIFT
        ldr     r1, [r0, #TCB_STATE]
        cmp     r1, #ST_INACTIVE
        cmpne   r1, #ST_HALTED
        moveq   r0, #0
        mov     pc, lr

@ dequeue_sender(r0 = receiver, r1 = previous in its queue or 0, r2 = sender)
dequeue_sender:
        ldr     r3, [r2, #TCB_SENDQ_NEXT]
        cmp     r1, #0
        streq   r3, [r0, #TCB_SENDQ_HEAD]
        strne   r3, [r1, #TCB_SENDQ_NEXT]
        ldr     r12, [r0, #TCB_SENDQ_TAIL]
        cmp     r12, r2
        streq   r1, [r0, #TCB_SENDQ_TAIL]
        mov     r3, #0
        str     r3, [r2, #TCB_SENDQ_NEXT]
        mov     pc, lr

@ unqueue(r0 = a thread in state ST_SEND): take it out of its receiver's queue
        .global unqueue
unqueue:
        stmfd   sp!, {r4, r5, lr}
        mov     r4, r0
        ldr     r0, [r4, #TCB_PARTNER]
        bl      tcb_lookup_any
        mov     r5, r0
        mov     r1, #0
        ldr     r2, [r5, #TCB_SENDQ_HEAD]
1:      cmp     r2, #0
        beq     9f
        cmp     r2, r4
        beq     2f
        mov     r1, r2
        ldr     r2, [r2, #TCB_SENDQ_NEXT]
        b       1b
2:      mov     r0, r5
        bl      dequeue_sender
9:      ldmfd   sp!, {r4, r5, pc}

@ tcb_lookup_any(r0 = id 1..NTHREADS) -> TCB whatever its state
tcb_lookup_any:
        ldr     r1, =tcbs + KDATA
        add     r0, r1, r0, lsl #TCB_SHIFT
        mov     pc, lr

@ timeout_ticks(r0 = 16-bit L4 timeout) -> -1 never, 0 zero, else the absolute wake-up tick
        .global timeout_ticks
timeout_ticks:
        cmp     r0, #0
        mvneq   r0, #0
        moveq   pc, lr
        mov     r1, r0, lsr #10
        and     r1, r1, #0x1F                   @ exponent
        mov     r2, r0, lsl #22
        movs    r2, r2, lsr #22                 @ mantissa
        moveq   r0, #0
        moveq   pc, lr
        cmp     r1, #21
        movhi   r1, #21
        mov     r2, r2, lsl r1                  @ microseconds
        .if TICK_SHIFT > 0
        mov     r2, r2, lsr #TICK_SHIFT
        .endif
        ldr     r3, =ticks + KDATA
        ldr     r3, [r3]
        add     r0, r3, r2
        add     r0, r0, #1
        mov     pc, lr

@ halt_thread(r0 = thread): it stops for good; senders queued on it and threads waiting for it
@ in a closed receive get "cancelled".
        .global halt_thread
halt_thread:
        stmfd   sp!, {r4-r7, lr}
        mov     r4, r0
        ldr     r0, [r4, #TCB_STATE]
        cmp     r0, #ST_SEND
        moveq   r0, r4
        bleq    unqueue
        mov     r0, #ST_HALTED
        str     r0, [r4, #TCB_STATE]
        mov     r0, #0
        str     r0, [r4, #TCB_WAKEUP]
        str     r0, [r4, #TCB_IRQ_MASK]
1:      ldr     r5, [r4, #TCB_SENDQ_HEAD]
        cmp     r5, #0
        beq     2f
        mov     r0, r4
        mov     r1, #0
        mov     r2, r5
        bl      dequeue_sender
        mov     r0, r5
        mov     r1, #((ERR_CANCELLED << 1) | PHASE_SEND)
        bl      ipc_fail
        b       1b
2:      ldr     r6, [r4, #TCB_ID]
        ldr     r5, =tcbs + KDATA
        mov     r7, #NTHREADS
3:      add     r5, r5, #TCB_SIZE
        ldr     r0, [r5, #TCB_STATE]
        cmp     r0, #ST_RECV
        cmpne   r0, #ST_RECV_TIMED
        bne     4f
        ldr     r0, [r5, #TCB_PARTNER]
        cmp     r0, r6
        bne     4f
        mov     r0, r5
        mov     r1, #((ERR_CANCELLED << 1) | PHASE_RECV)
        bl      ipc_fail
4:      subs    r7, r7, #1
        bne     3b
        @ interrupt lines it handled stay masked and have no handler any more
        ldr     r0, =irq_handlers + KDATA
        mov     r1, #0
5:      ldr     r2, [r0, r1, lsl #2]
        cmp     r2, r4
        moveq   r2, #0
        streq   r2, [r0, r1, lsl #2]
        add     r1, r1, #1
        cmp     r1, #32
        bne     5b
        ldmfd   sp!, {r4-r7, pc}
        .ltorg
