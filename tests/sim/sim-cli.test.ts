// npm run sim: any image on each model, stop conditions and exit codes, raw images at an address
// with a chosen entry and CPSR, the JSON summary, waveforms with a window by cycles or by symbols
// and the GTKWave view, and one-line refusals of bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleProgram, writeElf } from '../../kernel/toolchain/index.ts';
import { IssMachine, RtlMachine } from '../../testbench/machine/index.ts';
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

  // The audit's F5 and F6: a Thumb entry ran as ARM, and a CPSR with no valid mode started the two models apart.
  const thumbElf = join(dir, 'thumb_start.elf');
  const thumbImage = assembleProgram('\t.thumb\n\t.text\n\t.global _start\n\t.thumb_func\n_start:\tmov r0, #0x18\n\tldr r1, =0x20026\n\tswi 0xab\n', { file: 'thumb_start.s' });
  writeFileSync(thumbElf, writeElf(thumbImage));

  it("an ELF entry with bit 0 set (.thumb_func _start) starts in Thumb state on every model, as QEMU's does", async () => {
    expect(thumbImage.entry & 1).toBe(1);
    for (const model of ['iss', 'rtl', 'lockstep']) {
      const c = await call('sim', main, [thumbElf, '--ram', '1', '--model', model]);
      expect(c.err).toMatch(new RegExp(`^\\[sim ${model}: exit 0, 3 instructions, `));
      expect(c.code).toBe(0);
    }
    const t = await call('sim', main, [thumbElf, '--ram', '1', '--model', 'lockstep', '--cpsr', '0xf3']);
    expect(t.code, t.err).toBe(0);
    expect(oneLineError(await call('sim', main, [thumbElf, '--ram', '1', '--cpsr', '0xd3']))).toMatch(/--cpsr 0xd3 starts in ARM state \(bit 5 clear\), but the entry 0x8001 is Thumb/);
  });

  it('both models start at the same pc for an entry that is not aligned to the state', () => {
    for (const [cpsr, pc] of [[0xd3, 0x8000], [0xf3, 0x8002]] as const) {
      const pcs = [new IssMachine({ ramBytes: 1 << 20 }), new RtlMachine({ ramBytes: 1 << 20 })].map((m) => {
        m.load({ image: thumbImage });
        m.start(0x8003, { cpsr });
        return m.pc;
      });
      expect(pcs).toEqual([pc, pc]);
    }
  });

  it('--cpsr with mode bits that are no ARM mode is refused', async () => {
    expect(oneLineError(await run(['--cpsr', '0']))).toMatch(/--cpsr 0x0: mode bits 0x0 are not an ARM mode/);
    expect(oneLineError(await run(['--cpsr', '0xd4']))).toMatch(/--cpsr 0xd4: mode bits 0x14 are not an ARM mode/);
  });
});
