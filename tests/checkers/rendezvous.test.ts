// The IPC state model the message view keeps (testbench/checkers/rendezvous.ts), on window
// sequences written from the ABI's semantics (kernel/ABI.md, "IPC"): who is waiting for whom after
// each window, and where the boundary does not show it, "unknown" (never a wrong "no").
import { describe, expect, it } from 'vitest';
import { ANYTHREAD, applyWindow, describeState, initialRendezvous, T_HALT, T_NEW, T_RUN, T_SEND, T_UNKNOWN, T_WAIT, waitedFor, type RendezvousAbi, type RendezvousState, type TrapSeen } from '../../testbench/checkers/rendezvous.ts';

const IRQ = 0x1000;
// Threads 1 (client), 2 (server), 3 (helper; handles interrupt line 5).
const ABI: RendezvousAbi = { ids: [1, 2, 3], irqs: [[], [], [5]], irqThreadBase: IRQ };
const ZERO = 0x0400;
const FINITE = 0x0401;

const ipc = (thread: number, to: number, from: number, timeouts = 0): TrapSeen => ({ kind: 'ipc', thread, to, from, timeouts, lines: 0 });
const irq = (thread: number, lines: number): TrapSeen => ({ kind: 'irq', thread, to: 0, from: 0, timeouts: 0, lines });
const states = (r: RendezvousState): string[] => r.threads.map((t) => `${['new', 'run', 'wait', 'send', 'halt', 'unknown'][t.state]}${t.state === T_WAIT || t.state === T_SEND ? `:${t.partner === ANYTHREAD ? 'any' : t.partner.toString(16)}` : ''}`);

/** Every thread has run once and is running or runnable. */
function running(): RendezvousState {
  const r = initialRendezvous(3);
  for (const t of r.threads) t.state = T_RUN;
  return r;
}

describe('the IPC state model', () => {
  it('a ping-pong: Wait, Call to a waiting server, ReplyWait to a waiting client', () => {
    const r = running();
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 0); // server waits, client resumed
    expect(states(r)).toEqual(['run', 'wait:any', 'run']);
    expect(waitedFor(r.threads[1]!, 1)).toBe('yes');
    applyWindow(r, ABI, ipc(0, 2, 2), 1); // client calls: hand-off to the server
    expect(states(r)).toEqual(['wait:2', 'run', 'run']);
    expect(waitedFor(r.threads[0]!, 2)).toBe('yes');
    expect(waitedFor(r.threads[0]!, 3)).toBe('no'); // a closed wait is for its partner only
    applyWindow(r, ABI, ipc(1, 1, ANYTHREAD, ZERO << 16), 0); // ReplyWait: hand-off to the client
    expect(states(r)).toEqual(['run', 'wait:any', 'run']);
  });

  it('a Call to a thread that has not run yet queues the caller; the server\'s Wait takes it and the caller waits for the reply', () => {
    const r = initialRendezvous(3);
    expect(waitedFor(r.threads[1]!, 1)).toBe('no');
    applyWindow(r, ABI, { kind: 'other', thread: -1, to: 0, from: 0, timeouts: 0, lines: 0 }, 0); // the client starts first
    applyWindow(r, ABI, ipc(0, 2, 2), 1); // Call: the server is new, not waiting -> the client is queued, the server runs
    expect(states(r)).toEqual(['send:2', 'run', 'new']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 1); // Wait: the queued Call is taken at once
    expect(states(r)).toEqual(['wait:2', 'run', 'new']);
  });

  it('senders are taken in FIFO order, and a closed receive skips the others', () => {
    const r = running();
    applyWindow(r, ABI, ipc(0, 2, 0), 2); // client Sends to the running server: queued (Send, no receive phase)
    applyWindow(r, ABI, ipc(2, 2, 2), 1); // helper Calls: queued behind it
    expect(states(r)).toEqual(['send:2', 'run', 'send:2']);
    applyWindow(r, ABI, ipc(1, 0, 3), 1); // closed receive from the helper: its Call completes, the client stays queued
    expect(states(r)).toEqual(['send:2', 'run', 'wait:2']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 1); // open: the client's Send completes
    expect(states(r)).toEqual(['run', 'run', 'wait:2']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 0); // nothing queued: the server waits
    expect(states(r)).toEqual(['run', 'wait:any', 'wait:2']);
  });

  it('an open receive takes the earliest of two queued senders', () => {
    const r = running();
    applyWindow(r, ABI, ipc(2, 2, 2), 0); // helper Calls the running server: queued first
    applyWindow(r, ABI, ipc(0, 2, 2), 1); // client Calls: queued second
    expect(states(r)).toEqual(['send:2', 'run', 'send:2']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 1); // the helper's Call is taken; it waits for the reply
    expect(states(r)).toEqual(['send:2', 'run', 'wait:2']);
  });

  it('zero timeouts fail instead of blocking; finite ones make the state unknown', () => {
    const r = running();
    applyWindow(r, ABI, ipc(0, 2, 0, ZERO << 16), 0); // Send with a zero timeout to a running thread: error, resumed
    expect(states(r)).toEqual(['run', 'run', 'run']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD, ZERO), 1); // poll: nothing queued, error
    expect(states(r)).toEqual(['run', 'run', 'run']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD, FINITE), 0); // a finite receive timeout may expire unseen
    expect(r.threads[1]!.state).toBe(T_UNKNOWN);
    expect(waitedFor(r.threads[1]!, 1)).toBe('maybe');
    applyWindow(r, ABI, ipc(0, 2, 2), 2); // a Call to it: delivered or queued, unknown either way
    expect(states(r)).toEqual(['unknown', 'unknown', 'run']);
    applyWindow(r, ABI, ipc(2, 1, 0, FINITE << 16), 1); // a finite send timeout to an unknown thread stays unknown too
    expect(r.threads[0]!.state).toBe(T_UNKNOWN);
    expect(r.threads[1]!.state).toBe(T_RUN);
  });

  it('what a trap alone does, before any thread resumes (a window still open at the end of a run)', () => {
    const r = running();
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 0); // the server waits
    applyWindow(r, ABI, ipc(0, 3, 3, ZERO << 16), -1); // Call, zero send timeout, to a running thread: error, no block
    expect(states(r)).toEqual(['run', 'wait:any', 'run']);
    applyWindow(r, ABI, ipc(2, 2, ANYTHREAD, (ZERO << 16) | ZERO), -1); // ReplyWait to the waiting server, a zero receive timeout, nothing queued: delivered, then error
    expect(states(r)).toEqual(['run', 'run', 'run']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 0);
    applyWindow(r, ABI, { ...ipc(0, 2, 2), words: 64 }, -1); // 64 words to the waiting server: overflow, nothing delivered
    expect(states(r)).toEqual(['run', 'wait:any', 'run']);
    applyWindow(r, ABI, { ...ipc(0, 2, 2), words: 63 }, -1); // 63 words: delivered, the client waits for the reply
    expect(states(r)).toEqual(['wait:2', 'run', 'run']);
  });

  it('errors that return at once: a closed wait for a halted thread, a send to an interrupt thread one does not handle; a dequeued Call with a zero receive timeout', () => {
    const r = running();
    applyWindow(r, ABI, { kind: 'halt', thread: 2, to: 0, from: 0, timeouts: 0, lines: 0 }, 0);
    applyWindow(r, ABI, ipc(0, 0, 3), -1); // closed wait for the halted helper: error 2, not blocked
    expect(states(r)).toEqual(['run', 'run', 'halt']);
    applyWindow(r, ABI, ipc(0, IRQ + 5, 1), -1); // only line 5's handler (the helper) may send to 0x1005: error 2, no receive phase
    expect(states(r)).toEqual(['run', 'run', 'halt']);
    applyWindow(r, ABI, ipc(0, 2, 2, ZERO), 1); // Call with a zero receive timeout to the running server: queued
    expect(states(r)).toEqual(['send:2', 'run', 'halt']);
    applyWindow(r, ABI, ipc(1, 0, ANYTHREAD), 1); // taken: its receive phase runs now, nothing for it, zero timeout: error, runnable
    expect(states(r)).toEqual(['run', 'run', 'halt']);
  });

  it('an interrupt is delivered to a waiting handler, held pending for a busy one and taken by its next Wait', () => {
    const r = running();
    applyWindow(r, ABI, ipc(2, 0, ANYTHREAD), 0); // the handler waits
    applyWindow(r, ABI, irq(0, 1 << 5), 0); // line 5 in the client, which goes on: the handler has its message, runnable
    expect(states(r)).toEqual(['run', 'run', 'run']);
    expect(r.pendingIrqs).toBe(0);
    applyWindow(r, ABI, irq(2, 1 << 5), 2); // line 5 while the handler runs: pending
    expect(r.pendingIrqs).toBe(1 << 5);
    applyWindow(r, ABI, ipc(2, IRQ + 5, IRQ + 5), 0); // the reply (unmasks) and a closed wait for the line: taken at once
    expect(states(r)).toEqual(['run', 'run', 'run']);
    expect(r.pendingIrqs).toBe(0);
    applyWindow(r, ABI, ipc(2, 0, 1), 0); // a closed wait for the client: an interrupt would stay pending
    expect(waitedFor(r.threads[2]!, IRQ + 5)).toBe('no');
    applyWindow(r, ABI, irq(0, 1 << 5), 0);
    expect(r.pendingIrqs).toBe(1 << 5);
    expect(states(r)).toEqual(['run', 'run', 'wait:1']);
  });

  it('a thread exit or fault cancels the partners blocked on it; a halted destination is an error', () => {
    const r = running();
    applyWindow(r, ABI, ipc(0, 2, 2), 2); // queued on the running server
    applyWindow(r, ABI, ipc(2, 0, 2), 1); // closed wait for the server
    expect(states(r)).toEqual(['send:2', 'run', 'wait:2']);
    applyWindow(r, ABI, { kind: 'halt', thread: 1, to: 0, from: 0, timeouts: 0, lines: 0 }, 0);
    expect(states(r)).toEqual(['run', 'halt', 'run']);
    applyWindow(r, ABI, ipc(0, 2, 2), 2); // to a halted thread: error 2, nothing blocks
    expect(r.threads[0]!.state).toBe(T_RUN);
    expect(r.threads[1]!.state).toBe(T_HALT);
  });

  it('says what a thread was doing', () => {
    const name = (id: number): string => (id === ANYTHREAD ? 'any thread' : `thread ${id}`);
    expect(describeState({ state: T_NEW, partner: 0 }, name)).toBe('it had not run yet');
    expect(describeState({ state: T_WAIT, partner: 3 }, name)).toBe('it was waiting for thread 3');
    expect(describeState({ state: T_SEND, partner: 2 }, name)).toBe('it was itself queued to send to thread 2');
    expect(describeState({ state: T_RUN, partner: 0 }, name)).toBe('it was running or runnable, not in a receive');
  });
});
