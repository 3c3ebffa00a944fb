// Golden: the values QEMU versatilepb returns for device registers, narrow device reads and unmapped
// addresses (read before anything writes), against the model. QEMU runs a program that loads every
// address, stores the values in RAM, then prints them on UART0; the model serves the same loads
// from a script master.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIZE_BYTE, SIZE_HALF, SIZE_WORD } from '../../rtl/soc/index.ts';
import { gnuAssemble } from '../support/gnu-asm.ts';
import { goldenGate } from '../support/golden.ts';
import { bench, extract, type Size } from './master.ts';

const gate = goldenGate('soc against QEMU versatilepb', ['arm-none-eabi-as', 'arm-none-eabi-ld', 'qemu-system-arm']);

const range = (base: number, from: number, to: number): number[] => Array.from({ length: (to - from) / 4 + 1 }, (_, k) => base + from + 4 * k);
const UART = 0x101f1000;
const VIC = 0x10140000;
const TIMER = 0x101e2000;
const LOADS: Array<[number, Size]> = [
  ...[...range(UART, 0, 0x48), UART + 0x100, ...range(UART, 0xfe0, 0xffc)].map((a): [number, Size] => [a, SIZE_WORD]),
  ...[...range(VIC, 0, 0x34), VIC + 0x100, VIC + 0x13c, VIC + 0x200, VIC + 0x23c, VIC + 0x300, ...range(VIC, 0xfe0, 0xffc)].map((a): [number, Size] => [a, SIZE_WORD]),
  ...[...range(TIMER, 0, 0x40), ...range(TIMER, 0xfe0, 0xffc)].map((a): [number, Size] => [a, SIZE_WORD]),
  ...[0x07fffffc, 0x08000000, 0x20000000, 0x101f5000, 0x10150000, 0x80000000, 0xfffffffc].map((a): [number, Size] => [a, SIZE_WORD]),
  [UART + 0xfe1, SIZE_BYTE],
  [UART + 0xfe2, SIZE_HALF],
  [VIC + 0xfe3, SIZE_BYTE],
  [TIMER + 0x09, SIZE_BYTE],
  [TIMER + 0xffe, SIZE_HALF],
  [TIMER + 0xffd, SIZE_BYTE],
  [TIMER + 0xfe1, SIZE_BYTE],
  [TIMER + 0x3e, SIZE_HALF],
  [UART + 0xffe, SIZE_HALF],
  [UART + 0xfff, SIZE_BYTE],
  [UART + 0x1a, SIZE_HALF],
  [VIC + 0xffe, SIZE_HALF],
  [VIC + 0xfff, SIZE_BYTE],
  [VIC + 0x0a, SIZE_HALF],
];

function program(): string {
  const op = (s: Size): string => (s === SIZE_BYTE ? 'ldrb' : s === SIZE_HALF ? 'ldrh' : 'ldr');
  const loads = LOADS.map(([a, s]) => `  ldr r1, =0x${a.toString(16)}\n  ${op(s)} r0, [r1]\n  str r0, [r2], #4\n  .ltorg\n`).join('');
  return `
  .text
  .global _start
_start:
  ldr sp, =0x8000
  ldr r2, =results
${loads}
  ldr r4, =results
  ldr r6, =${LOADS.length}
print:
  ldr r5, [r4], #4
  mov r7, #28
digit:
  mov r0, r5, lsr r7
  and r0, r0, #15
  cmp r0, #10
  addlt r0, r0, #48
  addge r0, r0, #87
  bl putc
  subs r7, r7, #4
  bpl digit
  mov r0, #10
  bl putc
  subs r6, r6, #1
  bne print
  mov r0, #0x18
  ldr r1, =0x20026
  svc 0x123456
  b .
putc:
  ldr r3, =0x101f1000
  str r0, [r3]
  bx lr
  .ltorg
  .data
results:
  .space ${4 * LOADS.length}
`;
}

describe.skipIf(!gate.available)('device registers and unmapped space against QEMU versatilepb', () => {
  it('every load returns what QEMU returns', () => {
    const elf = gnuAssemble(program(), { textAddress: 0x10000, dataAddress: 0x100000 });
    const dir = mkdtempSync(join(tmpdir(), 'handoff-soc-'));
    let out: string;
    try {
      const path = join(dir, 'prog.elf');
      writeFileSync(path, elf);
      out = execFileSync('qemu-system-arm', ['-M', 'versatilepb', '-cpu', 'arm926', '-nographic', '-monitor', 'none', '-serial', 'stdio', '-semihosting', '-kernel', path], {
        encoding: 'utf8',
        timeout: 20_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const qemu = out.trim().split(/\r?\n/).map((l) => parseInt(l, 16));
    expect(qemu).toHaveLength(LOADS.length);

    const b = bench({ ramBytes: 128 << 20 }, { d: LOADS.map(([addr, size]) => ({ addr, size })) }, false);
    b.run();
    const model = b.d.results.map((r) => extract(r.txn.size ?? SIZE_WORD, r.txn.addr, r.rdata));
    const rows = LOADS.map(([a, s], k) => `${a.toString(16).padStart(8, '0')}/${s}: qemu ${qemu[k]!.toString(16)} model ${model[k]!.toString(16)}`);
    const differ = rows.filter((_, k) => qemu[k] !== model[k]);
    expect(differ).toEqual([]);
  });
});
