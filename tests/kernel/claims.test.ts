// The hand-off claims, checked on the reference model's per-instruction effects for fast-path IPCs:
// register MRs are neither written nor stored between the sender's trap and the receiver's first
// user instruction; UTCB MRs are loaded from the sender's UTCB and stored to the receiver's, no other
// buffer; no page-table write and no TLB or cache maintenance on the IPC path (FCSE/ASID).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as abi from '../../kernel/abi.ts';
import { buildSystem, KERNEL_SRC_DIR } from '../../kernel/build.ts';
import { VersatileMachine } from '../../testbench/reference/index.ts';
import { pingPong } from './scenarios.ts';

describe('kernel/abi.ts matches kernel/src/kernel.inc', () => {
  it('constants, TCB offsets, error codes', () => {
    const inc = readFileSync(join(KERNEL_SRC_DIR, 'kernel.inc'), 'utf8');
    const sets = new Map<string, number>();
    for (const m of inc.matchAll(/^\s*\.set\s+(\w+),\s*(-?(?:0x[0-9a-fA-F]+|\d+))\s*(?:@.*)?$/gm)) sets.set(m[1]!, Number(m[2]));
    const pairs: [string, number][] = [
      ['TCB_SIZE', abi.TCB_SIZE], ['UTCB_ERROR', abi.UTCB_ERROR], ['UTCB_MR0', abi.UTCB_MR0], ['MAX_MRS', abi.MAX_MRS],
      ['FAST_COPY_GROUPS', abi.FAST_COPY_GROUPS], ['MSG_SLOTS', abi.MSG_SLOTS], ['IRQ_ID_BASE', abi.IRQ_ID_BASE], ['IRQ_LABEL', abi.IRQ_LABEL], ['TAG_ERROR', abi.TAG_ERROR],
      ['ERR_TIMEOUT', abi.ERROR.timeout], ['ERR_NOPARTNER', abi.ERROR.noPartner], ['ERR_CANCELLED', abi.ERROR.cancelled],
      ['ERR_OVERFLOW', abi.ERROR.overflow], ['ERR_ABORTED', abi.ERROR.aborted], ['PT_BASE', abi.PAGE_TABLES], ['L2_BASE', abi.L2_TABLES], ['KERNEL_L2', abi.KERNEL_L2],
      ['SYS_IPC', abi.SYSCALL.ipc], ['SYS_PUTC', abi.SYSCALL.putc], ['SYS_PUTHEX', abi.SYSCALL.puthex],
      ['SYS_THREAD_EXIT', abi.SYSCALL.threadExit], ['SYS_EXIT', abi.SYSCALL.exit], ['SYS_NULL', abi.SYSCALL.null], ['SYS_FLUSH_CACHES', abi.SYSCALL.flushCaches],
      ['ST_INACTIVE', abi.THREAD_STATE.inactive], ['ST_READY', abi.THREAD_STATE.ready], ['ST_SEND', abi.THREAD_STATE.sending],
      ['ST_RECV', abi.THREAD_STATE.receiving], ['ST_HALTED', abi.THREAD_STATE.halted],
      ['SWITCH_FULL', abi.SWITCH_STRATEGY.full], ['SWITCH_FCSE', abi.SWITCH_STRATEGY.fcse], ['SWITCH_ASID', abi.SWITCH_STRATEGY.asid],
      ['CTX_R0', abi.TCB.ctxR0], ['CTX_R3', abi.TCB.ctxR3], ['CTX_R8', abi.TCB.ctxR8], ['CTX_R9', abi.TCB.ctxR9], ['CTX_SP', abi.TCB.ctxSp],
      ['CTX_LR', abi.TCB.ctxLr], ['CTX_PC', abi.TCB.ctxPc], ['CTX_CPSR', abi.TCB.ctxCpsr], ['TCB_STATE', abi.TCB.state],
      ['TCB_PARTNER', abi.TCB.partner], ['TCB_SENDQ_HEAD', abi.TCB.sendqHead], ['TCB_SENDQ_TAIL', abi.TCB.sendqTail],
      ['TCB_SENDQ_NEXT', abi.TCB.sendqNext], ['TCB_SPACE', abi.TCB.space], ['TCB_PRIO', abi.TCB.priority], ['TCB_UTCB', abi.TCB.utcb],
      ['TCB_ID', abi.TCB.id], ['TCB_WAKEUP', abi.TCB.wakeup], ['TCB_IRQ_PENDING', abi.TCB.irqPending], ['TCB_RCV_FROM', abi.TCB.rcvFrom],
      ['TCB_RCV_TMO', abi.TCB.rcvTimeout], ['TCB_IRQ_MASK', abi.TCB.irqMask], ['TCB_UTCB_MRS', abi.TCB.utcbMrs], ['TCB_SPACE_DESC', abi.TCB.spaceDesc],
      ['TCB_DACR', abi.TCB.dacr], ['TCB_PID', abi.TCB.pid], ['TCB_ASID', abi.TCB.asid], ['TCB_TTBR', abi.TCB.ttbr], ['TCB_MR_PAGE', abi.TCB.mrPage], ['TCB_MR_PTE', abi.TCB.mrPte], ['TCB_MSGBUF', abi.TCB.msgBuf], ['TCB_MSGS', abi.TCB.msgs],
    ];
    for (const [name, v] of pairs) expect(sets.get(name), name).toBe(v);
  });

  it('every IPC phase symbol exists and the fast-path ones are in address order', () => {
    const sys = buildSystem(pingPong());
    const addrs = abi.IPC_PHASE_SYMBOLS.map((n) => sys.kernelSymbol(n));
    expect([...addrs].sort((a, b) => a - b)).toEqual(addrs);
    for (const n of abi.IPC_SLOW_SYMBOLS) expect(sys.kernelSymbol(n)).toBeGreaterThan(0);
    // address -> symbol in the merged image: vectors named, constants (TCB offsets...) never
    expect(sys.image.symbolAt(8)).toEqual({ name: 'vector_swi', offset: 0 });
    expect(sys.image.symbolAt(sys.kernelSymbol('ipc_exit'))).toEqual({ name: 'ipc_exit', offset: 0 });
    expect(sys.image.symbols.has('CTX_R11')).toBe(false);
  });

  it('tag and timeout encodings', () => {
    expect(abi.decodeTag(abi.encodeTag({ label: 0xfff0, flags: 8, typed: 3, untyped: 17 }))).toEqual({ label: 0xfff0, flags: 8, typed: 3, untyped: 17 });
    expect(abi.timeoutMicros(0)).toBe(abi.TIMEOUT_ZERO);
    const t = abi.timeoutMicros(1_000_000);
    expect((t & 0x3ff) * 2 ** (t >>> 10)).toBeGreaterThanOrEqual(1_000_000);
  });
});

for (const sw of ['fcse', 'asid'] as const) {
  describe(`hand-off claims on fast-path IPC (${sw}, 6 register MRs, 4 UTCB words)`, () => {
    it('register MRs untouched, UTCB words copied directly, no page-table or TLB/cache maintenance', () => {
      const sys = buildSystem(pingPong({ switchStrategy: sw }, 6, 9));
      const m = new VersatileMachine();
      m.loadImage(sys.image);
      const trap = sys.userSymbol('client', 'l4_ipc_trap');
      const trapS = sys.userSymbol('server', 'l4_ipc_trap');
      const exitAddr = sys.kernelSymbol('ipc_exit');
      const tcbs = sys.kernelSymbol('tcbs');
      const tcbEnd = tcbs + (sys.threads.length + 1) * abi.TCB_SIZE;
      const globals = new Set(['current', 'cur_space'].map((n) => sys.kernelSymbol(n)));
      const utcbs = sys.threads.map((t) => t.utcb);
      let windows = 0;
      let fastWindows = 0;
      for (let i = 0; i < 2_000_000 && !m.core.stop; i++) {
        const e = m.step();
        if (!e || (e.pc !== trap && e.pc !== trapS) || e.exception !== 'swi') continue;
        // window: the SWI up to the first user-mode instruction
        const before = [3, 4, 5, 6, 7, 8].map((r) => m.core.register(r) >>> 0);
        const senderUtcb = utcbs[e.pc === trap ? 0 : 1]!;
        const receiverUtcb = utcbs[e.pc === trap ? 1 : 0]!;
        let fast = false;
        const writes: number[] = [];
        const badStores: string[] = [];
        const badLoads: string[] = [];
        const maint: number[] = [];
        for (;;) {
          const s = m.step();
          if (!s) break;
          if (s.mode === 0x10) break;
          if (s.pc === exitAddr) fast = true;
          for (const w of s.registerWrites) if (w.physical >= 3 && w.physical <= 8) writes.push(w.physical);
          const insn = s.instruction ?? 0;
          if ((insn & 0x0f100f10) === 0x0e000f10) {
            const crn = (insn >>> 16) & 0xf;
            if (crn === 7 || crn === 8 || crn === 2 && sw === 'fcse') maint.push(insn);
          }
          for (const a of s.memory) {
            const va = a.virtualAddress >>> 0;
            const pa = a.physicalAddress >>> 0;
            if (a.write) {
              const ok = (pa >= tcbs && pa < tcbEnd) || globals.has(pa) || (pa >= receiverUtcb + 64 + 24 && pa < receiverUtcb + 64 + 128);
              if (!ok || (pa >= abi.PAGE_TABLES && pa < abi.PAGE_TABLES + 0x20000)) badStores.push(va.toString(16));
            } else if (pa >= receiverUtcb && pa < receiverUtcb + 512) badLoads.push(va.toString(16));
            else if (pa >= senderUtcb && pa < senderUtcb + 512 && pa < senderUtcb + 64 + 24) badLoads.push(va.toString(16));
          }
        }
        windows++;
        if (!fast) continue;
        fastWindows++;
        expect(writes, 'register-file writes to r3..r8 (user bank)').toEqual([]);
        expect(badStores, 'stores outside TCBs / receiver UTCB MRs').toEqual([]);
        expect(badLoads, 'UTCB loads other than the sender MRs beyond the registers').toEqual([]);
        expect(maint, 'TLB / cache maintenance or TTBR writes').toEqual([]);
        const after = [3, 4, 5, 6, 7, 8].map((r) => m.core.register(r) >>> 0);
        expect(after).toEqual(before);
      }
      expect(windows).toBeGreaterThan(10);
      expect(fastWindows).toBeGreaterThanOrEqual(10);
      expect(m.uartOutput()).toContain('pingpong: ok');
    });
  });
}

describe('virtually tagged caches: no aliases under FCSE', () => {
  it('every written cache line is always accessed through one modified VA (kernel and user)', () => {
    const sys = buildSystem({
      ...pingPong({ switchStrategy: 'fcse' }, 6, 12),
    });
    const m = new VersatileMachine();
    m.loadImage(sys.image);
    const mvas = new Map<number, Set<number>>();
    const written = new Set<number>();
    let mmuOn = false;
    for (let i = 0; i < 2_000_000 && !m.core.stop; i++) {
      const e = m.step();
      if (!e) break;
      if (!mmuOn) {
        mmuOn = (m.core.cp15.control & 1) === 1;
        continue;
      }
      const pid = m.core.cp15.fcsePid >>> 0;
      for (const a of e.memory) {
        const pa = a.physicalAddress >>> 0;
        if (pa >= 0x10000000) continue; // devices: uncached
        const va = a.virtualAddress >>> 0;
        const mva = va < 0x02000000 ? (va | pid) >>> 0 : va;
        const line = pa >>> 5;
        let set = mvas.get(line);
        if (!set) mvas.set(line, (set = new Set()));
        set.add(mva >>> 5);
        if (a.write) written.add(line);
      }
    }
    expect(m.uartOutput()).toContain('pingpong: ok');
    const aliased = [...written].filter((l) => mvas.get(l)!.size > 1).map((l) => `pa 0x${(l << 5).toString(16)}: ${[...mvas.get(l)!].map((x) => `0x${(x << 5).toString(16)}`).join(', ')}`);
    expect(aliased).toEqual([]);
    expect(written.size).toBeGreaterThan(10);
  });
});

describe('small code', () => {
  it('a fast-path IPC takes at most 70 instructions from the SWI to the receiver (FCSE, 5 words in registers)', () => {
    const sys = buildSystem(pingPong({ switchStrategy: 'fcse', tickShift: 0 }, 10, 5));
    const m = new VersatileMachine();
    m.loadImage(sys.image);
    const traps = new Set([sys.userSymbol('client', 'l4_ipc_trap'), sys.userSymbol('server', 'l4_ipc_trap')]);
    const exitAddr = sys.kernelSymbol('ipc_exit');
    const lengths: number[] = [];
    const pcs = new Set<number>();
    while (!m.core.stop) {
      const e = m.step();
      if (!e) break;
      if (e.pc === undefined || !traps.has(e.pc)) continue;
      let n = 0;
      let fast = false;
      const seen: number[] = [];
      for (;;) {
        const s = m.step();
        if (!s || s.mode === 0x10) break;
        n++;
        if (s.pc !== undefined) seen.push(s.pc);
        if (s.pc === exitAddr) fast = true;
      }
      if (fast) {
        lengths.push(n);
        for (const pc of seen) pcs.add(pc >>> 5);
      }
    }
    expect(lengths.length).toBeGreaterThanOrEqual(18);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(70);
    // code: the vector line plus the fast path's lines, two 4 KB pages (vectors, kernel text)
    const lines = [...pcs];
    expect(lines.length).toBeLessThanOrEqual(13);
    expect(new Set(lines.map((l) => l >>> 7)).size).toBe(2);
  });
});
