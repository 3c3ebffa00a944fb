// npm run sim: any image on each model, stop conditions and exit codes, raw images at an address
// with a chosen entry and CPSR, the JSON summary, waveforms with a window by cycles or by symbols
// and the GTKWave view, and one-line refusals of bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeElf } from '../../kernel/toolchain/index.ts';
import { main } from '../../testbench/sim/main.ts';
import { readVcd } from '../../testbench/trace/vcd-reader.ts';
import { call, oneLineError } from '../cli/call.ts';
import { tempDir } from '../studies/cli.ts';
import { modesImage } from '../machine/programs.ts';

const dir = tempDir('sim-cli');
const image = modesImage();
const elf = join(dir, 'modes.elf');
writeFileSync(elf, writeElf(image));
const hex = (n: number): string => `0x${n.toString(16)}`;
const sym = (name: string): number => image.symbols.get(name)!;
const run = (args: readonly string[]) => call('sim', main, [elf, '--ram', '1', ...args]);

describe('npm run sim', () => {
  for (const model of ['iss', 'rtl', 'lockstep']) {
    it(`${model}: runs an ELF to its semihosting exit (exit 0) and stops at --until conditions`, async () => {
      const c = await run(['--model', model, '--entry', '_start', '--cpsr', '0x4000001f']);
      expect(c.code, c.err).toBe(0);
      expect(c.err).toMatch(new RegExp(`^\\[sim ${model}: exit 0, \\d+ instructions, \\d+ cycles\\]\\n$`));
      const j = await run(['--model', model, '--entry', '_start', '--cpsr', '0x4000001f', '--until', 'swi=0x42', '--json']);
      expect(j.code, j.err).toBe(0);
      const s = JSON.parse(j.out) as { stop: unknown; pc: number; registers: Record<string, number>; memory: unknown };
      expect(s.stop).toEqual({ kind: 'swi', number: 0x42, pc: sym('swi_point') });
      expect(s.pc).toBe(8);
      expect(s.registers.r14_svc).toBe(sym('after_swi'));
      expect(s.registers.r5).toBe(1); // addeq ran: Z from --cpsr
      if (model === 'iss') expect(s.memory).toBeNull();
      else expect(s.memory).toMatchObject({ i: { hits: expect.any(Number) as number }, d: { tlbMisses: expect.any(Number) as number } });
      const v = await run(['--model', model, '--entry', '_start', '--until', 'vector=undefined', '--until', `pc=${hex(sym('after_undef'))}`]);
      expect(v.err).toContain('undefined vector 0x4');
      expect(v.code).toBe(0);
    });
  }

  it('a budget that ends the run first exits 1; a raw image runs at its address', async () => {
    const c = await run(['--model', 'rtl', '--entry', '_start', '--max-cycles', '10']);
    expect(c.code).toBe(1);
    expect(c.err).toContain('max-cycles, ');
    const raw = join(dir, 'modes.bin');
    const text = image.segments.find((s) => s.address === 0)!;
    writeFileSync(raw, text.data);
    // Without its data segment the store goes to zero-filled RAM; the program still reaches the SWI.
    const r = await call('sim', main, [raw, '--address', '0', '--entry', hex(sym('_start')), '--ram', '1', '--model', 'lockstep', '--until', 'swi=0x42']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`swi 0x42 at ${hex(sym('swi_point'))}`);
  });

  it('writes the waveform of a window given by symbols, and a GTKWave view of it', async () => {
    const vcd = join(dir, 'w.vcd');
    const gtkw = join(dir, 'w.gtkw');
    const c = await run(['--model', 'rtl', '--entry', '_start', '--vcd', vcd, '--gtkw', gtkw, '--trace-from', 'after_load', '--trace-to', 'swi_point']);
    expect(c.code, c.err).toBe(0);
    const parsed = await readVcd(new Uint8Array(readFileSync(vcd)));
    expect(parsed.vars.has('top.view.e_asm')).toBe(true);
    const retPc = parsed.traces.get(parsed.vars.get('top.sys.core.writeback.ret_pc')!.id)!;
    const pcs = new Set(retPc.values.map((v) => Number(v)));
    expect(pcs.has(sym('after_load'))).toBe(true);
    expect(pcs.has(sym('_start'))).toBe(false); // retired before the window
    const view = readFileSync(gtkw, 'utf8');
    expect(view).toContain(vcd);
    expect(view).toContain('top.view.e_asm');
    expect(view).toMatch(/trace-from/);
    // The window: a run to the same symbols says how many cycles it spans.
    const all = await run(['--model', 'rtl', '--entry', '_start', '--until', 'pc=after_load', '--json']);
    const to = await run(['--model', 'rtl', '--entry', '_start', '--until', 'pc=swi_point', '--json']);
    const from = (JSON.parse(all.out) as { cycles: number }).cycles;
    const end = (JSON.parse(to.out) as { cycles: number }).cycles;
    const times = [...parsed.traces.values()].flatMap((t) => t.times);
    expect((Math.max(...times) - Math.min(...times)) / 10).toBeLessThanOrEqual(end - from + 1);
    expect(Math.max(...times) / 10 - Math.min(...times) / 10).toBeGreaterThan((end - from) / 2);
  });

  it('refuses bad input in one line', async () => {
    expect(oneLineError(await run(['--until', 'pc=nowhere']))).toMatch(/unknown symbol or address "nowhere"/);
    expect(oneLineError(await run(['--until', 'swi=x']))).toMatch(/SWI number/);
    expect(oneLineError(await run(['--until', 'vector=nmi']))).toMatch(/unknown exception "nmi"/);
    expect(oneLineError(await run(['--until', 'later']))).toMatch(/expected pc=/);
    expect(oneLineError(await run(['--model', 'iss', '--vcd', join(dir, 'x.vcd')]))).toMatch(/need the RTL/);
    expect(oneLineError(await run(['--gtkw', join(dir, 'x.gtkw')]))).toMatch(/--gtkw needs --vcd/);
    expect(oneLineError(await run(['--cpsr', '0x1ffffffff']))).toMatch(/--cpsr must be an integer/);
    expect(oneLineError(await call('sim', main, [join(dir, 'none.elf')]))).toMatch(/none\.elf/);
    expect(oneLineError(await call('sim', main, []))).toMatch(/no image given/);
    expect(oneLineError(await call('sim', main, [elf, '--ram', '1', '--entry', '0x200000']))).toMatch(/entry 0x200000 lies outside RAM/);
  });
});
