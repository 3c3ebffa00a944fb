// Bundle copies (rtl/hdl/bundle.ts): straight-line code with the slots as constants, made when
// first run. Every field lands in its own register, in any slot layout, and a copy run before
// elaboration is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleCopy, ElaborationError, Module, Simulator, type Reg, type Signal } from '../../rtl/hdl/index.ts';

/** `n` inputs copied into `n` registers when `load` is set; the registers declared in a shuffled order. */
class Latch extends Module {
  readonly load = this.input('load', 1);
  readonly ins: Signal[];
  readonly regs: Reg[];
  readonly copy: BundleCopy;
  constructor(parent: Module | null, name: string, widths: readonly number[], order: readonly number[]) {
    super(parent, name);
    this.ins = widths.map((w, k) => this.input(`in${k}`, w));
    const regs: Reg[] = [];
    for (const k of order) regs[k] = this.reg(`r${k}`, widths[k]!);
    this.regs = regs;
    this.copy = new BundleCopy(this.regs, this.ins);
  }
  override clock(): void {
    if (this.load.on) this.copy.run();
  }
}

describe('BundleCopy', () => {
  it('loads every register from its own field, whatever the widths and slot order (generated)', () => {
    const design = fc
      .array(fc.integer({ min: 1, max: 32 }), { minLength: 1, maxLength: 40 })
      .chain((widths) => fc.tuple(fc.constant(widths), fc.shuffledSubarray([...widths.keys()], { minLength: widths.length }), fc.array(fc.tuple(fc.boolean(), fc.array(fc.nat(), { minLength: widths.length, maxLength: widths.length })), { minLength: 1, maxLength: 8 })));
    fc.assert(
      fc.property(design, ([widths, order, cycles]) => {
        const top = new Latch(null, 'top', widths, order);
        const sim = new Simulator(top);
        const expected = widths.map(() => 0);
        for (const [load, values] of cycles) {
          sim.poke(top.load, load ? 1 : 0);
          values.forEach((v, k) => sim.poke(top.ins[k]!, widths[k] === 32 ? v >>> 0 : v % 2 ** widths[k]!));
          sim.step();
          if (load) values.forEach((v, k) => (expected[k] = widths[k] === 32 ? v >>> 0 : v % 2 ** widths[k]!));
          expect(top.regs.map((r) => r.v)).toEqual(expected);
        }
      }),
      { seed: 20261207, numRuns: 80 },
    );
  });

  it('refuses to run before elaboration', () => {
    const top = new Latch(null, 'top', [8, 8], [1, 0]);
    expect(() => top.copy.run()).toThrow(ElaborationError);
  });
});
