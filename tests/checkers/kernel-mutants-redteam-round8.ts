// The red team's eighth round (an outsider's, after the seventh): aimed first at the rules round 7
// brought (per-flag labels, MSR field masks and the flag-only labels of a saved CPSR, stale alias
// reads, the c10 victim, the tag followed bit by bit), then at what else the hardware keeps.
// Broken variants: a message bit in the CPSR's T bit (BX to an address made of it, an undefined
// instruction in both states, SPSR_und read back); the TLB's contents read back through the c10
// victim once c10 was rewritten, and through a TTBR switch with no invalidation; a stale alias
// line planted in one window and read in a later one (an earlier message's word, and the current
// one by XOR with a stale, exact-looking copy); a conditional BIC/ORR of a saved CPSR image moving
// message bits into the F bit of the CPSR or of SPSR_und as "flag-only" data; the flags kept
// through MOVS pc and LDM {pc}^ in System mode and read by MRS of the SPSR there (no SPSR: the
// core keeps or reads the CPSR); the flags kept through PLD (bit 20 set, no flag written); stores
// to pc-relative cells after a computed jump; whether a kernel load aborts, read from LR_abt.
// Correct variants: the untyped count in Thumb kernel code; the interrupt-mask idiom after a test
// of the tag's flags field, in place and with two registers; the count ANDed with a mask held in a
// register; the typed-count check as TST and TSTEQ; the receiver's UTCB translation locked into the
// TLB (c10 read and written); the receiver's SPSR set field by field; the remainder flags from the
// tag shifted left by 30, then 31.
// Each broken variant checks in the kernel that what it rebuilt equals the real MR (a panic
// otherwise) and counts its leaking stores in mutant_buf + 60 (kernel-mutants-redteam-round-repro.ts 8
// prints the count).
import { both, replace, withTail, type Patch } from './kernel-mutants.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';
import { atFastStateWith, BSS, type Round7Variant } from './kernel-mutants-redteam-round7.ts';
import { roundVariants } from './kernel-mutants-redteam-round6.ts';
import { atFastState, lines, SVC } from './redteam-patches.ts';

/** A round-8 variant: the same shape as round 7's. */
export type Round8Variant = Round7Variant;

const SYS = '#(MODE_SYS | PSR_I | PSR_F)';
const ABT = '#(MODE_ABT | PSR_I | PSR_F)';
const UND = '#(MODE_UND | PSR_I | PSR_F)';

/** `reg` stored to the mutant's kernel buffer, and the leaks counted in its last word (so a run shows the leak happened). r0 and r9 are clobbered. */
const STORE = (reg: string): string[] => ['ldr     r9, =mutant_buf + KDATA', `str     ${reg}, [r9]`, 'ldr     r0, [r9, #60]', 'add     r0, r0, #1', 'str     r0, [r9, #60]'];

/** The undefined-instruction handler, for an exception from SVC mode, goes to mutant_und (round 7's hook). */
const UND_FROM_SVC = replace('entry.S', '\nund_entry:\n', `\nund_entry:\n${lines('mrs     sp, spsr', 'and     sp, sp, #0x1F', 'cmp     sp, #MODE_SVC', 'beq     mutant_und')}\n`);
/** The data-abort handler, for an abort from SVC mode, returns past the aborting load (round 3's KDABT_RESUME). */
const KDABT_RESUME = replace(
  'entry.S',
  '        ldr     sp, =abt_scratch + KDATA\n        bne     kernel_panic_abort\n        SAVE_FROM_EXCEPTION abt_scratch\n        mrc     p15, 0, r1, c6, c0, 0',
  '        ldr     sp, =abt_scratch + KDATA\n        bne     mutant_kdabt\n        SAVE_FROM_EXCEPTION abt_scratch\n        mrc     p15, 0, r1, c6, c0, 0',
);

/**
 * r12 = the kernel's alias (KDATA + PA) of the user word whose MVA is in `mva` (a section, found by a
 * walk of the first-level table through KDATA); then the D-cache set of that word emptied by 12
 * loads 4 KB apart (its dirty lines pushed to RAM). Uses r0, r1, r2, r12 only.
 */
const aliasAndEvict = (mva: string): string[] => [
  'mrc     p15, 0, r0, c2, c0, 0', 'mov     r0, r0, lsr #14', 'mov     r0, r0, lsl #14', 'add     r0, r0, #KDATA',
  `mov     r1, ${mva}, lsr #20`, 'ldr     r1, [r0, r1, lsl #2]', 'and     r0, r1, #3', 'cmp     r0, #2', 'bne     kernel_panic_abort',
  'mov     r1, r1, lsr #20', 'mov     r1, r1, lsl #20', `mov     r2, ${mva}, lsl #12`, 'orr     r1, r1, r2, lsr #12', 'add     r12, r1, #KDATA',
  'ldr     r1, =mutant_evict + KDATA', `mov     r0, ${mva}, lsl #20`, 'add     r1, r1, r0, lsr #20', 'bic     r1, r1, #0x1F',
  ...Array.from({ length: 12 }, () => ['ldr     r0, [r1]', 'add     r1, r1, #4096']).flat(),
];

/** The site of the UTCB copy after the FCSE domains opened: r9/lr the sender's and receiver's MR6, r11 the words; r0-r2, r12 free. */
const BEFORE_REMAINDER = '        movs    r0, r11, lsl #31                @ N: one word over a multiple of four, C: two\n';
/** After the sender's r1/r2 are saved (ipc_copy_utcb): r0-r2, r9, r11, r12, lr free, nothing of this IPC's copy done yet. */
const AFTER_PARTNER = '        str     r1, [sp, #TCB_PARTNER]          @ it will wait (forever) for its from-spec\n';

/**
 * MR1's bits 0..7 moved one at a time into the F bit of the CPSR (or of the current mode's SPSR): TST,
 * MRS of the CPSR, a BIC (or ORR) of its F bit under the flags the TST set, MSR of the control field,
 * MSR cpsr_f, #0, then MRS reads it back; r11 collects the bits (r0-r2 clobbered).
 */
const fBitBits = (psr: 'cpsr' | 'spsr' = 'cpsr'): string[] => {
  const out = ['mov     r11, #0'];
  for (let b = 0; b < 8; b++) {
    const put = b < 6 ? `orr     r11, r11, r2, lsr #${6 - b}` : b === 6 ? 'orr     r11, r11, r2' : `orr     r11, r11, r2, lsl #${b - 6}`;
    out.push(`tst     r4, #${1 << b}`, 'mrs     r0, cpsr', 'biceq   r1, r0, #PSR_F', 'orrne   r1, r0, #PSR_F', `msr     ${psr}_c, r1`, 'msr     cpsr_f, #0',
      `mrs     r2, ${psr}`, ...(psr === 'cpsr' ? [`msr     cpsr_c, ${SVC}`] : []), 'and     r2, r2, #PSR_F', put);
  }
  return out;
};

/** MR1 stored bit by bit into pc-relative cells: per bit a computed jump (add pc, pc, bit, lsl #2) onto `b` past the store or onto `str r12, cell`. */
const pcRelativeCells = (): string[] => {
  const out = ['ldr     r9, =mutant_pc_join', 'ldr     r11, =mutant_pcells', 'mov     r0, #0'];
  for (let b = 0; b < 32; b++) out.push(`str     r0, [r11, #${4 * b}]`);
  out.push('mov     r12, #1');
  for (let b = 0; b < 32; b++) out.push(`mov     r0, r4, lsr #${b}`, 'and     r0, r0, #1', 'add     pc, pc, r0, lsl #2', 'nop', `b       mutant_pc_${b}`, `str     r12, mutant_pcell_${b}`, `mutant_pc_${b}:`);
  out.push('bx      r9', '.ltorg', '.balign 4', 'mutant_pcells:');
  for (let b = 0; b < 32; b++) out.push(`mutant_pcell_${b}:`, '.word   0');
  out.push('mutant_pc_join:', 'mov     r2, #0');
  for (let b = 0; b < 32; b++) out.push(`ldr     r0, [r11, #${4 * b}]`, `orr     r2, r2, r0, lsl #${b}`);
  return out;
};

/** The fast path's count (`and r11, r3, #0x3F; subs r11, r11, #(NREG - 1)`), replaced by `code` (marked as the site). */
const countBy = (...code: string[]): Patch =>
  replace('entry.S', '        and     r11, r3, #0x3F\n        subs    r11, r11, #(NREG - 1)           @ r11 = UTCB words of the message\n', `mutant_site:\n${lines(...code)}\nmutant_end:\n`);

export const ROUND8: readonly Round8Variant[] = [
  // ---- broken -------------------------------------------------------------------------------
  {
    name: 'mr1-bit-through-thumb-bit-of-spsr-und',
    story: "BX to mutant_tx | (MR1 & 1): the word there (0xE7F0DEF0) is undefined as ARM and its first halfword (0xDEF0) undefined as Thumb, so either way the undefined-instruction exception copies the CPSR, T bit included, into SPSR_und; the handler reads SPSR_und (MRS), goes back to SVC by MSR and a plain branch; bit 5 is MR1's bit 0 (checked), stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(atFastStateWith(`        .text\n        .balign 4\nmutant_tx:\n        .word   0xe7f0def0\nmutant_und:\n${lines('mrs     r12, spsr', 'ldr     sp, =und_scratch + KDATA', 'mov     lr, #0', `msr     cpsr_c, ${SVC}`, 'b       mutant_tx_back')}`,
      'ldr     r12, =mutant_tx', 'and     r0, r4, #1', 'orr     r12, r12, r0', 'bx      r12', 'mutant_tx_back:', 'and     r12, r12, #PSR_T', 'and     r0, r4, #1', 'cmp     r12, r0, lsl #5', 'bne     kernel_panic_abort', ...STORE('r12')), UND_FROM_SVC),
  },
  {
    name: 'mr1-bit-through-tlb-entry-read-by-c10-victim',
    story: "MR1's bit 0 chooses (MUL by the distance) between a word in the TLB and one in a KDATA megabyte not used since (16 in turn): with c10's P bit clear the latter's walk fills the main TLB; then c10 is written (P set, victim 0: its labels are the written value's), the fresh megabyte loaded by an unlabelled address walks (a lockdown fill, victim 1) only if the bit was 0; MRC of c10 gives the bit (checked), stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastStateWith(`${BSS('mutant_cells', 32, 32)}\n${BSS('mutant_n', 4, 4)}`,
      'mrc     p15, 0, r11, c10, c0, 0', 'ldr     r12, =mutant_n + KDATA', 'ldr     r0, [r12]', 'add     r0, r0, #1', 'and     r0, r0, #15', 'str     r0, [r12]',
      'add     r0, r0, #16', 'mov     r0, r0, lsl #20', 'add     r0, r0, #KDATA', 'ldr     r1, =mutant_cells + KDATA', 'ldr     r2, [r1]',
      'and     r2, r4, #1', 'sub     lr, r0, r1', 'mul     r12, r2, lr', 'add     r12, r12, r1', 'bic     r11, r11, #1', 'mcr     p15, 0, r11, c10, c0, 0',
      'ldr     r2, [r12]', // the labelled translation: a main-TLB fill of the fresh megabyte iff the bit is 1
      'orr     r2, r11, #1', 'bic     r2, r2, #(7 << 26)', 'mcr     p15, 0, r2, c10, c0, 0', // c10 rewritten: P = 1, victim 0
      'ldr     r2, [r0]', // unlabelled: a TLB hit (bit 1) or a walk into lockdown entry 0 (bit 0)
      'mrc     p15, 0, r2, c10, c0, 0', 'mcr     p15, 0, r11, c10, c0, 0',
      'mov     r2, r2, lsr #26', 'and     r2, r2, #7', 'eor     r2, r2, #1', 'and     r0, r4, #1', 'cmp     r2, r0', 'bne     kernel_panic_abort', ...STORE('r2')),
  },
  {
    name: 'earlier-mr6-read-from-stale-alias-in-next-window',
    story: "the client's Call (first round): after the copy, the client's MR6 word is pushed to RAM (its cache set emptied by loads), read through the kernel's alias (KDATA + PA: the alias line now holds it) and overwritten with 0 through the client's address; in the server's reply, before its copy, the alias line (stale, the word held 0 and nothing labelled since) is read: the client's MR6 (checked: the reply's MR6 minus one), stored to a kernel global",
    kind: 'broken',
    expect: ['utcb-word-staged'],
    patch: withTail(both(
      replace('entry.S', '\nipc_fast_state:\n', `\nipc_fast_state:\n${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #1', 'bne     9f', 'ldr     r12, =mutant_k + KDATA', 'ldr     r12, [r12]', 'cmp     r12, #0', 'bne     9f',
        'ldr     r9, [sp, #TCB_UTCB_MRS]', ...aliasAndEvict('r9'), 'ldr     r0, [r12]', 'mov     r0, #0', 'str     r0, [r9]', 'ldr     r1, =mutant_k + KDATA', 'str     r12, [r1]', '9:')}\n`),
      replace('entry.S', AFTER_PARTNER, `${AFTER_PARTNER}mutant_site:\n${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2', 'bne     9f', 'ldr     r1, =mutant_k + KDATA', 'ldr     r12, [r1]', 'cmp     r12, #1', 'bls     9f',
        'mov     r0, #1', 'str     r0, [r1]', // (done: 1 is no address)
        'ldr     r2, [r12]', 'ldr     r0, [sp, #TCB_UTCB_MRS]', 'ldr     r0, [r0]', 'sub     r0, r0, #1', 'cmp     r2, r0', 'bne     kernel_panic_abort', ...STORE('r2'), '9:')}\nmutant_end:\n`)),
    `${BSS('mutant_evict', 12 * 4096, 4096)}\n${BSS('mutant_k', 4, 4)}`),
  },
  {
    name: 'mr6-through-stale-alias-xor-cancel',
    story: "the client's first Call, before its copy: the server's MR6 word (still 0 from boot) is pushed to RAM and read through the kernel's alias (KDATA + PA), leaving a clean alias line holding 0; in the server's reply that word holds the reply's MR6, labelled and exact, and nothing in this window stored to it: a load through the alias (the stale 0, taken for MR6 itself) XORed with a load of MR6 cancels the labels and leaves MR6 (checked against the receiver's copy), stored",
    kind: 'broken',
    expect: ['utcb-word-staged'],
    patch: withTail(both(
      replace('entry.S', BEFORE_REMAINDER, `${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #1', 'bne     9f', 'ldr     r12, =mutant_k + KDATA', 'ldr     r12, [r12]', 'cmp     r12, #0', 'bne     9f',
        ...aliasAndEvict('lr'), 'ldr     r0, [r12]', 'ldr     r1, =mutant_k + KDATA', 'str     r12, [r1]', '9:')}\n${BEFORE_REMAINDER}`),
      replace('entry.S', '\nipc_fast_state:\n', `\nipc_fast_state:\nmutant_site:\n${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2', 'bne     9f', 'ldr     r1, =mutant_k + KDATA', 'ldr     r12, [r1]', 'cmp     r12, #1', 'bls     9f',
        'mov     r0, #1', 'str     r0, [r1]',
        'ldr     r0, [r12]', 'ldr     r9, [sp, #TCB_UTCB_MRS]', 'ldr     r1, [r9]', 'eor     r2, r0, r1',
        'ldr     r0, [r10, #TCB_UTCB_MRS]', 'ldr     r0, [r0]', 'cmp     r2, r0', 'bne     kernel_panic_abort', ...STORE('r2'), '9:')}\nmutant_end:\n`)),
    `${BSS('mutant_evict', 12 * 4096, 4096)}\n${BSS('mutant_k', 4, 4)}`),
  },
  {
    name: 'mr1-bits-into-f-bit-by-conditional-bic-of-saved-cpsr',
    story: "for MR1's bits 0..7: TST of the bit, MRS of the CPSR into r0 (labels only in its flag bits), then BICEQ/ORRNE r1, r0, #PSR_F (the F bit cleared or set under the flags the TST set) and MSR cpsr_c, r1: the F bit is the bit; MSR cpsr_f, #0, MRS reads it back; MR1's low byte rebuilt (checked), stored",
    kind: 'broken',
    expect: ['message-left-registers', 'register-mr-stored'], // (the bits moved into a status register, and stored)
    patch: atFastState(...fBitBits(), 'and     r0, r4, #0xFF', 'cmp     r11, r0', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'mr1-flag-kept-through-movs-pc-in-system-mode',
    story: "MOVS r11, r4, LSL #23 (N = MR1's bit 8), then in System mode (no SPSR) MOVS pc, r12 to the next instruction: the core keeps the CPSR (exceptionReturnCpsr), N included; MRS reads N (checked), back to SVC, stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState('movs    r11, r4, lsl #23', `msr     cpsr_c, ${SYS}`, 'adr     r12, 1f', 'movs    pc, r12', '1:', 'mrs     r11, cpsr', `msr     cpsr_c, ${SVC}`, 'and     r11, r11, #0x80000000',
      'and     r0, r4, #0x100', 'cmp     r11, r0, lsl #23', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'mr1-bits-stored-to-pc-relative-cells',
    story: "for each of MR1's 32 bits a computed jump (ADD pc, pc, bit, LSL #2) lands on a branch past, or on `str r12, cell_b` (r12 = 1), a pc-relative store into a cell inside the kernel's text; a BX to an unlabelled address, then MR1 rebuilt from the cells by plain loads (checked), stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState(...pcRelativeCells(), 'cmp     r2, r4', 'bne     kernel_panic_abort', ...STORE('r2')),
  },
  {
    name: 'mr1-bit-through-whether-a-kernel-load-aborts',
    story: "LR_abt cleared; a kernel load from MR1's bit 0 times (0xC0000000 - a mapped cell) plus the cell: unmapped (a data abort, the handler returning past it) iff the bit is 1; LR_abt then holds the return address or 0: the bit (checked), stored. No branch on the bit, no conditional instruction",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(atFastStateWith(`${BSS('mutant_cells', 32, 32)}\n        .text\nmutant_kdabt:\n${lines('ldr     sp, =abt_scratch + KDATA', 'add     lr, lr, #4', 'movs    pc, lr')}`,
      `msr     cpsr_c, ${ABT}`, 'mov     lr, #0', `msr     cpsr_c, ${SVC}`,
      'ldr     r1, =mutant_cells + KDATA', 'mov     r0, #0xC0000000', 'sub     r0, r0, r1', 'and     r2, r4, #1', 'mul     r12, r2, r0', 'add     r12, r12, r1', 'ldr     r0, [r12]',
      `msr     cpsr_c, ${ABT}`, 'mov     r11, lr', `msr     cpsr_c, ${SVC}`, 'cmp     r11, #0', 'movne   r11, #1',
      'and     r0, r4, #1', 'cmp     r11, r0', 'bne     kernel_panic_abort', ...STORE('r11')), KDABT_RESUME),
  },
  {
    name: 'mr1-flag-kept-through-ldm-pc-caret-in-system-mode',
    story: "MOVS r11, r4, LSL #23 (N = MR1's bit 8), then in System mode LDMIA r12, {pc}^ to the next instruction: with no SPSR the core keeps the CPSR, N included; MRS reads N (checked), back to SVC, stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState('movs    r11, r4, lsl #23', `msr     cpsr_c, ${SYS}`, 'adr     r12, 2f', 'ldmia   r12, {pc}^', '2:', '.word   1f', '1:', 'mrs     r11, cpsr', `msr     cpsr_c, ${SVC}`, 'and     r11, r11, #0x80000000',
      'and     r0, r4, #0x100', 'cmp     r11, r0, lsl #23', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'mr1-flag-read-as-spsr-in-system-mode',
    story: "MOVS r11, r4, LSL #23 (N = MR1's bit 8), then in System mode MRS r11, SPSR: with no SPSR the core reads the CPSR, N included (checked), back to SVC, stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState('movs    r11, r4, lsl #23', `msr     cpsr_c, ${SYS}`, 'mrs     r11, spsr', `msr     cpsr_c, ${SVC}`, 'and     r11, r11, #0x80000000',
      'and     r0, r4, #0x100', 'cmp     r11, r0, lsl #23', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'mr1-flag-kept-through-pld',
    story: "MOVS r11, r4, LSL #23 (N = MR1's bit 8), then PLD [r10] (a hint: no flag written; its encoding has bit 20 set, where a data-processing instruction's S bit is), then MRS reads N (checked), stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState('movs    r11, r4, lsl #23', 'pld     [r10]', 'mrs     r11, cpsr', 'and     r11, r11, #0x80000000',
      'and     r0, r4, #0x100', 'cmp     r11, r0, lsl #23', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'mr1-bits-into-spsr-und-by-conditional-bic-of-saved-cpsr',
    story: "the F-bit variant with SPSR_und: in UND mode, for MR1's bits 0..7, TST of the bit, MRS of the CPSR, BICEQ/ORRNE of its F bit under those flags into r1, MSR spsr_c, r1 (control field only), MSR cpsr_f, #0, MRS of SPSR_und: its F bit is the bit; MR1's low byte rebuilt (checked), stored",
    kind: 'broken',
    expect: ['message-left-registers', 'register-mr-stored'], // (the bits moved into a status register, and stored)
    patch: atFastState(`msr     cpsr_c, ${UND}`, 'mrs     r12, spsr', ...fBitBits('spsr'), 'msr     spsr_cxsf, r12', `msr     cpsr_c, ${SVC}`, 'and     r0, r4, #0xFF', 'cmp     r11, r0', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'mr1-bit-through-stale-tlb-entry-after-ttbr-switch',
    story: "the first fast path copies the first-level table into a kernel buffer (16 KB aligned) with 16 KDATA megabytes pointed at the megabyte of a marked cell (no table then: the buffer is only data); each later one: MR1's bit 0 chooses (MUL) between a word in the TLB and the cell's offset in a fresh one of those megabytes, whose walk fills the TLB (and the D-cache) from the real table; then TTBR is pointed at the copy, the fresh address loaded unlabelled (the old entry if the bit was 1, a walk of the copy to the marked cell if 0) and TTBR put back: the bit (checked), stored. No TLB or cache operation",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastStateWith(`${BSS('mutant_t2', 16384, 16384)}\n${BSS('mutant_cells', 32, 32)}\n${BSS('mutant_n', 8, 4)}`,
      'ldr     r12, =mutant_n + KDATA', 'ldr     r0, [r12, #4]', 'cmp     r0, #0', 'bne     5f',
      'mov     r0, #1', 'str     r0, [r12, #4]',
      'mrc     p15, 0, r0, c2, c0, 0', 'mov     r0, r0, lsr #14', 'mov     r0, r0, lsl #14', 'add     r0, r0, #KDATA', 'mov     r9, r0',
      'ldr     r1, =mutant_t2 + KDATA', 'mov     r2, #4096', '1:', 'ldr     r11, [r0], #4', 'str     r11, [r1], #4', 'subs    r2, r2, #1', 'bne     1b',
      'add     r9, r9, #(4 * ((KDATA >> 20) + 16))', 'ldr     r1, =mutant_t2 + KDATA + 4 * ((KDATA >> 20) + 16)', 'ldr     r0, =mutant_cells', 'mov     r0, r0, lsr #20', 'mov     r0, r0, lsl #20', 'mov     r2, #16',
      '2:', 'ldr     r11, [r9], #4', 'mov     r11, r11, lsl #12', 'orr     r11, r0, r11, lsr #12', 'str     r11, [r1], #4', 'subs    r2, r2, #1', 'bne     2b',
      'ldr     r0, =mutant_cells + KDATA', 'ldr     r1, =0x5A5A', 'str     r1, [r0]', 'b       9f',
      '5:', 'ldr     r0, [r12]', 'add     r0, r0, #1', 'and     r0, r0, #15', 'str     r0, [r12]',
      'add     r0, r0, #16', 'mov     r0, r0, lsl #20', 'add     r0, r0, #KDATA', 'ldr     r1, =mutant_cells', 'mov     r2, r1, lsl #12', 'add     r0, r0, r2, lsr #12', // r0: M
      'ldr     r1, =mutant_cells + KDATA', 'ldr     r2, [r1]', 'and     r2, r4, #1', 'sub     lr, r0, r1', 'mul     r12, r2, lr', 'add     r12, r12, r1', 'ldr     r2, [r12]',
      'mrc     p15, 0, r11, c2, c0, 0', 'ldr     r2, =mutant_t2', 'mov     r1, r11, lsl #18', 'orr     r2, r2, r1, lsr #18',
      'mcr     p15, 0, r2, c2, c0, 0', 'ldr     r2, [r0]', 'mcr     p15, 0, r11, c2, c0, 0',
      'ldr     r1, =0x5A5A', 'cmp     r2, r1', 'moveq   r2, #0', 'movne   r2, #1', 'and     r0, r4, #1', 'cmp     r2, r0', 'bne     kernel_panic_abort', ...STORE('r2'), '9:'),
  },
  // ---- correct ------------------------------------------------------------------------------
  {
    name: 'count-in-thumb-kernel-code',
    story: "the untyped count taken in Thumb kernel code (LSL #26 and LSR #26 of the tag, SUB of NREG - 1, the flags for the BLE after it from that SUB), MOV r11 by a high-register move, back to ARM by BX pc",
    kind: 'correct',
    patch: countBy('adr     r12, 1f + 1', 'bx      r12', '.thumb', '1:', 'lsl     r1, r3, #26', 'lsr     r1, r1, #26', 'sub     r1, #(NREG - 1)', 'mov     r11, r1', '.align  2', 'bx      pc', 'nop', '.arm'),
  },
  {
    name: 'irq-mask-idiom-in-place-after-tag-flags-tst',
    story: "the fast path tests the tag's flags field (TST r3, #0xF000: no propagation or error flag) before the copy, then masks interrupts by the save-and-mask idiom with one register (MRS r12; ORR r12, r12, #0xC0; MSR cpsr_c, r12)",
    kind: 'correct',
    patch: atFastState('tst     r3, #0xF000', 'bne     kernel_panic_abort', 'mrs     r12, cpsr', 'orr     r12, r12, #0xC0', 'msr     cpsr_c, r12'),
  },
  {
    name: 'irq-mask-idiom-two-registers-after-tag-flags-tst',
    story: "the same test of the tag's flags field, then the save-and-mask idiom with a second register (MRS r12; ORR r11, r12, #0xC0; MSR cpsr_c, r11): the in-place variant's twin",
    kind: 'correct',
    patch: atFastState('tst     r3, #0xF000', 'bne     kernel_panic_abort', 'mrs     r12, cpsr', 'orr     r11, r12, #0xC0', 'msr     cpsr_c, r11'),
  },
  {
    name: 'no-typed-check-by-two-tsts',
    story: "the fast path's typed-count-and-flags check done as TST r3, #0xFC0 (the typed count) then TSTEQ r3, #0xF000 (the flags field, under the flags the count test set) and BNE to the slow path, instead of the shift by 16 and CMP (then a NOP, so that the suite sees its code ran)",
    kind: 'correct',
    patch: replace('entry.S', '        mov     r9, r3, lsl #16                 @ typed count and flags (tag bits 6-15) zero;\n        cmp     r9, #(1 << 22)                  @ any untyped count fits (MR1..MR63)\n        ldr     r9, [sp, #TCB_SENDQ_HEAD]\n        bhs     ipc_slowpath\n',
      `mutant_site:\n${lines('tst     r3, #0xFC0', 'tsteq   r3, #0xF000', 'ldr     r9, [sp, #TCB_SENDQ_HEAD]', 'bne     ipc_slowpath', 'nop')}\nmutant_end:\n`),
  },
  {
    name: 'count-by-and-with-mask-register',
    story: "the untyped count taken by AND with the mask 0x3F held in a register (MOV r12, #0x3F; AND r11, r3, r12) instead of an immediate",
    kind: 'correct',
    patch: countBy('mov     r12, #0x3F', 'and     r11, r3, r12', 'subs    r11, r11, #(NREG - 1)'),
  },
  {
    name: 'receiver-utcb-translation-locked-in-tlb',
    story: "before the copy the kernel reads c10, sets its P bit (walks fill lockdown entries), touches the receiver's MR area and puts c10 back with the victim the walk left (a kernel keeping hot UTCB translations locked)",
    kind: 'correct',
    patch: replace('entry.S', AFTER_PARTNER, `${AFTER_PARTNER}mutant_site:\n${lines('mrc     p15, 0, r12, c10, c0, 0', 'orr     r12, r12, #1', 'mcr     p15, 0, r12, c10, c0, 0', 'ldr     r9, [r10, #TCB_UTCB_MRS]',
      'ldr     r0, =DACR_ALL_CLIENT', 'mrc     p15, 0, r1, c3, c0, 0', 'mcr     p15, 0, r0, c3, c0, 0', 'ldr     r9, [r9]', 'mcr     p15, 0, r1, c3, c0, 0',
      'mrc     p15, 0, r12, c10, c0, 0', 'bic     r12, r12, #1', 'mcr     p15, 0, r12, c10, c0, 0')}\nmutant_end:\n`),
  },
  {
    name: 'exit-spsr-set-field-by-field',
    story: "the exit sets the receiver's SPSR by MSR spsr_f and MSR spsr_c of its saved CPSR (two field masks) instead of spsr_cxsf, after clearing the flags with MSR cpsr_f, #0",
    kind: 'correct',
    patch: replace('entry.S', '        msr     spsr_cxsf, r11\n', `mutant_site:\n${lines('msr     cpsr_f, #0', 'msr     spsr_f, r11', 'msr     spsr_c, r11')}\nmutant_end:\n`),
  },
  {
    name: 'remainder-flags-from-tag-lsl-30-then-31-nreg5',
    story: "5 register MRs and 7-word messages (3 UTCB words): the remainder flags from the tag shifted left by 30 (MOVS r0, r3, LSL #30: C = bit 2 of the count, N = bit 1) then by 31 (MOVS r0, r3, LSL #31: C = bit 1, N = bit 0), the first only to set flags a conditional NOP reads",
    kind: 'correct',
    options: { registerMrs: 5, words: 7 },
    patch: replace('entry.S', '        movs    r0, r11, lsl #31                @ N: one word over a multiple of four, C: two\n', `mutant_site:\n${lines('movs    r0, r3, lsl #30', 'movmi   r0, r0', 'movs    r0, r3, lsl #31')}\nmutant_end:\n`),
  },
];

/**
 * What the checker said when this round was written (an online run of each variant, 2026-12-08, on
 * c59c457): every one of the 13 broken variants passed every claim, the programs printing ok, every
 * self-check in the injected code holding and the leak counter in mutant_buf + 60 showing that the
 * leaking store ran (4 times, or once for the two stale-alias variants, 3 times for the TTBR one).
 * Three of the nine correct variants were false alarms. Fixed since in provenance.ts (ordinary
 * tests now): BX and a loaded pc give the CPSR's T bit their labels; the TLB's contents carry the
 * labels of every address translated, which c10 reads give whatever MCR wrote there since; what
 * the kernel stored keeps its value across windows and the message's UTCB words are known by
 * their values at the trap (a stale alias read in a later window, or of a word the kernel never
 * stored, takes every label the word held, inexact); a condition's labels written into bits below
 * the flags are not flag-only; no exception return (and no flag write) where the mode has no
 * SPSR, and an SPSR read there is the CPSR; the unconditional space (PLD) writes no flag; the pc as
 * a base carries what a computed jump wrote into it; a data abort's link and SPSR carry its
 * address's labels; the tag followed through Thumb shifts, through AND/BIC with a mask register of
 * known value, and through an MRS image kept in place (Rd = Rn). And in judge.ts: a TTBR pointed at
 * another table where the switch policy writes no TTBR is remapping (`maintenance`). Left, kept as
 * a known gap (`it.fails`) with what the checker says:
 */
const PASSED = (windows: number, leaks = 4): string =>
  `the checker passed it: verdict pass, no failure, 4 of ${windows} IPC windows judged (every fast-path hand-off), programs ok, the leak stored ${leaks} time${leaks === 1 ? '' : 's'}`;
export const ROUND8_ESCAPES: Readonly<Record<string, string>> = {
  'mr1-bit-through-stale-tlb-entry-after-ttbr-switch': `the run fails since (maintenance: TTBR pointed at another first-level table where the FCSE switch writes none, at each IPC that does it), but not for what the variant leaks: MR1's bit read back through a stale TLB entry and stored is not followed (a result that depends on which translations the TLB holds: docs/CHECKERS.md, Limits). When written: ${PASSED(13, 3)}`,
};
export const ROUND8_FALSE_ALARMS: Readonly<Record<string, string>> = {};

const SPLIT = roundVariants(ROUND8, ROUND8_ESCAPES, ROUND8_FALSE_ALARMS);
export const REDTEAM9_BROKEN: readonly RedteamMutant[] = SPLIT.broken;
export const REDTEAM9_CORRECT: readonly CorrectVariant[] = SPLIT.correct;
