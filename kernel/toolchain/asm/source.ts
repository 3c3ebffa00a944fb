// Splits source text into statements: strips @, // and /* */ comments and # comment lines, and splits
// on ';' (the GNU as statement separator for ARM), keeping the column where each statement starts.

export interface Statement {
  /** Statement text with comments removed (block comments become spaces so columns hold). */
  readonly text: string;
  /** 1-based physical line. */
  readonly line: number;
  /** 0-based column of text[0] in the physical line. */
  readonly col: number;
}

/** Characters that need the character-by-character scan below (strings, constants, separators, comments, \@). */
const SPECIAL = /["'/;\\]/;

/** Returns the statements of one file, in order. `inBlock` state spans lines for block comments. */
export function splitStatements(source: string): Statement[] {
  const out: Statement[] = [];
  const lines = source.split(/\r?\n/);
  let inBlock = false;
  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li]!;
    let clean = '';
    let i = 0;
    let inStr = false;
    const starts: number[] = [0];
    const parts: string[] = [];
    const firstNonSpace = raw.search(/\S/);
    if (!inBlock && firstNonSpace >= 0 && raw[firstNonSpace] === '#') {
      // '#' opening a line is a comment (C preprocessor line markers included).
      continue;
    }
    if (!inBlock && !SPECIAL.test(raw)) {
      // The common line: no string, character constant, separator or comment but '@' (not \@).
      const at = raw.indexOf('@');
      const text = at < 0 ? raw : raw.slice(0, at);
      if (text.trim() !== '') out.push({ text, line: li + 1, col: 0 });
      continue;
    }
    while (i < raw.length) {
      const c = raw[i]!;
      if (inBlock) {
        if (c === '*' && raw[i + 1] === '/') {
          inBlock = false;
          clean += '  ';
          i += 2;
        } else {
          clean += ' ';
          i++;
        }
        continue;
      }
      if (inStr) {
        clean += c;
        if (c === '\\' && i + 1 < raw.length) {
          clean += raw[i + 1];
          i += 2;
          continue;
        }
        if (c === '"') inStr = false;
        i++;
        continue;
      }
      if (c === '"') {
        inStr = true;
        clean += c;
        i++;
        continue;
      }
      if (c === "'" && i + 1 < raw.length) {
        // Character constant: keep the next character (and an escape) verbatim.
        clean += c + raw[i + 1]!;
        i += 2;
        if (raw[i - 1] === '\\' && i < raw.length) {
          clean += raw[i]!;
          i++;
        }
        continue;
      }
      if (c === '/' && raw[i + 1] === '*') {
        inBlock = true;
        clean += '  ';
        i += 2;
        continue;
      }
      // '//' starts a comment anywhere outside strings, as in GNU as for ARM ELF targets (so 8//2 is 8).
      if (c === '/' && raw[i + 1] === '/') break;
      // '@' starts a comment, except in the macro counter \@.
      if (c === '@' && raw[i - 1] !== '\\') break;
      if (c === ';') {
        parts.push(clean);
        clean = '';
        starts.push(i + 1);
        i++;
        continue;
      }
      clean += c;
      i++;
    }
    parts.push(clean);
    for (let p = 0; p < parts.length; p++) {
      const text = parts[p]!;
      if (text.trim() === '') continue;
      out.push({ text, line: li + 1, col: starts[p]! });
    }
  }
  return out;
}
