// Data-processing: every opcode, shifter operand forms and flags.
import { program, type DirectedProgram } from './common.ts';

export const aluPrograms: readonly DirectedProgram[] = [
  {
    name: 'add/sub/rsb/adc/sbc/rsc with carries and overflow',
    golden: true,
    source: program(`
  ldr r0, =0x7fffffff
  adds r1, r0, #1          @ overflow: N V
  adcs r2, r0, r0
  ldr r3, =0xffffffff
  adds r4, r3, #1          @ carry, zero
  sbcs r5, r4, #0
  subs r6, r4, #1          @ borrow
  rsbs r7, r0, #0
  rscs r8, r0, #5
  mov r9, #0
  sbc r10, r9, #0
  cmn r3, #1
  adc r11, r9, r9
  cmp r0, r3
  sbc r12, r9, r9
`),
    registers: { 4: 0, 6: 0xffffffff },
  },
  {
    name: 'logical ops, tst/teq, mvn, bic, shifter carry out',
    golden: true,
    source: program(`
  ldr r0, =0xf0f0f0f0
  ldr r1, =0x0ff00ff0
  ands r2, r0, r1
  eors r3, r0, r1
  orrs r4, r0, r1
  bics r5, r0, r1
  mvns r6, r0
  movs r7, #0x80000000
  tst r0, #1
  teq r0, r0
  movs r8, r0, lsl #1
  movs r9, r0, lsr #32
  movs r10, r0, asr #32
  movs r11, r0, ror #4
  movs r12, r0, rrx
  ands r2, r1, #0xff000000
  tst r1, #0x80000000
`),
    registers: { 2: 0x0f000000, 3: 0xff00ff00, 4: 0xfff0fff0 },
  },
  {
    name: 'register-specified shifts by 0, 1..31, 32, >32',
    golden: true,
    source: program(`
  ldr r0, =0x80000001
  mov r1, #0
  movs r2, r0, lsl r1
  mov r1, #1
  movs r3, r0, lsl r1
  mov r1, #32
  movs r4, r0, lsl r1
  mov r1, #33
  movs r5, r0, lsl r1
  mov r1, #32
  movs r6, r0, lsr r1
  mov r1, #40
  movs r7, r0, asr r1
  mov r1, #32
  movs r8, r0, ror r1
  mov r1, #0x104
  movs r9, r0, ror r1
  mov r1, #200
  movs r10, r0, lsr r1
  mov r1, #31
  adds r11, r0, r0, asr r1
  rsbs r12, r0, r0, lsl r1
`),
  },
];
