// Generators for the model-based kernel IPC test: fast-check commands that append operations to
// per-thread scripts.
import fc from 'fast-check';
import { ANYTHREAD, TIMEOUT_ZERO, encodeTag, timeouts } from '../../kernel/abi.ts';
import type { KernelConfig } from '../../kernel/build.ts';
import type { ScriptOp } from './ipc-model.ts';
import { ALL_STRATEGIES } from './scenarios.ts';

export const NTHREADS = 4;
export const SPACES = ['s1', 's1', 's2', 's3'];

export interface Scripts {
  ops: ScriptOp[][];
}

class IpcCommand implements fc.Command<Scripts, Scripts> {
  constructor(readonly thread: number, readonly op: Extract<ScriptOp, { kind: 'ipc' }>) {}
  check(): boolean {
    return true;
  }
  run(m: Scripts, r: Scripts): void {
    m.ops[this.thread]!.push(this.op);
    r.ops[this.thread]!.push(this.op);
  }
  toString(): string {
    const o = this.op;
    return `t${this.thread + 1}.ipc(to=${o.to}, from=${o.from | 0}, tmo=0x${o.timeouts.toString(16)}, tag=0x${o.tag.toString(16)}, [${o.words.join(',')}])`;
  }
}

class EndCommand implements fc.Command<Scripts, Scripts> {
  constructor(readonly thread: number) {}
  check(m: Readonly<Scripts>): boolean {
    return m.ops[this.thread]!.every((o) => o.kind !== 'end');
  }
  run(m: Scripts, r: Scripts): void {
    m.ops[this.thread]!.push({ kind: 'end' });
    r.ops[this.thread]!.push({ kind: 'end' });
  }
  toString(): string {
    return `t${this.thread + 1}.end()`;
  }
}

const threadArb = fc.integer({ min: 0, max: NTHREADS - 1 });
// thread 1 is a "hot" receiver, so that several senders queue on it
const partnerArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(1) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: NTHREADS }) },
  { weight: 1, arbitrary: fc.constantFrom(0x55, 0x1005) },
);
const tmoArb = fc.constantFrom(0, TIMEOUT_ZERO);
const ipcArb = fc
  .record({
    thread: threadArb,
    kind: fc.constantFrom('send', 'receive', 'wait', 'call', 'replywait', 'sendrecv'),
    to: partnerArb,
    from: partnerArb,
    sendTmo: tmoArb,
    rcvTmo: tmoArb,
    label: fc.integer({ min: 0, max: 0xffff }),
    // mostly short; sometimes near the 63-word limit, and with typed words over it (overflow)
    untyped: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 57, max: 63 }) }),
    typed: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 8 }) }),
    seed: fc.integer({ min: 0, max: 0xffff }),
  })
  .map((c) => {
    const tag = encodeTag({ label: c.label, untyped: c.untyped, typed: c.typed });
    const n = c.untyped + c.typed;
    const words = Array.from({ length: n }, (_, i) => ((c.seed << 8) + i * 0x01010101 + c.thread) >>> 0);
    let to = c.to;
    let from = c.from;
    let tmo = timeouts(c.sendTmo, c.rcvTmo);
    switch (c.kind) {
      case 'send': from = 0; break;
      case 'receive': to = 0; break;
      case 'wait': to = 0; from = ANYTHREAD; break;
      case 'call': from = to; break;
      case 'replywait': from = ANYTHREAD; tmo = timeouts(TIMEOUT_ZERO, c.rcvTmo); break;
      case 'sendrecv': break;
    }
    return new IpcCommand(c.thread, { kind: 'ipc', to, from, timeouts: tmo, tag, words });
  });

/** Appends several operations at once (a matched sender/receiver pair). */
class PairCommand implements fc.Command<Scripts, Scripts> {
  constructor(readonly parts: readonly IpcCommand[]) {}
  check(): boolean {
    return true;
  }
  run(m: Scripts, r: Scripts): void {
    for (const p of this.parts) p.run(m, r);
  }
  toString(): string {
    return this.parts.map(String).join('; ');
  }
}

const msgArb = fc.record({ label: fc.integer({ min: 0, max: 0xffff }), untyped: fc.integer({ min: 0, max: 12 }), seed: fc.integer({ min: 0, max: 0xffff }) });
const mkWords = (n: number, seed: number, t: number): number[] => Array.from({ length: n }, (_, i) => ((seed << 8) + i * 0x01010101 + t) >>> 0);
const pairArb = fc
  .record({
    s: threadArb,
    r: threadArb,
    call: fc.boolean(),
    open: fc.boolean(),
    replyWait: fc.boolean(),
    msg: msgArb,
    reply: msgArb,
  })
  .filter((p) => p.s !== p.r)
  .map((p) => {
    const to = p.r + 1;
    const me = p.s + 1;
    const tag = encodeTag({ label: p.msg.label, untyped: p.msg.untyped });
    const parts = [
      new IpcCommand(p.s, { kind: 'ipc', to, from: p.call ? to : 0, timeouts: 0, tag, words: mkWords(p.msg.untyped, p.msg.seed, me) }),
      new IpcCommand(p.r, { kind: 'ipc', to: 0, from: p.open ? ANYTHREAD : me, timeouts: 0, tag: 0, words: [] }),
    ];
    if (p.call) {
      const rtag = encodeTag({ label: p.reply.label, untyped: p.reply.untyped });
      parts.push(new IpcCommand(p.r, { kind: 'ipc', to: me, from: p.replyWait ? ANYTHREAD : 0, timeouts: timeouts(TIMEOUT_ZERO, 0), tag: rtag, words: mkWords(p.reply.untyped, p.reply.seed, to) }));
    }
    return new PairCommand(parts);
  });

export const commandsArb = fc.commands(
  [pairArb, pairArb, pairArb, ipcArb, threadArb.map((t) => new EndCommand(t))],
  { maxCommands: 30 },
);

export const configArb: fc.Arbitrary<KernelConfig> = fc.record({
  nreg: fc.integer({ min: 0, max: 6 }),
  switchStrategy: fc.constantFrom(...ALL_STRATEGIES),
});

