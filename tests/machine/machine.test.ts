// The machine interface on all three models: start at an entry with a chosen CPSR and registers,
// every stop condition, breakpoints and watchpoints, and register names in every mode reading the
// same values from the reference model and the RTL.
import { describe, expect, it } from 'vitest';
import { ARCHITECTURAL_REGISTERS, createMachine, MachineStateError, type Machine, type ModelKind } from '../../testbench/machine/index.ts';
import { modesImage } from './programs.ts';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import type { RtlMachine } from '../../testbench/machine/rtl-machine.ts';
import { validateConfig } from '../../rtl/config.ts';

const MODELS: readonly ModelKind[] = ['iss', 'rtl', 'lockstep'];
const image = modesImage();
const sym = (name: string): number => image.symbols.get(name)!;
/** System mode, Z set, IRQ and FIQ enabled. */
const START_CPSR = 0x4000001f;

function started(model: ModelKind): Machine {
  const m = createMachine(model, { ramBytes: 1 << 20 });
  m.load({ image });
  m.start(sym('_start'), { cpsr: START_CPSR, registers: { r5: 7 } });
  return m;
}

function registerDump(m: Machine): Record<string, number> {
  return Object.fromEntries(ARCHITECTURAL_REGISTERS.map((n) => [n, m.readRegister(n)]));
}

describe.each(MODELS)('machine interface on %s', (model) => {
  it('starts at an arbitrary entry with the chosen CPSR and registers', () => {
    const m = started(model);
    expect(m.pc).toBe(sym('_start'));
    expect(m.readRegister('cpsr')).toBe(START_CPSR);
    expect(m.readRegister('r5')).toBe(7);
    const r = m.run([], { maxInstructions: 1 });
    expect(r.stop).toEqual({ kind: 'max-instructions' });
    expect(m.readRegister('r5')).toBe(8); // addeq ran: Z came from the start CPSR
    expect(m.pc).toBe(sym('_start') + 4);
  });

  it('stops at each condition with the reason, in program order', () => {
    const m = started(model);
    expect(m.run([{ kind: 'predicate', name: 'r7 loaded', test: (x) => x.readRegister('r7') === 8 }]).stop).toEqual({ kind: 'predicate', name: 'r7 loaded' });
    expect(m.pc).toBe(sym('after_load'));
    expect(m.run([{ kind: 'swi', number: 0x42 }]).stop).toEqual({ kind: 'swi', number: 0x42, pc: sym('swi_point') });
    expect(m.pc).toBe(0x08);
    expect(m.readRegister('r14_svc')).toBe(sym('after_swi'));
    expect(m.run([{ kind: 'vector', exception: 'undefined' }]).stop).toEqual({ kind: 'vector', exception: 'undefined', pc: 0x04 });
    expect(m.readRegister('cpsr') & 0x1f).toBe(0x1b);
    expect(m.run([{ kind: 'pc', address: sym('after_undef') }]).stop).toEqual({ kind: 'pc', pc: sym('after_undef') });
    expect(m.run([{ kind: 'exit' }]).stop).toEqual({ kind: 'exit', code: 0 });
  });

  it('breakpoints stop before the instruction; a run from a breakpoint moves past it', () => {
    const m = started(model);
    m.breakpoints.add(sym('swi_handler'));
    expect(m.run().stop).toEqual({ kind: 'breakpoint', pc: sym('swi_handler') });
    expect(m.readRegister('r12')).toBe(0xc0ffee);
    m.breakpoints.add(sym('undef_handler'));
    expect(m.run().stop).toEqual({ kind: 'breakpoint', pc: sym('undef_handler') });
    expect(m.stepInstruction().stop).toEqual({ kind: 'pc', pc: sym('after_undef') });
  });

  it('watchpoints stop after the access, for writes and for reads', () => {
    const m = started(model);
    m.watchpoints.push({ address: sym('datum') + 1, length: 1, access: 'write' });
    expect(m.run().stop).toEqual({ kind: 'watchpoint', address: sym('datum') + 1, access: 'write', pc: sym('_start') + 12 });
    m.watchpoints.length = 0;
    m.watchpoints.push({ address: sym('datum'), length: 4, access: 'read' });
    expect(m.run().stop).toEqual({ kind: 'watchpoint', address: sym('datum'), access: 'read', pc: sym('after_load') });
    expect(Array.from(m.readMemory(sym('datum'), 4))).toEqual([8, 0, 0, 0]);
  });

  it('budgets: cycles and instructions', () => {
    const m = started(model);
    const r = m.run([], { maxCycles: 5 });
    expect(r.stop).toEqual({ kind: 'max-cycles' });
    expect(r.cycles).toBe(5);
    const n = m.run([], { maxInstructions: 2 });
    expect(n).toMatchObject({ stop: { kind: 'max-instructions' }, instructions: 2 });
  });

  it('refuses bad register names, naming them', () => {
    const m = started(model);
    expect(() => m.readRegister('r16')).toThrow(/unknown register "r16"/);
    expect(() => m.readRegister('r13_foo')).toThrow(/unknown mode "foo"/);
    expect(() => m.readRegister('spsr_usr')).toThrow(/no SPSR/);
    expect(() => m.resolve('no_such_symbol')).toThrow(/unknown symbol/);
  });
});

describe('the models agree', () => {
  it('register names in every mode read the same values from the reference model and the RTL', () => {
    const dumps = (['iss', 'rtl'] as const).map((model) => {
      const m = started(model);
      expect(m.run([{ kind: 'pc', address: sym('after_undef') }]).stop.kind).toBe('pc');
      return registerDump(m);
    });
    expect(dumps[1]).toEqual(dumps[0]);
    expect(dumps[0]).toMatchObject({ r13_irq: 0x1200, r14_irq: 0x1204, spsr_irq: 0x20000010, r8_fiq: 0x108, r12_fiq: 0x10c, r13_fiq: 0x1100, r14_fiq: 0x1104, spsr_fiq: 0x40000011, r13_abt: 0x1700, r14_abt: 0x1704, r13_und: 0x1b00, r14_und: sym('after_undef'), r13_svc: 0x1300, r14_svc: sym('after_swi'), r12: 0xc0ffee });
  });

  it('the RTL takes register writes at start only', () => {
    const m = started('rtl');
    m.writeRegister('r13_svc', 0x1234);
    expect(m.readRegister('r13_svc')).toBe(0x1234);
    m.run([], { maxInstructions: 1 });
    expect(() => m.writeRegister('r0', 1)).toThrow(MachineStateError);
  });
});

// start() resets the machine: the RTL resets its CP15 registers; the reference model once rewrote
// only the control register, so TTBR, DACR, the fault status and address registers, the lockdown
// registers, the FCSE PID and CONTEXTIDR of a previous run carried over into the next.
describe('a restart resets CP15 in both models', () => {
  const BASE = 0x02000000; // at 32 MB: the FCSE PID the first run writes does not relocate the code
  const source = `
  .text
  .global _start
_start:
  ldr r0, =0x4000
  mcr p15, 0, r0, c2, c0, 0      @ TTBR
  ldr r0, =0x55555555
  mcr p15, 0, r0, c3, c0, 0      @ DACR
  mov r0, #0x1f
  mcr p15, 0, r0, c5, c0, 0      @ DFSR
  mov r0, #0x2e
  mcr p15, 0, r0, c5, c0, 1      @ IFSR
  ldr r0, =0x1234
  mcr p15, 0, r0, c6, c0, 0      @ FAR
  ldr r0, =0x5678
  mcr p15, 0, r0, c6, c0, 2      @ IFAR
  mov r0, #0xf0
  mcr p15, 0, r0, c9, c0, 0      @ D-cache lockdown
  mcr p15, 0, r0, c9, c0, 1      @ I-cache lockdown
  mov r0, #0x04000000
  mcr p15, 0, r0, c10, c0, 0     @ TLB lockdown
  mov r0, #0x0a000000
  mcr p15, 0, r0, c13, c0, 0     @ FCSE PID
  ldr r0, =0xabcd
  mcr p15, 0, r0, c13, c0, 1     @ CONTEXTIDR
  mrc p15, 0, r0, c1, c0, 0
  orr r0, r0, #2
  mcr p15, 0, r0, c1, c0, 0      @ A
written:
  b written
readback:
  mrc p15, 0, r1, c1, c0, 0
  mrc p15, 0, r2, c2, c0, 0
  mrc p15, 0, r3, c3, c0, 0
  mrc p15, 0, r4, c5, c0, 0
  mrc p15, 0, r5, c5, c0, 1
  mrc p15, 0, r6, c6, c0, 0
  mrc p15, 0, r7, c6, c0, 2
  mrc p15, 0, r8, c9, c0, 0
  mrc p15, 0, r9, c9, c0, 1
  mrc p15, 0, r10, c10, c0, 0
  mrc p15, 0, r11, c13, c0, 0
  mrc p15, 0, r12, c13, c0, 1
read:
  b read
  .ltorg
`;
  const program = assembleProgram(source, { textAddress: BASE });
  const at = (name: string): number => program.symbols.get(name)!;
  const READ = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12'];

  it.each(['iss', 'lockstep'] as const)('%s: the second run reads every CP15 register at its reset value', (model) => {
    const m = createMachine(model, { ramBytes: 34 << 20 });
    m.load({ image: program });
    m.start(at('_start'));
    expect(m.run([{ kind: 'pc', address: at('written') }], { maxCycles: 10_000 }).stop).toEqual({ kind: 'pc', pc: at('written') });
    m.start(at('readback'));
    expect(m.run([{ kind: 'pc', address: at('read') }], { maxCycles: 10_000 }).stop).toEqual({ kind: 'pc', pc: at('read') });
    expect(READ.map((r) => m.readRegister(r))).toEqual([0x00050078, ...READ.slice(1).map(() => 0)]);
  });
});

// A restart keeps memory as the previous run left it, with the host's writes on top: the RTL
// writes back its dirty D-cache lines and pending write-buffer stores before the reset empties
// them (as the reference model, which has no caches, keeps every store), and a host write made at
// a stop is what later reads see (readMemory, and the next run: the cache's older copy does not
// overwrite it). The RTL's reset once dropped the dirty lines: a restart read the RAM underneath.
describe('memory across a restart, with the D-cache and write buffer on', () => {
  const CACHED = 0x80000; // section 0: write-back cacheable
  const BUFFERED = 0x100000; // section 1: bufferable, not cacheable
  const source = `
  .text
  .global _start
_start:
  ldr r0, =0x4000                @ first-level table
  ldr r1, =0xc0e                 @ section 0: identity, AP=11, C and B (write-back)
  str r1, [r0]
  ldr r1, =0x100c06              @ section 1: identity, AP=11, B only
  str r1, [r0, #4]
  mcr p15, 0, r0, c2, c0, 0
  mov r1, #1
  mcr p15, 0, r1, c3, c0, 0
  mcr p15, 0, r1, c8, c7, 0
  mrc p15, 0, r1, c1, c0, 0
  orr r1, r1, #5                 @ M and C
  mcr p15, 0, r1, c1, c0, 0
  ldr r2, =${CACHED}
  ldr r3, [r2]                   @ allocate the line
  ldr r1, =0x11111111
  str r1, [r2]                   @ a hit: the line is dirty, RAM keeps the old word
  ldr r1, =0x22222222
  str r1, [r2, #4]
  ldr r4, =${BUFFERED}
  ldr r1, =0x33333333
  str r1, [r4]                   @ into the write buffer
written:
  b written
readback:                        @ after a restart: MMU and caches off, loads from RAM
  ldr r2, =${CACHED}
  ldr r5, [r2]
  ldr r6, [r2, #4]
  ldr r4, =${BUFFERED}
  ldr r7, [r4]
read:
  b read
  .ltorg
`;
  const program = assembleProgram(source, { textAddress: 0x8000 });
  const at = (name: string): number => program.symbols.get(name)!;
  const word = (v: number): Uint8Array => new Uint8Array(new Uint32Array([v]).buffer);
  const readWord = (m: Machine, a: number): number => new DataView(m.readMemory(a, 4).buffer).getUint32(0, true);

  // With 8 wait states the buffered store is still in the write buffer at the stop.
  const slowRam = validateConfig({ memory: { ramWaitStates: 8 } });
  function firstRun(model: ModelKind, slow = false): Machine {
    const m = createMachine(model, { ramBytes: 2 << 20, ...(slow && model !== 'iss' ? { hardware: slowRam } : {}) });
    m.load({ image: program });
    m.writeMemory(CACHED, new Uint8Array(new Uint32Array([0xaaaaaaaa, 0xbbbbbbbb]).buffer));
    m.start(at('_start'));
    expect(m.run([{ kind: 'pc', address: at('written') }], { maxCycles: 20_000 }).stop.kind).toBe('pc');
    return m;
  }
  function readBack(m: Machine): number[] {
    m.start(at('readback'));
    const stop = m.run([{ kind: 'pc', address: at('read') }], { maxCycles: 20_000 }).stop;
    expect(stop).toEqual({ kind: 'pc', pc: at('read') });
    return ['r5', 'r6', 'r7'].map((r) => m.readRegister(r));
  }

  const cases: Array<[ModelKind, boolean]> = MODELS.flatMap((model): Array<[ModelKind, boolean]> => (model === 'iss' ? [[model, false]] : [[model, false], [model, true]]));

  it.each(cases)('%s (slow RAM: %s): the next run reads what the previous one stored', (model, slow) => {
    const m = firstRun(model, slow);
    if (model !== 'iss') {
      const mem = (m as RtlMachine).sys.mem!;
      expect(mem.dcache.dirty.data.some((d) => d !== 0)).toBe(true);
      if (slow) expect(mem.wbuf.count.v).toBeGreaterThan(0);
    }
    expect(readBack(m)).toEqual([0x11111111, 0x22222222, 0x33333333]);
  });

  it.each(cases)('%s (slow RAM: %s): a host write at a stop wins over the cached copy, for readMemory and the next run', (model, slow) => {
    const m = firstRun(model, slow);
    m.writeMemory(CACHED + 4, word(0x44444444));
    m.writeMemory(BUFFERED, word(0x55555555));
    expect(readWord(m, CACHED + 4)).toBe(0x44444444);
    expect(readWord(m, CACHED)).toBe(0x11111111);
    expect(readBack(m)).toEqual([0x11111111, 0x44444444, 0x55555555]);
  });
});
