// Command line for the toolchain (run with tsx):
//   npx tsx kernel/toolchain/cli.ts as prog.s -o prog.elf [--defsym NAME=VALUE]... [-I dir]... [--text 0x8000] [--data ADDR]
//   npx tsx kernel/toolchain/cli.ts disas prog.elf          listing like objdump -d (uses $a/$d mapping symbols)
//   npx tsx kernel/toolchain/cli.ts disas --word 0xe1a00000 [--address 0x8000] [--thumb]
import { readFileSync, writeFileSync } from 'node:fs';
import { AsmError, ElfError, LinkError, assembleProgram, disassemble, disassembleImage, disassembleThumb, formatWarning, readElf, writeElf, type AsmWarning } from './index.ts';

const USAGE = `usage:
  cli.ts as <file.s> -o <out.elf> [--defsym NAME=VALUE]... [-I <dir>]... [--text <addr>] [--data <addr>]
  cli.ts disas <file.elf>
  cli.ts disas --word <value> [--address <addr>] [--thumb]`;

function num(text: string | undefined, what: string): number {
  if (text === undefined) throw new UsageError(`${what} needs a value`);
  const v = Number(text.startsWith('-') ? -Number(text.slice(1)) : text);
  if (!Number.isFinite(v) || !Number.isInteger(v)) throw new UsageError(`${what}: '${text}' is not an integer`);
  if (!Number.isSafeInteger(v)) throw new UsageError(`${what}: '${text}' is too large`);
  return v;
}

class UsageError extends Error {}

function address(text: string | undefined, what: string): number {
  const v = num(text, what);
  if (v < 0 || v > 0xffffffff) throw new UsageError(`${what}: ${text} is outside the 32-bit address space`);
  return v;
}

function assembleCommand(args: string[]): void {
  let input: string | undefined;
  let output: string | undefined;
  let textAddress: number | undefined;
  let dataAddress: number | undefined;
  const defsym: Record<string, number> = {};
  const includeDirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o') output = args[++i];
    else if (a === '--defsym') {
      const m = /^([A-Za-z_.$][\w.$]*)=(.+)$/.exec(args[++i] ?? '');
      if (!m) throw new UsageError('--defsym needs NAME=VALUE');
      defsym[m[1]!] = num(m[2], `--defsym ${m[1]}`);
    } else if (a.startsWith('--defsym=')) {
      const m = /^--defsym=([A-Za-z_.$][\w.$]*)=(.+)$/.exec(a);
      if (!m) throw new UsageError('--defsym needs NAME=VALUE');
      defsym[m[1]!] = num(m[2], `--defsym ${m[1]}`);
    } else if (a === '-I') includeDirs.push(args[++i] ?? '.');
    else if (a.startsWith('-I')) includeDirs.push(a.slice(2));
    else if (a === '--text') textAddress = address(args[++i], '--text');
    else if (a === '--data') dataAddress = address(args[++i], '--data');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (input === undefined) input = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!input || !output) throw new UsageError('as needs an input file and -o <output>');
  const onWarning = (w: AsmWarning): void => void process.stderr.write(`${formatWarning(w)}\n`);
  const image = assembleProgram(readFileSync(input, 'utf8'), { file: input, defsym, includeDirs, onWarning, ...(textAddress !== undefined ? { textAddress } : {}), ...(dataAddress !== undefined ? { dataAddress } : {}) });
  writeFileSync(output, writeElf(image));
}

function disasCommand(args: string[]): void {
  const wi = args.indexOf('--word');
  if (wi >= 0) {
    const w = num(args[wi + 1], '--word') >>> 0;
    const ai = args.indexOf('--address');
    const address = ai >= 0 ? num(args[ai + 1], '--address') >>> 0 : 0;
    // --thumb: a halfword, or a 32-bit pair with the first halfword in the high bits.
    const text = args.includes('--thumb') ? (w > 0xffff ? disassembleThumb(w >>> 16, w & 0xffff, address) : disassembleThumb(w, undefined, address)).text : disassemble(w, address);
    process.stdout.write(`${text}\n`);
    return;
  }
  const file = args[0];
  if (!file) throw new UsageError('disas needs an ELF file or --word');
  const image = readElf(new Uint8Array(readFileSync(file)), file);
  process.stdout.write(`${disassembleImage(image).join('\n')}\n`);
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'as') assembleCommand(rest);
    else if (cmd === 'disas') disasCommand(rest);
    else throw new UsageError(cmd ? `unknown command ${cmd}` : 'no command');
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof AsmError || e instanceof LinkError || e instanceof ElfError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
