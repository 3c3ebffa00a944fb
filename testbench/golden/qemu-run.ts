// Runs an ELF on QEMU's Versatile PB with the per-instruction trace, bounded by a timeout and a
// log-size cap (QEMU writes ~300 bytes per instruction). Semihosting output goes to its own file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface QemuRunOptions {
  /** Kill QEMU after this long (default 20 s). */
  readonly timeoutMs?: number;
}

export interface QemuRun {
  /** The -d in_asm,exec,cpu,nochain,int log. */
  readonly log: string;
  /** PL011 UART0 output (QEMU's stdout). */
  readonly uart: string;
  /** Semihosting console output. */
  readonly semihost: string;
  /** QEMU's exit status (the SYS_EXIT code), or null if it was killed. */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
}

export function qemuCommandLine(elfPath: string, logPath: string, semihostPath: string): string[] {
  return [
    '-M', 'versatilepb', '-cpu', 'arm926', '-nographic', '-monitor', 'none', '-serial', 'stdio',
    '-semihosting-config', 'enable=on,target=native,chardev=semihost0',
    '-chardev', `file,id=semihost0,path=${semihostPath}`,
    '-kernel', elfPath, '-singlestep', '-d', 'in_asm,exec,cpu,nochain,int', '-D', logPath,
  ];
}

export function runQemu(elf: Uint8Array, options: QemuRunOptions = {}): QemuRun {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-qemu-'));
  try {
    const elfPath = join(dir, 'prog.elf');
    const logPath = join(dir, 'qemu.log');
    const semihostPath = join(dir, 'semihost.txt');
    writeFileSync(elfPath, elf);
    const result = spawnSync('qemu-system-arm', qemuCommandLine(elfPath, logPath, semihostPath), {
      timeout: options.timeoutMs ?? 20_000,
      env: { ...process.env, QEMU_AUDIO_DRV: 'none' },
      maxBuffer: 16 * 1024 * 1024,
      encoding: 'latin1',
    });
    if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw result.error;
    const read = (path: string): string => (existsSync(path) && statSync(path).size > 0 ? readFileSync(path, 'latin1') : '');
    return {
      log: read(logPath),
      uart: result.stdout ?? '',
      semihost: read(semihostPath),
      exitCode: result.status,
      timedOut: result.signal !== null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
