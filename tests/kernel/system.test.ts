// Interrupts as IPC, fault isolation, bad arguments, preemption, the idle thread.
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { runOnReference } from '../../testbench/scenarios/reference-run.ts';
import { ANYTHREAD, encodeTag, errorWord, ERROR, timeouts } from '../../kernel/abi.ts';
import { buildScripted, runScripted } from './script-harness.ts';

import { ALL_STRATEGIES } from './scenarios.ts';
import { faultScenario, interruptScenario, queueScenario, timeoutScenario } from './system-scenarios.ts';

const BANNER = 'L4/handoff kernel\n';
const DONE = '[kernel: no thread can run any more]\n';

describe('interrupts as IPC', () => {
  for (const sw of ALL_STRATEGIES) {
    it(`a handler thread receives timer interrupts from interrupt thread 0x1005 and replies to unmask (${sw})`, () => {
      const sys = buildSystem(interruptScenario(sw));
      const r = runOnReference(sys);
      expect(r.uart).toContain('pingpong: ok\n');
      expect(r.uart).toContain('irq: interrupts delivered as IPC ok\n');
      expect(r.uart.endsWith(DONE)).toBe(true);
      expect(r.exitCode).toBe(0);
    });
  }

  it('only the registered handler may wait for or reply to its interrupt thread', () => {
    const sys = buildScripted([{ name: 't1', space: 'a', priority: 1, ops: [{ kind: 'ipc', to: 0, from: 0x1005, timeouts: 0, tag: 0, words: [] }, { kind: 'ipc', to: 0x1005, from: 0, timeouts: 0, tag: 0, words: [] }] }]);
    const r = runOnReference(sys);
    const mem = r.machine.memory;
    const log = sys.userSymbol('a', 'log_t1');
    expect(mem.read32(log)).toBe(2);
    expect(mem.read32(log + 4 + 8)).toBe(errorWord(ERROR.noPartner, 1));
    expect(mem.read32(log + 16 + 8)).toBe(errorWord(ERROR.noPartner, 0));
  });
});

describe('faults and bad arguments never harm the kernel', () => {
  it('loads from kernel memory, stores to a foreign space, undefined instructions, bad syscalls, jumps into the kernel: only that thread stops', () => {
    const combined = buildSystem(faultScenario());
    const r = runOnReference(combined);
    expect(r.uart).toBe(
      BANNER +
        '[fault thread 00000003 D 00010000]\n' +
        '[fault thread 00000004 D 00200000]\n' +
        '[fault thread 00000005 D 00080000]\n' +
        `[fault thread 00000006 U ${hex8(combined.userSymbol('bad', 'undef_start'))}]\n` +
        `[fault thread 00000007 S ${hex8(combined.userSymbol('bad', 'bad_syscall_start'))}]\n` +
        '[fault thread 00000008 P 00010000]\n' +
        'pingpong: ok\n' +
        DONE,
    );
    expect(r.exitCode).toBe(0);
  });

  it('FCSE: the kernel data alias and another space\'s slot (its UTCB by MVA: domain fault) are out of reach', () => {
    const r = runScripted([
      { name: 't1', space: 'a', priority: 3, ops: [{ kind: 'load', address: 0x20011200 }, { kind: 'print', value: 0xbad }] },
      { name: 't2', space: 'a', priority: 2, ops: [{ kind: 'store', address: 0x04000000 + 0x00200000 + 0xf8000 }, { kind: 'print', value: 0xbad }] },
      { name: 't3', space: 'c', priority: 1, ops: [{ kind: 'print', value: 0x600d }] },
    ], { switchStrategy: 'fcse' });
    expect(r.run.uart).toBe(`${BANNER}[fault thread 00000001 D 20011200]\n[fault thread 00000002 D 042f8000]\n0000600d\n${DONE}`);
  });

  it('a client calling a thread that faults gets "cancelled"; the kernel keeps running others', () => {
    const r = runScripted([
      { name: 't1', space: 'a', priority: 1, ops: [{ kind: 'ipc', to: 2, from: 2, timeouts: 0, tag: encodeTag({ untyped: 1 }), words: [1] }, { kind: 'ipc', to: 3, from: 0, timeouts: 0, tag: encodeTag({ untyped: 1 }), words: [42] }] },
      { name: 't2', space: 'b', priority: 2, ops: [{ kind: 'ipc', to: 0, from: ANYTHREAD, timeouts: 0, tag: 0, words: [] }, { kind: 'load', address: 0x10000 }] },
      { name: 't3', space: 'c', priority: 0, ops: [{ kind: 'ipc', to: 0, from: 1, timeouts: 0, tag: 0, words: [] }] },
    ]);
    expect(r.run.uart).toContain('[fault thread 00000002 D 00010000]');
    expect(r.logs[0]![0]!.error).toBe(errorWord(ERROR.cancelled, 1));
    expect(r.logs[2]![0]).toEqual({ r0: 1, tag: encodeTag({ untyped: 1 }), error: 0, words: [42] });
    expect(r.states).toEqual(['halted', 'halted', 'halted']);
  });
});

describe('user programs', () => {
  for (const sw of ALL_STRATEGIES) {
    it(`several senders queued on one receiver: FIFO order (${sw})`, () => {
      const r = runOnReference(buildSystem(queueScenario(sw)));
      expect(r.uart).toBe(`${BANNER}queue: FIFO order ok\n${DONE}`);
    });
    it(`a client using timeouts (${sw})`, () => {
      const r = runOnReference(buildSystem(timeoutScenario(sw)));
      expect(r.uart).toBe(`${BANNER}timeouts: peer got the message\ntimeouts: client ok\n${DONE}`);
    });
  }
});

describe('scheduling', () => {
  it('timer preemption lets an equal-priority thread run past a spinning one', () => {
    const mk = (preempt: boolean) =>
      buildSystem({
        spaces: [{ name: 'a', sources: ['misc.S'] }, { name: 'b', sources: ['misc.S'] }],
        threads: [
          { name: 'spin', space: 'a', entry: 'spin_start', priority: 3 },
          { name: 'hello', space: 'b', entry: 'hello_start', priority: 3 },
        ],
        config: { preempt, tickShift: 8 },
      });
    const on = runOnReference(mk(true), { maxInstructions: 2_000_000 });
    expect(on.uart).toBe(`${BANNER}hello 00000002\n[exit 00000000]\n`);
    const off = runOnReference(mk(false), { maxInstructions: 200_000 });
    expect(off.stop).toBe('budget');
    expect(off.uart).toBe(BANNER);
  });

  it('higher priority runs first; the idle thread waits for interrupts (timeouts wake it)', () => {
    const sleep = timeouts(0, (4 << 10) | 100); // 1600 us
    const r = runScripted([
      { name: 'lo', space: 'a', priority: 1, ops: [{ kind: 'print', value: 1 }] },
      { name: 'hi', space: 'b', priority: 9, ops: [{ kind: 'print', value: 9 }, { kind: 'ipc', to: 0, from: 2, timeouts: sleep, tag: 0, words: [] }, { kind: 'print', value: 10 }] },
    ]);
    expect(r.run.uart).toBe(`${BANNER}00000009\n00000001\n0000000a\n${DONE}`);
  });
});

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
