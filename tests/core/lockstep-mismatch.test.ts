// A lockstep disagreement: the report names the field and both values, and `vcdOnMismatch` re-runs
// the same run (interrupts included: seeded) to write the waveform of the cycles before it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import type { Arm926System } from '../../rtl/system/arm926-system.ts';
import { runLockstep } from '../../testbench/lockstep/rtl-vs-iss.ts';

const PROGRAM = `
  .text
_start:
  mov r0, #0
  mov r4, #5
1: add r0, r0, #1
  cmp r0, #200
  bne 1b
target:
  mov r5, #7
  mov r0, #0x18
  ldr r1, =0x20026
  swi 0x123456
  .ltorg
`;

describe('lockstep mismatch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-lockstep-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const image = assembleProgram(PROGRAM, { textAddress: 0x8000 });
  const target = image.symbols.get('target')!;
  // The RTL's copy of the program differs in one word: `mov r5, #7` becomes `mov r5, #8`.
  const corrupt = { setup: (sys: Arm926System) => sys.soc.ram.writeWord(target, 0xe3a05008) };

  it('agrees on the unmodified program to the semihosting exit', () => {
    const r = runLockstep(image, { maxCycles: 20_000 });
    expect(r.report ?? '').toBe('');
    expect(r.end).toBe('exit');
  });

  for (const interrupts of [undefined, { seed: 7, irqEvery: 50, fiqEvery: 1e9 }]) {
    it(`names the instruction and writes the waveform of the same run${interrupts ? ' (with seeded interrupts)' : ''}`, () => {
      const vcd = join(dir, `mismatch-${interrupts ? 'irq' : 'plain'}.vcd`);
      const r = runLockstep(image, { maxCycles: 20_000, ...corrupt, ...(interrupts ? { interrupts } : {}), vcdOnMismatch: vcd });
      expect(r.end).toBe('mismatch');
      expect(r.ok).toBe(false);
      expect(r.report).toContain(`0x${target.toString(16).padStart(8, '0')}`);
      expect(r.report).toContain('instruction');
      expect(r.report).toContain(vcd);
      // The window the report names is the re-run's, which stopped at the same mismatch.
      expect(r.report).toContain(`waveform of cycles ${Math.max(0, r.cycles - 60)}..${r.cycles} `);
      expect(r.report).not.toContain('re-run ended differently');
      const text = readFileSync(vcd, 'utf8');
      expect(text).toContain('$scope module core $end');
      // The window ends at the mismatch: its last timestamp is the cycle the run stopped at.
      const times = [...text.matchAll(/^#(\d+)$/gm)].map((m) => Number(m[1]));
      expect(Math.max(...times)).toBeGreaterThanOrEqual(r.cycles - 1);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Math.max(0, r.cycles - 60));
    });
  }
});
