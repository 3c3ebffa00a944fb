// A hand-made stand-in for the kernel, following the L4 ABI the checkers know (thread ids, MR0 =
// the tag in r3, MR1..MR5 in r4..r8, MR6.. in the UTCB at 64 + 4k, r0 = destination / actual
// sender), on the RTL system without an MMU. Thread B runs first and waits (swi 0 with r0 = nil);
// the handler switches to thread A, which puts its message in r3..r8 and its UTCB and sends to B
// (swi 0, r0 = 2); the handler copies the UTCB words from A's UTCB to B's, leaves r3..r8 alone,
// gives B r0 = 1 (the sender) and B's own stack pointer, and returns to B. Variants break one claim.
import { assembleProgram, type LinkedImage } from '../../kernel/toolchain/index.ts';

export const VARIANTS = [
  'good',
  'writes-r4',
  'rewrites-r4-unchanged',
  'stores-r5-to-kbuf',
  'launders-r6-through-r9',
  'saves-mrs-on-stack',
  'copies-through-kbuf',
  'drops-last-word',
  'shifted',
  'wrong-word',
  'extra-word',
  'wrong-sender',
  'mr-into-cp15',
  'tlb-flush',
  'drain-write-buffer',
  'writes-page-table',
] as const;
export type Variant = (typeof VARIANTS)[number];

export const UTCB_BYTES = 512;
/** UTCB offset of MR6, the first MR after the six in r3..r8. */
export const MR_OFFSET = 64 + 6 * 4;
export const STACK_BYTES = 0x1000;
export const THREAD_A = 1;
export const THREAD_B = 2;

interface Breakage {
  readonly entry?: string;
  /** Replaces the copy loop's body (r0: from, r1: to, r9: scratch, r12: kbuf). */
  readonly copy?: string;
  /** Added after the copy loop. */
  readonly after?: string;
  readonly exit?: string;
  /** Words the copy loop moves (default: the message's). */
  readonly count?: (words: number) => number;
  readonly sender?: number;
}

function breakage(v: Variant): Breakage {
  switch (v) {
    case 'writes-r4': return { copy: 'ldr r9, [r0], #4\n str r9, [r1], #4\n mov r4, #0x44' };
    case 'rewrites-r4-unchanged': return { after: 'orr r4, r4, #0' };
    case 'stores-r5-to-kbuf': return { entry: 'ldr r9, =kbuf\n str r5, [r9]' };
    case 'launders-r6-through-r9': return { entry: 'eor r9, r6, #0xff\n ldr r10, =kbuf\n str r9, [r10]' };
    case 'saves-mrs-on-stack': return { entry: 'stmfd sp!, {r3-r8}', exit: 'ldmfd sp!, {r3-r8}' };
    case 'copies-through-kbuf': return { copy: 'ldr r9, [r0], #4\n str r9, [r12]\n ldr r9, [r12]\n str r9, [r1], #4' };
    case 'drops-last-word': return { count: (w) => w - 1 };
    case 'shifted': return { copy: 'ldr r9, [r0], #4\n str r9, [r1, #4]!' };
    case 'wrong-word': return { after: 'sub r1, r1, #4\n mov r9, #0x77\n str r9, [r1]' };
    case 'extra-word': return { count: (w) => w + 1 };
    case 'wrong-sender': return { sender: 3 };
    case 'mr-into-cp15': return { entry: 'mcr p15, 0, r7, c13, c0, 1' };
    case 'tlb-flush': return { entry: 'mov r9, #0\n mcr p15, 0, r9, c8, c7, 0' };
    case 'drain-write-buffer': return { entry: 'mov r9, #0\n mcr p15, 0, r9, c7, c10, 4' };
    case 'writes-page-table': return { entry: 'ldr r9, =page_table\n mov r10, #0\n str r10, [r9, #4]' };
    default: return {};
  }
}

/** 128 words, distinct within and across the two UTCBs: what each thread left in its UTCB. */
function utcbWords(tag: number): string {
  return Array.from({ length: 128 }, (_, k) => `.word 0x${((tag | (k << 16) | k) >>> 0).toString(16)}`).join('\n        ');
}

export function ipcSource(variant: Variant, words: number): string {
  const b = breakage(variant);
  const count = b.count ? b.count(words) : words;
  const copyBody = b.copy ?? 'ldr r9, [r0], #4\n str r9, [r1], #4';
  const tag = ((1 << 16) | (5 + words)) >>> 0;
  return `
        .text
        .global _start
_start: b reset
        b .
        b swi_handler
        b .
        b .
        b .
        b .
        b .
reset:  ldr sp, =0x80000
        mrc p15, 0, r0, c1, c0, 0
        orr r0, r0, #0x1000     @ I-cache on (no MMU needed for it)
        mcr p15, 0, r0, c1, c0, 0
        ldr r12, =current
        ldr r11, [r12]
        add r10, r11, #12
        ldmia r10, {sp}^        @ the thread's user stack pointer
        nop
        ldr r10, [r11, #4]
        msr spsr_cxsf, r10
        ldr lr, [r11, #0]
        movs pc, lr

        .global ipc_entry
swi_handler:
ipc_entry:
        ${b.entry ?? ''}
        ldr r12, =current
        ldr r11, [r12]          @ sender's TCB
        str lr, [r11, #0]       @ its resume pc
        mrs r10, spsr
        str r10, [r11, #4]
        add r10, r11, #12
        stmia r10, {sp}^        @ its user stack pointer
        ldr r10, [r11, #8]      @ partner's TCB
        str r10, [r12]          @ partner runs next
        .global fastpath_check_words
fastpath_check_words:
        cmp r10, #0
        beq .
        .global ipc_copy_utcb
ipc_copy_utcb:
        ldr r0, [r11, #16]
        ldr r1, [r10, #16]
        add r0, r0, #${MR_OFFSET}
        add r1, r1, #${MR_OFFSET}
        ldr r12, =kbuf
        mov r2, #${count}
1:      subs r2, r2, #1
        bmi 2f
        ${copyBody}
        b 1b
2:      ${b.after ?? ''}
        .global ipc_switch_space
ipc_switch_space:
        add r9, r10, #12
        ldmia r9, {sp}^         @ the partner's user stack pointer
        nop
        ldr r9, [r10, #4]
        msr spsr_cxsf, r9
        ldr lr, [r10, #0]
        ldr r0, [r11, #20]      @ the receiver learns the sender (the one that trapped last)
        .global ipc_exit
ipc_exit:
        ${b.exit ?? ''}
        movs pc, lr

thread_b:
        mov r0, #0              @ wait: no send phase
        mvn r1, #0
        swi #0
        .global recv_first
recv_first:
        add r2, r3, r4          @ the receiver uses its MRs
        .global done
done:   b done

thread_a:
        ldr r3, =0x${tag.toString(16)}
        mov r4, #0x31
        mov r5, #0x32
        mov r6, #0x33
        mov r7, #0x34
        mov r8, #0x35
        mov r0, #${THREAD_B}    @ send to B
        mov r1, #0
        mov r2, #0
        .global send_swi
send_swi:
        swi #0
        b .

        .data
        .balign 4
current: .word tcb_b
@ TCB: resume pc, spsr, partner, sp_usr, UTCB, own id as the partner sees it
tcb_a:  .word thread_a, 0x10, tcb_b, stack_a_top, utcb_a, ${b.sender ?? THREAD_A}
tcb_b:  .word thread_b, 0x10, tcb_a, stack_b_top, utcb_b, ${THREAD_B}
        .balign 4
kbuf:   .word 0, 0
        .balign 4
page_table: .word 0, 0
        .balign 512
utcb_a: ${utcbWords(0xa0000000)}
utcb_b: ${utcbWords(0xb0000000)}
        .balign 16
        .space ${STACK_BYTES}
stack_a_top:
        .space ${STACK_BYTES}
stack_b_top:
`;
}

export function ipcImage(variant: Variant, words = 4): LinkedImage {
  return assembleProgram(ipcSource(variant, words), { textAddress: 0, dataAddress: 0x10000 });
}
