// Programs of raw instruction encodings for RTL-vs-reference lockstep: every decode class with its
// fields drawn at random (conditions, registers including r15, addressing modes, shifts, lists,
// S and W bits), the ARMv5 UNPREDICTABLE forms whose behaviour the project documents included.
// An item is the encoding under test (a `.word`, or assembly where only a label fixes a field)
// preceded by fix-ups: instructions that set the registers it uses as addresses or jump targets, so
// that every data access stays in the data window (never on code, whose prefetch would make
// self-modifying code UNPREDICTABLE) and every write to the pc lands on the item's landing.
//
// Landings: an item that writes the pc aims at `L`, two words after it, behind a pad of two nops,
// so a target of L-4..L+4 (carry-dependent results, pc+12 reads) lands too; where the value cannot
// be chosen relative to the item (a logical immediate, a byte load), it aims at a fixed pad that
// jumps to the address the fix-up left in the pad's resume cell.
import fc from 'fast-check';
import { SEMIHOSTING_EXIT } from '../golden/semihosting-exit.ts';

/** Where the data window is: every base register points near its middle. */
export const DATA_CENTRE = 0x0010_8000;
export const DATA_ADDRESS = 0x0010_0000;
export const DATA_BYTES = 0x0001_0000;
/** The pad for absolute targets (an encodable immediate) and its resume cell. */
export const PAD = 0x8000;
export const PAD_CELL = 0x8004;
/** A pad below 256 for byte and halfword loads to the pc, and its resume cell. */
export const LOW_PAD = 0x40;
export const LOW_PAD_CELL = 0x44;

export const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/**
 * A register value a fix-up establishes: `k * label + c` (label = the item's landing or its own
 * address), then optionally EORed with an encodable constant, inverted or halved.
 */
export interface Value {
  readonly k: -1 | 0 | 1 | 2;
  readonly label?: string;
  readonly c: number;
  readonly then?: { readonly op: 'eor'; readonly imm: number } | { readonly op: 'mvn' } | { readonly op: 'lsr1' };
}

export const constant = (c: number): Value => ({ k: 0, c: c >>> 0 });
export const atLabel = (label: string, c = 0, k: Value['k'] = 1): Value => ({ k, label, c });

function addend(c: number): string {
  const v = c | 0;
  return v === 0 ? '' : v > 0 ? `+${hex(v)}` : `-${hex(-v)}`;
}

/** Fix-up lines putting `v` into register `r`. */
export function setRegister(r: number, v: Value): string[] {
  const out: string[] = [];
  const rr = `r${r}`;
  if (v.k === 0) out.push(`ldr ${rr}, =${hex(v.c)}`);
  else if (v.k === 1) out.push(`ldr ${rr}, =${v.label}${addend(v.c)}`);
  else if (v.k === -1) out.push(`ldr ${rr}, =${v.label}${addend(-v.c)}`, `rsb ${rr}, ${rr}, #0`);
  else {
    if ((v.c & 1) !== 0) throw new Error('2 * label + odd constant');
    out.push(`ldr ${rr}, =${v.label}${addend((v.c | 0) / 2)}`, `add ${rr}, ${rr}, ${rr}`);
  }
  if (v.then?.op === 'eor') out.push(`eor ${rr}, ${rr}, #${hex(v.then.imm)}`);
  else if (v.then?.op === 'mvn') out.push(`mvn ${rr}, ${rr}`);
  else if (v.then?.op === 'lsr1') out.push(`mov ${rr}, ${rr}, lsr #1`);
  return out;
}

/** The fix-up that makes the fixed pad at `cell`'s pad resume at `label`; uses `t1`, `t2`. */
export function armPad(cell: number, label: string, t1: number, t2: number): string[] {
  return [`ldr r${t1}, =${label}`, `ldr r${t2}, =${hex(cell)}`, `str r${t1}, [r${t2}]`];
}

/** Rotated 8-bit immediate encoding of v, or undefined. */
export function encodeImmediate(v: number): number | undefined {
  for (let rot = 0; rot < 16; rot++) {
    const x = rot === 0 ? v >>> 0 : ((v << (2 * rot)) | (v >>> (32 - 2 * rot))) >>> 0;
    if (x < 256) return (rot << 8) | x;
  }
  return undefined;
}

export function decodeImmediate(field: number): number {
  const rot = ((field >>> 8) & 15) * 2;
  const v = field & 0xff;
  return (rot === 0 ? v : (v >>> rot) | (v << (32 - rot))) >>> 0;
}

/** Rendering context: fresh labels, and the registers an item may clobber. */
export class RenderContext {
  private next = 0;
  label(prefix = 'L'): string {
    return `${prefix}${this.next++}`;
  }
}

/** Registers r0..r12 not in `used` (fix-up temporaries), in a stable order. */
export function temporaries(used: readonly number[], count: number): number[] {
  const out: number[] = [];
  for (let r = 0; r <= 12 && out.length < count; r++) if (!used.includes(r)) out.push(r);
  return out;
}

/** An item: renders its lines (fix-ups, the instruction, its landing) in a context. */
export type Item = (ctx: RenderContext) => string[];

/**
 * The landing after an item that writes the pc: `A` is the instruction's label, the landing `L`
 * is A + 12 and the words between are nops, so targets A+4, A+8 and A+12 all continue at L.
 */
export function landing(l: string): string[] {
  return ['nop', 'nop', `${l}:`];
}

/** A data address in the window: the centre plus a random offset, any alignment. */
export const dataAddress: fc.Arbitrary<number> = fc.integer({ min: -2048, max: 2047 }).map((o) => DATA_CENTRE + o);

export interface EncodingProgram {
  readonly items: readonly Item[];
  readonly registers: readonly number[];
  readonly memory: readonly number[];
  readonly flags: number;
}

export const encodingProgram = (item: fc.Arbitrary<Item>, length: number): fc.Arbitrary<EncodingProgram> =>
  fc.record({
    items: fc.array(item, { minLength: Math.ceil(length / 2), maxLength: length }),
    registers: fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 15, maxLength: 15 }),
    memory: fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 128, maxLength: 128 }),
    flags: fc.integer({ min: 0, max: 31 }),
  });

/**
 * Assembly text. Vectors: undefined and prefetch abort (BKPT) return after the instruction,
 * restoring the mode; SWI returns after it in SVC mode (so a program that went to User mode comes
 * back); data abort skips the instruction; IRQ/FIQ resume. Link with text at 0 and data at
 * DATA_ADDRESS; the pads sit at PAD and LOW_PAD.
 */
export function renderEncodingProgram(p: EncodingProgram): string {
  const ctx = new RenderContext();
  const body: string[] = [];
  p.items.forEach((item, k) => {
    body.push(...item(ctx));
    // Literal pools within reach of every fix-up.
    if (k % 6 === 5) {
      const over = ctx.label('P');
      body.push(`b ${over}`, '.ltorg', `${over}:`);
    }
  });
  const init = p.registers.map((v, i) => `  ldr r${i}, =${hex(v)}`).join('\n');
  return `
  .syntax unified
  .text
  .global _start
vectors:
  b _start
  movs pc, lr                 @ undefined: next instruction
  b swi_handler
  movs pc, lr                 @ prefetch abort (BKPT): next instruction
  subs pc, lr, #4             @ data abort: skip
  nop
  subs pc, lr, #4             @ IRQ
  subs pc, lr, #4             @ FIQ
swi_handler:                  @ back to SVC mode, in the caller's state
  mrs r13, spsr
  bic r13, r13, #0x100        @ (QEMU keeps bit 8 set: the ARMv6 A bit)
  bic r13, r13, #0x1f
  orr r13, r13, #0x13
  msr spsr_fsxc, r13
  movs pc, lr
  .org ${hex(LOW_PAD)}
low_pad:
  ldr pc, [pc, #-4]
low_pad_cell:
  .word 0
  .org ${hex(PAD)}
pad:
  ldr pc, [pc, #-4]
pad_cell:
  .word 0
_start:
${init}
  msr cpsr_f, #${hex((p.flags << 27) >>> 0)}
${body.map((l) => (l.endsWith(':') ? l : `  ${l}`)).join('\n')}
  swi 0x77                    @ back to SVC mode from wherever the items left it
${SEMIHOSTING_EXIT}
  .data
  .space ${hex(DATA_CENTRE - DATA_ADDRESS - 256)}
  .word ${p.memory.map(hex).join(', ')}
  .space ${hex(DATA_BYTES - (DATA_CENTRE - DATA_ADDRESS) - 256)}
`;
}
