// Command line for the toolchain (see docs/TOOLCHAIN.md; `npm run build` compiles it for a fast start):
//   cli.ts as prog.s -o prog.o [-c] [--defsym NAME=VALUE]... [-I dir]...     ELF relocatable object (GNU as)
//   cli.ts as prog.s -o prog.elf [--text 0x8000] [--data ADDR] ...            assembled and linked executable
//   cli.ts ld a.o b.o -o prog.elf [--text 0x8000] [--data ADDR] [-e sym]     link objects (ours or GNU's)
//   cli.ts disas prog.elf                     listing like objdump -d (uses $a/$t/$d mapping symbols)
//   cli.ts disas --word 0xe1a00000 [--address 0x8000] [--thumb]
// Exit code: 0 done, 1 the input has errors (assembly, link, ELF), 2 bad arguments or a file error.
import { parseArgs, parseInteger, UsageError, type OptionSpec } from '../../testbench/cli/args.ts';
import { checkDistinctPaths, checkOutputPath, writeFileAtomic } from '../../testbench/cli/atomic-file.ts';
import { readInputFile } from '../../testbench/cli/input-file.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../../testbench/cli/run-main.ts';
import {
  AsmError, ElfError, LinkError, assembleAll, disassemble, disassembleImage, disassembleThumb, formatWarning, link, linkProgram, readElf,
  readObject, writeElf, writeObject, type SectionPlacement,
} from './index.ts';

const USAGE = `usage:
  cli.ts as <file.s> -o <out.o> [-c] [--defsym NAME=VALUE]... [-I <dir>]...
  cli.ts as <file.s> -o <out.elf> [--defsym NAME=VALUE]... [-I <dir>]... [--text <addr>] [--data <addr>]
  cli.ts ld <a.o>... -o <out.elf> [--text <addr>] [--data <addr>] [-e <symbol>]
  cli.ts disas <file.elf>
  cli.ts disas --word <value> [--address <addr>] [--thumb]`;

const ADDRESS = { type: 'int', min: 0, max: 0xffff_ffff, arg: 'ADDR' } as const;
const asSpec = {
  output: { type: 'string', short: 'o', arg: 'FILE', help: 'the object (-c or a .o name) or executable ELF to write' },
  object: { type: 'flag', short: 'c', help: 'write a relocatable object (as GNU as does)' },
  defsym: { type: 'list', arg: 'NAME=VALUE', help: 'define a symbol' },
  include: { type: 'list', short: 'I', arg: 'DIR', help: 'include directory' },
  text: { ...ADDRESS, help: 'text address (executables)' },
  data: { ...ADDRESS, help: 'data address (executables)' },
} satisfies Record<string, OptionSpec>;
const ldSpec = {
  output: { type: 'string', short: 'o', arg: 'FILE', help: 'the executable ELF to write' },
  entry: { type: 'string', short: 'e', arg: 'SYMBOL', help: 'entry symbol' },
  text: { ...ADDRESS, help: 'text address (default 0x8000)' },
  data: { ...ADDRESS, help: 'data address' },
} satisfies Record<string, OptionSpec>;
const disasSpec = {
  word: { type: 'int', min: -0x8000_0000, max: 0xffff_ffff, arg: 'VALUE', help: 'disassemble one instruction word' },
  address: { ...ADDRESS, help: 'its address' },
  thumb: { type: 'flag', help: 'the word is Thumb: a halfword, or a 32-bit pair with the first halfword high' },
} satisfies Record<string, OptionSpec>;

/** Errors of a failed assembly, already printed each on its line of stderr (GNU as reports them all). */
class ReportedErrors extends Error {}

function assembleCommand(args: readonly string[], io: CliIo): void {
  const { values: o, positionals } = parseArgs(args, asSpec, { max: 1 });
  const input = positionals[0];
  if (!input || !o.output) throw new UsageError('as needs an input file and -o <output>');
  const defsym: Record<string, number> = {};
  for (const d of o.defsym) {
    const m = /^([A-Za-z_.$][\w.$]*)=(.+)$/.exec(d);
    if (!m) throw new UsageError(`--defsym needs NAME=VALUE (got ${JSON.stringify(d)})`);
    const v = parseInteger(m[2]!);
    if (v === undefined) throw new UsageError(`--defsym ${m[1]}: '${m[2]}' is not an integer`);
    defsym[m[1]!] = v;
  }
  const objectOnly = o.object || o.output.endsWith('.o');
  if (objectOnly && (o.text !== undefined || o.data !== undefined)) throw new UsageError('--text/--data place an executable, not an object (-c)');
  checkOutputPath(o.output, '-o');
  checkDistinctPaths([{ path: input, what: 'source' }], [{ path: o.output, what: '-o' }]);
  if (io.validateOnly) return;
  const source = readInputFile(input, 'input').toString('utf8');
  const { object, errors } = assembleAll(source, { file: input, defsym, includeDirs: o.include, onWarning: (w) => io.err(`${formatWarning(w)}\n`) });
  if (!object) {
    for (const e of errors) io.err(`${e.message}\n`);
    throw new ReportedErrors();
  }
  // A relocatable object (GNU as's output) for -c or a .o name; otherwise our linked executable.
  if (objectOnly) return writeFileAtomic(o.output, writeObject(object));
  writeFileAtomic(o.output, writeElf(linkProgram(object, { ...(o.text !== undefined ? { textAddress: o.text } : {}), ...(o.data !== undefined ? { dataAddress: o.data } : {}) })));
}

function linkCommand(args: readonly string[], io: CliIo): void {
  const { values: o, positionals } = parseArgs(args, ldSpec, { max: Infinity });
  if (positionals.length === 0 || !o.output) throw new UsageError('ld needs objects and -o <output>');
  const sections: SectionPlacement[] = [{ name: '.text', address: o.text ?? 0x8000 }];
  if (o.data !== undefined) sections.push({ name: '.data', address: o.data });
  checkOutputPath(o.output, '-o');
  checkDistinctPaths(positionals.map((f) => ({ path: f, what: 'object' })), [{ path: o.output, what: '-o' }]);
  if (io.validateOnly) return;
  const objects = positionals.map((f) => readObject(new Uint8Array(readInputFile(f, 'object')), f));
  writeFileAtomic(o.output, writeElf(link(objects, { sections, ...(o.entry !== undefined ? { entry: o.entry } : {}) })));
}

function disasCommand(args: readonly string[], io: CliIo): void {
  const { values: o, positionals } = parseArgs(args, disasSpec, { max: 1 });
  if (o.word !== undefined) {
    if (positionals.length > 0) throw new UsageError('disas takes an ELF file or --word, not both');
    if (io.validateOnly) return;
    const w = o.word >>> 0;
    const address = (o.address ?? 0) >>> 0;
    const text = o.thumb ? (w > 0xffff ? disassembleThumb(w >>> 16, w & 0xffff, address) : disassembleThumb(w, undefined, address)).text : disassemble(w, address);
    io.out(`${text}\n`);
    return;
  }
  const file = positionals[0];
  if (!file) throw new UsageError('disas needs an ELF file or --word');
  if (io.validateOnly) return;
  const image = readElf(new Uint8Array(readInputFile(file, 'ELF')), file);
  io.out(`${disassembleImage(image).join('\n')}\n`);
}

export function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): number {
  const [cmd, ...rest] = argv;
  if (cmd === '--help' || cmd === '-h') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    if (cmd === 'as') assembleCommand(rest, io);
    else if (cmd === 'ld') linkCommand(rest, io);
    else if (cmd === 'disas') disasCommand(rest, io);
    else throw new UsageError(`${cmd ? `unknown command ${JSON.stringify(cmd)}` : 'no command'} (as, ld or disas; see --help)`);
    return 0;
  } catch (e) {
    if (e instanceof ReportedErrors) return 1;
    // Errors in the input program: the assembler's own message (file:line:column), exit 1.
    if (e instanceof AsmError || e instanceof LinkError || e instanceof ElfError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (isEntryPoint(import.meta.url)) await runMain('toolchain', main);
