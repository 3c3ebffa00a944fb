// `npm start` as a hostile user drives it (issue 15): every bad argument or output path is refused in
// one line with exit 2 before any simulation runs; the report names the real reason when no IPC took
// the fast path and keeps the waveform window inside the run.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../../testbench/studies/fingerprint.ts';
import { call, isTemp, oneLineError, STACK_FRAME } from './call.ts';
import { tempDir } from '../studies/cli.ts';

// Count the scenario runs: a refused command line must not start one.
const runs = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../testbench/scenarios/ipc-scenario.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../testbench/scenarios/ipc-scenario.ts')>();
  return {
    ...real,
    runIpcScenario: (...a: Parameters<typeof real.runIpcScenario>) => {
      runs.count++;
      return real.runIpcScenario(...a);
    },
  };
});
const { main } = await import('../../testbench/cli/main.ts');

const start = (argv: readonly string[]) => call('npm start', main, argv);
const dir = tempDir('start-args');
const file = join(dir, 'a-file');
writeFileSync(file, 'x');

beforeEach(() => {
  runs.count = 0;
});

describe('npm start refuses bad arguments before the simulation, in one line', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['--mrs= (empty is not 0)', ['--mrs='], /--mrs must be an integer in 0\.\.6 \(got ""\)/],
    ['--mrs " " (blank is not 0)', ['--mrs', ' '], /--mrs must be an integer in 0\.\.6 \(got " "\)/],
    ['--vcd "" (no silent run without a waveform)', ['--vcd', ''], /--vcd needs a non-empty value/],
    ['--vcd to a directory', ['--vcd', dir], /--vcd: .* is a directory/],
    ['--vcd under a file', ['--vcd', join(file, 'x.vcd')], /--vcd: .* is under .*a-file, which is not a directory/],
    ['--vcd /dev/full (read back: must be a file)', ['--vcd', '/dev/full'], /--vcd: \/dev\/full is not a regular file/],
    ['--vcd /proc/x/y.vcd (hung before)', ['--vcd', '/proc/x/y.vcd'], /--vcd: cannot create files in \/proc/],
    ['--gtkw to a directory', ['--gtkw', dir], /--gtkw: .* is a directory/],
    ['--vcd and --gtkw the same file', ['--vcd', join(dir, 's'), '--gtkw', join(dir, 's')], /name the same file/],
    ['--rounds 10000 with a bad --vcd (checked before the 10,000 rounds)', ['--rounds', '10000', '--vcd', join(file, 'bad', 'x.vcd')], /--vcd: .* not a directory/],
    ['--rounds -3', ['--rounds', '-3'], /--rounds must be an integer in 1\.\.10000 \(got "-3"\)/],
    ['--switch foo', ['--switch', 'foo'], /--switch must be one of full, fcse, asid/],
    ['--icache 3 (not a power of two: the config message, led by the option)', ['--icache', '3'], /^npm start: error: --icache: config\.icache\.sizeBytes: 3072 is not allowed \(allowed: 1024, /],
    ['--ways 3', ['--ways', '3'], /--ways: config\.icache\.ways: 3 is not allowed \(allowed: 1, 2, 4, 8\)/],
    ['--ways 16 (past the hardware: refused by its range)', ['--ways', '16'], /--ways must be an integer in 1\.\.8 \(got "16"\)/],
    ['--tlb 48', ['--tlb', '48'], /--tlb: config\.tlb\.entries: 48 is not allowed/],
    ['an unknown option', ['--frob'], /Unknown option '--frob'/],
    ['a stray argument', ['pingpong'], /unexpected argument "pingpong"/],
    ['a flag with a value', ['--json=yes'], /'--json' does not take an argument/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const c = await start(argv);
      expect(oneLineError(c)).toMatch(message);
      expect(runs.count).toBe(0);
      expect(c.out).toBe('');
    });
  }

  it('a read-only --vcd (without the capability that lets root write anything)', () => {
    const ro = tempDir('start-ro');
    chmodSync(ro, 0o755);
    const target = join(ro, 'ro.vcd');
    writeFileSync(target, 'previous');
    chmodSync(target, 0o444);
    // As root, drop only the file-permission override: the process stays root and can read the
    // checkout wherever it is (a 0700 temporary clone too), but not write a 0444 file.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--'] : [];
    const [cmd, ...args] = [...asUser, process.execPath, '--import', 'tsx', 'testbench/cli/main.ts', '--vcd', target, '--gtkw', '/dev/null'];
    const r = spawnSync(cmd!, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.json'), HOME: ro } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim()).toMatch(/^npm start: error: --vcd: .*ro\.vcd is read-only \(EACCES\)$/);
    expect(readFileSync(target, 'utf8')).toBe('previous');
  });
});

describe('npm start: designs', () => {
  it('--compare names a design that does not exist, in one line, before any run', async () => {
    const c = await start(['--compare', 'l4,nosuch']);
    expect(c.code).toBe(2);
    expect(oneLineError(c)).toMatch(/--compare: "nosuch" is not a design \(l4, tcb-copy, buffered, remap, slow, l4-spread, or 'all', 'none'\)/);
    expect(runs.count).toBe(0);
  });

  it('--design remap: the checkers fail the claim it breaks, the exit code says so, the waveform shows the failing IPC', async () => {
    const out = tempDir('start-remap');
    mkdirSync(out, { recursive: true });
    const c = await start(['--design', 'remap', '--rounds', '2', '--compare', 'l4,remap', '--vcd', join(out, 'r.vcd'), '--gtkw', join(out, 'r.gtkw')]);
    expect(c.code).toBe(1);
    expect(c.out).toContain('Zero-copy hand-off: FAIL');
    expect(c.out).toMatch(/FAIL IPC \d+: page-table-write: cycle \d+, pc 0x[0-9a-f]{8} `str/);
    expect(c.out).toMatch(/IPC \d+, the first IPC that failed a claim/);
    // the comparison: one row per design asked for, and the sentence of the claim remap breaks
    expect(c.out).toMatch(/^  l4 +\d+ +\d+ .* none \(\d+ of \d+\)$/m);
    expect(c.out).toMatch(/^  remap +\d+ +\d+ .* no remapping \(\d+ of \d+\)$/m);
    expect(c.out).toMatch(/copying the 3 UTCB words saves \d+ cycles against remapping the message page \(remap: 2 page-table writes/);
    expect(c.out).not.toContain('tcb-copy');
  }, 120_000);
});

describe('npm start: the report', () => {
  it('names the reason when no IPC took the fast path, and clamps the waveform window to the run', async () => {
    const out = tempDir('start-report');
    mkdirSync(out, { recursive: true });
    // 0 register MRs: the tag is in the UTCB and the kernel has no fast path.
    const c = await start(['--rounds', '2', '--mrs', '0', '--words', '9', '--margin', '20000', '--compare', 'none', '--vcd', join(out, 'w.vcd'), '--gtkw', join(out, 'w.gtkw')]);
    expect(STACK_FRAME.test(c.err)).toBe(false);
    // Where the run's fast paths declined, counted: every system call at the branch the NREG 0 build puts first.
    expect(c.out).toMatch(/NO fast-path IPC: the fast path declined at ipc_fastpath \(\d+\); as the kernel's build predicts: with 0 register MRs the kernel builds no fast path/);
    expect(c.out).not.toContain('fastpath_check_');
    expect(c.out).not.toContain("switches the fast path does not cross address spaces");
    const run = /Run: ([\d,]+) cycles/.exec(c.out)![1]!.replace(/,/g, '');
    // 20,000 cycles after the resume would pass the run's end: the window stops there.
    const window = /cycles (\d+)\.\.(\d+): IPC \d+/.exec(c.out)!;
    expect(Number(window[1])).toBeGreaterThan(0); // 20,000 cycles before the trap: inside the run
    expect(Number(window[2])).toBe(Number(run) - 1);
    expect(c.out).toContain('re-checked from the VCD alone: the same report for that IPC (fail; not counted in the verdict: a slow-path hand-off)');
    expect(c.out).toContain('hot  (median of the second half of the 4 hand-offs, all on the slow path):');
    expect(c.out).toContain('cold (first hand-off):');
    expect(c.out).toContain('kernel exited cleanly');
    expect(readdirSync(out).filter(isTemp)).toEqual([]);
    expect(existsSync(join(out, 'w.gtkw'))).toBe(true);
  }, 60_000);

  it("with 'full' switches names the check the calls declined at, counted from the run", async () => {
    const out = tempDir('start-report-full');
    mkdirSync(out, { recursive: true });
    const c = await start(['--rounds', '2', '--switch', 'full', '--compare', 'none', '--vcd', join(out, 'w.vcd'), '--gtkw', join(out, 'w.gtkw')]);
    const line = /NO fast-path IPC: (.*)/.exec(c.out)?.[1] ?? '';
    const counts = [...line.matchAll(/(\w+) \((\d+)\)/g)].map((m) => [m[1], Number(m[2])] as const);
    // Every call that crossed spaces declined at the space-switch check; any other decline names its own check.
    expect(counts.find(([check]) => check === 'fastpath_check_space_switch')?.[1]).toBeGreaterThan(0);
    expect(counts.every(([check]) => check!.startsWith('fastpath_check_'))).toBe(true);
    expect(line).toContain("as the kernel's build predicts: with 'full' switches the fast path does not cross address spaces");
  }, 60_000);
});
