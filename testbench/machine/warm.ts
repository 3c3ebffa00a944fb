// Functional warming of the RTL's TLB, I-cache and D-cache from the reference model's recent
// accesses (access-ring.ts), as gem5 warms caches when it switches CPU models: the accesses are
// replayed oldest first through the RTL modules' own placement (rtl/mem preload backdoors: a miss
// takes an invalid way first, else the round-robin or LFSR victim, and advances that state), with
// no clock. What a replayed access does:
//   TLB (MMU on)  a miss is walked functionally in the hand-off's page tables (the walker's own
//                 descriptor decoding) and entered as the walker's fill would.
//   I-cache       a cacheable fetch's line is filled (contents: RAM as the model holds it).
//   D-cache       a cacheable read's line is filled; a write hits a resident line only (no
//                 write-allocate) and marks it dirty on a write-back page. A dirty line's contents
//                 equal RAM (RAM is transferred as the model holds it), so its later write-back
//                 costs the bus time the full run pays and writes what RAM already holds.
//   maintenance   fetched MCR/MRC p15 with condition AL: invalidate-all of either cache or the
//                 TLB, test-clean-and-invalidate D (as invalidate D), test-and-clean D (as clean
//                 D). By-MVA and set/way operations are not replayed (their operand register is not
//                 recorded): counted in `skippedMaintenance`.
// Each access is replayed with the control register's M, C and I bits of its own time (the boot's
// accesses, MMU and caches off, fill nothing and leave the victim state alone, as in the full run)
// and translated with the hand-off's TTBR and ASID; a line
// left from an earlier mapping is caught by the final check: each virtually tagged line whose MVA
// no longer translates to the physical line it was filled from is dropped, so warming never makes
// the RTL see stale data. Not warmed: the write buffer (empty at hand-off), the pipeline (empty),
// the lockdown TLB and cache lockdown, and accesses the model made through a debugger read.
import type { MemorySystem } from '../../rtl/mem/memory-system.ts';
import type { CacheBase } from '../../rtl/mem/cache-base.ts';
import { A_B, A_C, A_SIZE_SHIFT, SIZE_LOG2 } from '../../rtl/mem/faults.ts';
import { CTRL_C, CTRL_I, CTRL_M } from '../../rtl/mem/cp15-link.ts';
import { firstLevelAddress, pageEntry, secondLevelAddress, sectionEntry, type WalkEntry } from '../../rtl/mem/walker.ts';
import type { Simulator } from '../../rtl/hdl/index.ts';
import { TAP_FETCH_ARM, TAP_FETCH_THUMB, TAP_WRITE, type RecordedAccess } from './access-ring.ts';

export interface WarmState {
  /** CP15 at the hand-off (the final check translates with it; each access carries its own control bits). */
  readonly control: number;
  readonly ttbr: number;
  readonly contextid: number;
  /** RAM as the reference model holds it (word-addressed from physical address 0). */
  readonly ram: Int32Array;
}

export interface WarmStats {
  readonly accesses: number;
  readonly tlbFills: number;
  readonly iLines: number;
  readonly dLines: number;
  readonly dirtyLines: number;
  readonly maintenance: number;
  readonly skippedMaintenance: number;
  /** Lines dropped by the final check (their MVA maps elsewhere now). */
  readonly staleDropped: number;
  /** Wrong-path fetches replayed (past taken branches, into the next line). */
  readonly wrongPath: number;
}

/** Translate `mva` with the page tables in RAM: the TLB entry a walk would make, or undefined (fault, or tables outside RAM). */
export function functionalWalk(ram: Int32Array, ttbr: number, asid: number, mva: number): WalkEntry | undefined {
  const word = (pa: number): number | undefined => (pa >>> 2 < ram.length ? ram[pa >>> 2]! >>> 0 : undefined);
  const l1 = word(firstLevelAddress(ttbr, mva));
  if (l1 === undefined || (l1 & 3) === 0) return undefined;
  if ((l1 & 3) === 2) return sectionEntry(l1, asid);
  const l2 = word(secondLevelAddress(l1, mva));
  if (l2 === undefined) return undefined;
  const e = pageEntry(l1, l2, mva, asid);
  return typeof e === 'number' ? undefined : e;
}

/** Physical address of `mva` under a TLB entry made for it. */
function physicalOf(e: WalkEntry, mva: number): number {
  const mask = (1 << SIZE_LOG2[(e.attr >>> A_SIZE_SHIFT) & 7]!) - 1;
  return (((e.pa22 << 10) & ~mask) | (mva & mask)) >>> 0;
}

/** The MVA bits FCSE relocation sets (the PID's 32 MB slot). */
const FCSE_SLOT = 0xfe000000;
/**
 * Instructions the RTL has fetched behind one in Execute, where a CP15 write takes effect: Decode's
 * and the two-entry prefetch queue's (rtl/core/fetch.ts).
 */
const FETCHED_BEHIND_EXECUTE = 3;

const MCR_P15 = 0x0e000f10; // coprocessor register transfer to/from p15 (bits 27:24, 11:8, 4)
const MCR_P15_MASK = 0x0f000f10;

export function warmFromAccesses(mem: MemorySystem, sim: Simulator, state: WarmState, accesses: Iterable<RecordedAccess>, wrongPathFetches = 2): WarmStats {
  const { tlb, icache, dcache } = mem;
  const asid = state.contextid & 0xff;
  let tlbState = tlb.victim.v;
  let iState = icache.replacementState.v;
  let dState = dcache.replacementState.v;
  const stats = { accesses: 0, tlbFills: 0, iLines: 0, dLines: 0, dirtyLines: 0, maintenance: 0, skippedMaintenance: 0, staleDropped: 0, wrongPath: 0 };
  const iLinePa = new Map<number, number>(); // I line -> physical line base it was filled from

  const lineWords = (cache: CacheBase, pa: number): Int32Array => {
    const base = (pa >>> 2) & ~(cache.wordsPerLine - 1);
    return state.ram.subarray(base, base + cache.wordsPerLine);
  };
  /** The TLB entry for `mva` (walked and entered on a miss), or undefined when it does not translate. */
  const translate = (mva: number): WalkEntry | undefined => {
    let e = tlb.find(mva);
    if (e < 0) {
      const w = functionalWalk(state.ram, state.ttbr, asid, mva);
      if (!w) return undefined;
      tlbState = tlb.preload(mva, w.pa22, w.attr, tlbState);
      stats.tlbFills++;
      e = tlb.find(mva);
      if (e < 0) return w;
    }
    return { pa22: tlb.tlb_pa.data[e]!, attr: tlb.tlb_attr.data[e]! };
  };

  /** One access through TLB and cache (`control`: the CP15 control then); `pa` undefined: translate `mva` for it (a wrong-path fetch). */
  const replay = (mva: number, recordedPa: number | undefined, kind: number, control: number): void => {
    const fetch = kind === TAP_FETCH_ARM || kind === TAP_FETCH_THUMB;
    let cacheable: boolean;
    let bufferable = false;
    let pa = recordedPa ?? mva;
    if ((control & CTRL_M) !== 0) {
      const e = translate(mva);
      if (!e) return;
      cacheable = (e.attr & A_C) !== 0;
      bufferable = (e.attr & A_B) !== 0;
      if (recordedPa === undefined) pa = physicalOf(e, mva);
    } else cacheable = fetch; // MMU off: instructions cacheable (with I), data not
    if (!cacheable || (control & (fetch ? CTRL_I : CTRL_C)) === 0 || pa >>> 2 >= state.ram.length) return;
    const cache = fetch ? icache : dcache;
    const addr = cache.physical ? pa : mva;
    const set = cache.setOf(addr);
    const way = cache.probe(set, addr >>> cache.lineShift);
    if (fetch) {
      if (way >= 0) return;
      const r = icache.preloadLine(addr, lineWords(icache, pa), iState);
      iState = r >>> 16;
      iLinePa.set(r & 0xffff, pa >>> icache.lineShift);
      stats.iLines++;
      return;
    }
    if (kind === TAP_WRITE) {
      if (way >= 0 && bufferable && !dcache.forceWriteThrough && dcache.dirty.data[set * dcache.ways + way] === 0) {
        dcache.dirty.load(set * dcache.ways + way, [1]);
        stats.dirtyLines++;
      }
      return;
    }
    if (way >= 0) return;
    const r = dcache.preloadLine(addr, lineWords(dcache, pa), dState);
    dState = r >>> 16;
    dcache.preloadLineState(r & 0xffff, pa, false);
    stats.dLines++;
  };

  let lastFetch = -1;
  let lastStep = 4;
  // A write of the FCSE PID or the control register takes effect when the MCR executes; the RTL
  // has fetched the next instructions by then, under the old PID and control, where the model
  // fetched them under the new ones (it has no pipeline).
  let shadowFetches = 0;
  let oldSlot = 0;
  let oldControl = 0;
  for (const a of accesses) {
    stats.accesses++;
    const fetch = a.kind === TAP_FETCH_ARM || a.kind === TAP_FETCH_THUMB;
    let mva = a.mva;
    let control = a.control;
    if (fetch) {
      // (Right after a PID write the next instruction may sit in another 32 MB slot of MVA.)
      const sequential = lastFetch >= 0 && ((a.mva ^ (lastFetch + lastStep)) & (shadowFetches > 0 ? ~FCSE_SLOT : -1)) === 0;
      if (shadowFetches > 0) {
        shadowFetches--;
        if (sequential) {
          if ((a.mva & FCSE_SLOT) >>> 0 !== oldSlot) mva = ((a.mva & ~FCSE_SLOT) | oldSlot) >>> 0;
          control = oldControl;
        } else shadowFetches = 0; // a redirect: the pipeline refetches after the write
      }
      // The RTL fetches on past a taken branch (or an exception) until Execute redirects it: those
      // fetches may fill the following line before the target's.
      // (Those fetches happen after the PID write has taken effect: the model's addresses.)
      if (lastFetch >= 0 && !sequential) {
        const lineMask = ~((icache.wordsPerLine << 2) - 1);
        for (let k = 1; k <= wrongPathFetches; k++) {
          const wrong = (lastFetch + k * lastStep) >>> 0;
          if ((wrong & lineMask) !== (lastFetch & lineMask)) {
            replay(wrong, undefined, TAP_FETCH_ARM, a.control);
            stats.wrongPath++;
            break;
          }
        }
      }
      lastFetch = a.mva;
      lastStep = a.kind === TAP_FETCH_THUMB ? 2 : 4;
      const t = a.kind === TAP_FETCH_ARM ? p15Transfer(a.pa) : undefined;
      if (t) {
        // A write of the FCSE PID (c13, c0, 0) or the control register (c1, c0, 0).
        if (!t.read && (t.crn === 13 || t.crn === 1) && t.crm === 0 && t.opc2 === 0) {
          shadowFetches = FETCHED_BEHIND_EXECUTE;
          oldSlot = (mva & FCSE_SLOT) >>> 0;
          oldControl = control;
        }
        replayMaintenance(t);
      }
    }
    replay(mva, a.pa, a.kind, control);
  }

  /** The instruction at `pa` as an unconditional MCR/MRC p15 (opc1 0), or undefined. */
  function p15Transfer(pa: number): { readonly read: boolean; readonly crn: number; readonly crm: number; readonly opc2: number } | undefined {
    if (pa >>> 2 >= state.ram.length) return undefined;
    const w = state.ram[pa >>> 2]! >>> 0;
    if ((w & MCR_P15_MASK) >>> 0 !== MCR_P15 || w >>> 28 !== 0xe || ((w >>> 21) & 7) !== 0) return undefined;
    return { read: (w & (1 << 20)) !== 0, crn: (w >>> 16) & 15, crm: w & 15, opc2: (w >>> 5) & 7 };
  }

  function replayMaintenance({ read, crn, crm, opc2 }: NonNullable<ReturnType<typeof p15Transfer>>): void {
    if (crn === 8) {
      if (read) return;
      if (opc2 === 0) {
        tlb.preloadInvalidateAll();
        stats.maintenance++;
      } else stats.skippedMaintenance++;
      return;
    }
    if (crn !== 7) return;
    if (read) {
      // The test-and-clean loops (c7, c14, 3 / c7, c10, 3) end with the D-cache clean (and invalid).
      if (opc2 !== 3) return;
      if (crm === 14) dcache.preloadInvalidateAll();
      else if (crm === 10) dcache.dirty.data.fill(0);
      else return;
      stats.maintenance++;
      return;
    }
    if (opc2 === 0 && (crm === 7 || crm === 5 || crm === 6)) {
      if (crm !== 6) icache.preloadInvalidateAll();
      if (crm !== 5) dcache.preloadInvalidateAll();
      stats.maintenance++;
    } else if (!(crm === 10 && opc2 === 4) && !(crm === 0 && opc2 === 4) && !(crm === 5 && opc2 === 4)) {
      stats.skippedMaintenance++; // by MVA or set/way (drain write buffer, wait for interrupt, flush prefetch: nothing to replay)
    }
  }

  const mmu = (state.control & CTRL_M) !== 0;
  // Final check: a virtually tagged line must still map to the physical line it holds.
  if (mmu) {
    const lineOf = (cache: CacheBase, line: number): number => cache.tag.data[line]! << cache.lineShift;
    for (const cache of [icache, dcache] as const) {
      if (cache.physical) continue;
      for (let line = 0; line < cache.lines; line++) {
        if (cache.valid.data[line] === 0) continue;
        const mva = lineOf(cache, line) >>> 0;
        const filled = cache === icache ? iLinePa.get(line) : dcache.ptag.data[line];
        const w = functionalWalk(state.ram, state.ttbr, asid, mva);
        if (w === undefined || filled === undefined || physicalOf(w, mva) >>> cache.lineShift !== filled) {
          cache.valid.data[line] = 0;
          stats.staleDropped++;
        }
      }
    }
  }
  sim.poke(tlb.victim, tlbState);
  sim.poke(icache.replacementState, iState);
  sim.poke(dcache.replacementState, dState);
  sim.settle();
  return stats;
}
