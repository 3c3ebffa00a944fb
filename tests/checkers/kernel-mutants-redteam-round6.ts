// The red team's sixth round (an outsider's, after the fifth round): new kinds of flow and scope.
// Broken variants: message data moved through store *addresses* (which cell a constant is written
// to) and rebuilt by plain loads; a word rebuilt bit by bit by conditional execution; the tag stored
// as the second register of an STRD; MR1 through the IFAR of a kernel prefetch abort (the round-3
// variant used the abort's link); the tag's label bit through the carry of `movs rX, r3, lsl #16`;
// MR1 into the D-cache lockdown register; a declined Call's register MRs, saved by the unmodified
// slow path into the sender's TCB, taken from there by a later fast path (stored, or handed to a
// third thread's register); an extra receiver word written by a fast path that then declines;
// MR1 parked in the FIQ bank by a fast path and stored by a later IPC's slow path. Correct variants: a word
// copied by an unaligned (rotated) load and rotated back, words assembled from bytes, scratch
// registers cleared by self-XOR, a message-length statistic taken the way a compiler extracts a
// bit field, a copy with STMDB, a copy with PLD hints, the copy's count taken by shifts (63 words),
// a reversed copy with Thumb user programs, the ASID switch writing TTBR before CONTEXTIDR.
import { join } from 'node:path';
import { applyScenarioKnobs, readScenarioFile, SCENARIOS_DIR } from '../../testbench/scenarios/scenario-file.ts';
import type { IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import { afterLabel, both, replace, withTail, type Patch } from './kernel-mutants.ts';
import type { CorrectVariant, RedteamMutant } from './kernel-mutants-redteam.ts';
import { atFastState, copy, FIQ, lines, parkAtFastState, STORE, SVC } from './redteam-patches.ts';

const TWO_CLIENTS = applyScenarioKnobs(readScenarioFile(join(SCENARIOS_DIR, 'two-clients.json')), { words: 8, rounds: 2 });

/** A round-6 variant: a round's variant with the options, evidence and program outcome it runs with. */
export interface Round6Variant {
  readonly name: string;
  readonly story: string;
  readonly kind: 'broken' | 'correct';
  /** Broken: the rules its claim calls for (docs/CHECKERS.md's rule table), not what the checker printed. */
  readonly expect?: readonly string[];
  readonly patch: Patch;
  readonly options?: Partial<IpcScenarioOptions>;
  /** Broken: where the first offence is (default: the injected site). */
  readonly evidence?: 'site' | 'resume';
  /** Broken: the programs still print ok (default true). */
  readonly programOk?: boolean;
}

const EXIT = '        ldmia   sp, {r9-r14}^\n        ldr     r2, [r2, #CTX_R2]               @ (no banked register right after ldm ^)\n';
/** The client's (thread 1's) Calls are declined to the unmodified slow path, before any check. */
export const DECLINE_CLIENT1 = replace('entry.S', '\nfastpath_check_call_or_replywait:\n', `\nfastpath_check_call_or_replywait:\n${lines('ldr     r9, [sp, #TCB_ID]', 'cmp     r9, #1', 'beq     ipc_slowpath')}\n`);
/** A .bss area of `bytes` for the variant (besides the mutant's 64-byte mutant_buf). */
const CELLS = (bytes: number): string => `        .bss\n        .balign 8\nmutant_cells: .space ${bytes}\n        .text`;

/** `src`'s bit b written as the constant 1 into cell b's word 0 or 1 (cells of 8 bytes from `base`); `one` holds 1, `t` is scratch. */
function scatterBits(src: string, base: string, one: string, t: string, bits: number): string[] {
  const out = [`mov     ${t}, #0`];
  for (let b = 0; b < bits; b++) out.push(`str     ${t}, [${base}, #${8 * b}]`, `str     ${t}, [${base}, #${8 * b + 4}]`);
  out.push(`mov     ${one}, #1`);
  for (let b = 0; b < bits; b++) {
    out.push(b === 0 ? `and     ${t}, ${src}, #1` : `mov     ${t}, ${src}, lsr #${b}`);
    if (b > 0) out.push(`and     ${t}, ${t}, #1`);
    out.push(`add     ${t}, ${t}, #${2 * b}`, `str     ${one}, [${base}, ${t}, lsl #2]`);
  }
  return out;
}
/** The word rebuilt into `dst` from which word of each cell holds 1 (plain loads at constant addresses). */
function gatherBits(dst: string, base: string, t: string, bits: number): string[] {
  const out = [`mov     ${dst}, #0`];
  for (let b = 0; b < bits; b++) out.push(`ldr     ${t}, [${base}, #${8 * b + 4}]`, b === 0 ? `orr     ${dst}, ${dst}, ${t}` : `orr     ${dst}, ${dst}, ${t}, lsl #${b}`);
  return out;
}

const bitsByConditionalOrr = (): string[] => {
  const out = ['mov     r11, #0'];
  for (let b = 0; b < 16; b++) out.push(`tst     r4, #(1 << ${b})`, `orrne   r11, r11, #(1 << ${b})`);
  return out;
};

const bytesAssembled = (): string[] => {
  const out: string[] = [];
  for (let w = 0; w < 3; w++) out.push('ldrb    r0, [r9], #1', 'ldrb    r1, [r9], #1', 'orr     r0, r0, r1, lsl #8', 'ldrb    r1, [r9], #1', 'orr     r0, r0, r1, lsl #16', 'ldrb    r1, [r9], #1', 'orr     r0, r0, r1, lsl #24', 'str     r0, [lr], #4');
  return out;
};

export const ROUND6: readonly Round6Variant[] = [
  // ---- broken -------------------------------------------------------------------------------
  {
    name: 'mr1-copied-through-store-addresses',
    story: "for each of MR1's 16 low bits the fast path writes the constant 1 into word 0 or word 1 of a kernel cell (the bit picks the address); reading the cells back with plain loads rebuilds MR1 exactly (checked), which is stored to a kernel global: no stored value ever carried MR1",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: withTail(afterLabel('ipc_fast_state', lines('ldr     r9, =mutant_cells + KDATA', ...scatterBits('r4', 'r9', 'r0', 'r11', 16), ...gatherBits('r2', 'r9', 'r12', 16), 'cmp     r2, r4', 'bne     kernel_panic_abort', ...STORE('r2'))), CELLS(128)),
  },
  {
    name: 'utcb-word-launders-through-store-addresses',
    story: "MR8 (a UTCB word) goes to the receiver through kernel memory: each of its 32 bits picks which word of a kernel cell gets the constant 1, and the word is rebuilt from the cells by plain loads and stored into the receiver's slot (value right)",
    kind: 'broken',
    expect: ['utcb-word-not-copied', 'utcb-word-staged'],
    patch: copy('ldmia   r9!, {r0, r1}', 'stmia   lr!, {r0, r1}', 'ldr     r2, [r9], #4', 'ldr     r12, =mutant_cells + KDATA', ...scatterBits('r2', 'r12', 'r0', 'r1', 32), ...gatherBits('r2', 'r12', 'r1', 32), 'str     r2, [lr], #4', 'b       mutant_back', '.bss', '.balign 8', 'mutant_cells: .space 256', '.text'),
  },
  {
    name: 'mr1-rebuilt-bit-by-bit-by-conditional-orr',
    story: "MR1's 16 low bits rebuilt without a branch: TST r4, #bit then ORRNE r11, r11, #bit, 16 times (checked equal to MR1), then stored to a kernel global",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState(...bitsByConditionalOrr(), 'cmp     r11, r4', 'bne     kernel_panic_abort', ...STORE('r11')),
  },
  {
    name: 'tag-stored-by-strd-second-register',
    story: "STRD r2, r3 of a zero and the tag (r3 is STRD's second register) into a kernel global",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState('mov     r2, #0', 'ldr     r9, =mutant_buf + KDATA', 'add     r9, r9, #7', 'bic     r9, r9, #7', 'strd    r2, [r9]'),
  },
  {
    name: 'mr1-through-ifar-of-kernel-prefetch-abort',
    story: "a computed jump to MR1 | 0xC0000000 (unmapped) takes a prefetch abort in SVC mode; the handler resumes the fast path, which reads the IFAR (c6, opcode2 2: the jump target, MR1's bits 29..2; checked) and stores it",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(atFastState('orr     r12, r4, #0xC0000000', 'bic     r12, r12, #3', 'mov     pc, r12', 'mutant_resume:', 'mrc     p15, 0, r12, c6, c0, 2', 'bic     r12, r12, #0xC0000000', 'bic     r0, r4, #0xC0000000', 'bic     r0, r0, #3', 'cmp     r12, r0', 'bne     kernel_panic_abort', ...STORE('r12')),
      replace('entry.S', '\npabt_entry:\n', `\npabt_entry:\n${lines('mrs     sp, spsr', 'and     sp, sp, #0x1F', 'cmp     sp, #MODE_SVC', 'ldreq   sp, =abt_scratch + KDATA', `msreq   cpsr_c, ${SVC}`, 'beq     mutant_resume')}\n`)),
  },
  {
    name: 'tag-label-bit-through-lsl16-carry',
    story: "MOVS r11, r3, LSL #16 (the tag's low half, the kernel's own check) also sets C to the tag's bit 16 (its label's bit 0); ADC moves it into a register that is stored",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: atFastState('movs    r11, r3, lsl #16', 'mov     r11, #0', 'adc     r11, r11, #0', ...STORE('r11')),
  },
  {
    name: 'mr1-into-dcache-lockdown-register',
    story: "MR1 written into the D-cache lockdown register (c9, c0, 0) and the old value put back",
    kind: 'broken',
    expect: ['message-left-registers'],
    patch: atFastState('mrc     p15, 0, r11, c9, c0, 0', 'mcr     p15, 0, r4, c9, c0, 0', 'mcr     p15, 0, r11, c9, c0, 0'),
  },
  {
    name: 'declined-call-saved-mr1-logged-by-reply-fast-path',
    story: "the client's Calls are handed to the unmodified slow path (which saves the client's r0-r8, MR1 in CTX_R4, in its TCB); the server's reply, on the fast path, stores the client's saved MR1 (the Call's message) into a kernel global",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(DECLINE_CLIENT1, atFastState('ldr     r11, [r10, #CTX_R4]', ...STORE('r11'))),
  },
  {
    name: 'declined-call-saved-mr1-handed-to-client2',
    story: "two clients: client1's Calls go to the unmodified slow path (its MR1 saved in its TCB); when the server's fast-path reply resumes client2, client1's saved MR1 goes into client2's r2: client1's message reaches a third thread",
    kind: 'broken',
    expect: ['message-left-registers'],
    evidence: 'resume',
    options: { scenario: TWO_CLIENTS },
    patch: withTail(both(DECLINE_CLIENT1, replace('entry.S', EXIT, `${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2')}\n${EXIT}mutant_site:\n${lines('ldreq   r2, =tcbs + TCB_SIZE + KDATA', 'ldreq   r2, [r2, #CTX_R4]')}\nmutant_end:\n`)), ''),
  },
  {
    name: 'extra-word-then-declines-to-slow-path',
    story: "the client's Call copies its three UTCB words and one more (the sender's MR9 slot into the receiver's MR9, beyond the message), then hands the IPC to the slow path, which delivers the message again",
    kind: 'broken',
    expect: ['utcb-word-extra'],
    patch: replace('entry.S', '        movs    r0, r11, lsr #2                 @ four-word groups: out of line\n',
      `mutant_site:\n${lines('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #1', 'ldreq   r0, [r9]', 'streq   r0, [lr]', 'ldreq   r0, [r10, #TCB_ID]', 'ldreq   r1, [sp, #CTX_R1]', 'ldreq   r2, [sp, #CTX_R2]', 'beq     ipc_slowpath')}\nmutant_end:\n        movs    r0, r11, lsr #2\n`),
  },
  {
    name: 'mr1-parked-in-fiq-stored-by-slow-path',
    story: "the server's fast-path reply parks MR1 in r8_fiq; the client's next Call goes to the slow path, which (after slow_ipc, before kernel_return) stores r8_fiq into a kernel global",
    kind: 'broken',
    expect: ['register-mr-stored'],
    patch: both(both(parkAtFastState('ldr     r12, [sp, #TCB_ID]', 'cmp     r12, #2', `msreq   cpsr_c, ${FIQ}`, 'moveq   r8, r4', `msreq   cpsr_c, ${SVC}`), DECLINE_CLIENT1),
      replace('entry.S', '        bl      slow_ipc\n        b       kernel_return\n', `        bl      slow_ipc\nmutant_site:\n${lines(`msr     cpsr_c, ${FIQ}`, 'mov     r0, r8', `msr     cpsr_c, ${SVC}`, 'ldr     r1, =mutant_buf + KDATA', 'str     r0, [r1]')}\nmutant_end:\n        b       kernel_return\n`)),
  },
  // ---- correct ------------------------------------------------------------------------------
  {
    name: 'copy-unaligned-loads-rotated-back',
    story: "each UTCB word loaded by an LDR at its address + 2 (ARMv5: the aligned word rotated right by 16) and rotated back by MOV ROR #16 before the store",
    kind: 'correct',
    patch: copy('ldr     r0, [r9, #2]', 'ldr     r1, [r9, #6]', 'ldr     r2, [r9, #10]', 'mov     r0, r0, ror #16', 'mov     r1, r1, ror #16', 'mov     r2, r2, ror #16', 'stmia   lr!, {r0, r1, r2}', 'add     r9, r9, #12'),
  },
  {
    name: 'copy-bytes-assembled-into-words',
    story: "each UTCB word read byte by byte (LDRB) and assembled with ORR of shifted bytes, then stored as a word (a memcpy that does not trust alignment)",
    kind: 'correct',
    patch: copy(...bytesAssembled()),
  },
  {
    name: 'scratch-cleared-by-self-xor',
    story: "after the copy the scratch registers that held UTCB words are cleared by EOR rX, rX, rX (and r12 by MOV)",
    kind: 'correct',
    patch: atFastState('eor     r0, r0, r0', 'eor     r1, r1, r1', 'eor     r2, r2, r2', 'mov     r12, #0'),
  },
  {
    name: 'message-length-statistic-by-shift',
    story: "a running total of message words (untyped + typed counts) kept in a kernel global; the typed count is taken as a compiler extracts a bit field (LSR #6, then AND #0x3F)",
    kind: 'correct',
    patch: atFastState('mov     r12, r3, lsr #6', 'and     r12, r12, #0x3F', 'and     r11, r3, #0x3F', 'add     r12, r12, r11', 'ldr     r9, =mutant_buf + KDATA', 'ldr     r0, [r9]', 'add     r0, r0, r12', 'str     r0, [r9]'),
  },
  {
    name: 'copy-stmdb-after-pointer-advance',
    story: "the three words loaded by LDMIA, the receiver pointer advanced first and the words stored by STMDB",
    kind: 'correct',
    patch: copy('ldmia   r9!, {r0, r1, r2}', 'add     lr, lr, #12', 'stmdb   lr, {r0, r1, r2}'),
  },
  {
    name: 'copy-with-pld-hints',
    story: "PLD hints on the sender's words before the copy",
    kind: 'correct',
    patch: copy('pld     [r9]', 'pld     [r9, #8]', 'ldmia   r9!, {r0, r1, r2}', 'stmia   lr!, {r0, r1, r2}'),
  },
  {
    name: 'copy-count-by-shifts-63-words',
    story: "63-word messages: the untyped count taken by LSL #26 then LSR #26 instead of AND #0x3F; it drives the remainder flags and the computed jump into the group chain",
    kind: 'correct',
    options: { words: 63 },
    patch: replace('entry.S', '        and     r11, r3, #0x3F\n        subs    r11, r11, #(NREG - 1)           @ r11 = UTCB words of the message\n',
      `mutant_site:\n${lines('mov     r11, r3, lsl #26', 'mov     r11, r11, lsr #26')}\nmutant_end:\n        subs    r11, r11, #(NREG - 1)\n`),
  },
  {
    name: 'copy-reversed-with-thumb-users',
    story: "client and server are Thumb programs; the three UTCB words copied last to first by LDR/STR",
    kind: 'correct',
    options: { clientIsa: 'thumb', serverIsa: 'thumb' },
    patch: copy('ldr     r0, [r9, #8]', 'str     r0, [lr, #8]', 'ldr     r0, [r9, #4]', 'str     r0, [lr, #4]', 'ldr     r0, [r9]', 'str     r0, [lr]', 'add     r9, r9, #12', 'add     lr, lr, #12'),
  },
  {
    name: 'asid-switch-ttbr-before-contextidr',
    story: "ASID: the fast path's switch writes TTBR first, then CONTEXTIDR (only MB 0, global, is touched between them), then a NOP (so the suite sees its code ran)",
    kind: 'correct',
    options: { strategy: 'asid' },
    patch: replace('entry.S', '        mcrne   p15, 0, r9, c13, c0, 1          @ another space: CONTEXTIDR, then TTBR\n        mcrne   p15, 0, r2, c2, c0, 0\n',
      `mutant_site:\n${lines('mcrne   p15, 0, r2, c2, c0, 0', 'mcrne   p15, 0, r9, c13, c0, 1', 'nop')}\nmutant_end:\n`),
  },
];

/**
 * When written (tmp-round6-report.ts), the checker passed 7 of the broken variants, judged one with
 * the wrong rules and failed one correct variant. Fixed since: a store carries its address
 * registers' labels and, under a condition, the flags' (the two store-address variants); an
 * executed conditional instruction carries the flags' labels (the conditional ORR); a kernel
 * prefetch abort labels the IFAR and IFSR with the pc's labels; a window that reaches the slow path
 * is held to utcb-word-extra before it, and to the earlier-message rules in the slow path too;
 * what a slow path keeps in kernel memory (a saved context) is marked, so a later fast path
 * storing it fails; the tag shifted right and masked inside its count fields is control data (the
 * false alarm). All are ordinary tests now but one, left out of the suite (not a checker escape):
 * `declined-call-saved-mr1-handed-to-client2` reads client1's saved context when the server
 * resumes client2, but by then client1's timer interrupts (IPC 9-11 of that run) have saved its
 * context again: the word handed over is client1's own register (the reply it received, now its
 * data), not the Call's MR1. One thread's registers given to another is an isolation fault,
 * outside the message claims (docs/CHECKERS.md, Limits).
 */
const LEFT_OUT = new Set(['declined-call-saved-mr1-handed-to-client2']);
export const ROUND6_ESCAPES: Readonly<Record<string, string>> = {};
export const ROUND6_FALSE_ALARMS: Readonly<Record<string, string>> = {};

/** A round's variants as the run file takes them: broken ones (less those left out) with their known escapes, correct ones with their false alarms. */
export function roundVariants(variants: readonly Round6Variant[], escapes: Readonly<Record<string, string>>, falseAlarms: Readonly<Record<string, string>>, leftOut: ReadonlySet<string> = new Set()): { broken: RedteamMutant[]; correct: CorrectVariant[] } {
  const broken = variants.filter((v) => v.kind === 'broken' && !leftOut.has(v.name)).map((v) => ({
    name: v.name,
    story: v.story,
    patch: v.patch,
    rules: v.expect as RedteamMutant['rules'],
    evidence: v.evidence ?? 'site',
    programOk: v.programOk ?? true,
    ...(v.options ? { options: v.options } : {}),
    ...(escapes[v.name] ? { escape: escapes[v.name] } : {}),
  }));
  const correct = variants.filter((v) => v.kind === 'correct').map((v) => ({
    name: v.name,
    story: v.story,
    patch: v.patch,
    ...(v.options ? { options: v.options } : {}),
    ...(falseAlarms[v.name] ? { falseAlarm: falseAlarms[v.name] } : {}),
  }));
  return { broken, correct };
}

const ROUND6_SPLIT = roundVariants(ROUND6, ROUND6_ESCAPES, ROUND6_FALSE_ALARMS, LEFT_OUT);
export const REDTEAM7_BROKEN: readonly RedteamMutant[] = ROUND6_SPLIT.broken;
export const REDTEAM7_CORRECT: readonly CorrectVariant[] = ROUND6_SPLIT.correct;

