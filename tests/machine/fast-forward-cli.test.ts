// npm run sim --fast-forward: the kernel ping-pong run on the reference model to the client's 8th
// IPC entry and handed to the RTL finishes there with the whole UART output; bad points are refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { main } from '../../testbench/sim/main.ts';
import { call, oneLineError } from '../cli/call.ts';
import { tempDir } from '../studies/cli.ts';

const dir = tempDir('sim-fast-forward');
const built = buildSystem(pingPongScenario({}, 10));
const elf = join(dir, 'kernel.elf');
writeFileSync(elf, built.elf());
const run = (args: readonly string[]) => call('sim', main, [elf, '--ram', '8', ...args]);

describe('npm run sim --fast-forward', () => {
  it('hands off at the 8th ipc_entry and runs to the exit on the RTL; the JSON says where and what was warmed', async () => {
    const c = await run(['--fast-forward', 'ipc_entry:8', '--json']);
    expect(c.code, c.err).toBe(0);
    expect(c.err).toMatch(/^\[sim iss: fast-forward breakpoint at 0x[0-9a-f]+, \d+ instructions; RTL warmed: \d+ TLB entries, \d+ I-lines, \d+ D-lines \(\d+ dirty\)\]\n$/);
    const s = JSON.parse(c.out) as { stop: unknown; uart: string; fastForward: { stop: unknown; instructions: number; warm: { iLines: number } } };
    expect(s.stop).toEqual({ kind: 'exit', code: 0 });
    expect(s.uart).toContain('pingpong: ok\n');
    expect(s.uart.startsWith('L4/handoff kernel\n')).toBe(true); // (the model's part of the output)
    expect(s.fastForward.stop).toEqual({ kind: 'breakpoint', pc: built.image.symbols!.get('ipc_entry') });
    expect(s.fastForward.warm.iLines).toBeGreaterThan(0);
  });

  it('an instruction count as the point', async () => {
    const c = await run(['--fast-forward', '5000', '--uart']);
    expect(c.code, c.err).toBe(0);
    expect(c.err).toContain('fast-forward max-instructions, 5000 instructions');
    expect(c.out).toContain('pingpong: ok\n');
  });

  it('a point the model does not reach within --max-instructions (or before its exit) ends the run with exit 1', async () => {
    const c = await run(['--fast-forward', 'ipc_entry:1000', '--max-instructions', '5000']);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/--fast-forward ipc_entry:1000: the reference model did not reach the point: it stopped \(max-instructions\) after 5000 instructions\n/);
    const e = await run(['--fast-forward', 'ipc_entry:1000']);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/the reference model did not reach the point: the program exited \(code 0\) after \d+ instructions\n/);
  });

  it('warns loudly when the hand-off cannot carry state the program uses (TLB lockdown), and says so in the JSON', async () => {
    const img = assembleProgram('        mov r1, #1\n        mcr p15, 0, r1, c10, c0, 0\n        nop\n        mov r0, #0x18\n        ldr r1, =0x20026\n        swi 0x123456\n        .ltorg\n', { textAddress: 0 });
    const raw = join(dir, 'lockdown.bin');
    writeFileSync(raw, img.segments[0]!.data);
    const c = await call('sim', main, [raw, '--address', '0', '--ram', '1', '--fast-forward', '2', '--json']);
    expect(c.code, c.err).toBe(0);
    expect(c.err).toMatch(/^sim: WARNING: --fast-forward: TLB lockdown in use \(c10 = 0x1\)/m);
    const s = JSON.parse(c.out) as { fastForward: { warnings: string[]; resumedWfi: boolean } };
    expect(s.fastForward.warnings).toHaveLength(1);
    expect(s.fastForward.resumedWfi).toBe(false);
  });

  it('refuses a point it cannot use, in one line', async () => {
    for (const [args, text] of [
      [['--fast-forward', 'ipc_entry', '--model', 'iss'], /give --model rtl/],
      [['--fast-forward', 'no_such_symbol'], /no_such_symbol/],
      [['--fast-forward', 'ipc_entry:0'], /at least 1/],
    ] as const) {
      const c = await run(args);
      expect(oneLineError(c)).toMatch(text);
    }
  });
});
