// Drivers for the GNU binutils golden tools: assemble with arm-none-eabi-as, link with ld, and
// list with objdump. Everything runs in one temporary directory per call, batched by the caller.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-gnu-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface GnuResult {
  readonly ok: boolean;
  readonly stderr: string;
  /** Linked ELF bytes (when ok). */
  readonly elf?: Uint8Array;
  /** GNU as's warnings as "line: text" (when ok). */
  readonly warnings?: readonly string[];
}

/** "a.s:12: Warning: text" lines of GNU as's stderr as "12: text". */
export function gnuWarnings(stderr: string): string[] {
  return [...stderr.matchAll(/^[^:\n]+:(\d+): Warning: (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
}

/** Assembles with GNU as -march=armv5te and links .text at `text` (and .data/.bss given). */
export function gnuBuild(source: string, text = 0x8000, data = 0x100000, bss = 0x180000): GnuResult {
  return withDir((dir) => {
    const s = join(dir, 'a.s');
    writeFileSync(s, source);
    const as = spawnSync('arm-none-eabi-as', ['-march=armv5te', s, '-o', join(dir, 'a.o')], { encoding: 'utf8' });
    if (as.status !== 0) return { ok: false, stderr: as.stderr || String(as.error) };
    try {
      execFileSync('arm-none-eabi-ld', ['-Ttext', `0x${text.toString(16)}`, '-Tdata', `0x${data.toString(16)}`, '-Tbss', `0x${bss.toString(16)}`,
        '-e', `0x${text.toString(16)}`, join(dir, 'a.o'), '-o', join(dir, 'a.elf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return { ok: false, stderr: `ld: ${String((e as { stderr?: Buffer }).stderr ?? e)}` };
    }
    return { ok: true, stderr: '', elf: new Uint8Array(readFileSync(join(dir, 'a.elf'))), warnings: gnuWarnings(as.stderr) };
  });
}

/** Per-line result of GNU as on independent lines: which lines it rejects. */
export function gnuRejectedLines(source: string): Set<number> {
  return gnuDiagnostics(source).errors;
}

/**
 * GNU as's diagnostics by line: the lines with errors, and each line's warnings (as_warn's
 * "Warning: text" and as_tsktsk's bare text; "Info" lines of macro chains left out).
 */
export function gnuDiagnostics(source: string): { errors: Set<number>; warnings: Map<number, string[]> } {
  return withDir((dir) => {
    const s = join(dir, 'a.s');
    writeFileSync(s, source);
    const r = spawnSync('arm-none-eabi-as', ['-march=armv5te', s, '-o', join(dir, 'a.o')], { encoding: 'utf8' });
    const errors = new Set<number>();
    const warnings = new Map<number, string[]>();
    for (const m of r.stderr.matchAll(/^[^:\n]*a\.s:(\d+): (.*)$/gm)) {
      const line = Number(m[1]);
      const text = m[2]!;
      if (text.startsWith('Error: ')) errors.add(line);
      else if (!/^ +Info: /.test(text)) warnings.set(line, [...(warnings.get(line) ?? []), text.replace(/^Warning: /, '')]);
    }
    return { errors, warnings };
  });
}

/** objdump -d of an ELF file: map from address to the text after the bytes column. */
export function objdumpElf(elf: Uint8Array): Map<number, string> {
  return withDir((dir) => {
    const f = join(dir, 'a.elf');
    writeFileSync(f, elf);
    const out = execFileSync('arm-none-eabi-objdump', ['-d', '-z', f], { maxBuffer: 1 << 28 }).toString();
    return parseObjdump(out);
  });
}

/** objdump -d of random words placed as instructions (via .inst) at address 0. */
export function objdumpWords(words: readonly number[]): Map<number, string> {
  return withDir((dir) => {
    const s = join(dir, 'w.s');
    writeFileSync(s, `.text\n${words.map((w) => ` .inst 0x${(w >>> 0).toString(16)}`).join('\n')}\n`);
    execFileSync('arm-none-eabi-as', ['-march=armv5te', s, '-o', join(dir, 'w.o')]);
    const out = execFileSync('arm-none-eabi-objdump', ['-d', '-z', join(dir, 'w.o')], { maxBuffer: 1 << 28 }).toString();
    return parseObjdump(out);
  });
}

/** objdump -d of Thumb code: halfwords (or 32-bit pairs, first halfword high) placed with .inst. */
export function objdumpThumb(items: readonly { readonly value: number; readonly size: 2 | 4 }[]): Map<number, string> {
  return withDir((dir) => {
    const s = join(dir, 't.s');
    const hexOf = (v: number, n: number): string => (v >>> 0).toString(16).padStart(n, '0');
    writeFileSync(s, `.text\n.thumb\n${items.map((i) => (i.size === 2 ? ` .inst.n 0x${hexOf(i.value, 4)}` : ` .inst.w 0x${hexOf(i.value, 8)}`)).join('\n')}\n`);
    execFileSync('arm-none-eabi-as', ['-march=armv7-a', s, '-o', join(dir, 't.o')]);
    const out = execFileSync('arm-none-eabi-objdump', ['-d', join(dir, 't.o')], { maxBuffer: 1 << 28 }).toString();
    return parseObjdump(out);
  });
}

/** Address -> the text after the bytes column (ARM "e1a00000 ", Thumb "46c0      " or "f000 f802 "). */
export function parseObjdump(out: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of out.split('\n')) {
    const r = /^\s*([0-9a-f]+):\t([0-9a-f]+(?: [0-9a-f]{4})?) +\t(.*)$/.exec(line);
    if (r) m.set(parseInt(r[1]!, 16), r[3]!);
  }
  return m;
}

/** Replaces "1c <sym+0x4>" with "0x1c" so texts compare without symbol names. */
export function stripSymbols(text: string): string {
  return text.replace(/\b([0-9a-f]+) <[^>]*>/g, '0x$1');
}
