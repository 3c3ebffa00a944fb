// A small program for the machine tests: vectors at 0, an entry away from 0 that depends on the
// CPSR it is started with (Z) and on a register set at start (r5), a store and a load to one word,
// banked registers and SPSRs set in every mode, a SWI, an undefined instruction and a semihosting exit.
import { assembleProgram, type LinkedImage } from '../../kernel/toolchain/index.ts';

export const MODES_PROGRAM = `
        .text
vectors:
        b       .
        b       undef_handler
        b       swi_handler
        b       .
        b       .
        nop
        b       .
        b       .
        .global _start
_start:
        addeq   r5, r5, #1
        ldr     r6, =datum
        str     r5, [r6]
        ldr     r7, [r6]
after_load:
        msr     cpsr_c, #0xd2
        ldr     sp, =0x1200
        ldr     lr, =0x1204
        ldr     r0, =0x20000010
        msr     spsr_fsxc, r0
        msr     cpsr_c, #0xd1
        ldr     r8, =0x108
        ldr     r9, =0x109
        ldr     r10, =0x10a
        ldr     r11, =0x10b
        ldr     r12, =0x10c
        ldr     sp, =0x1100
        ldr     lr, =0x1104
        ldr     r0, =0x40000011
        msr     spsr_fsxc, r0
        msr     cpsr_c, #0xd7
        ldr     sp, =0x1700
        ldr     lr, =0x1704
        msr     cpsr_c, #0xdb
        ldr     sp, =0x1b00
        ldr     lr, =0x1b04
        msr     cpsr_c, #0xd3
        ldr     sp, =0x1300
        ldr     r12, =0xc0ffee
swi_point:
        swi     0x42
after_swi:
        .word   0xe7f000f0
after_undef:
        mov     r0, #0x18
        ldr     r1, =0x20026
        swi     0x123456
undef_handler:
        movs    pc, lr
swi_handler:
        movs    pc, lr
        .ltorg
        .data
datum:  .word   0
`;

export function modesImage(): LinkedImage {
  return assembleProgram(MODES_PROGRAM, { textAddress: 0, dataAddress: 0x4000 });
}
