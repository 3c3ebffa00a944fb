// DWARF line information in our executables, read by GNU's tools: for every address of the
// linker's line table, addr2line names the same file and line; readelf decodes every unit without
// a warning. Programs: the kernel and its users (several files and sections), and generated
// programs mixing ARM and Thumb code, data, gaps, includes, macros and line jumps both ways.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSystem, DEFAULT_CONFIG } from '../../kernel/build.ts';
import { pingPongScenario } from '../../kernel/scenarios.ts';
import { assembleProgram, writeElf, type LinkedImage } from '../../kernel/toolchain/index.ts';
import { goldenGate } from '../support/golden.ts';
import { seededSamples, withSeed } from './seeded.ts';

const gate = goldenGate('toolchain: DWARF line information vs addr2line and readelf', ['arm-none-eabi-addr2line', 'arm-none-eabi-readelf']);
const RUNS = Number(process.env.HANDOFF_GOLDEN_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'handoff-dwarf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** addr2line's answer for every line address of the image, against the image's own line table. */
function checkLines(image: LinkedImage, name: string): void {
  const elf = join(dir, `${name}.elf`);
  writeFileSync(elf, writeElf(image));
  const readelf = spawnSync('arm-none-eabi-readelf', ['--debug-dump=line,info', elf], { encoding: 'utf8' });
  expect(readelf.status).toBe(0);
  expect(readelf.stderr, 'readelf warnings').toBe('');
  // Lines of code (data sections have none, as with GNU as -g); the first record of an address stands.
  const byAddress = new Map<number, string>();
  const code = (a: number): boolean => image.segments.some((s) => s.flags.exec && a >= s.address && a < s.address + s.memSize);
  for (const l of [...image.lines].sort((a, b) => a.address - b.address)) if (code(l.address) && !byAddress.has(l.address)) byAddress.set(l.address, `${l.file}:${l.line}`);
  const addresses = [...byAddress.keys()];
  const a2l = spawnSync('arm-none-eabi-addr2line', ['-e', elf], { input: addresses.map((a) => `0x${a.toString(16)}`).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(a2l.status, a2l.stderr).toBe(0);
  const answers = a2l.stdout.trim().split('\n');
  expect(answers.length).toBe(addresses.length);
  const wrong = addresses.map((a, i) => [a, byAddress.get(a)!, answers[i]!] as const).filter(([, want, got]) => got !== want);
  expect(wrong.slice(0, 5).map(([a, want, got]) => `0x${a.toString(16)}: ${got}, want ${want}`)).toEqual([]);
}

const statement = fc.oneof(
  fc.constantFrom('mov r0, #1', 'add r1, r1, r2', 'ldr r3, =0x12345678', 'bl f', 'nop', 'sub r6, r6, #1', '.word 7, 8', '.space 600', '.align 5', 'twice'),
  fc.integer({ min: 1, max: 400 }).map((n) => `.rept ${n % 7 + 1}\n nop\n.endr`),
);

const program = fc.tuple(fc.array(statement, { minLength: 5, maxLength: 40 }), fc.array(fc.constantFrom('movs r0, #1', 'adds r1, r1, r2', 'nop', 'bl f'), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 3000 }))
  .map(([arm, thumb, blank]) => [
    '.syntax unified',
    '.macro twice',
    '  nop',
    '  nop',
    '.endm',
    '.global _start, f',
    '_start:',
    ...arm.map((s) => `  ${s}`),
    '.include "inc.s"',
    ...Array<string>(blank).fill(''), // a long jump forward in lines
    '.thumb',
    '.thumb_func',
    'f:',
    ...thumb.map((s) => `  ${s}`),
    '  bx lr',
    '.arm',
    '.align 2',
    '.ltorg',
    '.data',
    '  .word 1, 2, 3',
  ].join('\n') + '\n');

describe.skipIf(!gate.available)('DWARF line information vs addr2line and readelf', () => {
  it('the kernel and its user programs', () => {
    const built = buildSystem(pingPongScenario(DEFAULT_CONFIG));
    checkLines(built.kernel, 'kernel');
    for (const [space, image] of built.users) checkLines(image, `user-${space}`);
  });

  it('generated programs: ARM and Thumb, data, gaps, an include, macros, lines jumping both ways', () => {
    writeFileSync(join(dir, 'inc.s'), '  mov r4, #4\n  twice\n  mov r5, #5\n');
    const { seed, samples } = seededSamples(program, RUNS * 4);
    withSeed(seed, () => {
      samples.forEach((src, i) => {
        const file = join(dir, `p${i}.s`);
        writeFileSync(file, src);
        const image = assembleProgram(src, { file, includeDirs: [dir], textAddress: 0x8000, dataAddress: 0x100000 });
        checkLines(image, `p${i}`);
      });
    });
  });
});
