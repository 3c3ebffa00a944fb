@ handoff user library in Thumb: the IPC stub and debug output, for spaces built as Thumb
@ (KernelConfig.userIsa / SpaceSpec.isa). The same ABI as ../lib.S: r0 = to, r1 = from-spec,
@ r2 = timeouts, MR0.. in the UTCB at [r9, #64]; MR0..MR(NREG-1) travel in r3..r8.
        .include "user.inc"
        .syntax unified
        .text
        .thumb
@ l4_ipc: loads the first NREG MRs into r3.. (r8 through a low register: Thumb loads reach only
@ r0-r7, from a low base), traps, stores the received register MRs back to the UTCB.
@ Returns r0 = sender (or unchanged on error); r1, r2 are clobbered.
        .global l4_ipc
        .thumb_func
l4_ipc:
        mov     r3, r9                          @ the UTCB, as a base; MR0 goes in last
        .if NREG >= 6
        ldr     r7, [r3, #UTCB_MR0 + 20]
        mov     r8, r7
        .endif
        .if NREG >= 5
        ldr     r7, [r3, #UTCB_MR0 + 16]
        .endif
        .if NREG >= 4
        ldr     r6, [r3, #UTCB_MR0 + 12]
        .endif
        .if NREG >= 3
        ldr     r5, [r3, #UTCB_MR0 + 8]
        .endif
        .if NREG >= 2
        ldr     r4, [r3, #UTCB_MR0 + 4]
        .endif
        .if NREG >= 1
        ldr     r3, [r3, #UTCB_MR0]
        .endif
        .global l4_ipc_trap
l4_ipc_trap:
        SYS_IPC
        .global l4_ipc_return
l4_ipc_return:
        mov     r1, r9
        .if NREG >= 1
        str     r3, [r1, #UTCB_MR0]
        .endif
        .if NREG >= 2
        str     r4, [r1, #UTCB_MR0 + 4]
        .endif
        .if NREG >= 3
        str     r5, [r1, #UTCB_MR0 + 8]
        .endif
        .if NREG >= 4
        str     r6, [r1, #UTCB_MR0 + 12]
        .endif
        .if NREG >= 5
        str     r7, [r1, #UTCB_MR0 + 16]
        .endif
        .if NREG >= 6
        mov     r2, r8
        str     r2, [r1, #UTCB_MR0 + 20]
        .endif
        bx      lr

@ u_puts: r0 = NUL-terminated string. Preserves r2-r12.
        .global u_puts
        .thumb_func
u_puts:
        movs    r1, r0
1:      ldrb    r0, [r1]
        adds    r1, #1
        cmp     r0, #0
        beq     2f
        SYS_PUTC
        b       1b
2:      bx      lr
