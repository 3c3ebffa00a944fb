// Input files from users (sources, ELFs, study files, merged results, --point): a file that cannot
// be read names itself and why in one line; bad JSON names the file, line and column; files have a
// size limit so a huge one is refused with a message, not an out-of-memory crash.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** An fs error on an input, as one line naming the file. */
function inputFailure(e: unknown, path: string, what: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (!err.code || !err.syscall) return e;
  const why = err.code === 'EISDIR' ? 'is a directory' : err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message.replace(/^\w+: /, '').replace(/, \w+( '.*')?$/, '');
  return new InputError(`${what} ${path}: ${why} (${err.code})`);
}

/** A whole input file (no size limit: for files the user names to be processed, like sources). */
export function readInputFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw inputFailure(e, path, what);
  }
}

/** Line and column (1-based) of a character offset; `firstLine`: the text's first line in its file. */
function lineColumn(text: string, offset: number, firstLine: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${firstLine + line - 1}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * Where JSON text first goes wrong (V8's message gives no position for an unexpected token): a
 * syntax-only walk, run only after JSON.parse has refused the text.
 */
function errorOffset(text: string): number {
  let k = 0;
  const ws = (): void => {
    while (k < text.length && ' \t\n\r'.includes(text[k]!)) k++;
  };
  const fail = (): never => {
    throw k;
  };
  const value = (): void => {
    ws();
    const c = text[k];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      k++;
      ws();
      if (text[k] === close) return void k++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[k] !== '"') fail();
          string();
          ws();
          if (text[k++] !== ':') (k--, fail());
        }
        value();
        ws();
        if (text[k] === ',') k++;
        else if (text[k] === close) return void k++;
        else fail();
      }
    } else if (c === '"') string();
    else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(k, k + 400));
      if (!m) fail();
      k += m![0].length;
    }
  };
  const string = (): void => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(k));
    if (!m) fail();
    k += m![0].length;
  };
  try {
    value();
    ws();
    return k;
  } catch (at) {
    return at as number;
  }
}

/** JSON.parse with the error placed as `source:line:column` (`firstLine`: for one line of a file). */
export function parseJson(text: string, source: string, firstLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(msg);
    const offset = pos ? Number(pos[1]) : errorOffset(text);
    const what = msg.replace(/( in JSON)? at position \d+.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '').replace(/^Unexpected end of JSON input$/, 'unexpected end of input');
    throw new InputError(`${source}:${lineColumn(text, offset, firstLine)}: bad JSON: ${what}`);
  }
}

/** A text file of at most `maxBytes` (a clear error beyond), read whole. */
export function readTextFile(path: string, what: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw inputFailure(e, path, what);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${what} ${path}: is a directory`);
    const limit = st.isFile() ? Math.min(st.size, maxBytes + 1) : maxBytes + 1;
    const buf = Buffer.alloc(limit);
    let n = 0;
    for (let r = 1; r > 0 && n < limit; n += r) r = readSync(fd, buf, n, limit - n, null);
    if (n > maxBytes) throw new InputError(`${what} ${path}: larger than the limit of ${maxBytes.toLocaleString('en-US')} bytes`);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function readJsonFile(path: string, what: string, maxBytes: number): unknown {
  return parseJson(readTextFile(path, what, maxBytes), path);
}
