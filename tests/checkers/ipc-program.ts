// A hand-made stand-in for the kernel: two user threads and a minimal SVC handler that does an
// IPC the L4 way. Thread B runs first and waits (SWI); the handler switches to thread A, which
// loads its MRs into r3..r8 and sends (SWI); the handler copies N UTCB words from the sender's UTCB
// to the receiver's, leaves r3..r8 alone and returns to the receiver. Variants break one claim.
import { assembleProgram, type LinkedImage } from '../../kernel/toolchain/index.ts';

export type Variant = 'good' | 'writes-r4' | 'stores-r5-to-kbuf' | 'saves-mrs-on-stack' | 'copies-through-kbuf' | 'tlb-flush' | 'writes-page-table';

export const UTCB_BYTES = 512;
export const MR_OFFSET = 64 + 6 * 4; // UTCB words after the six register MRs

function handlerBreakage(v: Variant): { entry: string; copy: string; exit: string } {
  switch (v) {
    case 'writes-r4': return { entry: '', copy: 'mov r4, #0x44', exit: '' };
    case 'stores-r5-to-kbuf': return { entry: 'ldr r9, =kbuf\n str r5, [r9]', copy: '', exit: '' };
    case 'saves-mrs-on-stack': return { entry: 'stmfd sp!, {r3-r8}', copy: '', exit: 'ldmfd sp!, {r3-r8}' };
    case 'tlb-flush': return { entry: 'mov r9, #0\n mcr p15, 0, r9, c8, c7, 0', copy: '', exit: '' };
    case 'writes-page-table': return { entry: 'ldr r9, =page_table\n mov r2, #0\n str r2, [r9, #4]', copy: '', exit: '' };
    default: return { entry: '', copy: '', exit: '' };
  }
}

/** 128 distinct words: what each thread left in its UTCB. */
function utcbWords(tag: number): string {
  return Array.from({ length: 128 }, (_, k) => `.word 0x${((tag | (k * 0x01010101)) >>> 0).toString(16)}`).join('\n        ');
}

export function ipcSource(variant: Variant, words: number): string {
  const b = handlerBreakage(variant);
  const copyLoop =
    variant === 'copies-through-kbuf'
      ? 'ldr r9, [r0], #4\n str r9, [r12]\n ldr r9, [r12]\n str r9, [r1], #4'
      : 'ldr r9, [r0], #4\n str r9, [r1], #4';
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
        ldr r10, [r11, #4]
        msr spsr_cxsf, r10
        ldr lr, [r11, #0]
        movs pc, lr

        .global ipc_entry
swi_handler:
ipc_entry:
        ${b.entry}
        ldr r12, =current
        ldr r11, [r12]          @ sender's TCB
        str lr, [r11, #0]       @ its resume pc
        mrs r10, spsr
        str r10, [r11, #4]
        ldr r10, [r11, #8]      @ partner's TCB
        str r10, [r12]          @ partner runs next
        .global fastpath_check_words
fastpath_check_words:
        cmp r10, #0
        beq .
        .global ipc_copy_utcb
ipc_copy_utcb:
        ldr r0, [r11, #12]
        ldr r1, [r10, #12]
        add r0, r0, #${MR_OFFSET}
        add r1, r1, #${MR_OFFSET}
        ldr r12, =kbuf
        mov r2, #${words}
1:      subs r2, r2, #1
        bmi 2f
        ${copyLoop}
        ${b.copy}
        b 1b
2:
        .global ipc_switch_space
ipc_switch_space:
        ldr r9, [r10, #4]
        msr spsr_cxsf, r9
        ldr lr, [r10, #0]
        .global ipc_exit
ipc_exit:
        ${b.exit}
        movs pc, lr

thread_b:
        swi #2                  @ wait for A
        .global recv_first
recv_first:
        add r0, r3, r4          @ the receiver uses its MRs
        .global done
done:   b done

thread_a:
        mov r3, #0x30
        mov r4, #0x31
        mov r5, #0x32
        mov r6, #0x33
        mov r7, #0x34
        mov r8, #0x35
        swi #1                  @ send to B
        b .

        .data
        .balign 4
current: .word tcb_b
tcb_a:  .word thread_a, 0x10, tcb_b, utcb_a
tcb_b:  .word thread_b, 0x10, tcb_a, utcb_b
        .balign 4
kbuf:   .word 0
        .balign 4
page_table: .word 0, 0
        .balign 512
utcb_a: ${utcbWords(0xa0000000)}
utcb_b: ${utcbWords(0xb0000000)}
`;
}

export function ipcImage(variant: Variant, words = 4): LinkedImage {
  return assembleProgram(ipcSource(variant, words), { textAddress: 0, dataAddress: 0x10000 });
}
