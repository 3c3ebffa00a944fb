// The GDB remote stub without GDB: packet framing, the session's answers (registers in the
// target description's order, memory, breakpoints and watchpoints, step, continue, monitor), and
// the TCP transport with an interrupt (0x03) stopping a continue.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMachine, type Machine } from '../../testbench/machine/index.ts';
import { checksum, frame, hexLe32, PacketReader } from '../../testbench/sim/gdb/packets.ts';
import { serveGdb } from '../../testbench/sim/gdb/server.ts';
import { GdbSession } from '../../testbench/sim/gdb/session.ts';
import { GDB_REGISTERS, TARGET_XML } from '../../testbench/sim/gdb/target.ts';
import { modesImage } from '../machine/programs.ts';

const image = modesImage();
const sym = (name: string): number => image.symbols.get(name)!;

function session(model: 'iss' | 'rtl' = 'rtl'): GdbSession {
  const m = createMachine(model, { ramBytes: 1 << 20 });
  m.load({ image });
  m.start(sym('_start'), { cpsr: 0x4000001f });
  return new GdbSession(m, { mark: () => {}, maxCycles: 1_000_000 });
}

function reply(s: GdbSession, packet: string): string {
  const r = s.handle(packet);
  if (r.kind !== 'reply') throw new Error(`${packet}: ${r.kind}`);
  return r.payload;
}

function runToStop(s: GdbSession): string {
  expect(s.handle('c').kind).toBe('continue');
  for (;;) {
    const r = s.continueSlice();
    if (r !== undefined) return r;
  }
}

describe('packets', () => {
  it('frames with the modulo-256 checksum, reads split packets, escapes, interrupts and bad checksums', () => {
    expect(frame('OK')).toBe('$OK#9a');
    const r = new PacketReader();
    expect(r.push('+$qSupp')).toEqual([]);
    expect(r.push(`orted#${checksum('qSupported')}\x03$m0,4#00`)).toEqual([{ kind: 'packet', payload: 'qSupported' }, { kind: 'interrupt' }, { kind: 'bad-checksum' }]);
    expect(r.push(`$X}\x5d#${checksum('X}\x5d')}`)).toEqual([{ kind: 'packet', payload: 'X}' }]);
  });
});

describe('GDB session', () => {
  it('describes r0..pc, cpsr and every banked register and SPSR; g is in that order', () => {
    const s = session();
    expect(TARGET_XML).toContain('<feature name="org.gnu.gdb.arm.core">');
    for (const n of ['sp', 'lr', 'pc', 'cpsr', 'r13_svc', 'spsr_und']) expect(TARGET_XML).toContain(`name="${n}"`);
    const xml = reply(s, 'qXfer:features:read:target.xml:0,fff');
    expect(xml).toBe(`l${TARGET_XML}`);
    expect(reply(s, 'qXfer:features:read:target.xml:0,10')).toBe(`m${TARGET_XML.slice(0, 16)}`);
    const g = reply(s, 'g');
    expect(g.length).toBe(GDB_REGISTERS.length * 8);
    expect(g.slice(15 * 8, 16 * 8)).toBe(hexLe32(sym('_start')));
    expect(g.slice(16 * 8, 17 * 8)).toBe(hexLe32(0x4000001f));
    expect(reply(s, 'p10')).toBe(hexLe32(0x4000001f));
    expect(reply(s, 'p99')).toBe('E00');
  });

  it('breakpoints, step, watchpoints and exit on the RTL; register writes refused after start', () => {
    const s = session('rtl');
    expect(reply(s, 'P5=07000000')).toBe('OK');
    expect(reply(s, 'p5')).toBe('07000000');
    expect(reply(s, `Z0,${sym('swi_point').toString(16)},4`)).toBe('OK');
    expect(runToStop(s)).toBe('T05thread:1;');
    expect(reply(s, 'p f')).toBe(hexLe32(sym('swi_point')));
    expect(reply(s, 'P0=01000000')).toBe('E01');
    expect(reply(s, 's')).toBe('T05thread:1;');
    expect(reply(s, 'pf')).toBe(hexLe32(8));
    expect(reply(s, `z0,${sym('swi_point').toString(16)},4`)).toBe('OK');
    expect(runToStop(s)).toBe('W00');
    expect(reply(s, 'c')).toBe('W00'); // finished: nothing more runs
  });

  it('a write watchpoint stops after the store and names the address; memory reads see the value', () => {
    const s = session('iss');
    expect(reply(s, `Z2,${sym('datum').toString(16)},4`)).toBe('OK');
    expect(runToStop(s)).toBe(`T05watch:${sym('datum').toString(16)};thread:1;`);
    expect(reply(s, `m${sym('datum').toString(16)},4`)).toBe('01000000');
    expect(reply(s, `M${sym('datum').toString(16)},4:2a000000`)).toBe('OK');
    expect(reply(s, `m${sym('datum').toString(16)},4`)).toBe('2a000000');
  });

  it('monitor commands answer on the console', () => {
    const marks: string[] = [];
    const m = createMachine('rtl', { ramBytes: 1 << 20 });
    m.load({ image });
    m.start(sym('_start'));
    const s = new GdbSession(m, { mark: (n) => marks.push(n), maxCycles: 1000 });
    m.run([], { maxInstructions: 3 });
    const console = (cmd: string): string => {
      const r = s.handle(`qRcmd,${Buffer.from(cmd).toString('hex')}`);
      return r.kind === 'reply' ? r.console ?? '' : '';
    };
    expect(console('cycles')).toMatch(/^cycles \d+ instructions 3 /);
    expect(console('counters')).toContain('"tlbHits"');
    expect(console('mark here')).toContain('marker "here"');
    expect(marks).toEqual(['here']);
  });
});

/** A GDB client over TCP: send packets or raw bytes, await the stub's packets in order. */
async function client(m: Machine, maxCycles: number) {
  let log = '';
  const done = serveGdb(m, { port: 0, log: (t) => void (log += t), mark: () => {}, maxCycles });
  while (!/:(\d+)/.test(log)) await new Promise((r) => setTimeout(r, 5));
  const sock = connect(Number(/:(\d+)/.exec(log)![1]), '127.0.0.1');
  sock.setEncoding('latin1');
  const reader = new PacketReader();
  const packets: string[] = [];
  const waiters: Array<() => void> = [];
  sock.on('data', (d: string) => {
    for (const p of reader.push(d)) if (p.kind === 'packet') packets.push(p.payload);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (): Promise<string> => {
    while (packets.length === 0) await new Promise<void>((r) => waiters.push(r));
    return packets.shift()!;
  };
  return { sock, next, done };
}

function rawMachine(words: readonly number[]): Machine {
  const m = createMachine('iss', { ramBytes: 1 << 20 });
  const data = new Uint8Array(new Uint32Array(words).buffer);
  m.load({ raw: data, address: 0 });
  m.start(0);
  return m;
}

describe('GDB transport', () => {
  it('serves over TCP; 0x03 interrupts a continue that would never end; k ends the session', async () => {
    const m = rawMachine([0xeafffffe]); // b .
    const { sock, next, done } = await client(m, 2 ** 40);
    sock.write(frame('?'));
    expect(await next()).toBe('T05thread:1;');
    sock.write(frame('c'));
    while (m.instructions === 0) await new Promise((r) => setImmediate(r)); // running, in slices
    sock.write('\x03');
    expect(await next()).toBe('T02thread:1;');
    expect(m.pc).toBe(0);
    sock.write(frame('k'));
    expect((await done).instructions).toBe(m.instructions);
  });

  it('after a detach the program runs on to its end', async () => {
    const m = rawMachine([0xe3a00018, 0xe59f1004, 0xef123456, 0xeafffffe, 0x00020026]); // mov r0, #0x18; ldr r1, [pc, #4]; swi 0x123456
    const { sock, next, done } = await client(m, 1_000_000);
    sock.write(frame('D'));
    expect(await next()).toBe('OK');
    expect((await done).stop).toEqual({ kind: 'exit', code: 0 });
  });
});
