// The GDB remote stub's transport: one TCP connection on 127.0.0.1, packets in, replies out, and
// `continue` run in slices so Ctrl-C (0x03) can interrupt it. Serves until GDB kills or detaches
// (after a detach the program runs on to its end, as a detached process would).
import { createServer, type Socket } from 'node:net';
import type { Machine, RunResult } from '../../machine/index.ts';
import { frame, hexOfText, PacketReader } from './packets.ts';
import { GdbSession } from './session.ts';

export interface GdbOptions {
  readonly port: number;
  readonly log: (text: string) => void;
  readonly mark: (name: string) => void;
  readonly maxCycles: number;
}

export function serveGdb(m: Machine, o: GdbOptions): Promise<RunResult> {
  const session = new GdbSession(m, { mark: o.mark, maxCycles: o.maxCycles });
  const i0 = m.instructions;
  const c0 = m.cycles;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      const address = server.address();
      o.log(`sim: GDB remote stub listening on 127.0.0.1:${typeof address === 'object' && address ? address.port : o.port}\n`);
    });
    server.once('connection', (socket: Socket) => {
      server.close();
      const reader = new PacketReader();
      let running = false;
      let interrupt = false;
      let ended = false;
      const send = (payload: string): void => void socket.write(frame(payload));
      const finish = (detach: boolean): void => {
        if (ended) return;
        ended = true;
        socket.end();
        if (detach && !session.finished) {
          const left = o.maxCycles - m.cycles;
          session.last = m.run([], { maxCycles: Math.max(1, left) });
        }
        resolve({ stop: session.last.stop, instructions: m.instructions - i0, cycles: m.cycles - c0 });
      };
      const console = (text: string | undefined): void => {
        if (text) send(`O${hexOfText(text)}`);
      };
      const runSlices = (): void => {
        if (ended) return;
        if (interrupt) {
          interrupt = false;
          running = false;
          send(session.interrupted());
          return;
        }
        const reply = session.continueSlice();
        if (reply === undefined) {
          setImmediate(runSlices);
          return;
        }
        running = false;
        console(session.describeLast());
        send(reply);
      };
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        for (const msg of reader.push(chunk)) {
          if (msg.kind === 'interrupt') {
            if (running) interrupt = true;
            continue;
          }
          if (msg.kind === 'bad-checksum') {
            socket.write('-');
            continue;
          }
          socket.write('+');
          if (running) continue; // GDB sends nothing but 0x03 while the target runs
          const r = session.handle(msg.payload);
          if (r.kind === 'reply') {
            console(r.console);
            send(r.payload);
          } else if (r.kind === 'continue') {
            running = true;
            setImmediate(runSlices);
          } else {
            if (r.payload !== undefined) send(r.payload);
            finish(r.detach);
          }
        }
      });
      socket.on('close', () => finish(true));
      socket.on('error', () => finish(true));
    });
  });
}
