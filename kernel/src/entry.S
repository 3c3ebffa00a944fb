@ handoff L4 kernel: exception entries, the IPC fast path and the return to user.
@ While a thread runs in user mode, sp_svc points at its TCB (the saved context is at offset 0).
@ The variable `current` is valid only inside the kernel: the IPC fast path switches threads by
@ switching sp_svc alone, and every other entry sets `current` from sp_svc.
        .include "kernel.inc"

        .text
@ FCSE: the slow path may touch any space's UTCB: all domains client until kernel_resume's
@ switch_space restores the resumed thread's DACR. (r9 is free at every use.)
        .macro  SLOW_DOMAINS
        .if SWITCH == SWITCH_FCSE
        ldr     r9, =DACR_ALL_CLIENT
        mcr     p15, 0, r9, c3, c0, 0
        .endif
        .endm

@ tcb-copy: load or store the NREG register MRs (r3..r(2+NREG)) at `base`.
        .macro  TCB_MRS op, base
        .if NREG == 1
        \op    \base, {r3}
        .elseif NREG == 2
        \op    \base, {r3, r4}
        .elseif NREG == 3
        \op    \base, {r3-r5}
        .elseif NREG == 4
        \op    \base, {r3-r6}
        .elseif NREG == 5
        \op    \base, {r3-r7}
        .elseif NREG == 6
        \op    \base, {r3-r8}
        .endif
        .endm

@ The footprint variant (DESIGN_SPREAD): each step of the fast path on its own 4 KB page, at its own
@ cache colour (k x 320 bytes into the page), joined by one branch: the same instructions plus a
@ branch per step, over 11 pages instead of one. Other designs: nothing.
        .macro  SPREAD k
        .if DESIGN == DESIGN_SPREAD
        b       9001f
        .ltorg
        .balign 4096
        .space  \k * 320
9001:
        .endif
        .endm

@ =============================================================================================
@ SWI: system call. The number is the SWI comment field; 0 is IPC.
        .balign 32
        .space  64                              @ (off I-cache sets 0-1: measured, with the fast path
                                                @ starting there the hot FCSE IPC missed once)
        .global ipc_entry
ipc_entry:
        stmia   sp, {r9-r14}^                   @ user r9-r12, sp, lr into the TCB
        mrs     r9, spsr
        .if THUMB_USERS
        tst     r9, #PSR_T                      @ the SWI: a word (ARM caller) or a halfword (Thumb)
        ldreq   r10, [lr, #-4]
        ldrneb  r10, [lr, #-2]                  @ Thumb: SWI <imm8>, the halfword before lr
        .else
        ldr     r10, [lr, #-4]                  @ the SWI instruction
        .endif
        str     lr, [sp, #CTX_PC]
        str     r9, [sp, #CTX_CPSR]
        bics    r10, r10, #0xFF000000
        bne     syscall_other

@ ---- fast path: Call and ReplyWait to a thread already waiting, straight-line checks ----------
@ Live: r0 dest, r1 from-spec, r2 timeouts, r3..r(2+NREG) MR0.. ; scratch r9-r12, lr; sp = TCB.
@ Each check is one named step ending in its own branch to the slow path; loads for later checks
@ are issued early so that no load result is used by the next instruction.
        SPREAD  1
        .global ipc_fastpath
ipc_fastpath:
        .if NREG == 0 || DESIGN == DESIGN_SLOW
        b       ipc_slowpath                    @ the tag in the UTCB, or no fast path by design
        .endif
        .if DESIGN == DESIGN_TCB_COPY
        .global ipc_save_context
ipc_save_context:
        add     r11, sp, #CTX_R0                @ seL4-style: the sender's whole user context
        stmia   r11, {r0-r8}                    @ into its TCB first
        .endif
        .global fastpath_check_call_or_replywait
fastpath_check_call_or_replywait:
        cmp     r1, r0                          @ Call: receive from the destination
        cmnne   r1, #1                          @ ReplyWait: open receive
        bne     ipc_slowpath
        SPREAD  2
        .global fastpath_check_dest_exists
fastpath_check_dest_exists:
        sub     r9, r0, #1
        ldr     r10, =tcbs + TCB_SIZE + KDATA
        cmp     r9, #NTHREADS
        bhs     ipc_slowpath
        SPREAD  3
        .global fastpath_check_dest_waiting
fastpath_check_dest_waiting:
        add     r10, r10, r9, lsl #TCB_SHIFT    @ r10 = destination TCB
        ldr     r11, [r10, #TCB_PARTNER]
        ldr     r12, [sp, #TCB_ID]              @ r12 = sender id
        ldr     r9, [r10, #TCB_STATE]
        cmp     r11, r12                        @ waits for us or for anyone ...
        cmnne   r11, #1
        cmpeq   r9, #ST_RECV                    @ ... receiving, forever (ST_RECV_TIMED else)
        bne     ipc_slowpath
        .if DESIGN == DESIGN_BUFFERED
        .global fastpath_check_queues_empty
fastpath_check_queues_empty:
        ldr     r9, [r10, #TCB_MSGS]            @ buffered: no message waits in the receiver's
        ldr     r11, [sp, #TCB_MSGS]            @ slots, nor in the sender's (its receive phase
        orrs    r9, r9, r11                     @ would take it)
        bne     ipc_slowpath
        .endif
        SPREAD  4
        .global fastpath_check_no_typed
fastpath_check_no_typed:
        mov     r9, r3, lsl #16                 @ typed count and flags (tag bits 6-15) zero;
        cmp     r9, #(1 << 22)                  @ any untyped count fits (MR1..MR63)
        ldr     r9, [sp, #TCB_SENDQ_HEAD]
        bhs     ipc_slowpath
        SPREAD  5
        .global fastpath_check_recv_timeout_never
fastpath_check_recv_timeout_never:
        movs    lr, r2, lsl #16
        ldr     lr, [sp, #TCB_IRQ_PENDING]
        bne     ipc_slowpath
        SPREAD  6
        .global fastpath_check_no_queued_senders
fastpath_check_no_queued_senders:
        cmp     r1, r0                          @ Call: closed receive from dest, not queued
        orrnes  r9, r9, lr                      @ ReplyWait: no queued sender, no pending IRQ
        bne     ipc_slowpath
        SPREAD  7
        .global fastpath_check_space_switch
fastpath_check_space_switch:
        .if SWITCH == SWITCH_FULL
        ldr     r9, [r10, #TCB_SPACE]
        ldr     lr, [sp, #TCB_SPACE]
        cmp     r9, lr
        bne     ipc_slowpath                    @ full flush: the slow path switches
        .endif

@ ---- commit: no check fails from here on ----------------------------------------------------
@ The sender's preserved r1, r2 and its receive phase go to its TCB first: r0-r2 and r12 are then
@ free as copy registers. UTCB words beyond the register MRs (MR NREG .. MR untyped) go from the
@ sender's UTCB to the receiver's by LDM/STM, no buffer: the 0-3 words over a multiple of four under
@ the flags the count's low bits set (C: two, N: one), then a computed jump into a straight-line
@ chain of FAST_COPY_GROUPS four-word copies (2 cycles a word). FCSE opens all domains for it.
        SPREAD  8
        .global ipc_copy_utcb
ipc_copy_utcb:
        .if DESIGN == DESIGN_TCB_COPY
        .global ipc_copy_registers
ipc_copy_registers:
        add     r9, sp, #CTX_R3                 @ seL4-style: the register MRs from the sender's
        add     r11, r10, #CTX_R3               @ TCB to the receiver's (r3.. reloaded: the same values)
        TCB_MRS ldmia, r9
        TCB_MRS stmia, r11
        .global ipc_copy_utcb_words
ipc_copy_utcb_words:
        .endif
        str     r2, [sp, #CTX_R2]               @ preserved registers of the sender
        str     r1, [sp, #CTX_R1]
        str     r1, [sp, #TCB_PARTNER]          @ it will wait (forever) for its from-spec
        .if DESIGN == DESIGN_BUFFERED
        @ buffered: copy 1, everything into the receiver's first slot (its queue is empty), then
        @ copy 2, out of the slot into the receiver (the slot's bookkeeping nets to nothing)
        .global ipc_buffer_in
ipc_buffer_in:
        ldr     r9, [r10, #TCB_MSGBUF]
        ldr     r12, [sp, #TCB_ID]
        str     r12, [r9, #SLOT_FROM]
        add     r11, r9, #SLOT_MR0
        TCB_MRS stmia, r11                      @ copy in: the register MRs
        .if SWITCH == SWITCH_FCSE
        ldr     r0, =DACR_ALL_CLIENT            @ (the receiver's UTCB is in its domain)
        mcr     p15, 0, r0, c3, c0, 0
        .endif
        and     r11, r3, #0x3F
        subs    r11, r11, #(NREG - 1)
        ble     1f
        ldr     r9, [sp, #TCB_UTCB_MRS]         @ copy in: the UTCB words
        ldr     lr, [r10, #TCB_MSGBUF]
        add     lr, lr, #(SLOT_MR0 + 4 * NREG)
        COPY_WORDS
        .global ipc_buffer_out
ipc_buffer_out:
        and     r11, r3, #0x3F
        sub     r11, r11, #(NREG - 1)
        ldr     r9, [r10, #TCB_MSGBUF]          @ copy out: the UTCB words
        add     r9, r9, #(SLOT_MR0 + 4 * NREG)
        ldr     lr, [r10, #TCB_UTCB_MRS]
        COPY_WORDS
1:      ldr     r9, [r10, #TCB_MSGBUF]          @ copy out: the register MRs
        add     r9, r9, #SLOT_MR0
        TCB_MRS ldmia, r9
        b       ipc_fast_state
        .endif
        .if DESIGN == DESIGN_REMAP
        and     r11, r3, #0x3F                  @ remap: no word is copied; with words in the UTCB
        cmp     r11, #NREG                      @ the receiver's message page becomes the sender's
        blo     ipc_fast_state
        .global ipc_remap_message
ipc_remap_message:
        FLIP_MR_PAGES sp, r10
        b       ipc_fast_state
        .endif
        .if SWITCH == SWITCH_FCSE
        ldr     r0, =DACR_ALL_CLIENT            @ the receiver's UTCB is in its domain
        .endif
        and     r11, r3, #0x3F
        subs    r11, r11, #(NREG - 1)           @ r11 = UTCB words of the message
        ble     ipc_fast_state
        ldr     r9, [sp, #TCB_UTCB_MRS]
        ldr     lr, [r10, #TCB_UTCB_MRS]
        .if SWITCH == SWITCH_FCSE
        mcr     p15, 0, r0, c3, c0, 0           @ (switch space sets the receiver's domains)
        .endif
        movs    r0, r11, lsl #31                @ N: one word over a multiple of four, C: two
        ldmcsia r9!, {r0, r1}
        ldrmi   r2, [r9], #4
        stmcsia lr!, {r0, r1}
        strmi   r2, [lr], #4
        movs    r0, r11, lsr #2                 @ four-word groups: out of line
        bne     fast_copy_groups
        SPREAD  9
        .global ipc_fast_state
ipc_fast_state:
        mov     r11, #ST_RECV                   @ sender now waits (forever) for its from-spec
        str     r11, [sp, #TCB_STATE]
        .if NREG <= 1
        str     r4, [sp, #CTX_R4]               @ preserved registers that hold no MR
        .endif
        .if NREG <= 2
        str     r5, [sp, #CTX_R5]
        .endif
        .if NREG <= 3
        str     r6, [sp, #CTX_R6]
        .endif
        .if NREG <= 4
        str     r7, [sp, #CTX_R7]
        .endif
        .if NREG <= 5
        str     r8, [sp, #CTX_R8]
        .endif
        mov     r11, #ST_READY                  @ (a READY thread's partner is never read)
        str     r11, [r10, #TCB_STATE]
        SPREAD  10
        .global ipc_switch_space
ipc_switch_space:
        .if SWITCH == SWITCH_FCSE
        ldr     r2, [r10, #TCB_DACR]            @ always: the copy may have opened all domains
        ldr     r9, [r10, #TCB_PID]
        ldr     r11, [sp, #TCB_PID]
        mcr     p15, 0, r2, c3, c0, 0
        cmp     r9, r11
        mcrne   p15, 0, r9, c13, c0, 0          @ another space: its FCSE slot
        .elseif SWITCH == SWITCH_ASID
        ldr     r9, [r10, #TCB_ASID]
        ldr     r11, [sp, #TCB_ASID]
        ldr     r2, [r10, #TCB_TTBR]
        cmp     r9, r11
        mcrne   p15, 0, r9, c13, c0, 1          @ another space: CONTEXTIDR, then TTBR
        mcrne   p15, 0, r2, c2, c0, 0
        .endif
        SPREAD  11
        .global ipc_exit
ipc_exit:
        ldr     r11, [r10, #CTX_CPSR]
        ldr     r0, [sp, #TCB_ID]               @ receiver learns the sender
        ldr     lr, [r10, #CTX_PC]
        msr     spsr_cxsf, r11
        mov     sp, r10
        .if DESIGN == DESIGN_TCB_COPY
        .global ipc_restore_context
ipc_restore_context:
        str     r0, [sp, #CTX_R0]               @ seL4-style: the receiver's whole context
        add     r0, sp, #CTX_R0                 @ from its TCB
        ldmia   r0, {r0-r8}
        ldmia   sp, {r9-r14}^
        nop                                     @ (no banked register right after ldm ^)
        subs    pc, lr, #0
        .endif
        ldr     r1, [sp, #CTX_R1]
        mov     r2, r10
        .if NREG <= 1
        ldr     r4, [sp, #CTX_R4]
        .endif
        .if NREG <= 2
        ldr     r5, [sp, #CTX_R5]
        .endif
        .if NREG <= 3
        ldr     r6, [sp, #CTX_R6]
        .endif
        .if NREG <= 4
        ldr     r7, [sp, #CTX_R7]
        .endif
        .if NREG <= 5
        ldr     r8, [sp, #CTX_R8]
        .endif
        ldmia   sp, {r9-r14}^
        ldr     r2, [r2, #CTX_R2]               @ (no banked register right after ldm ^)
        subs    pc, lr, #0                      @ return (arithmetic: a cycle less than movs)

@ The copy's four-word groups (messages of more than NREG + 2 MRs): a computed jump into the chain.
        .global fast_copy_groups
fast_copy_groups:
        rsb     r0, r0, #FAST_COPY_GROUPS       @ groups to skip
        add     pc, pc, r0, lsl #3              @ (8 bytes a group)
        nop
        .rept   FAST_COPY_GROUPS
        ldmia   r9!, {r0, r1, r2, r12}
        stmia   lr!, {r0, r1, r2, r12}
        .endr
        b       ipc_fast_state

@ ---- slow path -------------------------------------------------------------------------------
        .global ipc_slowpath
ipc_slowpath:
        add     r9, sp, #CTX_R0
        stmia   r9, {r0-r8}
        SLOW_DOMAINS
        mov     r4, sp                          @ sp_svc is the thread's TCB: current
        ldr     r0, =current + KDATA            @ (the fast path leaves `current` behind)
        str     r4, [r0]
        ldr     sp, =kstack_top + KDATA
        bl      slow_ipc
        b       kernel_return

syscall_other:
        cmp     r10, #SYS_NULL                  @ the benchmarks' calls: back to the caller at
        beq     sys_null                        @ once, no context saved (sched.S)
        cmp     r10, #SYS_FLUSH_CACHES
        beq     sys_flush_caches
        add     r9, sp, #CTX_R0
        stmia   r9, {r0-r8}
        SLOW_DOMAINS
        mov     r4, sp                          @ sp_svc is the thread's TCB: current
        ldr     r9, =current + KDATA            @ (the fast path leaves `current` behind)
        str     r4, [r9]
        ldr     sp, =kstack_top + KDATA
        cmp     r10, #SYS_PUTC
        beq     sys_putc
        cmp     r10, #SYS_PUTHEX
        beq     sys_puthex
        cmp     r10, #SYS_THREAD_EXIT
        beq     sys_thread_exit
        cmp     r10, #SYS_EXIT
        beq     sys_exit
        @ unknown system call: treated as a fault of the thread
        mov     r0, #'S'
        ldr     r1, [r4, #CTX_PC]
        sub     r1, r1, #4
        .if THUMB_USERS
        ldr     r2, [r4, #CTX_CPSR]
        tst     r2, #PSR_T
        addne   r1, r1, #2                      @ a Thumb SWI is 2 bytes long
        .endif
        b       user_fault

sys_putc:
        bl      kputc
        b       kernel_return
sys_puthex:
        bl      kputhex
        b       kernel_return
sys_thread_exit:
        mov     r0, r4
        bl      halt_thread
        b       kernel_return
sys_exit:
        mov     r4, r0
        ldr     r0, =msg_exit
        bl      kputs
        mov     r0, r4
        bl      kputhex
        mov     r0, #']'
        bl      kputc
        mov     r0, #'\n'
        bl      kputc
        cmp     r4, #0
        ldreq   r1, =0x20026                    @ ADP_Stopped_ApplicationExit
        ldrne   r1, =0x20023                    @ ADP_Stopped_RunTimeErrorUnknown
        mov     r0, #0x18                       @ SYS_EXIT
        swi     0x123456
        b       .

@ =============================================================================================
@ Interrupts and aborts: the exception mode's sp points at two words of scratch (pc, spsr);
@ the handler moves to SVC mode and saves the interrupted context into the current TCB.
        .macro  SAVE_FROM_EXCEPTION scratch
        str     lr, [sp]
        mrs     lr, spsr
        str     lr, [sp, #4]
        msr     cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
        stmia   sp, {r9-r14}^
        ldr     lr, =\scratch + KDATA
        ldr     r9, [lr]
        ldr     r10, [lr, #4]
        str     r9, [sp, #CTX_PC]
        str     r10, [sp, #CTX_CPSR]
        add     r9, sp, #CTX_R0
        stmia   r9, {r0-r8}
        SLOW_DOMAINS
        mov     r4, sp                          @ sp_svc is the thread's TCB: current
        ldr     r9, =current + KDATA            @ (the fast path leaves `current` behind)
        str     r4, [r9]
        ldr     sp, =kstack_top + KDATA
        .endm

        .global irq_entry
irq_entry:
        sub     lr, lr, #4
        SAVE_FROM_EXCEPTION irq_scratch
        bl      handle_irq
        b       kernel_return

        .global dabt_entry
dabt_entry:
        sub     lr, lr, #8
        mrs     sp, spsr                        @ (sp_abt is restored below)
        and     sp, sp, #0x1F
        cmp     sp, #MODE_USR
        ldr     sp, =abt_scratch + KDATA
        bne     kernel_panic_abort
        SAVE_FROM_EXCEPTION abt_scratch
        mrc     p15, 0, r1, c6, c0, 0           @ FAR (a modified virtual address)
        .if SWITCH == SWITCH_FCSE
        ldr     r0, [r4, #TCB_SPACE]            @ undo the FCSE relocation: report the VA
        cmp     r0, r1, lsr #25
        biceq   r1, r1, #0xFE000000
        .endif
        mov     r0, #'D'
        b       user_fault

        .global pabt_entry
pabt_entry:
        sub     lr, lr, #4
        mrs     sp, spsr
        and     sp, sp, #0x1F
        cmp     sp, #MODE_USR
        ldr     sp, =abt_scratch + KDATA
        bne     kernel_panic_abort
        SAVE_FROM_EXCEPTION abt_scratch
        ldr     r1, [r4, #CTX_PC]
        mov     r0, #'P'
        b       user_fault

        .global und_entry
und_entry:
        mrs     sp, spsr
        .if THUMB_USERS
        tst     sp, #PSR_T                      @ the faulting instruction: lr - 2 in Thumb state
        subne   lr, lr, #2
        subeq   lr, lr, #4
        .else
        sub     lr, lr, #4
        .endif
        and     sp, sp, #0x1F
        cmp     sp, #MODE_USR
        ldr     sp, =und_scratch + KDATA
        bne     kernel_panic_abort
        SAVE_FROM_EXCEPTION und_scratch
        ldr     r1, [r4, #CTX_PC]
        mov     r0, #'U'
        b       user_fault

        .global fiq_entry
fiq_entry:
        sub     lr, lr, #4
        b       kernel_panic_abort

@ user_fault: r0 = kind ('D' data abort, 'P' prefetch abort, 'U' undefined, 'S' bad syscall),
@ r1 = address, r4 = current TCB. Report on the UART and halt only this thread.
        .global user_fault
user_fault:
        mov     r5, r0
        mov     r6, r1
        ldr     r0, =msg_fault
        bl      kputs
        ldr     r0, [r4, #TCB_ID]
        bl      kputhex
        mov     r0, #' '
        bl      kputc
        mov     r0, r5
        bl      kputc
        mov     r0, #' '
        bl      kputc
        mov     r0, r6
        bl      kputhex
        mov     r0, #']'
        bl      kputc
        mov     r0, #'\n'
        bl      kputc
        mov     r0, r4
        bl      halt_thread
        b       kernel_return

kernel_panic_abort:
        mov     r4, lr
        ldr     sp, =kstack_top + KDATA
        ldr     r0, =msg_panic
        bl      kputs
        mov     r0, r4
        bl      kputhex
        mov     r0, #'\n'
        bl      kputc
        mov     r0, #0x18
        ldr     r1, =0x20023
        swi     0x123456
        b       .

@ =============================================================================================
@ kernel_return: pick the thread to run after a slow-path operation and return to it.
@   current still READY: it continues unless a woken thread has a higher priority (or a tick
@   asked for preemption), then schedule();
@   current blocked: direct switch to the receiver its send phase woke, else schedule().
        .global kernel_return
kernel_return:
        ldr     r0, =current + KDATA
        ldr     r4, [r0]
        ldr     r1, [r4, #TCB_STATE]
        cmp     r1, #ST_READY
        bne     2f
        ldr     r1, =need_resched + KDATA
        ldr     r1, [r1]
        cmp     r1, #0
        bne     3f
        ldr     r1, =woken_prio + KDATA
        ldr     r1, [r1]
        ldr     r2, [r4, #TCB_PRIO]
        cmp     r1, r2
        ble     kernel_resume
        b       3f
2:      ldr     r1, =direct + KDATA
        ldr     r1, [r1]
        cmp     r1, #0
        beq     3f
        ldr     r2, [r1, #TCB_STATE]
        cmp     r2, #ST_READY
        bne     3f
        str     r1, [r0]
        b       kernel_resume
3:      bl      schedule

@ kernel_resume: switch to the space of `current` and restore its whole context.
        .global kernel_resume
kernel_resume:
        ldr     r0, =woken_prio + KDATA
        mvn     r1, #0
        str     r1, [r0]
        ldr     r0, =direct + KDATA
        mov     r1, #0
        str     r1, [r0]
        ldr     r0, =need_resched + KDATA
        str     r1, [r0]
        ldr     r0, =current + KDATA
        ldr     r4, [r0]
        ldr     r0, [r4, #TCB_SPACE]
        cmp     r0, #0                          @ the idle thread runs in any space
        blne    switch_space
        mov     sp, r4
        ldr     r0, [sp, #CTX_CPSR]
        msr     spsr_cxsf, r0
        ldr     lr, [sp, #CTX_PC]
        add     r0, sp, #CTX_R0
        ldmia   r0, {r0-r8}
        ldmia   sp, {r9-r14}^
        nop
        subs    pc, lr, #0

msg_fault:
        .asciz  "[fault thread "
msg_panic:
        .asciz  "[kernel panic at "
msg_exit:
        .asciz  "[exit "
        .align  2
        .ltorg
