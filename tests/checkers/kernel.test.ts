// The hand-off checker on the real L4 kernel: ping-pong between two address spaces on the RTL
// system (MMU, caches), FCSE switch. The first IPC (the server not yet waiting) takes the slow path
// and is reported, not judged; the fast-path IPCs pass every claim, online and on the VCD.
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import type { LinkedImage } from '../../kernel/toolchain/index.ts';
import { memorySystemCounters } from '../../testbench/checkers/counters.ts';
import { HandoffMachine } from '../../testbench/checkers/handoff-machine.ts';
import { HandoffChecker } from '../../testbench/checkers/handoff-checker.ts';
import { kernelHandoffConfig } from '../../testbench/checkers/kernel-config.ts';
import { checkHandoffVcd } from '../../testbench/checkers/vcd-handoff.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';
import { pingPong } from '../kernel/scenarios.ts';
import { MemorySink } from './memory-sink.ts';

/** The cycle at which the kernel's SWI entry is reached for the nth time (from the boot). */
function cycleOfNthEntry(image: LinkedImage, n: number): number {
  const m = new HandoffMachine(image, { view: { enabled: false } });
  m.breakpoints.add(m.resolve('ipc_entry'));
  m.boot();
  for (let k = 0; k < n; k++) expect(m.run([{ kind: 'exit' }], { maxCycles: 200_000 }).stop.kind).toBe('breakpoint');
  return m.cycles;
}

describe('hand-off checks on the kernel ping-pong', () => {
  const sys = buildSystem(pingPong({ switchStrategy: 'fcse' }, 3, 12));
  const config = kernelHandoffConfig(sys, { counters: memorySystemCounters('top.sys.mem') });
  const machine = new HandoffMachine(sys.image, { view: { phases: config.phases ?? new Map() }, message: { threads: config.threads ?? [] } });
  const { sim, bench } = machine;
  const checker = new HandoffChecker(sim, bench.sys.core, config);
  // Trace the last IPCs only (from the client's 4th kernel entry, found by a run without the
  // checkers): the boot is long and says nothing about the hand-off.
  const windowFrom = cycleOfNthEntry(sys.image, 4);
  const sink = new MemorySink();
  const vcd = new VcdWriter(sim, { output: sink, window: { from: windowFrom } });
  machine.boot();
  sim.runUntil(() => checker.engine.ipcs.filter((i) => i.kind === 'hand-off').length >= 5, 200_000);
  vcd.close();
  const report = checker.report();

  it('the fast path passes every claim; the other windows are reported apart', () => {
    expect(report.failures).toEqual([]);
    expect(report.verdict).toBe('pass');
    // The server's first Wait (no send phase) ends in the client: no hand-off; timer ticks neither.
    expect(report.ipcs.find((i) => i.trap === 'swi')).toMatchObject({ kind: 'no hand-off', sender: 'server', receiver: 'client', judged: false });
    expect(report.ipcs.filter((i) => i.kind === 'no hand-off' && i.trap === 'swi')).toHaveLength(1);
    const fast = report.ipcs.filter((i) => i.kind === 'hand-off');
    expect(fast.length).toBeGreaterThanOrEqual(5);
    for (const i of fast) {
      expect(i).toMatchObject({ path: 'fast', judged: true, verdict: 'pass' });
      // 12 words + the tag = 13 MRs: 6 in r3..r8, 7 copied UTCB to UTCB.
      expect(i.utcb).toMatchObject({ words: 7, wordsCopied: 7 });
      expect(i.delivery).toMatchObject({ verdict: 'pass', mrs: 13 });
      expect(i.registerMRs.valuesAtResume).toEqual(i.registerMRs.valuesAtTrap);
      expect(i.remap).toMatchObject({ tlbOps: 0, cacheOps: 0, pageTableWrites: [], spaceSwitch: true });
      expect(i.cost.phases.map((p) => p.phase)).toEqual(['trap', 'entry', 'fast-path checks', 'copy UTCB', 'state update', 'switch space', 'exit']);
    }
    expect(fast.map((i) => [i.sender, i.receiver]).slice(0, 2)).toEqual([['client', 'server'], ['server', 'client']]);
    // The client's UTCB and the server's by their physical addresses (the view translated them).
    expect(fast[0]!.utcb.senderPa).toBe(sys.thread('client').utcb + 64);
    expect(fast[0]!.utcb.receiverPa).toBe(sys.thread('server').utcb + 64);
    expect(report.utcbWordsCopied).toBe(7 * fast.length);
  });

  it('a hot IPC does not miss in the D-cache and (nearly) never in the I-cache', () => {
    const hot = report.ipcs.filter((i) => i.kind === 'hand-off').at(-1)!.cost.counters;
    expect(hot['dcacheMisses']).toBe(0);
    expect(hot['icacheMisses']).toBeLessThanOrEqual(2);
  });

  it('the VCD window gives the same verdict and evidence for the IPCs it holds', async () => {
    const offline = await checkHandoffVcd(sink.data(), config);
    const inWindow = report.ipcs.filter((i) => i.trapCycle >= windowFrom);
    expect(offline.ipcs.map((i) => ({ ...i, index: 0, failures: [] }))).toEqual(inWindow.map((i) => ({ ...i, index: 0, failures: [] })));
    expect(offline.verdict).toBe('pass');
  });
});
