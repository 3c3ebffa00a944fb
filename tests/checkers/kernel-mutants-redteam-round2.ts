// The red team's second round (2026-12-07): variants designed by an outsider after reading the first
// round's stories, different in kind from them (and seven added beside the fixes, so each fix has a
// variant on each side: the two Thumb broken ones, the pc read and the pc store, thumb-copy-with-nops,
// fault-address-logged, ldrd-over-a-register-holding-mr1).
// Each broken one names the rules its claim calls for; nine of the outsider's escaped the checker
// when they were written (one in part), and one correct one was a false alarm, which led to its
// changes that day:
// kernel entries that are no IPC are windows judged by the leak rules (report.entries: a debug
// putc or an interrupt storing what a fast path parked), interrupt windows get the leak rules and
// must leave the interrupted thread's message alone, labels parked before a slow path keep their
// marks, the CPSR read by MRS carries its flags, the delivered tag must have its flags clear, and
// Thumb EOR cancels like ARM EOR, a kernel abort's FAR carries its address's labels, a register
// moved onto itself is not written, and what is written into the pc (a computed jump on a message
// word) is carried by BL's link, pc reads and pc stores.
import { join } from 'node:path';
import { applyScenarioKnobs, readScenarioFile, SCENARIOS_DIR } from '../../testbench/scenarios/scenario-file.ts';
import { both, replace, REMAINDER, withTail, type Patch } from './kernel-mutants.ts';
import { ABT, atFastState, copy, FIQ, lines, parkAtFastState, putcHook, SVC } from './redteam-patches.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';

const CHECK_AND_STORE = (reg: string): string[] => [`cmp     ${reg}, r4`, 'bne     kernel_panic_abort', 'ldr     r9, =mutant_buf + KDATA', `str     ${reg}, [r9]`];

/** VIC line 31 raised by software: the interrupt is taken as the kernel returns to user mode. */
const SOFT = '0x80000000';
const RAISE_SOFT = ['ldr     r12, =VIC_BASE', `mov     r11, #${SOFT}`, 'str     r11, [r12, #VIC_INTENABLE]', 'str     r11, [r12, #0x18]'];
/** irq_entry handles a soft interrupt of line 31 first: `body` (the site) runs in SVC mode, sp = the current TCB, r0/r1 free. */
const softIrq = (...body: string[]): Patch =>
  replace(
    'entry.S',
    '\nirq_entry:\n',
    `\nirq_entry:\n${lines('str     r0, [sp]', 'str     r1, [sp, #4]', 'ldr     r0, =VIC_BASE', 'ldr     r1, [r0, #VIC_IRQSTATUS]', `tst     r1, #${SOFT}`, 'beq     8f', `mov     r1, #${SOFT}`, 'str     r1, [r0, #0x1C]', 'str     r1, [r0, #VIC_INTENCLEAR]', `msr     cpsr_c, ${SVC}`)}\nmutant_site:\n${lines(...body)}\nmutant_end:\n${lines('.if SWITCH == SWITCH_FCSE', 'ldr     r0, [sp, #TCB_DACR]', 'mcr     p15, 0, r0, c3, c0, 0', '.endif', 'msr     cpsr_c, #(MODE_IRQ | PSR_I | PSR_F)', 'ldr     r0, [sp]', 'ldr     r1, [sp, #4]', 'subs    pc, lr, #4')}\n8:\n${lines('ldr     r0, [sp]', 'ldr     r1, [sp, #4]')}\n`,
  );

/** MR1 rebuilt bit by bit through the N flag: MOVS puts bit i in N, MRS reads the CPSR. */
const THROUGH_N_FLAG = ((): string[] => {
  const out = ['mov     r0, #0'];
  for (let i = 0; i < 32; i++) out.push(`movs    r12, r4, lsl #${31 - i}`, 'mrs     r11, cpsr', 'and     r11, r11, #0x80000000', `orr     r0, r0, r11, lsr #${31 - i}`);
  return out;
})();

const TWO_CLIENTS = applyScenarioKnobs(readScenarioFile(join(SCENARIOS_DIR, 'two-clients.json')), { words: 8, rounds: 2 });

/** The three UTCB words copied by kernel code in Thumb state; `middle` runs on the third word (r2) before its store. */
const thumbCopy = (...middle: string[]): Patch =>
  copy('mov     r0, r9', 'mov     r1, lr', 'adr     r12, 1f + 1', 'bx      r12', '.thumb', '1:', 'ldr     r2, [r0, #0]', 'str     r2, [r1, #0]', 'ldr     r2, [r0, #4]', 'str     r2, [r1, #4]', 'ldr     r2, [r0, #8]', ...middle, 'str     r2, [r1, #8]', 'add     r0, #12', 'add     r1, #12', 'mov     r9, r0', 'mov     lr, r1', '.align  2', 'bx      pc', 'nop', '.arm');

/** A kernel load at `address | 0xC0000000` (unmapped) that aborts, the abort handler returning past it (sp_abt = 0 flags it), then the FAR read back into r12 and `after` run. */
const faultAndReadFar = (address: string, ...after: string[]): Patch =>
  both(
    atFastState(`msr     cpsr_c, ${ABT}`, 'mov     r11, sp', 'mov     sp, #0', `msr     cpsr_c, ${SVC}`, `orr     r12, ${address}, #0xC0000000`, 'ldr     r0, [r12]', 'mrc     p15, 0, r12, c6, c0, 0', 'bic     r12, r12, #0xC0000000', ...after, `msr     cpsr_c, ${ABT}`, 'mov     sp, r11', `msr     cpsr_c, ${SVC}`),
    replace('entry.S', '\ndabt_entry:\n', `\ndabt_entry:\n${lines('cmp     sp, #0', 'subeqs  pc, lr, #4')}\n`),
  );

export const REDTEAM2_BROKEN: readonly RedteamMutant[] = [
  {
    name: 'mr1-rebuilt-from-n-flag-via-mrs',
    story: 'MR1 rebuilt bit by bit through the N flag (MOVS r12, r4, LSL #(31-i); MRS of the CPSR; the N bit ORed into r0) and stored to a kernel global',
    patch: atFastState(...THROUGH_N_FLAG, ...CHECK_AND_STORE('r0')),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'tag-error-flag-set-on-success',
    story: "the fast path sets the tag's error flag (bit 15) on a successful IPC: the receiver gets an error it did not have (the ABI: flags clear on success)",
    patch: atFastState('orr     r3, r3, #0x8000'),
    rules: ['delivery', 'register-mr-written'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'xor-with-tag-once-in-thumb-kernel-code',
    story: "the Thumb-state copy with MR8 XORed with the tag once (one Thumb EOR): MR8 ^ tag is delivered (the once-only twin of a correct variant)",
    patch: thumbCopy('eor     r2, r3'),
    rules: ['delivery', 'register-mr-stored', 'utcb-word-not-copied', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'mr-register-overwritten-by-thumb-hi-mov',
    story: 'the Thumb-state copy moves the third word into r8 (a high-register MOV, `mov r8, r2`): MR5, held in r8, is overwritten (the Thumb NOP, `mov r8, r8`, is not a write: its twin below passes)',
    patch: thumbCopy('mov     r8, r2'),
    // (and MR8 is left in r8, MR5's register, at the resume: since round 5's r12 variants, a message word outside its own MR register)
    rules: ['delivery', 'message-left-registers', 'register-mr-written'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'mr1-parked-in-fiq-stored-by-putc',
    story: "the fast path keeps MR1 in r8_fiq (registers only, nothing stored); the client's debug putc system call, no IPC, stores r8_fiq to a kernel global",
    patch: both(parkAtFastState(`msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`), putcHook(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9, #8]', `msr     cpsr_c, ${SVC}`)),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
    inEntry: true,
  },
  {
    name: 'utcb-word-parked-stored-by-putc',
    story: 'the UTCB words copied through r8_fiq..r10_fiq (direct so far) with MR8 left in r10_fiq; the next debug putc system call stores r10_fiq to a kernel global',
    patch: both(
      withTail(replace('entry.S', REMAINDER, '        b       mutant_copy\nmutant_back:\n'), `mutant_copy:\n${lines('mov     r0, r9', 'mov     r1, lr', `msr     cpsr_c, ${FIQ}`, 'ldmia   r0!, {r8, r9, r10}', 'stmia   r1!, {r8, r9, r10}', `msr     cpsr_c, ${SVC}`, 'mov     r9, r0', 'mov     lr, r1', 'b       mutant_back')}`),
      putcHook(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r10, [r9, #8]', `msr     cpsr_c, ${SVC}`),
    ),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
    inEntry: true,
  },
  {
    name: 'mr1-parked-in-fiq-stored-in-soft-irq',
    story: 'the fast path keeps MR1 in r8_fiq and raises a VIC soft interrupt; the interrupt, taken as the receiver starts, stores r8_fiq to a kernel global',
    patch: both(parkAtFastState(`msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`, ...RAISE_SOFT), softIrq(`msr     cpsr_c, ${FIQ}`, 'ldr     r0, =mutant_buf + KDATA', 'str     r8, [r0, #8]', `msr     cpsr_c, ${SVC}`)),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'receiver-word-corrupted-in-soft-irq',
    story: "the copy is correct, but the fast path raises a VIC soft interrupt whose handler, taken in the receiver's first instruction (before it reads its UTCB), overwrites the receiver's MR6 slot",
    patch: both(parkAtFastState(...RAISE_SOFT), softIrq('.if SWITCH == SWITCH_FCSE', 'ldr     r0, =DACR_ALL_CLIENT', 'mcr     p15, 0, r0, c3, c0, 0', '.endif', 'ldr     r0, [sp, #TCB_UTCB_MRS]', 'mov     r1, #0x5A', 'str     r1, [r0]')),
    rules: ['utcb-word-extra'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'mr1-parked-then-declined-stored-next-ipc',
    story: "round 2: the Call's fast path, every check passed, parks MR1 in r8_fiq and hands the IPC to the slow path (which delivers it); the next fast path (the server's reply) stores r8_fiq, the Call's MR1, to a kernel global",
    patch: both(
      withTail(replace('entry.S', '\nipc_copy_utcb:\n', `\nipc_copy_utcb:\n${lines('tst     r4, #0x100', 'beq     9f', 'cmp     r1, r0', 'bne     9f', `msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', `msr     cpsr_c, ${SVC}`, 'b       ipc_slowpath')}\n9:\n`), ''),
      replace('entry.S', '        mov     r11, #ST_RECV                   @ sender now waits (forever) for its from-spec\n', `mutant_site:\n${lines(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9, #8]', `msr     cpsr_c, ${SVC}`)}\nmutant_end:\n        mov     r11, #ST_RECV\n`),
    ),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'dup-and-drop-nreg1-9-words',
    story: "1 register MR, 9 words: the one-word remainder loads with pre-index writeback (ldrmi r2, [r9, #4]!): MR2 lands in MR1's slot, MR1 is dropped, the groups then copy from one word on",
    patch: replace('entry.S', REMAINDER, `mutant_site:\n${REMAINDER.replace('ldrmi   r2, [r9], #4', 'ldrmi   r2, [r9, #4]!')}mutant_end:\n`),
    options: { registerMrs: 1, words: 9 },
    rules: ['delivery', 'utcb-word-not-copied', 'utcb-word-staged', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'reply-also-into-other-client-utcb',
    story: "two clients: each fast-path IPC also copies the message's first UTCB word, by a fresh load of the sender's slot, into the same slot of client2's UTCB (a third thread)",
    patch: copy('ldmia   r9, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'ldr     r0, [r9], #12', 'ldr     r1, =tcbs + 2 * TCB_SIZE + KDATA', 'ldr     r1, [r1, #TCB_UTCB_MRS]', 'str     r0, [r1]'),
    options: { scenario: TWO_CLIENTS },
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-through-qadd',
    story: 'MR1 through a saturating add of zero (QADD r12, r4, r0 with r0 = 0; ARMv5TE DSP), stored to a kernel global',
    patch: atFastState('mov     r0, #0', 'qadd    r12, r4, r0', ...CHECK_AND_STORE('r12')),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-through-smlabb',
    story: 'MR1 through a DSP multiply-accumulate with a zero product (SMLABB r12, r0, r0, r4 with r0 = 0), stored to a kernel global',
    patch: atFastState('mov     r0, #0', 'smlabb  r12, r0, r0, r4', ...CHECK_AND_STORE('r12')),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-through-far-of-kernel-abort',
    story: 'a kernel load at MR1 | 0xC0000000 (unmapped) aborts, a patched abort handler returns past it, and the FAR (that address, written by the MMU) is read back, masked to MR1 and stored',
    patch: faultAndReadFar('r4', ...CHECK_AND_STORE('r12')),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-low-byte-through-computed-bl',
    story: "MR1's low byte selects one of 256 BL instructions (ADD pc, pc, r12, LSL #2); the link register gives the byte back, and it is stored to a kernel global",
    patch: atFastState('and     r12, r4, #0xff', 'add     pc, pc, r12, lsl #2', 'nop', 'mutant_tbl:', '.rept   256', 'bl      3f', '.endr', '3:', 'ldr     r0, =mutant_tbl + 4', 'sub     r12, lr, r0', 'mov     r12, r12, lsr #2', 'and     r11, r4, #0xff', 'cmp     r12, r11', 'bne     kernel_panic_abort', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-low-byte-through-computed-jump-and-pc-read',
    story: "MR1's low byte selects one of 256 two-instruction entries (ADD pc, pc, r12, LSL #3); each reads the pc into r12 (`mov r12, pc`) and branches on; the entry's address, MR1's byte, is stored to a kernel global",
    patch: atFastState('ldr     r9, =mutant_buf + KDATA', 'and     r12, r4, #0xff', 'add     pc, pc, r12, lsl #3', 'nop', '.rept   256', 'mov     r12, pc', 'b       3f', '.endr', '3:', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-low-byte-through-computed-jump-and-pc-store',
    story: "the same table whose entries store the pc itself (`str pc, [r9]`): the stored address gives MR1's byte back",
    patch: atFastState('ldr     r9, =mutant_buf + KDATA', 'and     r12, r4, #0xff', 'add     pc, pc, r12, lsl #3', 'nop', '.rept   256', 'str     pc, [r9]', 'b       3f', '.endr', '3:'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
];

/** The 63-word message's four-word groups (the computed jump into the chain and the chain itself). */
const CHAIN = '        add     pc, pc, r0, lsl #3              @ (8 bytes a group)\n        nop\n        .rept   FAST_COPY_GROUPS\n        ldmia   r9!, {r0, r1, r2, r12}\n        stmia   lr!, {r0, r1, r2, r12}\n        .endr\n';

export const REDTEAM2_CORRECT: readonly CorrectVariant[] = [
  {
    name: 'ldrd-over-a-register-holding-mr1',
    story: "r0 holds a copy of MR1, then an LDRD of two unlabelled kernel words overwrites r0 and r1, and r0 is stored: the core reads LDRD's Rd only to give it back if the second word aborts, so the stored word carries nothing of MR1",
    patch: atFastState('mov     r0, r4', 'ldr     r12, =mutant_buf + KDATA', 'ldrd    r0, [r12, #16]', 'str     r0, [r12, #8]'),
  },
  {
    name: 'fault-address-logged',
    story: "a kernel load at the sender's UTCB pointer | 0xC0000000 aborts and the FAR (a kernel address, no message data) is stored to a kernel global, as a fault log would: the FAR carries only what the address came from",
    patch: faultAndReadFar('r9', 'ldr     r0, =mutant_buf + KDATA', 'str     r12, [r0]'),
  },
  {
    name: 'copy-groups-backwards-63',
    story: '63 words: the four-word groups copied last to first by LDMDB/STMDB in a loop from the end of the message (the remainder first, as before)',
    patch: replace('entry.S', `        rsb     r0, r0, #FAST_COPY_GROUPS       @ groups to skip\n${CHAIN}`, `mutant_site:\n${lines('add     r9, r9, r0, lsl #4', 'add     lr, lr, r0, lsl #4', 'mov     r11, r0', '1:', 'ldmdb   r9!, {r0, r1, r2, r12}', 'stmdb   lr!, {r0, r1, r2, r12}', 'subs    r11, r11, #1', 'bne     1b')}\nmutant_end:\n`),
    options: { words: 63 },
  },
  {
    name: 'copy-groups-of-two-63',
    story: '63 words: the chain copies each four-word group as two LDM/STM pairs of two registers (the computed jump scaled to 16 bytes a group)',
    patch: replace('entry.S', CHAIN, `mutant_site:\n${lines('add     pc, pc, r0, lsl #4', 'nop', '.rept   FAST_COPY_GROUPS', 'ldmia   r9!, {r0, r1}', 'stmia   lr!, {r0, r1}', 'ldmia   r9!, {r2, r12}', 'stmia   lr!, {r2, r12}', '.endr')}\nmutant_end:\n`),
    options: { words: 63 },
  },
  {
    name: 'xor-with-tag-twice-in-thumb-kernel-code',
    story: 'the Thumb-state copy with MR8 XORed with the tag and back (two Thumb EORs) before its store: MR8 is stored (the ARM-state xor-with-tag-twice passes too)',
    patch: thumbCopy('eor     r2, r3', 'eor     r2, r3'),
  },
  {
    name: 'thumb-copy-with-nops',
    story: 'the Thumb-state copy with a NOP (`mov r8, r8` in Thumb, r8 holding MR5) and alignment padding made of NOPs: nothing is written to an MR register',
    patch: thumbCopy('nop'),
  },
  {
    name: 'copy-in-thumb-kernel-code',
    story: 'the three words copied by kernel code in Thumb state (BX into Thumb, LDR/STR through low registers, a high-register MOV of the first word, BX back to ARM)',
    patch: copy('mov     r0, r9', 'mov     r1, lr', 'adr     r12, 1f + 1', 'bx      r12', '.thumb', '1:', 'ldr     r2, [r0, #0]', 'mov     r12, r2', 'mov     r2, r12', 'str     r2, [r1, #0]', 'ldr     r2, [r0, #4]', 'str     r2, [r1, #4]', 'ldr     r2, [r0, #8]', 'str     r2, [r1, #8]', 'add     r0, #12', 'add     r1, #12', 'mov     r9, r0', 'mov     lr, r1', '.align  2', 'bx      pc', 'nop', '.arm'),
  },
  {
    name: 'copy-through-user-sp-lr',
    story: "two of the words carried in the user bank's sp and lr (LDM ^ / STM ^ from SVC mode; both restored from the receiver's TCB at exit), the third in r0",
    patch: copy('ldmia   r9, {r13, r14}^', 'nop', 'stmia   lr, {r13, r14}^', 'nop', 'ldr     r0, [r9, #8]', 'str     r0, [lr, #8]', 'add     r9, r9, #12', 'add     lr, lr, #12'),
  },
  {
    name: 'copy-with-sp-svc-as-pointer',
    story: 'the words copied with sp_svc as the source pointer (the sender TCB kept in r12 meanwhile) and r0-r2 as data',
    patch: copy('mov     r12, sp', 'mov     sp, r9', 'ldmia   sp!, {r0, r1, r2}', 'mov     r9, sp', 'mov     sp, r12', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'copy-after-state-update',
    story: 'the UTCB words copied after the TCB state update (sender waiting, receiver ready), just before the space switch',
    patch: both(replace('entry.S', REMAINDER, ''), replace('entry.S', '        str     r11, [r10, #TCB_STATE]\n', `        str     r11, [r10, #TCB_STATE]\nmutant_site:\n${lines('ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}')}\nmutant_end:\n`)),
  },
];
