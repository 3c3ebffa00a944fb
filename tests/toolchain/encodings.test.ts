// Directed encodings, hand-checked against the ARM ARM encoding diagrams.
import { describe, expect, it } from 'vitest';
import { hex, word, words } from './helpers.ts';

const CASES: readonly [string, number][] = [
  ['add r0, r1, r2', 0xe0810002],
  ['adds r0, r1, #0xff000000', 0xe29104ff],
  ['nop', 0xe1a00000],
  ['mov r1, r2, lsl #3', 0xe1a01182],
  ['mov r1, r2, lsl r3', 0xe1a01312],
  ['mov r1, r2, rrx', 0xe1a01062],
  ['mov r1, r2, asr #32', 0xe1a01042],
  ['lsls r0, r1, #2', 0xe1b00101],
  ['cmp r1, #4', 0xe3510004],
  ['teq r1, r2', 0xe1310002],
  ['mov r0, #-1', 0xe3e00000],
  ['and r0, r1, #-2', 0xe3c10001],
  ['adc r0, r1, #-2', 0xe2c10001],
  ['cmp r0, #-1', 0xe3700001],
  ['mov r0, #0x3fc', 0xe3a00fff],
  ['mov r0, #52, 4', 0xe3a00234],
  ['addeqs r0, r1, r2', 0x00910002],
  // Unified syntax writes the condition last (GNU rejects addseq in divided syntax).
  ['.syntax unified\naddseq r0, r1, r2', 0x00910002],
  ['ldr r0, [r1, #4]!', 0xe5b10004],
  ['ldr r0, [r1], #-4', 0xe4110004],
  ['ldr r0, [r1, -r2, lsl #2]', 0xe7110102],
  ['ldr r0, [r1, #-0]', 0xe5110000],
  ['ldr r0, [r1]', 0xe5910000],
  ['ldr r0, [r1], r2', 0xe6910002],
  ['str r0, [r1, +r2]!', 0xe7a10002],
  ['ldreqb r0, [r1]', 0x05d10000],
  ['ldreqbt r0, [r1]', 0x04f10000],
  ['.syntax unified\nldrbteq r0, [r1]', 0x04f10000],
  ['strt r0, [r1]', 0xe4a10000],
  ['ldrh r0, [r1, #-6]', 0xe15100b6],
  ['ldrh r0, [r1, -r2]', 0xe11100b2],
  ['ldrsb r0, [r1]', 0xe1d100d0],
  ['ldreqsh r0, [r1]', 0x01d100f0],
  ['ldrd r2, [r1], -r4', 0xe00120d4],
  ['strd r0, [r2, #8]', 0xe1c200f8],
  ['ldreqd r0, [r1]', 0x01c100d0],
  ['ldm r0, {r1, r2}', 0xe8900006],
  ['stmdb sp!, {r4, lr}', 0xe92d4010],
  ['stmfd sp!, {r0}', 0xe92d0001],
  ['ldmeqia r0, {r1}', 0x08900002],
  ['ldmia r0, {r1}^', 0xe8d00002],
  ['ldmfd sp!, {r0-r12, pc}^', 0xe8fd9fff],
  ['push {r4-r6, lr}', 0xe92d4070],
  ['push {r0}', 0xe52d0004],
  ['pop {pc}', 0xe49df004],
  ['pop {r0, r1}', 0xe8bd0003],
  ['blx r3', 0xe12fff33],
  ['bx lr', 0xe12fff1e],
  ['swi 0x12', 0xef000012],
  ['svc #5', 0xef000005],
  ['bkpt 0x1234', 0xe1212374],
  ['bkpt', 0xe1200070],
  ['mrs r0, cpsr', 0xe10f0000],
  ['mrs r0, spsr', 0xe14f0000],
  ['msr cpsr_fc, r0', 0xe129f000],
  ['msr cpsr, r0', 0xe129f000],
  ['msr apsr_nzcvq, r0', 0xe128f000],
  ['msr spsr_fsxc, #0xf0000000', 0xe36ff20f],
  ['mcr p15, 0, r0, c1, c0, 0', 0xee010f10],
  ['mrc p15, 0, r0, c1, c0, 0', 0xee110f10],
  ['mcr2 p1, 0, r0, c1, c2', 0xfe010112],
  ['cdp p14, 1, c1, c2, c3, 4', 0xee121e83],
  ['ldc p14, c5, [r1, #8]!', 0xedb15e02],
  ['stcl p14, c5, [r1], {4}', 0xecc15e04],
  ['ldc2l p3, c1, [r0, #-1020]', 0xfd5013ff],
  ['mcrr p15, 1, r0, r1, c2', 0xec410f12],
  ['mrrc p15, 1, r0, r1, c2', 0xec510f12],
  ['pld [r1, #4]', 0xf5d1f004],
  ['pld [r1, -r2, lsl #2]', 0xf751f102],
  ['smlabb r0, r1, r2, r3', 0xe1003281],
  ['smulwt r0, r1, r2', 0xe12002e1],
  ['smlalbt r0, r1, r2, r3', 0xe14103c2],
  ['smlalbb r0, r1, r2, r3', 0xe1410382],
  ['qdadd r0, r1, r2', 0xe1420051],
  ['clz r0, r1', 0xe16f0f11],
  ['swpb r0, r1, [r2]', 0xe1420091],
  ['umull r0, r1, r2, r3', 0xe0810392],
  ['mul r0, r1, r2', 0xe0000291],
  ['mla r0, r1, r2, r3', 0xe0203291],
  ['movs pc, lr', 0xe1b0f00e],
  ['subs pc, lr, #4', 0xe25ef004],
];

describe('directed encodings', () => {
  it('divided syntax takes the condition where GNU does', () => {
    expect(() => word('addseq r0, r1, r2')).toThrow(/unified syntax.*'addeqs'/);
    expect(() => word('ldrbteq r0, [r1]')).toThrow(/unified syntax.*'ldreqbt'/);
    expect(() => word('bkpteq 1')).toThrow(/cannot be conditional/);
  });
  for (const [src, w] of CASES) {
    it(src, () => expect(hex(word(src))).toBe(hex(w)));
  }

  it('branches and adr resolve within the section', () => {
    expect(words('_start: b _start\n bl _start\n blx _start\n adr r3, _start').map(hex)).toEqual(
      ['eafffffe', 'ebfffffd', 'fafffffc', 'e24f3014'].map((x) => x),
    );
  });

  it('literal pools: mov/mvn when encodable, pool load otherwise, deduplicated', () => {
    const w = words('ldr r0, =0x12345678\nldr r1, =0xff\nldr r2, =0xffffff00\nldr r3, =0x12345678\n.ltorg\n');
    expect(w.map(hex)).toEqual(['e59f0008', 'e3a010ff', 'e3e020ff', 'e51f3004', '12345678'].map((x) => x));
  });

  it('label loads use U clear for a zero offset, as GNU as does', () => {
    expect(words('ldr r0, =1f\nnop\n1:\n').map(hex)).toEqual(['e51f0000', 'e1a00000', '00000000']);
  });
});

describe('two-operand data processing', () => {
  it('"op rd, op2" means "op rd, rd, op2"', () => {
    expect(words('add r0, r1\nadd r0, #4\nsub r2, r3, lsl #2\norr r4, r5, r6').map(hex)).toEqual(['e0800001', 'e2800004', 'e0422103', 'e1854006']);
  });
});
