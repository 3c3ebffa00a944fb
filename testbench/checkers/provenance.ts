// Provenance of message words, cycle by cycle, from the sender's trap to the receiver's resume.
// Every message word gets a label (bit k: MR k of the sender): the message's register MRs in their
// physical registers, its UTCB MRs in the sender's UTCB words (by physical address). Labels then
// follow the data in program order, as the hardware moves it:
//   - a register write from an ALU-like uop carries the labels of every register its instruction
//     read so far (a value computed from a message word is still that word's data), and of the
//     flags when it reads the carry as data (ADC, SBC, RSC, RRX);
//   - a flag-setting uop gives the flags the labels of its sources;
//   - a loaded value carries the labels of the memory word it came from, or, when that word has
//     none, those of its address registers (a table lookup indexed by a message word);
//   - a store gives the memory word the labels of the register that supplied its data and of its
//     address registers (which cell a constant goes to is data), and an ARM instruction that ran
//     under a condition on flags carrying labels writes or stores those labels too;
//   - CP15 and status registers keep the labels of what MCR/MSR wrote and give them back to
//     MRC/MRS.
// Writeback is processed before Memory each cycle: a store in Memory sees the register labels of
// every older instruction, exactly as its data was forwarded. Only the kernel's uops count (a uop
// whose CPSR is user mode belongs to a thread; a user store clears the labels of what it wrote).
// Control flow is not followed (a branch on a message word, or a conditional instruction that
// did not run, does not label what follows).
//
// Labels outlive their window where a thread cannot reach them: at the next trap, labels in
// privileged banked registers, CP15, status registers and memory become "earlier message" marks
// (old register MR / old UTCB MR), so message data the kernel parks in its own state and stores in
// a later IPC is still seen (a window that reached the slow path makes no marks: the slow path
// keeps message data in kernel state by design). User-visible registers start clean at every trap.
//
// Each register also remembers the word it was loaded from (its origin, moved by MOV), so a store
// of it is known to be a copy of that word, byte by byte for partial copies.
//
// XOR is followed exactly: a value is *exact* when it is the XOR of the words its labels name and
// of data carrying no label (a message word as trapped or loaded, moved by MOV, stored and loaded
// whole: a byte or halfword of it is inexact). EOR of two exact values (a register operand, shifted
// by an immediate or not, or an immediate) is exact and its terms are the symmetric difference of
// theirs, a shifted word being a term of its own ('k:lsl:1'; shifts are linear over XOR), so a word
// XORed with another and back carries only its own label again (x ^ y ^ y is x, x ^ (y << 1) ^
// (y << 1) too). A MOV of a shifted register makes the same term; a word shifted twice is not
// followed; a value holding a shifted word stays exact in registers only (memory keeps plain exact
// words). Any other operation, a partial store, an earlier message's marks or a value read back
// from CP15 or a status register makes it inexact, and inexact labels only grow.
// An exact tag (MR0) ANDed with a mask inside its count fields (bits 0-11: how many words and items
// the message has) is unlabelled: the kernel's count of what to copy, not message content.
//
// The tracker records what the judges need: every kernel store, every load of a labelled word,
// every write of a register that holds a message register, and every labelled value leaving the
// register file for CP15 or a status register.
import { EXC_DABT, EXC_ENTRY, EXC_PABT, MODE_USR, physReg, spsrIndex } from '../../rtl/core/arm.ts';
import { K_ALU, K_BRANCH, K_BX, K_EXC, K_MCR, K_MRC, K_MRS, K_MSR, K_MUL } from '../../rtl/core/uop.ts';
import type { HandoffProbes } from './probes.ts';
import {
  addressRegisters,
  aluReadsPc,
  aluWritesPc,
  armFlagWrites,
  CONDITION_FLAGS,
  cpKey,
  eorShift,
  FAR_KEY,
  FLAG_C,
  FLAG_COUNT,
  FLAG_N,
  FLAG_Q,
  FLAG_V,
  FLAG_Z,
  FSR_KEY,
  IFAR_KEY,
  IFSR_KEY,
  IMMEDIATE_OPERAND,
  immediateOf,
  isImmediate,
  isLinearEor,
  isPlainMove,
  isRrx,
  isSwap,
  isTagCountMask,
  isTagCountTest,
  isTagLowHalf,
  laneMask,
  loadsPc,
  NO_OPERAND,
  OP_ADC,
  OP_AND,
  OP_BIC,
  OP_EOR,
  OP_MOV,
  OP_ORR,
  OP_RSC,
  OP_SBC,
  opcodeOf,
  sBit,
  setsQ,
  shiftedMask,
  TAG_COUNT_FIELDS,
  THUMB_EOR,
  THUMB_HI_MOV,
  thumbFlagWrites,
  thumbReadsCarry,
  TLB_LOCKDOWN_KEY,
} from './instruction-facts.ts';

/** Earlier windows' message data (kept in kernel state across traps). */
export const OLD_REGISTER_MR = 1;
export const OLD_UTCB_MR = 2;
/**
 * Earlier messages' data a slow path kept in kernel memory (a saved context, a queued message):
 * the slow path's to deliver, nobody else's to touch. Judged like the others everywhere but in
 * slow-path code, and a thread may get its own message back (a timeout restoring its context).
 */
export const OLD_SLOW_REGISTER_MR = 4;
export const OLD_SLOW_UTCB_MR = 8;
export const SLOW_KEPT = OLD_SLOW_REGISTER_MR | OLD_SLOW_UTCB_MR;

/** A set of message registers (bit k of lo: MR k; of hi: MR 32 + k), and earlier messages' marks. */
export interface Labels {
  readonly lo: number;
  readonly hi: number;
  /** OLD_REGISTER_MR | OLD_UTCB_MR | OLD_SLOW_*: data of an earlier window's message. */
  readonly old: number;
  /** With `old`: the trap cycle of the earliest window that message data came from (else -1). */
  readonly from: number;
}

export interface StoreEvent extends Labels {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  /** The instruction is Thumb (instr its halfword). */
  readonly thumb: boolean;
  readonly va: number;
  readonly pa: number;
  /** 0 byte, 1 halfword, 2 word. */
  readonly size: number;
  readonly data: number;
  /** Physical register the data came from (-1: an internal latch, -2: none, e.g. the pc). */
  readonly source: number;
  /** Physical word address (pa >>> 2) the stored data was loaded from, or -1. */
  readonly origin: number;
  /** Some of its labels came from its address registers or the flags its condition read, not its data. */
  readonly chosen: boolean;
}

export interface LoadEvent extends Labels {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  /** The instruction is Thumb (instr its halfword). */
  readonly thumb: boolean;
  readonly va: number;
  readonly pa: number;
  readonly data: number;
}

export interface RegisterWriteEvent extends Labels {
  readonly cycle: number;
  readonly port: 'w0' | 'w1';
  readonly physical: number;
  readonly data: number;
  readonly pc: number;
  readonly instr: number;
  readonly thumb: boolean;
  /** A load wrote it (from `address`), or a result. */
  readonly cause: 'load' | 'result';
  readonly address?: number;
}

export interface LeakEvent extends Labels {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  /** The instruction is Thumb (instr its halfword). */
  readonly thumb: boolean;
  readonly into: 'CP15' | 'status register';
  /** The register it came from. */
  readonly source: number;
}

/** What a window's trap labels: the message's register MRs (0..count-1) and UTCB MR words. */
export interface MessageLabels {
  readonly registerMrs: number;
  /** Each UTCB MR's physical address, and its value at the trap as the sender's loads read it (if known). */
  readonly utcb: ReadonlyArray<readonly [mr: number, pa: number, value?: number]>;
}

const MODE_MASK = 0x1f;
const PSR_T = 0x20;
const isKernel = (cpsr: number): boolean => (cpsr & MODE_MASK) !== MODE_USR;

/** Uop kinds whose register result never comes from the registers they read. */
const NOT_FROM_SOURCES: ReadonlySet<number> = new Set([K_EXC, K_BRANCH, K_BX]);
const PHYSICAL_REGISTERS = 30;
/** Physical registers 0..14 (r0-r12, r13_usr, r14_usr) are the user's; the rest are privileged banks. */
const FIRST_PRIVILEGED = 15;

/** An exact value's terms: the words it holds unshifted (a label mask) and, by 'k:shift', the words it holds shifted. */
interface XorTerms {
  readonly lo: number;
  readonly hi: number;
  readonly shifted: ReadonlySet<string>;
}
const NO_SHIFTED: ReadonlySet<string> = new Set();

/** The flags' labels an ARM instruction's condition read (its own flags only: Z for EQ), else none. */
const predicatedOn = (instr: number, thumb: boolean, flags: readonly Triple[]): Triple => {
  if (thumb) return NONE;
  let l = NONE;
  for (const f of CONDITION_FLAGS[instr >>> 28]!) l = union(l, flags[f]!);
  return l;
};
/** The status register an MSR/MRS names: the CPSR, or the SPSR of the current mode. */
const psrKey = (i: number, cpsr: number): number => (((i >>> 22) & 1) !== 0 ? 0x100 | (cpsr & MODE_MASK) : 0);
/** The mode has an SPSR (not User or System: there an SPSR access or exception return leaves the CPSR as it is). */
const hasSpsr = (cpsr: number): boolean => spsrIndex(cpsr & MODE_MASK) >= 0;

type Triple = [lo: number, hi: number, old: number, from: number];
const NONE: Triple = [0, 0, 0, -1];
/** `a` without the labels of `b` (the earlier-message kinds too). */
const without = (a: Triple, b: Triple): Triple => {
  const old = a[2] & ~b[2];
  return [a[0] & ~b[0], a[1] & ~b[1], old, old === 0 ? -1 : a[3]];
};
/** The labels of `a` that `b` also has. */
const common = (a: Triple, b: Triple): Triple => {
  const old = a[2] & b[2];
  return [a[0] & b[0], a[1] & b[1], old, old === 0 ? -1 : a[3]];
};
/** The union of two label sets: the earliest window of their old marks. */
const union = (a: Triple, b: Triple): Triple => [a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] < 0 ? b[3] : b[3] < 0 ? a[3] : Math.min(a[3], b[3])];
const empty = (t: Triple): boolean => (t[0] | t[1] | t[2]) === 0;

export class Provenance {
  private readonly regLo = new Uint32Array(PHYSICAL_REGISTERS);
  private readonly regHi = new Uint32Array(PHYSICAL_REGISTERS);
  private readonly regOld = new Uint8Array(PHYSICAL_REGISTERS);
  private readonly regFrom = new Int32Array(PHYSICAL_REGISTERS).fill(-1);
  /** 1: the register's labels are exact (see the file comment). */
  private readonly regExact = new Uint8Array(PHYSICAL_REGISTERS).fill(1);
  /** Memory words whose labels are exact. */
  private readonly exactWords = new Set<number>();
  /** An exact register's terms when it holds a shifted word (else null: its labels, all unshifted). */
  private readonly regTerms: Array<XorTerms | null> = new Array<XorTerms | null>(PHYSICAL_REGISTERS).fill(null);
  /** Word (pa >>> 2) each register's value was loaded from (moved by MOV), or -1. */
  private readonly regOrigin = new Int32Array(PHYSICAL_REGISTERS).fill(-1);
  /** Labels of memory words, by physical word address (pa >>> 2). */
  private readonly mem = new Map<number, Triple>();
  /** Labels kept in CP15 registers (cpKey) and status registers (psrKey). */
  private readonly cp = new Map<number, Triple>();
  private readonly psr = new Map<number, Triple>();
  /** Labels of N, Z, C, V and Q (FLAG_N..FLAG_Q). */
  private readonly flags: Triple[] = new Array<Triple>(FLAG_COUNT).fill(NONE);
  /** Labels of the flag bits (31..27) of each SPSR, by psrKey; `psr` holds those of the other bits. */
  private readonly spsrFlags = new Map<number, Triple>();
  /**
   * A register holding the tag reduced by AND/BIC/shifts (regTagTracked): the bits of its value that
   * may still be the tag's bits outside its count fields (0: only counts, or nothing, are left).
   */
  private readonly regTagLive = new Int32Array(PHYSICAL_REGISTERS);
  private readonly regTagTracked = new Uint8Array(PHYSICAL_REGISTERS);
  /** Each register's value as the kernel last wrote it (regValueKnown: since the user ran, for r0-r14), for a mask held in a register. */
  private readonly regValue = new Uint32Array(PHYSICAL_REGISTERS);
  private readonly regValueKnown = new Uint8Array(PHYSICAL_REGISTERS);
  /** What the TLB's contents depend on: the labels of every address translated (a walk or not there decides later walks, c10's victim). */
  private tlbLabels: Triple = NONE;
  /** The address labels of the kernel data abort in flight: its exception's link and SPSR carry them (whether it aborted was data). */
  private dabtLabels: Triple = NONE;
  /** Kernel words stored in this window: the value last stored and every label the word held meanwhile (see memory()). */
  private readonly storedWords = new Map<number, { value: number; seen: Triple }>();
  /** Labels of the data written into the pc (a computed jump): BL's link and pc reads carry them. */
  private pcLabels: Triple = NONE;
  // Labels of everything the instruction in Writeback has read so far (reset after its last uop).
  private instr: Triple = NONE;
  /** The trap cycle of the window in progress (labels made now come from it). */
  private window = -1;
  // The load that completed last in Memory: its labels reach the register when it writes back.
  private loadPc = -1;
  private loadAddr = 0;
  private loadWord = -1;
  private load: Triple = NONE;
  private loadExact = true;
  // Labels of the store data a SWP latched (its second uop stores the first uop's register).
  private latch: Triple = NONE;
  private latchExact = true;
  private latchOrigin = -1;

  stores: StoreEvent[] = [];
  loads: LoadEvent[] = [];
  mrWrites: RegisterWriteEvent[] = [];
  leaks: LeakEvent[] = [];
  /** A uop wrote loaded data that no load was seen for (a tracker bug, reported by the engine). */
  lostLoads = 0;

  constructor(
    private readonly p: HandoffProbes,
    /** Physical registers that hold message registers (index k: MR k). */
    private readonly mrRegisters: readonly number[],
  ) {}

  /**
   * Start a window: labels left from the last one become earlier-message marks where only the
   * kernel can reach them and are dropped elsewhere; then MR k < registerMrs is labelled in
   * mrRegisters[k] and each UTCB MR in its word.
   */
  begin(message: MessageLabels, trapCycle: number, lastWindowSlow = false): void {
    const nreg = this.mrRegisters.length;
    const registerMask = nreg >= 32 ? 0xffff_ffff : (1 << nreg) - 1; // nreg <= 6 in practice
    const made = this.window;
    // A window that reached the slow path makes no marks: the slow path keeps message data in
    // kernel state by design (saved contexts, queued messages) and computes its control from it.
    // Except in a register the slow path never wrote: what the fast path parked there before it
    // declined (a banked register, say) is still the fast path's (its stores, CP15 and PSR moves
    // before the slow path are judged in their own window by the leak rules).
    const parked = lastWindowSlow ? this.writtenSinceSlow : null;
    this.writtenSinceSlow = null;
    const age = ([lo, hi, old, from]: Triple, fastAging = false): Triple => {
      // (what a slow path kept: marks of their own kind; registers it wrote keep none, but what was parked)
      const slowKept = lastWindowSlow && !fastAging;
      const [register, utcb] = slowKept ? [OLD_SLOW_REGISTER_MR, OLD_SLOW_UTCB_MR] : [OLD_REGISTER_MR, OLD_UTCB_MR];
      const kinds = old | ((lo & registerMask) !== 0 ? register : 0) | ((lo & ~registerMask) !== 0 || hi !== 0 ? utcb : 0);
      return kinds === 0 ? NONE : [0, 0, kinds, (lo | hi) !== 0 ? (from < 0 ? made : Math.min(from, made)) : from];
    };
    const parkedLabels = this.parkedAtSlow;
    this.parkedAtSlow = NONE;
    for (let r = 0; r < PHYSICAL_REGISTERS; r++) {
      // After a slow path: a register it never wrote keeps all its labels as marks; one it wrote
      // keeps those that were parked when it began (a save and restore, a move through another register).
      const held = this.reg(r);
      const t = r < FIRST_PRIVILEGED ? NONE : parked === null || !parked.has(r) ? age(held, parked !== null) : age(common(held, parkedLabels), true);
      this.setReg(r, t, empty(t)); // an earlier message's marks are never exact
      if (r < FIRST_PRIVILEGED) {
        this.regOrigin[r] = -1;
        this.regValueKnown[r] = 0; // (the user ran since)
      }
    }
    const ageAll = (m: Map<number, Triple>): void => {
      for (const [k, t] of m) {
        const a = age(t);
        if (empty(a)) m.delete(k);
        else m.set(k, a);
      }
    };
    ageAll(this.mem);
    this.exactWords.clear();
    ageAll(this.cp);
    ageAll(this.psr);
    ageAll(this.spsrFlags);
    // What the kernel stored keeps its value across windows (a stale alias read in a later one);
    // what the word held becomes earlier-message marks like the rest of memory.
    for (const [k, w] of this.storedWords) {
      const seen = age(w.seen);
      if (empty(seen)) this.storedWords.delete(k);
      else this.storedWords.set(k, { value: w.value, seen });
    }
    this.tlbLabels = age(this.tlbLabels);
    this.window = trapCycle;
    this.flags.fill(NONE); // the user's CPSR: the trap saved it into an SPSR, and the user ran since
    this.psr.delete(0); // (the CPSR's other bits too)
    this.pcLabels = NONE; // the trap's vector
    this.argFrom = this.argTo = 0;
    for (let k = 0; k < message.registerMrs && k < nreg; k++) {
      const [lo, hi] = bit(k);
      this.setReg(this.mrRegisters[k]!, [lo, hi, 0, -1], true);
    }
    for (const [k, pa, value] of message.utcb) {
      const [lo, hi] = bit(k);
      this.mem.set(pa >>> 2, [lo, hi, 0, -1]);
      this.exactWords.add(pa >>> 2);
      // Its value: a load that reads another one there read a stale copy (see memory()).
      if (value !== undefined) this.storedWords.set(pa >>> 2, { value: value >>> 0, seen: [lo, hi, 0, -1] });
    }
    this.instr = NONE;
    this.loadPc = -1;
    this.latch = NONE;
    this.latchExact = true;
    this.latchOrigin = -1;
    this.stores = [];
    this.loads = [];
    this.mrWrites = [];
    this.leaks = [];
    this.lostLoads = 0;
  }

  /**
   * For this window (a system call), loads of `words` words from physical address `pa` (the
   * caller's message area) give unlabelled values: the caller handing the kernel its own words.
   */
  argumentArea(pa: number, words: number): void {
    this.argFrom = (pa >>> 0) >>> 2;
    this.argTo = this.argFrom + words;
  }

  /** The window's argument area, in words [argFrom, argTo) (empty outside system calls). */
  private argFrom = 0;
  private argTo = 0;

  /** The user registers (physical 0..14: r0-r12, sp_usr, lr_usr) holding message labels now, fresh or earlier. */
  userRegisterLabels(): Array<{ readonly physical: number } & Labels> {
    const out: Array<{ readonly physical: number } & Labels> = [];
    for (let r = 0; r < FIRST_PRIVILEGED; r++) {
      const t = this.reg(r);
      if (!empty(t)) out.push({ physical: r, lo: t[0], hi: t[1], old: t[2], from: t[3] });
    }
    return out;
  }

  /** The earliest window (trap cycle) whose message data this window's stores or leaks carried, or -1. */
  earliestOld(): number {
    let from = -1;
    // (stores and leaks of this window, and what its resume leaves in user registers)
    for (const e of [...this.stores, ...this.leaks, ...this.userRegisterLabels()]) if (e.old !== 0 && e.from >= 0 && (from < 0 || e.from < from)) from = e.from;
    return from;
  }

  /** The labels of what a kernel load or store's address was computed from (m_instr in mode `cpsr`). */
  private addressLabels(instr: number, cpsr: number): Triple {
    let l: Triple = NONE;
    // (the pc as a base carries what a computed jump wrote into it: which literal a jump chose)
    for (const r of addressRegisters(instr, (cpsr & PSR_T) !== 0)) l = union(l, r === 15 ? this.pcLabels : this.reg(physReg(r, cpsr & MODE_MASK)));
    return l;
  }

  private reg(r: number): Triple {
    return [this.regLo[r]!, this.regHi[r]!, this.regOld[r]!, this.regFrom[r]!];
  }

  /** An event's earlier-message marks as the rules see them: in slow-path code, not what a slow path kept (its to deliver). */
  private judgedOld([, , old, from]: Triple): { old: number; from: number } {
    const judged = this.writtenSinceSlow === null ? old : old & ~SLOW_KEPT;
    return { old: judged, from: judged === 0 ? -1 : from };
  }

  /** The window's first slow-path instruction retired: from now on the registers written are the slow path's. */
  slowPathStarted(): void {
    if (this.writtenSinceSlow !== null) return;
    this.writtenSinceSlow = new Set();
    // What the fast path left in privileged registers as the slow path begins: parked data, which
    // keeps its marks even after the slow path saves, moves and restores the register.
    let parked: Triple = NONE;
    for (let r = FIRST_PRIVILEGED; r < PHYSICAL_REGISTERS; r++) parked = union(parked, [this.regLo[r]!, this.regHi[r]!, 0, -1]);
    this.parkedAtSlow = parked;
  }

  /**
   * The window came back from slow-path code into code only the fast path runs (handoff-engine.ts):
   * from now on what a slow path kept is judged as everywhere (not the slow path's to deliver here),
   * and the registers written since are a fast path's again.
   */
  slowPathLeft(): void {
    this.writtenSinceSlow = null;
    this.parkedAtSlow = NONE;
  }

  /** Per register: the labels it holds only in bits 31..28, copied there from the flags by an MRS of the CPSR. */
  private readonly regFlagOnly: Triple[] = new Array<Triple>(PHYSICAL_REGISTERS).fill(NONE);

  /** The flag-only labels of the value Writeback writes now (see regFlagOnly). */
  private flagOnlyOf(kind: number, instr: number, labels: Triple, predicated: Triple): Triple {
    const p = this.p;
    if ((p.wb_cpsr.v & PSR_T) !== 0) return NONE;
    if (kind === K_MRS) return psrKey(instr, p.wb_cpsr.v) === 0 || !hasSpsr(p.wb_cpsr.v) ? without(this.allFlags(), this.psr.get(0) ?? NONE) : NONE;
    // ORR, BIC, AND or EOR with an immediate that leaves bits 31..28 alone keeps them where they were.
    const op = opcodeOf(instr);
    const logical = op === OP_ORR || op === OP_BIC || op === OP_AND || op === OP_EOR;
    // (what a condition on the flags wrote into the other bits is not flag-only: `biceq r1, r1, #0x40`)
    if (kind === K_ALU && logical && isImmediate(instr) && (immediateOf(instr) & 0xf0000000) === 0 && p.wb_ra_en.v) return without(common(this.regFlagOnly[p.wb_ra.v]!, labels), predicated);
    return NONE;
  }

  /** Message labels in privileged registers when the window's slow path began. */
  private parkedAtSlow: Triple = NONE;

  /** Registers written since the window's slow path began (null: no slow path in this window). */
  private writtenSinceSlow: Set<number> | null = null;

  private setReg(r: number, [lo, hi, old, from]: Triple, exact: boolean, terms: XorTerms | null = null): void {
    this.writtenSinceSlow?.add(r);
    this.regFlagOnly[r] = NONE;
    this.regTagTracked[r] = 0;
    this.regLo[r] = lo;
    this.regHi[r] = hi;
    this.regOld[r] = old;
    this.regFrom[r] = from;
    this.regExact[r] = exact ? 1 : 0;
    this.regTerms[r] = exact ? terms : null;
  }

  /** Exact with all its words unshifted (what memory, MOV's origin and the tag rule keep). */
  private isPlainExact(r: number): boolean {
    return this.isExact(r) && this.regTerms[r] === null;
  }

  private termsOf(r: number): XorTerms {
    return this.regTerms[r] ?? { lo: this.regLo[r]!, hi: this.regHi[r]!, shifted: NO_SHIFTED };
  }

  private isExact(r: number): boolean {
    return this.regExact[r] === 1 && this.regOld[r] === 0;
  }

  /** The register holds MR0 (the tag) XORed with unlabelled data only: bit k of it is the tag's bit k, or not message data. */
  private isExactTag(r: number): boolean {
    return this.isPlainExact(r) && this.regLo[r] === 1 && this.regHi[r] === 0;
  }

  /** Every flag's labels (what an MRS of the CPSR, or an exception's copy into an SPSR, takes). */
  private allFlags(): Triple {
    let l = NONE;
    for (const f of this.flags) l = union(l, f);
    return l;
  }

  /**
   * An address computed from `labels` was translated: what the TLB holds now depends on it (a walk
   * there, or an entry that saves a later walk), and so does c10's victim, which walks advance
   * (MRC of c10 reads it, whatever MCR wrote there since).
   */
  private translated(labels: Triple): void {
    this.tlbLabels = union(this.tlbLabels, labels);
  }

  /**
   * The bits of the register's value that may be the tag's bits outside its count fields, when it
   * holds the tag (exact, or reduced: see regTagLive) and nothing else of the message; else null.
   */
  private tagLive(r: number): number | null {
    if (this.regLo[r] !== 1 || this.regHi[r] !== 0 || this.regOld[r] !== 0) return null;
    if (this.regTagTracked[r] === 1) return this.regTagLive[r]!;
    if (this.isExactTag(r)) return ~TAG_COUNT_FIELDS;
    const t = this.regTerms[r];
    if (!this.isExact(r) || t === null || t.lo !== 0 || t.hi !== 0 || t.shifted.size !== 1) return null;
    const m = /^0:(lsl|lsr|asr|ror):(\d+)$/.exec([...t.shifted][0]!);
    return m ? shiftedMask(~TAG_COUNT_FIELDS, m[1]!, Number(m[2])) : null;
  }

  /** ANDing (or TSTing) the register with `mask` keeps none of the tag's bits outside its count fields. */
  private keepsNoTagBit(r: number, mask: number): boolean {
    const live = this.tagLive(r);
    return live !== null && (live & mask) === 0;
  }

  /**
   * For AND/BIC Rd, Rn, #imm with Rn holding the tag, or MOV Rd, Rm, <shift #n> with Rm a reduced
   * tag: the bits of the result that may still be the tag's outside its count fields; else null.
   */
  private reducedTag(instr: number): number | null {
    const p = this.p;
    const op = opcodeOf(instr);
    if ((op === OP_AND || op === OP_BIC) && isImmediate(instr) && p.wb_ra_en.v) {
      const live = this.tagLive(p.wb_ra.v);
      if (live === null) return null;
      return op === OP_AND ? live & immediateOf(instr) : live & ~immediateOf(instr);
    }
    // The same with the mask in a register (unshifted) holding no message data and a value the
    // kernel wrote (for AND, either operand: it commutes).
    if ((op === OP_AND || op === OP_BIC) && !isImmediate(instr) && ((instr >>> 4) & 0xff) === 0 && p.wb_ra_en.v && p.wb_rb_en.v) {
      const reduced = this.maskedTag(p.wb_ra.v, p.wb_rb.v, op === OP_BIC);
      return reduced !== null || op === OP_BIC ? reduced : this.maskedTag(p.wb_rb.v, p.wb_ra.v, false);
    }
    if (op === OP_MOV && !isImmediate(instr) && p.wb_rb_en.v && this.regTagTracked[p.wb_rb.v] === 1 && p.wb_last.v) {
      const shift = eorShift(instr);
      const live = this.tagLive(p.wb_rb.v);
      if (shift === null || live === null) return null;
      if (shift === '') return live;
      const [type, amount] = shift.split(':');
      return shiftedMask(live, type!, Number(amount));
    }
    return null;
  }

  /** `tag` AND (or AND NOT) `mask`, the mask a register holding no message data and a value the kernel wrote: what may be left of the tag's bits outside its count fields; else null. */
  private maskedTag(tag: number, mask: number, not: boolean): number | null {
    const live = this.tagLive(tag);
    if (live === null || this.regValueKnown[mask] !== 1 || !empty(this.reg(mask))) return null;
    return not ? live & ~this.regValue[mask]! : live & this.regValue[mask]!;
  }

  /**
   * Thumb's LSL/LSR/ASR Rd, Rm, #imm (format 1) of Rm holding the tag, or AND/BIC Rd, Rm (format 4:
   * Rd op Rm) with the tag on one side and a known mask on the other: what may be left of its bits
   * outside the count fields; else null.
   */
  private reducedThumbTag(i: number): number | null {
    const p = this.p;
    if (i >>> 10 === 0x10 && p.wb_ra_en.v && p.wb_rb_en.v) {
      const op = (i >>> 6) & 15;
      if (op === 0) return this.maskedTag(p.wb_ra.v, p.wb_rb.v, false) ?? this.maskedTag(p.wb_rb.v, p.wb_ra.v, false);
      if (op === 14) return this.maskedTag(p.wb_ra.v, p.wb_rb.v, true);
      return null;
    }
    if (i >>> 13 !== 0 || ((i >>> 11) & 3) === 3 || !p.wb_rb_en.v) return null;
    const live = this.tagLive(p.wb_rb.v);
    if (live === null) return null;
    const type = (i >>> 11) & 3;
    const amount = (i >>> 6) & 31;
    if (type === 0) return shiftedMask(live, 'lsl', amount);
    return shiftedMask(live, type === 1 ? 'lsr' : 'asr', amount === 0 ? 32 : amount);
  }

  /**
   * ANDing the register with `mask` keeps only the tag's count fields: it holds the exact tag, or
   * only the exact tag shifted right by n (LSR or ASR) and the mask keeps bits the shift brought
   * down from inside the count fields (`mov r12, r3, lsr #6; and r12, r12, #0x3f`: the typed count).
   */
  private isTagCountOperand(r: number, mask: number): boolean {
    if (this.isExactTag(r)) return true;
    const t = this.regTerms[r];
    if (!this.isExact(r) || t === null || t.lo !== 0 || t.hi !== 0 || t.shifted.size !== 1) return false;
    const shift = /^0:(?:lsr|asr):(\d+)$/.exec([...t.shifted][0]!);
    if (!shift) return false;
    const n = Number(shift[1]);
    return n < 32 && (mask & ~(TAG_COUNT_FIELDS >>> n)) === 0;
  }

  /**
   * The labels of an EOR's (or a shifting MOV's) result from its sources (Rn, and Rm shifted by `shift` unless the
   * operand is an immediate): the symmetric difference of their terms when both are exact (a term
   * shifted twice is not followed), else everything it read. A MOV of a shifted register is the
   * same with no Rn (rn = NO_OPERAND).
   */
  private xorLabels(rn: number, rm: number, shift: string): { labels: Triple; exact: boolean; terms: XorTerms | null } {
    // rm: a physical register, IMMEDIATE_OPERAND, or NO_OPERAND (a register operand not seen: inexact)
    const inexact = { labels: this.instr, exact: empty(this.instr), terms: null };
    if ((rn !== NO_OPERAND && !this.isExact(rn)) || rm === NO_OPERAND || (rm >= 0 && !this.isExact(rm))) return inexact;
    const a: XorTerms = rn === NO_OPERAND ? { lo: 0, hi: 0, shifted: NO_SHIFTED } : this.termsOf(rn);
    let b: XorTerms = { lo: 0, hi: 0, shifted: NO_SHIFTED };
    if (rm >= 0 && shift === '') b = this.termsOf(rm);
    else if (rm >= 0) {
      if (this.regTerms[rm] !== null) return inexact;
      b = { lo: 0, hi: 0, shifted: new Set(labelList({ lo: this.regLo[rm]!, hi: this.regHi[rm]!, old: 0, from: -1 }).map((k) => `${k}:${shift}`)) };
    }
    const shifted = new Set<string>();
    for (const t of a.shifted) if (!b.shifted.has(t)) shifted.add(t);
    for (const t of b.shifted) if (!a.shifted.has(t)) shifted.add(t);
    let lo = (a.lo ^ b.lo) >>> 0;
    let hi = (a.hi ^ b.hi) >>> 0;
    const terms = shifted.size === 0 ? null : { lo, hi, shifted };
    for (const t of shifted) {
      const [bl, bh] = bit(Number(t.slice(0, t.indexOf(':'))));
      lo = (lo | bl) >>> 0;
      hi = (hi | bh) >>> 0;
    }
    return { labels: [lo, hi, 0, -1], exact: true, terms };
  }

  /** Outside windows, user stores overwrite what they write: their labels go. */
  userCycle(): void {
    const p = this.p;
    if (!p.d_req.v || !p.d_ready.v || p.d_abort.v || !p.d_we.v || isKernel(p.m_cpsr.v)) return;
    const pa = p.d_pa ? p.d_pa.v : p.d_addr.v;
    if (p.d_size.v === 2) this.mem.delete(pa >>> 2);
    // A partial store keeps the word's labels, but the word is no longer the one they name.
    this.exactWords.delete(pa >>> 2);
    this.storedWords.delete(pa >>> 2);
  }

  /** One cycle: Writeback's register writes, then Memory's data access. */
  cycle(cycle: number): void {
    this.writeback(cycle);
    this.memory(cycle);
  }

  private writeback(cycle: number): void {
    const p = this.p;
    if (!p.wb_valid.v || !isKernel(p.wb_cpsr.v)) return;
    if (p.wb_ra_en.v) this.gather(p.wb_ra.v);
    if (p.wb_rb_en.v) this.gather(p.wb_rb.v);
    // (A load reads port C only to give its Rd back if a later word aborts (LDRD): not an input.)
    if (p.wb_rc_en.v && !(p.wb_mem.v && p.wb_load.v)) this.gather(p.wb_rc.v);
    const kind = p.wb_kind.v;
    const instr = p.wb_instr.v;
    const exc = p.wb_exc.v !== 0;
    const alu = kind === K_ALU;
    const thumb = (p.wb_cpsr.v & PSR_T) !== 0;
    // Predication: an ARM instruction that ran because flags carrying labels passed its condition
    // writes what they carry too (a word rebuilt bit by bit by TST and ORRNE needs no branch). One
    // that did not run leaves its destination as it was: that flow is a branch's (not followed).
    const predicated = p.wb_exec.v && !exc ? predicatedOn(instr, thumb, this.flags) : NONE;
    if (!empty(predicated)) this.instr = union(this.instr, predicated);
    // (before the write: `ands r3, r3, #0x3f` overwrites the tag it tests)
    const countTest = alu && !thumb && isTagCountTest(instr) && p.wb_ra_en.v && (this.isTagCountOperand(p.wb_ra.v, immediateOf(instr)) || this.keepsNoTagBit(p.wb_ra.v, immediateOf(instr)));
    // Rm as it was before this instruction writes (Rd may be Rm): the bit a shift leaves in C.
    const rm = p.wb_rb_en.v ? p.wb_rb.v : -1;
    const rmLabels = rm >= 0 ? this.reg(rm) : NONE;
    const rmTagLive = rm >= 0 ? this.tagLive(rm) : null;
    // The pc read as data carries what was written into it (pcLabels): an ALU operand, or the base
    // of a pc-relative load or store (a literal pool the computed pc chose).
    if (!empty(this.pcLabels) && ((alu && aluReadsPc(instr, thumb)) || (p.wb_mem.v && addressRegisters(instr, thumb).includes(15)))) this.instr = union(this.instr, this.pcLabels);
    if (alu && (thumb ? thumbReadsCarry(instr) : opcodeOf(instr) === OP_ADC || opcodeOf(instr) === OP_SBC || opcodeOf(instr) === OP_RSC || isRrx(instr))) {
      this.instr = union(this.instr, this.flags[FLAG_C]!); // the carry is a data input
    }
    // What the destination gets (N and Z of a logical operation are its bits), and the tag's bits
    // it may still hold when it holds a reduced tag.
    let result: Triple = this.instr;
    let tagLiveOut: number | null = null;
    // A register moved onto itself (ARM `mov rX, rX`; Thumb's NOP, `mov r8, r8`, which alignment
    // padding in Thumb kernel code is made of) changes nothing: no write of the MR it holds.
    const thumbMov = (instr & 0xff00) === THUMB_HI_MOV;
    const selfMove = alu && p.w0_en.v && p.wb_rb_en.v && p.wb_rb.v === p.w0_addr.v && !p.wb_ra_en.v && ((p.wb_cpsr.v & PSR_T) !== 0 ? thumbMov : isPlainMove(instr));
    if (p.w0_en.v && !selfMove) {
      let labels: Triple = NONE;
      let exact = false;
      let terms: XorTerms | null = null;
      let origin = -1;
      let load = false;
      if (p.wb_mem.v && p.wb_load.v) {
        load = true;
        if (this.loadPc === p.wb_pc.v && this.loadAddr === p.wb_addr.v) {
          labels = this.load;
          exact = this.loadExact;
          origin = this.loadWord;
          // A word with no labels of its own, read at an address computed from a message word.
          if (empty(labels)) {
            labels = this.instr;
            exact = false;
          }
        } else this.lostLoads++;
      } else if (kind === K_MRC) {
        labels = this.cp.get(cpKey(instr)) ?? NONE;
        if (cpKey(instr) === TLB_LOCKDOWN_KEY) labels = union(labels, this.tlbLabels);
      } else if (kind === K_BRANCH || kind === K_BX || kind === K_EXC || exc) {
        // BL/BLX, and an exception entry: the link is an address after the pc, so it carries what the
        // pc does (and, for a data abort, what decided that the access aborted: its address).
        labels = p.wb_exc.v === EXC_DABT ? union(this.pcLabels, this.dabtLabels) : this.pcLabels;
      } else if (kind === K_MRS) {
        // The CPSR read back carries its flags too (a bit of a message word can be moved through N, Z, C, V).
        // (an SPSR read where the mode has none gives the CPSR)
        const key = hasSpsr(p.wb_cpsr.v) ? psrKey(instr, p.wb_cpsr.v) : 0;
        labels = key === 0 ? union(this.psr.get(0) ?? NONE, this.allFlags()) : union(this.psr.get(key) ?? NONE, this.spsrFlags.get(key) ?? NONE);
      } else if (!exc && !NOT_FROM_SOURCES.has(kind)) {
        labels = this.instr;
        if (alu && isPlainMove(instr) && p.wb_rb_en.v) {
          origin = this.regOrigin[p.wb_rb.v]!;
          exact = this.isExact(p.wb_rb.v);
          terms = this.regTerms[p.wb_rb.v] ?? null;
        } else if (alu && (p.wb_cpsr.v & PSR_T) === 0 && isTagCountMask(instr) && p.wb_ra_en.v && this.isTagCountOperand(p.wb_ra.v, immediateOf(instr))) {
          // The tag's counts (an exact MR0 has MR0's bits where they were, or shifted down by a
          // MOV: a bit field extracted as compilers do): kernel control data.
          labels = NONE;
          exact = true;
        } else if (alu && (p.wb_cpsr.v & PSR_T) === 0 && isTagLowHalf(instr) && p.wb_rb_en.v && this.isExactTag(p.wb_rb.v)) {
          // The exact tag shifted left by 16 or more: only its flags and counts (bits 0-15) are left,
          // kernel control data as the counts are (the fast path's typed-count-and-flags check).
          labels = NONE;
          exact = true;
        } else if (alu && (tagLiveOut = thumb ? this.reducedThumbTag(instr) : this.reducedTag(instr)) !== null) {
          // The tag ANDed or BICed with an immediate, or a reduced tag shifted: what may be left of
          // its bits outside the count fields (none: the counts alone, kernel control data).
          labels = tagLiveOut === 0 ? NONE : this.instr;
          exact = tagLiveOut === 0;
        } else if (alu && (p.wb_cpsr.v & PSR_T) === 0 && opcodeOf(instr) === OP_MOV && !isImmediate(instr) && eorShift(instr) && p.wb_rb_en.v && p.wb_last.v) {
          // MOV Rd, Rm, <shift #n> (a plain MOV is the branch above): Rm's word as a shifted term
          ({ labels, exact, terms } = this.xorLabels(NO_OPERAND, p.wb_rb.v, eorShift(instr)!));
        } else if (alu && (p.wb_cpsr.v & PSR_T) === 0 && isLinearEor(instr) && p.wb_ra_en.v && p.wb_last.v) {
          // (an ARM EOR: in Thumb state wb_instr is not an ARM encoding)
          const register = isImmediate(instr) ? IMMEDIATE_OPERAND : p.wb_rb_en.v ? p.wb_rb.v : NO_OPERAND;
          ({ labels, exact, terms } = this.xorLabels(p.wb_ra.v, register, isImmediate(instr) ? '' : eorShift(instr)!));
        } else if (alu && (p.wb_cpsr.v & PSR_T) !== 0 && (instr & 0xffc0) === THUMB_EOR && p.wb_ra_en.v && p.wb_rb_en.v && p.wb_last.v) {
          // Thumb `eors Rd, Rm` (Rd ^ Rm, no shift): the same terms as the ARM EOR
          ({ labels, exact, terms } = this.xorLabels(p.wb_ra.v, p.wb_rb.v, ''));
        }
      }
      if (!empty(predicated)) {
        labels = union(labels, predicated);
        exact = false;
        terms = null;
        origin = -1;
      }
      // (before the write: Rd may be Rn, whose flag-only labels it keeps)
      const flagOnly = this.flagOnlyOf(kind, instr, labels, predicated);
      this.write(cycle, 'w0', p.w0_addr.v, p.w0_data.v, labels, exact || empty(labels), origin, load, terms);
      this.regFlagOnly[p.w0_addr.v] = flagOnly;
      if (tagLiveOut !== null && tagLiveOut !== 0 && empty(predicated)) {
        this.regTagLive[p.w0_addr.v] = tagLiveOut;
        this.regTagTracked[p.w0_addr.v] = 1;
      }
      result = labels;
    }
    if (p.w1_en.v) {
      // Port 1 writes a load or store's base back (its address, never the word stored: `str r9,
      // [r1], #4` leaves r1 with r1's labels), or a long multiply's high word (what it read).
      const labels = exc ? NONE : p.wb_mem.v ? this.addressLabels(instr, p.wb_cpsr.v) : this.instr;
      this.write(cycle, 'w1', p.w1_addr.v, p.w1_data.v, labels, empty(labels), -1, false);
    }
    if (p.wb_exec.v && !exc) {
      // MCR to a CP15 register and MSR keep their operand (CP15 c7/c8 operations only use it).
      const crn = (instr >>> 16) & 15;
      const toRegister = kind === K_MCR && crn !== 7 && crn !== 8;
      const source = toRegister && p.wb_rc_en.v ? p.wb_rc.v : kind === K_MSR && p.wb_rb_en.v ? p.wb_rb.v : -1;
      const labels: Triple = union(source >= 0 ? this.reg(source) : kind === K_MSR ? this.instr : NONE, predicated);
      // An MSR that writes no flag field (`msr cpsr_c, rX`: the mode and mask bits) moves nothing
      // of what rX holds only in its flag bits (an MRS of the CPSR read back, bits 31..28 kept: the
      // save-and-mask idiom after a flag-setting compare). Every other label moves.
      const moved = kind === K_MSR && ((instr >>> 19) & 1) === 0 && source >= 0 ? without(labels, this.regFlagOnly[source]!) : labels;
      if (toRegister) this.cp.set(cpKey(instr), labels);
      if (kind === K_MSR) {
        // Only the fields its mask names: f (bits 31..24, the flags) apart from c, x and s.
        const key = psrKey(instr, p.wb_cpsr.v);
        if (key === 0 || hasSpsr(p.wb_cpsr.v)) {
          if (((instr >>> 19) & 1) !== 0) {
            if (key === 0) this.flags.fill(labels);
            else this.spsrFlags.set(key, labels);
          }
          // (x and s name reserved bits on ARMv5: only c writes the mode, T and mask bits)
          if (((instr >>> 16) & 1) !== 0) this.psr.set(key, moved);
        }
      }
      if (source >= 0 && !empty(moved)) {
        this.leaks.push({ cycle, pc: p.wb_pc.v, instr, thumb: (p.wb_cpsr.v & PSR_T) !== 0, into: kind === K_MCR ? 'CP15' : 'status register', source, lo: moved[0], hi: moved[1], ...this.judgedOld(moved) });
      }
      // A flag-setting uop: the flags it writes now carry what it read, each its own way (a test of
      // the exact tag's counts: nothing, they are kernel control data as the counts themselves are).
      // (an ARM S instruction writing the pc is an exception return: the SPSR's flags, below, or
      // none where the mode has no SPSR)
      if ((alu || kind === K_MUL) && p.wb_last.v && (thumb || (sBit(instr) && !(alu && aluWritesPc(instr, false))))) {
        const w = thumb ? thumbFlagWrites(instr) : armFlagWrites(kind, instr);
        if (w.nz) this.flags[FLAG_N] = this.flags[FLAG_Z] = countTest ? NONE : w.fromResult ? result : this.instr;
        if (w.v) this.flags[FLAG_V] = this.instr;
        const c = w.c;
        if (c.kind === 'all') this.flags[FLAG_C] = this.instr;
        else if (c.kind === 'constant') this.flags[FLAG_C] = predicated;
        else if (c.kind === 'rm-or-keep') this.flags[FLAG_C] = union(this.flags[FLAG_C]!, this.instr);
        else if (c.kind === 'rm') {
          // Rm's bit: none of the tag's outside its counts when Rm holds a reduced tag without it there.
          const countBit = rmTagLive !== null && ((rmTagLive >>> c.position) & 1) === 0;
          this.flags[FLAG_C] = rm < 0 ? this.instr : countBit ? predicated : union(rmLabels, predicated);
        }
      }
      // MRC to r15 writes N, Z, C and V from bits 31..28 of the CP15 register.
      if (kind === K_MRC && ((instr >>> 12) & 15) === 15) {
        const held = union(this.cp.get(cpKey(instr)) ?? NONE, cpKey(instr) === TLB_LOCKDOWN_KEY ? this.tlbLabels : NONE);
        const from = union(held, predicated);
        for (const f of [FLAG_N, FLAG_Z, FLAG_C, FLAG_V]) this.flags[f] = from;
      }
    }
    // What the pc now carries: nothing after an exception entry (a vector); the register's labels
    // after BX; a result or a loaded word written into it; an immediate branch adds a constant to
    // a pc that may already carry labels (a computed jump), so it keeps them.
    if (exc) {
      // A prefetch abort of kernel code: the MMU writes the faulting pc into the IFAR (and its
      // status into the IFSR), which then hold what the pc was computed from (a jump to a message word).
      if (p.wb_exc.v === EXC_PABT && !empty(this.pcLabels)) {
        this.cp.set(IFAR_KEY, this.pcLabels);
        this.cp.set(IFSR_KEY, this.pcLabels);
      }
      const cause = this.pcLabels;
      this.pcLabels = NONE;
      // The entry copies the CPSR, flags included, into the new mode's SPSR (MRS of the SPSR reads it).
      const entry = EXC_ENTRY[p.wb_exc.v];
      if (entry) {
        // What decided that this exception was taken here (a computed pc: which instruction
        // trapped; a data abort's address) is what the new CPSR's mode, T and mask bits are made of.
        const why = union(cause, p.wb_exc.v === EXC_DABT ? this.dabtLabels : NONE);
        this.psr.set(0x100 | entry.mode, union(this.psr.get(0) ?? NONE, why));
        this.spsrFlags.set(0x100 | entry.mode, this.allFlags());
        this.psr.set(0, why);
      }
      if (p.wb_exc.v === EXC_DABT) this.dabtLabels = NONE;
    } else if (p.wb_exec.v) {
      if (kind === K_BX) {
        // The target's bit 0 is the CPSR's T bit after it (an exception's SPSR keeps it).
        this.pcLabels = this.instr;
        if (!empty(this.instr)) this.psr.set(0, union(this.psr.get(0) ?? NONE, this.instr));
      }
      else if (alu && p.wb_last.v && aluWritesPc(instr, thumb)) this.pcLabels = this.instr;
      else if (p.wb_mem.v && p.wb_load.v && loadsPc(instr, thumb) && p.wb_last.v) {
        // The loaded word's labels, or, for a word with none, its address's (a jump table indexed by message data).
        const matched = this.loadPc === p.wb_pc.v && this.loadAddr === p.wb_addr.v && !empty(this.load);
        this.pcLabels = matched ? this.load : this.instr;
        // (ARMv5: a loaded pc's bit 0 sets the T bit too)
        if (!empty(this.pcLabels)) this.psr.set(0, union(this.psr.get(0) ?? NONE, this.pcLabels));
      }
      // An exception return (MOVS pc / SUBS pc, LDM with pc and ^) copies the SPSR back into the CPSR.
      const spsrReturn = !thumb && p.wb_last.v && hasSpsr(p.wb_cpsr.v) && ((alu && sBit(instr) && aluWritesPc(instr, false)) || (p.wb_mem.v && p.wb_load.v && loadsPc(instr, false) && (instr & 0x00400000) !== 0 && (instr & 0x0e000000) === 0x08000000));
      if (spsrReturn) {
        const key = 0x100 | (p.wb_cpsr.v & MODE_MASK);
        this.flags.fill(this.spsrFlags.get(key) ?? NONE);
        this.psr.set(0, this.psr.get(key) ?? NONE);
      }
      // Saturating arithmetic and SMLAxy/SMLAWy set the sticky Q flag from what they read (no S bit).
      if (p.wb_last.v && setsQ(kind, instr, thumb)) this.flags[FLAG_Q] = union(this.flags[FLAG_Q]!, this.instr);
      // A jump to a computed address translates it: a table walk there may advance the TLB lockdown victim.
      if (!empty(this.pcLabels)) this.translated(this.pcLabels);
    }
    if (p.wb_last.v || exc) this.instr = NONE;
  }

  private gather(r: number): void {
    this.instr = union(this.instr, this.reg(r));
  }

  private write(cycle: number, port: 'w0' | 'w1', r: number, data: number, labels: Triple, exact: boolean, origin: number, load: boolean, terms: XorTerms | null = null): void {
    this.setReg(r, labels, exact, terms);
    this.regValue[r] = data;
    this.regValueKnown[r] = 1;
    this.regOrigin[r] = origin;
    if (!this.mrRegisters.includes(r)) return;
    const p = this.p;
    const [lo, hi, old, from] = labels;
    const base = { cycle, port, physical: r, data, pc: p.wb_pc.v, instr: p.wb_instr.v, thumb: (p.wb_cpsr.v & PSR_T) !== 0, lo, hi, old, from };
    this.mrWrites.push(load ? { ...base, cause: 'load', address: p.wb_addr.v } : { ...base, cause: 'result' });
  }

  private memory(cycle: number): void {
    const p = this.p;
    if (p.d_req.v && p.d_abort.v && isKernel(p.m_cpsr.v)) {
      // A kernel data abort: the MMU writes the faulting address into the FAR, which then holds
      // what the address was computed from (read back by MRC like any CP15 register).
      const address = this.addressLabels(p.m_instr.v, p.m_cpsr.v);
      this.cp.set(FAR_KEY, address);
      this.cp.set(FSR_KEY, address);
      this.dabtLabels = address;
      if (!empty(address)) this.translated(address);
      return;
    }
    if (!p.d_req.v || !p.d_ready.v || p.d_abort.v) return;
    if (!isKernel(p.m_cpsr.v)) {
      this.userCycle();
      return;
    }
    const va = p.d_addr.v;
    const pa = p.d_pa ? p.d_pa.v : va;
    const word = pa >>> 2;
    const instr = p.m_instr.v;
    const address = this.addressLabels(instr, p.m_cpsr.v);
    if (!empty(address)) this.translated(address);
    if (p.d_we.v) {
      let labels = NONE;
      let exact = true;
      let source = -2;
      let origin = -1;
      if (p.m_rc_en.v) {
        source = p.m_rc.v;
        labels = this.reg(source);
        exact = this.isPlainExact(source);
        origin = this.regOrigin[source]!;
      } else if (isSwap(instr)) {
        source = -1;
        labels = this.latch;
        exact = this.latchExact;
        origin = this.latchOrigin;
        this.latch = NONE;
        this.latchExact = true;
        this.latchOrigin = -1;
      } else {
        // No register supplied the data: the pc did (STR pc, STM with pc), carrying what was written into it.
        labels = this.pcLabels;
        exact = empty(labels);
      }
      // Which word a store writes is data too: a constant stored at an address computed from a
      // message word carries that word (the cell chosen by a bit), as does a store that ran under
      // flags computed from one.
      const chosen = without(union(this.addressLabels(instr, p.m_cpsr.v), predicatedOn(instr, (p.m_cpsr.v & PSR_T) !== 0, this.flags)), labels);
      if (!empty(chosen)) {
        labels = union(labels, chosen);
        exact = false;
        origin = -1;
      }
      // What a slow path moves of what a slow path kept (a queued message into its receiver's
      // context) is delivered: it stays marked only where the slow path first kept it.
      if (this.writtenSinceSlow !== null) labels = [labels[0], labels[1], labels[2] & ~SLOW_KEPT, (labels[2] & ~SLOW_KEPT) === 0 ? -1 : labels[3]];
      const size = p.d_size.v;
      // The word's value and every label it held this window, for a load that reads it back
      // different (a stale line of another virtual alias of it: the VIVT D-cache).
      // (A byte or halfword store's data is in its lanes; the other bytes are known only after a word store.)
      const prior = this.storedWords.get(word);
      const lanes = laneMask(pa, size);
      if (size === 2 || prior !== undefined) {
        const value = (((prior?.value ?? 0) & ~lanes) | (p.d_wdata.v & lanes)) >>> 0;
        this.storedWords.set(word, { value, seen: union(union(prior?.seen ?? NONE, this.mem.get(word) ?? NONE), labels) });
      }
      // A partial store keeps the other bytes' labels (and is not exact).
      const kept = size !== 2 ? union(labels, this.mem.get(word) ?? NONE) : labels;
      if (!empty(kept)) this.mem.set(word, kept);
      else this.mem.delete(word);
      if (size === 2 && exact && !empty(kept)) this.exactWords.add(word);
      else this.exactWords.delete(word);
      const [lo, hi] = labels;
      this.stores.push({ cycle, pc: p.m_pc.v, instr, thumb: (p.m_cpsr.v & PSR_T) !== 0, va, pa, size, data: p.d_wdata.v, source, origin, lo, hi, ...this.judgedOld(labels), chosen: !empty(chosen) });
      return;
    }
    let labels = word >= this.argFrom && word < this.argTo ? undefined : this.mem.get(word);
    // A word read back as another value than the kernel stored there this window is no longer what
    // the labels say: it came from a stale copy (an alias line the store did not reach), which may
    // hold anything the word held meanwhile. A coherent kernel never reads one.
    const stored = this.storedWords.get(word);
    // (only the bytes the load reads: a partial read from a device or uncached RAM may hold just those)
    const stale = stored !== undefined && ((p.d_rdata.v ^ stored.value) & laneMask(pa, p.d_size.v)) !== 0 && !empty(stored.seen);
    if (stale) labels = union(labels ?? NONE, stored.seen);
    this.loadPc = p.m_pc.v;
    this.loadAddr = va;
    this.loadWord = word;
    this.load = labels ?? NONE;
    // Only a whole word loads as what it is: a byte or halfword is part of one (not an XOR of words).
    this.loadExact = labels === undefined || (p.d_size.v === 2 && this.exactWords.has(word) && !stale);
    if (isSwap(instr) && p.m_rc_en.v) {
      // the register whose value SWP's next uop stores
      this.latch = this.reg(p.m_rc.v);
      this.latchExact = this.isPlainExact(p.m_rc.v);
      this.latchOrigin = this.regOrigin[p.m_rc.v]!;
    }
    if (labels) this.loads.push({ cycle, pc: p.m_pc.v, instr, thumb: (p.m_cpsr.v & PSR_T) !== 0, va, pa, data: p.d_rdata.v, lo: labels[0], hi: labels[1], old: labels[2], from: labels[3] });
  }
}


/** The label of MR k. */
export function bit(k: number): [number, number] {
  return k < 32 ? [(1 << k) >>> 0, 0] : [0, (1 << (k - 32)) >>> 0];
}

/** The MR numbers in a label set, ascending. */
export function labelList(l: Labels): number[] {
  const out: number[] = [];
  for (let k = 0; k < 64; k++) if (((k < 32 ? l.lo >>> k : l.hi >>> (k - 32)) & 1) !== 0) out.push(k);
  return out;
}

export const hasLabel = (l: Labels, k: number): boolean => ((k < 32 ? l.lo >>> k : l.hi >>> (k - 32)) & 1) !== 0;
export const isOnly = (l: Labels, k: number): boolean => {
  const [lo, hi] = bit(k);
  return l.lo === lo && l.hi === hi && l.old === 0;
};
export const noLabels = (l: Labels): boolean => (l.lo | l.hi | l.old) === 0;
