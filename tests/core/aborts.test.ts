// Data aborts in the middle of a multi-word transfer, in lockstep: an LDM and an STM that run off
// the end of a mapped section into an unmapped one. The base register is restored (ARM926 base
// restored abort model); registers an aborted LDM loaded before the fault are UNPREDICTABLE and not
// compared; FSR and FAR are read back by the handler and compared through the registers.
import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';

const program = (transfer: string) => `
  .text
  .global _start
vectors:
  b _start
  b .
  b .
  b .
  b dabt
  b .
  b .
  b .
dabt:
  mrc p15, 0, r10, c5, c0, 0     @ FSR
  mrc p15, 0, r11, c6, c0, 0     @ FAR
  subs pc, lr, #4                @ skip the faulting instruction
_start:
  ldr r0, =0x80000               @ first-level table
  ldr r1, =0xc02                 @ section 0: identity, AP=11, uncached
  str r1, [r0]
  mov r1, #0
  str r1, [r0, #4]               @ section 1: fault
  mcr p15, 0, r0, c2, c0, 0
  mov r1, #1
  mcr p15, 0, r1, c3, c0, 0      @ domain 0: client
  mcr p15, 0, r1, c8, c7, 0
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #1
  mcr p15, 0, r1, c1, c0, 0      @ MMU on
  ldr r9, =0x000ffff8
  mov r1, #0x11
  mov r2, #0x22
  mov r3, #0x33
  mov r4, #0x44
  ${transfer}
  mov r5, r9                     @ the base after the abort
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
`;

describe('data aborts inside LDM/STM, in lockstep', () => {
  it.each(['ldmia r9!, {r1, r2, r3, r4}', 'ldmia r9, {r1, r2, r3, r4}', 'stmia r9!, {r1, r2, r3, r4}', 'ldrd r2, [r9, #8]!', 'strd r2, [r9, #8]'])('%s', (transfer) => {
    const image = assembleProgram(program(transfer), { textAddress: 0 });
    const r = runLockstep(image, { check: true, maxCycles: 50_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
    expect(r.history.some((h) => h.exc === 4)).toBe(true);
  });
});
