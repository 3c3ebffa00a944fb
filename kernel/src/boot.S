@ handoff L4 kernel: boot. Exception vectors (copied to address 0), per-mode stacks, first-level page
@ tables (kernel privileged-only in every space, one table or FCSE slot per space), TCBs from the boot
@ description, timer and interrupt controller, MMU and caches on, then the first thread.
        .include "kernel.inc"

        .text
        .global _start
_start:
        @ QEMU/ISS start us in SVC with IRQ and FIQ masked and the MMU off.
        msr     cpsr_c, #(MODE_IRQ | PSR_I | PSR_F)
        ldr     sp, =irq_scratch + KDATA
        msr     cpsr_c, #(MODE_ABT | PSR_I | PSR_F)
        ldr     sp, =abt_scratch + KDATA
        msr     cpsr_c, #(MODE_UND | PSR_I | PSR_F)
        ldr     sp, =und_scratch + KDATA
        msr     cpsr_c, #(MODE_FIQ | PSR_I | PSR_F)
        ldr     sp, =fiq_scratch + KDATA
        msr     cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
        ldr     sp, =kstack_top                 @ physical until the MMU is on

        @ vectors at 0: ldr pc, [pc, #24] x 8 followed by the 8 handler addresses
        ldr     r0, =vector_block
        mov     r1, #0
        mov     r2, #16
1:      ldr     r3, [r0], #4
        str     r3, [r1], #4
        subs    r2, r2, #1
        bne     1b
        @ SWI: a direct branch to ipc_entry (3 cycles instead of the 5 of ldr pc)
        ldr     r3, =ipc_entry - 16             @ offset from the vector's pc (8 + 8)
        mov     r3, r3, lsr #2
        orr     r3, r3, #0xEA000000             @ b (always)
        mov     r1, #8
        str     r3, [r1]

        bl      build_page_tables
        bl      init_threads
        bl      init_devices

        @ MMU on in the kernel space (space 0)
        ldr     r1, =spaces
        ldr     r0, [r1, #SP_TTBR]
        mcr     p15, 0, r0, c2, c0, 0
        ldr     r0, [r1, #SP_DACR]
        mcr     p15, 0, r0, c3, c0, 0
        mov     r0, #0
        mcr     p15, 0, r0, c13, c0, 0          @ FCSE PID 0
        mcr     p15, 0, r0, c13, c0, 1          @ CONTEXTIDR 0
        mcr     p15, 0, r0, c8, c7, 0           @ invalidate TLBs
        mcr     p15, 0, r0, c7, c7, 0           @ invalidate caches
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x1                    @ M
        orr     r0, r0, #0x4                    @ C
        orr     r0, r0, #0x1000                 @ I
        mcr     p15, 0, r0, c1, c0, 0
        ldr     sp, =kstack_top + KDATA         @ from now on kernel data through KDATA
        ldr     r0, =cur_space + KDATA
        mov     r1, #0
        str     r1, [r0]

        ldr     r0, =msg_banner
        bl      kputs

        @ first thread: the scheduler's choice starting from the idle thread
        ldr     r0, =tcbs + KDATA
        ldr     r1, =current + KDATA
        str     r0, [r1]
        bl      schedule
        b       kernel_resume

@ ---------------------------------------------------------------------------------------------
@ build_page_tables: every space s gets a first-level table (SWITCH full/ASID: table s; FCSE:
@ slot s of the single table, MVA s*32MB). In each, MB 0..31 map identity privileged-only
@ (kernel and every UTCB reachable by the kernel at VA = PA), the space's own MBs map user RW in
@ domain s, optionally the device window; the device MB maps identity privileged-only, uncached.
build_page_tables:
        stmfd   sp!, {r4-r11, lr}
        .if KERNEL_PAGES
        @ MB 0 in 4 KB pages, privileged, cacheable: the kernel's code and data then cost a TLB
        @ entry per page they touch (footprint studies; the default section costs one in all)
        ldr     r0, =KERNEL_L2
        ldr     r1, =SMALL_PAGE_KRW
        mov     r2, #256
12:     str     r1, [r0], #4
        add     r1, r1, #0x1000
        subs    r2, r2, #1
        bne     12b
        .endif
        mov     r4, #0                          @ space id
        ldr     r5, =spaces
1:      @ table base for this space
        .if SWITCH == SWITCH_FCSE
        ldr     r6, =PT_BASE
        add     r7, r6, r4, lsl #7              @ slot start: s * 32 entries * 4 bytes
        mov     r0, r4, lsl #25
        str     r0, [r5, #SP_PID]
        mov     r0, #1
        mov     r1, r4, lsl #1
        orr     r0, r0, r0, lsl r1              @ domain 0 and domain s client
        str     r0, [r5, #SP_DACR]
        cmp     r4, #0
        bne     3f
        .else
        ldr     r6, =PT_BASE
        add     r6, r6, r4, lsl #14
        mov     r7, r6
        mov     r0, #0
        str     r0, [r5, #SP_PID]
        ldr     r0, =0x55555555
        str     r0, [r5, #SP_DACR]
        .endif
        str     r6, [r5, #SP_TTBR]
        str     r4, [r5, #SP_ASID]
        @ clear the whole table (FCSE: only once, for space 0)
        @ (eight registers per store-multiple, four per iteration: the boot runs uncached, so every
        @ instruction fetched is a bus access, and one word per loop made this most of the boot)
        mov     r0, r6
        mov     r1, #(4096 / 32)
        mov     r2, #0
        mov     r3, #0
        mov     r8, #0
        mov     r9, #0
        mov     r10, #0
        mov     r11, #0
        mov     r12, #0
        mov     lr, #0
2:      stmia   r0!, {r2, r3, r8-r12, lr}
        stmia   r0!, {r2, r3, r8-r12, lr}
        stmia   r0!, {r2, r3, r8-r12, lr}
        stmia   r0!, {r2, r3, r8-r12, lr}
        subs    r1, r1, #1
        bne     2b
        @ device MB, identity, privileged, uncached
        ldr     r0, =(DEVICE_MB << 20) | (1 << 10) | 0x12
        str     r0, [r6, #(DEVICE_MB * 4)]
        .if KDATA != 0
        @ kernel data alias: MB 0..31 at KDATA, privileged, one MVA whatever the FCSE PID
        mov     r0, #0
        ldr     r2, =(1 << 10) | 0x1E
        add     r1, r6, #((KDATA >> 20) * 4)
7:      orr     r3, r2, r0, lsl #20
        str     r3, [r1, r0, lsl #2]
        add     r0, r0, #1
        cmp     r0, #32
        bne     7b
        .endif
3:      .if SWITCH == SWITCH_FCSE
        str     r6, [r5, #SP_TTBR]
        str     r4, [r5, #SP_ASID]
        .endif
        @ 32 MB identity, kernel only, cacheable write-back. ASID: MB 1..31 are not global (L1_NG):
        @ MB s is user RW in table s and privileged in the others, so a translation of it is only
        @ valid for one ASID; MB 0 (vectors, kernel, page tables) is the same in every table.
        mov     r0, #0
        ldr     r2, =(1 << 10) | 0x1E
2:      orr     r3, r2, r0, lsl #20
        .if SWITCH == SWITCH_ASID
        cmp     r0, #0
        orrne   r3, r3, #L1_NG
        .endif
        str     r3, [r7, r0, lsl #2]
        add     r0, r0, #1
        cmp     r0, #32
        bne     2b
        .if KERNEL_PAGES
        ldr     r3, =KERNEL_L2 | 0x11           @ MB 0 through its coarse table, domain 0, global
        str     r3, [r7]
        .endif
        .if DESIGN == DESIGN_REMAP && SWITCH != SWITCH_FCSE
        @ remap: every other space's megabyte through its privileged mirror table, so the kernel
        @ reaches a thread's message page in the frame it has now (pages swap between spaces)
        mov     r9, #1
9:      cmp     r9, r4
        beq     10f
        ldr     r8, =bd_spaces
        add     r8, r8, r9, lsl #3
        add     r8, r8, r9, lsl #2
        ldr     r0, [r8, #0]                    @ its first MB
        ldr     r3, =L2_BASE + L2_KERNEL_VIEW
        add     r3, r3, r9, lsl #10
        orr     r3, r3, #0x11                   @ coarse table descriptor, domain 0
        .if SWITCH == SWITCH_ASID
        orr     r3, r3, #L1_NG
        .endif
        str     r3, [r7, r0, lsl #2]
10:     add     r9, r9, #1
        cmp     r9, #NSPACES
        bls     9b
        .endif
        @ the space's own megabytes: user RW, domain s
        cmp     r4, #0
        beq     4f
        ldr     r8, =bd_spaces
        add     r8, r8, r4, lsl #3
        add     r8, r8, r4, lsl #2              @ 12 bytes per entry
        ldr     r0, [r8, #0]                    @ first MB
        ldr     r1, [r8, #4]                    @ count
        .if DESIGN == DESIGN_REMAP
        @ remap: the space's megabyte through a coarse table of 4 KB pages (message pages swap)
        ldr     r3, =L2_BASE
        add     r3, r3, r4, lsl #10
        orr     r9, r3, #0x11                   @ coarse table descriptor
        orr     r9, r9, r4, lsl #5              @ domain s
        .if SWITCH == SWITCH_ASID
        orr     r9, r9, #L1_NG
        .endif
        str     r9, [r7, r0, lsl #2]
        mov     r10, r0, lsl #20
        ldr     r11, =SMALL_PAGE_URW
        orr     r10, r10, r11
        mov     r11, #256
        .if SWITCH != SWITCH_FCSE
        add     r12, r3, #L2_KERNEL_VIEW        @ and its privileged mirror (the same frames)
        .endif
8:      str     r10, [r3], #4
        .if SWITCH != SWITCH_FCSE
        sub     r2, r10, #(SMALL_PAGE_URW - SMALL_PAGE_KRW)
        str     r2, [r12], #4
        .endif
        add     r10, r10, #0x1000
        subs    r11, r11, #1
        bne     8b
        b       6f
        .endif
        ldr     r2, =(3 << 10) | 0x1E
        orr     r2, r2, r4, lsl #5
        .if SWITCH == SWITCH_ASID
        orr     r2, r2, #L1_NG                  @ this space's only
        .endif
5:      subs    r1, r1, #1
        blt     6f
        orr     r3, r2, r0, lsl #20
        str     r3, [r7, r0, lsl #2]
        add     r0, r0, #1
        b       5b
6:      ldr     r0, [r8, #8]                    @ flags: bit 0 = device window
        tst     r0, #1
        beq     4f
        ldr     r3, =(DEVICE_MB << 20) | (3 << 10) | 0x12
        orr     r3, r3, r4, lsl #5
        .if SWITCH == SWITCH_ASID
        orr     r3, r3, #L1_NG                  @ identity privileged in spaces without devices
        .endif
        str     r3, [r7, #(USER_DEVICE_MB * 4)]
4:      add     r5, r5, #16
        add     r4, r4, #1
        cmp     r4, #NSPACES
        bls     1b
        ldmfd   sp!, {r4-r11, pc}

@ ---------------------------------------------------------------------------------------------
@ init_threads: idle thread (TCB 0, System mode, lowest priority) and user threads from bd_threads
@ (space, priority, entry, stack, UTCB, argument, interrupt mask, start flag).
init_threads:
        stmfd   sp!, {r4-r11, lr}
        ldr     r4, =tcbs                       @ (MMU off: physical)
        @ idle
        mov     r0, #ST_READY
        str     r0, [r4, #TCB_STATE]
        mvn     r0, #0
        str     r0, [r4, #TCB_PRIO]             @ priority -1: below every user thread
        ldr     r0, =idle_loop
        str     r0, [r4, #CTX_PC]
        mov     r0, #(MODE_SYS | PSR_F)
        str     r0, [r4, #CTX_CPSR]
        ldr     r0, =idle_stack_top + KDATA
        str     r0, [r4, #CTX_SP]
        @ user threads
        ldr     r5, =bd_threads
        mov     r6, #1                          @ thread id
        ldr     r8, =irq_handlers
1:      cmp     r6, #NTHREADS
        bhi     9f
        add     r4, r4, #TCB_SIZE
        str     r6, [r4, #TCB_ID]
        ldmia   r5!, {r0-r3, r7, r9, r10, r11}  @ space prio entry sp utcb arg irqmask start
        str     r0, [r4, #TCB_SPACE]
        str     r1, [r4, #TCB_PRIO]
        bic     r1, r2, #1                      @ a Thumb entry (bit 0 set) starts in Thumb state
        str     r1, [r4, #CTX_PC]
        str     r3, [r4, #CTX_SP]
        str     r7, [r4, #CTX_R0]               @ r0 = UTCB (the thread's VA)
        .if DESIGN == DESIGN_REMAP
        add     r12, r7, #UTCB_MR0              @ its message page's second-level entry:
        mov     r12, r12, lsl #12
        mov     r12, r12, lsr #24               @ (VA >> 12) & 0xFF in the table of space s
        add     r12, r12, r0, lsl #8            @ (256 entries each)
        ldr     r3, =L2_BASE + KDATA            @ (r3, the stack, is stored already)
        add     r12, r3, r12, lsl #2
        str     r12, [r4, #TCB_MR_PTE]
        .endif
        .if SWITCH == SWITCH_FCSE
        add     r7, r7, r0, lsl #25             @ the kernel uses its MVA (slot of the space)
        .endif
        str     r7, [r4, #TCB_UTCB]
        add     r12, r7, #UTCB_MR0
        str     r12, [r4, #TCB_MR_PAGE]
        .if DESIGN == DESIGN_BUFFERED
        ldr     r3, =msgbufs + KDATA            @ its message slots
        ldr     r12, =(MSG_SLOTS * SLOT_BYTES)
        mla     r3, r12, r6, r3
        str     r3, [r4, #TCB_MSGBUF]
        .endif
        add     r7, r7, #(UTCB_MR0 + 4 * NREG)
        str     r7, [r4, #TCB_UTCB_MRS]
        ldr     r7, =spaces + KDATA
        add     r7, r7, r0, lsl #4
        str     r7, [r4, #TCB_SPACE_DESC]
        sub     r7, r7, #KDATA                  @ (MMU off: the descriptor's physical address)
        ldr     r12, [r7, #SP_DACR]             @ the switch values, for the fast path
        str     r12, [r4, #TCB_DACR]
        ldr     r12, [r7, #SP_PID]
        str     r12, [r4, #TCB_PID]
        ldr     r12, [r7, #SP_ASID]
        str     r12, [r4, #TCB_ASID]
        ldr     r12, [r7, #SP_TTBR]
        str     r12, [r4, #TCB_TTBR]
        str     r6, [r4, #CTX_R1]               @ r1 = own thread id
        str     r9, [r4, #CTX_R2]               @ r2 = argument
        str     r10, [r4, #TCB_IRQ_MASK]
        mov     r0, #MODE_USR
        tst     r2, #1
        orrne   r0, r0, #PSR_T
        str     r0, [r4, #CTX_CPSR]
        cmp     r11, #0
        movne   r0, #ST_READY
        moveq   r0, #ST_INACTIVE
        str     r0, [r4, #TCB_STATE]
        @ register as handler of its lines (the kernel's pointer to the TCB)
        add     r7, r4, #KDATA
        mov     r0, #0
2:      movs    r10, r10, lsr #1
        strcs   r7, [r8, r0, lsl #2]
        add     r0, r0, #1
        bne     2b
        add     r6, r6, #1
        b       1b
9:      ldmfd   sp!, {r4-r11, pc}

@ init_devices: enable the lines that have handler threads, and the tick timer.
init_devices:
        ldr     r0, =irq_handlers
        mov     r1, #0                          @ line
        mov     r2, #0                          @ mask
1:      ldr     r3, [r0, r1, lsl #2]
        cmp     r3, #0
        movne   r3, #1
        orrne   r2, r2, r3, lsl r1
        add     r1, r1, #1
        cmp     r1, #32
        bne     1b
        .if TICK_SHIFT > 0
        orr     r2, r2, #(1 << TIMER_IRQ)
        ldr     r0, =TIMER0_BASE
        ldr     r1, =(1 << TICK_SHIFT) - 1      @ periodic: fires every load+1 ticks
        str     r1, [r0, #0x00]
        mov     r1, #0xE2                       @ enable, periodic, interrupt, 32-bit
        str     r1, [r0, #0x08]
        .endif
        ldr     r0, =VIC_BASE
        str     r2, [r0, #VIC_INTENABLE]
        mov     pc, lr

@ the idle thread: System mode, interrupts on, waits for interrupt
        .global idle_loop
idle_loop:
        mcr     p15, 0, r0, c7, c0, 4
        b       idle_loop

vector_block:
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        .word   _start
        .word   und_entry
        .word   ipc_entry
        .word   pabt_entry
        .word   dabt_entry
        .word   _start
        .word   irq_entry
        .word   fiq_entry

msg_banner:
        .asciz  "L4/handoff kernel\n"
        .align  2
        .ltorg

        .bss
        .align  8
        .global tcbs
tcbs:   .space  (NTHREADS + 1) * TCB_SIZE
        .global spaces
spaces: .space  (NSPACES + 1) * 16
        .if DESIGN == DESIGN_BUFFERED
        .global msgbufs, msg_seq
msgbufs: .space (NTHREADS + 1) * MSG_SLOTS * SLOT_BYTES
msg_seq: .space 4
        .endif
        .global irq_handlers
irq_handlers: .space 32 * 4
        .global irq_scratch, abt_scratch, und_scratch
irq_scratch:  .space 8
abt_scratch:  .space 8
und_scratch:  .space 8
fiq_scratch:  .space 8
        .align  3
        .space  256
idle_stack_top:
        .space  2048
        .global kstack_top
kstack_top:
