@ Small programs for directed tests.
        .include "user.inc"
        .text
@ spin_start: loops forever (needs preemption to let others run)
        .global spin_start
spin_start:
        b       spin_start

@ hello_start: prints "hello <id>" and exits the whole system
        .global hello_start
hello_start:
        mov     r4, r1
        ldr     r0, =msg_hello
        bl      u_puts
        mov     r0, r4
        SYS_PUTHEX
        mov     r0, #'\n'
        SYS_PUTC
        mov     r0, #0
        SYS_EXIT

@ bad_syscall_start: an unknown system call number faults the thread
        .global bad_syscall_start
bad_syscall_start:
        swi     77
        b       .

@ undef_start: an undefined instruction faults the thread
        .global undef_start
undef_start:
        .word   0xE7F000F0
        b       .

@ kernel_jump_start: jumps into the kernel (prefetch abort)
        .global kernel_jump_start
kernel_jump_start:
        ldr     pc, =0x00010000

msg_hello: .asciz "hello "
        .align  2
        .ltorg
