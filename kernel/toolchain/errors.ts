// Error types of the toolchain. Every assembler error carries the source position so that
// editors and CI logs can jump to it: the message always starts "file:line:column: ".

export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export class AsmError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly problem: string;
  constructor(pos: SourcePos, problem: string) {
    super(`${pos.file}:${pos.line}:${pos.column}: ${problem}`);
    this.name = 'AsmError';
    this.file = pos.file;
    this.line = pos.line;
    this.column = pos.column;
    this.problem = problem;
  }
}

/** A problem GNU as also only warns about (the output is still produced). */
export interface AsmWarning {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** The macro invocations the warning arose in, innermost first. */
  readonly invokedAt?: readonly { readonly file: string; readonly line: number }[];
}

export function formatWarning(w: AsmWarning): string {
  const chain = (w.invokedAt ?? []).map((c) => ` (in macro invoked at ${c.file}:${c.line})`).join('');
  return `${w.file}:${w.line}:${w.column}: warning: ${w.message}${chain}`;
}

/** GNU as prints these (its as_tsktsk) without "Warning: ". */
const GNU_PLAIN = /^(?:s suffix on comparison instruction is deprecated|Rd and Rm should be different in (?:mul|mla)|rdhi and rdlo must be different|rdhi, rdlo and rm must all be different|use of r15 in (?:bx|blx) in ARM mode is not really useful|use of r15 in bxj is not really useful|writing to APSR without specifying a bitmask is deprecated|conditional infixes are deprecated in unified syntax|use of r13 is deprecated)$/;

/**
 * Warnings as GNU as prints them on stderr: "file: Assembler messages:", then per warning
 * "file:line: Warning: message" and an "Info: macro invoked from here" line per macro level.
 */
export function gnuMessages(file: string, warnings: readonly AsmWarning[]): string {
  if (warnings.length === 0) return '';
  const out = [`${file}: Assembler messages:`];
  for (const w of warnings) {
    out.push(`${w.file}:${w.line}: ${GNU_PLAIN.test(w.message) ? '' : 'Warning: '}${w.message}`);
    (w.invokedAt ?? []).forEach((c, i) => out.push(`${c.file}:${c.line}:${' '.repeat(i + 2)}Info: macro invoked from here`));
  }
  return out.join('\n') + '\n';
}

export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

export class ElfError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`ELF ${field}: ${problem}`);
    this.name = 'ElfError';
    this.field = field;
  }
}
