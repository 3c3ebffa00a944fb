// Constant-slot methods (rtl/hdl/specialize.ts): what the scanner rewrites and what it leaves, and
// designs run both ways cycle for cycle: a small design through every kind of access, and the
// whole system on the kernel's ping-pong. (tests/hdl/specialize-suites.test.ts: the lockstep
// verify suites on compiled methods.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSpecialize, Module, Simulator, SignalWidthError, SPECIALIZE_AFTER_CYCLES, type Signal } from '../../rtl/hdl/index.ts';
import { codeRanges, scanMethod } from '../../rtl/hdl/specialize.ts';
import { HandoffMachine } from '../../testbench/checkers/handoff-machine.ts';
import { buildIpcScenario, handoffConfigFor, STRATEGY_HARDWARE, type IpcScenarioOptions } from '../../testbench/scenarios/ipc-scenario.ts';
import { MemorySink } from '../../testbench/trace/byte-sink.ts';
import { VcdWriter } from '../../testbench/trace/vcd-writer.ts';

const OFFSET = 7; // module scope: a compiled method still sees it
const mix = (a: number, b: number): number => (Math.imul(a, 31) ^ b) >>> 0;

/** Every kind of access the scanner rewrites, and some it must leave. */
class Stage extends Module {
  static readonly compileHere = (source: string): unknown => eval(source);
  readonly inp = this.input('inp', 32);
  readonly out = this.output('out', 32);
  readonly flag = this.wire('flag', 1);
  readonly acc = this.reg('acc', 32);
  readonly count = this.reg('count', 8);
  readonly ports = { a: this.wire('pa', 32), b: this.wire('pb', 32) };
  readonly helper: Helper;
  constructor(parent: Module | null, name: string) {
    super(parent, name);
    this.helper = new Helper(this, 'helper');
  }
  override comb(): void {
    const p = this.ports;
    p.a.v = (this.inp.v + OFFSET) >>> 0;
    p.b.v = mix(p.a.v, this.acc.v);
    p.b.v ^= this.count.v; // compound assignment
    this.flag.v = this.acc.v & 1;
    // .on of a wide signal (any bit) and as a boolean value.
    const busy = (this.count.on ? 5 : 0) + (this.flag.on === true ? 1 : 0);
    // An access inside a template literal stays as written (and still works).
    this.out.v = this.flag.on ? (p.b.v + busy) >>> 0 : `${this.inp.v}`.length + this.helper.twice(this.count.v);
  }
  override clock(): void {
    this.acc.next = this.ports.b.v;
    this.count.next = (this.count.v + 1) & 0xff;
    if (this.flag.on && this.count.next >= 3) this.count.next = (this.count.next + 2) & 0xff; // reads of next; >= is no assignment
  }
  /** Text that looks like an access, in a string and a comment: this.inp.v */
  describe(): string {
    return 'this.inp.v';
  }
  /** Writing a register's .v throws, compiled or not. */
  writeRegister(): void {
    this.acc.v = 1;
  }
}

/** A module whose class declares no compileHere: its methods run as written. */
class Helper extends Module {
  readonly k = this.reg('k', 8, 3);
  twice(x: number): number {
    return (x * 2 + this.k.v) & 0xff;
  }
  override clock(): void {
    this.k.next = (this.k.v + 1) & 0xff;
  }
}

const run = (specialize: 'now' | 'never', inputs: readonly number[]): { stores: string[]; sim: Simulator; top: Stage } => {
  const top = new Stage(null, 'top');
  const sim = new Simulator(top, { specialize });
  const stores: string[] = [];
  for (const x of inputs) {
    sim.poke(top.inp, x);
    sim.step();
    stores.push([...sim.design.store].join(','));
  }
  return { stores, sim, top };
};

describe('constant-slot methods: a small design', () => {
  it('runs cycle for cycle as the methods as written, on generated inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 0xffff_ffff }), { minLength: 1, maxLength: 60 }), (inputs) => {
        expect(run('now', inputs).stores).toEqual(run('never', inputs).stores);
      }),
      { seed: 20261207, numRuns: 60 },
    );
  });

  it('compiles the methods with accesses, installed on the instance; leaves strings, register writes and classes without the hook', () => {
    const { sim, top } = run('now', [1, 2, 3]);
    const report = sim.specialization!;
    expect(report.methods).toBe(2); // comb and clock (describe has only text; writeRegister's one access, a register's .v written, stays)
    expect(Object.hasOwn(top, 'comb') && Object.hasOwn(top, 'clock')).toBe(true);
    expect(Object.hasOwn(top.helper, 'twice')).toBe(false);
    expect(report.leftAsWritten.map((l) => `${l.method}: ${l.reason}`).sort()).toEqual([
      'Helper.clock (top.helper): its class declares no compileHere',
      'Helper.twice (top.helper): its class declares no compileHere',
    ]);
    expect(top.describe()).toBe('this.inp.v');
    expect(() => top.writeRegister()).toThrow(SignalWidthError);
    // The compiled comb reads slots, not properties: its text says so.
    const comb = String((top as unknown as { comb: () => void }).comb);
    expect(comb).toMatch(/\$\$s\[\d+\] = \(?\$\$s\[\d+\] \+ OFFSET/); // through the alias p, with the module's constant
    expect(comb).toContain('`${this.inp.v}`'); // the template literal as written
    expect(comb).not.toMatch(/\.v\b(?!}`)/); // no other access left
  });

  it('makes every property a compiled access walked read-only: re-pointing one fails loudly', () => {
    const { top } = run('now', [5]);
    const loose = top as unknown as { ports: unknown; inp: unknown };
    expect(() => {
      loose.ports = { a: top.out, b: top.out };
    }).toThrow(TypeError);
    expect(() => {
      (top.ports as { a: Signal }).a = top.out;
    }).toThrow(TypeError);
    expect(() => {
      loose.inp = top.out;
    }).toThrow(TypeError);
    // As written, nothing is frozen.
    const plain = run('never', [5]).top as unknown as { ports: unknown };
    plain.ports = {};
    expect(plain.ports).toEqual({});
  });

  it("gives each design its own compiled code, and its own phase functions, never another design's", () => {
    // Two designs built alike: same text, slots and classes, yet no function shared (a function
    // that is the only closure of its code is optimised with its context as constants: specialize.ts).
    const a = run('now', [1, 2]);
    const b = run('now', [1, 2]);
    const methodOf = (top: Stage, name: 'comb' | 'clock'): string => String((top as unknown as Record<string, () => void>)[name]);
    for (const name of ['comb', 'clock'] as const) {
      expect(methodOf(a.top, name)).not.toBe(methodOf(b.top, name));
      expect(methodOf(a.top, name).replace(/design \d+/, '')).toBe(methodOf(b.top, name).replace(/design \d+/, ''));
    }
    const phases = (sim: Simulator): string[] => ['settleAll', 'clockAll'].map((k) => String((sim as unknown as Record<string, () => void>)[k]));
    // Before compiling, designs built alike share their phase functions (short runs: no warm-up per machine).
    const c = new Simulator(new Stage(null, 'top'), { specialize: 'never' });
    const d = new Simulator(new Stage(null, 'top'), { specialize: 'never' });
    expect((c as unknown as { settleAll: unknown }).settleAll).not.toBe((d as unknown as { settleAll: unknown }).settleAll); // (closures of one factory)
    expect(phases(c)).toEqual(phases(d));
    expect(phases(a.sim)).not.toEqual(phases(b.sim));
  });

  it('compiles at the cycle asked for, never in check mode, and names a bad setting', () => {
    const top = new Stage(null, 'top');
    const sim = new Simulator(top, { specialize: 10 });
    sim.run(10);
    expect(sim.specialization).toBeUndefined();
    sim.step();
    expect(sim.specialization?.methods).toBe(2);
    const checked = new Simulator(new Stage(null, 'top'), { check: true, specialize: 'now' });
    expect(checked.specialization).toBeUndefined();
    expect(checked.specializeNow()).toBeUndefined();
    checked.run(5);
    expect(() => new Simulator(new Stage(null, 'top'), { specialize: -1 })).toThrow(/specialize: -1/);
    expect(defaultSpecialize('')).toBe(SPECIALIZE_AFTER_CYCLES); // (undefined would take the process's HANDOFF_SPECIALIZE: the parameter's default)
    expect(defaultSpecialize('now')).toBe('now');
    expect(defaultSpecialize('never')).toBe('never');
    expect(defaultSpecialize('250')).toBe(250);
    expect(() => defaultSpecialize('soon')).toThrow(/HANDOFF_SPECIALIZE: "soon"/);
  });
});

describe('constant-slot methods: the scanner', () => {
  const accessesOf = (source: string): string[] => {
    const t = scanMethod(source);
    if (typeof t === 'string') return [t];
    return t.accesses.map((a) => `${a.root}.${[...a.path, a.accessor].join('.')}${a.write ? ` ${a.write}` : ''}`);
  };

  it('finds code outside strings, template literals and comments', () => {
    const text = `(a) { x = "it's"; // don't\n y = 'a\\'b'; /* c */ z = \`t\${1}\`; return a; }`;
    const code = codeRanges(text).map(([a, b]) => text.slice(a, b)).join('');
    expect(code).toBe('(a) { x = ; \n y = ;  z = ; return a; }');
  });

  it('tells reads from writes', () => {
    expect(accessesOf('m() { this.a.v = this.b.v; this.c.v |= 1; this.d.v++; --this.e.v; if (this.f.v >= 2 && this.g.v === 3) this.h.next = this.i.next; return this.j.on; }')).toEqual([
      'this.a.v =',
      'this.b.v',
      'this.c.v |=',
      'this.d.v ++',
      'this.e.v --',
      'this.f.v',
      'this.g.v',
      'this.h.next =',
      'this.i.next',
      'this.j.on',
    ]);
  });

  it('follows an alias only while nothing else binds its name', () => {
    expect(accessesOf('m() { const u = this.x.y; return u.pc.v + u.v; }')).toEqual(['u.pc.v', 'u.v']);
    const notAliased = ['this.x.pc.v'];
    expect(accessesOf('m() { const u = this.x; u = other; return u.pc.v + this.x.pc.v; }')).toEqual(notAliased);
    expect(accessesOf('m() { const u = this.x; for (const u of list) s += u.pc.v; return this.x.pc.v; }')).toEqual(notAliased);
    expect(accessesOf('m() { const u = this.x; list.map((u) => u.pc.v); return this.x.pc.v; }')).toEqual(notAliased);
    expect(accessesOf('m() { const u = this.x; list.map(u => u.pc.v); return this.x.pc.v; }')).toEqual(notAliased);
    expect(accessesOf('m() { const u = this.x; const { u: w } = o; return this.x.pc.v; }')).toEqual(notAliased);
    expect(accessesOf('m() { const u = this.x; try { f(); } catch (u) { g(u.pc.v); } return this.x.pc.v; }')).toEqual(notAliased);
  });

  it('leaves methods whose this or scope it cannot vouch for', () => {
    expect(accessesOf('get m() { return this.a.v; }')).toEqual(['not a plain method']);
    expect(accessesOf('async m() { return this.a.v; }')).toEqual(['not a plain method']);
    expect(accessesOf('m() { return super.m() + this.a.v; }')).toEqual(['uses super']);
    expect(accessesOf('m() { return [1].map(function () { return this.a.v; }); }')).toEqual(['declares a function (its own this)']);
    expect(accessesOf('m() { return class { f() { return this.a.v; } }; }')).toEqual(['declares a class (its own this)']);
    expect(accessesOf('m() { return { f() { return this.a.v; } }; }')).toEqual(['declares an object-literal method (its own this)']);
    expect(accessesOf('m() { return this.#p + this.a.v; }')).toEqual(['uses a private name']);
    expect(accessesOf('m() { return arguments.length + this.a.v; }')).toEqual(['uses eval or arguments']);
    expect(accessesOf('m() { const $$s = 1; return this.a.v + $$s; }')).toEqual(['uses $$s or $$n']);
    expect(accessesOf('m() { if (this.a.v) { return 1; } while (x) { y(); } return 0; }')).toEqual(['this.a.v']);
    expect(accessesOf('m() { return "this.a.v"; }')).toEqual(['no signal access to rewrite']);
  });
});

describe('constant-slot methods: the whole system', () => {
  /** A traced machine of the scenario, as runBuiltScenario builds it: the strategy's switch, the register MRs, the message view. */
  const scenarioMachine = (o: IpcScenarioOptions, specialize: 'now' | 'never' | number): HandoffMachine => {
    const built = buildIpcScenario(o);
    const hardware = { ...o.hardware, addressSpaceSwitch: STRATEGY_HARDWARE[o.strategy], registerMrs: o.registerMrs };
    return new HandoffMachine(built.image, { hardware, specialize, view: { enabled: true }, message: { threads: handoffConfigFor(built).threads ?? [] } });
  };

  const lockstep = (o: IpcScenarioOptions, cycles: number): void => {
    const machines = (['now', 'never'] as const).map((specialize) => {
      const m = scenarioMachine(o, specialize);
      m.boot();
      return m;
    });
    const [compiled, written] = machines as [HandoffMachine, HandoffMachine];
    const report = compiled.sim.specialization!;
    // Every module class of the system declares compileHere, and every method with an access is compiled.
    expect(report.leftAsWritten).toEqual([]);
    expect(report.methods).toBeGreaterThan(80);
    // The bundle copies and record drivers run their own code: the three pipeline copies, the uop
    // driver, the TLB's two ports, the message view's two copies.
    expect(report.helpers).toBe(8);
    const wb = compiled.bench.sys.core.writeback as unknown as { copy: object };
    expect(Object.hasOwn(wb.copy, 'run')).toBe(true);
    expect(Object.hasOwn((written.bench.sys.core.writeback as unknown as { copy: object }).copy, 'run')).toBe(false);
    const a = compiled.sim.design;
    const b = written.sim.design;
    for (let c = 0; c < cycles; c++) {
      compiled.sim.step();
      written.sim.step();
      if (!a.store.every((v, k) => v === b.store[k]) || a.textStore.some((t, k) => t !== b.textStore[k])) {
        const k = a.store.findIndex((v, i) => v !== b.store[i]);
        throw new Error(`cycle ${compiled.sim.cycle}: ${k >= 0 ? `${a.slotSignal[k]!.path} is ${a.store[k]} compiled, ${b.store[k]} as written` : 'a text signal differs'}`);
      }
    }
    a.memories.forEach((m, j) => expect(m.data.every((v, k) => v === b.memories[j]!.data[k]), m.name).toBe(true));
  };

  it('the ping-pong (fcse, 6 register MRs, 8 words): every signal equal every cycle, memories equal at the end', () => {
    lockstep({ registerMrs: 6, words: 8, strategy: 'fcse', rounds: 3 }, 30_000);
  });

  it('a waveform across the cycle the methods are compiled at is byte for byte the one of methods as written', () => {
    const vcd = (specialize: 'never' | number): { bytes: Buffer; compiled: boolean } => {
      const m = scenarioMachine({ registerMrs: 6, words: 8, strategy: 'fcse', rounds: 3 }, specialize);
      const sink = new MemorySink();
      const writer = new VcdWriter(m.sim, { output: sink, formatter: 'this-thread', window: { from: 20_000, to: 20_600 } });
      m.boot();
      m.sim.run(20_700);
      writer.close();
      return { bytes: sink.buffer(), compiled: m.sim.specialization !== undefined };
    };
    const compiledMidWindow = vcd(20_300);
    const asWritten = vcd('never');
    expect(compiledMidWindow.compiled && !asWritten.compiled).toBe(true);
    expect(compiledMidWindow.bytes.length).toBeGreaterThan(100_000);
    expect(compiledMidWindow.bytes.equals(asWritten.bytes)).toBe(true);
  });

  it('another corner: asid, small two-way caches, slow RAM, a Thumb client, the buffered design', () => {
    lockstep({ registerMrs: 2, words: 12, strategy: 'asid', rounds: 2, design: 'buffered', clientIsa: 'thumb', hardware: { icache: { sizeBytes: 2048, ways: 2 }, dcache: { sizeBytes: 2048, ways: 2 }, memory: { ramWaitStates: 3 } } }, 30_000);
  });
});
