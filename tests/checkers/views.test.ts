// The pipeline text view (stage disassembly, source line, symbol, IPC phase) and the generated
// GTKWave hand-off view, on the hand-made IPC program.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../kernel/toolchain/index.ts';
import type { CycleObserver } from '../../rtl/hdl/index.ts';
import { writeHandoffGtkw } from '../../testbench/trace/handoff-view.ts';
import { goldenGate } from '../support/golden.ts';
import { runIpc } from './run-ipc.ts';

interface Row {
  cycle: number;
  retPc: number | null;
  retInstr: number;
  ePc: number | null;
  texts: Record<string, string>;
}

function recorded(enabled = true): { rows: Row[]; run: ReturnType<typeof runIpc> } {
  const rows: Row[] = [];
  const run = runIpc('good', {
    viewEnabled: enabled,
    observe: (bench): CycleObserver => ({
      sample(cycle) {
        const c = bench.sys.core;
        const v = bench.view;
        rows.push({
          cycle,
          retPc: c.writeback.ret_valid.on ? c.writeback.ret_pc.v : null,
          retInstr: c.writeback.ret_instr.v,
          ePc: c.execute.u.valid.on ? c.execute.u.pc.v : null,
          texts: { f: v.f_asm.v, d: v.d_asm.v, e: v.e_asm.v, m: v.m_asm.v, w: v.w_asm.v, src: v.e_src.v, sym: v.e_sym.v, phase: v.phase.v },
        });
      },
    }),
  });
  return { rows, run };
}

describe('pipeline view', () => {
  const { rows, run } = recorded();
  const sym = (n: string): number => run.image.symbols.get(n)!;

  it('shows each retiring instruction in Writeback, and bubbles as empty', () => {
    for (const r of rows.filter((x) => x.retPc !== null)) expect(r.texts['w']).toBe(disassemble(r.retInstr, r.retPc!).replace(/\t/g, ' '));
    expect(rows.some((r) => r.texts['e'] === '' && r.cycle > 5)).toBe(true);
  });

  it('gives file:line and symbol+offset of the instruction in Execute', () => {
    const copy = rows.find((r) => r.ePc === sym('ipc_copy_utcb') + 4)!;
    expect(copy.texts['sym']).toBe('ipc_copy_utcb+0x4');
    const line = run.image.lineAt(sym('ipc_copy_utcb') + 4)!;
    expect(copy.texts['src']).toBe(`${line.file}:${line.line}`);
    expect(rows.find((r) => r.ePc === sym('ipc_entry'))!.texts['sym']).toBe('ipc_entry');
  });

  it('marks IPC phases from the kernel symbols, and clears them at the resume', () => {
    const send = run.report.ipcs[1]!;
    const at = (cycle: number): string => rows.find((r) => r.cycle === cycle)!.texts['phase']!;
    expect(at(send.trapCycle)).toBe('trap');
    for (const p of send.cost.phases) {
      expect(at(p.startCycle)).toBe(p.phase);
      expect(at(p.startCycle + p.cycles - 1)).toBe(p.phase);
    }
    expect(at(send.resumeCycle)).toBe('');
    expect(at(send.trapCycle - 1)).toBe('');
  });

  it('disassembles each instruction once, and does nothing when disabled', () => {
    const textWords = run.image.segments.find((s) => s.flags.exec)!.data.length / 4;
    expect(run.bench.view.disassemblies).toBeLessThanOrEqual(textWords + 8);
    const off = recorded(false);
    expect(off.run.bench.view.disassemblies).toBe(0);
    expect(off.rows.every((r) => Object.values(r.texts).every((t) => t === ''))).toBe(true);
    expect(off.run.report).toEqual(run.report);
  });
});

describe('GTKWave hand-off view', () => {
  const run = runIpc('good', { vcd: true });
  const gtkw = writeHandoffGtkw({ dumpfile: 'handoff.vcd', variables: run.vcd!.writer.variables, ipcs: run.report.ipcs });

  it('lists clock, stages, write ports, MR registers, mode, D-side bus and markers', () => {
    for (const s of ['top.clk', 'top.view.e_asm', 'top.view.phase', 'top.sys.core.execute.pc[31:0]', 'top.sys.core.rf.w0_addr[4:0]', 'top.sys.core.rf.gpr.r3[31:0]',
      'top.sys.core.rf.gpr.r8[31:0]', 'top.sys.core.mode[4:0]', 'top.sys.core.memory.d_addr[31:0]', 'top.sys.core.cp15.rd_reg[11:0]', 'top.sys.core.writeback.retired[31:0]']) {
      expect(gtkw.split('\n')).toContain(s);
    }
    expect(gtkw).toContain('[markername] Atrap 0');
    expect(gtkw).toContain('[markername] Dresume 1');
    const send = run.report.ipcs[1]!;
    expect(gtkw).toMatch(new RegExp(`^\\*-?[\\d.]+ ${run.report.ipcs[0]!.trapCycle * 10} .* ${send.resumeCycle * 10} -1`, 'm'));
  });

  it('marks the phases of a single IPC', () => {
    const send = run.report.ipcs[1]!;
    const g = writeHandoffGtkw({ dumpfile: 'x.vcd', variables: run.vcd!.writer.variables, ipcs: [send] });
    expect(g).toContain('[markername] Atrap 0');
    expect(g).toContain('[markername] Bresume 0');
    expect(g).toContain('[markername] Centry');
    expect(g).toContain('[markername] Dfast-path checks');
    const copy = send.cost.phases.find((p) => p.phase === 'copy UTCB')!;
    expect(g.split('\n').find((l) => l.startsWith('*'))).toContain(` ${copy.startCycle * 10} `);
  });

  it('leaves out what the VCD does not hold', () => {
    const vars = run.vcd!.writer.variables.filter((v) => !v.path.startsWith('top.view') && !v.path.includes('.cp15.'));
    const g = writeHandoffGtkw({ dumpfile: 'x.vcd', variables: vars, ipcs: [] });
    expect(g).not.toContain('e_asm');
    expect(g).not.toContain('-CP15');
    expect(g).toContain('-Register file write ports');
  });

  const gate = goldenGate('GTKWave hand-off view', ['gtkwave', 'xvfb-run']);
  it.skipIf(!gate.available)('GTKWave loads the VCD with the hand-off view and keeps its traces and markers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-view-'));
    const vcd = join(dir, 'handoff.vcd');
    writeFileSync(vcd, run.vcd!.bytes);
    const file = join(dir, 'handoff.gtkw');
    writeFileSync(file, writeHandoffGtkw({ dumpfile: vcd, variables: run.vcd!.writer.variables, ipcs: run.report.ipcs }));
    const working = join(dir, 'working.gtkw');
    copyFileSync(file, working);
    const script = join(dir, 'save-and-quit.tcl');
    writeFileSync(script, 'gtkwave::/File/Write_Save_File\ngtkwave::/File/Quit\n');
    const out = spawnSync('xvfb-run', ['-a', 'gtkwave', '-S', script, vcd, working], { encoding: 'utf8', timeout: 60_000 });
    const log = `${out.stdout}\n${out.stderr}`;
    expect(out.status, log).toBe(0);
    expect(log).not.toMatch(/Unknown|Near byte|error/i);
    const traces = (s: string): string[] => s.split('\n').filter((l) => /^[-a-z]/.test(l));
    const saved = readFileSync(working, 'utf8');
    expect(traces(saved)).toEqual(traces(readFileSync(file, 'utf8')));
    expect(saved).toContain('[markername] Bresume 0');
  });
});
