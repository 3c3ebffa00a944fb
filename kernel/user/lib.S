@ handoff user library: IPC stub and debug output. Linked into every user space.
        .include "user.inc"
        .text
@ l4_ipc: r0 = to, r1 = from-spec, r2 = timeouts; MR0.. in the UTCB at [r9, #64].
@ Loads the first NREG MRs into r3.., traps, stores the received register MRs back to the UTCB.
@ Returns r0 = sender (or unchanged on error); the received MRs are in the UTCB.
        .global l4_ipc
l4_ipc:
        LOAD_MRS
        .global l4_ipc_trap
l4_ipc_trap:
        SYS_IPC
        .global l4_ipc_return
l4_ipc_return:
        STORE_MRS
        mov     pc, lr

@ u_puts: r0 = NUL-terminated string. Preserves r2-r12.
        .global u_puts
u_puts:
        mov     r1, r0
1:      ldrb    r0, [r1], #1
        cmp     r0, #0
        moveq   pc, lr
        SYS_PUTC
        b       1b
