// Outputs never destroy inputs or each other, however the paths are spelled, and a path that can
// only name a directory is refused before any work (the audit's F2, F3, F4).
import { linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeElf } from '../../kernel/toolchain/index.ts';
import { main as toolchain } from '../../kernel/toolchain/cli.ts';
import { main as start } from '../../testbench/cli/main.ts';
import { main as sim } from '../../testbench/sim/main.ts';
import { modesImage } from '../machine/programs.ts';
import { tempDir } from '../studies/cli.ts';
import { call, oneLineError } from './call.ts';

const dir = tempDir('output-paths');
const elf = join(dir, 'modes.elf');
const elfBytes = writeElf(modesImage());
writeFileSync(elf, elfBytes);
const sameBytes = (path: string, bytes: Uint8Array | string): void => expect(readFileSync(path)).toEqual(Buffer.from(bytes));

describe('an output that is an input or another output is refused before the run', () => {
  it('sim: --vcd and --gtkw spelled differently (/x/./a.vcd) are one file (F2)', async () => {
    const vcd = join(dir, 'a.vcd');
    writeFileSync(vcd, 'old waveform');
    const c = await call('sim', sim, [elf, '--ram', '1', '--entry', '_start', '--vcd', vcd, '--gtkw', `${dir}/./a.vcd`]);
    expect(oneLineError(c)).toMatch(/--vcd and --gtkw name the same file/);
    sameBytes(vcd, 'old waveform');
  });

  it('sim: --vcd onto its own ELF, directly or through a symbolic or hard link (F3)', async () => {
    symlinkSync(elf, join(dir, 'sym.elf'));
    linkSync(elf, join(dir, 'hard.elf'));
    for (const out of [elf, join(dir, 'sym.elf'), join(dir, 'hard.elf')]) {
      const c = await call('sim', sim, [elf, '--ram', '1', '--entry', '_start', '--vcd', out]);
      expect(oneLineError(c)).toMatch(/--vcd .* is the input image .*modes\.elf: refusing to overwrite it/);
    }
    sameBytes(elf, elfBytes);
  });

  it('toolchain: as x.s -o x.s and ld a.o -o a.o (F3)', async () => {
    const src = join(dir, 'v.s');
    const text = '.global _start\n_start: b _start\n';
    writeFileSync(src, text);
    expect(oneLineError(await call('toolchain', toolchain, ['as', src, '-o', src]))).toMatch(/-o .*v\.s is the input source .*v\.s: refusing to overwrite it/);
    sameBytes(src, text);
    const obj = join(dir, 'v.o');
    expect((await call('toolchain', toolchain, ['as', src, '-o', obj])).code).toBe(0);
    const objBytes = readFileSync(obj);
    expect(oneLineError(await call('toolchain', toolchain, ['ld', obj, '-o', `${dir}/../${dir.split('/').pop()!}/v.o`]))).toMatch(/is the input object/);
    sameBytes(obj, objBytes);
  });

  it('npm start: --gtkw onto its --scenario file (F3)', async () => {
    const scenario = join(dir, 's.json');
    writeFileSync(scenario, '{}');
    const c = await call('npm start', start, ['--scenario', scenario, '--vcd', join(dir, 's.vcd'), '--gtkw', scenario]);
    expect(oneLineError(c)).toMatch(/--gtkw .*s\.json is the input --scenario/);
    sameBytes(scenario, '{}');
  });
});

describe("an output path that names a directory ('x/', 'x/.') is refused up front (F4)", () => {
  it('sim --vcd README.md/ and npm start --gtkw dir/.', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    expect(oneLineError(await call('sim', sim, [elf, '--ram', '1', '--vcd', `${file}/`], true))).toMatch(/--vcd: .*plain\/ names a directory/);
    expect(oneLineError(await call('sim', sim, [elf, '--ram', '1', '--vcd', join(dir, 'new-dir/')], true))).toMatch(/names a directory/);
    expect(oneLineError(await call('npm start', start, ['--gtkw', `${dir}/new/.`], true))).toMatch(/--gtkw: .* names a directory/);
  });
});
