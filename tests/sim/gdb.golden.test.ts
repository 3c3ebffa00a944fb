// GDB remote stub, golden: a scripted `gdb-multiarch -batch` session attaches to the RTL running
// the kernel (npm run sim -- kernel.elf --gdb 0), breaks at the IPC entry symbol on a client call
// that carries a message, single-steps one instruction, reads r3..r8 (MR0..MR5) and the client's
// UTCB (MR6..MR8 of a nine-word message), and continues to the end; the registers and UTCB equal the reference model's at the same
// point (machine interface), and the UART output equals a run without GDB.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { createMachine, type Machine } from '../../testbench/machine/index.ts';
import { goldenGate } from '../support/golden.ts';

const gate = goldenGate('GDB remote stub', ['gdb-multiarch']);
const RAM_MB = 8;
/** The UTCB through MR 8: nine words, MR0..MR5 in r3..r8, MR6..MR8 at 64 + 4i. */
const UTCB_BYTES = 64 + 4 * 9;

interface Exited {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function collect(child: ReturnType<typeof spawn>): Promise<Exited> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const MRS = ['r3', 'r4', 'r5', 'r6', 'r7', 'r8'];

describe.skipIf(!gate.available)('GDB remote stub (gdb-multiarch)', () => {
  it('breaks at ipc_entry, steps, reads MRs and the UTCB as the reference model has them, and continues to the same UART output', async () => {
    const built = buildSystem(pingPongScenario({}, 3, 9));
    const dir = mkdtempSync(join(tmpdir(), 'handoff-gdb-'));
    const elf = join(dir, 'kernel.elf');
    writeFileSync(elf, built.elf());
    const client = built.thread('client');
    const inClient = (m: Machine): boolean => {
      const sp = m.readRegister('r13_usr');
      return sp <= client.stackTop && sp > client.stackTop - client.stackSize;
    };

    // The reference model: which hit of ipc_entry is the client's first call with a message, and
    // the registers and UTCB one instruction later.
    const iss = createMachine('iss', { ramBytes: RAM_MB << 20 });
    iss.load({ image: built.image });
    iss.start(built.image.entry);
    const entry = iss.resolve('ipc_entry');
    iss.breakpoints.add(entry);
    let hits = 0;
    for (;;) {
      expect(iss.run([], { maxCycles: 5_000_000 }).stop).toEqual({ kind: 'breakpoint', pc: entry });
      hits++;
      if (inClient(iss) && iss.readRegister('r3') !== 0) break;
    }
    iss.stepInstruction();
    const expectedMrs = MRS.map((r) => iss.readRegister(r));
    const utcb = Array.from(new Uint32Array(iss.readMemory(client.utcb, UTCB_BYTES).buffer));
    expect(expectedMrs.some((v) => v !== 0)).toBe(true);
    expect(utcb.slice(16 + 6).some((v) => v !== 0)).toBe(true); // MR6..MR8 hold message words

    // Without GDB: the UART output of the RTL.
    const plain = createMachine('rtl', { ramBytes: RAM_MB << 20 });
    plain.load({ image: built.image });
    plain.start(built.image.entry);
    expect(plain.run([], { maxCycles: 5_000_000 }).stop).toEqual({ kind: 'exit', code: 0 });

    const sim = spawn('npx', ['tsx', 'testbench/sim/main.ts', elf, '--model', 'rtl', '--ram', String(RAM_MB), '--uart', '--gdb', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const simDone = collect(sim);
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      sim.stderr!.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(text);
        if (m) resolve(Number(m[1]));
      });
      sim.on('close', () => reject(new Error(`sim exited before listening: ${text}`)));
    });
    const script = join(dir, 'session.gdb');
    writeFileSync(script, [
      'set pagination off',
      'set confirm off',
      `target remote 127.0.0.1:${port}`,
      'break ipc_entry',
      `ignore 1 ${hits - 1}`,
      'continue',
      'stepi',
      `info registers ${MRS.join(' ')}`,
      `x/${UTCB_BYTES / 4}wx 0x${client.utcb.toString(16)}`,
      'monitor cycles',
      'delete',
      'continue',
      '',
    ].join('\n'));
    const gdb = await collect(spawn('gdb-multiarch', ['-batch', '-nx', '-x', script, elf], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const done = await simDone;
    const log = `${gdb.out}\n${gdb.err}`;
    // The toolchain's DWARF line table: the stop is shown at its source line.
    expect(log).toMatch(/Breakpoint 1, ipc_entry \(\) at \S*kernel\/src\/entry\.S:\d+/);
    const shown = MRS.map((r) => {
      const m = new RegExp(`^${r}\\s+0x([0-9a-f]+)`, 'm').exec(gdb.out);
      return m ? parseInt(m[1]!, 16) : undefined;
    });
    expect(shown).toEqual(expectedMrs);
    const words = [...gdb.out.matchAll(/^0x[0-9a-f]+(?: <[^>]*>)?:((?:[ \t]+0x[0-9a-f]+)+)/gm)].flatMap((m) => m[1]!.trim().split(/\s+/).map((w) => parseInt(w, 16)));
    expect(words).toEqual(utcb);
    expect(log).toMatch(/cycles \d+ instructions \d+/);
    expect(log).toContain('exited normally');
    expect(done.code, done.err).toBe(0);
    expect(done.out).toBe(plain.uartOutput());
  }, 120_000);
});
