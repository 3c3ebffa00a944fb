// Toolchain speed: assembling a 10,000-line kernel-like source (instructions of every class,
// macros, loops, literal pools, data), linking it, writing the ELF, and disassembling the result.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assemble, disassemble, link, writeElf } from '../../kernel/toolchain/index.ts';
import { REPO_ROOT } from '../studies/fingerprint.ts';
import type { BenchRow, BenchSuite } from './suite.ts';

/** The compiled toolchain `npm ci` builds (what the command line runs): dist/. */
const COMPILED = join(REPO_ROOT, 'dist', 'kernel', 'toolchain', 'index.js');

/**
 * Warm assembly time of `src` with the compiled toolchain, in a node of its own (no tsx between):
 * the median of 15 timed runs after 15 untimed ones; undefined when dist/ is not built.
 */
function compiledAssembleMs(src: string): number | undefined {
  if (!existsSync(COMPILED)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'handoff-asm-bench-'));
  try {
    const file = join(dir, 'bench.s');
    writeFileSync(file, src);
    const script = `import { readFileSync } from 'node:fs';
const { assemble } = await import(${JSON.stringify(pathToFileURL(COMPILED).href)});
const src = readFileSync(${JSON.stringify(file)}, 'utf8');
for (let i = 0; i < 15; i++) assemble(src, { file: 'bench.s' });
const times = [];
for (let i = 0; i < 15; i++) { const t = process.hrtime.bigint(); assemble(src, { file: 'bench.s' }); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
times.sort((a, b) => a - b);
process.stdout.write(String(times[7]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`compiled assembler bench failed: ${r.stderr}`);
    return Number(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MACROS = `
  .macro save_regs r:vararg
    stmfd sp!, {\\r}
  .endm
`;

const BLOCK = `
1:
  add r0, r1, r2, lsl #3
  subs r3, r3, #0x3fc
  ldr r4, [r5, #-12]!
  strb r6, [r7], r8
  ldrh r0, [r1, #6]
  ldrd r2, [r4], -r6
  mla r0, r1, r2, r3
  smlabb r4, r5, r6, r7
  umull r0, r1, r2, r3
  ldr r0, =0x12345678 + N
  mcr p15, 0, r0, c7, c10, 4
  mrs r1, cpsr
  msr cpsr_c, #0xd3
  save_regs r4-r6, lr
  ldmfd sp!, {r4-r6, pc}
  cmp r0, #N & 0xff
  bne 1b
  .word N * 3, 1b
  .rept 2
  nop
  .endr
`;

/** A source of at least `lines` lines built from BLOCK, with a pool every few blocks. */
export function benchSource(lines: number): string {
  const parts: string[] = [MACROS, '.text', '.global _start', '_start:'];
  let n = 0;
  let count = 3;
  const blockLines = BLOCK.split('\n').length;
  while (count < lines) {
    parts.push(`.set N, ${n}`, n % 8 === 7 ? `${BLOCK}  b 2f\n  .ltorg\n2:\n` : BLOCK);
    count += blockLines + 1;
    n++;
  }
  parts.push('.data', 'table: .word 1, 2, 3', '.asciz "end"');
  return parts.join('\n');
}

/** The median of `runs` timed calls after as many untimed ones (a warm JIT: the goal is warm speed). */
function timeIt(f: () => void, runs: number): number {
  for (let i = 0; i < runs; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const assemblerBench: BenchSuite = {
  name: 'assembler',
  description: 'toolchain: assemble + link + ELF of a 10,000-line source; disassembly rate',
  run(): readonly BenchRow[] {
    const src = benchSource(10_000);
    const lines = src.split('\n').length;
    const asmMs = timeIt(() => assemble(src, { file: 'bench.s' }), 15);
    const obj = assemble(src, { file: 'bench.s' });
    const linkMs = timeIt(() => writeElf(link([obj], { sections: [{ name: '.text', address: 0x8000 }] })), 7);
    const text = obj.sections.find((s) => s.name === '.text')!;
    const dv = new DataView(text.data.buffer, text.data.byteOffset, text.data.byteLength);
    const words = text.data.length / 4;
    const disMs = timeIt(() => {
      for (let i = 0; i < words; i++) disassemble(dv.getUint32(i * 4, true), 0x8000 + i * 4);
    }, 5);
    const compiledMs = compiledAssembleMs(src);
    // How this process runs the toolchain: compiled from dist/ under npm run bench, TypeScript through tsx from the sources.
    const how = import.meta.url.endsWith('.js') ? 'compiled (dist/), in the bench process' : 'TypeScript run by tsx';
    return [
      { metric: 'assemble 10k-line source', value: asmMs, unit: 'ms', note: `${lines} lines, ${words} words; ${how}` },
      { metric: 'assembler throughput', value: Math.round((lines / asmMs) * 1000), unit: 'lines/s', note: `warm, ${how}` },
      compiledMs === undefined
        ? { metric: 'assembler throughput, compiled', value: 0, unit: 'lines/s', note: 'dist/ not built (npm run build)' }
        : { metric: 'assembler throughput, compiled', value: Math.round((lines / compiledMs) * 1000), unit: 'lines/s', note: 'warm, dist/ as the command line runs it (goal >= 300k)' },
      { metric: 'link + write ELF', value: linkMs, unit: 'ms' },
      { metric: 'disassembler throughput', value: Math.round((words / disMs) * 1000), unit: 'words/s' },
    ];
  },
};
