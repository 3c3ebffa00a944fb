// A debug read port: what a data load by the core would return at a virtual address, read without
// a clock edge and without side effects (no TLB fill, no line fill, no counter moves). Like a
// debugger's memory read through the caches, it is outside the timing; testbenches use it to see
// the memory a thread sees (the hand-off checkers' message view).
//
// The path is the hardware's: FCSE relocation with the current PID; the TLB entry for the MVA if
// there is one (even a stale one: that is what the core would use), else a functional table walk
// over memory as the walker reads it (the write buffer drained first, the D-cache not consulted);
// then, for a cacheable page, the D-cache line (looked up by MVA, or by PA when physically
// tagged); otherwise memory with the write buffer's pending stores applied oldest first.
// Permissions are not checked: the port reads what the translation maps, for any privilege.
import { A_C, SIZE_LOG2, A_SIZE_SHIFT, fcse, laneMask } from './faults.ts';
import { CTRL_C, CTRL_M } from './cp15-link.ts';
import type { MemorySystem } from './memory-system.ts';

/** The word at an aligned physical address, or undefined where no memory answers (devices, holes). */
export type PhysicalWordRead = (pa: number) => number | undefined;

export interface DebugTranslation {
  /** A mapping exists (MMU off: always). */
  readonly ok: boolean;
  readonly mva: number;
  /** Physical address (0 when !ok). */
  readonly pa: number;
  readonly cacheable: boolean;
  /** The translation came from a TLB entry (else a functional walk, or the MMU is off). */
  readonly fromTlb: boolean;
}

export interface DebugWord {
  readonly ok: boolean;
  readonly pa: number;
  readonly value: number;
  /** Where the value came from. */
  readonly source: 'd-cache' | 'memory' | 'none';
}

const NO_TRANSLATION: DebugTranslation = { ok: false, mva: 0, pa: 0, cacheable: false, fromTlb: false };

export class DebugPort {
  /** `mem`: the memory system, or null when the core talks to the bus directly (flat, uncached). */
  constructor(
    private readonly mem: MemorySystem | null,
    private readonly readPhysical: PhysicalWordRead,
  ) {}

  /** Translate `va` under the current CP15 state (FCSE PID, TTBR, ASID). */
  translate(va: number): DebugTranslation {
    const mem = this.mem;
    va >>>= 0;
    if (!mem) return { ok: true, mva: va, pa: va, cacheable: false, fromTlb: false };
    const c = mem.cp15;
    const ctrl = c.ctrl.v;
    const mva = fcse(va, c.fcsepid.v);
    if ((ctrl & CTRL_M) === 0) return { ok: true, mva, pa: mva, cacheable: false, fromTlb: false };
    const tlb = mem.tlb;
    const e = tlb.find(mva);
    if (e >= 0) {
      const a = tlb.tlb_attr.data[e]!;
      const mask = (1 << SIZE_LOG2[(a >>> A_SIZE_SHIFT) & 7]!) - 1;
      const pa = (((tlb.tlb_pa.data[e]! << 10) & ~mask) | (mva & mask)) >>> 0;
      return { ok: true, mva, pa, cacheable: (a & A_C) !== 0 && (ctrl & CTRL_C) !== 0, fromTlb: true };
    }
    return this.walk(mva, c.ttbr.v, (ctrl & CTRL_C) !== 0);
  }

  /** The aligned word containing `va`, as a load would read it. */
  readWord(va: number): DebugWord {
    const t = this.translate(va);
    if (!t.ok) return { ok: false, pa: 0, value: 0, source: 'none' };
    const mem = this.mem;
    if (mem && t.cacheable) {
      const dc = mem.dcache;
      const addr = dc.physical ? t.pa : t.mva;
      const set = dc.setOf(addr);
      const way = dc.probe(set, addr >>> dc.lineShift);
      if (way >= 0) {
        const line = set * dc.ways + way;
        return { ok: true, pa: t.pa, value: dc.data.read(line * dc.wordsPerLine + ((t.pa >>> 2) & (dc.wordsPerLine - 1))), source: 'd-cache' };
      }
    }
    const value = this.memoryWord(t.pa);
    return value === undefined ? { ok: false, pa: t.pa, value: 0, source: 'none' } : { ok: true, pa: t.pa, value, source: 'memory' };
  }

  /** Memory at `pa` with the write buffer's pending stores applied, oldest first (what the bus will hold). */
  memoryWord(pa: number): number | undefined {
    const aligned = (pa & ~3) >>> 0;
    let word = this.readPhysical(aligned);
    if (word === undefined) return undefined;
    const wb = this.mem?.wbuf;
    if (wb) {
      const n = wb.count.v;
      const mask = wb.depth - 1;
      for (let k = 0, i = wb.head.v; k < n; k++, i = (i + 1) & mask) {
        const addr = wb.wb_addr.read(i);
        if ((addr & ~3) >>> 0 !== aligned) continue;
        const lanes = laneMask(addr, wb.wb_size.read(i));
        word = ((word & ~lanes) | (wb.wb_data.read(i) & lanes)) >>> 0;
      }
    }
    return word;
  }

  /** The ARMv5 two-level walk the hardware walker does (sections; coarse and fine tables). */
  private walk(mva: number, ttbr: number, cacheOn: boolean): DebugTranslation {
    const l1 = this.memoryWord(((ttbr & 0xffff_c000) | ((mva >>> 20) << 2)) >>> 0);
    if (l1 === undefined) return NO_TRANSLATION;
    const cb = (d: number): boolean => cacheOn && (d & 8) !== 0;
    switch (l1 & 3) {
      case 2:
        return { ok: true, mva, pa: ((l1 & 0xfff0_0000) | (mva & 0x000f_ffff)) >>> 0, cacheable: cb(l1), fromTlb: false };
      case 1:
      case 3: {
        const coarse = (l1 & 3) === 1;
        const at = coarse ? (l1 & 0xffff_fc00) | (((mva >>> 12) & 0xff) << 2) : (l1 & 0xffff_f000) | (((mva >>> 10) & 0x3ff) << 2);
        const l2 = this.memoryWord(at >>> 0);
        if (l2 === undefined) return NO_TRANSLATION;
        const type = l2 & 3;
        if (type === 0 || (type === 3 && coarse)) return NO_TRANSLATION;
        const mask = type === 1 ? 0xffff : type === 2 ? 0xfff : 0x3ff;
        return { ok: true, mva, pa: ((l2 & ~mask) | (mva & mask)) >>> 0, cacheable: cb(l2), fromTlb: false };
      }
      default:
        return NO_TRANSLATION;
    }
  }
}
