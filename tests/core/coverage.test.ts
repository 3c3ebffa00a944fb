// Lockstep coverage: encoding programs (every decode class of both states, every field drawn, the documented
// UNPREDICTABLE forms included) run RTL against the reference model, under plain, interrupt and
// slow-RAM variants; the run must hit every decode class and corner form of the coverage model.
// fast-check shrinks a mismatching program; HANDOFF_COVERAGE_RUNS runs more (the report command is
// `npx tsx testbench/lockstep/coverage-main.ts --runs N --seed S`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import { classifyArm, classifyThumb, Coverage, REQUIRED_COVERAGE } from '../../testbench/lockstep/coverage.ts';
import { encodingCase, everyItem, runEncodingCase } from '../../testbench/lockstep/encoding-run.ts';
import { seedBanner, TEST_SEED } from '../support/seed.ts';

const runs = Number(process.env.HANDOFF_COVERAGE_RUNS ?? 100);
const required = REQUIRED_COVERAGE;

describe('lockstep coverage of every encoding', () => {
  it(`${runs} encoding programs agree and hit every ARM and Thumb class and corner`, () => {
    process.stderr.write(seedBanner('lockstep coverage', ` runs=${runs}`));
    const coverage = new Coverage();
    fc.assert(
      fc.property(encodingCase(everyItem, 60), (c) => {
        const r = runEncodingCase(c, coverage);
        if (!r.ok) throw new Error(`${r.report}\n(variant ${c.variant})`);
      }),
      { numRuns: runs, seed: TEST_SEED },
    );
    const missing = coverage.missing(required);
    if (missing.length) process.stderr.write(`${coverage.report(required)}\n`);
    expect(missing).toEqual([]);
  }, 300_000);

  it('the coverage check fails when a class or corner has no hit', () => {
    const coverage = new Coverage();
    const words = assemble('add r0, r1, r2\n  ldmia r0!, {r0, r1}');
    for (const w of words) coverage.record(w, { pc: 0, instruction: w, mode: 0x13, executed: true, thumb: false, cpsrAfter: 0x13, nextPc: 4, registerWrites: [], memory: [], exception: undefined, spsrWrite: undefined });
    const missing = coverage.missing(required);
    expect(missing).toContain('arm.sub');
    expect(missing).not.toContain('arm.add');
    expect(missing).not.toContain('block.load-base-in-list-writeback');
    expect(missing).toContain('cond.failed');
    expect(coverage.report(required)).toMatch(/\*\* arm\.sub +0/);
  });
});

function assemble(source: string): number[] {
  const image = assembleProgram(`  .text\n  .global _start\n_start:\n  ${source}\n`, { textAddress: 0x8000 });
  const seg = image.segments[0]!;
  const view = new DataView(seg.data.buffer, seg.data.byteOffset, seg.data.byteLength);
  return Array.from({ length: seg.data.byteLength / 4 }, (_, k) => view.getUint32(k * 4, true));
}

describe('the coverage model classifies encodings', () => {
  const cases: Array<[string, string, string[]]> = [
    ['adds pc, r1, r2, rrx', 'arm.add', ['dp.rd-pc-S', 'dp.rrx', 'dp.S']],
    ['cmp r1, r2, lsr r3', 'arm.cmp', ['dp.reg-shift']],
    ['mov r0, r1, asr #32', 'arm.mov', ['dp.shift-32']],
    ['and r0, pc, #0xff000000', 'arm.and', ['dp.imm', 'dp.rotated-imm', 'dp.rn-pc']],
    ['umulls r1, r1, r2, r3', 'arm.umull', ['mul.S', 'mul.rdhi-eq-rdlo']],
    ['smulwt r1, r2, r3', 'arm.smulwy', []],
    ['smlawb r1, r2, r3, r4', 'arm.smlawy', []],
    ['smlaltb r1, r2, r3, r4', 'arm.smlalxy', []],
    ['qdsub r1, r2, r3', 'arm.qdsub', []],
    ['ldrt r1, [r2], #4', 'arm.ldr', ['ls.user-form']],
    ['ldr pc, [r2, -r3, lsl #2]!', 'arm.ldr', ['ls.pre-writeback', 'ls.scaled-offset', 'ls.down', 'ls.load-pc']],
    ['strb r1, [pc, #8]', 'arm.strb', ['ls.rn-pc']],
    ['ldrsh r1, [r2, r3]', 'arm.ldrsh', ['lsx.reg-offset']],
    ['ldrd r4, [r4, #8]!', 'arm.ldrd', ['lsx.d-writeback-base-loaded']],
    ['ldmdb r3!, {r1, r3, pc}^', 'arm.ldm', ['block.db', 'block.writeback', 'block.load-base-in-list-writeback', 'block.exception-return', 'block.load-pc']],
    ['stmib r3, {r1}^', 'arm.stm', ['block.ib', 'block.user-bank', 'block.one-register']],
    ['swpb r1, r2, [r3]', 'arm.swpb', []],
    ['blx pc', 'arm.blx-reg', ['bx.rm-pc']],
    ['.word 0xe12fff23', 'arm.bxj', []], // bxj r3
    ['msr spsr_fc, r1', 'arm.msr-reg', ['psr.spsr-write', 'psr.control-write']],
    ['msr cpsr_f, #0xf0000000', 'arm.msr-imm', ['psr.flags-only']],
    ['mrs r1, spsr', 'arm.mrs', ['psr.spsr-read']],
    ['bkpt 0x12', 'arm.bkpt', []],
    ['mrc p15, 0, pc, c7, c10, 3', 'arm.mrc', ['cp15.rd-pc']],
    ['pld [r1, #4]', 'arm.pld', []],
    ['.word 0xe7f123f4', 'arm.undefined', ['und.architectural']],
    ['.word 0xe6a12f31', 'arm.undefined', ['und.media']],
    ['.word 0xe0432291', 'arm.undefined', ['und.multiply-extension']], // UMAAL's encoding (ARMv6)
    ['cdp p2, 0, c1, c2, c3, 0', 'arm.undefined', ['und.coprocessor']],
  ];
  it.each([
    [0x1c0a, 'thumb.add-imm3'], [0x4249, 'thumb.neg'], [0x4708, 'thumb.bx'], [0x46f7, 'thumb.mov-high'], [0xbd01, 'thumb.pop'],
    [0xc80f, 'thumb.ldmia'], [0xd0fe, 'thumb.b-cond'], [0xdfab, 'thumb.swi'], [0xe800, 'thumb.blx-suffix'], [0xe801, 'thumb.undefined'],
    [0xf000, 'thumb.bl-prefix'], [0xf800, 'thumb.bl-suffix'], [0xbe00, 'thumb.bkpt'], [0xb300, 'thumb.undefined'], [0xa001, 'thumb.add-pc'],
  ] as const)('Thumb halfword %i is %s', (hw, cls) => {
    expect(classifyThumb(hw).cls).toBe(cls);
  });

  it.each(cases)('%s', (source, cls, corners) => {
    const [w] = assemble(source);
    const got = classifyArm(w!);
    expect(got.cls).toBe(cls);
    expect(got.corners).toEqual(expect.arrayContaining(corners));
  });
});
