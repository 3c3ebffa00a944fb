// Thumb items for encoding programs (encoding-program.ts): a Thumb block entered from ARM by BX,
// holding one instruction drawn with every field at random (halfwords computed from the fields:
// the generator's own encodings, not an assembler), its landing zone, and a BX PC back to ARM.
// Fix-ups run in ARM state before the block (they set bases, offsets, jump targets and stack
// words). Also ARM items that interwork into Thumb: BX/BLX to Thumb code, BLX <label>, LDR/LDM
// of a pc with bit 0 set, exception returns to an SPSR with T.
//
// A block, in halfwords from S (word-aligned): [a nop when the instruction sits in an upper
// halfword] [the instruction, two halfwords for a BL pair] [three nops: the landing zone]
// [a nop to align] [BX PC] [nop], then ARM code again at W.
import fc from 'fast-check';
import { constant, dataAddress, hex, type Item, type RenderContext, setRegister, temporaries, type Value } from './encoding-program.ts';

const NOP = 0x46c0; // MOV r8, r8
const BX_PC = 0x4778;
const bit = fc.integer({ min: 0, max: 1 });
const lo = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 7 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) });
const anyReg = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 15 }) }, { weight: 1, arbitrary: fc.constantFrom(13, 14, 15) });
const interesting = fc.constantFrom(0, 1, 2, 31, 32, 33, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x8000);

/** What a Thumb instruction needs: its halfwords, fix-ups, and where its pc writes go. */
interface ThumbInstruction {
  /** Halfwords, or a function of the block layout (for offsets that reach the zone or W). */
  readonly halfwords: (layout: Layout) => number[];
  /** ARM fix-up lines, given the layout's labels and spare registers. */
  readonly fixups: (layout: Layout, spare: readonly number[]) => string[];
  /** Registers the instruction uses (the fix-ups' temporaries avoid them). */
  readonly uses: readonly number[];
  readonly upper: boolean;
  /** The halfword count (1, or 2 for a BL/BLX pair). */
  readonly length: number;
}

/** Where things are, in a rendered block: labels and halfword offsets from S. */
interface Layout {
  readonly s: string; // block start (word-aligned)
  readonly w: string; // ARM continuation
  /** Offset (bytes) of the instruction from S. */
  readonly at: number;
  /** Offset of W from S. */
  readonly wOffset: number;
}

/** The Thumb landing zone's middle, as an address value with bit 0 set (a Thumb target). */
const zone = (l: Layout, extra = 0): Value => ({ k: 1, label: l.s, c: l.at + 2 * 2 + extra });

function block(ins: ThumbInstruction): Item {
  return (ctx: RenderContext) => {
    const s = ctx.label('S');
    const w = ctx.label('W');
    const lead = ins.upper ? 1 : 0;
    let count = lead + ins.length + 3;
    const pad = count % 2;
    count += pad;
    const layout: Layout = { s, w, at: lead * 2, wOffset: (count + 2) * 2 };
    const spare = temporaries(ins.uses, 3);
    const t = spare[2]!;
    const halfwords = [...(lead ? [NOP] : []), ...ins.halfwords(layout), NOP, NOP, NOP, ...(pad ? [NOP] : []), BX_PC, NOP];
    return [
      ...ins.fixups(layout, spare),
      `adr r${t}, ${s}`,
      `orr r${t}, r${t}, #1`,
      `bx r${t}`,
      '.align 2',
      `${s}:`,
      ...halfwords.map((h) => `.short ${hex(h)}`),
      `${w}:`,
    ];
  };
}

const plain = (hw: number, uses: readonly number[], fix: (spare: readonly number[]) => string[] = () => [], upper = false): ThumbInstruction => ({
  halfwords: () => [hw], fixups: (_l, spare) => fix(spare), uses, upper, length: 1,
});

const set = (r: number, v: number): string[] => setRegister(r, constant(v));

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}


/** Undefined on ARMv5: cond 1110, the ARMv6/v7 holes of 1011, an odd BLX suffix. */
const UNDEFINED = [0xde00, 0xb100, 0xb200, 0xb300, 0xb600, 0xb700, 0xb800, 0xb900, 0xba00, 0xbb00, 0xbf00, 0xe801];
const QEMU_UNDEFINED = [0xde00, 0xb200, 0xb600, 0xb700, 0xb800, 0xba00];

/**
 * Every Thumb decode class. `qemuComparable` keeps to what QEMU 7.2 runs as an ARM926 does:
 * aligned accesses (QEMU neither rotates a misaligned LDR nor ignores the low bits of LDM/STM),
 * no empty lists, no BX with its should-be-zero bits set (QEMU: undefined), no BL prefix without
 * its suffix (QEMU merges the next halfword into it), and only the undefined encodings QEMU also
 * rejects (it runs CBZ/CBNZ, IT and hints, and an odd BLX suffix).
 */
export function thumbItems(qemuComparable: boolean): fc.Arbitrary<Item> {
  const q = qemuComparable;
  const address = q ? dataAddress.map((a) => a & ~3) : dataAddress;
  // ------------------------------------------------------------------ data processing

  const shiftImm = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 31 }), lo, lo, interesting, bit).map(([op, imm, m, d, v, up]) =>
    block(plain((op << 11) | (imm << 6) | (m << 3) | d, [m, d], () => set(m, v), up === 1)),
  );

  const addSub = fc.tuple(bit, bit, lo, lo, lo, interesting, interesting, bit).map(([i, op, x, n, d, vn, vm, up]) =>
    block(plain(0x1800 | (i << 10) | (op << 9) | (x << 6) | (n << 3) | d, [n, x, d], () => [...set(n, vn), ...(i ? [] : set(x, vm))], up === 1)),
  );

  const immediate8 = fc.tuple(fc.integer({ min: 0, max: 3 }), lo, fc.integer({ min: 0, max: 255 }), interesting, bit).map(([op, d, imm, v, up]) =>
    block(plain(0x2000 | (op << 11) | (d << 8) | imm, [d], () => set(d, v), up === 1)),
  );

  const alu = fc.tuple(fc.integer({ min: 0, max: 15 }), lo, lo, interesting, interesting, bit).map(([op, m, d, vm, vd, up]) =>
    block(plain(0x4000 | (op << 6) | (m << 3) | d, [m, d], () => [...set(d, vd), ...(m !== d ? set(m, vm) : [])], up === 1)),
  );

  /** ADD/CMP/MOV with high registers (the low-low forms too, UNPREDICTABLE on ARMv5 and executed). */
  const highRegisters = fc.tuple(fc.integer({ min: 0, max: 2 }), anyReg, anyReg, interesting, interesting, bit).map(([op, d, m0, vd, vm, up]) => {
    const writesPc = d === 15 && op !== 1;
    const m = writesPc && op === 0 && m0 === 15 ? 3 : m0; // ADD pc, pc has no landing
    return block({
      halfwords: () => [0x4400 | (op << 8) | ((d & 8) << 4) | (m << 3) | (d & 7)],
      uses: [d, m],
      upper: up === 1,
      length: 1,
      fixups: (l) => {
        if (!writesPc) return [...(d !== 15 ? set(d, vd) : []), ...(m !== 15 && m !== d ? set(m, vm) : [])];
        // MOV pc, Rm: Rm = the zone; ADD pc, Rm: pc + 4 + Rm = the zone; MOV pc, pc lands at A + 4.
        if (m === 15) return [];
        return op === 2 ? setRegister(m, zone(l, 1)) : set(m, 4);
      },
    });
  });

  /** BX/BLX Rm: to the Thumb zone or to ARM code at W (r15 is the exit's own BX PC). */
  const branchExchange = fc.tuple(bit, fc.integer({ min: 0, max: 14 }), bit, fc.integer({ min: 0, max: q ? 0 : 7 }), bit).map(([link, m, toArm, sbz, up]) =>
    block({
      halfwords: () => [0x4700 | (link << 7) | (m << 3) | (link ? 0 : sbz)],
      uses: [m],
      upper: up === 1,
      length: 1,
      fixups: (l) => setRegister(m, toArm ? { k: 1, label: l.w, c: 0 } : zone(l, 1)),
    }),
  );

  // ------------------------------------------------------------------ loads and stores

  const loadLiteral = fc.tuple(lo, fc.integer({ min: 0, max: 255 }), bit).map(([d, imm, up]) => block(plain(0x4800 | (d << 8) | imm, [d], () => [], up === 1)));

  /** Register offset (all eight kinds); stores never take their offset from the base itself. */
  const registerOffset = fc.tuple(fc.integer({ min: 0, max: 7 }), lo, lo, lo, address, fc.integer({ min: -64, max: 64 }).map((o) => (q ? o & ~3 : o)), bit).map(([kind, m0, n, d, base, off, up]) => {
    const store = kind <= 2;
    const m = store && m0 === n ? (n + 1) & 7 : m0;
    return block(plain(0x5000 | (kind << 9) | (m << 6) | (n << 3) | d, [m, n, d], () => [...(m !== n ? set(m, off) : []), ...set(n, base)], up === 1));
  });

  const immediateOffset = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 31 }), lo, lo, address, bit).map(([kind, imm, n, d, base, up]) => {
    // STR LDR STRB LDRB (011 B L), STRH LDRH (1000 L)
    const hw = kind < 4 ? 0x6000 | (kind << 11) | (imm << 6) | (n << 3) | d : 0x8000 | ((kind - 4) << 11) | (imm << 6) | (n << 3) | d;
    return block(plain(hw, [n, d], () => set(n, base), up === 1));
  });

  const stackRelative = fc.tuple(bit, lo, fc.integer({ min: 0, max: 255 }), address, bit).map(([l, d, imm, base, up]) =>
    block(plain(0x9000 | (l << 11) | (d << 8) | imm, [d, 13], () => set(13, base - 512), up === 1)),
  );

  const loadAddress = fc.tuple(bit, lo, fc.integer({ min: 0, max: 255 }), bit).map(([sp, d, imm, up]) => block(plain(0xa000 | (sp << 11) | (d << 8) | imm, [d, 13], () => [], up === 1)));

  const adjustStack = fc.tuple(bit, fc.integer({ min: 0, max: 127 }), address, bit).map(([sub, imm, base, up]) =>
    block(plain(0xb000 | (sub << 7) | imm, [13], () => set(13, base), up === 1)),
  );

  /** PUSH/POP (with LR/PC, empty lists included), STMIA/LDMIA (base in the list included). */
  const multiple = fc.tuple(fc.integer({ min: 0, max: 3 }), bit, q ? fc.integer({ min: 1, max: 255 }) : fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 255 }) }, { weight: 1, arbitrary: fc.constant(0) }), lo, address, bit, bit).map(
    ([kind, r, list, n, base, toArm, up]) => {
      const push = kind === 0, pop = kind === 1, stm = kind === 2;
      const hw = push ? 0xb400 | (r << 8) | list : pop ? 0xbc00 | (r << 8) | list : (stm ? 0xc000 : 0xc800) | (n << 8) | list;
      const baseReg = push || pop ? 13 : n;
      const aligned = base & ~3;
      // A load of the pc: POP {.., pc}, or an empty list (which transfers the pc, as in ARM state).
      const pcSlot = pop && r ? aligned + 4 * popcount(list) : (pop || kind === 3) && list === 0 && !(pop && r) ? aligned : -1;
      return block({
        halfwords: () => [hw],
        uses: [baseReg, ...Array.from({ length: 8 }, (_, k) => k).filter((k) => list & (1 << k))],
        upper: up === 1,
        length: 1,
        fixups: (l, spare) => {
          const lines = set(baseReg, base);
          if (pcSlot >= 0) {
            const target: Value = toArm ? { k: 1, label: l.w, c: 0 } : zone(l, 1);
            lines.unshift(...setRegister(spare[0]!, target), ...set(spare[1]!, pcSlot), `str r${spare[0]}, [r${spare[1]}]`);
          }
          return lines;
        },
      });
    },
  );

  // ------------------------------------------------------------------ branches, exceptions

  /** B<cond> and B: to the zone (offsets of 0..2 halfwords past the next instruction). */
  const branches = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 13 }), fc.constant(-1)), fc.integer({ min: 0, max: 2 }), bit).map(([c, k, up]) =>
    block(plain(c < 0 ? 0xe000 | k : 0xd000 | (c << 8) | k, [], () => [], up === 1)),
  );

  /**
   * BL and BLX pairs (the prefix word-aligned), a lone prefix (it only sets LR), and lone suffixes
   * (LR set by a fix-up as a prefix at the address before would): BL lands in the zone, BLX on W.
   */
  // (QEMU runs a prefix and the next halfword as one 32-bit instruction: no lone prefix for it.)
  const branchLink = fc.tuple(fc.integer({ min: 0, max: 4 }).filter((k) => !(q && k === 2)), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 0x7ff }), bit).map(([kind, k, high, up]) => {
    if (kind === 2) return block(plain(0xf000 | high, [14], () => [], up === 1)); // lone prefix
    const pair = kind <= 1;
    const exchange = kind === 1 || kind === 3;
    return block({
      uses: [14],
      // A BLX target is LR + 2 * offset with an even offset: LR must be word-aligned.
      upper: pair ? false : exchange ? true : up === 1,
      length: pair ? 2 : 1,
      halfwords: (l) => {
        const lr = l.at + (pair ? 4 : 2);
        const offset = exchange ? (l.wOffset - lr) / 2 : k + (pair ? 0 : 1);
        const suffix = (exchange ? 0xe800 : 0xf800) | offset;
        return pair ? [0xf000, suffix] : [suffix];
      },
      fixups: (l) => (pair ? [] : setRegister(14, { k: 1, label: l.s, c: l.at + 2 })),
    });
  });

  const exceptions = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 255 }).filter((n) => n !== 0xab), bit).map(([n, up]) => block(plain(0xdf00 | n, [], () => [], up === 1))), // SWI (0xAB: semihosting)
    fc.tuple(fc.integer({ min: 0, max: 255 }), bit).map(([n, up]) => block(plain(0xbe00 | n, [], () => [], up === 1))), // BKPT
    fc.tuple(fc.constantFrom(...(q ? QEMU_UNDEFINED : UNDEFINED)), fc.integer({ min: 0, max: 255 }), bit).map(
      ([base, n, up]) => block(plain(base === 0xe801 ? base | ((n & 0x3f) << 1) : base | n, [], () => [], up === 1)), // undefined on ARMv5
    ),
  );

  return fc.oneof(
    { weight: 2, arbitrary: shiftImm },
    { weight: 2, arbitrary: addSub },
    { weight: 2, arbitrary: immediate8 },
    { weight: 4, arbitrary: alu },
    { weight: 3, arbitrary: highRegisters },
    { weight: 2, arbitrary: branchExchange },
    { weight: 1, arbitrary: loadLiteral },
    { weight: 3, arbitrary: registerOffset },
    { weight: 3, arbitrary: immediateOffset },
    { weight: 1, arbitrary: stackRelative },
    { weight: 1, arbitrary: loadAddress },
    { weight: 1, arbitrary: adjustStack },
    { weight: 4, arbitrary: multiple },
    { weight: 2, arbitrary: branches },
    { weight: 2, arbitrary: branchLink },
    { weight: 2, arbitrary: exceptions },
  );
  }


/** Every Thumb decode class, every field. */
export const thumbItem: fc.Arbitrary<Item> = thumbItems(false);

// ------------------------------------------------------------------ ARM into Thumb

/** A Thumb landing in the ARM stream: two Thumb nops, BX PC, a nop, then ARM code. */
function thumbLanding(l: string): string[] {
  return ['.align 2', `${l}:`, `.short ${hex(NOP)}`, `.short ${hex(NOP)}`, `.short ${hex(BX_PC)}`, `.short ${hex(NOP)}`];
}

/**
 * ARM instructions that enter Thumb state: BX/BLX (register) to Thumb, BLX <label>, LDR pc and
 * LDM {.., pc} loading an odd address, MOVS pc / LDM ^ returning to an SPSR with T set.
 */
export const armToThumbItem: fc.Arbitrary<Item> = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 12 }), dataAddress, fc.constantFrom(0x10, 0x13, 0x1f, 0x1b), bit).map(
  ([kind, r, base, mode, half]) => (ctx: RenderContext) => {
    const l = ctx.label('T');
    const [t1, t2] = temporaries([r], 2) as [number, number];
    const target: Value = { k: 1, label: l, c: 1 + 2 * half };
    const spsr = (0x20 | 0xc0 | mode) >>> 0; // Thumb, IRQ/FIQ masked
    // (Exception returns need a mode with an SPSR: the SWI handler returns in SVC mode.)
    switch (kind) {
      case 0: return [...setRegister(r, target), `bx r${r}`, ...thumbLanding(l)];
      case 1: return [...setRegister(r, target), `blx r${r}`, ...thumbLanding(l)];
      case 2: return [`blx ${l}${half ? '+2' : ''}`, ...thumbLanding(l)];
      case 3: return [...setRegister(t1, target), ...set(r, base & ~3), `str r${t1}, [r${r}]`, `ldr pc, [r${r}]`, ...thumbLanding(l)];
      case 4: return ['swi 0x77', ...set(t2, spsr), `msr spsr_fsxc, r${t2}`, ...setRegister(r, target), `movs pc, r${r}`, ...thumbLanding(l)];
      default: return ['swi 0x77', ...set(t2, spsr), `msr spsr_fsxc, r${t2}`, ...setRegister(t1, target), ...set(r, base & ~3), `str r${t1}, [r${r}, #4]`, `ldmia r${r}, {r${t2}, pc}^`, ...thumbLanding(l)];
    }
  },
);
