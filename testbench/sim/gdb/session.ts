// One GDB session's commands against a machine: registers, memory, breakpoints and watchpoints,
// step and continue, qXfer target description, and `monitor` commands (qRcmd). Transport-free: it
// turns a packet payload into a reply (and, for `c`, runs in slices so an interrupt can stop it).
import type { Machine, RunResult, StopReason, Watchpoint } from '../../machine/index.ts';
import { hexLe32, hexOfText, le32OfHex } from './packets.ts';
import { GDB_REGISTERS, TARGET_XML } from './target.ts';

/** Instructions per slice of a `continue` (between slices the server reads interrupts). */
const SLICE = 20_000;

export interface SessionHooks {
  /** `monitor mark NAME`: a named marker at the current cycle (in the .gtkw). */
  readonly mark: (name: string) => void;
  /** Cycle budget of the whole session. */
  readonly maxCycles: number;
}

export type Reply = { readonly kind: 'reply'; readonly payload: string; readonly console?: string } | { readonly kind: 'continue' } | { readonly kind: 'end'; readonly payload?: string; readonly detach: boolean };

export class GdbSession {
  last: RunResult;
  /** The program has ended (semihosting exit, mismatch...): GDB has been told, nothing more runs. */
  finished = false;

  constructor(
    readonly m: Machine,
    private readonly hooks: SessionHooks,
  ) {
    this.last = { stop: { kind: 'pc', pc: m.pc }, instructions: 0, cycles: 0 };
  }

  handle(p: string): Reply {
    const ok = (payload: string): Reply => ({ kind: 'reply', payload });
    if (p.startsWith('qSupported')) return ok('PacketSize=4000;qXfer:features:read+;vContSupported+');
    if (p === '?') return ok(this.stopReply(this.last.stop));
    if (p === 'qAttached') return ok('1');
    if (p === 'qC') return ok('QC1');
    if (p === 'qfThreadInfo') return ok('m1');
    if (p === 'qsThreadInfo') return ok('l');
    if (p.startsWith('H') || p.startsWith('T')) return ok('OK');
    if (p === 'vCont?') return ok('vCont;c;C;s;S');
    if (p.startsWith('qXfer:features:read:target.xml:')) return ok(this.xfer(p.slice('qXfer:features:read:target.xml:'.length)));
    if (p === 'g') return ok(GDB_REGISTERS.map((n) => hexLe32(this.m.readRegister(n))).join(''));
    if (p.startsWith('G')) return ok(this.writeAll(p.slice(1)));
    if (p.startsWith('p')) {
      const name = GDB_REGISTERS[parseInt(p.slice(1), 16)];
      return ok(name === undefined ? 'E00' : hexLe32(this.m.readRegister(name)));
    }
    if (p.startsWith('P')) {
      const [n, v] = p.slice(1).split('=');
      const name = GDB_REGISTERS[parseInt(n ?? '', 16)];
      return ok(name === undefined || v === undefined ? 'E00' : this.tryWrite(() => this.m.writeRegister(name, le32OfHex(v))));
    }
    if (p.startsWith('m')) {
      const [a, l] = p.slice(1).split(',').map((x) => parseInt(x, 16));
      if (a === undefined || l === undefined || !(l >= 0) || l > 0x10000) return ok('E01');
      return ok(Buffer.from(this.m.readMemory(a >>> 0, l)).toString('hex'));
    }
    if (p.startsWith('M')) {
      const m = /^M([0-9a-f]+),([0-9a-f]+):([0-9a-f]*)$/i.exec(p);
      if (!m) return ok('E01');
      return ok(this.tryWrite(() => this.m.writeMemory(parseInt(m[1]!, 16) >>> 0, Buffer.from(m[3]!, 'hex'))));
    }
    if (/^[Zz][0-4],/.test(p)) return ok(this.point(p));
    if (p.startsWith('qRcmd,')) return { kind: 'reply', payload: 'OK', console: this.monitor(Buffer.from(p.slice(6), 'hex').toString('utf8')) };
    if (p === 's' || p.startsWith('s') || /^vCont;[sS]/.test(p)) return ok(this.step());
    if (p === 'c' || p.startsWith('c') || /^vCont;[cC]/.test(p)) return this.finished ? ok(this.stopReply(this.last.stop)) : { kind: 'continue' };
    if (p === 'k' || p === 'vKill' || p.startsWith('vKill;')) return { kind: 'end', payload: p === 'k' ? undefined : 'OK', detach: false };
    if (p === 'D' || p.startsWith('D;')) return { kind: 'end', payload: 'OK', detach: true };
    return ok(''); // not supported: GDB falls back
  }

  /** One slice of a continue: a stop reply when the run stopped, undefined to go on. */
  continueSlice(): string | undefined {
    const left = this.hooks.maxCycles - this.m.cycles;
    if (left <= 0) return this.stopped({ stop: { kind: 'max-cycles' }, instructions: 0, cycles: 0 });
    const r = this.m.run([], { maxInstructions: SLICE, maxCycles: left });
    if (r.stop.kind === 'max-instructions') return undefined;
    return this.stopped(r);
  }

  /** The reply after an interrupt (Ctrl-C) during a continue. */
  interrupted(): string {
    this.last = { stop: { kind: 'pc', pc: this.m.pc }, instructions: 0, cycles: 0 };
    return 'T02thread:1;';
  }

  private step(): string {
    if (this.finished) return this.stopReply(this.last.stop);
    return this.stopped(this.m.stepInstruction());
  }

  private stopped(r: RunResult): string {
    this.last = r;
    const s = r.stop;
    if (s.kind === 'exit' || s.kind === 'mismatch' || s.kind === 'deadlock' || s.kind === 'semihosting') this.finished = true;
    return this.stopReply(s);
  }

  stopReply(s: StopReason): string {
    switch (s.kind) {
      case 'exit': return `W${(s.code & 0xff).toString(16).padStart(2, '0')}`;
      case 'watchpoint': {
        const w = this.m.watchpoints.find((x) => s.address >= x.address && s.address < x.address + x.length);
        const kind = w?.access === 'access' ? 'awatch' : w?.access === 'read' ? 'rwatch' : 'watch';
        return `T05${kind}:${s.address.toString(16)};thread:1;`;
      }
      default: return 'T05thread:1;';
    }
  }

  /** Why the last run stopped, for the console (stops GDB's protocol cannot name). */
  describeLast(): string | undefined {
    const s = this.last.stop;
    if (s.kind === 'mismatch') return `${s.report}\n`;
    if (s.kind === 'max-cycles' || s.kind === 'deadlock' || s.kind === 'semihosting' || s.kind === 'max-instructions') return `[sim: stopped: ${JSON.stringify(s)}]\n`;
    return undefined;
  }

  private xfer(args: string): string {
    const [off, len] = args.split(',').map((x) => parseInt(x, 16));
    if (off === undefined || len === undefined || !(off >= 0) || !(len > 0)) return 'E00';
    const chunk = TARGET_XML.slice(off, off + len);
    return (off + len >= TARGET_XML.length ? 'l' : 'm') + chunk;
  }

  private writeAll(hex: string): string {
    return this.tryWrite(() => {
      GDB_REGISTERS.forEach((name, i) => {
        if (hex.length >= (i + 1) * 8) this.m.writeRegister(name, le32OfHex(hex.slice(i * 8, i * 8 + 8)));
      });
    });
  }

  private tryWrite(write: () => void): string {
    try {
      write();
      return 'OK';
    } catch {
      return 'E01'; // e.g. the RTL after start: its pipeline holds younger instructions
    }
  }

  private point(p: string): string {
    const [type, a, k] = p.slice(1).split(',');
    const address = parseInt(a ?? '', 16) >>> 0;
    const length = parseInt(k ?? '4', 16) || 4;
    const insert = p[0] === 'Z';
    if (type === '0' || type === '1') {
      if (insert) this.m.breakpoints.add(address);
      else this.m.breakpoints.delete(address);
      return 'OK';
    }
    const access: Watchpoint['access'] = type === '2' ? 'write' : type === '3' ? 'read' : 'access';
    const list = this.m.watchpoints;
    if (insert) list.push({ address, length, access });
    else {
      const i = list.findIndex((w) => w.address === address && w.length === length && w.access === access);
      if (i >= 0) list.splice(i, 1);
    }
    return 'OK';
  }

  private monitor(command: string): string {
    const [verb, ...rest] = command.trim().split(/\s+/);
    const c = this.m.counters();
    switch (verb) {
      case 'cycles':
        return `cycles ${c.cycles} instructions ${c.instructions} (since start)\n`;
      case 'cache':
      case 'tlb':
      case 'counters':
        return c.memory ? `${JSON.stringify(c.memory, null, 2)}\n` : `no memory system counters on the ${this.m.model} model\n`;
      case 'mark': {
        const name = rest.join(' ') || 'mark';
        this.hooks.mark(name);
        return `marker "${name}" at cycle ${this.m.cycles}\n`;
      }
      case 'uart':
        return this.m.uartOutput();
      default:
        return 'monitor commands: cycles, counters (cache, tlb), mark NAME (waveform marker), uart\n';
    }
  }
}

export { hexOfText };
