// Our ELF files against the real tools: readelf finds nothing to complain about, QEMU boots one
// (semihosting exit), and executables linked by GNU ld read back with their symbols.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleProgram, readElf, writeElf } from '../../kernel/toolchain/index.ts';
import { goldenGate } from '../support/golden.ts';
import { gnuBuild } from './gnu.ts';

const gate = goldenGate('toolchain: ELF vs readelf/ld/QEMU', ['arm-none-eabi-readelf', 'arm-none-eabi-as', 'arm-none-eabi-ld', 'qemu-system-arm']);

const EXIT = `
  .global _start
_start:
  mov r0, #0x18          @ SYS_EXIT
  ldr r1, =0x20026       @ ADP_Stopped_ApplicationExit
  svc 0x123456
  b .
`;

function withFile<T>(bytes: Uint8Array, f: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-elf-'));
  try {
    const p = join(dir, 'a.elf');
    writeFileSync(p, bytes);
    return f(p);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!gate.available)('ELF files and the real tools', () => {
  it('readelf reads our executable without warnings', () => {
    const img = assembleProgram(`${EXIT}\n.data\nv: .word 1\n.bss\nb: .space 16\n`, { file: 'exit.s', textAddress: 0x10000 });
    const out = withFile(writeElf(img), (p) => execFileSync('arm-none-eabi-readelf', ['-a', '-W', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(out).toContain('EXEC (Executable file)');
    expect(out).toContain('ARM');
    expect(out).toMatch(/Entry point address:\s+0x10000/);
    expect(out).toMatch(/LOAD .* 0x00010000 0x00010000/);
    expect(out).not.toMatch(/warning|error/i);
  });

  it('qemu-system-arm -M versatilepb boots it and exits through semihosting', () => {
    const img = assembleProgram(EXIT, { file: 'exit.s', textAddress: 0x10000 });
    const r = withFile(writeElf(img), (p) =>
      spawnSync('qemu-system-arm', ['-M', 'versatilepb', '-cpu', 'arm926', '-nographic', '-monitor', 'none', '-serial', 'none', '-semihosting', '-kernel', p], {
        timeout: 20_000, encoding: 'utf8', env: { ...process.env, QEMU_AUDIO_DRV: 'none' },
      }),
    );
    expect(r.signal, 'QEMU did not exit (program not run?)').toBeNull();
    expect(r.status).toBe(0);
  });

  it('QEMU runs Thumb code: a Thumb entry point (bit 0 in e_entry) and ARM code switching with bx', () => {
    const thumbExit = '.thumb_func\nthumb_exit: movs r0, #0x18\n ldr r1, =0x20026\n svc 0xab\n b .\n';
    for (const src of [`.thumb\n.global _start\n.thumb_func\n_start: b thumb_exit\n${thumbExit}`, `.global _start\n_start: ldr r2, =thumb_exit\n bx r2\n.thumb\n${thumbExit}`]) {
      const img = assembleProgram(src, { file: 'thumb.s', textAddress: 0x10000 });
      const elf = writeElf(img);
      const readelf = withFile(elf, (p) => execFileSync('arm-none-eabi-readelf', ['-a', '-W', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
      expect(readelf).not.toMatch(/warning|error/i);
      expect(readelf).toMatch(/FUNC +LOCAL +DEFAULT +\d+ thumb_exit/);
      const r = withFile(elf, (p) =>
        spawnSync('qemu-system-arm', ['-M', 'versatilepb', '-cpu', 'arm926', '-nographic', '-monitor', 'none', '-serial', 'none', '-semihosting', '-kernel', p], {
          timeout: 20_000, encoding: 'utf8', env: { ...process.env, QEMU_AUDIO_DRV: 'none' },
        }),
      );
      expect(r.signal, `QEMU did not exit:\n${src}`).toBeNull();
      expect(r.status).toBe(0);
    }
  });

  it('reads Thumb functions and $t mapping symbols from GNU ld executables', () => {
    const gnu = gnuBuild('.thumb\n.global _start, f\n.thumb_func\n_start: bl f\n.thumb_func\nf: bx lr\n.arm\n.type a, %function\na: bx lr\n');
    expect(gnu.ok, gnu.stderr).toBe(true);
    const theirs = readElf(gnu.elf!, 'gnu.elf');
    expect(theirs.symbols.get('f')).toBe(0x8004);
    expect([...theirs.thumbFunctions].sort()).toEqual(['_start', 'f']);
    expect(theirs.mappings.some((m) => m.kind === 't' && m.address === 0x8000)).toBe(true);
  });

  it('reads executables linked by GNU ld: segments, entry and symbols', () => {
    const src = `${EXIT}\n.data\n.global table\ntable: .word 1, 2, 3\n`;
    const gnu = gnuBuild(src, 0x8000, 0x20000, 0x30000);
    expect(gnu.ok).toBe(true);
    const theirs = readElf(gnu.elf!, 'gnu.elf');
    expect(theirs.entry).toBe(0x8000);
    expect(theirs.symbols.get('_start')).toBe(0x8000);
    expect(theirs.symbols.get('table')).toBe(0x20000);
    expect(theirs.globals.has('table')).toBe(true);
    expect(theirs.mappings.some((m) => m.kind === 'a' && m.address === 0x8000)).toBe(true);
    const ours = assembleProgram(src, { file: 'x.s', dataAddress: 0x20000 });
    for (const s of ours.segments) {
      const t = theirs.segments.find((x) => x.address <= s.address && s.address + s.data.length <= x.address + x.data.length)!;
      expect([...t.data.slice(s.address - t.address, s.address - t.address + s.data.length)]).toEqual([...s.data]);
    }
  });
});
