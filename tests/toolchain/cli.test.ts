// The command line: assemble to an ELF with --defsym, list it, disassemble one word, report errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from '../../kernel/toolchain/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'kernel/toolchain/cli.ts', ...args], { encoding: 'utf8', timeout: 30_000 });
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
    expect(cli('as', src, '-o', elf, '--text', '0x100000000').stderr).toMatch(/^--text: 0x100000000 is outside the 32-bit address space/);
  });
});
