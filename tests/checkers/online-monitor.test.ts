// The hand-off checkers on a hand-made two-thread IPC program (ipc-program.ts): the good handler
// passes every claim with its evidence; each broken variant fails exactly the rules it breaks,
// with the offending instruction as evidence; and every rule is load-bearing: a checker with one
// rule switched off (a mutant of the checker) no longer gives the expected rule set for some
// variant, so these tests fail for it.
import { describe, expect, it } from 'vitest';
import { RULES, type RuleName } from '../../testbench/checkers/config.ts';
import type { HandoffReport, IpcReport } from '../../testbench/checkers/report.ts';
import { VARIANTS, type Variant } from './ipc-program.ts';
import { rulesOf } from './rules-of.ts';
import { runIpc } from './run-ipc.ts';

const sym = (r: ReturnType<typeof runIpc>, name: string): number => r.image.symbols.get(name)!;

/** The rules each broken variant must fail (the hand-off, IPC 1), and nothing else. */
const EXPECTED: Readonly<Record<Variant, readonly RuleName[]>> = {
  good: [],
  'writes-r4': ['delivery', 'register-mr-written'],
  'rewrites-r4-unchanged': ['register-mr-written'],
  'stores-r5-to-kbuf': ['register-mr-stored'],
  'launders-r6-through-r9': ['register-mr-stored'],
  'saves-mrs-on-stack': ['register-mr-stored', 'register-mr-written'],
  'copies-through-kbuf': ['utcb-word-not-copied', 'utcb-word-staged'],
  'drops-last-word': ['delivery', 'utcb-word-not-copied'],
  shifted: ['delivery', 'utcb-word-extra', 'utcb-word-not-copied', 'utcb-word-staged', 'utcb-word-wrong'],
  'wrong-word': ['utcb-word-not-copied', 'utcb-word-wrong'],
  'extra-word': ['utcb-word-extra'],
  'wrong-sender': ['delivery'],
  'mr-into-cp15': ['message-left-registers'],
  'tlb-flush': ['maintenance'],
  'drain-write-buffer': ['maintenance'],
  'writes-page-table': ['page-table-write'],
};

const handOff = (r: HandoffReport): IpcReport => {
  const h = r.ipcs.filter((i) => i.kind === 'hand-off');
  expect(h).toHaveLength(1);
  return h[0]!;
};

describe('hand-off checkers, good handler', () => {
  const r = runIpc('good', { check: true });

  it('finds both windows: the wait (no send phase) and the hand-off from A to B', () => {
    expect(r.report.ipcs.map((i) => [i.kind, i.sender, i.receiver])).toEqual([
      ['no hand-off', 'b', 'a'],
      ['hand-off', 'a', 'b'],
    ]);
    const [wait, send] = r.report.ipcs;
    expect(wait!.summary).toBe('b (id 2) receives (no send phase); a (id 1) resumed');
    expect(send!.trapPc).toBe(sym(r, 'send_swi'));
    expect(send!.resumePc).toBe(sym(r, 'recv_first'));
    expect(send!.operation).toEqual({ to: 2, from: 0, timeouts: 0 });
    expect(r.report.openTrapCycle).toBeUndefined();
  });

  it('passes every claim with its evidence', () => {
    expect(r.report.failures).toEqual([]);
    expect(r.report).toMatchObject({ verdict: 'pass', judgedIpcs: 1, registerMRsWritten: 0, registerMRsStored: 0, stagedWords: 0, pageTableWrites: 0, maintenanceOps: 0, deliveryMismatches: 0, utcbWordsCopied: 4, untrackedLoads: 0 });
    const send = handOff(r.report);
    expect(send.registerMRs.registers).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    // The message sits in r3..r8 from the sender's trap to the receiver's first instruction.
    expect(send.registerMRs.valuesAtTrap).toEqual([0x10009, 0x31, 0x32, 0x33, 0x34, 0x35]);
    expect(send.registerMRs.valuesAtResume).toEqual(send.registerMRs.valuesAtTrap);
    expect(send.utcb).toMatchObject({ verdict: 'pass', words: 4, wordsCopied: 4, inPlace: false, senderPa: sym(r, 'utcb_a') + 64, receiverPa: sym(r, 'utcb_b') + 64 });
    expect(send.utcb.copies.map((c) => [c.mr, c.load.pa - sym(r, 'utcb_a'), c.store.pa - sym(r, 'utcb_b')])).toEqual([
      [6, 88, 88], [7, 92, 92], [8, 96, 96], [9, 100, 100],
    ]);
    for (const c of send.utcb.copies) {
      expect(c.load.cycle).toBeLessThan(c.store.cycle);
      // (B's words: the handler's first window, B's wait, copied B's UTCB words into A's)
      expect(c.value).toBe((0xb0000000 | ((16 + c.mr) << 16) | (16 + c.mr)) >>> 0);
      expect(c.store.asm).toMatch(/^str r9, \[r1\], #4/);
    }
    expect(send.delivery).toMatchObject({ verdict: 'pass', mrs: 10, tagSent: 0x10009, tagReceived: 0x10009, mismatches: [] });
    expect(send.remap).toMatchObject({ verdict: 'pass', tlbOps: 0, cacheOps: 0, pageTableWrites: [], disallowed: [] });
  });

  it('measures cost and phases from the kernel symbols', () => {
    const send = handOff(r.report);
    const c = send.cost;
    expect(c.cycles).toBe(send.resumeCycle - send.trapCycle);
    expect(c.phases.map((p) => p.phase)).toEqual(['trap', 'entry', 'fast-path checks', 'copy UTCB', 'switch space', 'exit']);
    expect(c.phases.reduce((a, p) => a + p.cycles, 0)).toBe(c.cycles);
    expect(c.phases.reduce((a, p) => a + p.instructions, 0)).toBe(c.kernelInstructions);
    expect(c.iPages).toBe(1);
    expect(c.kernelLoads).toBeGreaterThanOrEqual(4);
    expect(c.kernelStores).toBeGreaterThanOrEqual(4 + 3);
  });

  it('samples pluggable counters as deltas trap -> resume', () => {
    const r2 = runIpc('good', { counters: [{ name: 'retired', path: 'top.sys.core.writeback.retired' }] });
    const send = handOff(r2.report);
    expect(send.cost.counters['retired']).toBe(send.cost.kernelInstructions + 1);
  });
});

describe('broken handlers fail exactly the rules they break, with the offending instruction', () => {
  it.each(VARIANTS.filter((v) => v !== 'good'))('%s', (variant) => {
    const r = runIpc(variant);
    const send = handOff(r.report);
    expect(r.report.verdict).toBe('fail');
    expect(send.verdict).toBe('fail');
    expect(rulesOf(send)).toEqual([...EXPECTED[variant]].sort());
    // The first offence is inside the window, at a kernel instruction or the receiver's resume.
    const first = send.firstFailure!;
    expect(first.cycle).toBeGreaterThanOrEqual(send.trapCycle);
    expect(first.cycle).toBeLessThanOrEqual(send.resumeCycle);
    expect(send.failures[0]).toMatch(/^IPC 1: [a-z-]+: cycle \d+, pc 0x[0-9a-f]{8} `[^`]+`: /);
  });

  it('a handler that writes r4 is named at the write, with the register, port and value', () => {
    const r = runIpc('writes-r4');
    const send = handOff(r.report);
    expect(send.registerMRs.writes).toHaveLength(4);
    for (const w of send.registerMRs.writes) {
      expect(w).toMatchObject({ register: 'r4', physical: 4, port: 'w0', cause: 'result', data: 0x44, asm: 'mov r4, #68 @ 0x44' });
      expect(w.pc).toBeGreaterThan(sym(r, 'ipc_copy_utcb'));
      expect(w.pc).toBeLessThan(sym(r, 'ipc_switch_space'));
    }
    expect(send.registerMRs.valuesAtResume).toEqual([0x10009, 0x44, 0x32, 0x33, 0x34, 0x35]);
    expect(send.delivery.mismatches).toEqual([{ where: 'MR 1 in r4', mr: 1, sent: 0x31, received: 0x44 }]);
  });

  it('a value computed from an MR register and stored is followed through the other register', () => {
    const r = runIpc('launders-r6-through-r9');
    const s = handOff(r.report).registerMRs.stores;
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ mr: 3, pa: sym(r, 'kbuf'), region: 'kbuf', value: 0x33 ^ 0xff, asm: 'str r9, [sl]' });
    const kbuf = sym(r, 'kbuf').toString(16).padStart(8, '0');
    expect(s[0]!.what).toBe(`MR 3 (held in r6) stored to 0x${kbuf} (physical 0x${kbuf}, kbuf) from r9 [memory.d_addr = 0x${kbuf}, memory.d_wdata = 0x000000cc, mem.tlb.d_pa = 0x${kbuf}]`);
  });

  it('a copy through a kernel buffer names the buffer store and the word', () => {
    const r = runIpc('copies-through-kbuf');
    const u = handOff(r.report).utcb;
    expect(u.staged.map((e) => [e.mr, e.pa, e.region])).toEqual([6, 7, 8, 9].map((k) => [k, sym(r, 'kbuf'), 'kbuf']));
    expect(u.wordsCopied).toBe(0);
    expect(u.notCopied.map((e) => e.mr)).toEqual([6, 7, 8, 9]);
  });

  it('a TLB flush without an address-space switch is named, with its operation', () => {
    const r = runIpc('tlb-flush');
    const send = handOff(r.report);
    expect(send.remap).toMatchObject({ verdict: 'fail', tlbOps: 1, spaceSwitch: false });
    expect(send.remap.disallowed).toEqual([expect.objectContaining({ crn: 8, crm: 7, op2: 0, kind: 'tlb', pc: sym(r, 'ipc_entry') + 4, name: 'invalidate TLB (c8,c7,0)' })]);
  });

  it('a page-table write is named with the entry and the value', () => {
    const r = runIpc('writes-page-table');
    const w = handOff(r.report).remap.pageTableWrites;
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ pa: sym(r, 'page_table') + 4, value: 0 });
  });
});

describe('every rule is load-bearing: a checker without it fails these tests', () => {
  it.each([...RULES])('without %s some variant gives another rule set', (rule) => {
    const variant = VARIANTS.find((v) => EXPECTED[v].includes(rule));
    expect(variant, `no variant exercises ${rule}`).toBeDefined();
    const mutant = runIpc(variant!, { disabledRules: [rule] });
    const got = rulesOf(handOff(mutant.report));
    expect(got).not.toEqual([...EXPECTED[variant!]].sort());
    expect(got).not.toContain(rule);
  });
});

describe('configuration', () => {
  it('only the configured SWI numbers open windows', () => {
    const r = runIpc('good', { ipcSwis: [1] });
    expect(r.report.ipcs).toEqual([]);
    expect(r.report.failures).toEqual(['no IPC observed (an IPC SWI or an interrupt from user mode followed by a return to user mode)']);
  });

  it('slow-path hand-offs are reported but judged only on request', () => {
    const image = runIpc('writes-r4').image;
    const phases = new Map([[image.symbols.get('ipc_copy_utcb')!, 'slow path']]);
    const r = runIpc('writes-r4', { phases });
    expect(r.report.ipcs.map((i) => [i.path, i.judged, i.verdict])).toEqual([['slow', false, 'n/a'], ['slow', false, 'fail']]);
    expect(r.report).toMatchObject({ verdict: 'fail', judgedIpcs: 0, registerMRsWritten: 0, failures: ['no fast-path hand-off judged: 1 hand-off, 1 on the slow path (not judged: the claims are the fast path\'s)'] });
    const judged = runIpc('writes-r4', { phases, judgeSlowPath: true });
    expect(judged.report).toMatchObject({ verdict: 'fail', judgedIpcs: 1, registerMRsWritten: 4 });
  });

  it('the MR register set is configurable', () => {
    const r = runIpc('writes-r4', { mrRegisters: [3, 5, 6, 7, 8] });
    // r4 no longer holds an MR: MR1 is r5 now, and the hand-off tag still says 9 untyped words.
    expect(rulesOf(handOff(r.report))).not.toContain('register-mr-written');
  });

  it('a run without any window fails, saying so', async () => {
    const { HandoffEngine } = await import('../../testbench/checkers/handoff-engine.ts');
    const { resolveConfig } = await import('../../testbench/checkers/config.ts');
    const zero = { v: 0 };
    const probes = new Proxy({}, { get: () => zero }) as ConstructorParameters<typeof HandoffEngine>[0];
    const e = new HandoffEngine(probes, resolveConfig(), [], Array.from({ length: 30 }, () => zero), null);
    for (let c = 0; c < 10; c++) e.step(c);
    expect(e.report()).toMatchObject({ verdict: 'fail', ipcs: [], failures: [expect.stringMatching(/no IPC observed/)] });
  });

  it('bad configuration is named', async () => {
    const { resolveConfig } = await import('../../testbench/checkers/config.ts');
    expect(() => resolveConfig({ mrRegisters: [3, 3] })).toThrow(/mrRegisters: a register is listed twice/);
    expect(() => resolveConfig({ maxMrs: 65 })).toThrow(/maxMrs must be 1..64/);
    expect(() => resolveConfig({ threads: [{ name: 'x', id: 1, utcb: 0, stackTop: 0, stackSize: 0 }] })).toThrow(/stackSize must be positive/);
  });
});

describe('report summaries', () => {
  it('the JSON object and the text name the verdict and the evidence', async () => {
    const { formatHandoffReport, handoffJson } = await import('../../testbench/checkers/summary.ts');
    const bad = runIpc('stores-r5-to-kbuf');
    const json = handoffJson(bad.report);
    expect(json).toMatchObject({ verdict: 'fail', registerMRsWritten: 0, registerMRsStored: 1, utcbWordsCopied: 4, ipcs: 2, handOffs: 1 });
    expect(JSON.parse(JSON.stringify(bad.report))).toEqual(bad.report);
    const text = formatHandoffReport(bad.report);
    expect(text).toMatch(/^zero-copy hand-off: FAIL over 1 judged IPC/);
    expect(text).toContain(`register-mr-stored: cycle ${handOff(bad.report).firstFailure!.cycle}, pc 0x${(sym(bad, 'ipc_entry') + 4).toString(16).padStart(8, '0')} \`str r5, [r9]\`: MR 2 (held in r5) stored to`);
  });
});
