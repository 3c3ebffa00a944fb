// Command line for the toolchain (see docs/TOOLCHAIN.md; `npm run build` compiles it for a fast start):
//   cli.ts as prog.s -o prog.o [-c] [--defsym NAME=VALUE]... [-I dir]...     ELF relocatable object (GNU as)
//   cli.ts as prog.s -o prog.elf [--text 0x8000] [--data ADDR] ...            assembled and linked executable
//   cli.ts ld a.o b.o -o prog.elf [--text 0x8000] [--data ADDR] [-e sym]     link objects (ours or GNU's)
//   cli.ts disas prog.elf                     listing like objdump -d (uses $a/$t/$d mapping symbols)
//   cli.ts disas --word 0xe1a00000 [--address 0x8000] [--thumb]
import { readFileSync, writeFileSync } from 'node:fs';
import {
  AsmError, ElfError, LinkError, assembleAll, disassemble, disassembleImage, disassembleThumb, formatWarning, link, linkProgram, readElf,
  readObject, writeElf, writeObject, type AsmWarning, type SectionPlacement,
} from './index.ts';

const USAGE = `usage:
  cli.ts as <file.s> -o <out.o> [-c] [--defsym NAME=VALUE]... [-I <dir>]...
  cli.ts as <file.s> -o <out.elf> [--defsym NAME=VALUE]... [-I <dir>]... [--text <addr>] [--data <addr>]
  cli.ts ld <a.o>... -o <out.elf> [--text <addr>] [--data <addr>] [-e <symbol>]
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

/** Errors of a failed assembly, each on its line of stderr (GNU as reports them all). */
class ReportedErrors extends Error {}

const printWarning = (w: AsmWarning): void => void process.stderr.write(`${formatWarning(w)}\n`);

function assembleCommand(args: string[]): void {
  let input: string | undefined;
  let output: string | undefined;
  let objectOnly = false;
  let textAddress: number | undefined;
  let dataAddress: number | undefined;
  const defsym: Record<string, number> = {};
  const includeDirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o') output = args[++i];
    else if (a === '-c') objectOnly = true;
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
  const { object, errors } = assembleAll(readFileSync(input, 'utf8'), { file: input, defsym, includeDirs, onWarning: printWarning });
  if (!object) {
    for (const e of errors) process.stderr.write(`${e.message}\n`);
    throw new ReportedErrors();
  }
  // A relocatable object (GNU as's output) for -c or a .o name; otherwise our linked executable.
  if (objectOnly || output.endsWith('.o')) {
    if (textAddress !== undefined || dataAddress !== undefined) throw new UsageError('--text/--data place an executable, not an object (-c)');
    writeFileSync(output, writeObject(object));
    return;
  }
  writeFileSync(output, writeElf(linkProgram(object, { ...(textAddress !== undefined ? { textAddress } : {}), ...(dataAddress !== undefined ? { dataAddress } : {}) })));
}

function linkCommand(args: string[]): void {
  const inputs: string[] = [];
  let output: string | undefined;
  let entry: string | undefined;
  const sections: SectionPlacement[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o') output = args[++i];
    else if (a === '-e') entry = args[++i];
    else if (a === '--text' || a === '-Ttext') sections.push({ name: '.text', address: address(args[++i], a) });
    else if (a === '--data' || a === '-Tdata') sections.push({ name: '.data', address: address(args[++i], a) });
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else inputs.push(a);
  }
  if (inputs.length === 0 || !output) throw new UsageError('ld needs objects and -o <output>');
  if (!sections.some((s) => s.name === '.text')) sections.unshift({ name: '.text', address: 0x8000 });
  const objects = inputs.map((f) => readObject(new Uint8Array(readFileSync(f)), f));
  writeFileSync(output, writeElf(link(objects, { sections, ...(entry !== undefined ? { entry } : {}) })));
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
    else if (cmd === 'ld') linkCommand(rest);
    else if (cmd === 'disas') disasCommand(rest);
    else throw new UsageError(cmd ? `unknown command ${cmd}` : 'no command');
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ReportedErrors) return 1;
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
