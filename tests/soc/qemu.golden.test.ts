// Golden: device register behaviour and unmapped space against QEMU versatilepb. A sequence of
// loads and stores runs on QEMU (the program keeps every loaded value in RAM and prints them on
// UART0 at the end, so printing cannot disturb the UART registers read) and, through a script
// master, on the model; the loaded values must be equal. Only sequences whose results do not
// depend on time (QEMU's timer runs on virtual time, not cycles) are compared.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIZE_BYTE, SIZE_HALF, SIZE_WORD } from '../../rtl/soc/index.ts';
import { gnuAssemble } from '../support/gnu-asm.ts';
import { goldenGate } from '../support/golden.ts';
import { bench, extract, type Size, type Txn } from './master.ts';

const gate = goldenGate('soc against QEMU versatilepb', ['arm-none-eabi-as', 'arm-none-eabi-ld', 'qemu-system-arm']);

const UART = 0x101f1000;
const VIC = 0x10140000;
const TIMER = 0x101e2000;
const range = (base: number, from: number, to: number): number[] => Array.from({ length: (to - from) / 4 + 1 }, (_, k) => base + from + 4 * k);
const rd = (addr: number, size: Size = SIZE_WORD): Txn => ({ addr, size });
const wr = (addr: number, value: number, size: Size = SIZE_WORD): Txn => ({ addr, size, we: true, value });

/** Reset values, identification, narrow reads, unmapped space: reads only, before any write. */
const RESET_READS: Txn[] = [
  ...[...range(UART, 0, 0x48), UART + 0x100, ...range(UART, 0xfe0, 0xffc)].map((a) => rd(a)),
  ...[...range(VIC, 0, 0x34), VIC + 0x100, VIC + 0x13c, VIC + 0x200, VIC + 0x23c, VIC + 0x300, ...range(VIC, 0xfe0, 0xffc)].map((a) => rd(a)),
  ...[...range(TIMER, 0, 0x40), ...range(TIMER, 0xfe0, 0xffc)].map((a) => rd(a)),
  ...[0x07fffffc, 0x08000000, 0x20000000, 0x101f5000, 0x10150000, 0x80000000, 0xfffffffc].map((a) => rd(a)),
  rd(UART + 0xfe1, SIZE_BYTE),
  rd(UART + 0xfe2, SIZE_HALF),
  rd(VIC + 0xfe3, SIZE_BYTE),
  rd(TIMER + 0x09, SIZE_BYTE),
  rd(TIMER + 0xffe, SIZE_HALF),
  rd(TIMER + 0xffd, SIZE_BYTE),
  rd(TIMER + 0xfe1, SIZE_BYTE),
  rd(TIMER + 0x3e, SIZE_HALF),
  rd(UART + 0xffe, SIZE_HALF),
  rd(UART + 0xfff, SIZE_BYTE),
  rd(UART + 0x1a, SIZE_HALF),
  rd(VIC + 0xffe, SIZE_HALF),
  rd(VIC + 0xfff, SIZE_BYTE),
  rd(VIC + 0x0a, SIZE_HALF),
];

/** VIC enables, software interrupts, vectors and the priority stack; register write masks. */
const VIC_SEQUENCE: Txn[] = [
  wr(VIC + 0x200, 0x24),
  wr(VIC + 0x100, 0xaaa0),
  wr(VIC + 0x34, 0xdef0),
  wr(VIC + 0x10, 0x90),
  wr(VIC + 0x18, 0x90),
  rd(VIC + 0x30),
  rd(VIC + 0x30),
  rd(VIC + 0x0),
  rd(VIC + 0x8),
  wr(VIC + 0x30, 0),
  wr(VIC + 0x1c, 0x10),
  rd(VIC + 0x30),
  wr(VIC + 0x18, 0x10),
  rd(VIC + 0x30),
  wr(VIC + 0x30, 0),
  rd(VIC + 0x30),
  wr(VIC + 0x30, 0),
  wr(VIC + 0x30, 0),
  wr(VIC + 0x30, 0),
  wr(VIC + 0x1c, 0x90),
  rd(VIC + 0x30),
  wr(VIC + 0xc, 0x1000),
  wr(VIC + 0x18, 0x1010),
  rd(VIC + 0x0),
  rd(VIC + 0x4),
  wr(VIC + 0x14, 0x10),
  rd(VIC + 0x0),
  rd(VIC + 0x10),
  wr(VIC + 0x200, 0xffffffff),
  rd(VIC + 0x200),
  wr(VIC + 0x20, 0xffffffff),
  rd(VIC + 0x20),
  wr(VIC + 0x20, 0),
];

/**
 * VIC priorities across slots: sources 7, 3 and 5 pending at once, slot 0 for 7, slot 1 for 3, and
 * slot 2 naming 5 without its enable bit (non-vectored: the default vector, below every slot);
 * VectAddr acknowledges the highest, repeats it while in service, and moves down as each ends.
 */
const VIC_PRIORITY_SEQUENCE: Txn[] = [
  wr(VIC + 0x10, 0xa8),
  wr(VIC + 0x100, 0x1000),
  wr(VIC + 0x200, 0x27),
  wr(VIC + 0x104, 0x2000),
  wr(VIC + 0x204, 0x23),
  wr(VIC + 0x108, 0x3000),
  wr(VIC + 0x208, 0x05),
  wr(VIC + 0x34, 0x4000),
  wr(VIC + 0x18, 0xa8),
  rd(VIC + 0x30),
  rd(VIC + 0x30),
  wr(VIC + 0x1c, 0x80),
  wr(VIC + 0x30, 0),
  rd(VIC + 0x30),
  wr(VIC + 0x1c, 0x08),
  wr(VIC + 0x30, 0),
  rd(VIC + 0x30),
  wr(VIC + 0x1c, 0x20),
  wr(VIC + 0x30, 0),
  rd(VIC + 0x0),
  rd(VIC + 0x30),
];

/** UART control registers, TX interrupt, ICR; timer registers that do not depend on time. */
const UART_TIMER_SEQUENCE: Txn[] = [
  ...[0x20, 0x24, 0x28, 0x2c, 0x30, 0x34, 0x38, 0x48].flatMap((o) => [wr(UART + o, 0xffffffff), rd(UART + o)]),
  wr(UART + 0x38, 0),
  wr(UART, 0x41, SIZE_BYTE),
  rd(UART + 0x3c),
  rd(UART + 0x40),
  rd(VIC + 0x8),
  wr(UART + 0x38, 0x20),
  rd(UART + 0x40),
  rd(VIC + 0x8),
  wr(UART + 0x44, 0xffffffff),
  rd(UART + 0x3c),
  rd(UART + 0x18),
  wr(UART + 0x30, 0x300),
  wr(TIMER, 0x12345),
  rd(TIMER + 0x4), // reset mode is free-running 16-bit: 0xffff
  rd(TIMER),
  wr(TIMER + 0x8, 0x42), // periodic, disabled
  wr(TIMER, 0x555),
  rd(TIMER + 0x4),
  wr(TIMER + 0x18, 0x777),
  rd(TIMER + 0x4),
  rd(TIMER),
  rd(TIMER + 0x18),
  wr(TIMER + 0x8, 0xffffffff), // all control bits, enabled: one-shot
  rd(TIMER + 0x8),
  wr(TIMER + 0x8, 0),
  wr(TIMER + 0x20 + 0x8, 0x02), // timer 2 free-running 32-bit, disabled
  wr(TIMER + 0x20, 9),
  rd(TIMER + 0x24),
  wr(TIMER + 0xc, 1),
  rd(TIMER + 0x10),
];

// A literal pool after every access, jumped over (so no literal word is ever executed).
const POOL = '  b 1f\n  .ltorg\n1:\n';

function program(ops: readonly Txn[]): string {
  const op = (s: Size, we: boolean): string => (we ? 'str' : 'ldr') + (s === SIZE_BYTE ? 'b' : s === SIZE_HALF ? 'h' : '');
  const body = ops
    .map((t) => {
      const s = t.size ?? SIZE_WORD;
      const head = `  ldr r1, =0x${(t.addr >>> 0).toString(16)}\n`;
      if (t.we) return `${head}  ldr r0, =0x${((t.value ?? 0) >>> 0).toString(16)}\n  ${op(s, true)} r0, [r1]\n${POOL}`;
      return `${head}  ${op(s, false)} r0, [r1]\n  str r0, [r2], #4\n${POOL}`;
    })
    .join('');
  const reads = ops.filter((t) => !t.we).length;
  return `
  .text
  .global _start
_start:
  ldr sp, =0x8000
  ldr r2, =results
${body}
  ldr r4, =results
  ldr r6, =${reads}
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
  .space ${4 * reads + 4}
`;
}

function onQemu(ops: readonly Txn[]): number[] {
  const elf = gnuAssemble(program(ops), { textAddress: 0x10000, dataAddress: 0x200000 });
  const dir = mkdtempSync(join(tmpdir(), 'handoff-soc-'));
  try {
    const path = join(dir, 'prog.elf');
    writeFileSync(path, elf);
    const out = execFileSync('qemu-system-arm', ['-M', 'versatilepb', '-cpu', 'arm926', '-nographic', '-monitor', 'none', '-serial', 'stdio', '-semihosting', '-kernel', path], {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Bytes the sequence itself transmits come before the printout: keep the last `reads` lines.
    const reads = ops.filter((t) => !t.we).length;
    const lines = out.replace(/\r/g, '').split('\n').filter((l) => l.length > 0);
    return lines.slice(-reads).map((l) => parseInt(l.slice(-8), 16));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function onModel(ops: readonly Txn[]): number[] {
  const b = bench({ ramBytes: 128 << 20 }, { d: ops }, false);
  b.run();
  return b.d.results.filter((r) => !r.txn.we).map((r) => extract(r.txn.size ?? SIZE_WORD, r.txn.addr, r.rdata));
}

function compare(ops: readonly Txn[]): void {
  const reads = ops.filter((t) => !t.we);
  const qemu = onQemu(ops);
  expect(qemu).toHaveLength(reads.length);
  const model = onModel(ops);
  const differ = reads.flatMap((t, k) => (qemu[k] !== model[k] ? [`read ${k} of ${(t.addr >>> 0).toString(16)}/${t.size ?? SIZE_WORD}: qemu ${qemu[k]!.toString(16)} model ${model[k]!.toString(16)}`] : []));
  expect(differ).toEqual([]);
}

describe.skipIf(!gate.available)('devices and unmapped space against QEMU versatilepb', () => {
  it('reset values, identification registers, narrow reads, unmapped addresses', () => compare(RESET_READS));
  it('VIC: enables, FIQ select, software interrupts, vectors and priority nesting, write masks', () => compare(VIC_SEQUENCE));
  it('VIC: priorities across vector slots, a slot without its enable bit, end of service', () => compare(VIC_PRIORITY_SEQUENCE));
  it('UART registers and TX interrupt; timer registers that do not depend on time', () => compare(UART_TIMER_SEQUENCE));
});
