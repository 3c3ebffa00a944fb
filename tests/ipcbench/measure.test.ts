// The benchmark on the RTL system, a few runs: every sample's counter figure agrees with the
// checkers' trap-to-resume figure within the counter read's overhead; the counter read that is a
// thread's first instruction reads the cycle its bus transfer completes (two before it retires);
// fast-path cases pass the hand-off checkers; each run reports its operations with the samples it
// was asked for.
import { beforeAll, describe, expect, it } from 'vitest';
import { PENDING_PHASE } from '../../testbench/ipcbench/measure/analyse.ts';
import { RUN_OPS } from '../../testbench/ipcbench/measure/ops.ts';
import { runBench, type BenchRunResult } from '../../testbench/ipcbench/measure/run.ts';
import { DEFAULT_BENCH, type BenchSpec } from '../../testbench/ipcbench/measure/spec.ts';
import type { BenchPoint } from '../../testbench/ipcbench/measure/scenario.ts';

const HOT = 4;
const COLD = 2;

function bench(bench: Partial<BenchSpec>, extra: Partial<BenchPoint> = {}): BenchRunResult {
  return runBench({ registerMrs: 6, words: 0, strategy: 'fcse', design: 'l4', hardware: {}, ...extra, bench: { ...DEFAULT_BENCH, hot: HOT, cold: COLD, ...bench } });
}

/** Every sample: the counter within the read overhead of the checkers. */
function expectAgreement(r: BenchRunResult): void {
  expect(r.samples.length).toBeGreaterThan(0);
  for (const s of r.samples) expect(Math.abs(s.counter - s.checker), `${s.op} of ${s.thread}, iteration ${s.iteration}: counter ${s.counter}, checkers ${s.checker}`).toBeLessThanOrEqual(r.record.overhead);
  for (const o of r.record.ops) {
    expect(Math.abs(o.deviationMin!)).toBeLessThanOrEqual(r.record.overhead);
    expect(Math.abs(o.deviationMax!)).toBeLessThanOrEqual(r.record.overhead);
  }
}

describe('ipcbench on the RTL system', () => {
  let pingpong: BenchRunResult;
  let queue: BenchRunResult;
  let nullCall: BenchRunResult;
  let irq: BenchRunResult;
  beforeAll(() => {
    pingpong = bench({ run: 'pingpong' }, { words: 10 });
    queue = bench({ run: 'queue', placement: 'intra', priority: 'client-higher' }, { words: 4, strategy: 'asid' });
    nullCall = bench({ run: 'null' });
    irq = bench({ run: 'irq', placement: 'intra' });
  }, 240_000);

  it('each run measures its operations, hot and cold, as many samples as asked', () => {
    const runs = [['pingpong', pingpong], ['queue', queue], ['null', nullCall], ['irq', irq]] as const;
    for (const [run, r] of runs) {
      expect(r.record.ops.map((o) => o.op)).toEqual(RUN_OPS[run]);
      for (const o of r.record.ops) {
        // The queue run alternates Call and Send; the interrupt run alternates latency and reply.
        const share = ['call-blocks', 'send-blocks', 'recv-queued-call', 'recv-queued-send', 'send', 'irq', 'irq-reply'].includes(o.op) ? 2 : 1;
        expect(o.hot?.n, o.op).toBe(HOT / share);
        expect(o.cold?.n, o.op).toBe(COLD / share);
      }
    }
  });

  it('the counter agrees with the checkers within the read overhead, in every sample', () => {
    for (const r of [pingpong, queue, nullCall, irq]) expectAgreement(r);
    expect(pingpong.record.overhead).toBeGreaterThan(0);
  });

  it('the counter read that is a thread\'s first instruction reads the cycle its bus transfer completes, two before it retires', () => {
    const cycleOf = (c: number): number => (c - pingpong.counterOffset) >>> 0;
    expect(pingpong.counterOffset).toBe(-1); // COUNT is 0 in the first cycle after reset (the simulator's cycle 1)
    for (const s of pingpong.samples) expect(cycleOf(s.end)).toBe(s.windows[0]!.resumeCycle - 2);
  });

  it('Call and ReplyWait take the fast path and pass the hand-off checkers; hot is cheaper than cold', () => {
    for (const o of pingpong.record.ops) {
      expect(o.path).toBe('fast');
      expect(o.handoff).toBe('pass');
      expect(o.hot!.max).toBeLessThan(o.cold!.min);
      expect(o.hot!.stddev).toBe(0); // a deterministic model: identical hot iterations
      expect(o.breakdown!.phases.map((p) => p.phase)).toContain('copy UTCB'); // 10 words: 4 beyond the registers
    }
  });

  it('the queue run\'s operations go through the slow path; the null call is cheaper than any IPC', () => {
    for (const o of queue.record.ops) {
      expect(o.path).toBe('slow');
      expect(o.handoff).toBe('n/a');
    }
    const nullFig = nullCall.record.ops[0]!;
    expect(nullFig.path).toBe('other');
    expect(nullFig.hot!.median).toBeLessThan(pingpong.record.ops[0]!.hot!.median);
    expect(nullFig.breakdown!.phases.map((p) => p.phase)).toContain('null call');
  });

  it('interrupt latency runs from the assertion: the exception is taken after it, in the spinner; the handler\'s reply is measured too', () => {
    const lat = irq.samples.filter((s) => s.op === 'irq');
    expect(lat.length).toBeGreaterThan(0);
    for (const s of lat) {
      const w = s.windows[0]!;
      expect(w.trap).toBe('irq');
      expect(w.receiver).toBe('handler');
      expect(s.pending).toBeGreaterThanOrEqual(0);
      expect(s.counter).toBeGreaterThan(s.pending);
    }
    const fig = irq.record.ops.find((o) => o.op === 'irq')!;
    expect(fig.breakdown!.phases[0]!.phase).toBe(PENDING_PHASE);
    expect(fig.breakdown!.phases.map((p) => p.phase)).toContain('interrupt dispatch');
    expect(irq.record.ops.find((o) => o.op === 'irq-reply')!.hot!.median).toBeGreaterThan(fig.hot!.median);
  });
});
