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
}

export function formatWarning(w: AsmWarning): string {
  return `${w.file}:${w.line}:${w.column}: warning: ${w.message}`;
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
