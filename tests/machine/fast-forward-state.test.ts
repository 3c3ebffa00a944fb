// Fast-forward hands off device and core state a program is in the middle of using
// (testbench/machine/device-state.ts, fast-forward.ts): handed off inside an interrupt handler (the
// VIC's in-service level), between two lines of UART output, while a cycle-counter compare is
// armed, and while the model waits for an interrupt, the RTL ends as a full RTL run of the same
// program ends. State the model does not hold is named in `warnings`, never silently dropped.
import { describe, expect, it } from 'vitest';
import { assembleProgram, type LinkedImage } from '../../kernel/toolchain/index.ts';
import { IssMachine, RtlMachine, type Machine } from '../../testbench/machine/index.ts';
import { fastForward, runIssTo, type FastForwardPoint } from '../../testbench/machine/fast-forward.ts';

const RAM = 1 << 20;
const EXIT = `
        mov     r0, #0x18
        ldr     r1, =0x20026
        swi     0x123456`;
const VECTORS = `
        .text
vectors:
        b       .
        b       .
        b       .
        b       .
        b       .
        nop
        b       irq_handler
        b       .
        .global _start
_start:
        msr     cpsr_c, #0xd2
        ldr     sp, =0x3000
        msr     cpsr_c, #0xd3
        ldr     sp, =0x2000`;

const image = (body: string): LinkedImage => assembleProgram(`${VECTORS}\n${body}\n        .ltorg\n`, { textAddress: 0, dataAddress: 0x4000 });

interface End {
  readonly stop: string;
  readonly regs: Record<string, number>;
  readonly log: number[];
  readonly uart: string;
}

function end(m: Machine, regs: readonly string[], maxCycles = 200_000): End {
  const r = m.run([{ kind: 'exit' }], { maxCycles });
  const words = m.readMemory(0x4000, 64);
  const log = Array.from(new Uint32Array(words.buffer, 0, 16)).filter((w) => w !== 0);
  return { stop: JSON.stringify(r.stop), regs: Object.fromEntries(regs.map((n) => [n, m.readRegister(n)])), log, uart: m.uartOutput() };
}

/** The program's end on the full RTL, and on the RTL handed off at `point`; and the hand-off's warnings. */
function compare(img: LinkedImage, point: FastForwardPoint, regs: readonly string[]): { full: End; ff: End; warnings: readonly string[]; resumedWfi: boolean } {
  const full = new RtlMachine({ ramBytes: RAM });
  full.load({ image: img });
  full.start(img.entry);
  const ff = fastForward({ image: img }, point, { ramBytes: RAM });
  expect(ff.reached.stop.kind).toBe('symbol' in point ? 'breakpoint' : 'max-instructions');
  return { full: end(full, regs), ff: end(ff.rtl, regs), warnings: ff.warnings, resumedWfi: ff.resumedWfi };
}

// Two vectored soft interrupts: source 2 (slot 1, low) is taken first; its handler raises source 2
// again (masked by the VIC while its level is in service), enables IRQs, then raises source 1
// (slot 0, high), which nests. The log: 1 low entered, 2 in its window, 9 high, 3 low after the
// nesting, 0xee main. Handed off in the window, the RTL must keep level 1 in service.
const VIC_PROGRAM = `
        ldr     r0, =0x10140000
        ldr     r1, =isr_hi
        str     r1, [r0, #0x100]
        ldr     r1, =isr_lo
        str     r1, [r0, #0x104]
        mov     r1, #0x21
        str     r1, [r0, #0x200]
        mov     r1, #0x22
        str     r1, [r0, #0x204]
        mov     r1, #6
        str     r1, [r0, #0x10]
        ldr     r9, =log
        mov     r1, #4
        str     r1, [r0, #0x18]
        msr     cpsr_c, #0x53
        nop
        nop
        nop
        nop
        nop
        nop
        mov     r2, #0xee
        str     r2, [r9], #4
${EXIT}
irq_handler:
        sub     lr, lr, #4
        stmfd   sp!, {r0-r3, lr}
        mrs     r1, spsr
        stmfd   sp!, {r1}
        ldr     r0, =0x10140000
        ldr     r1, [r0, #0x30]
        mov     pc, r1
irq_exit:
        str     r0, [r0, #0x30]
        ldmfd   sp!, {r1}
        msr     spsr_cxsf, r1
        ldmfd   sp!, {r0-r3, pc}^
isr_lo:
        mov     r2, #1
        str     r2, [r9], #4
        mov     r1, #4
        str     r1, [r0, #0x1c]
        str     r1, [r0, #0x18]
        msr     cpsr_c, #0x52
lo_window:
        mov     r2, #2
        str     r2, [r9], #4
        mov     r3, #20
1:      subs    r3, r3, #1
        bne     1b
        mov     r1, #2
        str     r1, [r0, #0x18]
        nop
        nop
        nop
        nop
        nop
        nop
        mov     r2, #3
        str     r2, [r9], #4
        msr     cpsr_c, #0xd2
        mov     r1, #4
        str     r1, [r0, #0x1c]
        b       irq_exit
isr_hi:
        mov     r2, #9
        str     r2, [r9], #4
        mov     r1, #2
        str     r1, [r0, #0x1c]
        b       irq_exit
        .data
log:    .space  64
`;

const UART_PROGRAM = `
        ldr     r0, =0x101f1000
        mov     r1, #0x70
        str     r1, [r0, #0x2c]
        mov     r1, #0x10
        str     r1, [r0, #0x38]
        ldr     r1, =0x301
        str     r1, [r0, #0x30]
        mov     r1, #27
        str     r1, [r0, #0x24]
        mov     r1, #5
        str     r1, [r0, #0x28]
        ldr     r2, =first
        bl      puts
mid:
        ldr     r2, =second
        bl      puts
        ldr     r4, [r0, #0x2c]
        ldr     r5, [r0, #0x38]
        ldr     r6, [r0, #0x3c]
        ldr     r7, [r0, #0x30]
        ldr     r8, [r0, #0x24]
        ldr     r10, [r0, #0x28]
${EXIT}
puts:   ldrb    r1, [r2], #1
        cmp     r1, #0
        strne   r1, [r0]
        bne     puts
        bx      lr
irq_handler:
        b       .
first:  .asciz  "hello, "
second: .asciz  "world\\n"
        .align  2
        .data
log:    .space  64
`;

/** r0 = the cycle counter, r4 = COUNT now, its interrupt armed `ticks` later and enabled at the VIC (r3). */
const armCompare = (ticks: number): string => `
        ldr     r0, =0x101e9000
        ldr     r4, [r0]
        add     r1, r4, #${ticks}
        str     r1, [r0, #4]
        mov     r1, #1
        str     r1, [r0, #8]
        ldr     r3, =0x10140000
        mov     r1, #0x100000
        str     r1, [r3, #0x10]`;

// The cycle counter's compare interrupt ends a wait loop; COUNT is read before and after.
const CCNT_PROGRAM = `
${armCompare(2000)}
        ldr     r9, =log
        msr     cpsr_c, #0x53
waiting:
        ldr     r1, [r9]
        cmp     r1, #0
        beq     waiting
        ldr     r6, [r0]
        sub     r6, r6, r4
${EXIT}
irq_handler:
        stmfd   sp!, {r0, r1}
        ldr     r0, =0x101e9000
        mov     r1, #0
        str     r1, [r0, #8]
        ldr     r0, =log
        mov     r1, #0x77
        str     r1, [r0]
        ldmfd   sp!, {r0, r1}
        subs    pc, lr, #4
        .data
log:    .space  64
`;

// Waits for the cycle counter's interrupt with IRQs masked (WFI wakes on the VIC's line, nothing is
// taken), then reads the VIC's raw status: line 20 is up only if the wait happened.
const WFI_PROGRAM = `
${armCompare(500)}
        mov     r1, #0
wfi_insn:
        mcr     p15, 0, r1, c7, c0, 4
        ldr     r7, [r3, #0x08]
${EXIT}
irq_handler:
        b       .
        .data
log:    .space  64
`;

describe('fast-forward: state a program is in the middle of using', () => {
  it('inside an interrupt handler: the in-service priority carries over (same-priority interrupts stay masked, a higher one nests)', () => {
    const r = compare(image(VIC_PROGRAM), { symbol: 'lo_window', hits: 1 }, ['r9']);
    expect(r.full.log).toEqual([1, 2, 9, 3, 0xee]);
    expect(r.ff).toEqual(r.full);
    expect(r.warnings).toEqual([]);
  });

  it('between two lines of UART output: the whole output, and the UART registers as the program set them', () => {
    const r = compare(image(UART_PROGRAM), { symbol: 'mid', hits: 1 }, ['r4', 'r5', 'r6', 'r7', 'r8', 'r10']);
    expect(r.full.uart).toBe('hello, world\n');
    expect(r.full.regs).toMatchObject({ r4: 0x70, r5: 0x10, r6: 0x20, r7: 0x301, r8: 27, r10: 5 });
    expect(r.ff).toEqual(r.full);
    expect(r.warnings).toEqual([]);
  });

  it('with a cycle-counter compare armed: the interrupt comes, and COUNT does not go back', () => {
    const r = compare(image(CCNT_PROGRAM), { symbol: 'waiting', hits: 3 }, ['r6']);
    expect(r.full.stop).toBe(JSON.stringify({ kind: 'exit', code: 0 }));
    expect(r.ff.stop).toBe(r.full.stop);
    expect(r.ff.log).toEqual([0x77]);
    expect(r.ff.log).toEqual(r.full.log);
    // COUNT after minus before (r6): at least the 2000 to the compare, read before and after the
    // hand-off alike (the exact figure differs: the model's count is its instruction clock).
    for (const m of [r.full, r.ff]) {
      expect(m.regs['r6']).toBeGreaterThanOrEqual(2000);
      expect(m.regs['r6']).toBeLessThan(2100);
    }
    expect(r.warnings).toEqual([]);
  });

  it('while the model waits for an interrupt: the RTL waits on the WFI again, then continues as the full run', () => {
    const img = image(WFI_PROGRAM);
    const probe = new IssMachine({ ramBytes: RAM });
    probe.load({ image: img });
    probe.start(img.entry);
    const before = runIssTo(probe, { symbol: 'wfi_insn', hits: 1 }).instructions;
    const r = compare(img, { instructions: before + 1 }, ['r7']);
    expect(r.resumedWfi).toBe(true);
    expect(r.full.regs['r7']! & 0x100000).toBe(0x100000);
    expect(r.ff).toEqual(r.full);
  });

  it('names what the model does not hold: TLB lockdown in use, the UART transmit interrupt enabled', () => {
    const lock = fastForward({ image: image(`        mov r1, #1\n        mcr p15, 0, r1, c10, c0, 0\npoint:  nop\n${EXIT}\nirq_handler: b .\n        .data\nlog: .space 64`) }, { symbol: 'point' }, { ramBytes: RAM });
    expect(lock.warnings).toEqual([expect.stringMatching(/^TLB lockdown in use \(c10 = 0x1\): the reference model has no TLB/)]);
    const tx = fastForward({ image: image(`        ldr r0, =0x101f1000\n        mov r1, #0x20\n        str r1, [r0, #0x38]\npoint:  nop\n${EXIT}\nirq_handler: b .\n        .data\nlog: .space 64`) }, { symbol: 'point' }, { ramBytes: RAM });
    expect(tx.warnings).toEqual([expect.stringMatching(/^UART0's transmit interrupt is enabled \(IMSC 0x20\): the models disagree/)]);
  });
});
