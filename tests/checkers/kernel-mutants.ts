// Broken variants of the real kernel, built only for the tests by rewriting its source (never
// shipped): each breaks one claim of the hand-off in a way a kernel author could, and the checkers
// must catch every one from the data alone. The ping-pong's default message (the tag and 8 words,
// 6 MRs in r3..r8) leaves MR6..MR8 in the UTCB: the fast path copies those three under the
// remainder flags, and that block is where most of the UTCB mutants act. Each injected block starts at `mutant_site` and ends at `mutant_end`, so a test
// can check that the evidence names an instruction inside it.
import type { RuleName } from '../../testbench/checkers/config.ts';

export interface KernelMutant {
  readonly name: string;
  /** What a kernel author would have done. */
  readonly story: string;
  readonly patch: (file: string, text: string) => string;
  /** The rules the first failing hand-off must fail, exactly. */
  readonly rules: readonly RuleName[];
  /** Where the first offence is: inside the injected block, or at the receiver's resume. */
  readonly evidence: 'site' | 'resume';
  /** The user program still prints ok (the kernel delivered the right data, the wrong way). */
  readonly programOk: boolean;
}

export type Patch = (file: string, text: string) => string;

/** Replace `old` with `text` in `file` (it must be there exactly once). */
export function replace(file: string, old: string, text: string): Patch {
  return (f, src) => {
    if (f !== file) return src;
    const at = src.indexOf(old);
    if (at < 0 || src.indexOf(old, at + 1) >= 0) throw new Error(`mutant: ${file} must hold exactly one ${JSON.stringify(old)}`);
    return src.slice(0, at) + text + src.slice(at + old.length);
  };
}

/** Insert `code` right after the line defining `label` in entry.S. */
export const afterLabel = (label: string, code: string): Patch => replace('entry.S', `\n${label}:\n`, `\n${label}:\nmutant_site:\n${code}\nmutant_end:\n`);

/** Append text (code in .text, then a .bss buffer) at the end of entry.S. */
export const BUFFER = '\n        .bss\n        .balign 4\n        .global mutant_buf\nmutant_buf: .space 64\n';
export function withTail(p: Patch, tail: string): Patch {
  return (f, src) => {
    const out = p(f, src);
    return f === 'entry.S' ? `${out}\n        .text\n${tail}\n        .ltorg${BUFFER}` : out;
  };
}

export const REMAINDER = '        ldmcsia r9!, {r0, r1}\n        ldrmi   r2, [r9], #4\n        stmcsia lr!, {r0, r1}\n        strmi   r2, [lr], #4\n';
/**
 * Replace the copy of the words over a multiple of four (for the default message: MR6..MR8, three
 * words, with r9 and lr pointing at the sender's and the receiver's MR6) by `code`, out of line.
 */
export const copy3 = (code: string): Patch =>
  withTail(replace('entry.S', REMAINDER, '        b       mutant_site\nmutant_back:\n'), `mutant_site:\n${code}\n        b       mutant_back\nmutant_end:`);

export const both = (a: Patch, b: Patch): Patch => (f, s) => b(f, a(f, s));

export const KERNEL_MUTANTS: readonly KernelMutant[] = [
  {
    name: 'stage-utcb-in-new-buffer',
    story: 'the UTCB words go through a new kernel buffer (sender UTCB -> buffer -> receiver UTCB), all delivered correctly',
    patch: copy3('        ldmia   r9!, {r0, r1, r2}\n        ldr     r12, =mutant_buf + KDATA\n        stmia   r12, {r0, r1, r2}\n        ldmia   r12, {r0, r1, r2}\n        stmia   lr!, {r0, r1, r2}'),
    rules: ['utcb-word-not-copied', 'utcb-word-staged'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'launder-register-to-bss',
    story: 'a message register copied into another register and stored to a new kernel .bss word',
    patch: withTail(afterLabel('ipc_fast_state', '        ldr     r9, =mutant_buf + KDATA\n        mov     r11, r4\n        str     r11, [r9]'), ''),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'launder-computed-value',
    story: 'a value computed from a message register (r6 ^ 0xff) stored to a kernel buffer',
    patch: withTail(afterLabel('ipc_fast_state', '        ldr     r9, =mutant_buf + KDATA\n        eor     r11, r6, #0xff\n        str     r11, [r9, #4]'), ''),
    rules: ['register-mr-stored'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'drop-last-word',
    story: 'the last UTCB word not copied',
    patch: copy3('        ldmia   r9!, {r0, r1}\n        stmia   lr!, {r0, r1}'),
    rules: ['delivery', 'utcb-word-not-copied'],
    evidence: 'resume',
    programOk: false,
  },
  {
    name: 'no-utcb-copy',
    story: 'no UTCB word copied at all',
    patch: copy3('        nop       @ (no copy)'),
    rules: ['delivery', 'utcb-word-not-copied'],
    evidence: 'resume',
    programOk: false,
  },
  {
    name: 'pointers-one-word-off',
    story: 'both copy pointers one word off',
    patch: copy3('        add     r9, r9, #4\n        add     lr, lr, #4\n        ldmia   r9!, {r0, r1, r2}\n        stmia   lr!, {r0, r1, r2}'),
    rules: ['delivery', 'utcb-word-extra', 'utcb-word-not-copied'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'wrong-word',
    story: 'a UTCB word overwritten with a constant after the copy',
    patch: copy3('        ldmia   r9!, {r0, r1, r2}\n        stmia   lr!, {r0, r1, r2}\n        mov     r0, #0\n        str     r0, [lr, #-8]'),
    rules: ['delivery', 'utcb-word-not-copied', 'utcb-word-wrong'],
    evidence: 'site',
    programOk: false,
  },
  {
    name: 'extra-word',
    story: 'one word more than the message copied',
    patch: copy3('        ldmia   r9!, {r0, r1, r2}\n        stmia   lr!, {r0, r1, r2}\n        ldr     r0, [r9]\n        str     r0, [lr]'),
    rules: ['utcb-word-extra'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'tcb-copy-sel4-style',
    story: "the register MRs saved to the sender's TCB, copied TCB to TCB, restored from the receiver's (seL4-style)",
    patch: both(
      afterLabel('ipc_fast_state', '        add     r9, sp, #CTX_R3\n        stmia   r9, {r3-r8}\n        add     r11, r10, #CTX_R3\n        ldmia   r9, {r3-r8}\n        stmia   r11, {r3-r8}'),
      replace('entry.S', '        ldr     r1, [sp, #CTX_R1]\n', '        ldr     r1, [sp, #CTX_R1]\n        add     r9, sp, #CTX_R3\n        ldmia   r9, {r3-r8}\n'),
    ),
    rules: ['register-mr-stored', 'register-mr-written'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'rewrite-mr-register',
    story: 'a message register rewritten with its own value (orr r5, r5, #0)',
    patch: afterLabel('ipc_fast_state', '        orr     r5, r5, #0'),
    rules: ['register-mr-written'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'mr-into-cp15',
    story: 'a message register written into a CP15 register (FAR)',
    patch: afterLabel('ipc_fast_state', '        mcr     p15, 0, r4, c6, c0, 0'),
    rules: ['message-left-registers'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'wrong-sender-id',
    story: 'the receiver told the wrong sender',
    patch: replace('entry.S', '        ldr     r0, [sp, #TCB_ID]               @ receiver learns the sender\n', '        ldr     r0, [sp, #TCB_ID]\n        add     r0, r0, #2\n'),
    rules: ['delivery'],
    evidence: 'resume',
    programOk: false,
  },
  {
    name: 'tlb-invalidate',
    story: 'a TLB invalidate added to the fast path',
    patch: afterLabel('ipc_fast_state', '        mcr     p15, 0, r11, c8, c7, 0'),
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'drain-write-buffer',
    story: 'a write-buffer drain added to the fast path',
    patch: afterLabel('ipc_fast_state', '        mcr     p15, 0, r11, c7, c10, 4'),
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'clean-receiver-utcb-line',
    story: "a D-cache clean+invalidate of the receiver's UTCB line after the copy",
    patch: copy3('        ldmia   r9!, {r0, r1, r2}\n        stmia   lr!, {r0, r1, r2}\n        mcr     p15, 0, lr, c7, c14, 1'),
    rules: ['maintenance'],
    evidence: 'site',
    programOk: true,
  },
  {
    name: 'page-table-write',
    story: 'a page-table entry rewritten (with its own value) in the fast path',
    patch: withTail(afterLabel('ipc_fast_state', '        ldr     r9, =PT_BASE + KDATA\n        ldr     r11, [r9, #4]\n        str     r11, [r9, #4]'), ''),
    rules: ['page-table-write'],
    evidence: 'site',
    programOk: true,
  },
];

/** The interrupt message given the wrong sender (the next line's interrupt thread). */
export const IRQ_MUTANT: KernelMutant = {
  name: 'irq-wrong-sender',
  story: "an interrupt delivered as a message from the wrong interrupt thread",
  patch: replace('ipc.S', '        add     r1, r1, #IRQ_ID_BASE\n', '        add     r1, r1, #IRQ_ID_BASE\n        add     r1, r1, #1\n'),
  rules: ['delivery'],
  evidence: 'resume',
  programOk: false,
};
