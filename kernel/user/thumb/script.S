@ Script interpreter for the model-based tests, in Thumb (as ../script.S, which documents the
@ script and log formats). r2 at start = address of the script. r11 = script pointer, r12 = log
@ pointer (high registers: l4_ipc clobbers r1-r8).
        .include "thumb.inc"
        .text
        .global script_start
        .thumb_func
script_start:
        mov     r9, r0
        mov     r10, r1
        ldmia   r2!, {r3}                       @ the log
        mov     r11, r2
        mov     r6, r9
        str     r3, [r6, #0]                    @ UTCB word 0: log base (user scratch)
        movs    r0, #0
        stmia   r3!, {r0}
        mov     r12, r3
        .global script_next
        .thumb_func
script_next:
        mov     r1, r11
        ldmia   r1!, {r0}
        mov     r11, r1
        cmp     r0, #0
        bne     20f
        mov     r7, r11
        ldmia   r7!, {r0, r1, r2, r3}           @ to, from-spec, timeouts, tag
        mov     r6, r9
        str     r3, [r6, #UTCB_MR0]
        COUNT_WORDS
        mov     r5, r9
        adds    r5, #UTCB_MR0 + 4
1:      subs    r4, #1
        bmi     2f
        ldmia   r7!, {r6}
        stmia   r5!, {r6}
        b       1b
2:      mov     r11, r7
        mov     r6, r9
        movs    r4, #0
        str     r4, [r6, #UTCB_ERROR]
        bl      l4_ipc
        mov     r7, r12
        stmia   r7!, {r0}
        mov     r6, r9
        ldr     r3, [r6, #UTCB_MR0]
        stmia   r7!, {r3}
        lsls    r4, r3, #16                     @ the tag's error bit (15) into N
        bpl     3f
        ldr     r4, [r6, #UTCB_ERROR]
        stmia   r7!, {r4}
        b       10f
3:      movs    r4, #0
        stmia   r7!, {r4}
        COUNT_WORDS
        mov     r5, r9
        adds    r5, #UTCB_MR0 + 4
4:      subs    r4, #1
        bmi     10f
        ldmia   r5!, {r6}
        stmia   r7!, {r6}
        b       4b
10:     mov     r12, r7
11:     mov     r6, r9
        ldr     r1, [r6, #0]
        ldr     r0, [r1]
        adds    r0, #1
        str     r0, [r1]
        b       script_next
20:     cmp     r0, #1
        bne     21f
        SYS_THREAD_EXIT
21:     mov     r1, r11
        ldmia   r1!, {r2}                       @ the operand word
        mov     r11, r1
        cmp     r0, #2
        bne     22f
        ldr     r0, [r2]                        @ load (fault tests)
        b       11b
22:     cmp     r0, #3
        bne     23f
        str     r2, [r2]                        @ store (fault tests)
        b       11b
23:     movs    r0, r2                          @ print
        SYS_PUTHEX
        movs    r0, #'\n'
        SYS_PUTC
        b       11b
