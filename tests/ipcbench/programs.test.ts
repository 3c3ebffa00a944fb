// The benchmark's programs on the reference model (fast): every run, in one space and in several,
// with and without perturbation, ends with every program saying ok; the programs check what they
// receive (a kernel that loses message words, or a program expecting other words, says FAIL); the
// null and flush system calls keep every register.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSystem, KERNEL_SRC_DIR } from '../../kernel/build.ts';
import { runOnReference } from '../../testbench/scenarios/reference-run.ts';
import { runOutcome } from '../../testbench/scenarios/outcome.ts';
import { benchScenario, type BenchPoint } from '../../testbench/ipcbench/measure/scenario.ts';
import { BENCH_RUNS, DEFAULT_BENCH, PLACEMENTS, type BenchSpec } from '../../testbench/ipcbench/measure/spec.ts';

function point(bench: Partial<BenchSpec>, extra: Partial<BenchPoint> = {}): BenchPoint {
  const run = bench.run ?? 'pingpong';
  return { registerMrs: 6, words: run === 'pingpong' || run === 'queue' ? 10 : 0, strategy: 'fcse', design: 'l4', ...extra, bench: { ...DEFAULT_BENCH, hot: 4, cold: 1, ...bench } };
}

function runIss(p: BenchPoint, patchKernel?: (file: string, text: string) => string): ReturnType<typeof runOutcome> {
  const bs = benchScenario(p);
  const sys = buildSystem({ ...bs.scenario, ...(patchKernel ? { patchKernel } : {}) });
  const r = runOnReference(sys, { maxInstructions: 20_000_000 });
  return runOutcome(r.uart, r.stop === 'exit', r.exitCode === 0 ? 0x20026 : 0x20023, bs.programs);
}

describe('benchmark programs on the reference model', () => {
  for (const run of BENCH_RUNS) {
    for (const placement of PLACEMENTS) {
      it(`${run}, ${placement}-space: every program says ok and the kernel exits`, () => {
        const o = runIss(point({ run, placement }));
        expect(o.problems).toEqual([]);
        expect(o.programs.length).toBeGreaterThan(0);
      });
    }
  }

  for (const strategy of ['full', 'asid'] as const) {
    for (const nreg of [0, 3]) {
      it(`pingpong and queue with ${strategy} switches and ${nreg} register MRs`, () => {
        for (const run of ['pingpong', 'queue'] as const) expect(runIss(point({ run }, { strategy, registerMrs: nreg })).problems).toEqual([]);
      });
    }
  }

  it('with every perturbation (timer interrupts, dirty lines, polluted caches) the programs still say ok', () => {
    for (const run of BENCH_RUNS) {
      const o = runIss(point({ run, perturb: ['dirty', 'irq', 'pollute'], seed: 7 }));
      expect(o.problems).toEqual([]);
      expect(o.programs.map((p) => p.program)).toContain('bench-perturb');
    }
  });

  it('a kernel whose fast path drops the UTCB words of a message: the receiving program says FAIL', () => {
    // The four-word groups are skipped: with 10 words (6 in registers) MR6..MR9 never arrive.
    const drop = (file: string, text: string): string => (file === 'entry.S' ? text.replace(/movs\s+r0, r11, lsr #2\s+@ four-word groups: out of line\n\s+bne\s+fast_copy_groups/, 'movs    r0, r11, lsr #2\n        nop') : text);
    const source = readFileSync(join(KERNEL_SRC_DIR, 'entry.S'), 'utf8');
    expect(drop('entry.S', source)).not.toBe(source);
    expect(runIss(point({ run: 'pingpong' })).problems).toEqual([]);
    const o = runIss(point({ run: 'pingpong' }), drop);
    expect(o.programs.some((p) => p.verdict === 'FAIL')).toBe(true);
  });

  it('the null system call keeps every register, hot and after the cache flush of cold iterations', () => {
    const o = runIss(point({ run: 'null', cold: 3 }));
    expect(o.programs).toEqual([{ program: 'bench-null', verdict: 'ok' }]);
    // A null call that clobbers a register is caught by the program.
    const clobber = (file: string, text: string): string => (file === 'sched.S' ? text.replace(/sys_null:\n/, 'sys_null:\n        mov     r5, #0\n') : text);
    expect(clobber('sched.S', readFileSync(join(KERNEL_SRC_DIR, 'sched.S'), 'utf8'))).toContain('mov     r5, #0');
    expect(runIss(point({ run: 'null' }), clobber).programs).toEqual([{ program: 'bench-null', verdict: 'FAIL' }]);
  });
});
