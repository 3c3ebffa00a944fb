// Test-only: assemble and link ARM source with GNU binutils (arm-none-eabi-as/ld) into ELF
// bytes. Used by golden suites (and by reference tests until our own toolchain is available).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GnuAssembleOptions {
  readonly textAddress?: number;
  readonly dataAddress?: number;
}

/** Assemble `source` for ARMv5TE and link it; returns the ELF bytes. Throws with the tool output. */
export function gnuAssemble(source: string, options: GnuAssembleOptions = {}): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-gnu-'));
  try {
    const src = join(dir, 'prog.S');
    writeFileSync(src, source.endsWith('\n') ? source : source + '\n');
    execFileSync('arm-none-eabi-as', ['-march=armv5te', '-mcpu=arm926ej-s', '-o', join(dir, 'prog.o'), src], {
      stdio: 'pipe',
    });
    const ldArgs = ['-Ttext=0x' + (options.textAddress ?? 0x10000).toString(16), '-e', '_start'];
    if (options.dataAddress !== undefined) ldArgs.push('-Tdata=0x' + options.dataAddress.toString(16));
    execFileSync('arm-none-eabi-ld', [...ldArgs, '-o', join(dir, 'prog.elf'), join(dir, 'prog.o')], {
      stdio: 'pipe',
    });
    return new Uint8Array(readFileSync(join(dir, 'prog.elf')));
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`GNU assembly failed: ${err.stderr?.toString() ?? err.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
