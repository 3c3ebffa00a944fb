// Directed programs for every instruction class, modes, exceptions, MMU and devices, run on the
// reference model; expectations are the ARM ARM's (the golden suite also checks them vs QEMU).
import { describe, expect, it } from 'vitest';
import { VersatileMachine } from '../../testbench/reference/index.ts';
import { writeElf } from '../../kernel/toolchain/index.ts';
import { directedPrograms } from './programs/index.ts';
import { assembleForTest } from './assemble.ts';

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
