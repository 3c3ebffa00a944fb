// The online hand-off monitors on a hand-made two-thread IPC program: the good handler passes
// every claim; each broken variant fails with the cycle, register and address that break it.
import { describe, expect, it } from 'vitest';
import { runIpc } from './run-ipc.ts';

const sym = (r: ReturnType<typeof runIpc>, name: string): number => r.image.symbols.get(name)!;

describe('hand-off monitors, good handler', () => {
  const r = runIpc('good', { check: true });

  it('finds both IPCs: trap at the SWI, resume at the receiver first user instruction', () => {
    expect(r.report.ipcs).toHaveLength(2);
    const [wait, send] = r.report.ipcs;
    expect(wait!.resumePc).toBe(sym(r, 'thread_a'));
    expect(send!.trapPc).toBe(sym(r, 'thread_a') + 6 * 4);
    expect(send!.resumePc).toBe(sym(r, 'recv_first'));
    expect(send!.trapCycle).toBeLessThan(send!.resumeCycle);
    expect(r.report.openTrapCycle).toBeUndefined();
  });

  it('passes every claim with its evidence', () => {
    expect(r.report.failures).toEqual([]);
    expect(r.report.verdict).toBe('pass');
    expect(r.report.judgedIpcs).toBe(2);
    expect(r.report.ipcs.map((i) => i.path)).toEqual(['fast', 'fast']);
    expect(r.report.registerMRsWritten).toBe(0);
    expect(r.report.registerMRsStored).toBe(0);
    expect(r.report.kernelBufferStores).toBe(0);
    expect(r.report.pageTableWrites).toBe(0);
    expect(r.report.utcbWordsCopied).toBe(8);
    const send = r.report.ipcs[1]!;
    expect(send.registerMRs.registers).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    // The message sits in r3..r8 from the sender's trap to the receiver's first instruction.
    expect(send.registerMRs.valuesAtTrap).toEqual([0x30, 0x31, 0x32, 0x33, 0x34, 0x35]);
    expect(send.registerMRs.valuesAtResume).toEqual(send.registerMRs.valuesAtTrap);
    expect([send.utcb.fromUtcbs, send.utcb.toUtcbs]).toEqual([['utcb_a'], ['utcb_b']]);
    expect(send.utcb.copies.map((c) => [c.load.region, c.store.region, c.offset])).toEqual([
      ['utcb_a', 'utcb_b', 88], ['utcb_a', 'utcb_b', 92], ['utcb_a', 'utcb_b', 96], ['utcb_a', 'utcb_b', 100],
    ]);
    for (const c of send.utcb.copies) {
      expect(c.store.data).toBe(c.load.data);
      expect(c.load.cycle).toBeLessThan(c.store.cycle);
      expect(c.store.address - sym(r, 'utcb_b')).toBe(c.offset);
    }
    expect(send.remap.tlbOps).toBe(0);
  });

  it('measures cost and phases from the kernel symbols', () => {
    const send = r.report.ipcs[1]!;
    const c = send.cost;
    expect(c.cycles).toBe(send.resumeCycle - send.trapCycle);
    expect(c.kernelInstructions).toBeGreaterThan(20);
    expect(c.phases.map((p) => p.phase)).toEqual(['trap', 'entry', 'fast-path checks', 'copy UTCB', 'switch space', 'exit']);
    expect(c.phases.reduce((a, p) => a + p.cycles, 0)).toBe(c.cycles);
    expect(c.phases.reduce((a, p) => a + p.instructions, 0)).toBe(c.kernelInstructions);
    expect(c.iPages).toBe(1);
    expect(c.iLines).toBeGreaterThanOrEqual(4);
    expect(c.kernelLoads).toBeGreaterThanOrEqual(4);
    expect(c.kernelStores).toBeGreaterThanOrEqual(4 + 3);
  });

  it('samples pluggable counters as deltas trap -> resume', () => {
    // Counters by path work online and in the VCD: the core's retirement counter is one.
    const r2 = runIpc('good', { counters: [{ name: 'retired', path: 'top.sys.core.writeback.retired' }] });
    const send = r2.report.ipcs[1]!;
    expect(send.cost.counters['retired']).toBe(send.cost.kernelInstructions + 1);
  });
});

describe('hand-off monitors, broken handlers fail with precise evidence', () => {
  const inWindow = (i: { trapCycle: number; resumeCycle: number }, cycle: number): boolean => cycle >= i.trapCycle && cycle < i.resumeCycle;

  it('a handler that writes r4', () => {
    const r = runIpc('writes-r4');
    expect(r.report.verdict).toBe('fail');
    const send = r.report.ipcs[1]!;
    expect(send.registerMRs.verdict).toBe('fail');
    expect(send.registerMRs.writes).toHaveLength(4);
    for (const w of send.registerMRs.writes) {
      expect(w).toMatchObject({ register: 'r4', physical: 4, port: 'w0', cause: 'result', data: 0x44 });
      expect(inWindow(send, w.cycle)).toBe(true);
      expect(w.pc).toBeGreaterThan(sym(r, 'ipc_copy_utcb'));
      expect(w.pc).toBeLessThan(sym(r, 'ipc_switch_space'));
    }
    expect(send.utcb.verdict).toBe('pass');
    expect(r.report.registerMRsWritten).toBe(8);
    expect(send.registerMRs.valuesAtResume).toEqual([0x30, 0x44, 0x32, 0x33, 0x34, 0x35]);
    expect(send.failures[0]).toMatch(/^IPC 1: cycle \d+: MR register r4 written on w0/);
  });

  it('a handler that stores r5 to a kernel buffer', () => {
    const r = runIpc('stores-r5-to-kbuf');
    const send = r.report.ipcs[1]!;
    expect(send.verdict).toBe('fail');
    expect(send.registerMRs.stores).toHaveLength(1);
    const s = send.registerMRs.stores[0]!;
    expect(s).toMatchObject({ sourceRegister: 'r5', address: sym(r, 'kbuf'), data: 0x32, write: true, region: 'kbuf' });
    expect(inWindow(send, s.cycle)).toBe(true);
    expect(send.utcb.kernelBufferStores).toEqual([s]);
    expect(r.report.kernelBufferStores).toBe(2);
  });

  it('a handler that saves and restores the MR registers through memory', () => {
    const r = runIpc('saves-mrs-on-stack');
    const send = r.report.ipcs[1]!;
    expect(send.registerMRs.stores.map((s) => s.sourceRegister)).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    const loads = send.registerMRs.writes.filter((w) => w.cause === 'load');
    expect(loads.map((w) => w.register)).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    // Each restore names the stack slot its save went to.
    expect(loads.map((w) => w.address)).toEqual(send.registerMRs.stores.map((s) => s.address));
  });

  it('a handler that copies UTCB words through a kernel buffer', () => {
    const r = runIpc('copies-through-kbuf');
    const send = r.report.ipcs[1]!;
    expect(send.utcb.verdict).toBe('fail');
    expect(send.utcb.kernelBufferStores).toHaveLength(4);
    expect(send.utcb.kernelBufferStores.map((s) => s.data)).toEqual(send.utcb.copies.map((c) => c.load.data));
    expect(send.registerMRs.verdict).toBe('pass');
  });

  it('a handler that flushes the TLB without switching address space', () => {
    const r = runIpc('tlb-flush');
    const send = r.report.ipcs[1]!;
    expect(send.remap).toMatchObject({ verdict: 'fail', tlbOps: 1, tlbOpsAllowed: 0, spaceSwitch: false, switchWrites: 0 });
    const pc = (sym(r, 'ipc_entry') + 4).toString(16).padStart(8, '0');
    expect(send.failures).toEqual([expect.stringMatching(new RegExp(`^IPC 1: 1 TLB maintenance operations \\(cycle \\d+ pc 0x${pc} c8,c7,0\\), 0 allowed without an address-space switch$`))]);
    expect(send.remap.cp15Writes[0]).toMatchObject({ crn: 8, crm: 7, op2: 0, kind: 'tlb', pc: sym(r, 'ipc_entry') + 4 });
  });

  it('a handler that writes a page-table entry', () => {
    const r = runIpc('writes-page-table');
    const send = r.report.ipcs[1]!;
    expect(send.remap.pageTableWrites).toHaveLength(1);
    expect(send.remap.pageTableWrites[0]).toMatchObject({ address: sym(r, 'page_table') + 4, region: 'page_table', write: true });
  });

  it('only the configured SWI numbers are IPCs', () => {
    const r = runIpc('good', { ipcSwis: [1] });
    expect(r.report.ipcs.map((i) => i.trapPc)).toEqual([sym(r, 'thread_a') + 6 * 4]);
  });

  it('slow-path IPCs are reported but judged only on request', () => {
    // Pretend the copy loop is the slow path: the r4 writes there no longer decide the verdict.
    const image = runIpc('writes-r4').image;
    const phases = new Map([[image.symbols.get('ipc_copy_utcb')!, 'slow path']]);
    const r = runIpc('writes-r4', { phases });
    expect(r.report.ipcs.map((i) => [i.path, i.judged, i.verdict])).toEqual([['slow', false, 'fail'], ['slow', false, 'fail']]);
    expect(r.report).toMatchObject({ verdict: 'fail', judgedIpcs: 0, registerMRsWritten: 0, failures: ['no fast-path IPC observed (an IPC SWI from user mode followed by a return to user mode): 2 slow-path IPCs reported, not judged'] });
    const judged = runIpc('writes-r4', { phases, judgeSlowPath: true });
    expect(judged.report).toMatchObject({ verdict: 'fail', judgedIpcs: 2, registerMRsWritten: 8 });
  });

  it('the MR register set is configurable', () => {
    const r = runIpc('writes-r4', { mrRegisters: [3, 5, 6, 7, 8] });
    expect(r.report.registerMRsWritten).toBe(0);
    expect(r.report.verdict).toBe('pass');
  });
});

describe('report summaries', () => {
  it('the JSON object and the text name the verdict and the evidence', async () => {
    const { formatHandoffReport, handoffJson } = await import('../../testbench/checkers/summary.ts');
    const bad = runIpc('stores-r5-to-kbuf');
    const json = handoffJson(bad.report);
    expect(json).toMatchObject({ verdict: 'fail', registerMRsWritten: 0, registerMRsStored: 2, kernelBufferStores: 2, utcbWordsCopied: 8, ipcs: 2 });
    expect(JSON.parse(JSON.stringify(bad.report))).toEqual(bad.report);
    const text = formatHandoffReport(bad.report);
    expect(text).toMatch(/^zero-copy hand-off: FAIL over 2 IPCs/);
    expect(text).toContain(`store to kernel buffer kbuf at 0x${bad.image.symbols.get('kbuf')!.toString(16).padStart(8, '0')}`);
  });

  it('a run without an IPC fails, saying so', async () => {
    const { HandoffEngine } = await import('../../testbench/checkers/handoff-engine.ts');
    const { resolveConfig } = await import('../../testbench/checkers/config.ts');
    const zero = { v: 0 };
    const probes = new Proxy({}, { get: () => zero }) as ConstructorParameters<typeof HandoffEngine>[0];
    const e = new HandoffEngine(probes, resolveConfig());
    for (let c = 0; c < 10; c++) e.step(c);
    expect(e.report()).toMatchObject({ verdict: 'fail', ipcs: [], failures: [expect.stringMatching(/no IPC observed/)] });
  });
});

describe('memory-system counters', () => {
  it('a hot IPC misses nowhere in the I-cache (claim 5)', async () => {
    const { memorySystemCounters } = await import('../../testbench/checkers/counters.ts');
    const counters = memorySystemCounters('top.sys.mem');
    const r = runIpc('good', { counters });
    const [cold, hot] = r.report.ipcs;
    expect(cold!.cost.counters['icacheMisses']).toBeGreaterThan(0);
    expect(hot!.cost.counters['icacheMisses']).toBe(0);
    expect(hot!.cost.counters['icacheHits']).toBeGreaterThan(hot!.cost.kernelInstructions);
    const { checkHandoffVcd } = await import('../../testbench/checkers/vcd-handoff.ts');
    const withVcd = runIpc('good', { counters, vcd: true });
    expect(await checkHandoffVcd(withVcd.vcd!.bytes, { ...withVcd.config, counters })).toEqual(withVcd.report);
  });
});
