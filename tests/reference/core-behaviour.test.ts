// Model-specific behaviour: interworking into Thumb state, semihosting, effect
// records for lockstep, undefined encodings, WFI, reset state.
import { describe, expect, it } from 'vitest';
import { loadSnippet, r, runSnippet } from './snippet.ts';
import { physicalRegisterName } from '../../testbench/reference/index.ts';

// (Thumb halfwords are written as .short until the project's assembler has Thumb; the directed
// Thumb programs proper are in tests/golden/thumb.golden.test.ts and tests/core/thumb.test.ts.)
describe('interworking between ARM and Thumb state', () => {
  it('BLX to an odd address runs Thumb code; BX lr returns to ARM', () => {
    const m = runSnippet(`
  adr r0, thumb_code + 1
  blx r0
  mrs r2, cpsr
  b done
  .align 2
thumb_code:
  .short 0x2407               @ movs r4, #7
  .short 0x4770               @ bx lr
done:`);
    expect(r(m, 4)).toBe(7);
    expect(r(m, 2) & 0x20).toBe(0);
    expect(m.core.cpsr & 0x20).toBe(0);
  });

  it('BLX <label> always enters Thumb; the link returns to ARM', () => {
    const m = runSnippet(`
here:
  .word 0xfa000000            @ blx here+8 (Thumb)
  b done
  .short 0x2409               @ movs r4, #9
  .short 0x4770               @ bx lr
done:`);
    expect(r(m, 4)).toBe(9);
    expect(r(m, 14)).toBe(0x10004);
  });

  it('LDR pc with bit 0 set interworks to Thumb (ARMv5T); BX pc comes back to ARM', () => {
    const m = runSnippet(`
  ldr r3, =0x20000
  adr r1, thumb_code + 1
  str r1, [r3]
  ldr pc, [r3]
  .align 2
thumb_code:
  .short 0x2403               @ movs r4, #3
  .short 0x46c0               @ nop
  .short 0x4778               @ bx pc: ARM, at the next word
  .short 0x46c0
  mov r2, #5`);
    expect(r(m, 4)).toBe(3);
    expect(r(m, 2)).toBe(5);
  });
});

describe('semihosting', () => {
  it('WRITEC and WRITE0 print and leave 0xDEADBEEF in r0; EXIT with another reason gives status 1', () => {
    const m = loadSnippet(`
  mov r0, #3
  adr r1, letter
  swi 0x123456
  mov r5, r0
  mov r0, #4
  adr r1, text
  swi 0x123456
  mov r0, #0x18
  mov r1, #1
  swi 0x123456
letter: .byte 0x41
text: .asciz "hi"
  .align 2`);
    const result = m.run(100);
    expect(result.stop).toEqual({ kind: 'exit', code: 1, reason: 1 });
    expect(r(m, 5)).toBe(0xdeadbeef);
    expect(m.semihostOutput()).toBe('Ahi');
  });

  it('from User mode SWI 0x123456 is an ordinary SWI', () => {
    const m = loadSnippet(`
  mov r0, #0
  ldr r2, =0xe1a0f00e         @ mov pc, lr at the SWI vector
  str r2, [r0, #8]
  msr cpsr_c, #0x10
  mov r0, #0x18
  swi 0x123456
  mov r3, #3`);
    const steps = [];
    for (let i = 0; i < 7; i++) steps.push(m.step());
    expect(steps[5]?.exception).toBe('swi');
    expect(m.core.stop).toBeUndefined();
  });
});

describe('effects record (lockstep interface)', () => {
  it('reports registers by physical identity, memory accesses and exceptions', () => {
    const m = loadSnippet(`
  ldr r0, =0x201234
  mov r1, #0x55
  str r1, [r0, #4]
  ldrb r2, [r0, #4]
  msr cpsr_c, #0xd2
  mov sp, #0x1000
  .word 0xe7f000f0`);
    const effects = [];
    for (let i = 0; i < 7; i++) effects.push(m.step()!);
    const [ldr, , str, ldrb, msr, movSp, und] = effects;
    expect(ldr!.memory).toHaveLength(1); // literal pool read
    expect(str!.memory).toEqual([{ virtualAddress: 0x201238, physicalAddress: 0x201238, size: 4, value: 0x55, write: true }]);
    expect(ldrb!.memory[0]).toMatchObject({ size: 1, value: 0x55, write: false });
    expect(ldrb!.registerWrites).toEqual([{ physical: 2, name: 'r2', value: 0x55 }]);
    expect(msr!.cpsrAfter & 0x1f).toBe(0x12);
    expect(movSp!.registerWrites).toEqual([{ physical: 23, name: 'r13_irq', value: 0x1000 }]);
    expect(und!.exception).toBe('undefined');
    expect(und!.registerWrites.map((w) => w.name)).toEqual(['r14_und']);
    expect(und!.spsrWrite).toBe(0x400000d2);
    expect(und!.nextPc).toBe(4);
    expect(physicalRegisterName(16)).toBe('r8_fiq');
  });

  it('reports every word of an LDM and an STM, in order, where run() would move them at once', () => {
    // With the MMU off, run() moves these words straight through RAM (core.ts blockWordIndex);
    // step() must still list each one (the lockstep compares them).
    const m = loadSnippet(`
  ldr r13, =0x201000
  mov r0, #1
  mov r1, #2
  mov r2, #3
  stmia r13, {r0-r2}
  ldmia r13, {r4-r6}
  stmia r13, {r0-r2}
  ldmia r13, {r4-r6}`);
    const effects = [];
    for (let i = 0; i < 8; i++) effects.push(m.step()!);
    const words = (write: boolean) => [1, 2, 3].map((value, k) => ({ virtualAddress: 0x201000 + 4 * k, physicalAddress: 0x201000 + 4 * k, size: 4, value, write }));
    for (const k of [4, 6]) expect(effects[k]!.memory, `STM (step ${k})`).toEqual(words(true));
    for (const k of [5, 7]) expect(effects[k]!.memory, `LDM (step ${k})`).toEqual(words(false));
  });
});

describe('undefined encodings and coprocessors', () => {
  it('traps LDRD with an odd register, unconditional space, MCRR, coprocessor 10', () => {
    const m = runSnippet(`
  mov r0, #0
  ldr r2, =0xe28aa001          @ add r10, r10, #1
  str r2, [r0, #4]
  ldr r2, =0xe1b0f00e          @ movs pc, lr
  str r2, [r0, #8]
  mov r10, #0
  ldr r1, =0x20000
  .word 0xe1c130d0             @ ldrd r3, [r1] (odd Rd)
  .word 0xf7f000f0             @ cond=1111 space
  .word 0xec410f10             @ mcrr p15
  .word 0xee010a10             @ vmov (cp10)
  .word 0xe6000010             @ media space (ARMv6)
  mov r11, r10`);
    // the handler at 4 increments r10 then falls into 8 (movs pc, lr)
    expect(r(m, 11)).toBe(5);
  });
});

describe('wait for interrupt', () => {
  it('with nothing that could wake it, the run stops with wfi-deadlock', () => {
    const m = loadSnippet(`
  mcr p15, 0, r0, c7, c0, 4`);
    expect(m.run(100).stop).toEqual({ kind: 'wfi-deadlock', pc: 0x10004 });
  });
});

describe('SP804 prescalers', () => {
  it('divide the timer clock by 1, 16 and 256 (one tick per instruction on this model); 11 is /256, as in the RTL', () => {
    // Four free-running 32-bit counters (mode set before the load, which takes the mode's width),
    // loaded one after another, read after a loop of ~10,000 instructions.
    const m = runSnippet(`
  ldr r8, =0x101e2000
  ldr r9, =0x101e3000
  mov r1, #0x86                @ enable, 32-bit, prescale 16
  str r1, [r8, #0x08]
  mov r1, #0x8a                @ enable, 32-bit, prescale 256
  str r1, [r8, #0x28]
  mov r1, #0x82                @ enable, 32-bit, prescale 1
  str r1, [r9, #0x08]
  mov r1, #0x8e                @ enable, 32-bit, prescale 11 (undefined)
  str r1, [r9, #0x28]
  mvn r1, #0
  str r1, [r8, #0x00]          @ timer 0 load
  str r1, [r8, #0x20]          @ timer 1 load
  str r1, [r9, #0x00]          @ timer 2 load
  str r1, [r9, #0x20]          @ timer 3 load
  ldr r0, =5000
loop:
  subs r0, r0, #1
  bne loop
  ldr r4, [r8, #0x04]
  ldr r5, [r8, #0x24]
  ldr r6, [r9, #0x04]
  ldr r7, [r9, #0x24]`);
    const elapsed = (reg: number): number => 0xffffffff - r(m, reg);
    const ticks = elapsed(6);
    expect(ticks).toBeGreaterThan(9_990);
    expect(ticks).toBeLessThan(10_020);
    expect(Math.abs(elapsed(4) - ticks / 16)).toBeLessThan(2);
    expect(Math.abs(elapsed(5) - ticks / 256)).toBeLessThan(2);
    expect(Math.abs(elapsed(7) - ticks / 256)).toBeLessThan(2);
  });
});
