// Red-team variants of the real kernel (never shipped; built only for the tests by rewriting its
// source). Designed from the claims (docs/CHECKERS.md, kernel/ABI.md) and the kernel source, as an
// outsider would, each different in kind from kernel-mutants.ts: other CP15 registers, banked
// registers and SPSRs of other modes, the carry flag, the multiplier, lookup tables, byte-wise and
// doubleword copies, user-permission accesses, devices, other message lengths and switch
// strategies, boot-time page-table tricks, and windows the checker does not judge.
//
// Two kinds:
// - BROKEN: a kernel that breaks a claim; `rules` is the set the claim it breaks calls for (decided
//   from the claim, not from what the checker prints; where two rules could judge a case the story
//   says so). `escape` is set when the checker is known to get it wrong: the tests keep those as
//   `it.fails` (the gap recorded, the suite green) and the text says what it printed.
// - CORRECT: a legal but unusual kernel (another copy idiom, other scratch registers, ...): it must
//   pass; `falseAlarm` is set when the checker is known to fail it.
import type { IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import { pingPongScenario, type ScenarioFile } from '../../testbench/scenarios/scenario-file.ts';
import { afterLabel, both, copy3, replace, REMAINDER, withTail, type KernelMutant, type Patch } from './kernel-mutants.ts';

export interface RedteamMutant extends KernelMutant {
  /** Scenario options other than the mutation suite's default (FCSE, 6 register MRs, 8 words). */
  readonly options?: Partial<IpcScenarioOptions>;
  /** Known gap in the checker (what it printed instead): kept as an expected failure. */
  readonly escape?: string;
  /**
   * Client and server in one address space (the ping-pong otherwise unchanged): the only way the
   * 'full' strategy's fast path runs (it does not cross spaces). Run by kernel-mutants-redteam-run.ts.
   */
  readonly sameSpace?: boolean;
  /**
   * Caught in a kernel entry that is no IPC (report.entries: a debug system call storing what a
   * fast path parked), not in an IPC window. Run by kernel-mutants-redteam-run.ts.
   */
  readonly inEntry?: boolean;
}

export interface CorrectVariant {
  readonly name: string;
  readonly story: string;
  readonly patch: Patch;
  readonly options?: Partial<IpcScenarioOptions>;
  readonly sameSpace?: boolean;
  /** Known false alarm of the checker (what it printed): kept as an expected failure. */
  readonly falseAlarm?: string;
  /** Its code runs in kernel entries that are no IPC (a system call), not in judged hand-offs. */
  readonly inEntry?: boolean;
}

/**
 * The mutation suite's ping-pong (8 words, 2 rounds) with the client above the server's priority: its
 * first Call finds the server not yet run, so it is queued and the server resumed, not waiting. The
 * windows the fast path's prefix runs in while the destination is not waiting.
 */
export const CLIENT_FIRST: ScenarioFile = ((): ScenarioFile => {
  const pp = pingPongScenario({ words: 8, rounds: 2, clientIsa: 'arm', serverIsa: 'arm' });
  return { ...pp, threads: pp.threads.map((t) => (t.name === 'client' ? { ...t, priority: 30 } : t)) };
})();

const FIQ = '#(MODE_FIQ | PSR_I | PSR_F)';
const IRQ = '#(MODE_IRQ | PSR_I | PSR_F)';
const SYS = '#(MODE_SYS | PSR_I | PSR_F)';
const SVC = '#(MODE_SVC | PSR_I | PSR_F)';

const lines = (...l: string[]): string => l.map((x) => `        ${x}`).join('\n');

/** Injected at `ipc_fast_state` (after the UTCB copy; r0-r2, r9, r11, r12, lr free; sp = sender TCB, r10 = receiver TCB). */
const atFastState = (...code: string[]): Patch => withTail(afterLabel('ipc_fast_state', lines(...code)), '');
/** Replaces the copy of the 3 UTCB words of the default message (r9/lr: sender/receiver MR6; r0-r2, r12 free). */
const copy = (...code: string[]): Patch => copy3(lines(...code));

/** The three UTCB words pushed onto the kernel stack and popped back before the store to the receiver. */
const STACK_STAGING = copy('ldmia   r9!, {r0, r1, r2}', 'mov     r12, sp', 'ldr     sp, =kstack_top + KDATA', 'stmfd   sp!, {r0-r2}', 'ldmfd   sp!, {r0-r2}', 'mov     sp, r12', 'stmia   lr!, {r0, r1, r2}');
/** The third word parked in the receiver's slot 40 words further on, then moved to its own slot. */
const SPARE_SLOT_STAGING = copy('ldmia   r9!, {r0, r1, r2}', 'str     r2, [lr, #160]', 'stmia   lr!, {r0, r1}', 'ldr     r2, [lr, #152]', 'str     r2, [lr], #4');
/** The three words copied last to first (pre-decrement LDR/STR); the pointers end past them. */
const REVERSED_COPY = copy('add     r9, r9, #12', 'add     lr, lr, #12', '.rept   3', 'ldr     r0, [r9, #-4]!', 'str     r0, [lr, #-4]!', '.endr', 'add     r9, r9, #12', 'add     lr, lr, #12');
/** The three words stored into the receiver's slots by SWP (the old slot value into r12). */
const SWP_COPY = ['ldmia   r9!, {r0, r1, r2}', 'swp     r12, r0, [lr]', 'add     lr, lr, #4', 'swp     r12, r1, [lr]', 'add     lr, lr, #4', 'swp     r12, r2, [lr]', 'add     lr, lr, #4'];
/** The three words copied by a subroutine on the kernel stack, its frame saving `push` and restoring `pop`. */
const subroutineCopy = (push: string, pop: string): Patch =>
  copy('mov     r12, sp', 'ldr     sp, =kstack_top + KDATA', 'mov     r2, lr', 'bl      mutant_copy3', 'mov     lr, r2', 'mov     sp, r12', 'b       mutant_back', 'mutant_copy3:', `stmfd   sp!, ${push}`, 'ldmia   r9!, {r0, r1}', 'stmia   r2!, {r0, r1}', 'ldr     r0, [r9], #4', 'str     r0, [r2], #4', `ldmfd   sp!, ${pop}`);

/** Appends kernel text and data to entry.S (after the mutant's own tail). */
function withExtra(p: Patch, text: string): Patch {
  return (f, src) => {
    const out = p(f, src);
    return f === 'entry.S' ? `${out}\n        .text\n${text}\n` : out;
  };
}

/** Boot calls `mutant_boot` (MMU off, physical addresses) once the TCBs are set up. */
const bootHook: Patch = replace('boot.S', '        bl      init_threads\n', '        bl      init_threads\n        bl      mutant_boot\n');

const IDENTITY_TABLE = `
        .data
        .balign 4
        .global mutant_table
mutant_table:
        .set    mutant_i, 0
        .rept   512
        .word   mutant_i
        .set    mutant_i, mutant_i + 1
        .endr
        .text`;

/**
 * ASID: the server's first-level table copied at boot into kernel .bss (TTBR of its space points
 * there); the Call's fast path runs `rewrite` (r9: that table, when the receiver's; conditions EQ).
 */
const relocatedTable = (...rewrite: string[]): Patch =>
  both(
    bootHook,
    withExtra(
      atFastState('ldr     r9, [r10, #TCB_TTBR]', 'ldr     r11, =mutant_pt', 'cmp     r9, r11', ...rewrite),
      `        .global mutant_boot
mutant_boot:
${lines('ldr     r0, =PT_BASE + 2 * 0x4000', 'ldr     r1, =mutant_pt', 'mov     r2, #4096')}
1:
${lines('ldr     r3, [r0], #4', 'str     r3, [r1], #4', 'subs    r2, r2, #1', 'bne     1b', 'ldr     r1, =mutant_pt', 'ldr     r0, =spaces + 2 * 16', 'str     r1, [r0, #SP_TTBR]', 'ldr     r0, =tcbs + 2 * TCB_SIZE', 'str     r1, [r0, #TCB_TTBR]', 'mov     pc, lr', '.ltorg')}
        .bss
        .balign 16384
        .global mutant_pt
mutant_pt: .space 16384
        .text`,
    ),
  );

export const REDTEAM_BROKEN: readonly RedteamMutant[] = [
  // ---- UTCB words staged somewhere (claim: copied directly, stored nowhere else) ----------------
  {
    name: 'stage-on-kernel-stack',
    story: 'the UTCB words pushed onto the kernel stack and popped back before the store to the receiver (delivered correctly)',
    patch: STACK_STAGING,
    rules: ['utcb-word-not-copied', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'stage-on-kernel-stack-asid',
    story: 'the same stack staging under the ASID switch (KDATA = 0, physically tagged caches)',
    patch: STACK_STAGING,
    options: { strategy: 'asid' },
    rules: ['utcb-word-not-copied', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'stage-in-receiver-spare-slot',
    story: "MR8 parked in the receiver's own MR46 (outside the message), then moved to MR8: staged in another slot (utcb-word-staged), a slot outside the message written (utcb-word-extra), and MR8 not straight from the sender's slot (utcb-word-not-copied)",
    patch: SPARE_SLOT_STAGING,
    rules: ['utcb-word-extra', 'utcb-word-not-copied', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'stage-in-receiver-spare-slot-nreg2',
    story: 'the same parking with 2 register MRs and 4 words (MR2..MR4 in the UTCB; MR4 parked in MR42)',
    patch: SPARE_SLOT_STAGING,
    options: { registerMrs: 2, words: 4 },
    rules: ['utcb-word-extra', 'utcb-word-not-copied', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'copy-into-sender-utcb-header',
    story: "the copy is direct, but MR7 is also stored into the sender's own UTCB header (byte 8, a word the user owns)",
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'str     r1, [r9, #-92]'),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'utcb-word-to-uart',
    story: 'the copy is direct, but MR8 is also written to the UART data register (a device; the stray byte breaks the program\'s output line)',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'ldr     r12, =UART0_BASE', 'str     r2, [r12]'),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'utcb-word-through-far',
    story: "MR8 passed through the FAR (MCR, MRC back) between the load and the store: it left the registers (message-left-registers) and reached the receiver's slot only through that CP15 register, as through any staging (utcb-word-not-copied; the value is the sender's word, so the slot is not 'wrong', as with a kernel buffer)",
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'mcr     p15, 0, r2, c6, c0, 0', 'mrc     p15, 0, r2, c6, c0, 0', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['message-left-registers', 'utcb-word-not-copied'],
    evidence: 'site',
    programOk: true,
  },
  // ---- receiver slots written wrongly -----------------------------------------------------------
  {
    name: 'write-twice-wrong-first',
    story: "the receiver's MR7 slot cleared to 0 before the (correct) copy: right value last, but the slot was written with something that is not the sender's word",
    patch: copy('mov     r0, #0', 'str     r0, [lr, #4]', 'ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['utcb-word-wrong'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'bytes-swapped-copy',
    story: "MR8 copied byte by byte with its two low bytes swapped: the word never arrives (utcb-word-not-copied), its slot holds another value (utcb-word-wrong), the receiver sees it (delivery)",
    patch: copy('ldmia   r9!, {r0, r1}', 'stmia   lr!, {r0, r1}', 'ldrb    r0, [r9], #1', 'ldrb    r1, [r9], #1', 'strb    r1, [lr], #1', 'strb    r0, [lr], #1', 'ldrh    r0, [r9], #2', 'strh    r0, [lr], #2'),
    rules: ['delivery', 'utcb-word-not-copied', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'last-group-duplicates-a-word-63',
    story: "63 words: the copy chain's last four-word group stores its second word twice (MR62's slot gets MR61): MR61 stored into another slot (utcb-word-staged, as the checker's 'shifted' case), MR62 never arrives (utcb-word-not-copied), its slot holds another word (utcb-word-wrong), the receiver sees it (delivery)",
    patch: replace(
      'entry.S',
      '        .rept   FAST_COPY_GROUPS\n        ldmia   r9!, {r0, r1, r2, r12}\n        stmia   lr!, {r0, r1, r2, r12}\n        .endr\n        b       ipc_fast_state\n',
      `        .rept   FAST_COPY_GROUPS - 1\n        ldmia   r9!, {r0, r1, r2, r12}\n        stmia   lr!, {r0, r1, r2, r12}\n        .endr\nmutant_site:\n${lines('ldmia   r9!, {r0, r1, r2, r12}', 'stmia   lr!, {r0, r1}', 'str     r1, [lr], #4', 'str     r12, [lr], #4')}\nmutant_end:\n        b       ipc_fast_state\n`,
    ),
    options: { words: 63 },
    rules: ['delivery', 'utcb-word-not-copied', 'utcb-word-staged', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: false,
  },
  // ---- register MRs leaving the registers -------------------------------------------------------
  {
    name: 'mr-into-ifar',
    story: 'MR1 written into the IFAR (c6, opcode2 2), another CP15 register than the FAR',
    patch: atFastState('mcr     p15, 0, r4, c6, c0, 2'),
    rules: ['message-left-registers'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-into-spsr-irq',
    story: "MR2 written into the SPSR of IRQ mode (another mode's SPSR, through a mode switch)",
    patch: atFastState(`msr     cpsr_c, ${IRQ}`, 'msr     spsr_cxsf, r5', `msr     cpsr_c, ${SVC}`),
    rules: ['message-left-registers'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-laundered-through-contextidr',
    story: 'MR3 parked in CONTEXTIDR (unused by the FCSE switch), read back by MRC, CONTEXTIDR restored, and the read-back value stored to a kernel buffer: it left the registers (message-left-registers) and was stored (register-mr-stored)',
    patch: atFastState('mrc     p15, 0, r12, c13, c0, 1', 'mcr     p15, 0, r6, c13, c0, 1', 'mrc     p15, 0, r11, c13, c0, 1', 'mcr     p15, 0, r12, c13, c0, 1', 'ldr     r9, =mutant_buf + KDATA', 'str     r11, [r9]'),
    rules: ['message-left-registers', 'register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-rebuilt-through-carry',
    story: 'MR1 rebuilt bit by bit through the carry flag (MOVS ... LSR #1 then RRX into another register, 32 times) and the copy stored to a kernel buffer',
    patch: atFastState('mov     r11, r4', 'mov     r12, #0', '.rept   32', 'movs    r11, r11, lsr #1', 'mov     r12, r12, rrx', '.endr', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-through-lookup-table',
    story: 'MR1 translated through an identity lookup table (LDR r11, [table, r4, LSL #2]) and the result (equal to MR1) stored to a kernel buffer',
    patch: withExtra(atFastState('ldr     r9, =mutant_table + KDATA', 'ldr     r11, [r9, r4, lsl #2]', 'ldr     r9, =mutant_buf + KDATA', 'str     r11, [r9]'), IDENTITY_TABLE),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-through-umlal-high',
    story: "MR2 through the high accumulator of UMLAL (RdHi:RdLo += 0 * 0; the multiplier latches RdHi in its first uop) and the result stored",
    patch: atFastState('mov     r12, r5', 'mov     r11, #0', 'mov     r0, #0', 'umlal   r11, r12, r0, r0', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-through-umlal-low',
    story: 'MR2 through the low accumulator of UMLAL and the result stored',
    patch: atFastState('mov     r11, r5', 'mov     r12, #0', 'mov     r0, #0', 'umlal   r11, r12, r0, r0', 'ldr     r9, =mutant_buf + KDATA', 'str     r11, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-smuggled-in-fiq-bank',
    story: "each IPC keeps MR1 in r8_fiq (a register: no store yet) and stores the r8_fiq of the previous IPC, i.e. the previous message's MR1, to a kernel buffer: the message is stored, one IPC later",
    patch: atFastState(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r8, [r9]', 'mov     r8, r4', `msr     cpsr_c, ${SVC}`),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-stored-by-stm-user-bank-from-fiq',
    story: "in FIQ mode, STM ^ stores the user bank's r8 (MR5) to a kernel buffer (the register named r8 in that mode is r8_fiq)",
    patch: atFastState(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'stmia   r9, {r8}^', 'nop', `msr     cpsr_c, ${SVC}`),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-written-by-ldm-user-bank-from-fiq',
    story: "in FIQ mode, LDM ^ loads the user bank's r8 (MR5) from a zeroed kernel word: the MR register is written (register-mr-written) and the receiver gets 0 (delivery)",
    patch: atFastState(`msr     cpsr_c, ${FIQ}`, 'ldr     r9, =mutant_buf + KDATA', 'ldmia   r9, {r8}^', 'nop', `msr     cpsr_c, ${SVC}`),
    rules: ['delivery', 'register-mr-written'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'mr-toggled-in-system-mode',
    story: 'MR4 (r7) changed and changed back (EOR twice) in System mode, i.e. through the user bank from a privileged mode',
    patch: atFastState(`msr     cpsr_c, ${SYS}`, 'eor     r7, r7, #0x55', 'eor     r7, r7, #0x55', `msr     cpsr_c, ${SVC}`),
    rules: ['register-mr-written'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-to-uart',
    story: 'MR1 also written to the UART data register (a device; the stray byte breaks the program\'s output line)',
    patch: atFastState('ldr     r9, =UART0_BASE', 'str     r4, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'tag-to-kernel-global-0-words',
    story: 'a message of the tag alone (0 words): the tag stored to a kernel global (e.g. as a "last message" statistic)',
    patch: atFastState('ldr     r9, =mutant_buf + KDATA', 'str     r3, [r9]'),
    options: { words: 0 },
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  // ---- XOR: what cancels (x ^ y ^ y is x) must not hide what does not ---------------------------------
  {
    name: 'xor-swap-stored-swapped',
    story: "MR6 and MR7 swapped by the three-XOR idiom and stored swapped: each slot holds the other word (utcb-word-wrong), each word stored into the other's slot (utcb-word-staged, the 'shifted' case), neither arrives (utcb-word-not-copied), the receiver sees them swapped (delivery)",
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'eor     r0, r0, r1', 'eor     r1, r1, r0', 'eor     r0, r0, r1', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['delivery', 'utcb-word-not-copied', 'utcb-word-staged', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: true, // the ping-pong programs check a sum of the words: a swap keeps it
  },
  {
    name: 'xor-masked-staging',
    story: 'MR7 XOR-masked with a constant key, parked in a kernel buffer, loaded back and unmasked before the store to the receiver: delivered correctly, but staged (the masked word still carries MR7)',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'eor     r1, r1, #0x5A000000', 'ldr     r12, =mutant_buf + KDATA', 'str     r1, [r12]', 'ldr     r1, [r12]', 'eor     r1, r1, #0x5A000000', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['utcb-word-not-copied', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'xor-of-two-words-to-global',
    story: 'the copy is direct, but MR6 ^ MR7 is also stored to a kernel global (a combination of two message words: both staged)',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'eor     r12, r0, r1', 'ldr     r0, =mutant_buf + KDATA', 'str     r12, [r0]'),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'xor-with-tag-shifted-differently',
    story: "MR8 XORed with the tag shifted by one and then by two (the shifts differ: nothing cancels): the slot holds MR8 mixed with the tag (utcb-word-wrong), MR0 is stored to memory (register-mr-stored), MR8 never arrives (utcb-word-not-copied), the receiver sees it (delivery)",
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'eor     r2, r2, r3, lsl #1', 'eor     r2, r2, r3, lsl #2', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['delivery', 'register-mr-stored', 'utcb-word-not-copied', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'shifted-tag-to-global',
    story: 'the copy is direct, but the tag shifted left by one (MOV) is stored to a kernel global: a shifted word is still that word',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'mov     r12, r3, lsl #1', 'ldr     r0, =mutant_buf + KDATA', 'str     r12, [r0]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'byte-xored-with-its-word-to-global',
    story: "the copy is direct, but MR7's low byte (LDRB) XORed with the whole of MR7 (MR7 with its low byte cleared: not an XOR of whole words, nothing cancels) is stored to a kernel global",
    patch: copy('ldrb    r12, [r9, #4]', 'ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'eor     r12, r12, r1', 'ldr     r0, =mutant_buf + KDATA', 'str     r12, [r0]'),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'add-then-xor-with-tag',
    story: "MR8 plus the tag, then XORed with the tag (an ADD does not cancel): the slot holds another value computed from MR8 and MR0 (utcb-word-wrong), MR0 is stored to memory (register-mr-stored), MR8 never arrives (utcb-word-not-copied), the receiver sees it (delivery)",
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'add     r2, r2, r3', 'eor     r2, r2, r3', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['delivery', 'register-mr-stored', 'utcb-word-not-copied', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: false,
  },
  // ---- the tag's count fields are control data; its other bits and other MRs are not -----------------
  {
    name: 'tag-label-field-to-global',
    story: "the tag's label field (bits 16-23, masked by AND) stored to a kernel global: message content, not a count",
    patch: atFastState('and     r12, r3, #0xFF0000', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'tag-label-shifted-into-count-bits',
    story: "the tag shifted right by 16 (its label field moved into the low bits), then masked to six bits as a count would be, and stored to a kernel global: the label's bits, not the count",
    patch: atFastState('mov     r12, r3, lsr #16', 'and     r12, r12, #0x3F', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-masked-like-a-count',
    story: 'MR1 (not the tag) masked to six bits as a count would be, and stored to a kernel global',
    patch: atFastState('and     r12, r4, #0x3F', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-bits-hidden-in-a-tag-count',
    story: "the tag XORed with MR1, then masked to six bits as a count would be, and stored to a kernel global: MR1's low bits ride in what looks like the tag's count",
    patch: atFastState('eor     r12, r3, r4', 'and     r12, r12, #0x3F', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-rebuilt-from-shifted-terms',
    story: 'MR1 ^ (MR1 << 1), then XORed with MR1 << 1 again: MR1 itself, stored to a kernel global (the shifted terms cancel, MR1 stays)',
    patch: atFastState('eor     r12, r4, r4, lsl #1', 'eor     r12, r12, r4, lsl #1', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-shifted-both-ways-to-global',
    story: 'MR1 >> 1 XORed with MR1 << 1 (different shifts: nothing cancels) and stored to a kernel global',
    patch: atFastState('mov     r12, r4, lsr #1', 'eor     r12, r12, r4, lsl #1', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  // ---- maintenance --------------------------------------------------------------------------------
  {
    name: 'tlb-invalidate-conditional-taken',
    story: 'an I-TLB invalidate (c8, c5, 0) under a condition that passes (CMP r11, r11; MCREQ)',
    patch: atFastState('cmp     r11, r11', 'mcreq   p15, 0, r11, c8, c5, 0'),
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'icache-invalidate',
    story: 'an I-cache invalidate (c7, c5, 0) in the fast path',
    patch: atFastState('mcr     p15, 0, r11, c7, c5, 0'),
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'dcache-test-and-clean-by-mrc',
    story: 'the whole D-cache cleaned with the MRC test-and-clean loop (mrc p15, 0, r15, c7, c10, 3; an MRC, not an MCR)',
    patch: atFastState('1:', 'mrc     p15, 0, r15, c7, c10, 3', 'bne     1b'),
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'dtlb-invalidate-entry-asid',
    story: 'under the ASID switch (no maintenance needed), a D-TLB single-entry invalidate (c8, c6, 1)',
    patch: atFastState('mcr     p15, 0, r9, c8, c6, 1'),
    options: { strategy: 'asid' },
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'dcache-flushed-by-eviction',
    story: 'the D-cache cleaned by eviction: the fast path reads a 32 KB kernel buffer (twice the cache), a software flush without any CP15 operation (caches written back and emptied: cache maintenance by another means)',
    patch: withExtra(
      atFastState('ldr     r9, =mutant_evict + KDATA', 'mov     r11, #1024', '1:', 'ldr     r12, [r9], #32', 'subs    r11, r11, #1', 'bne     1b'),
      '        .bss\n        .balign 32\nmutant_evict: .space 32768\n        .text',
    ),
    rules: ['maintenance'],
    evidence: 'site',
    escape: 'PASS, a documented limit: maintenance is the CP15 operations; emptying the cache by loads moves no message data and writes no table, so no claim sees it (the cost report does: D-cache misses and write-backs per IPC)',
    programOk: true,
  },
  // ---- remapping without a page-table store in the window -----------------------------------------
  {
    name: 'page-table-write-relocated-table-asid',
    story: "ASID: the server's first-level table copied at boot into kernel .bss (TTBR of its space points there); the Call's fast path rewrites an entry of the receiver's table (its own value) before the switch",
    patch: relocatedTable('ldreq   r11, [r9, #4]', 'streq   r11, [r9, #4]'),
    options: { strategy: 'asid' },
    rules: ['page-table-write'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'page-table-write-relocated-table-high-entry-asid',
    story: "the same relocated table, the entry rewritten its last (VA 0xFFF00000, 16 KB into the table: a judge that watched only the table's first KB passed it)",
    patch: relocatedTable('addeq   r9, r9, #0x3f00', 'ldreq   r11, [r9, #0xfc]', 'streq   r11, [r9, #0xfc]'),
    options: { strategy: 'asid' },
    rules: ['page-table-write'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'utcbs-shared-at-boot',
    story: "the remap design (ASID) with its page flip done once at boot instead of per IPC: the server's message page maps the client's frame for good, so no IPC copies or remaps anything (the message is shared, not copied: utcb-word-not-copied; page-table-write cannot see a store made at boot)",
    patch: both(
      bootHook,
      withExtra(
        replace('entry.S', 'ipc_remap_message:\n        FLIP_MR_PAGES sp, r10\n', `ipc_remap_message:\nmutant_site:\n        nop\nmutant_end:\n`),
        `        .global mutant_boot
mutant_boot:
${lines('ldr     r0, =tcbs + TCB_SIZE', 'ldr     r1, [r0, #TCB_MR_PTE]', 'ldr     r2, [r0, #(TCB_SIZE + TCB_MR_PTE)]', 'ldr     r3, [r1]', 'str     r3, [r2]', 'add     r1, r1, #L2_KERNEL_VIEW', 'add     r2, r2, #L2_KERNEL_VIEW', 'ldr     r3, [r1]', 'str     r3, [r2]', 'mov     pc, lr', '.ltorg')}`,
      ),
    ),
    options: { strategy: 'asid', design: 'remap' },
    rules: ['utcb-word-not-copied'],
    evidence: 'resume',
    programOk: true,
  },
  // ---- windows the checker might not judge ----------------------------------------------------------
  {
    name: 'leak-then-restart-swi',
    story: "the fast path first stores MR1 and the first UTCB word to a kernel buffer and restarts the sender's SWI (resumes it at the SWI itself); on the restarted SWI it does the normal fast path. The leak is in a window that ends in the sender",
    patch: withTail(
      afterLabel(
        'ipc_copy_utcb',
        lines('ldr     r11, =mutant_buf + KDATA + 60', 'ldr     r12, [r11]', 'eors    r12, r12, #1', 'str     r12, [r11]', 'beq     9f', 'ldr     r11, =mutant_buf + KDATA', 'str     r4, [r11], #4', 'ldr     r9, [sp, #TCB_UTCB_MRS]', 'ldr     r12, [r9]', 'str     r12, [r11]', 'ldr     r11, [sp, #CTX_CPSR]', 'msr     spsr_cxsf, r11', 'ldr     lr, [sp, #CTX_PC]', 'sub     lr, lr, #4', 'ldmia   sp, {r9-r12}', 'movs    pc, lr') + '\n9:',
      ),
      '',
    ),
    rules: ['register-mr-stored', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'leak-while-receiver-unidentifiable',
    story: "from the third UTCB copy on (the second round; a kernel counter, not message data, decides) the kernel stages the UTCB words in a kernel buffer and resumes the receiver with sp_usr = 0 (these programs never use their stack, so nothing else changes): the resumed thread is no one's by its stack",
    patch: both(
      copy('ldr     r12, =mutant_buf + KDATA + 32', 'ldr     r0, [r12]', 'add     r0, r0, #1', 'str     r0, [r12]', 'ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'ldr     r12, [r12]', 'cmp     r12, #3', 'ldrhs   r12, =mutant_buf + KDATA', 'stmhsia r12, {r0, r1, r2}'),
      replace('entry.S', '        ldmia   sp, {r9-r14}^\n        ldr     r2, [r2, #CTX_R2]', '        ldr     r9, =mutant_buf + KDATA + 32\n        ldr     r9, [r9]\n        cmp     r9, #3\n        movhs   r9, #0\n        strhs   r9, [sp, #CTX_SP]\n        ldmia   sp, {r9-r14}^\n        ldr     r2, [r2, #CTX_R2]'),
    ),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'stash-then-direct-copy',
    story: "the UTCB words first logged into a kernel buffer, then copied to the receiver by fresh loads of the sender's slots: the copy itself is direct, the log is staging (utcb-word-staged only)",
    patch: copy('ldmia   r9, {r0, r1, r2}', 'ldr     r12, =mutant_buf + KDATA', 'stmia   r12, {r0, r1, r2}', 'ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'copies-beyond-mr63',
    story: "63 words: after the chain the kernel copies one word more, the sender's UTCB word after MR63 (byte 320) into the receiver's (outside the message: utcb-word-extra)",
    patch: replace(
      'entry.S',
      '        stmia   lr!, {r0, r1, r2, r12}\n        .endr\n        b       ipc_fast_state\n',
      `        stmia   lr!, {r0, r1, r2, r12}\n        .endr\nmutant_site:\n${lines('ldr     r0, [r9]', 'str     r0, [lr]')}\nmutant_end:\n        b       ipc_fast_state\n`,
    ),
    options: { words: 63 },
    rules: ['utcb-word-extra'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'stage-on-kernel-stack-nreg1',
    story: 'the stack staging with 1 register MR and 7 words (MR1..MR7 in the UTCB: the three over a multiple of four staged, then one four-word group)',
    patch: STACK_STAGING,
    options: { registerMrs: 1, words: 7 },
    rules: ['utcb-word-not-copied', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'leak-then-decline-to-slow-path',
    story: 'in the second round the fast path, all its checks passed, logs MR1 and the first UTCB word into a kernel buffer and then hands the IPC to the slow path (which delivers it correctly): the leak is fast-path code',
    patch: withTail(afterLabel('ipc_copy_utcb', lines('tst     r4, #0x100', 'beq     9f', 'ldr     r11, =mutant_buf + KDATA', 'str     r4, [r11], #4', 'ldr     r9, [sp, #TCB_UTCB_MRS]', 'ldr     r12, [r9]', 'str     r12, [r11]', 'b       ipc_slowpath') + '\n9:'), ''),
    rules: ['register-mr-stored', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'same-space-reload-ttbr-and-flush',
    story: "'full' switch, client and server in one space (so the fast path runs): every IPC reloads TTBR with the same table and invalidates the TLBs, though no space is switched (maintenance the switch does not need)",
    patch: atFastState('ldr     r9, [r10, #TCB_TTBR]', 'mcr     p15, 0, r9, c2, c0, 0', 'mov     r11, #0', 'mcr     p15, 0, r11, c8, c7, 0'),
    options: { strategy: 'full' },
    sameSpace: true,
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'same-space-tlb-invalidate',
    story: "'full' switch, one space: a TLB invalidate without any TTBR write (the control for the variant above)",
    patch: atFastState('mov     r11, #0', 'mcr     p15, 0, r11, c8, c7, 0'),
    options: { strategy: 'full' },
    sameSpace: true,
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  // ---- found by mutating the checker (judge.ts, provenance.ts): each passed a mutant of it ---------
  {
    name: 'utcb-register-mr-slot-copied',
    story: "after the copy, the sender's UTCB word 1 (under a register MR: not part of the message there) copied to the receiver's word 1 as well (a judge that took slots below the register MRs for message slots passed it as a copy)",
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}', 'ldr     r0, [r9, #-32]', 'str     r0, [lr, #-32]'),
    rules: ['utcb-word-extra'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-laundered-through-spsr-irq',
    story: "MR2 parked in IRQ mode's SPSR (its old value saved), read back by MRS, the SPSR restored, and the read-back value stored to a kernel buffer (a judge whose MRS forgot what MSR wrote saw only the parking)",
    patch: atFastState(`msr     cpsr_c, ${IRQ}`, 'mrs     r12, spsr', 'msr     spsr_cxsf, r5', 'mrs     r11, spsr', 'msr     spsr_cxsf, r12', `msr     cpsr_c, ${SVC}`, 'ldr     r9, =mutant_buf + KDATA', 'str     r11, [r9]'),
    rules: ['message-left-registers', 'register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'cp15-leak-then-decline-to-slow-path',
    story: "in the second round the fast path parks MR1 in CONTEXTIDR (restored at once) and then hands the IPC to the slow path, which delivers it: a leak in a window not judged in full (a judge whose leak rules skipped CP15 and PSR moves passed it)",
    patch: withTail(afterLabel('ipc_copy_utcb', lines('tst     r4, #0x100', 'beq     9f', 'mrc     p15, 0, r12, c13, c0, 1', 'mcr     p15, 0, r4, c13, c0, 1', 'mcr     p15, 0, r12, c13, c0, 1', 'b       ipc_slowpath') + '\n9:'), ''),
    rules: ['message-left-registers'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'utcb-word-copied-before-dest-waiting-check',
    story: "the fast path copies MR6 from the sender's UTCB into the destination's before checking that the destination waits: when it does not (the client, first to run, calls a server that has not run), the slow path queues the sender and the server's UTCB holds a word it never received; the program is fine, as the server's Wait takes the queued message again (a judge that classified any window ending in the destination as a hand-off, and then exempted its slots, passed it)",
    patch: replace('entry.S', '        add     r10, r10, r9, lsl #TCB_SHIFT    @ r10 = destination TCB\n', '        add     r10, r10, r9, lsl #TCB_SHIFT    @ r10 = destination TCB\nmutant_site:\n' + lines('.if SWITCH == SWITCH_FCSE', 'ldr     r9, =DACR_ALL_CLIENT', 'mcr     p15, 0, r9, c3, c0, 0', '.endif', 'ldr     r9, [sp, #TCB_UTCB_MRS]', 'ldr     r11, [r10, #TCB_UTCB_MRS]', 'ldr     r9, [r9]', 'str     r9, [r11]', 'ldr     r12, [sp, #TCB_ID]', 'sub     r9, r0, #1') + '\nmutant_end:\n'),
    options: { scenario: CLIENT_FIRST },
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'tag-label-bit-flipped',
    story: "a bit of the tag's label flipped in its register (r3) in the fast path: the receiver gets a wrong tag (a judge that compared every MR but the tag saw only the register write)",
    patch: atFastState('eor     r3, r3, #0x00100000'),
    rules: ['delivery', 'register-mr-written'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'utcb-word-mixed-by-add-sub',
    story: 'MR7 plus MR6 minus MR6 before the store: the right value, computed from two message words (a judge that took any word carrying MR7 for its copy counted it as copied)',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'add     r1, r1, r0', 'sub     r1, r1, r0', 'stmia   lr!, {r0, r1, r2}'),
    rules: ['utcb-word-not-copied', 'utcb-word-staged', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: true,
  },
];

export const REDTEAM_CORRECT: readonly CorrectVariant[] = [
  {
    name: 'copy-reversed',
    story: 'the UTCB words copied last to first with pre-decrement LDR/STR',
    patch: REVERSED_COPY,
  },
  {
    name: 'copy-ldr-str-other-scratch',
    story: 'word-by-word LDR/STR with other scratch registers (r12, then r1 and r2 loaded ahead)',
    patch: copy('ldr     r12, [r9], #4', 'str     r12, [lr], #4', 'ldr     r1, [r9], #4', 'ldr     r2, [r9], #4', 'str     r1, [lr], #4', 'str     r2, [lr], #4'),
  },
  {
    name: 'copy-ldrd-strd',
    story: 'two words by LDRD/STRD (doubleword aligned), the third by LDR/STR',
    patch: copy('ldrd    r0, [r9], #8', 'ldr     r2, [r9], #4', 'strd    r0, [lr], #8', 'str     r2, [lr], #4'),
  },
  {
    name: 'copy-bytewise',
    story: 'the words copied byte by byte (LDRB/STRB, 12 bytes)',
    patch: copy('.rept   12', 'ldrb    r0, [r9], #1', 'strb    r0, [lr], #1', '.endr'),
  },
  {
    name: 'copy-halfwords',
    story: 'the words copied half-word by half-word (LDRH/STRH)',
    patch: copy('.rept   6', 'ldrh    r0, [r9], #2', 'strh    r0, [lr], #2', '.endr'),
  },
  {
    name: 'copy-through-fiq-bank',
    story: "the words carried in FIQ mode's banked r8, r10, r11 (registers only: no store but to the receiver)",
    patch: copy('mov     r0, r9', 'mov     r1, lr', `msr     cpsr_c, ${FIQ}`, 'ldmia   r0!, {r8, r10, r11}', 'stmia   r1!, {r8, r10, r11}', `msr     cpsr_c, ${SVC}`, 'mov     r9, r0', 'mov     lr, r1'),
  },
  {
    name: 'copy-ldrt-strt',
    story: "the words copied with LDRT/STRT (user-permission accesses, as a kernel copying user data with the user's rights)",
    patch: copy('.rept   3', 'ldrt    r0, [r9], #4', 'strt    r0, [lr], #4', '.endr'),
  },
  {
    name: 'copy-swp',
    story: "each word stored into the receiver's slot by SWP (the slot's old value read into a scratch register)",
    patch: copy(...SWP_COPY),
  },
  {
    name: 'copy-twice',
    story: 'the words copied twice, sender slot to receiver slot both times (wasteful, but nothing goes anywhere else)',
    patch: copy('ldmia   r9, {r0, r1, r2}', 'stmia   lr, {r0, r1, r2}', 'ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'maintenance-condition-fails',
    story: 'a TLB invalidate and a write-buffer drain under a condition that fails (CMP r11, r11; MCRNE): never executed',
    patch: atFastState('cmp     r11, r11', 'mcrne   p15, 0, r11, c8, c7, 0', 'mcrne   p15, 0, r11, c7, c10, 4'),
  },
  {
    name: 'xor-twice-with-constant',
    story: 'MR7 XORed with a constant key and back before the store (the value restored in registers)',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'eor     r1, r1, #0x5A000000', 'eor     r1, r1, #0x5A000000', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'swap-with-temp-and-back',
    story: 'MR6 and MR7 swapped through a scratch register and swapped back before the store',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'mov     r12, r0', 'mov     r0, r1', 'mov     r1, r12', 'mov     r12, r0', 'mov     r0, r1', 'mov     r1, r12', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'xor-swap-twice',
    story: 'MR6 and MR7 swapped by the three-XOR idiom and swapped back (each register mixes both words on the way, ends with its own)',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'eor     r0, r0, r1', 'eor     r1, r1, r0', 'eor     r0, r0, r1', 'eor     r0, r0, r1', 'eor     r1, r1, r0', 'eor     r0, r0, r1', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'xor-with-tag-twice',
    story: 'MR8 XORed with the tag (r3) and back before the store: the stored value holds nothing of the tag',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'eor     r2, r2, r3', 'eor     r2, r2, r3', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'xor-with-shifted-tag-twice',
    story: 'MR8 XORed with the tag shifted left by one, and again (x ^ (t << 1) ^ (t << 1) is x): the stored value holds nothing of the tag',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'eor     r2, r2, r3, lsl #1', 'eor     r2, r2, r3, lsl #1', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'xor-with-shifted-copy-twice',
    story: 'the same with the shifted tag made once by MOV (r12 = tag << 1) and XORed in twice',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'mov     r12, r3, lsl #1', 'eor     r2, r2, r12', 'eor     r2, r2, r12', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'tag-counts-to-global',
    story: "the tag's untyped-word count (AND #0x3F) stored to a kernel global as a message-length statistic: the message's size, not its content",
    patch: atFastState('and     r12, r3, #0x3F', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
  },
  {
    name: 'tag-count-through-mr1-and-back',
    story: "the tag's untyped-word count XORed with MR1 and back (MR1 cancels), stored to a kernel global as a length statistic",
    patch: atFastState('and     r12, r3, #0x3F', 'eor     r12, r12, r4', 'eor     r12, r12, r4', 'ldr     r9, =mutant_buf + KDATA', 'str     r12, [r9]'),
  },
  {
    name: 'scrub-unused-register-mrs',
    story: "2 words: the kernel zeroes the register MRs beyond the message (r6..r8 hold no MR of it), so the receiver does not see the sender's stale registers",
    patch: atFastState('and     r11, r3, #0x3F', 'cmp     r11, #3', 'movlo   r6, #0', 'cmp     r11, #4', 'movlo   r7, #0', 'cmp     r11, #5', 'movlo   r8, #0'),
    options: { words: 2 },
  },
  {
    name: 'mrs-copied-into-fiq-bank',
    story: "MR1..MR3 copied into FIQ mode's banked r8..r10 and left there (never stored)",
    patch: atFastState(`msr     cpsr_c, ${FIQ}`, 'mov     r8, r4', 'mov     r9, r5', 'mov     r10, r6', `msr     cpsr_c, ${SVC}`),
  },
  {
    name: 'message-checksum-in-scratch',
    story: 'a checksum of the register MRs computed in a scratch register and dropped (never stored)',
    patch: atFastState('eor     r11, r3, r4', 'eor     r11, r11, r5', 'add     r11, r11, r6'),
  },
  {
    name: 'copy-after-the-switch-asid',
    story: "ASID: the UTCB words copied after the address-space switch, from the receiver's table (the sender's UTCB through the kernel's identity mapping)",
    patch: both(replace('entry.S', REMAINDER, ''), withTail(afterLabel('ipc_exit', lines('ldr     r9, [sp, #TCB_UTCB_MRS]', 'ldr     r12, [r10, #TCB_UTCB_MRS]', 'ldmia   r9, {r0, r1, r2}', 'stmia   r12, {r0, r1, r2}')), '')),
    options: { strategy: 'asid' },
  },
  {
    name: 'copy-swp-then-log-pc',
    story: "the words stored by SWP, then the kernel logs where it is (STM of the pc) into a kernel trace word: the pc holds no message data",
    patch: copy(...SWP_COPY, 'ldr     r12, =mutant_buf + KDATA', 'stmia   r12, {pc}'),
  },
  {
    name: 'copy-in-subroutine',
    story: 'the words copied by a subroutine with a frame on the kernel stack (BL, STMFD of lr, LDMFD of pc)',
    patch: subroutineCopy('{lr}', '{pc}'),
  },
  {
    name: 'copy-in-subroutine-saving-r11',
    story: "the same subroutine saving r11 as a callee-saved register (STMFD of r11 and lr): r11 holds the caller's count of UTCB words, computed from the tag's length field, not message data",
    patch: subroutineCopy('{r11, lr}', '{r11, pc}'),
  },
  {
    name: 'copy-reversed-nreg1',
    story: 'the reversed copy with 1 register MR and 7 words',
    patch: REVERSED_COPY,
    options: { registerMrs: 1, words: 7 },
  },
];

/** The unmodified kernel under each configuration the variants use: must pass (else a variant there proves nothing). */
export const REDTEAM_CONFIGS: readonly Partial<IpcScenarioOptions>[] = [
  { strategy: 'asid' },
  { words: 63 },
  { words: 0 },
  { words: 2 },
  { registerMrs: 2, words: 4 },
  { registerMrs: 1, words: 7 },
];
