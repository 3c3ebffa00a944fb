// Fast-forward (testbench/machine/fast-forward.ts): the kernel ping-pong run on the reference model
// to the client's Nth IPC and handed to the RTL gives the same per-IPC cycles for the following
// IPCs as a full RTL run; the differences that remain are measured and bounded here: the first IPC
// after the hand-off starts with an empty pipeline, and the kernel's periodic tick lands at another
// phase (the model's timers count instructions, the RTL's cycles).
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { IssMachine, RtlMachine, type Machine } from '../../testbench/machine/index.ts';
import { AccessRing } from '../../testbench/machine/access-ring.ts';
import { architecturalState, cp15State, fastForward, handOff, parseFastForwardPoint, runIssTo } from '../../testbench/machine/fast-forward.ts';
import { CP15_REGISTER_NAMES } from '../../testbench/machine/rtl-machine.ts';

const RAM = 8 << 20;
const ROUNDS = 10;
const N = 8; // hand off at the 8th ipc_entry

/** Cycle counts at every ipc_entry (from the machine's start), and how the run ended. */
function ipcCycles(m: Machine): { at: number[]; end: string } {
  m.breakpoints.add(m.resolve('ipc_entry'));
  const at: number[] = [];
  for (;;) {
    const r = m.run([{ kind: 'exit' }], { maxCycles: 2_000_000 });
    if (r.stop.kind !== 'breakpoint') return { at, end: JSON.stringify(r.stop) };
    at.push(m.cycles);
  }
}

const deltas = (xs: readonly number[]): number[] => xs.slice(1).map((x, i) => x - xs[i]!);

/** Per-IPC cycles of a full RTL run from the Nth ipc_entry on, and of a fast-forwarded one. */
function compare(tickShift: number, ringCapacity?: number): { full: number[]; ff: number[]; fullEnd: string; ffEnd: string; uart: [string, string] } {
  const built = buildSystem(pingPongScenario({ tickShift }, ROUNDS));
  const full = new RtlMachine({ ramBytes: RAM });
  full.load({ image: built.image });
  full.start(built.image.entry);
  const f = ipcCycles(full);
  const ff = fastForward({ image: built.image }, { symbol: 'ipc_entry', hits: N }, { ramBytes: RAM, ringCapacity });
  expect(ff.reached.stop).toEqual({ kind: 'breakpoint', pc: built.image.symbols!.get('ipc_entry') });
  const g = ipcCycles(ff.rtl);
  expect(ff.rtl.nextPcMisses).toBe(0);
  return { full: deltas(f.at).slice(N - 1), ff: deltas([0, ...g.at]), fullEnd: f.end, ffEnd: g.end, uart: [full.uartOutput(), ff.rtl.uartOutput()] };
}

describe('fast-forward from the reference model to the RTL', () => {
  it('without the tick: every IPC after the hand-off takes the cycles of the full RTL run; the first one at most 4 more (empty pipeline)', () => {
    const r = compare(0);
    expect(r.ff.length).toBe(r.full.length);
    expect(r.ff.length).toBeGreaterThan(20);
    expect(r.ff[0]! - r.full[0]!).toBeGreaterThanOrEqual(0);
    expect(r.ff[0]! - r.full[0]!).toBeLessThanOrEqual(4);
    expect(r.ff.slice(1)).toEqual(r.full.slice(1));
    expect(r.ffEnd).toBe(r.fullEnd);
    expect(r.ffEnd).toBe(JSON.stringify({ kind: 'exit', code: 0 }));
    expect(r.uart[1]).toBe(r.uart[0]);
  });

  it('warming matters: a cold hand-off (no recorded accesses) is slower over the next IPCs', () => {
    const warm = compare(0);
    const cold = compare(0, 0);
    const sum = (xs: number[]): number => xs.slice(0, 4).reduce((a, b) => a + b, 0);
    expect(sum(cold.ff)).toBeGreaterThan(sum(warm.ff) + 200);
    expect(cold.ffEnd).toBe(warm.ffEnd);
  });

  it('with the 1024-cycle tick: same IPCs and output; the total differs by less than one tick (it lands at another phase)', () => {
    const r = compare(10);
    expect(r.ff.length).toBe(r.full.length);
    expect(r.ffEnd).toBe(r.fullEnd);
    expect(r.uart[1]).toBe(r.uart[0]);
    const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    // A tick costs the full run about 213 cycles (383 against 170 for the same IPC); measured difference 94.
    const tickCost = Math.max(...r.full) - Math.min(...r.full.slice(0, 12));
    expect(Math.abs(total(r.ff) - total(r.full))).toBeLessThan(tickCost);
  });

  it('the hand-off carries every banked register, the SPSRs, the CPSR, the pc and CP15', () => {
    const built = buildSystem(pingPongScenario({}, 30));
    const iss = new IssMachine({ ramBytes: RAM });
    iss.load({ image: built.image });
    iss.start(built.image.entry);
    const ring = new AccessRing();
    runIssTo(iss, { symbol: 'ipc_entry', hits: 3 }, { ring });
    const { rtl, warm } = handOff(iss, ring);
    for (const [name, value] of Object.entries(architecturalState(iss))) expect([name, rtl.readRegister(name)]).toEqual([name, value >>> 0]);
    expect(rtl.readRegister('cpsr')).toBe(iss.readRegister('cpsr'));
    expect(rtl.pc).toBe(iss.pc);
    const cp15 = cp15State(iss);
    expect(cp15.control & 1).toBe(1); // (the kernel has the MMU on by then)
    for (const name of CP15_REGISTER_NAMES) expect([name, rtl.sys.core.cp15[name].v]).toEqual([name, cp15[name]]);
    expect(warm!.tlbFills).toBeGreaterThan(0);
    expect(warm!.iLines).toBeGreaterThan(0);
  });

  it('an instruction-count point continues to the same end and output as the model alone', () => {
    const built = buildSystem(pingPongScenario({}, 30));
    const alone = new IssMachine({ ramBytes: RAM });
    alone.load({ image: built.image });
    alone.start(built.image.entry);
    expect(alone.run([{ kind: 'exit' }], { maxInstructions: 10_000_000 }).stop).toEqual({ kind: 'exit', code: 0 });
    const half = Math.floor(alone.instructions / 2); // (mid-run: well after the boot, well before the end)
    const ff = fastForward({ image: built.image }, { instructions: half }, { ramBytes: RAM });
    expect(ff.reached).toMatchObject({ stop: { kind: 'max-instructions' }, instructions: half });
    expect(ff.rtl.run([{ kind: 'exit' }], { maxCycles: 2_000_000 }).stop).toEqual({ kind: 'exit', code: 0 });
    expect(ff.rtl.uartOutput()).toBe(alone.uartOutput()); // (the model's bytes are carried into the RTL's capture)
  });

  it('a symbol point reached in the fast loop (the fetch tap) is the point machine breakpoints reach: same counts, registers and pc', () => {
    const built = buildSystem(pingPongScenario({}, 30));
    const states = [false, true].map((viaBreakpoints) => {
      const iss = new IssMachine({ ramBytes: RAM });
      iss.load({ image: built.image });
      iss.start(built.image.entry);
      const r = runIssTo(iss, { symbol: 'ipc_entry', hits: 7 }, { viaBreakpoints });
      return { r, pc: iss.pc, cpsr: iss.readRegister('cpsr'), regs: architecturalState(iss), instructions: iss.instructions, cycles: iss.cycles };
    });
    expect(states[0]!.r.stop).toEqual({ kind: 'breakpoint', pc: built.image.symbols!.get('ipc_entry') });
    expect(states[0]!.r.instructions).toBeGreaterThan(3_000); // (the boot and six IPCs run in the fast loop)
    expect(states[0]).toEqual(states[1]);
  });

  it('the access ring keeps the last accesses, oldest first', () => {
    const ring = new AccessRing(3);
    for (let k = 0; k < 5; k++) ring.tap(k * 4, k * 4 + 1, k & 3);
    // (A tap not attached to a core records the M, C and I bits on.)
    expect([...ring.entries()]).toEqual([2, 3, 4].map((k) => ({ mva: k * 4, pa: k * 4 + 1, kind: k & 3, control: 0x1005 })));
    expect(ring.seen).toBe(5);
    expect(() => new AccessRing(0)).toThrow(/positive integer/);
  });

  it('parses fast-forward points and names what it cannot parse', () => {
    expect(parseFastForwardPoint('ipc_entry')).toEqual({ symbol: 'ipc_entry', hits: 1 });
    expect(parseFastForwardPoint('ipc_entry:12')).toEqual({ symbol: 'ipc_entry', hits: 12 });
    expect(parseFastForwardPoint('1000000')).toEqual({ instructions: 1_000_000 });
    expect(parseFastForwardPoint('1e8')).toEqual({ instructions: 1e8 });
    expect(() => parseFastForwardPoint('ipc_entry:0')).toThrow(/at least 1/);
    expect(() => parseFastForwardPoint('a b')).toThrow(/expected a symbol/);
  });
});
