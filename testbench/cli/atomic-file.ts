// Output files that are whole or absent. Every output (VCD, .gtkw, JSON, CSV, SVG, PNG, ELF, study
// cache entries) is written to a hidden temporary file in the target's directory and renamed into
// place when complete, so a failed or killed run leaves the previous file or nothing.
//
// Temporary files are removed on an error at once, and on any death of the process (Ctrl-C during a
// synchronous simulation, SIGKILL) by a janitor: a small detached process, started with the first
// temporary file, that is told each temporary name over a pipe and deletes those still present when
// the pipe closes (the process ended). It lives in its own session, so a signal sent to the
// command's process group does not take it down too.
//
// Devices and FIFOs (/dev/null, /dev/full, /dev/stdout) are written straight through: they hold no
// file to truncate, and renaming over them would replace the device node.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';

/** A bad output path, or a write that failed (its message names the file): one line, exit 2. */
export class OutputPathError extends Error {
  override readonly name = 'OutputPathError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const JANITOR = `
const fs = require('node:fs');
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']) process.on(s, () => {});
const live = new Set();
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d;
  for (let k = buf.indexOf('\\n'); k >= 0; k = buf.indexOf('\\n')) {
    const line = buf.slice(0, k);
    buf = buf.slice(k + 1);
    const path = JSON.parse(line.slice(1));
    if (line[0] === '+') live.add(path); else live.delete(path);
  }
});
const sweep = () => { for (const f of live) { try { fs.unlinkSync(f); } catch {} } process.exit(0); };
process.stdin.on('end', sweep);
process.stdin.on('error', sweep);
`;

let janitor: ChildProcess | undefined;

function tell(op: '+' | '-', path: string): void {
  if (!janitor) {
    janitor = spawn(process.execPath, ['-e', JANITOR], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    janitor.on('error', () => undefined); // no janitor: errors still clean up in-process
    janitor.stdin!.on('error', () => undefined);
    janitor.unref();
    (janitor.stdin as unknown as { unref?: () => void }).unref?.();
  }
  janitor.stdin!.write(`${op}${JSON.stringify(path)}\n`);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

const isStream = (s: Stats): boolean => s.isCharacterDevice() || s.isFIFO();

/** The nearest directory of `path` that exists (or the existing non-directory in the way). */
function existingAncestor(dir: string): { readonly path: string; readonly stats: Stats } {
  for (let d = dir; ; d = dirname(d)) {
    const s = statOrUndefined(d);
    if (s) return { path: d, stats: s };
    if (dirname(d) === d) throw new OutputPathError(`${dir}: no existing directory above it`);
  }
}

/** mkdir -p, one level at a time (Node's recursive mkdir loops forever under /proc). */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  for (; statOrUndefined(d) === undefined; d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  if (!statSync(d).isDirectory()) throw new OutputPathError(`cannot create ${dir}: ${d} is not a directory`, 'ENOTDIR');
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      // Made by another process between the look and the mkdir (a study's workers share one cache
      // directory, and each makes it on its first write): what we wanted exists.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(m).isDirectory()) throw e;
    }
  }
}

const tempName = (target: string): string => join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}${extname(target)}`);

/**
 * Checks, before any work, that `path` can be written: not empty, not a directory, not under a
 * file, and its directory (or the nearest existing one, where it will be created) lets us create
 * files (probed by creating and removing a hidden file). `what` names the option in the error.
 */
export function checkOutputPath(path: string, what: string): void {
  if (path.trim() === '') throw new OutputPathError(`${what}: needs a file path (got ${JSON.stringify(path)})`);
  // resolve() drops a trailing slash (or a last '.' / '..'): such a path names a directory, never a file to write.
  if (namesDirectory(path)) throw new OutputPathError(`${what}: ${path} names a directory (ends in '/', '.' or '..'), not a file`, 'EISDIR');
  const target = resolve(path);
  const s = statOrUndefined(target);
  if (s?.isDirectory()) throw new OutputPathError(`${what}: ${path} is a directory`, 'EISDIR');
  if (s && isStream(s)) {
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      throw new OutputPathError(`${what}: ${path} is not writable (${(e as NodeJS.ErrnoException).code})`);
    }
    return;
  }
  if (s && !s.isFile()) throw new OutputPathError(`${what}: ${path} is not a regular file`);
  if (s) {
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      throw new OutputPathError(`${what}: ${path} is read-only (${(e as NodeJS.ErrnoException).code})`, 'EACCES');
    }
  }
  probeDirectory(dirname(target), path, what);
}

const namesDirectory = (path: string): boolean => /(^|[\\/])\.{0,2}$/.test(path);

/** A file a command reads or writes, and the option or argument that names it (for the error). */
export interface NamedPath {
  readonly path: string;
  readonly what: string;
}

/**
 * The file `path` names, however it is spelled: an existing file by device and inode (symbolic and
 * hard links alike), a new one by the real path of its nearest existing directory and the rest.
 * Devices and FIFOs have none: writing one destroys nothing.
 */
function identity(path: string): string | undefined {
  const target = resolve(path);
  const s = statOrUndefined(target);
  if (s) return s.isFile() ? `inode ${s.dev}:${s.ino}` : undefined;
  const d = existingAncestor(dirname(target));
  return `path ${join(realpathSync(d.path), relative(d.path, target))}`;
}

/**
 * Refuses, before any work, an output that is one of the inputs or another output (compared as
 * identity() does): writing it would destroy the input, or one output would replace the other.
 * GNU as and ld refuse the same.
 */
export function checkDistinctPaths(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): void {
  const seen = new Map<string, NamedPath & { readonly role: string }>();
  for (const i of inputs) {
    const id = identity(i.path);
    if (id !== undefined && !seen.has(id)) seen.set(id, { ...i, role: 'input' });
  }
  for (const o of outputs) {
    const id = identity(o.path);
    if (id === undefined) continue;
    const other = seen.get(id);
    if (other?.role === 'output') throw new OutputPathError(`${other.what} and ${o.what} name the same file (${other.path}, ${o.path})`);
    if (other) throw new OutputPathError(`${o.what} ${o.path} is the input ${other.what} ${other.path}: refusing to overwrite it`);
    seen.set(id, { ...o, role: 'output' });
  }
}

/** The nearest existing directory of `dir` must let us create files (and so the missing ones). */
function probeDirectory(dir: string, path: string, what: string): void {
  const d = existingAncestor(dir);
  if (!d.stats.isDirectory()) throw new OutputPathError(`${what}: ${path} is under ${d.path}, which is not a directory`, 'ENOTDIR');
  try {
    // An unnamed file (Linux O_TMPFILE) leaves nothing behind even if the process is killed here;
    // where the file system has none, a named probe, created and removed at once.
    if (tryUnnamedFile(d.path)) return;
    const probe = join(d.path, `.handoff-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    throw new OutputPathError(`${what}: cannot create files in ${d.path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Linux's O_TMPFILE | O_DIRECTORY (not in fs.constants); other platforms take the named probe. */
const O_TMPFILE = 0o20200000;
const NO_TMPFILE = new Set(['EOPNOTSUPP', 'EISDIR', 'EINVAL', 'ENOTSUP']);

/** True when an unnamed file could be created in `dir`; false when the file system cannot make one (then probe by name); throws when creating files there fails. */
function tryUnnamedFile(dir: string): boolean {
  if (process.platform !== 'linux') return false;
  try {
    closeSync(openSync(dir, O_TMPFILE | constants.O_RDWR, 0o600));
    return true;
  } catch (e) {
    if (NO_TMPFILE.has((e as NodeJS.ErrnoException).code ?? '')) return false;
    throw e;
  }
}

/** Checks, before any work, that `path` is (or can be created as) a directory we can write in. */
export function checkOutputDir(path: string, what: string): void {
  if (path.trim() === '') throw new OutputPathError(`${what}: needs a directory path (got ${JSON.stringify(path)})`);
  const target = resolve(path);
  const s = statOrUndefined(target);
  if (s && !s.isDirectory()) throw new OutputPathError(`${what}: ${path} is not a directory`, 'ENOTDIR');
  probeDirectory(target, path, what);
}

/** A file being written: bytes go to a temporary file until commit() renames it into place. */
export class AtomicFile {
  private fd: number | null;
  private readonly temp: string | undefined;
  bytes = 0;

  private constructor(readonly path: string) {
    const target = resolve(path);
    const s = statOrUndefined(target);
    if (s?.isDirectory()) throw new OutputPathError(`cannot write ${path}: it is a directory`, 'EISDIR');
    try {
      if (s && isStream(s)) {
        this.temp = undefined;
        this.fd = openSync(target, 'w');
        return;
      }
      makeDirs(dirname(target));
      this.temp = tempName(target);
      tell('+', this.temp);
      this.fd = openSync(this.temp, 'wx');
    } catch (e) {
      throw this.failure(e);
    }
  }

  static open(path: string): AtomicFile {
    return new AtomicFile(path);
  }

  private failure(e: unknown): Error {
    if (e instanceof OutputPathError) return e;
    const err = e as NodeJS.ErrnoException;
    return err.code && err.syscall ? new OutputPathError(`cannot write ${this.path}: ${err.code === 'ENOSPC' ? 'no space left on device' : err.message.replace(/^\w+: /, '').replace(/, \w+( '.*')?$/, '')} (${err.code})`, err.code) : (e as Error);
  }

  write(chunk: Uint8Array | string): void {
    if (this.fd === null) throw new Error(`${this.path}: write after close`);
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      let off = 0;
      while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    } catch (e) {
      this.discard();
      throw this.failure(e);
    }
    this.bytes += data.length;
  }

  /** The open descriptor, for a thread that writes the bytes (vcd-worker.ts) while this one owns the file. */
  get descriptor(): number {
    if (this.fd === null) throw new Error(`${this.path}: closed`);
    return this.fd;
  }

  /** Another thread's write failed (an errno error's code, syscall, message): give up, and the error to throw. */
  abandon(e: unknown): Error {
    this.discard();
    return this.failure(e);
  }

  /** Close and rename into place: from here on the file is complete. */
  commit(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
      if (this.temp) {
        renameSync(this.temp, this.path);
        tell('-', this.temp);
      }
    } catch (e) {
      this.removeTemp();
      throw this.failure(e);
    }
  }

  /** Give up: the temporary file goes, the previous file (if any) stays. */
  discard(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // closing a file we are abandoning: nothing to report
      }
      this.fd = null;
    }
    this.removeTemp();
  }

  private removeTemp(): void {
    if (!this.temp) return;
    try {
      unlinkSync(this.temp);
    } catch {
      // already gone
    }
    tell('-', this.temp);
  }
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const f = AtomicFile.open(path);
  f.write(data);
  f.commit();
}

/**
 * For outputs another program writes (an SVG converter): a temporary path with the target's
 * extension; `commit` renames it into place, `discard` removes it.
 */
export function temporaryPathFor(path: string): { readonly temp: string; commit(): void; discard(): void } {
  const target = resolve(path);
  makeDirs(dirname(target));
  const temp = tempName(target);
  tell('+', temp);
  const drop = (): void => {
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already gone
    }
    tell('-', temp);
  };
  return {
    temp,
    commit() {
      try {
        renameSync(temp, target);
      } catch (e) {
        drop();
        throw e;
      }
      tell('-', temp);
    },
    discard: drop,
  };
}

/** checkOutputPath, and the path must be (or become) a regular file: for outputs read back. */
export function checkRegularOutput(path: string, what: string): void {
  checkOutputPath(path, what);
  const s = statOrUndefined(resolve(path));
  if (s && !s.isFile()) throw new OutputPathError(`${what}: ${path} is not a regular file (the output is read back)`);
}
