// Command line for the toolchain (run with tsx):
//   npx tsx kernel/toolchain/cli.ts as prog.s -o prog.elf [--defsym NAME=VALUE]... [-I dir]... [--text 0x8000] [--data ADDR]
//   npx tsx kernel/toolchain/cli.ts disas prog.elf          listing like objdump -d (uses $a/$d mapping symbols)
//   npx tsx kernel/toolchain/cli.ts disas --word 0xe1a00000 [--address 0x8000]
// Exit code: 0 done, 1 the input has errors (assembly, link, ELF), 2 bad arguments or a file error.
import { parseArgs, parseInteger, UsageError, type OptionSpec } from '../../testbench/cli/args.ts';
import { checkOutputPath, writeFileAtomic } from '../../testbench/cli/atomic-file.ts';
import { readInputFile } from '../../testbench/cli/input-file.ts';
import { isEntryPoint, processIo, runMain, type CliIo } from '../../testbench/cli/run-main.ts';
import { AsmError, ElfError, LinkError, assembleProgram, disassemble, disassembleImage, readElf, writeElf } from './index.ts';

const USAGE = `usage:
  cli.ts as <file.s> -o <out.elf> [--defsym NAME=VALUE]... [-I <dir>]... [--text <addr>] [--data <addr>]
  cli.ts disas <file.elf>
  cli.ts disas --word <value> [--address <addr>]`;

const ADDRESS = { type: 'int', min: 0, max: 0xffff_ffff, arg: 'ADDR' } as const;
const asSpec = {
  output: { type: 'string', short: 'o', arg: 'FILE', help: 'the ELF to write' },
  defsym: { type: 'list', arg: 'NAME=VALUE', help: 'define a symbol' },
  include: { type: 'list', short: 'I', arg: 'DIR', help: 'include directory' },
  text: { ...ADDRESS, help: 'text address' },
  data: { ...ADDRESS, help: 'data address' },
} satisfies Record<string, OptionSpec>;
const disasSpec = {
  word: { type: 'int', min: -0x8000_0000, max: 0xffff_ffff, arg: 'VALUE', help: 'disassemble one instruction word' },
  address: { ...ADDRESS, help: 'its address' },
} satisfies Record<string, OptionSpec>;

function assembleCommand(args: readonly string[], validateOnly: boolean): void {
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
  checkOutputPath(o.output, '-o');
  if (validateOnly) return;
  const source = readInputFile(input, 'input').toString('utf8');
  const image = assembleProgram(source, { file: input, defsym, includeDirs: o.include, ...(o.text !== undefined ? { textAddress: o.text } : {}), ...(o.data !== undefined ? { dataAddress: o.data } : {}) });
  writeFileAtomic(o.output, writeElf(image));
}

function disasCommand(args: readonly string[], io: CliIo): void {
  const { values: o, positionals } = parseArgs(args, disasSpec, { max: 1 });
  if (o.word !== undefined) {
    if (positionals.length > 0) throw new UsageError('disas takes an ELF file or --word, not both');
    if (!io.validateOnly) io.out(`${disassemble(o.word >>> 0, (o.address ?? 0) >>> 0)}\n`);
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
    if (cmd === 'as') assembleCommand(rest, io.validateOnly === true);
    else if (cmd === 'disas') disasCommand(rest, io);
    else throw new UsageError(`${cmd ? `unknown command ${JSON.stringify(cmd)}` : 'no command'} (as or disas; see --help)`);
    return 0;
  } catch (e) {
    // Errors in the input program: the assembler's own message (file:line:column), exit 1.
    if (e instanceof AsmError || e instanceof LinkError || e instanceof ElfError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (isEntryPoint(import.meta.url)) await runMain('toolchain', main);
