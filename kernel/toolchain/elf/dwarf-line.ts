// DWARF (version 2) line information for an executable, built from the linker's line table, so
// GDB (`list`, `break file.S:line`, the source line of a stop) and addr2line see the assembly
// sources, as GNU as -g gives them: one compile unit per run of lines inside one segment, each with
// its line-number program (.debug_line) and a compile-unit entry (.debug_info, .debug_abbrev)
// naming the address range and pointing at its program.
import type { LineRecord, LinkedImage } from '../image.ts';
import { Bytes } from './build.ts';

/** The three sections, or none when the image has no lines. */
export interface DwarfSections {
  readonly line: Uint8Array;
  readonly info: Uint8Array;
  readonly abbrev: Uint8Array;
}

// Line-program parameters (GNU as uses the same for ARM: addresses advance in halfwords).
const MIN_INSTRUCTION_LENGTH = 2;
const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
const STANDARD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

const DW_LNS_copy = 1;
const DW_LNS_advance_pc = 2;
const DW_LNS_advance_line = 3;
const DW_LNS_set_file = 4;
const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;

const DW_TAG_compile_unit = 0x11;
const DW_AT_name = 0x03;
const DW_AT_stmt_list = 0x10;
const DW_AT_low_pc = 0x11;
const DW_AT_high_pc = 0x12;
const DW_AT_language = 0x13;
const DW_AT_producer = 0x25;
const DW_FORM_addr = 0x01;
const DW_FORM_data2 = 0x05;
const DW_FORM_data4 = 0x06;
const DW_FORM_string = 0x08;
const DW_LANG_Mips_Assembler = 0x8001;

const PRODUCER = 'handoff assembler';

function uleb(b: Bytes, v: number): void {
  let x = v >>> 0;
  do {
    const byte = x & 0x7f;
    x >>>= 7;
    b.u8(x !== 0 ? byte | 0x80 : byte);
  } while (x !== 0);
}

function sleb(b: Bytes, v: number): void {
  let x = v | 0;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    const done = (x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0);
    b.u8(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function cstring(b: Bytes, s: string): void {
  b.bytes(new TextEncoder().encode(s));
  b.u8(0);
}

/**
 * Lines of code in address order, cut into runs that stay inside one executable segment (a
 * sequence each). Data sections get none, as with GNU as -g (it records lines for instructions).
 */
function sequences(image: LinkedImage): LineRecord[][] {
  const segOf = (a: number): number => image.segments.findIndex((s) => s.flags.exec && a >= s.address && a < s.address + s.memSize);
  const runs: LineRecord[][] = [];
  let seg = -2;
  for (const l of [...image.lines].sort((a, b) => a.address - b.address)) {
    const s = segOf(l.address);
    if (s < 0) continue;
    const run = runs[runs.length - 1];
    if (s !== seg || !run) runs.push([l]);
    else if (run[run.length - 1]!.address !== l.address) run.push(l);
    seg = s;
  }
  return runs;
}

/** The end of a run: past its last line, inside the segment (an instruction is at most 4 bytes). */
function endOf(image: LinkedImage, run: readonly LineRecord[]): number {
  const last = run[run.length - 1]!.address;
  const seg = image.segments.find((s) => last >= s.address && last < s.address + s.memSize)!;
  return Math.min(last + 4, seg.address + seg.memSize);
}

/** One line-number program unit (header and program) for a run of lines. */
function lineUnit(out: Bytes, run: readonly LineRecord[], end: number): void {
  const files = [...new Set(run.map((l) => l.file))];
  const body = new Bytes();
  body.u8(MIN_INSTRUCTION_LENGTH);
  body.u8(1); // default_is_stmt
  body.u8(LINE_BASE & 0xff);
  body.u8(LINE_RANGE);
  body.u8(OPCODE_BASE);
  for (const n of STANDARD_OPCODE_LENGTHS) body.u8(n);
  body.u8(0); // no include directories: file names are as the assembler was given them
  for (const f of files) {
    cstring(body, f);
    uleb(body, 0); // directory: the compilation directory
    uleb(body, 0); // modification time unknown
    uleb(body, 0); // length unknown
  }
  body.u8(0);
  const headerLength = body.len;
  const program = new Bytes();
  program.u8(0);
  uleb(program, 5);
  program.u8(DW_LNE_set_address);
  program.u32(run[0]!.address);
  let address = run[0]!.address;
  let line = 1;
  let file = 1;
  for (const l of run) {
    const f = files.indexOf(l.file) + 1;
    if (f !== file) {
      program.u8(DW_LNS_set_file);
      uleb(program, f);
      file = f;
    }
    const dLine = l.line - line;
    const dAddr = (l.address - address) / MIN_INSTRUCTION_LENGTH;
    const special = dLine - LINE_BASE + LINE_RANGE * dAddr + OPCODE_BASE;
    if (dLine >= LINE_BASE && dLine < LINE_BASE + LINE_RANGE && Number.isInteger(dAddr) && special <= 255) {
      program.u8(special);
    } else {
      if (dAddr !== 0) {
        program.u8(DW_LNS_advance_pc);
        uleb(program, Math.floor(dAddr));
      }
      if (dLine !== 0) {
        program.u8(DW_LNS_advance_line);
        sleb(program, dLine);
      }
      program.u8(DW_LNS_copy);
    }
    address = l.address;
    line = l.line;
  }
  program.u8(DW_LNS_advance_pc);
  uleb(program, Math.ceil((end - address) / MIN_INSTRUCTION_LENGTH));
  program.u8(0);
  uleb(program, 1);
  program.u8(DW_LNE_end_sequence);
  const head = body.done();
  const prog = program.done();
  out.u32(2 + 4 + headerLength + prog.length); // unit_length
  out.u16(2); // version
  out.u32(headerLength);
  out.bytes(head);
  out.bytes(prog);
}

function abbreviations(): Uint8Array {
  const b = new Bytes();
  uleb(b, 1);
  uleb(b, DW_TAG_compile_unit);
  b.u8(0); // no children
  for (const [at, form] of [[DW_AT_stmt_list, DW_FORM_data4], [DW_AT_low_pc, DW_FORM_addr], [DW_AT_high_pc, DW_FORM_addr], [DW_AT_name, DW_FORM_string], [DW_AT_producer, DW_FORM_string], [DW_AT_language, DW_FORM_data2]] as const) {
    uleb(b, at);
    uleb(b, form);
  }
  b.u8(0);
  b.u8(0);
  b.u8(0);
  return b.done();
}

/** The DWARF sections for an image's lines; undefined when it has none. */
export function dwarfLineSections(image: LinkedImage): DwarfSections | undefined {
  const runs = sequences(image);
  if (runs.length === 0) return undefined;
  const line = new Bytes();
  const info = new Bytes();
  for (const run of runs) {
    const stmtList = line.len;
    const end = endOf(image, run);
    lineUnit(line, run, end);
    const die = new Bytes();
    uleb(die, 1);
    die.u32(stmtList);
    die.u32(run[0]!.address);
    die.u32(end);
    cstring(die, run[0]!.file);
    cstring(die, PRODUCER);
    die.u16(DW_LANG_Mips_Assembler);
    const d = die.done();
    info.u32(2 + 4 + 1 + d.length); // unit_length
    info.u16(2); // version
    info.u32(0); // abbreviations at the start of .debug_abbrev
    info.u8(4); // address size
    info.bytes(d);
  }
  return { line: line.done(), info: info.done(), abbrev: abbreviations() };
}
