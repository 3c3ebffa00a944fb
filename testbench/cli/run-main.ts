// How every command line ends: its exit code, and every user or file-system error as one line on
// stderr with exit 2. A stack trace is printed only for what is a bug in the project (exit 70).
// Exit codes: 0 done (and passed), 1 ran and found a failure, 2 bad input or a file-system error,
// 70 internal error.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../kernel/project-root.ts';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Tests (the argument fuzzer): stop once every argument is validated, before any work or output. */
  readonly validateOnly?: boolean;
  /**
   * Where a tool may keep results that depend only on the sources and its options (npm start's
   * comparison runs: comparison-cache.ts). Unset: nothing is kept or reused (a test calling a
   * tool in-process gets every run made afresh unless it names a directory).
   */
  readonly cacheDir?: string;
}

export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  cacheDir: join(PROJECT_ROOT, '.cache'),
};

export type CliMain = (argv: readonly string[], io: CliIo) => Promise<number> | number;

export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/** Errors the project raises for bad input: their message already names the option, file or field. */
const USER_ERRORS = new Set(['UsageError', 'ConfigError', 'StudyError', 'PointError', 'ResultError', 'InputError', 'AsmError', 'LinkError', 'ElfError', 'OutputPathError', 'WhyError', 'ScenarioFileError', 'ScenarioError']);
/** File-system errors a user causes (a bad path, a full disk, a file in the way). */
const FS_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'EEXIST', 'EROFS', 'ENAMETOOLONG', 'ELOOP', 'EFBIG', 'EMFILE', 'ENFILE', 'EBUSY', 'ETXTBSY', 'EXDEV', 'EINVAL', 'EIO', 'ENXIO', 'ENODEV']);

/** The one-line message of a user error, or undefined for a bug. */
export function userErrorMessage(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as NodeJS.ErrnoException).code;
  if (USER_ERRORS.has(e.name) || (typeof code === 'string' && FS_CODES.has(code) && (e as NodeJS.ErrnoException).syscall !== undefined)) {
    return e.message.replace(/\s*\n\s*/g, '; ');
  }
  return undefined;
}

/** Runs a command's main function: its exit code, or the exit code of the error it threw. */
export async function callMain(name: string, main: CliMain, argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (e) {
    const message = userErrorMessage(e);
    if (message !== undefined) {
      io.err(`${name}: error: ${message}\n`);
      return EXIT_USAGE;
    }
    io.err(`${name}: internal error (a bug in the project, please report it with the command line):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

/** True when `moduleUrl` is the script node was started with (not imported by a test). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** The entry point's last line: run `main` on the process's arguments and set the exit code. */
export async function runMain(name: string, main: CliMain): Promise<void> {
  process.exitCode = await callMain(name, main, process.argv.slice(2));
}
