// The red team's third round (2026-12-07, after the second round's fixes): variants aimed at those
// fixes' edges, by an outsider. Nine broken ones escaped and three correct ones were false alarms
// when written; the checker changes that followed: the slow path's saved and restored registers
// keep the marks parked when it began; an exception entry gives the SPSR the flags' labels and its
// link the pc's, an exception return gives the flags the SPSR's; a load into the pc with an
// unlabelled word takes its address's labels; a pc-relative load takes the pc's; a kernel abort
// labels the FSR as well as the FAR; QADD-family and SMLAxy/SMLAWy give the sticky Q flag what they
// read; the kernel entry the run ends in is judged as far as it went; an MSR of the control field
// alone moves nothing that came only from the flags; the tag shifted left by 16 or more is control
// data; a system call may read and write its caller's MRs (only an interrupt or exception must
// leave them alone; the fourth round refined both rules: kernel-mutants-redteam-round4.ts). One
// correct variant that stores a copy kept in the FIQ bank stays a failure, as the rules say (below).
import { afterLabel, both, replace, REMAINDER, withTail } from './kernel-mutants.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';
import { ABT, atFastState, brokenOf, copy, correctOf, FIQ, lines, parkAtFastState, putcHook, STORE, SVC, tail, type RoundVariant } from './redteam-patches.ts';

/** A kernel-mode data abort goes to `mutant_kdabt` (which returns past the faulting load) instead of the panic. */
const KDABT_RESUME = replace(
  'entry.S',
  '        ldr     sp, =abt_scratch + KDATA\n        bne     kernel_panic_abort\n        SAVE_FROM_EXCEPTION abt_scratch\n        mrc     p15, 0, r1, c6, c0, 0',
  '        ldr     sp, =abt_scratch + KDATA\n        bne     mutant_kdabt\n        SAVE_FROM_EXCEPTION abt_scratch\n        mrc     p15, 0, r1, c6, c0, 0',
);

const VARIANTS: RoundVariant[] = [
  {
    name: 'fiq-parked-slowpath-saves-restores-then-stored',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "the second Call's fast path parks MR1 in r8_fiq and declines; the slow path saves the FIQ bank on the kernel stack and restores it (it uses FIQ r8 as scratch); the server's fast-path reply stores r8_fiq",
    patch: both(both(
      withTail(replace('entry.S', '\nipc_copy_utcb:\n', `\nipc_copy_utcb:\n${lines('tst     r4, #0x100', 'beq     9f', 'cmp     r1, r0', 'bne     9f', `msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`, 'b       ipc_slowpath')}\n9:\n`), ''),
      replace('entry.S', '        ldr     sp, =kstack_top + KDATA\n        bl      slow_ipc\n', `        ldr     sp, =kstack_top + KDATA\n${lines(`msr     cpsr_c, ${FIQ}`, 'mov     r9, sp', `msr     cpsr_c, ${SVC}`, `msr     cpsr_c, ${FIQ}`, 'ldr     r9, =kstack_top + KDATA - 64', 'str     r8, [r9]', 'mov     r8, #0', 'ldr     r8, [r9]', `msr     cpsr_c, ${SVC}`)}\n        bl      slow_ipc\n`)),
      replace('entry.S', '        mov     r11, #ST_RECV                   @ sender now waits (forever) for its from-spec\n', `mutant_site:\n${lines(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9, #8]', `msr     cpsr_c, ${SVC}`)}\nmutant_end:\n        mov     r11, #ST_RECV\n`)),
  },
  {
    name: 'fiq-parked-slowpath-self-orr-then-stored',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "as above, but the slow path only rewrites r8_fiq with its own value (ORR r8, r8, #0)",
    patch: both(both(
      withTail(replace('entry.S', '\nipc_copy_utcb:\n', `\nipc_copy_utcb:\n${lines('tst     r4, #0x100', 'beq     9f', 'cmp     r1, r0', 'bne     9f', `msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`, 'b       ipc_slowpath')}\n9:\n`), ''),
      replace('entry.S', '        ldr     sp, =kstack_top + KDATA\n        bl      slow_ipc\n', `        ldr     sp, =kstack_top + KDATA\n${lines(`msr     cpsr_c, ${FIQ}`, 'orr     r8, r8, #0', `msr     cpsr_c, ${SVC}`)}\n        bl      slow_ipc\n`)),
      replace('entry.S', '        mov     r11, #ST_RECV                   @ sender now waits (forever) for its from-spec\n', `mutant_site:\n${lines(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9, #8]', `msr     cpsr_c, ${SVC}`)}\nmutant_end:\n        mov     r11, #ST_RECV\n`)),
  },
  {
    name: 'mr1-through-spsr-abt-of-kernel-aborts',
    kind: 'broken', expect: ['register-mr-stored'],
    story: 'MR1 rebuilt bit by bit: MOVS puts bit i in N, a kernel load from an unmapped address aborts (the CPSR, flags included, goes to SPSR_abt), the handler keeps SPSR_abt in sp_abt, the fast path reads it back; the rebuilt MR1 is stored',
    patch: tail(both(atFastState('mov     r2, #0xC0000000', 'mov     r0, #0', ...Array.from({ length: 32 }, (_, i) => [`movs    r12, r4, lsl #${31 - i}`, 'ldr     r1, [r2]', `msr     cpsr_c, ${ABT}`, 'mov     r12, sp', 'ldr     sp, =abt_scratch + KDATA', `msr     cpsr_c, ${SVC}`, 'and     r12, r12, #0x80000000', `orr     r0, r0, r12, lsr #${31 - i}`]).flat(), 'cmp     r0, r4', 'bne     kernel_panic_abort', ...STORE('r0')), KDABT_RESUME),
      'mutant_kdabt:', 'mrs     sp, spsr', 'add     lr, lr, #4', 'movs    pc, lr'),
  },
  {
    name: 'mr1-through-prefetch-abort-link',
    kind: 'broken', expect: ['register-mr-stored'],
    story: 'a computed jump to MR1 | 0xC0000000 (unmapped) takes a prefetch abort; lr_abt is the jump target (+4): the kernel handler hands it back and MR1 (bits 29..2) is stored',
    patch: both(atFastState('orr     r12, r4, #0xC0000000', 'bic     r12, r12, #3', 'mov     pc, r12', 'mutant_resume:', `msr     cpsr_c, ${ABT}`, 'mov     r12, sp', 'ldr     sp, =abt_scratch + KDATA', `msr     cpsr_c, ${SVC}`, 'sub     r12, r12, #4', 'bic     r12, r12, #0xC0000000', 'bic     r0, r4, #0xC0000000', 'bic     r0, r0, #3', 'cmp     r12, r0', 'bne     kernel_panic_abort', ...STORE('r12')),
      replace('entry.S', '\npabt_entry:\n', `\npabt_entry:\n${lines('mrs     sp, spsr', 'and     sp, sp, #0x1F', 'cmp     sp, #MODE_SVC', 'moveq   sp, lr', `msreq   cpsr_c, ${SVC}`, 'beq     mutant_resume')}\n`)),
  },
  {
    name: 'mr1-byte-through-ldr-pc-table',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "MR1's low byte indexes a table of 256 code addresses loaded into the pc (LDR pc, [r11, r12, LSL #2], a compiled switch); each entry reads the pc (`mov r12, pc`); the entry's address, MR1's byte, is stored",
    patch: withTail(afterLabel('ipc_fast_state', lines('ldr     r11, =mutant_jt', 'and     r12, r4, #0xff', 'ldr     pc, [r11, r12, lsl #2]', 'mutant_ent:', '.rept   256', 'mov     r12, pc', 'b       3f', '.endr', '3:', 'ldr     r0, =mutant_ent + 8', 'sub     r12, r12, r0', 'mov     r12, r12, lsr #3', 'and     r0, r4, #0xff', 'cmp     r12, r0', 'bne     kernel_panic_abort', ...STORE('r12'))),
      lines('.align  2', 'mutant_jt:', '.set    mutant_i, 0', '.rept   256', '.word   mutant_ent + 8 * mutant_i', '.set    mutant_i, mutant_i + 1', '.endr')),
  },
  {
    name: 'mr1-byte-through-jump-and-literal-pool',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "MR1's low 7 bits select one of 128 four-word entries (ADD pc, pc, r12, LSL #4); each loads its own literal (`ldr r12, [pc]`, the word i after its branch); the loaded constant, MR1's byte, is stored",
    patch: atFastState('and     r12, r4, #0x7f', 'add     pc, pc, r12, lsl #4', 'nop', '.set    mutant_i, 0', '.rept   128', 'ldr     r12, [pc]', 'b       3f', '.word   mutant_i', 'nop', '.set    mutant_i, mutant_i + 1', '.endr', '3:', 'and     r0, r4, #0x7f', 'cmp     r12, r0', 'bne     kernel_panic_abort', ...STORE('r12')),
  },
  {
    name: 'mr1-bit-through-dfsr-alignment',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "alignment checking switched on (c1 A bit), a kernel load at 0xC0000000 | (MR1 & 3) aborts with an alignment fault (MR1's low bits not 0) or a translation fault; the DFSR's status (c5), read back by MRC, is stored",
    patch: tail(both(atFastState('mrc     p15, 0, r11, c1, c0, 0', 'orr     r0, r11, #2', 'mcr     p15, 0, r0, c1, c0, 0', 'and     r12, r4, #3', 'orr     r12, r12, #0xC0000000', 'ldr     r0, [r12]', 'mcr     p15, 0, r11, c1, c0, 0', 'mrc     p15, 0, r12, c5, c0, 0', 'and     r12, r12, #0xF', 'cmp     r12, #1', 'bne     kernel_panic_abort', ...STORE('r12')), KDABT_RESUME),
      'mutant_kdabt:', 'ldr     sp, =abt_scratch + KDATA', 'add     lr, lr, #4', 'movs    pc, lr'),
  },
  {
    name: 'fiq-parked-out-in-thread-exit',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "every fast path keeps MR1 in r8_fiq; nothing stores it until the client's thread-exit system call (after its putc entries and the server's next windows), which halts the client, switches threads and stores r8_fiq in a kernel global",
    patch: both(parkAtFastState(`msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`), replace('entry.S', '\nsys_thread_exit:\n', `\nsys_thread_exit:\nmutant_site:\n${lines(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9, #8]', `msr     cpsr_c, ${SVC}`)}\nmutant_end:\n`)),
  },
  // ---------------------------------------------------------------- correct
  {
    name: 'irq-save-idiom-after-tag-check',
    kind: 'correct',
    story: "right after the tag check (CMP of the tag shifted, flags set from MR0) the fast path does the usual interrupt-save idiom: MRS r12, CPSR; ORR r12, r12, #0xC0; MSR CPSR_c, r12 (only the control byte written: no flag, no message bit leaves)",
    patch: replace('entry.S', '        bhs     ipc_slowpath\n        SPREAD  5\n', `        bhs     ipc_slowpath\nmutant_site:\n${lines('mrs     r12, cpsr', 'orr     r12, r12, #0xC0', 'msr     cpsr_c, r12')}\nmutant_end:\n        SPREAD  5\n`),
  },
  {
    name: 'utcb-domain-fault-handled-and-retried',
    kind: 'correct',
    story: "FCSE: the fast path does not open the receiver's domain before the copy; the store into the receiver's UTCB takes a domain fault, the kernel abort handler opens all domains (DACR) and retries the instruction (SUBS pc, lr, #8): lazy domain opening",
    patch: tail(both(replace('entry.S', '        .if SWITCH == SWITCH_FCSE\n        mcr     p15, 0, r0, c3, c0, 0           @ (switch space sets the receiver\'s domains)\n        .endif\n', 'mutant_site:\n        nop\nmutant_end:\n'), KDABT_RESUME),
      'mutant_kdabt:', 'ldr     sp, =DACR_ALL_CLIENT', 'mcr     p15, 0, sp, c3, c0, 0', 'ldr     sp, =abt_scratch + KDATA', 'movs    pc, lr'),
  },
  {
    name: 'putc-traces-callers-utcb-word',
    kind: 'correct',
    story: "the debug putc system call also records the caller's own UTCB MR6 (what the caller holds in its message area now, as a system call taking arguments from MRs reads them) in a kernel trace word",
    patch: withTail(putcHook('ldr     r1, [r4, #TCB_UTCB_MRS]', 'ldr     r1, [r1]', 'ldr     r2, =mutant_buf + KDATA', 'str     r1, [r2]', 'ldr     r0, [r4, #CTX_R0]'), ''),
  },
  {
    name: 'thumb-copy-with-literal-pool-and-adr',
    kind: 'correct',
    story: 'the three words copied in Thumb state, the pointers taken through a literal pool (`ldr r2, =...`) and ADR, a high-register ADD, then back to ARM',
    patch: copy('mov     r0, r9', 'mov     r1, lr', 'adr     r12, 1f + 1', 'bx      r12', '.thumb', '1:', 'ldr     r2, =0x12345678', 'adr     r2, 2f', 'ldr     r2, [r0, #0]', 'str     r2, [r1, #0]', 'ldr     r2, [r0, #4]', 'str     r2, [r1, #4]', 'ldr     r2, [r0, #8]', 'str     r2, [r1, #8]', 'mov     r2, #12', 'add     r0, r2', 'add     r1, r2', 'mov     r9, r0', 'mov     lr, r1', 'b       4f', '.align  2', '2:', '.ltorg', '4:', '.align  2', 'bx      pc', 'nop', '.arm'),
  },
  {
    name: 'kernel-irq-window-in-fast-path',
    kind: 'correct',
    story: 'the fast path, its copy done (r0-r2 cleared), opens IRQs for a moment with a VIC soft interrupt pending: the IRQ is taken in kernel mode, its handler saves r0/r1 (scratch, no message data), acks the line and returns; the hand-off completes',
    patch: both(atFastState('mov     r0, #0', 'mov     r1, #0', 'mov     r2, #0', 'ldr     r12, =VIC_BASE', 'mov     r11, #0x80000000', 'str     r11, [r12, #VIC_INTENABLE]', 'str     r11, [r12, #0x18]', 'msr     cpsr_c, #(MODE_SVC | PSR_F)', 'nop', 'nop', `msr     cpsr_c, ${SVC}`),
      replace('entry.S', '\nirq_entry:\n', `\nirq_entry:\n${lines('str     r0, [sp]', 'mrs     r0, spsr', 'and     r0, r0, #0x1F', 'cmp     r0, #MODE_SVC', 'bne     8f', 'str     r1, [sp, #4]', 'ldr     r0, =VIC_BASE', 'mov     r1, #0x80000000', 'str     r1, [r0, #0x1C]', 'str     r1, [r0, #VIC_INTENCLEAR]', 'ldr     r1, [sp, #4]', 'ldr     r0, [sp]', 'subs    pc, lr, #4')}\n8:\n${lines('ldr     r0, [sp]')}\n`)),
  },
  {
    name: 'mr2-parked-in-fiq-out-in-last-putc',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "only the first round's messages park MR1 in r8_fiq (the server's round-0 reply last); it stays through the second round's two fast-path IPCs, several timer interrupts and twelve putc entries and is stored by the last putc (the newline)",
    patch: both(parkAtFastState('tst     r4, #0x100', 'bne     7f', `msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`, '7:'), putcHook('cmp     r0, #10', 'bne     7f', `msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9, #8]', `msr     cpsr_c, ${SVC}`, '7:')),
  },
  {
    name: 'mr1-bits-through-q-flag',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "MR1's low two bits moved to the top (MOV r12, r4, LSL #30) and doubled by QADD: it saturates, setting the sticky Q flag, iff they are not 0; MRS of the CPSR reads Q back and the bit is stored (QADD sets no N/Z/C/V and has no S bit)",
    patch: atFastState('msr     cpsr_f, #0', 'mov     r12, r4, lsl #30', 'qadd    r0, r12, r12', 'mrs     r11, cpsr', 'and     r11, r11, #0x08000000', 'ands    r0, r4, #3', 'moveq   r0, #0', 'movne   r0, #0x08000000', 'cmp     r11, r0', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'mr1-bits-through-thumb-jump-and-literal',
    kind: 'broken', expect: ['register-mr-stored'],
    story: "Thumb kernel code: MR1's low 6 bits select (ADD pc, r2) one of 64 entries, each loading its own literal (`ldr r2, [pc, #0]`, the word i after its branch); back in ARM the loaded constant is stored",
    patch: atFastState('adr     r12, 1f + 1', 'bx      r12', '.thumb', '1:', 'lsl     r2, r4, #26', 'lsr     r2, r2, #23', '.align  2', 'add     pc, r2', 'nop', '.set    mutant_i, 0', '.rept   64', 'ldr     r2, [pc, #0]', 'b       3f', '.word   mutant_i', '.set    mutant_i, mutant_i + 1', '.endr', '3:', '.align  2', 'bx      pc', 'nop', '.arm', 'and     r0, r4, #0x3f', 'cmp     r2, r0', 'bne     kernel_panic_abort', ...STORE('r2')),
  },
  // ---------------------------------------------------------------- correct (2)
  {
    name: 'copy-dispatch-ldr-pc-on-count',
    kind: 'correct',
    story: 'the 0-3 words over a multiple of four copied through a compiled switch on the count (LDR pc, [pc, r0, LSL #2] into four cases, each LDR/STR word by word)',
    patch: replace('entry.S', REMAINDER, `mutant_site:\n${lines('and     r0, r11, #3', 'ldr     pc, [pc, r0, lsl #2]', 'nop', '.word   5f', '.word   6f', '.word   7f', '.word   8f', '8:', 'ldr     r0, [r9], #4', 'str     r0, [lr], #4', '7:', 'ldr     r0, [r9], #4', 'str     r0, [lr], #4', '6:', 'ldr     r0, [r9], #4', 'str     r0, [lr], #4', '5:')}\nmutant_end:\n`),
  },
  {
    name: 'checksum-of-tcb-fields-with-adc',
    kind: 'correct',
    story: 'a 64-bit checksum (ADDS/ADC/EOR) of the two TCBs\' ids, states and saved pcs, kept in a kernel global (no message data in it)',
    patch: atFastState('ldr     r9, =mutant_buf + KDATA', 'ldmia   r9, {r0, r1}', 'ldr     r2, [sp, #TCB_ID]', 'adds    r0, r0, r2', 'adc     r1, r1, #0', 'ldr     r2, [r10, #CTX_PC]', 'adds    r0, r0, r2', 'adc     r1, r1, #0', 'ldr     r2, [r10, #TCB_STATE]', 'eor     r0, r0, r2, lsl #3', 'stmia   r9, {r0, r1}'),
  },
  {
    name: 'putc-returns-status-in-callers-mr6-slot',
    kind: 'correct',
    story: "the debug putc system call returns a status word (1: printed) in the caller's UTCB MR6 slot, as L4 system calls return results in MRs (the client has read its last message long before)",
    patch: withTail(putcHook('ldr     r1, [r4, #TCB_UTCB_MRS]', 'mov     r2, #1', 'str     r2, [r1]', 'ldr     r0, [r4, #CTX_R0]'), ''),
  },
  {
    name: 'irq-saves-fiq-bank-after-fiq-copy',
    kind: 'correct',
    story: "the UTCB words copied through r8_fiq..r10_fiq (a correct variant of round 1); every interrupt from user mode saves the FIQ bank in a kernel save area and restores it (a kernel that lets handlers use FIQ mode as scratch)",
    patch: both(copy('mov     r0, r9', 'mov     r1, lr', `msr     cpsr_c, ${FIQ}`, 'ldmia   r0!, {r8, r10, r11}', 'stmia   r1!, {r8, r10, r11}', `msr     cpsr_c, ${SVC}`, 'mov     r9, r0', 'mov     lr, r1'),
      replace('entry.S', '        bl      handle_irq\n', `${lines(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA + 16', 'stmia   r9, {r8, r10, r11}', 'mov     r8, #0', 'ldmia   r9, {r8, r10, r11}', `msr     cpsr_c, ${SVC}`)}\n        bl      handle_irq\n`)),
  },
];


/** Caught in a kernel entry that is no IPC (report.entries). */
const IN_ENTRY = new Set(['fiq-parked-out-in-thread-exit', 'mr2-parked-in-fiq-out-in-last-putc']);
/** Correct by intent, failing by the rules: a copy kept in the FIQ bank and then stored is staging (as mr-smuggled-in-fiq-bank). */
const STAGING_BY_THE_RULES = 'irq-saves-fiq-bank-after-fiq-copy';

export const REDTEAM3_BROKEN: readonly RedteamMutant[] = [
  ...brokenOf(VARIANTS.filter((v) => v.name !== STAGING_BY_THE_RULES), IN_ENTRY),
  {
    name: STAGING_BY_THE_RULES,
    story: `${VARIANTS.find((v) => v.name === STAGING_BY_THE_RULES)!.story}: the interrupt stores r8_fiq..r11_fiq, which still hold the last message's UTCB words, so the words are staged in kernel memory (utcb-word-staged), the rule mr-smuggled-in-fiq-bank set`,
    // (the copy moved out of the site; the site is the interrupt's save, where the words are stored)
    patch: both(
      withTail(replace('entry.S', REMAINDER, '        b       mutant_copy\nmutant_back:\n'), `mutant_copy:\n${lines('mov     r0, r9', 'mov     r1, lr', `msr     cpsr_c, ${FIQ}`, 'ldmia   r0!, {r8, r10, r11}', 'stmia   r1!, {r8, r10, r11}', `msr     cpsr_c, ${SVC}`, 'mov     r9, r0', 'mov     lr, r1', 'b       mutant_back')}`),
      replace('entry.S', '        bl      handle_irq\n', `mutant_site:\n${lines(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA + 16', 'stmia   r9, {r8, r10, r11}', 'mov     r8, #0', 'ldmia   r9, {r8, r10, r11}', `msr     cpsr_c, ${SVC}`)}\nmutant_end:\n        bl      handle_irq\n`),
    ),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
];

export const REDTEAM3_CORRECT: readonly CorrectVariant[] = correctOf(VARIANTS.filter((v) => v.name !== STAGING_BY_THE_RULES), new Set(['putc-traces-callers-utcb-word', 'putc-returns-status-in-callers-mr6-slot']));
