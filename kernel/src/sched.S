@ handoff L4 kernel: scheduler, address-space switch, interrupts as IPC, timer tick with the
@ wake-up (timeout) scan, debug output on the PL011.
        .include "kernel.inc"

        .text
@ schedule: the highest-priority READY thread; among equals, the first after the current
@ thread in thread-id order (round robin). None: the idle thread if an interrupt or a timeout
@ can still wake someone, else the system has finished.
        .global schedule
schedule:
        stmfd   sp!, {r4-r8, lr}
        ldr     r0, =current + KDATA
        ldr     r1, [r0]
        ldr     r4, [r1, #TCB_ID]
        mov     r5, #0
        mvn     r6, #0
        mov     r7, #NTHREADS
        ldr     r8, =tcbs + KDATA
1:      add     r4, r4, #1
        cmp     r4, #NTHREADS
        movhi   r4, #1
        add     r2, r8, r4, lsl #TCB_SHIFT
        ldr     r3, [r2, #TCB_STATE]
        cmp     r3, #ST_READY
        bne     2f
        ldr     r3, [r2, #TCB_PRIO]
        cmp     r3, r6
        movgt   r6, r3
        movgt   r5, r2
2:      subs    r7, r7, #1
        bne     1b
        cmp     r5, #0
        bne     8f
        bl      work_pending
        cmp     r0, #0
        beq     kernel_all_done
        mov     r5, r8                          @ idle
8:      ldr     r0, =current + KDATA
        str     r5, [r0]
        ldmfd   sp!, {r4-r8, pc}

@ work_pending -> r0 != 0 if a blocked thread has a timeout or a live thread handles interrupts
work_pending:
        ldr     r1, =tcbs + KDATA
        mov     r2, #NTHREADS
1:      add     r1, r1, #TCB_SIZE
        ldr     r0, [r1, #TCB_WAKEUP]
        cmp     r0, #0
        movne   pc, lr
        ldr     r0, [r1, #TCB_STATE]
        cmp     r0, #ST_HALTED
        beq     2f
        ldr     r0, [r1, #TCB_IRQ_MASK]
        cmp     r0, #0
        movne   pc, lr
2:      subs    r2, r2, #1
        bne     1b
        mov     r0, #0
        mov     pc, lr

        .global kernel_all_done
kernel_all_done:
        ldr     r0, =msg_done
        bl      kputs
        mov     r0, #0x18
        ldr     r1, =0x20026
        swi     0x123456
        b       .

@ switch_space(r0 = space id): make it the MMU's current space by the configured strategy.
@ Clobbers r0-r3.
        .global switch_space
switch_space:
        ldr     r1, =spaces + KDATA
        add     r1, r1, r0, lsl #4
        .if SWITCH == SWITCH_FCSE
        ldr     r2, [r1, #SP_DACR]              @ always: the slow path opened all domains
        mcr     p15, 0, r2, c3, c0, 0
        .endif
        .if SWITCH == SWITCH_FULL                @ (the IPC fast path switches FCSE/ASID spaces
        ldr     r3, =cur_space + KDATA          @ without tracking cur_space: always switch)
        ldr     r2, [r3]
        cmp     r2, r0
        moveq   pc, lr
        str     r0, [r3]
        .endif
        .if SWITCH == SWITCH_FULL
        .global switch_flush
switch_flush:
        FLUSH_CACHES r0
        ldr     r2, [r1, #SP_TTBR]
        mcr     p15, 0, r2, c2, c0, 0
        mcr     p15, 0, r0, c8, c7, 0           @ invalidate TLBs
        .elseif SWITCH == SWITCH_FCSE
        ldr     r2, [r1, #SP_PID]
        mcr     p15, 0, r2, c13, c0, 0
        .else
        ldr     r2, [r1, #SP_ASID]
        mcr     p15, 0, r2, c13, c0, 1
        ldr     r2, [r1, #SP_TTBR]
        mcr     p15, 0, r2, c2, c0, 0
        .endif
        mov     pc, lr

@ handle_irq: the tick, and every other line as a message from its interrupt thread. The line is
@ masked until the handler replies.
        .global handle_irq
handle_irq:
        stmfd   sp!, {r4-r8, lr}
        ldr     r5, =VIC_BASE
        ldr     r6, [r5, #VIC_IRQSTATUS]
        .if TICK_SHIFT > 0
        tst     r6, #(1 << TIMER_IRQ)
        beq     1f
        ldr     r0, =TIMER0_BASE
        str     r0, [r0, #0x0C]                 @ clear the timer interrupt
        bl      timer_tick
        bic     r6, r6, #(1 << TIMER_IRQ)
1:
        .endif
        mov     r7, #0
2:      cmp     r6, #0
        beq     9f
        mov     r0, #1
        tst     r6, r0, lsl r7
        beq     3f
        bic     r6, r6, r0, lsl r7
        mov     r1, r0, lsl r7
        str     r1, [r5, #VIC_INTENCLEAR]
        ldr     r0, =irq_handlers + KDATA
        ldr     r8, [r0, r7, lsl #2]
        cmp     r8, #0
        beq     3f
        ldr     r0, [r8, #TCB_STATE]
        cmp     r0, #ST_RECV
        cmpne   r0, #ST_RECV_TIMED
        bne     4f
        ldr     r0, [r8, #TCB_PARTNER]
        cmn     r0, #1
        beq     5f
        add     r1, r7, #IRQ_ID_BASE
        cmp     r0, r1
        bne     4f
5:      mov     r0, r8
        mov     r1, r7
        bl      deliver_irq_msg
        mov     r0, r8
        bl      make_ready
        b       3f
4:      ldr     r0, [r8, #TCB_IRQ_PENDING]
        mov     r1, #1
        orr     r0, r0, r1, lsl r7
        str     r0, [r8, #TCB_IRQ_PENDING]
3:      add     r7, r7, #1
        b       2b
9:      ldmfd   sp!, {r4-r8, pc}

@ timer_tick: advance the tick count, expire timeouts (wake-up scan), request round robin.
        .global timer_tick
timer_tick:
        stmfd   sp!, {r4-r6, lr}
        ldr     r0, =ticks + KDATA
        ldr     r6, [r0]
        add     r6, r6, #1
        str     r6, [r0]
        ldr     r4, =tcbs + KDATA
        mov     r5, #NTHREADS
1:      add     r4, r4, #TCB_SIZE
        ldr     r0, [r4, #TCB_WAKEUP]
        cmp     r0, #0
        beq     3f
        subs    r0, r0, r6
        bgt     3f
        ldr     r0, [r4, #TCB_STATE]
        cmp     r0, #ST_SEND
        bne     2f
        mov     r0, r4
        bl      unqueue
        mov     r0, r4
        mov     r1, #((ERR_TIMEOUT << 1) | PHASE_SEND)
        bl      ipc_fail
        b       3f
2:      mov     r0, r4
        mov     r1, #((ERR_TIMEOUT << 1) | PHASE_RECV)
        bl      ipc_fail
3:      subs    r5, r5, #1
        bne     1b
        .if PREEMPT
        ldr     r0, =need_resched + KDATA
        mov     r1, #1
        str     r1, [r0]
        .endif
        ldmfd   sp!, {r4-r6, pc}

@ ---- benchmark system calls (entered from syscall_other: sp = the caller's TCB, its r9-r14,
@ pc and cpsr saved by ipc_entry, r9 and r10 used by it) ---------------------------------------
@ sys_null: the null system call, the kernel's common SWI entry and the shortest exit.
        .global sys_null
sys_null:
        ldmia   sp, {r9, r10}                   @ the caller's r9, r10
        subs    pc, lr, #0                      @ arithmetic return: 3 cycles (movs, logical: 4)

@ sys_flush_caches: what sel4bench's seL4_BenchmarkFlushCaches does, for cold measurements: every
@ D-cache line cleaned and invalidated, the I-cache and the TLBs invalidated, the write buffer
@ drained. Only the caller's first TCB line (the reload below) and the translation of the kernel
@ data it needs come back before the caller runs.
        .global sys_flush_caches
sys_flush_caches:
        FLUSH_CACHES r9
        mcr     p15, 0, r9, c8, c7, 0           @ invalidate TLBs
        ldmia   sp, {r9, r10}
        subs    pc, lr, #0                      @ arithmetic return: 3 cycles (movs, logical: 4)

@ ---- debug output (PL011 UART0) -------------------------------------------------------------
        .global kputc
kputc:
        ldr     r1, =UART0_BASE
1:      ldr     r2, [r1, #0x18]
        tst     r2, #0x20                       @ TXFF
        bne     1b
        strb    r0, [r1]
        mov     pc, lr

        .global kputs
kputs:
        stmfd   sp!, {r4, lr}
        mov     r4, r0
1:      ldrb    r0, [r4], #1
        cmp     r0, #0
        beq     2f
        bl      kputc
        b       1b
2:      ldmfd   sp!, {r4, pc}

        .global kputhex
kputhex:
        stmfd   sp!, {r4, r5, lr}
        mov     r4, r0
        mov     r5, #8
1:      mov     r0, r4, lsr #28
        cmp     r0, #10
        addlo   r0, r0, #'0'
        addhs   r0, r0, #('a' - 10)
        bl      kputc
        mov     r4, r4, lsl #4
        subs    r5, r5, #1
        bne     1b
        ldmfd   sp!, {r4, r5, pc}

msg_done:
        .asciz  "[kernel: no thread can run any more]\n"
        .align  2
        .ltorg

        .data
        .align  2
        .global current, cur_space, ticks, woken_prio, direct, need_resched
current:      .word 0
cur_space:    .word 0
ticks:        .word 0
woken_prio:   .word -1
direct:       .word 0
need_resched: .word 0
