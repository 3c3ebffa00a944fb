// Parser for QEMU's `-d in_asm,exec,cpu,nochain,int` log with -singlestep. Each "Trace" record
// is followed by the register dump of the state BEFORE the instruction at R15; "Taking exception"
// lines after it belong to that instruction (or to an interrupt taken after it).

export interface QemuRecord {
  /** R15 = address of the instruction about to execute. */
  readonly pc: number;
  /** R00..R15 of the current mode, before the instruction. */
  readonly registers: readonly number[];
  readonly cpsr: number;
  /** QEMU exception numbers logged after this instruction (16 = semihosting call). */
  readonly exceptions: readonly number[];
}

export interface QemuTrace {
  readonly records: readonly QemuRecord[];
  /** Disassembly QEMU printed for each address it translated (address -> "word  text"). */
  readonly disassembly: ReadonlyMap<number, { readonly word: number; readonly text: string }>;
}

/** QEMU's AArch32 exception numbers. */
export const QEMU_EXCEPTION = {
  undefined: 1,
  swi: 2,
  prefetchAbort: 3,
  dataAbort: 4,
  irq: 5,
  fiq: 6,
  breakpoint: 7,
  semihosting: 16,
} as const;

const REG_RE = /R(\d\d)=([0-9a-f]{8})/g;
const IN_RE = /^0x([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/;
const EXC_RE = /^Taking exception (\d+)/;

export function parseQemuLog(log: string): QemuTrace {
  const records: QemuRecord[] = [];
  const disassembly = new Map<number, { word: number; text: string }>();
  let registers: number[] = [];
  let exceptions: number[] = [];
  for (const line of log.split('\n')) {
    if (line.startsWith('R')) {
      for (const m of line.matchAll(REG_RE)) registers[Number(m[1])] = parseInt(m[2]!, 16);
    } else if (line.startsWith('PSR=')) {
      const cpsr = parseInt(line.slice(4, 12), 16);
      exceptions = [];
      records.push({ pc: registers[15] ?? 0, registers, cpsr, exceptions });
      registers = [];
    } else if (line.startsWith('Taking exception')) {
      const m = EXC_RE.exec(line);
      if (m && records.length > 0) exceptions.push(Number(m[1]));
    } else if (line.startsWith('0x')) {
      const m = IN_RE.exec(line);
      if (m) disassembly.set(parseInt(m[1]!, 16), { word: parseInt(m[2]!, 16), text: m[3]!.trim() });
    }
  }
  return { records, disassembly };
}
