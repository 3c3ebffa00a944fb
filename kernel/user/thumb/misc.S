@ Small programs for directed tests, in Thumb (as ../misc.S).
        .include "thumb.inc"
        .text
@ spin_start: loops forever (needs preemption to let others run)
        .global spin_start
        .thumb_func
spin_start:
        b       spin_start

@ hello_start: prints "hello <id>" and exits the whole system
        .global hello_start
        .thumb_func
hello_start:
        movs    r4, r1
        ldr     r0, =msg_hello
        bl      u_puts
        movs    r0, r4
        SYS_PUTHEX
        movs    r0, #'\n'
        SYS_PUTC
        movs    r0, #0
        SYS_EXIT

@ bad_syscall_start: an unknown system call number faults the thread
        .global bad_syscall_start
        .thumb_func
bad_syscall_start:
        swi     77
        b       .

@ undef_start: an undefined instruction faults the thread
        .global undef_start
        .thumb_func
undef_start:
        .short  0xDE00
        b       .

@ kernel_jump_start: jumps into the kernel (prefetch abort)
        .global kernel_jump_start
        .thumb_func
kernel_jump_start:
        ldr     r0, =0x00010000
        mov     pc, r0

msg_hello: .asciz "hello "
        .align  2
        .ltorg
