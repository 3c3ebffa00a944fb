// Provenance of message words, cycle by cycle, from the sender's trap to the receiver's resume.
// Every message word gets a label (bit k: MR k of the sender): the register MRs in their physical
// registers, the UTCB MRs in the sender's UTCB words (by physical address). Labels then follow the
// data in program order, as the hardware moves it:
//   - a register write from an ALU-like uop carries the labels of every register its instruction
//     read so far (a value computed from a message word is still that word's data);
//   - a loaded value carries the labels of the memory word it came from;
//   - a store gives the memory word the labels of the register that supplied its data.
// Writeback is processed before Memory each cycle: a store in Memory sees the register labels of
// every older instruction, exactly as its data was forwarded. Only the kernel's uops count (a uop
// whose CPSR is user mode belongs to the receiver). Control flow is not followed (a branch on a
// message word does not label what follows), nor are labels kept in the CPSR flags.
//
// The tracker records what the judges need: every kernel store, every load of a labelled word,
// every write of a register that holds a message register, and every labelled value leaving the
// register file for CP15 or a status register.
import { MODE_USR } from '../../rtl/core/arm.ts';
import { K_BRANCH, K_BX, K_EXC, K_MCR, K_MRC, K_MRS, K_MSR } from '../../rtl/core/uop.ts';
import type { HandoffProbes } from './probes.ts';

/** A set of message registers (bit k of lo: MR k; of hi: MR 32 + k). */
export interface Labels {
  readonly lo: number;
  readonly hi: number;
}

export interface StoreEvent extends Labels {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  readonly va: number;
  readonly pa: number;
  /** 0 byte, 1 halfword, 2 word. */
  readonly size: number;
  readonly data: number;
  /** Physical register the data came from (-1: an internal latch). */
  readonly source: number;
}

export interface LoadEvent extends Labels {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
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
  /** A load wrote it (from `address`), or a result. */
  readonly cause: 'load' | 'result';
  readonly address?: number;
}

export interface LeakEvent extends Labels {
  readonly cycle: number;
  readonly pc: number;
  readonly instr: number;
  readonly into: 'CP15' | 'status register';
  /** The register it came from. */
  readonly source: number;
}

const MODE_MASK = 0x1f;
const isKernel = (cpsr: number): boolean => (cpsr & MODE_MASK) !== MODE_USR;

/** Uop kinds whose register result never comes from the registers they read. */
const NOT_FROM_SOURCES: ReadonlySet<number> = new Set([K_EXC, K_BRANCH, K_BX, K_MRS, K_MRC]);
const PHYSICAL_REGISTERS = 30;

export class Provenance {
  private readonly regLo = new Uint32Array(PHYSICAL_REGISTERS);
  private readonly regHi = new Uint32Array(PHYSICAL_REGISTERS);
  /** Labels of memory words, by physical word address (pa >>> 2). */
  private readonly mem = new Map<number, [number, number]>();
  // Labels of everything the instruction in Writeback has read so far (reset after its last uop).
  private instrLo = 0;
  private instrHi = 0;
  // The load that completed last in Memory: its labels reach the register when it writes back.
  private loadPc = -1;
  private loadAddr = 0;
  private loadLo = 0;
  private loadHi = 0;
  // Labels of the store data an instruction latched (SWP stores its first uop's register).
  private latchLo = 0;
  private latchHi = 0;

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

  /** Start a window: MR k of the sender in register mrRegisters[k]; `utcb` k -> physical word address. */
  begin(registerMrs: number, utcbMrs: ReadonlyArray<readonly [mr: number, pa: number]>): void {
    this.regLo.fill(0);
    this.regHi.fill(0);
    this.mem.clear();
    for (let k = 0; k < registerMrs && k < this.mrRegisters.length; k++) this.set(this.mrRegisters[k]!, bit(k));
    for (const [k, pa] of utcbMrs) {
      const [lo, hi] = bit(k);
      this.mem.set(pa >>> 2, [lo, hi]);
    }
    this.instrLo = this.instrHi = 0;
    this.loadPc = -1;
    this.latchLo = this.latchHi = 0;
    this.stores = [];
    this.loads = [];
    this.mrWrites = [];
    this.leaks = [];
    this.lostLoads = 0;
  }

  private set(r: number, [lo, hi]: readonly [number, number]): void {
    this.regLo[r] = lo;
    this.regHi[r] = hi;
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
    if (p.wb_rc_en.v) this.gather(p.wb_rc.v);
    const kind = p.wb_kind.v;
    const exc = p.wb_exc.v !== 0;
    if (p.w0_en.v) {
      let lo = 0;
      let hi = 0;
      let load = false;
      if (p.wb_mem.v && p.wb_load.v) {
        load = true;
        if (this.loadPc === p.wb_pc.v && this.loadAddr === p.wb_addr.v) {
          lo = this.loadLo;
          hi = this.loadHi;
        } else this.lostLoads++;
      } else if (!exc && !NOT_FROM_SOURCES.has(kind)) {
        lo = this.instrLo;
        hi = this.instrHi;
      }
      this.write(cycle, 'w0', p.w0_addr.v, p.w0_data.v, lo, hi, load);
    }
    if (p.w1_en.v) this.write(cycle, 'w1', p.w1_addr.v, p.w1_data.v, exc ? 0 : this.instrLo, exc ? 0 : this.instrHi, false);
    if (p.wb_exec.v && !exc) {
      // An MCR to a CP15 register keeps its operand; a cache or TLB operation (c7, c8) only uses it.
      const crn = (p.wb_instr.v >>> 16) & 15;
      const toRegister = kind === K_MCR && crn !== 7 && crn !== 8;
      const leak = toRegister && p.wb_rc_en.v ? p.wb_rc.v : kind === K_MSR && p.wb_rb_en.v ? p.wb_rb.v : -1;
      if (leak >= 0 && (this.regLo[leak]! | this.regHi[leak]!) !== 0) {
        this.leaks.push({ cycle, pc: p.wb_pc.v, instr: p.wb_instr.v, into: kind === K_MCR ? 'CP15' : 'status register', source: leak, lo: this.regLo[leak]!, hi: this.regHi[leak]! });
      }
    }
    if (p.wb_last.v || exc) this.instrLo = this.instrHi = 0;
  }

  private gather(r: number): void {
    this.instrLo |= this.regLo[r]!;
    this.instrHi |= this.regHi[r]!;
  }

  private write(cycle: number, port: 'w0' | 'w1', r: number, data: number, lo: number, hi: number, load: boolean): void {
    this.regLo[r] = lo;
    this.regHi[r] = hi;
    if (!this.mrRegisters.includes(r)) return;
    const p = this.p;
    const base = { cycle, port, physical: r, data, pc: p.wb_pc.v, instr: p.wb_instr.v, lo, hi };
    this.mrWrites.push(load ? { ...base, cause: 'load', address: p.wb_addr.v } : { ...base, cause: 'result' });
  }

  private memory(cycle: number): void {
    const p = this.p;
    if (!p.d_req.v || !p.d_ready.v || p.d_abort.v || !isKernel(p.m_cpsr.v)) return;
    const va = p.d_addr.v;
    const pa = p.d_pa ? p.d_pa.v : va;
    const word = pa >>> 2;
    if (p.d_we.v) {
      let lo = this.latchLo;
      let hi = this.latchHi;
      let source = -1;
      if (p.m_rc_en.v) {
        source = p.m_rc.v;
        lo = this.regLo[source]!;
        hi = this.regHi[source]!;
      }
      const size = p.d_size.v;
      if (size !== 2) {
        // A partial store keeps the other bytes' labels.
        const old = this.mem.get(word);
        if (old) {
          lo |= old[0];
          hi |= old[1];
        }
      }
      if ((lo | hi) !== 0) this.mem.set(word, [lo, hi]);
      else this.mem.delete(word);
      this.stores.push({ cycle, pc: p.m_pc.v, instr: p.m_instr.v, va, pa, size, data: p.d_wdata.v, source, lo, hi });
      return;
    }
    const labels = this.mem.get(word);
    this.loadPc = p.m_pc.v;
    this.loadAddr = va;
    this.loadLo = labels ? labels[0] : 0;
    this.loadHi = labels ? labels[1] : 0;
    if (p.m_rc_en.v) {
      // (SWP: the register whose value the next uop stores)
      this.latchLo = this.regLo[p.m_rc.v]!;
      this.latchHi = this.regHi[p.m_rc.v]!;
    }
    if (labels) this.loads.push({ cycle, pc: p.m_pc.v, instr: p.m_instr.v, va, pa, data: p.d_rdata.v, lo: labels[0], hi: labels[1] });
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
  return l.lo === lo && l.hi === hi;
};
export const noLabels = (l: Labels): boolean => (l.lo | l.hi) === 0;
