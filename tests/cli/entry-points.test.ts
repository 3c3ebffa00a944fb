// The failures of issue 15 in verify, the kernel runner, bench and the toolchain CLI: each one
// reproduced as the issue reports it, answered now with one line and exit 2 (or the right result).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as benchMain } from '../../testbench/bench/main.ts';
import { DEFAULT_VERIFY_SEED, main as verifyMain } from '../../testbench/verify/main.ts';
import { main as kernelMain } from '../../kernel/main.ts';
import { main as toolchainMain } from '../../kernel/toolchain/cli.ts';
import { call, oneLineError, STACK_FRAME } from './call.ts';
import { tempDir } from '../studies/cli.ts';

const dir = tempDir('entry-points');
const waves = join(dir, 'waves');
const HOLDS = 'tests/cli/fixtures/holds-suite.ts';

describe('verify', () => {
  it('--suite-module naming a file that is no module (a JSON file, /etc/passwd) is one line, exit 2 (audit F11)', async () => {
    const json = join(dir, 'suite.json');
    writeFileSync(json, '{"suite": 1}');
    // (Under vitest a JSON file imports as a module of its keys: no suite; under node it cannot load.)
    expect(oneLineError(await call('verify', verifyMain, ['--suite-module', json, '--runs', '1', '--waves', waves]))).toMatch(/--suite-module .*suite\.json: (cannot load: |exports no suite)/);
    expect(oneLineError(await call('verify', verifyMain, ['--suite-module', '/etc/passwd', '--runs', '1', '--waves', waves]))).toContain('--suite-module /etc/passwd: cannot load: ');
  });

  it('--path that names an input where the property holds checks that one input, not thousands, and says so', async () => {
    const c = await call('verify', verifyMain, ['--suite-module', HOLDS, '--seed', '7', '--runs', '100', '--path', '3:1:1', '--waves', waves]);
    expect(c.code, c.err).toBe(0);
    expect(c.out).toBe('verify always-holds: the property holds for the input at path 3:1:1 (seed 7): nothing to replay\n');
    expect(c.out).not.toContain('PASS');
  });

  it('--path that names no input at all is refused', async () => {
    // Sixty shrinks of the first input: its shrink tree ends long before.
    const path = Array(61).fill('0').join(':');
    const c = await call('verify', verifyMain, ['--suite-module', HOLDS, '--seed', '7', '--path', path, '--waves', waves]);
    expect(oneLineError(c)).toContain(`--path ${path}: no input of suite always-holds at this path with seed 7`);
  });

  it('--path that is not a path, or without its seed, is refused', async () => {
    expect(oneLineError(await call('verify', verifyMain, ['--suite', 'isa', '--seed', '1', '--path', 'x:1']))).toMatch(/--path must be numbers separated by ':'/);
    expect(oneLineError(await call('verify', verifyMain, ['--suite', 'isa', '--path', '1:2']))).toMatch(/give its --seed too/);
  });

  it('without --seed the seed is the fixed default, never the clock: two runs print the same', async () => {
    const run = (): Promise<{ code: number; out: string }> => call('verify', verifyMain, ['--suite-module', HOLDS, '--runs', '5', '--waves', waves]);
    const [a, b] = [await run(), await run()];
    expect(a.code).toBe(0);
    expect(a.out).toBe(`verify always-holds: PASS, 5 runs, seed ${DEFAULT_VERIFY_SEED}\n`);
    expect(b.out).toBe(a.out);
  });

  it('--runs 0 is refused (it ran 1)', async () => {
    expect(oneLineError(await call('verify', verifyMain, ['--suite', 'isa', '--runs', '0']))).toMatch(/--runs must be an integer in 1\.\.10000000 \(got "0"\)/);
  });

  it('an unknown suite, a missing module, a module without a suite', async () => {
    expect(oneLineError(await call('verify', verifyMain, ['--suite', 'nope']))).toMatch(/--suite must be one of isa, encodings, memory, kernel, handoff, handoff-slow/);
    expect(oneLineError(await call('verify', verifyMain, ['--suite-module', join(dir, 'none.ts')]))).toMatch(/--suite-module: no file/);
    const empty = join(dir, 'empty.ts');
    writeFileSync(empty, 'export const x = 1;\n');
    expect(oneLineError(await call('verify', verifyMain, ['--suite-module', empty, '--waves', waves]))).toMatch(/exports no suite/);
  });
});

describe('kernel runner (kernel/main.ts)', () => {
  const kernel = (argv: readonly string[]) => call('kernel', kernelMain, argv);
  it('--words 99 is refused (it printed "pingpong: FAIL" and exited 0)', async () => {
    expect(oneLineError(await kernel(['--words', '99']))).toMatch(/--words must be an integer in 0\.\.63 \(got "99"\)/);
  });
  it('--rounds -3 is refused (it ran to the 50M-instruction budget)', async () => {
    expect(oneLineError(await kernel(['--rounds', '-3']))).toMatch(/--rounds must be an integer in 1\.\.100000 \(got "-3"\)/);
  });
  it('unknown flags are refused and --help helps (both were ignored)', async () => {
    expect(oneLineError(await kernel(['--frob', '1']))).toMatch(/Unknown option '--frob'/);
    const help = await kernel(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: npx tsx kernel\/main\.ts/);
  });
  it('--switch foo, --nreg abc, --rounds abc, --elf <dir>: one line each (stack traces before)', async () => {
    expect(oneLineError(await kernel(['--switch', 'foo']))).toMatch(/--switch must be one of full, fcse, asid/);
    expect(oneLineError(await kernel(['--nreg', 'abc']))).toMatch(/--nreg must be an integer in 0\.\.6/);
    expect(oneLineError(await kernel(['--rounds', 'abc']))).toMatch(/--rounds must be an integer/);
    expect(oneLineError(await kernel(['--elf', dir]))).toMatch(/--elf: .* is a directory/);
  });
  it('a good run exits 0 with the programs reporting ok', async () => {
    const c = await kernel(['--rounds', '3', '--words', '4']);
    expect(c.code, c.err).toBe(0);
    expect(c.out).toContain('pingpong: ok');
  });
});

describe('bench', () => {
  it('--help prints the suites instead of starting the benchmark', async () => {
    const c = await call('bench', benchMain, ['--help']);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/^usage: npm run bench/);
    expect(c.out).toContain('recheck');
    expect(c.out).not.toContain('handoff benchmarks');
  });
  it('an unknown suite or option is refused', async () => {
    expect(oneLineError(await call('bench', benchMain, ['nosuch']))).toMatch(/unknown bench suite\(s\): nosuch/);
    expect(oneLineError(await call('bench', benchMain, ['--fast']))).toMatch(/Unknown option '--fast'/);
  });
});

describe('toolchain CLI', () => {
  const tool = (argv: readonly string[]) => call('toolchain', toolchainMain, argv);
  it('a directory as input or output: one line (stack traces before)', async () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    const src = join(dir, 'p.s');
    writeFileSync(src, '.global _start\n_start: b _start\n');
    expect(oneLineError(await tool(['as', sub, '-o', join(dir, 'p.elf')]))).toMatch(/input .*sub: is a directory \(EISDIR\)/);
    expect(oneLineError(await tool(['as', src, '-o', sub]))).toMatch(/-o: .*sub is a directory/);
    expect(oneLineError(await tool(['disas', sub]))).toMatch(/ELF .*sub: is a directory \(EISDIR\)/);
    expect(oneLineError(await tool(['disas', join(dir, 'none.elf')]))).toMatch(/no such file \(ENOENT\)/);
  });
  it('assembly errors stay exit 1 with file:line:column', async () => {
    const bad = join(dir, 'bad.s');
    writeFileSync(bad, 'mov r0, #NOPE\n');
    const c = await tool(['as', bad, '-o', join(dir, 'bad.elf')]);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/bad\.s:1:\d+: /);
    expect(STACK_FRAME.test(c.err)).toBe(false);
  });
});
