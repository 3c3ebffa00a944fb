// Behaviour where QEMU is not ARMv5 (brief section 8): hand-written expectations from the ARM ARM
// for the ARM926EJ-S. These programs are kept out of the QEMU comparisons.
import { describe, expect, it } from 'vitest';
import { r, runSnippet } from './snippet.ts';
import { VersatileMachine } from '../../testbench/reference/index.ts';
import { directedPrograms } from './programs/index.ts';
import { assembleForTest } from './assemble.ts';

const DATA = `
  .data
  .align 4
buf: .word 0x44332211, 0x88776655, 0, 0, 0, 0, 0, 0
`;

describe('ARMv5 behaviour where QEMU differs', () => {
  it('misaligned LDR rotates the aligned word right by 8 x address[1:0]', () => {
    const m = runSnippet(`
  ldr r0, =buf
  ldr r2, [r0, #1]
  ldr r3, [r0, #2]
  ldr r4, [r0, #3]
  ldr r5, [r0]`, DATA);
    expect(r(m, 2)).toBe(0x11443322);
    expect(r(m, 3)).toBe(0x22114433);
    expect(r(m, 4)).toBe(0x33221144);
    expect(r(m, 5)).toBe(0x44332211);
  });

  it('misaligned STR and STRH ignore the low address bits; LDRH reads the aligned halfword', () => {
    const m = runSnippet(`
  ldr r0, =buf
  ldr r1, =0xaabbccdd
  str r1, [r0, #6]
  ldr r2, [r0, #4]
  mov r1, #0x1200
  strh r1, [r0, #9]
  ldr r3, [r0, #8]
  ldrh r4, [r0, #1]`, DATA);
    expect(r(m, 2)).toBe(0xaabbccdd);
    expect(r(m, 3)).toBe(0x00001200);
    expect(r(m, 4)).toBe(0x2211);
  });

  it('misaligned SWP rotates the loaded word and stores to the aligned address', () => {
    const m = runSnippet(`
  ldr r0, =buf
  add r0, r0, #1
  ldr r1, =0x01020304
  swp r2, r1, [r0]
  sub r0, r0, #1
  ldr r3, [r0]`, DATA);
    expect(r(m, 2)).toBe(0x11443322);
    expect(r(m, 3)).toBe(0x01020304);
  });

  it('misaligned LDM/STM ignore address bits 1:0', () => {
    const m = runSnippet(`
  ldr r0, =buf
  add r1, r0, #3
  ldmia r1, {r2, r3}
  add r1, r0, #10
  ldr r4, =0x5a5a5a5a
  stmia r1!, {r4}
  ldr r5, [r0, #8]
  sub r6, r1, r0`, DATA);
    expect(r(m, 2)).toBe(0x44332211);
    expect(r(m, 3)).toBe(0x88776655);
    expect(r(m, 5)).toBe(0x5a5a5a5a);
    expect(r(m, 6)).toBe(14); // writeback is base + 4, from the unaligned base
  });

  it('STM {pc} stores the instruction address + 12', () => {
    const m = runSnippet(`
  ldr r0, =buf
here1:
  str pc, [r0]
here2:
  stmia r0, {r1, pc}
  ldr r2, [r0]
  ldr r3, [r0, #4]
  adr r4, here1
  adr r5, here2`, DATA);
    expect(r(m, 2)).toBe(0); // the STM's first word is r1 (still 0)
    expect(r(m, 3)).toBe((r(m, 5) + 12) >>> 0);
  });

  it('STR pc (alone) stores address + 12', () => {
    const m = runSnippet(`
  ldr r0, =buf
here1:
  str pc, [r0]
  ldr r2, [r0]
  adr r4, here1`, DATA);
    expect(r(m, 2)).toBe((r(m, 4) + 12) >>> 0);
  });

  it('a register-specified shift reads r15 as address + 12 (Rm and Rn)', () => {
    const m = runSnippet(`
  mov r1, #0
here1:
  add r2, r1, pc, lsl r1
here2:
  add r3, pc, r1, lsl r1
  adr r4, here1
  adr r5, here2`);
    expect(r(m, 2)).toBe((r(m, 4) + 12) >>> 0);
    expect(r(m, 3)).toBe((r(m, 5) + 12) >>> 0);
  });

  it('an empty register list transfers r15 only and moves the base by 64', () => {
    const m = runSnippet(`
  ldr r0, =buf
  mov r6, r0
here1:
  .word 0xe8a00000             @ stmia r0!, {}
  ldr r2, [r6]
  sub r3, r0, r6
  adr r4, here1
  adr r1, landing
  str r1, [r6, #4]
  add r0, r6, #4
  .word 0xe8900000             @ ldmia r0, {}  -> jumps to landing
  mov r5, #1
landing:
  mov r7, #7`, DATA);
    expect(r(m, 2)).toBe((r(m, 4) + 12) >>> 0);
    expect(r(m, 3)).toBe(64);
    expect(r(m, 5)).toBe(0);
    expect(r(m, 7)).toBe(7);
  });

  it('an invalid second-level entry in a no-access domain is a page translation fault, before the domain fault', () => {
    // The ARM926EJ-S TRM's fault priority (QEMU reports a page domain fault, 0x3b). The program is
    // the directed one (also run in lockstep with the RTL, which agrees).
    const p = directedPrograms.find((d) => d.name === 'mmu: an invalid second-level entry in a no-access domain is a page translation fault')!;
    expect(p.golden).toBe(false);
    const m = new VersatileMachine();
    m.loadImage(assembleForTest(p.source));
    m.run(2_000_000);
    expect(r(m, 5)).toBe(0x37); // page translation fault, domain 3
    expect(r(m, 6)).toBe(0x3b); // a valid entry there: page domain fault, domain 3
  });

  it('LDM ^ with writeback (no pc) loads User registers and writes back the current base', () => {
    const m = runSnippet(`
  ldr r0, =buf
  ldr r1, =0x11111111
  str r1, [r0]
  ldr r1, =0x22222222
  str r1, [r0, #4]
  mov r8, #0
  mov r9, #0
  msr cpsr_c, #0xd1            @ FIQ: r8, r9 banked
  mov r8, #0x80
  mov r9, #0x90
  mov r2, r0
  .word 0xe8f20300             @ ldmia r2!, {r8, r9}^
  mov r3, r8
  mov r4, r9
  sub r5, r2, r0
  msr cpsr_c, #0xd3
  mov r6, r8
  mov r7, r9`, DATA);
    expect(r(m, 3)).toBe(0x80);
    expect(r(m, 4)).toBe(0x90);
    expect(r(m, 5)).toBe(8);
    expect(r(m, 6)).toBe(0x11111111);
    expect(r(m, 7)).toBe(0x22222222);
  });
});
