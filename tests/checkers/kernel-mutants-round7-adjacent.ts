// Variants next to round 7's (kernel-mutants-redteam-round7.ts), written against the rules its
// escapes brought (per-flag labels, stale alias reads): the same flows by the encodings and access
// sizes those rules must also cover, so that a rule fitted to one variant's instruction fails here.
// Broken only: each moves message data where a claim forbids it.
import type { RedteamMutant } from './kernel-mutants-redteam.ts';
import { atFastStateWith, BSS } from './kernel-mutants-redteam-round7.ts';
import { atFastState, STORE } from './redteam-patches.ts';

/** MR1 rebuilt through C, each bit kept there by `keep` (a flag-setting instruction that writes N and Z but not C) before ADC shifts it in. */
function carryKept(keep: string): string[] {
  const out = ['mov     r2, #0', 'mov     r12, #0'];
  for (let b = 31; b >= 0; b--) out.push(`movs    r11, r4, lsr #${b + 1}`, keep, 'adc     r2, r2, r2');
  return [...out, 'cmp     r2, r4', 'bne     kernel_panic_abort'];
}

/** Reads the sender's MR6 back through the kernel's alias of its word, after overwriting it through its MVA, as `reread` (into r2) does. */
function staleAlias(...reread: string[]): string[] {
  return [
    'ldr     r9, [sp, #TCB_UTCB_MRS]',
    'mrc     p15, 0, r0, c2, c0, 0', 'mov     r0, r0, lsr #14', 'mov     r0, r0, lsl #14', 'add     r0, r0, #KDATA',
    'mov     r1, r9, lsr #20', 'ldr     r1, [r0, r1, lsl #2]', 'and     r0, r1, #3', 'cmp     r0, #2', 'bne     kernel_panic_abort',
    'mov     r1, r1, lsr #20', 'mov     r1, r1, lsl #20', 'mov     r2, r9, lsl #12', 'orr     r1, r1, r2, lsr #12', 'add     r12, r1, #KDATA',
    'ldr     r1, =mutant_evict + KDATA', 'mov     r0, r9, lsl #20', 'add     r1, r1, r0, lsr #20', 'bic     r1, r1, #0x1F',
    ...Array.from({ length: 12 }, () => ['ldr     r0, [r1]', 'add     r1, r1, #4096']).flat(),
    'ldr     r0, [r12]',
    'mov     r0, #0', 'str     r0, [r9]',
    ...reread,
    'str     r2, [r9]',
    'ldr     r0, [r10, #TCB_UTCB_MRS]', 'ldr     r0, [r0]', 'cmp     r2, r0', 'bne     kernel_panic_abort', ...STORE('r2'),
  ];
}

export const ROUND7_ADJACENT: readonly RedteamMutant[] = [
  {
    name: 'mr1-carry-kept-through-movs-of-a-clean-register',
    story: "round 7's carry chain with `movs r12, r12` (a register operand, LSL #0: N and Z written, C kept) between each bit and its ADC; MR1 rebuilt (checked) and stored",
    patch: atFastState(...carryKept('movs    r12, r12'), ...STORE('r2')),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-carry-kept-through-teq-of-a-clean-register',
    story: "the carry chain with `teq r12, r12` (TEQ of a register, LSL #0: C kept) between each bit and its ADC; stored",
    patch: atFastState(...carryKept('teq     r12, r12'), ...STORE('r2')),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr1-overflow-bit-kept-through-ands',
    story: "ADDS of MR1's bits 8 and 7 moved to the top sets V to their XOR; ANDS of unlabelled registers then writes N, Z (and C from LSL #0: kept), never V; MRS reads V (checked), stored",
    patch: atFastState('msr     cpsr_f, #0', 'mov     r12, r4, lsl #23', 'adds    r11, r12, r12', 'mov     r12, #0', 'ands    r11, r12, r12', 'mrs     r11, cpsr', 'and     r11, r11, #0x10000000',
      'eor     r0, r4, r4, lsr #1', 'and     r0, r0, #0x80', 'cmp     r11, r0, lsl #21', 'bne     kernel_panic_abort', ...STORE('r11')),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr6-read-back-through-stale-alias-by-bytes',
    story: "round 7's stale alias with the word read back as four LDRBs through the alias (the alias line holds MR6 while the word holds 0) and put together by ORRs: MR6 (checked) put back and kept in a kernel global",
    patch: atFastStateWith(BSS('mutant_evict', 12 * 4096, 4096),
      ...staleAlias('ldrb    r2, [r12]', 'ldrb    r0, [r12, #1]', 'orr     r2, r2, r0, lsl #8', 'ldrb    r0, [r12, #2]', 'orr     r2, r2, r0, lsl #16', 'ldrb    r0, [r12, #3]', 'orr     r2, r2, r0, lsl #24')),
    rules: ['utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
];
