// The command line, as compiled by `npm run build` (what `npm ci` runs): assemble to an executable
// or to an object, link objects, list an ELF, disassemble one word, report every error.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElf, readObject } from '../../kernel/toolchain/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The compiled CLI must be the current source: build it (tsc, the same step `npm ci` runs).
beforeAll(() => {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'pipe' });
}, 180_000);

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['dist/kernel/toolchain/cli.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('toolchain command line', () => {
  it('as -o with --defsym, then disas of the ELF and of one word', () => {
    const src = join(dir, 'p.s');
    const elf = join(dir, 'p.elf');
    writeFileSync(src, '.global _start\n_start:\n  mov r0, #KNOB\n  b _start\n');
    const a = cli('as', src, '-o', elf, '--defsym', 'KNOB=7', '--text', '0x10000');
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    const img = readElf(new Uint8Array(readFileSync(elf)));
    expect(img.entry).toBe(0x10000);
    const d = cli('disas', elf);
    expect(d.stdout).toBe('   10000:\te3a00007 \tmov\tr0, #7\n   10004:\teafffffd \tb\t10000 <_start>\n');
    expect(cli('disas', '--word', '0xe1a00000').stdout).toBe('nop\t\t\t@ (mov r0, r0)\n');
    expect(cli('disas', '--thumb', '--word', '0x46c0').stdout).toBe('nop\t\t\t@ (mov r8, r8)\n');
    expect(cli('disas', '--thumb', '--word', '0xf7fffffe', '--address', '0x100').stdout).toBe('bl\t0x100\n');
    const bad = cli('as', src, '-o', elf);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`${src}:3:12: undefined symbol 'KNOB' in immediate\n`);
    expect(cli('frob').status).toBe(2);
    // Warnings go to stderr; the output is still written.
    writeFileSync(src, '.data\n.byte 300\n');
    const warned = cli('as', src, '-o', elf);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toBe(`${src}:2:7: warning: value 0x12c truncated to 0x2c\n`);
    expect(cli('as', src, '-o', elf, '--text', '0x100000000').stderr).toMatch(/--text must be an integer in 0\.\.4294967295 \(got "0x100000000"\)/);
  });

  it('every error of a file is reported, as GNU as does', () => {
    const src = join(dir, 'e.s');
    writeFileSync(src, 'mov r0, #0x101\nfrob\nnop\nb nowhere_local\n.word 1 / 0\n');
    const r = cli('as', src, '-o', join(dir, 'e.o'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').map((l) => l.split(':').slice(1, 2).join())).toEqual(['1', '2', '5']);
  });

  it('as -c writes an ELF object; ld links objects into an executable', () => {
    const a = join(dir, 'a.s');
    const b = join(dir, 'b.s');
    writeFileSync(a, '.global _start\n_start: bl f\n b _start\n.data\n.word f\n');
    writeFileSync(b, '.global f\nf: bx lr\n');
    expect(cli('as', '-c', a, '-o', join(dir, 'a.obj')).status).toBe(0);
    expect(cli('as', b, '-o', join(dir, 'b.o')).status).toBe(0);
    const obj = readObject(new Uint8Array(readFileSync(join(dir, 'a.obj'))), 'a.obj');
    expect(obj.undefinedSymbols).toEqual(['f']);
    const l = cli('ld', join(dir, 'a.obj'), join(dir, 'b.o'), '-o', join(dir, 'ab.elf'), '--text', '0x8000', '--data', '0x9000');
    expect(l.stderr).toBe('');
    const img = readElf(new Uint8Array(readFileSync(join(dir, 'ab.elf'))));
    expect(img.symbols.get('f')).toBe(0x8008);
    expect(new DataView(img.segments[0]!.data.buffer).getUint32(0, true)).toBe(0xeb000000);
    expect(new DataView(img.segments[1]!.data.buffer).getUint32(0, true)).toBe(0x8008);
    expect(cli('ld', join(dir, 'a.obj'), '-o', join(dir, 'x.elf')).stderr).toMatch(/undefined symbol 'f'/);
  });
});
