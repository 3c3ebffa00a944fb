@ The IPC benchmark programs (npm run ipcbench; testbench/ipcbench). Every thread reads the cycle
@ counter (CCNT, docs/SOC.md) right before and right after each system call it measures and logs
@ {code, before, after} to its own log, as sel4bench does; the testbench reads the logs from memory
@ after the run (the last thread to end cleans the D-cache to memory). Every thread checks the
@ messages it receives and prints "bench-<role>: ok" or "... FAIL".
@ Roles (entry points), one pair or group per run:
@   pingpong: pp_client Calls pp_server, which answers with ReplyWait       (Call, ReplyWait)
@   queue:    q_client Calls (even iterations) or Sends (odd) to q_server while it waits for
@             q_helper; q_helper (lowest priority) then Sends to q_server, which takes the queued
@             client with an open wait and replies to a Call with a Send
@             (Call/Send that block, Receive that blocks, Receive of a queued sender, Send to a
@             waiting receiver)
@   null:     null_caller: the null system call
@   irq:      irq_bench (the handler of the cycle counter's compare interrupt, line 20) against
@             irq_spinner, the thread it interrupts (interrupt latency, reply to next interrupt)
@ Knobs (defsyms): WORDS untyped words per message; WARM, HOT, COLD iterations (cold ones start
@ with SYS_FLUSH_CACHES); OVH counter-read overhead samples; POLLUTE random lines touched after a
@ cold flush (0: none); SEED of the pollution's generator.
@ Registers: r9 UTCB, r10 log pointer, r11 the cycle counter, r12 time before, lr time after;
@ UTCB bytes 0..27 (user words): 0 iteration, 4 errors, 8 random state, 12 the peer's id,
@ 20 compare time (irq), 24 the client's id (queue server).
        .include "user.inc"
        .include "ipcbench.inc"
        .ifndef WORDS
        .set WORDS, 0
        .endif
        .ifndef WARM
        .set WARM, 2
        .endif
        .ifndef HOT
        .set HOT, 8
        .endif
        .ifndef COLD
        .set COLD, 2
        .endif
        .ifndef OVH
        .set OVH, 8
        .endif
        .ifndef POLLUTE
        .set POLLUTE, 0
        .endif
        .ifndef SEED
        .set SEED, 2026
        .endif
        .ifndef IRQ_DELAY
        .set IRQ_DELAY, 600
        .endif
        .set TOTAL, WARM + HOT + COLD + 1       @ the last iteration only closes the run
        .set CCNT, USER_DEVICES + 0xE9000       @ COUNT at +0, COMPARE +4, CONTROL +8
        .set PERTURB_END, 50000                 @ its last interrupt, after the benchmark
        .set CCNT_LINE, 20
        .set LOG_BYTES, (OVH + 4 * TOTAL + 4) * 12
        .set POLLUTE_BYTES, 32768

@ log codes: op | phase << 8 | iteration << 16
        .set OP_OVERHEAD, 1
        .set OP_CALL, 2
        .set OP_REPLYWAIT, 3
        .set OP_CALL_BLOCKS, 4
        .set OP_SEND_BLOCKS, 5
        .set OP_RECV_BLOCKS, 6
        .set OP_RECV_QUEUED_CALL, 7
        .set OP_RECV_QUEUED_SEND, 8
        .set OP_SEND, 9
        .set OP_HELPER_SEND, 10
        .set OP_NULL, 11
        .set OP_IRQ, 12
        .set OP_IRQ_REPLY, 13
        .set OP_FIRST, 14                       @ a first receive: only its "after" counts
        .set PH_OVERHEAD, 0
        .set PH_WARM, 1
        .set PH_HOT, 2
        .set PH_COLD, 3
        .set PH_CLOSE, 4

        .set U_ITER, 0
        .set U_ERRORS, 4
        .set U_RANDOM, 8
        .set U_PEER, 12
        .set U_COMPARE, 20
        .set U_CLIENT, 24

        .set LABEL_CALL, 1
        .set LABEL_REPLY, 2
        .set LABEL_SEND, 3
        .set LABEL_TOKEN, 5

@ The measured system call: the counter read before it and the SWI share a cache line (a cold
@ fetch of the SWI would otherwise fall between them), the first instruction after it reads the
@ counter again.
        .macro  TIMED_SWI n
        .balign 8
        ldr     r12, [r11]
        swi     \n
        ldr     lr, [r11]
        .endm

@ Log {op | phase << 8 | iteration << 16, r12 (time before), lr (time after)}. r0-r3 clobbered.
        .macro  LOG op
        mov     r3, lr
        mov     r2, r12
        ldr     r0, [r9, #U_ITER]
        bl      phase_of
        orr     r1, r1, #\op
        orr     r1, r1, r0, lsl #16
        stmia   r10!, {r1, r2, r3}
        .endm

@ MESSAGE tag, add: this iteration's message into the UTCB (MR0 = \tag, MR j = (iteration << 8 | j)
@ + \add), a cold iteration's flush (cold_prep), then MR0.. into their registers.
        .macro  MESSAGE tag, add
        ldr     r0, [r9, #U_ITER]
        mov     r1, #\add
        ldr     r2, =\tag
        bl      compose
        bl      cold_prep
        LOAD_MRS
        .endm

@ RECEIVED op: after a timed IPC, the received MRs back in the UTCB, the sender kept in r5, the
@ call logged as \op.
        .macro  RECEIVED op
        STORE_MRS
        mov     r5, r0
        LOG     \op
        .endm

@ CHECK_FROM who, tag, add: the message received (sender in r5) must come from the thread whose id
@ is the user word \who, with tag \tag and MR j = (iteration << 8 | j) + \add (check).
        .macro  CHECK_FROM who, tag, add
        mov     r0, r5
        ldr     r1, [r9, #\who]
        ldr     r2, =\tag
        ldr     r3, [r9, #U_ITER]
        mov     r4, #\add
        bl      check
        .endm

@ CHECK_SENT: a send alone returns MR0 = 0 and r0 (kept in r5) = its destination (U_PEER).
        .macro  CHECK_SENT
        ldr     r0, [r9, #UTCB_MR0]
        ldr     r1, [r9, #U_PEER]
        cmp     r0, #0
        cmpeq   r5, r1
        ldrne   r0, [r9, #U_ERRORS]
        addne   r0, r0, #1
        strne   r0, [r9, #U_ERRORS]
        .endm

@ NEXT end, loop: the log's end stored in \end, the next iteration; back to \loop unless that was
@ the last.
        .macro  NEXT end, loop
        ldr     r1, =\end
        str     r10, [r1]
        bl      next_iteration
        bne     \loop
        .endm

        .text
@ ---- shared steps ------------------------------------------------------------------------------
@ bench_init: r0 = UTCB, r1 = log; sets r9, r10, r11, clears the user words, measures the counter
@ read's overhead (OVH back-to-back reads) and reads the log once (its lines allocate in the
@ D-cache: logging in hot iterations stays off the bus). Clobbers r0-r8, r12.
bench_init:
        mov     r9, r0
        mov     r10, r1
        ldr     r11, =CCNT
        mov     r0, #0
        str     r0, [r9, #U_ITER]
        str     r0, [r9, #U_ERRORS]
        ldr     r0, =SEED
        eor     r0, r0, r9                      @ a different sequence per thread
        orrs    r0, r0, #1
        str     r0, [r9, #U_RANDOM]
        mov     r8, lr
        mov     r7, #OVH
        .balign 8
1:      ldr     r12, [r11]
        ldr     lr, [r11]
        mov     r1, #OP_OVERHEAD
        stmia   r10!, {r1, r12, lr}
        subs    r7, r7, #1
        bne     1b
        mov     r0, r10
        ldr     r1, =LOG_BYTES
        add     r1, r0, r1
2:      ldr     r2, [r0], #32
        cmp     r0, r1
        blo     2b
        mov     pc, r8

@ phase_of: r0 = iteration -> r1 = phase << 8
phase_of:
        cmp     r0, #WARM
        movlo   r1, #(PH_WARM << 8)
        movlo   pc, lr
        ldr     r1, =WARM + HOT
        cmp     r0, r1
        movlo   r1, #(PH_HOT << 8)
        movlo   pc, lr
        ldr     r1, =WARM + HOT + COLD
        cmp     r0, r1
        movlo   r1, #(PH_COLD << 8)
        movhs   r1, #(PH_CLOSE << 8)
        mov     pc, lr

@ cold_prep: in a cold iteration, clean and invalidate the caches and TLBs (and with POLLUTE, touch
@ that many random lines of the pollution buffer, read then written: random dirty cache
@ contents). r0-r4 clobbered.
cold_prep:
        ldr     r0, [r9, #U_ITER]
        ldr     r1, =WARM + HOT
        cmp     r0, r1
        movlo   pc, lr
        ldr     r1, =WARM + HOT + COLD
        cmp     r0, r1
        movhs   pc, lr
        SYS_FLUSH_CACHES
        .if POLLUTE
        ldr     r0, [r9, #U_RANDOM]
        mov     r2, #POLLUTE
        ldr     r3, =pollution
1:      TOUCH_RANDOM_LINE r0, r3, 10, r1, r4    @ a line of the 32 KB buffer
        subs    r2, r2, #1
        bne     1b
        str     r0, [r9, #U_RANDOM]
        .endif
        mov     pc, lr

@ compose: the message of iteration r0 into the UTCB: MR1..MR(WORDS) = (iteration << 8 | j) + r1,
@ MR0 = r2 (the tag). Clobbers r0-r3.
compose:
        str     r2, [r9, #UTCB_MR0]
        add     r3, r1, r0, lsl #8
        mov     r2, #1
1:      cmp     r2, #WORDS
        movhi   pc, lr
        add     r0, r3, r2
        add     r1, r9, r2, lsl #2
        str     r0, [r1, #UTCB_MR0]
        add     r2, r2, #1
        b       1b

@ check: the message received (its register MRs already stored in the UTCB): r0 = its sender, as
@ r1 expects; the tag as r2 expects; MR j = (r3 << 8 | j) + r4 (r3 the iteration, r4 an offset)
@ for j = 1 .. the tag's untyped count. Every mismatch counts in the UTCB's error word.
@ Clobbers r0-r7.
check:
        mov     r7, #0
        cmp     r0, r1
        addne   r7, r7, #1
        ldr     r0, [r9, #UTCB_MR0]
        cmp     r0, r2
        addne   r7, r7, #1
        and     r6, r2, #0x3F
        add     r3, r4, r3, lsl #8
        mov     r2, #1
1:      cmp     r2, r6
        bhi     2f
        add     r1, r9, r2, lsl #2
        ldr     r0, [r1, #UTCB_MR0]
        add     r1, r3, r2
        cmp     r0, r1
        addne   r7, r7, #1
        add     r2, r2, #1
        b       1b
2:      ldr     r0, [r9, #U_ERRORS]
        add     r0, r0, r7
        str     r0, [r9, #U_ERRORS]
        mov     pc, lr

@ next_iteration: iteration += 1 -> r0; Z set when it reaches TOTAL
next_iteration:
        ldr     r0, [r9, #U_ITER]
        add     r0, r0, #1
        str     r0, [r9, #U_ITER]
        ldr     r1, =TOTAL
        cmp     r0, r1
        mov     pc, lr

@ bench_end: r0 = the role's log end word; store r10 there and print "<r1>ok" or "<r1>FAIL".
@ A perturbation thread (ipcbench_perturb.S) is told the benchmark is over (the mailbox) and its
@ timer is stopped while the line is printed (an interrupt would let an equal-priority thread run
@ and print into the middle of it), then armed once more, PERTURB_END cycles ahead, to wake it
@ after the last benchmark thread has ended. Then the D-cache is cleaned to memory (the logs) and
@ the thread exits.
bench_end:
        str     r10, [r0]
        mov     r4, r1
        ldr     r5, =PERTURB_TIMER
        mov     r0, #0
        str     r0, [r5, #8]                    @ Control: stopped, no interrupt
        mov     r0, #1
        str     r0, [r5, #PERTURB_MAILBOX]
        mov     r0, r4
        bl      u_puts
        ldr     r0, [r9, #U_ERRORS]
        cmp     r0, #0
        ldreq   r0, =msg_ok
        ldrne   r0, =msg_fail
        bl      u_puts
        SYS_FLUSH_CACHES
        ldr     r0, =PERTURB_END
        str     r0, [r5]                        @ Load
        mov     r0, #TIMER_ONESHOT_IRQ
        str     r0, [r5, #8]
        SYS_THREAD_EXIT

@ ---- pingpong ----------------------------------------------------------------------------------
@ pp_client: r2 (arg) = the server's id. Each iteration Calls it with label 1 and WORDS words; the
@ reply must be label 2 and every word plus one.
        .global pp_client
pp_client:
        str     r2, [r0, #U_PEER]
        ldr     r1, =log_client
        bl      bench_init
1:      MESSAGE (LABEL_CALL << 16) | WORDS, 0
        ldr     r0, [r9, #U_PEER]
        mov     r1, r0
        mov     r2, #0
        TIMED_SWI 0
        RECEIVED OP_CALL
        CHECK_FROM U_PEER, (LABEL_REPLY << 16) | WORDS, 1
        NEXT    logend_client, 1b
        ldr     r0, =logend_client
        ldr     r1, =name_pp_client
        b       bench_end

@ pp_server: r2 = the client's id. An open wait, then per iteration: check the Call, answer with
@ every word plus one by ReplyWait (the closing iteration answers with a Send and ends).
        .global pp_server
pp_server:
        str     r2, [r0, #U_PEER]
        ldr     r1, =log_server
        bl      bench_init
        mov     r0, #NILTHREAD
        mvn     r1, #0
        mov     r2, #0
        TIMED_SWI 0
        RECEIVED OP_FIRST
1:      CHECK_FROM U_PEER, (LABEL_CALL << 16) | WORDS, 0
        ldr     r0, [r9, #U_ITER]
        ldr     r1, =TOTAL - 1
        cmp     r0, r1
        beq     2f
        MESSAGE (LABEL_REPLY << 16) | WORDS, 1
        ldr     r0, [r9, #U_PEER]
        mvn     r1, #0
        mov     r2, #SEND_ZERO
        TIMED_SWI 0
        RECEIVED OP_REPLYWAIT
        NEXT    logend_server, 1b
2:      MESSAGE (LABEL_REPLY << 16) | WORDS, 1  @ the closing reply: a Send, then the end
        ldr     r0, [r9, #U_PEER]
        mov     r1, #NILTHREAD
        mov     r2, #0
        TIMED_SWI 0
        LOG     OP_SEND
        ldr     r0, =logend_server
        ldr     r1, =name_pp_server
        b       bench_end

@ ---- queue -------------------------------------------------------------------------------------
@ q_client: r2 = the server's id. Even iterations Call (label 1, reply label 2, words plus one),
@ odd ones Send (label 3): the server is then waiting for the helper, so both block in its queue.
        .global q_client
q_client:
        str     r2, [r0, #U_PEER]
        ldr     r1, =log_client
        bl      bench_init
1:      ldr     r0, [r9, #U_ITER]
        tst     r0, #1
        bne     2f
        MESSAGE (LABEL_CALL << 16) | WORDS, 0
        ldr     r0, [r9, #U_PEER]
        mov     r1, r0                          @ Call
        mov     r2, #0
        TIMED_SWI 0
        RECEIVED OP_CALL_BLOCKS
        CHECK_FROM U_PEER, (LABEL_REPLY << 16) | WORDS, 1
        b       3f
2:      MESSAGE (LABEL_SEND << 16) | WORDS, 0
        ldr     r0, [r9, #U_PEER]
        mov     r1, #NILTHREAD                  @ Send
        mov     r2, #0
        TIMED_SWI 0
        RECEIVED OP_SEND_BLOCKS
        CHECK_SENT
3:      NEXT    logend_client, 1b
        ldr     r0, =logend_client
        ldr     r1, =name_q_client
        b       bench_end

@ q_server: r2 = the client's id << 8 | the helper's id. Per iteration: a closed receive from
@ the helper (it blocks: the helper runs only when everybody else waits), an open wait (the client
@ is queued by then), and the reply to a Call, by Send.
        .global q_server
q_server:
        and     r1, r2, #0xFF
        str     r1, [r0, #U_PEER]
        mov     r1, r2, lsr #8
        str     r1, [r0, #U_CLIENT]
        ldr     r1, =log_server
        bl      bench_init
1:      bl      cold_prep
        mov     r0, #NILTHREAD
        ldr     r1, [r9, #U_PEER]
        mov     r2, #0
        TIMED_SWI 0
        RECEIVED OP_RECV_BLOCKS
        CHECK_FROM U_PEER, (LABEL_TOKEN << 16) | WORDS, 0
        bl      cold_prep
        mov     r0, #NILTHREAD
        mvn     r1, #0
        mov     r2, #0
        TIMED_SWI 0
        STORE_MRS
        mov     r5, r0
        ldr     r0, [r9, #UTCB_MR0]
        mov     r0, r0, lsr #16
        cmp     r0, #LABEL_CALL
        bne     2f
        LOG     OP_RECV_QUEUED_CALL
        CHECK_FROM U_CLIENT, (LABEL_CALL << 16) | WORDS, 0
        MESSAGE (LABEL_REPLY << 16) | WORDS, 1
        ldr     r0, [r9, #U_CLIENT]
        mov     r1, #NILTHREAD
        mov     r2, #0
        TIMED_SWI 0
        LOG     OP_SEND
        b       3f
2:      LOG     OP_RECV_QUEUED_SEND
        CHECK_FROM U_CLIENT, (LABEL_SEND << 16) | WORDS, 0
3:      NEXT    logend_server, 1b
        ldr     r0, =logend_server
        ldr     r1, =name_q_server
        b       bench_end

@ q_helper: r2 = the server's id. The lowest priority: each iteration Sends the server a token
@ (label 5, WORDS words) once everybody else waits.
        .global q_helper
q_helper:
        str     r2, [r0, #U_PEER]
        ldr     r1, =log_helper
        bl      bench_init
1:      MESSAGE (LABEL_TOKEN << 16) | WORDS, 0
        ldr     r0, [r9, #U_PEER]
        mov     r1, #NILTHREAD
        mov     r2, #0
        TIMED_SWI 0
        RECEIVED OP_HELPER_SEND
        CHECK_SENT
        NEXT    logend_helper, 1b
        ldr     r0, =logend_helper
        ldr     r1, =name_q_helper
        b       bench_end

@ ---- null system call --------------------------------------------------------------------------
@ null_caller: the null system call; every register it holds (r0-r8) must come back unchanged.
        .global null_caller
null_caller:
        ldr     r1, =log_client
        bl      bench_init
1:      bl      cold_prep
        mov     r0, #0xA0
        mov     r1, #0xA1
        mov     r2, #0xA2
        mov     r3, #0xA3
        mov     r4, #0xA4
        mov     r5, #0xA5
        mov     r6, #0xA6
        mov     r7, #0xA7
        mov     r8, #0xA8
        TIMED_SWI 5
        cmp     r0, #0xA0
        cmpeq   r1, #0xA1
        cmpeq   r2, #0xA2
        cmpeq   r3, #0xA3
        cmpeq   r4, #0xA4
        cmpeq   r5, #0xA5
        cmpeq   r6, #0xA6
        cmpeq   r7, #0xA7
        cmpeq   r8, #0xA8
        ldrne   r0, [r9, #U_ERRORS]
        addne   r0, r0, #1
        strne   r0, [r9, #U_ERRORS]
        LOG     OP_NULL
        ldr     r1, =logend_client
        str     r10, [r1]
        bl      next_iteration
        bne     1b
        ldr     r0, =logend_client
        ldr     r1, =name_null
        b       bench_end

@ ---- interrupts --------------------------------------------------------------------------------
@ irq_bench: the handler of the cycle counter's compare interrupt (line 20). Even iterations arm the
@ interrupt IRQ_DELAY cycles ahead and wait: the spinner runs until it fires, and the log holds
@ {compare, first instruction} (the cycle the line rose, the counter read that is the handler's
@ first instruction). Odd iterations set COMPARE to the count already passed, so the line is up
@ (masked in the VIC until the reply), and log {before the reply, first instruction}: the reply
@ to the next interrupt delivered, back to back. The reply and the wait are one Call to the
@ interrupt thread. At the end the interrupt is disabled: the spinner sees it and ends.
        .global irq_bench
irq_bench:
        ldr     r1, =log_client
        bl      bench_init
        mov     r0, #1
        str     r0, [r11, #8]                   @ CONTROL: the interrupt enabled
        ldr     r1, =IRQ_DELAY
        ldr     r0, [r11]
        add     r0, r0, r1
        str     r0, [r9, #U_COMPARE]
        str     r0, [r11, #4]                   @ COMPARE: IRQ_DELAY cycles ahead
        mov     r0, #NILTHREAD
        ldr     r1, =IRQ_ID_BASE + CCNT_LINE
        mov     r2, #0
        TIMED_SWI 0
        b       2f
1:      bl      next_iteration
        beq     4f
        bl      cold_prep
        ldr     r2, =IRQ_DELAY
        ldr     r0, [r9, #U_ITER]
        tst     r0, #1
        ldr     r1, [r11]
        addeq   r1, r1, r2                      @ even: ahead; odd: reached at once
        str     r1, [r9, #U_COMPARE]
        str     r1, [r11, #4]
        ldr     r0, =IRQ_ID_BASE + CCNT_LINE    @ reply (unmasks the line) and wait for the next
        mov     r1, r0
        mov     r2, #0
        TIMED_SWI 0
2:      STORE_MRS
        mov     r5, r0
        ldr     r0, [r9, #U_ITER]
        tst     r0, #1
        bne     3f
        ldr     r12, [r9, #U_COMPARE]           @ even: from the cycle the line rose
        LOG     OP_IRQ
        b       5f
3:      LOG     OP_IRQ_REPLY
5:      ldr     r1, =logend_client
        str     r10, [r1]
        mov     r0, r5                          @ the interrupt's message: from 0x1014, label 0xFFF0
        ldr     r1, =IRQ_ID_BASE + CCNT_LINE
        ldr     r2, =0xFFF00000
        ldr     r3, [r9, #U_ITER]
        mov     r4, #0
        bl      check
        b       1b
4:      mov     r0, #0
        str     r0, [r11, #8]                   @ the interrupt off: the spinner ends
        ldr     r0, =logend_client
        ldr     r1, =name_irq
        b       bench_end

@ irq_spinner: the thread the interrupt finds running; ends when the interrupt is disabled.
        .global irq_spinner
irq_spinner:
        mov     r9, r0
        ldr     r11, =CCNT
        mov     r1, #0
        str     r1, [r9, #U_ERRORS]
1:      ldr     r0, [r11, #8]
        tst     r0, #1
        bne     1b
        ldr     r0, =logend_spinner
        ldr     r1, =name_spinner
        b       bench_end

name_pp_client: .asciz "bench-pp-client: "
name_pp_server: .asciz "bench-pp-server: "
name_q_client:  .asciz "bench-q-client: "
name_q_server:  .asciz "bench-q-server: "
name_q_helper:  .asciz "bench-q-helper: "
name_null:      .asciz "bench-null: "
name_irq:       .asciz "bench-irq: "
name_spinner:   .asciz "bench-spinner: "
msg_ok:         .asciz "ok\n"
msg_fail:       .asciz "FAIL\n"
        .align  2
        .ltorg

        .bss
        .align  5
        .global log_client, log_server, log_helper
        .global logend_client, logend_server, logend_helper, logend_spinner
logend_client:  .space 4
logend_server:  .space 4
logend_helper:  .space 4
logend_spinner: .space 4
        .align  5
log_client:     .space LOG_BYTES
log_server:     .space LOG_BYTES
log_helper:     .space LOG_BYTES
        .if POLLUTE
        .align  5
pollution:      .space POLLUTE_BYTES
        .endif
