// The user program of the ring scenario (inline source: kernel/user belongs to the kernel). Every
// space runs one thread; thread i forwards the message to thread i+1 (arg r2 = its id) with ReplyWait
// (send, zero send timeout, then open wait), so every hop can take the kernel's fast path. The leader
// (lowest priority: everybody else is already waiting) starts each round and counts ROUNDS of them.
// Before every send a thread dirties DIRTY cache lines of its own stack area (the "dirty data" an
// address-space switch may have to write back: read, then written, since the cache read-allocates).
export const RING_PROGRAM = `
        .include "user.inc"
        .ifndef ROUNDS
        .set ROUNDS, 4
        .endif
        .ifndef WORDS
        .set WORDS, 4
        .endif
        .ifndef DIRTY
        .set DIRTY, 0
        .endif
        .ifndef LEADER
        .set LEADER, 0
        .endif
        .text
        .global ring_start
ring_start:
        mov     r9, r0
        mov     r10, r1
        mov     r11, r2                         @ next thread in the ring
        mov     r12, #0                         @ rounds (leader) / errors
        .if LEADER
        ldr     r3, =(1 << 16) | WORDS
        str     r3, [r9, #UTCB_MR0]
        .else
        mov     r0, #NILTHREAD
        mvn     r1, #0                          @ Wait: any thread
        mov     r2, #0
        bl      l4_ipc
        .endif
1:      bl      dirty
        mov     r0, r11
        mvn     r1, #0                          @ ReplyWait: send to next, then wait for anyone
        mov     r2, #SEND_ZERO
        bl      l4_ipc
        ldr     r3, [r9, #UTCB_MR0]
        tst     r3, #TAG_ERROR
        bne     8f
        .if LEADER
        add     r12, r12, #1
        ldr     r1, =ROUNDS
        cmp     r12, r1
        blo     1b
        ldr     r0, =msg_ok
        bl      u_puts
        SYS_THREAD_EXIT
        .else
        b       1b
        .endif
8:      ldr     r0, =msg_fail
        bl      u_puts
        SYS_THREAD_EXIT

@ dirty: load then store every word of DIRTY consecutive 32-byte lines below the stack (r0-r2
@ clobbered). The load matters: the D-cache allocates on reads only, a lone store would miss and
@ go to memory through the write buffer, leaving nothing dirty.
dirty:
        .if DIRTY
        sub     r0, sp, #64
        ldr     r1, =DIRTY * 32
        sub     r0, r0, r1
        mov     r1, #DIRTY * 8
2:      ldr     r2, [r0]
        str     r1, [r0], #4
        subs    r1, r1, #1
        bne     2b
        .endif
        mov     pc, lr

msg_ok:   .asciz "ring: ok\\n"
msg_fail: .asciz "ring: FAIL\\n"
        .align  2
        .ltorg
`;
