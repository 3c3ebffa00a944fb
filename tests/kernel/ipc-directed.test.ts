// Directed IPC tests: every fast-path precondition failing (and the slow path giving the model's
// result), every error code, finite timeouts.
import { describe, expect, it } from 'vitest';
import { ANYTHREAD, TIMEOUT_ZERO, encodeTag, errorWord, ERROR, timeoutMicros, timeouts } from '../../kernel/abi.ts';
import type { KernelConfig } from '../../kernel/build.ts';
import { runModel, type ScriptOp } from './ipc-model.ts';
import { buildScripted, runScripted, type RawOp, type ScriptThread } from './script-harness.ts';
import { fastPathOutcomes, tracePhases } from './trace.ts';

const ipc = (to: number, from: number, tmo: number, tag: number, words: number[] = []): RawOp => ({ kind: 'ipc', to, from, timeouts: tmo, tag, words });
const words = (n: number, base: number): number[] => Array.from({ length: n }, (_, i) => (base + i) >>> 0);
const LONG = timeoutMicros(1_000_000);
const end: RawOp = { kind: 'end' };

function agreeWithModel(threads: ScriptThread[], config: KernelConfig = {}): void {
  const real = runScripted(threads, config);
  const model = runModel(threads.map((t) => ({ priority: t.priority, ops: t.ops.filter((o) => o.kind === 'ipc' || o.kind === 'end') as ScriptOp[] })));
  expect(real.run.stop).toBe('exit');
  model.logs.forEach((log, i) => {
    expect(real.logs[i]!.length).toBe(log.length);
    log.forEach((e, k) => {
      const g = real.logs[i]![k]!;
      expect([g.tag, g.error, g.words], `thread ${i + 1} result ${k}`).toEqual([e.tag, e.error, e.words]);
      if (e.r0 !== undefined) expect(g.r0).toBe(e.r0);
    });
  });
  expect(real.states).toEqual(model.states);
}

function outcomes(threads: ScriptThread[], config: KernelConfig = {}): string[] {
  const t = tracePhases(buildScripted(threads, config));
  expect(t.stop).toBe('exit');
  return fastPathOutcomes(t.events);
}

// t1 client (space a), t2 server (space b), optionally t3 (space c)
const callTag = encodeTag({ label: 0x11, untyped: 3 });
const replyTag = encodeTag({ label: 0x22, untyped: 2 });
const server = (first: RawOp, prio = 5, extra: RawOp[] = []): ScriptThread => ({
  name: 't2', space: 'b', priority: prio,
  ops: [first, ipc(1, ANYTHREAD, timeouts(TIMEOUT_ZERO, 0), replyTag, [7, 8]), ...extra, end],
});

const cases: { check: string; threads: ScriptThread[]; config?: KernelConfig }[] = [
  {
    check: 'fastpath_check_call_or_replywait',
    threads: [{ name: 't1', space: 'a', priority: 1, ops: [ipc(2, 0, 0, callTag, [1, 2, 3]), end] }, { name: 't2', space: 'b', priority: 5, ops: [ipc(0, ANYTHREAD, 0, 0), end] }],
  },
  { check: 'fastpath_check_dest_exists', threads: [{ name: 't1', space: 'a', priority: 1, ops: [ipc(0x55, 0x55, 0, callTag, [1, 2, 3]), end] }] },
  {
    check: 'fastpath_check_dest_waiting',
    threads: [{ name: 't1', space: 'a', priority: 5, ops: [ipc(2, 2, 0, callTag, [1, 2, 3]), end] }, server(ipc(0, ANYTHREAD, 0, 0), 1)],
  },
  {
    // the server waits with a timeout: it is receiving, but not forever
    check: 'fastpath_check_dest_waiting',
    threads: [{ name: 't1', space: 'a', priority: 1, ops: [ipc(2, 2, 0, callTag, [1, 2, 3]), end] }, server(ipc(0, ANYTHREAD, timeouts(0, LONG), 0))],
  },
  {
    check: 'fastpath_check_no_typed',
    threads: [{ name: 't1', space: 'a', priority: 1, ops: [ipc(2, 2, 0, encodeTag({ label: 1, untyped: 1, typed: 2 }), [1, 2, 3]), end] }, server(ipc(0, ANYTHREAD, 0, 0))],
  },
  {
    check: 'fastpath_check_recv_timeout_never',
    threads: [{ name: 't1', space: 'a', priority: 1, ops: [ipc(2, 2, timeouts(0, LONG), callTag, [1, 2, 3]), end] }, server(ipc(0, ANYTHREAD, 0, 0))],
  },
  {
    check: 'fastpath_check_no_queued_senders',
    threads: [
      { name: 't1', space: 'a', priority: 3, ops: [ipc(2, 2, 0, callTag, [1, 2, 3]), end] },
      server(ipc(0, 1, 0, 0), 5, [ipc(0, ANYTHREAD, 0, 0)]),
      { name: 't3', space: 'c', priority: 4, ops: [ipc(2, 0, 0, encodeTag({ label: 3, untyped: 1 }), [9]), end] },
    ],
  },
  {
    check: 'fastpath_check_space_switch',
    threads: [{ name: 't1', space: 'a', priority: 1, ops: [ipc(2, 2, 0, callTag, [1, 2, 3]), end] }, server(ipc(0, ANYTHREAD, 0, 0))],
    config: { switchStrategy: 'full' },
  },
];

describe('fast path', () => {
  it('a Call to a waiting server and its ReplyWait both take the fast path', () => {
    const threads: ScriptThread[] = [{ name: 't1', space: 'a', priority: 1, ops: [ipc(2, 2, 0, callTag, [1, 2, 3]), ipc(2, 2, 0, callTag, [4, 5, 6]), end] }, server(ipc(0, ANYTHREAD, 0, 0), 5, [ipc(1, ANYTHREAD, timeouts(TIMEOUT_ZERO, 0), replyTag, [7, 8])])];
    // slow: the server's first Wait (no destination); fast: both Calls and both replies
    const o = outcomes(threads);
    expect(o.filter((x) => x === 'fast').length).toBe(4);
    expect(o[0]).toBe('slow@fastpath_check_dest_exists');
    agreeWithModel(threads);
  });

  it('a message of any length the tag can hold takes the fast path (14, 57 and 63 words)', () => {
    for (const n of [14, 57, 63]) {
      const threads: ScriptThread[] = [{ name: 't1', space: 'a', priority: 1, ops: [ipc(2, 2, 0, encodeTag({ label: 1, untyped: n }), words(n, 100)), end] }, server(ipc(0, ANYTHREAD, 0, 0))];
      expect(outcomes(threads).filter((x) => x === 'fast').length, `${n} words`).toBeGreaterThanOrEqual(1);
      agreeWithModel(threads);
    }
  });

  for (const c of cases) {
    it(`${c.check} fails: slow path, same result as the specification`, () => {
      const o = outcomes(c.threads, c.config);
      expect(o).toContain(`slow@${c.check}`);
      agreeWithModel(c.threads, c.config);
    });
  }
});

describe('error codes', () => {
  const one = (ops: RawOp[], others: ScriptThread[] = []): ReturnType<typeof runScripted> =>
    runScripted([{ name: 't1', space: 'a', priority: 1, ops: [...ops, end] }, ...others]);
  const err = (code: number, phase: 0 | 1) => errorWord(code, phase);

  it('non-existing partner: send (2<<1|0) and receive (2<<1|1), also interrupt threads not handled', () => {
    const r = one([ipc(0x55, 0, 0, 0), ipc(0, 0x55, 0, 0), ipc(0x1005, 0, 0, 0), ipc(0, 0x1007, 0, 0)]);
    expect(r.logs[0]!.map((e) => [e.tag, e.error])).toEqual([
      [0x8000, err(ERROR.noPartner, 0)], [0x8000, err(ERROR.noPartner, 1)], [0x8000, err(ERROR.noPartner, 0)], [0x8000, err(ERROR.noPartner, 1)],
    ]);
  });

  it('overflow: more than 63 words (send phase), nothing delivered', () => {
    const r = one([ipc(2, 0, timeouts(TIMEOUT_ZERO, 0), encodeTag({ untyped: 40, typed: 24 }), words(64, 0))], [{ name: 't2', space: 'b', priority: 5, ops: [ipc(0, ANYTHREAD, 0, 0), end] }]);
    expect(r.logs[0]![0]!.error).toBe(err(ERROR.overflow, 0));
    expect(r.logs[1]!.length).toBe(0);
    expect(r.states[1]).toBe('receiving');
  });

  it('timeout zero: send to a thread not waiting, receive with nobody sending', () => {
    const r = one([ipc(2, 0, timeouts(TIMEOUT_ZERO, 0), 0), ipc(0, 2, timeouts(0, TIMEOUT_ZERO), 0), ipc(0, ANYTHREAD, timeouts(0, TIMEOUT_ZERO), 0)], [{ name: 't2', space: 'b', priority: 0, ops: [end] }]);
    expect(r.logs[0]!.map((e) => e.error)).toEqual([err(ERROR.timeout, 0), err(ERROR.timeout, 1), err(ERROR.timeout, 1)]);
  });

  it('cancelled: the partner exits while we are queued (send) or waiting for it (receive)', () => {
    const r = runScripted([
      { name: 't1', space: 'a', priority: 5, ops: [ipc(3, 0, 0, encodeTag({ untyped: 1 }), [1]), end] },
      { name: 't2', space: 'b', priority: 4, ops: [ipc(0, 3, 0, 0), end] },
      { name: 't3', space: 'c', priority: 1, ops: [end] },
    ]);
    expect(r.logs[0]![0]!.error).toBe(err(ERROR.cancelled, 0));
    expect(r.logs[1]![0]!.error).toBe(err(ERROR.cancelled, 1));
  });

  it('finite timeouts: receive and send expire, a message before the deadline is delivered', () => {
    const short = timeoutMicros(20_000);
    const r = runScripted([
      // t1: receive from t2 with a long timeout; t2 sleeps (receive from itself, short timeout) then sends
      { name: 't1', space: 'a', priority: 5, ops: [ipc(0, 2, timeouts(0, LONG), 0), ipc(0, 2, timeouts(0, short), 0), ipc(2, 0, timeouts(short, 0), encodeTag({ untyped: 1 }), [5]), end] },
      { name: 't2', space: 'b', priority: 4, ops: [ipc(0, 2, timeouts(0, short), 0), ipc(1, 0, 0, encodeTag({ label: 9, untyped: 2 }), [1, 2]), ipc(0, 0, 0, 0), ipc(0, 0, 0, 0), ipc(0, 2, timeouts(0, timeoutMicros(100_000)), 0), ipc(0, ANYTHREAD, timeouts(0, TIMEOUT_ZERO), 0), end] },
    ]);
    expect(r.run.stop).toBe('exit');
    const [a, b] = r.logs as [typeof r.logs[0], typeof r.logs[0]];
    expect(a[0]).toEqual({ r0: 2, tag: encodeTag({ label: 9, untyped: 2 }), error: 0, words: [1, 2] });
    expect(a[1]!.error).toBe(err(ERROR.timeout, 1));
    expect(a[2]!.error).toBe(err(ERROR.timeout, 0));
    expect(b[0]!.error).toBe(err(ERROR.timeout, 1));
    expect(b[1]!.error).toBe(0);
    // t1's expired send left t2's queue: t2's zero-timeout wait finds nobody
    expect(b[5]!.error).toBe(err(ERROR.timeout, 1));
  });
});
