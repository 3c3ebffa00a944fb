// Directed programs for every instruction class, modes, exceptions, MMU and devices, run on the
// reference model; expectations are the ARM ARM's (the golden suite also checks them vs QEMU).
import { describe, expect, it } from 'vitest';
import { VersatileMachine } from '../../testbench/reference/index.ts';
import { PHYSICAL_REGISTER_COUNT } from '../../testbench/reference/modes.ts';
import { writeElf } from '../../kernel/toolchain/index.ts';
import { directedPrograms } from './programs/index.ts';
import { program } from './programs/common.ts';
import { installVectors } from './programs/vectors.ts';
import { assembleForTest } from './assemble.ts';

/**
 * A machine that starts `body` (which defines irq_handler, and fiq_handler with `fiq`) in SVC mode
 * with IRQ and FIQ masked, an IRQ stack, and VIC source 3 enabled, as an FIQ with `fiq` (no device
 * drives it: the tests raise the line from outside).
 */
function machineWithLine3(body: string, fiq = false): VersatileMachine {
  const machine = new VersatileMachine();
  machine.loadImage(
    assembleForTest(
      program(`
${installVectors(fiq ? { irq: 'irq_handler', fiq: 'fiq_handler' } : { irq: 'irq_handler' })}
  msr cpsr_c, #0xd2
  ldr sp, =0x50000
  msr cpsr_c, #0xd3
  ldr r8, =0x10140000
  mov r1, #0x8
${fiq ? '  str r1, [r8, #0x0c]          @ source 3 an FIQ (VICIntSelect)\n' : ''}  str r1, [r8, #0x10]          @ enable source 3
${body}`),
    ),
  );
  return machine;
}

describe('reference model: directed programs', () => {
  for (const p of directedPrograms) {
    it(p.name, () => {
      const machine = new VersatileMachine();
      machine.loadImage(assembleForTest(p.source));
      const result = machine.run(2_000_000);
      expect(result.stop, `stopped at pc=0x${machine.core.pc.toString(16)}`).toEqual({ kind: 'exit', code: 0, reason: 0x20026 });
      for (const [reg, value] of Object.entries(p.registers ?? {})) {
        expect(machine.core.register(Number(reg)), `r${reg}`).toBe(value >>> 0);
      }
      if (p.uart !== undefined) expect(machine.uartOutput()).toBe(p.uart);
      if (p.semihost !== undefined) expect(machine.semihostOutput()).toBe(p.semihost);
    });
  }

  // run() takes a straight path while nothing is due (reference/core.ts fastUntil); step() always
  // goes the long way. Both must give the same machine: every program, run whole, run in chunks of
  // seeded random sizes (the loop entered and left in every state), and stepped.
  it('run() in one call, run() in chunks and step() give the same machine state', () => {
    const seed = 0x5eed;
    let x = seed;
    const nextChunk = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return 1 + ((x >>> 0) % 37);
    };
    const state = (m: VersatileMachine): unknown => {
      const regs = new Int32Array(PHYSICAL_REGISTER_COUNT);
      m.core.snapshotPhysical(regs);
      return { regs: [...regs], cpsr: m.core.cpsr, instret: m.core.instret, clock: m.core.clock, stop: m.core.stop, uart: m.uartOutput(), pc: m.core.pc };
    };
    for (const p of directedPrograms) {
      const whole = new VersatileMachine();
      whole.loadImage(assembleForTest(p.source));
      whole.run(2_000_000);
      const chunked = new VersatileMachine();
      chunked.loadImage(assembleForTest(p.source));
      for (let n = 0; chunked.core.stop === undefined && n < 2_000_000; ) n += chunked.run(nextChunk()).executed;
      const stepped = new VersatileMachine();
      stepped.loadImage(assembleForTest(p.source));
      for (let n = 0; stepped.core.stop === undefined && n < 2_000_000; n++) stepped.step();
      expect(state(chunked), `${p.name}: run in chunks (seed ${seed})`).toEqual(state(whole));
      expect(state(stepped), `${p.name}: stepped`).toEqual(state(whole));
    }
  });

  it('takes an interrupt line raised from outside between run() calls at the next instruction', () => {
    // Nothing the program does is due (no device access, no timer): only the VIC's own change
    // notice ends run()'s straight path (reference/core.ts refreshHorizon).
    const machine = machineWithLine3(`
  mov r0, #0
  msr cpsr_c, #0x53            @ IRQ unmasked
spin:
  add r0, r0, #1
  b spin
irq_handler:
  mov r2, r0
  b done
done:
`);
    machine.run(1_000);
    const counted = machine.core.register(0);
    machine.core.vic.setLine(3, true);
    machine.run(1_000);
    expect(machine.core.stop?.kind).toBe('exit');
    expect(machine.core.register(2)).toBe(counted);
  });

  // run()'s straight path ignores a line the I or F bit masks (refreshHorizon): the line must be
  // taken at once when its own bit is clear, whatever the other, and right after the MSR that
  // clears its bit when it was masked, with no device event due to end the straight path.
  const maskCases = [
    { line: 'IRQ', cpsr: 0xd3, masked: true },
    { line: 'IRQ', cpsr: 0x53, masked: false }, // FIQ masked, IRQ not
    { line: 'FIQ', cpsr: 0x93, masked: false }, // IRQ masked, FIQ not
    { line: 'FIQ', cpsr: 0xd3, masked: true },
  ] as const;
  for (const { line, cpsr, masked } of maskCases) {
    it(`an ${line} raised with CPSR I/F = ${(cpsr >> 7) & 1}/${(cpsr >> 6) & 1} is taken ${masked ? 'right after the MSR that unmasks it' : 'at the next instruction'}`, () => {
      const machine = machineWithLine3(
        `
  mov r0, #0
  mov r3, #0
  mov r2, #0xff
  msr cpsr_c, #0x${cpsr.toString(16)}
count:
  add r0, r0, #1
  cmp r0, #2000
  bne count
  msr cpsr_c, #0x13            @ both unmasked: a pending line is taken next
  mov r3, #1
  b done
irq_handler:
fiq_handler:
  mov r2, r3
  mov r4, r0
  b done
done:
`,
        line === 'FIQ',
      );
      machine.run(300);
      const counted = machine.core.register(0);
      machine.core.vic.setLine(3, true);
      machine.run(1_000);
      if (masked) expect(machine.core.register(2)).toBe(0xff); // not taken while masked
      machine.run(100_000);
      expect(machine.core.stop?.kind).toBe('exit');
      expect(machine.core.register(4)).toBe(masked ? 2000 : counted);
      expect(machine.core.register(2)).toBe(0); // before `mov r3, #1`
    });
  }

  it('loads our ELF writer output like the in-memory image', () => {
    const image = assembleForTest(directedPrograms[0]!.source);
    const a = new VersatileMachine();
    a.loadImage(image);
    const b = new VersatileMachine();
    b.loadElf(writeElf(image));
    a.run(10_000);
    b.run(10_000);
    for (let r = 0; r < 16; r++) expect(b.core.register(r)).toBe(a.core.register(r));
    expect(b.core.cpsr).toBe(a.core.cpsr);
  });
});
