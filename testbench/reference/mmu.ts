// ARMv5 virtual memory system architecture: two-level table walk (sections; coarse and fine
// second-level tables with large, small and tiny pages), 16 domains, AP with the S and R bits,
// and the architected fault status codes.
//
// The model has no architectural TLB: every access translates as a walk of the current tables
// would (the oracle `translationCache: false` walks every time). A translation cache sits in front
// of the walk for speed and is invisible: one direct-mapped set of 4 KB page translations per
// (TTBR, S, R) context, so address-space switches keep them; each entry holds the client
// permissions of its AP bits and its domain, and the current DACR is applied on every hit (a DACR
// write changes permissions, not translations); and the RAM words a walk read are watched
// (PhysicalMemory.descriptorBlocks), so a write to a descriptor drops the translations built from
// it. TLB maintenance (c8) therefore has nothing to do for unlocked translations.
//
// TLB lockdown (c10) is architectural and modelled: the lockdown entries (as many as the hardware
// configuration's `tlb.lockdownEntries`), consulted before any walk; a walk made while c10 P = 1
// fills the entry the victim field selects (victim mod the count) and advances the victim (mod 8),
// as the RTL does; invalidate-all (c8 CRm 5/6/7, opcode2 0) keeps them, invalidate-by-MVA removes
// every one whose region holds the MVA. Which accesses walk on the RTL depends on its main TLB:
// an access hits there, and so never fills a lockdown entry, when its region was translated since
// the last invalidation that covered it. The model keeps that set of regions (`present`: as the
// RTL's walker would enter them, 1 MB .. 1 KB) without capacity: exact for programs whose regions
// are not evicted from the main TLB between their last use before P = 1 and their use while P = 1,
// and whose instruction prefetch does not run into a region the program never executes
// (docs/REFERENCE.md, "TLB lockdown"). The set ignores ASIDs (the `asid` knob's not-global entries).
import type { Cp15 } from './cp15.ts';
import type { PhysicalMemory } from './physical-memory.ts';

/** Architected fault status codes (FSR[3:0]). */
export const FAULT_ALIGNMENT = 0x1;
export const FAULT_TRANSLATION_SECTION = 0x5;
export const FAULT_TRANSLATION_PAGE = 0x7;
export const FAULT_DOMAIN_SECTION = 0x9;
export const FAULT_DOMAIN_PAGE = 0xb;
export const FAULT_PERMISSION_SECTION = 0xd;
export const FAULT_PERMISSION_PAGE = 0xf;

// Permission bits of a cached translation.
const PRIV_READ = 1;
const PRIV_WRITE = 2;
const USER_READ = 4;
const USER_WRITE = 8;
const ALL_ACCESS = 15;

const CACHE_BITS = 10;
const CACHE_ENTRIES = 1 << CACHE_BITS;
/** Translation contexts kept (one per TTBR and S/R bits); the oldest is recycled. */
const CONTEXTS = 8;
/** Domain index of an entry that ignores the DACR (only the `stale-domain` fault injection uses it). */
const NO_DOMAIN = 16;
/** Walk reads outside RAM (device registers) are not watched: such a translation is never cached. */
const NOT_CACHEABLE = -1;

/**
 * Deliberate bugs for the tests that prove the cache's property test can see them (mutants):
 * `ignore-descriptor-writes` never watches the descriptors a walk read; `stale-domain` keeps the
 * permissions of the DACR at walk time instead of rechecking the domain on every hit;
 * `stale-page-shortcuts` does not tell the core's fetch, read and write page shortcuts about a descriptor write;
 * the core's LDM/STM shortcut (core.ts blockWordIndex) `block-crosses-pages` lets a transfer run on
 * past the end of the page the shortcut holds, `block-ignores-descriptors` lets a store skip the
 * descriptor watch, `block-ignores-privilege` takes a shortcut checked for the other privilege;
 * `whole-page-from-subpage` lets a walk's translation stand for its whole page when only the
 * accessed 1 KB subpage grants the access; `core-stores-unwatched` hides the watched descriptors
 * from the core's stores (byte, halfword, word and LDM/STM), as if they never checked.
 */
export type TranslationCacheFault = 'ignore-descriptor-writes' | 'stale-domain' | 'stale-page-shortcuts' | 'block-crosses-pages' | 'block-ignores-descriptors' | 'block-ignores-privilege' | 'whole-page-from-subpage' | 'core-stores-unwatched';

export interface MmuOptions {
  /** Cache translations (default true); false walks the tables on every access (the oracle). */
  readonly translationCache?: boolean;
  /** Tests only: a deliberate cache bug. */
  readonly translationCacheFault?: TranslationCacheFault;
  /** TLB lockdown entries (c10), 0..8: the hardware configuration's `tlb.lockdownEntries` (default 8). */
  readonly tlbLockdownEntries?: number;
}

/** Region sizes (log2) a walk can enter, largest first: section, large page, 16 KB and 1 KB subpages, small page. */
const REGION_SHIFTS = [20, 16, 14, 12, 10] as const;
/** Key of the region of size 2^shift holding `mva` in the `present` set. */
const regionKey = (mva: number, shift: number): number => (((mva >>> shift) << shift) >>> 0) * 32 + shift;
/** 4 KB pages known present (direct-mapped, tag page + 1): the common check without the set. */
const PRESENT_PAGES = 1024;

/**
 * Cache slot of an MVA page: a multiplicative hash of all its bits. FCSE places each process in its
 * own 32 MB slice (MVA bits 31:25): with the low page bits alone, processes at the same virtual
 * addresses would share slots.
 */
function slotOf(page: number): number {
  return Math.imul(page, 0x9e3779b1) >>> (32 - CACHE_BITS);
}

/** Thrown (a shared sentinel, no stack capture) when a translation faults; details on the MMU. */
export class TranslationFault {
  readonly name = 'TranslationFault';
}
export const TRANSLATION_FAULT = new TranslationFault();

/** The cached translations of one (TTBR, S, R) context. */
class TranslationSet {
  key = -1;
  /** Page number + 1 of the MVA page held in a slot (0: empty). */
  readonly tag = new Int32Array(CACHE_ENTRIES);
  readonly physicalPage = new Int32Array(CACHE_ENTRIES);
  /** Permissions granted by the AP bits to a client of the domain, valid for the whole 4 KB page. */
  readonly clientPermission = new Uint8Array(CACHE_ENTRIES);
  readonly domain = new Uint8Array(CACHE_ENTRIES);
  /** Word addresses (physical address / 4) of the descriptors the walk read; -1 for none (section). */
  readonly l1Word = new Int32Array(CACHE_ENTRIES);
  readonly l2Word = new Int32Array(CACHE_ENTRIES);
  /** Entries filled since the set was (re)used: a set with none needs no scan. */
  filled = 0;

  clear(): void {
    if (this.filled === 0) return;
    this.tag.fill(0);
    this.filled = 0;
  }
}

export class Mmu {
  /** FSR value (domain << 4 | status) and faulting address of the last fault. */
  faultStatus = 0;
  faultAddress = 0;
  /** Count of table walks (for statistics). */
  walks = 0;
  /** Count of writes that hit a watched descriptor block (for statistics). */
  descriptorWrites = 0;

  private readonly sets: TranslationSet[] = [];
  private nextVictim = 0;
  private current: TranslationSet;
  // The current set's arrays, held here so a hit is a few typed-array loads.
  private tag: Int32Array;
  private physicalPage: Int32Array;
  private clientPermission: Uint8Array;
  private domain: Uint8Array;
  /** DACR field per domain (index 16: always client, for the `stale-domain` fault). */
  private readonly domainAccess = new Uint8Array(NO_DOMAIN + 1);
  private dacr = -1;
  private readonly caching: boolean;
  private readonly injectedFault: TranslationCacheFault | undefined;
  private readonly descriptorBlocks: Uint8Array;
  private readonly ramSize: number;

  // TLB lockdown (see the top of the file).
  readonly lockdownEntries: number;
  private readonly lockBase: Uint32Array; // MVA of the region's base
  private readonly lockShift: Uint8Array; // log2 of the region's size
  private readonly lockPa: Uint32Array; // PA of the region's base
  private readonly lockDomain: Uint8Array;
  private readonly lockAp: Uint8Array;
  private readonly lockSection: Uint8Array;
  private readonly lockValid: Uint8Array;
  private lockedCount = 0;
  /** Regions the RTL's main TLB holds (regionKey), filled by accesses made while P = 0. */
  private readonly present = new Set<number>();
  private readonly presentPage = new Int32Array(PRESENT_PAGES);

  constructor(
    private readonly cp15: Cp15,
    private readonly memory: PhysicalMemory,
    options: MmuOptions = {},
    /** Called whenever a cached translation or permission may have changed (the core's fetch page). */
    private readonly onChange: () => void = () => {},
  ) {
    this.caching = options.translationCache ?? true;
    const n = options.tlbLockdownEntries ?? 8;
    if (!Number.isInteger(n) || n < 0 || n > 8) throw new Error(`tlbLockdownEntries: ${n} (allowed: an integer in 0..8)`);
    this.lockdownEntries = n;
    this.lockBase = new Uint32Array(n);
    this.lockShift = new Uint8Array(n);
    this.lockPa = new Uint32Array(n);
    this.lockDomain = new Uint8Array(n);
    this.lockAp = new Uint8Array(n);
    this.lockSection = new Uint8Array(n);
    this.lockValid = new Uint8Array(n);
    this.injectedFault = options.translationCacheFault;
    for (let i = 0; i < CONTEXTS; i++) this.sets.push(new TranslationSet());
    this.current = this.sets[0]!;
    this.tag = this.current.tag;
    this.physicalPage = this.current.physicalPage;
    this.clientPermission = this.current.clientPermission;
    this.domain = this.current.domain;
    this.domainAccess[NO_DOMAIN] = 1;
    this.descriptorBlocks = memory.descriptorBlocks;
    this.ramSize = memory.ramSize;
    memory.onDescriptorWrite = (first, last) => this.descriptorsWritten(first, last);
    this.sync();
  }

  /** Re-read TTBR, the S and R bits and the DACR: switch to (or start) their context's translations. */
  sync(): void {
    const cp15 = this.cp15;
    const key = ((cp15.ttbr & 0xffffc000) | (cp15.systemProtection ? 1 : 0) | (cp15.romProtection ? 2 : 0)) >>> 0;
    if (key !== this.current.key) {
      this.selectSet(key);
      this.onChange();
    }
    if (cp15.dacr !== this.dacr) {
      this.dacr = cp15.dacr;
      for (let d = 0; d < 16; d++) this.domainAccess[d] = (cp15.dacr >>> (d * 2)) & 3;
      this.onChange();
    }
  }

  private selectSet(key: number): void {
    let set = this.sets.find((s) => s.key === key);
    if (set === undefined) {
      set = this.sets[this.nextVictim]!;
      this.nextVictim = (this.nextVictim + 1) % CONTEXTS;
      set.clear();
      set.key = key;
    }
    this.current = set;
    this.tag = set.tag;
    this.physicalPage = set.physicalPage;
    this.clientPermission = set.clientPermission;
    this.domain = set.domain;
  }

  /** Drop every cached translation (for hosts that wrote page tables behind PhysicalMemory's back). */
  invalidateAll(): void {
    for (const s of this.sets) s.clear();
    this.descriptorBlocks.fill(0);
    this.onChange();
  }

  /**
   * RAM words first..last (word addresses) were written while some lay in a watched block: drop the
   * translations built from a descriptor among them, and stop watching blocks nothing depends on.
   */
  private descriptorsWritten(first: number, last: number): void {
    this.descriptorWrites++;
    const firstBlock = first >>> 8;
    const lastBlock = last >>> 8;
    let stillWatched = false;
    for (const s of this.sets) {
      if (s.filled === 0) continue;
      const { tag, l1Word, l2Word } = s;
      for (let i = 0; i < CACHE_ENTRIES; i++) {
        if (tag[i] === 0) continue;
        const a = l1Word[i]!;
        const b = l2Word[i]!;
        if ((a >= first && a <= last) || (b >= first && b <= last)) tag[i] = 0;
        else if (((a >>> 8) >= firstBlock && (a >>> 8) <= lastBlock) || (b >= 0 && (b >>> 8) >= firstBlock && (b >>> 8) <= lastBlock)) stillWatched = true;
      }
    }
    if (!stillWatched) this.descriptorBlocks.fill(0, firstBlock, lastBlock + 1);
    if (this.injectedFault !== 'stale-page-shortcuts') this.onChange();
  }

  /**
   * Whether the last translate() left its page in the cache with the access granted on the whole
   * 4 KB page (what the core's page shortcuts need). A hit always does: an entry holds the
   * permissions common to the whole page.
   */
  translatedWholePage = false;

  /** Reset: no lockdown entry valid, the main TLB empty. */
  resetTlb(): void {
    this.lockValid.fill(0);
    this.lockedCount = 0;
    this.present.clear();
    this.presentPage.fill(0);
  }

  /** c8 invalidate TLB: the main TLB only (lockdown entries stay, ARM926 TRM 2.3.8). */
  invalidateTlbAll(): void {
    this.present.clear();
    this.presentPage.fill(0);
  }

  /** c8 invalidate TLB single entry: every entry whose region holds `mva`, lockdown entries too. */
  invalidateTlbEntry(mva: number): void {
    for (const shift of REGION_SHIFTS) this.present.delete(regionKey(mva, shift));
    this.presentPage.fill(0);
    for (let e = 0; e < this.lockdownEntries; e++) {
      if (this.lockValid[e] !== 0 && ((mva ^ this.lockBase[e]!) >>> this.lockShift[e]!) === 0) {
        this.lockValid[e] = 0;
        this.lockedCount--;
      }
    }
  }

  /** The valid lockdown entries, for tests and reports: region base MVA, size (log2) and PA base. */
  lockedEntries(): Array<{ readonly entry: number; readonly mva: number; readonly shift: number; readonly pa: number }> {
    const out: Array<{ entry: number; mva: number; shift: number; pa: number }> = [];
    for (let e = 0; e < this.lockdownEntries; e++) if (this.lockValid[e] !== 0) out.push({ entry: e, mva: this.lockBase[e]!, shift: this.lockShift[e]!, pa: this.lockPa[e]! });
    return out;
  }

  private isPresent(mva: number): boolean {
    const page = mva >>> 12;
    const slot = page & (PRESENT_PAGES - 1);
    if (this.presentPage[slot] === page + 1) return true;
    for (const shift of REGION_SHIFTS) {
      if (this.present.has(regionKey(mva, shift))) {
        if (shift >= 12) this.presentPage[slot] = page + 1;
        return true;
      }
    }
    return false;
  }

  /**
   * The lockdown TLB's part of a translation: a locked entry's translation (checked against the
   * current DACR, AP, S and R), or, for an access whose region the main TLB does not hold, the walk
   * the RTL makes: while P = 1 it fills a lockdown entry (and translates from it), else the region
   * is entered as present. -1: translate as usual.
   */
  private lockdownTranslate(mva: number, write: boolean, user: boolean): number {
    let e = -1;
    if (this.lockedCount !== 0) {
      for (let k = 0; k < this.lockdownEntries; k++) {
        if (this.lockValid[k] !== 0 && ((mva ^ this.lockBase[k]!) >>> this.lockShift[k]!) === 0) {
          e = k;
          break;
        }
      }
    }
    if (e < 0) {
      if (this.isPresent(mva)) return -1;
      const r = this.region(mva);
      if (r === null) return -1; // a translation fault: no entry (the usual walk raises it)
      if (!this.cp15.tlbPreserve) {
        this.present.add(regionKey(mva, r.shift));
        return -1;
      }
      e = this.cp15.tlbVictim % this.lockdownEntries;
      if (this.lockValid[e] === 0) this.lockedCount++;
      this.lockValid[e] = 1;
      this.lockBase[e] = ((mva >>> r.shift) << r.shift) >>> 0;
      this.lockShift[e] = r.shift;
      this.lockPa[e] = r.pa;
      this.lockDomain[e] = r.domain;
      this.lockAp[e] = r.ap;
      this.lockSection[e] = r.section ? 1 : 0;
      this.cp15.advanceTlbVictim();
    }
    this.translatedWholePage = false; // no shortcut or cached translation stands for a locked one
    const domain = this.lockDomain[e]!;
    const section = this.lockSection[e] !== 0;
    const access = (this.cp15.dacr >>> (domain * 2)) & 3;
    if (access === 0 || access === 2) this.fault(section ? FAULT_DOMAIN_SECTION : FAULT_DOMAIN_PAGE, domain, mva);
    if (access === 1) {
      const need = user ? (write ? USER_WRITE : USER_READ) : write ? PRIV_WRITE : PRIV_READ;
      if ((this.accessFromAp(this.lockAp[e]!) & need) === 0) this.fault(section ? FAULT_PERMISSION_SECTION : FAULT_PERMISSION_PAGE, domain, mva);
    }
    const mask = 2 ** this.lockShift[e]! - 1;
    return (this.lockPa[e]! + (mva & mask)) >>> 0;
  }

  /**
   * The TLB entry a walk of `mva` makes, as the RTL's walker enters it (rtl/mem/walker.ts): a
   * section, or a large or small page, or its 16 KB / 1 KB subpage when the page's four AP fields
   * differ, or a tiny page; null for a translation fault (no entry).
   */
  private region(mva: number): { shift: number; pa: number; domain: number; ap: number; section: boolean } | null {
    const l1 = this.memory.read32((this.cp15.ttbr & 0xffffc000) | ((mva >>> 20) << 2));
    const type = l1 & 3;
    const domain = (l1 >>> 5) & 15;
    if (type === 0) return null;
    if (type === 2) return { shift: 20, pa: (l1 & 0xfff00000) >>> 0, domain, ap: (l1 >>> 10) & 3, section: true };
    const l2 = this.memory.read32(this.secondLevelAddress(l1, type, mva));
    const l2Type = l2 & 3;
    if (l2Type === 0 || (l2Type === 3 && type === 1)) return null;
    const aps = (l2 >>> 4) & 0xff;
    const uniform = aps === (aps & 3) * 0x55;
    let shift: number;
    let ap: number;
    if (l2Type === 1) {
      shift = uniform ? 16 : 14;
      ap = (aps >>> (((mva >>> 14) & 3) * 2)) & 3;
      return { shift, pa: ((l2 & 0xffff0000) | (mva & 0xffff & ~(2 ** shift - 1))) >>> 0, domain, ap, section: false };
    }
    if (l2Type === 2) {
      shift = uniform ? 12 : 10;
      ap = (aps >>> (((mva >>> 10) & 3) * 2)) & 3;
      return { shift, pa: ((l2 & 0xfffff000) | (mva & 0xfff & ~(2 ** shift - 1))) >>> 0, domain, ap, section: false };
    }
    return { shift: 10, pa: (l2 & 0xfffffc00) >>> 0, domain, ap: aps & 3, section: false };
  }

  /**
   * Translate a modified virtual address (after FCSE). Throws TRANSLATION_FAULT with faultStatus
   * and faultAddress set.
   */
  translate(mva: number, write: boolean, user: boolean): number {
    if (this.lockdownEntries !== 0) {
      const locked = this.lockdownTranslate(mva, write, user);
      if (locked >= 0) return locked;
    }
    const page = mva >>> 12;
    const slot = slotOf(page);
    if (this.tag[slot] === page + 1) {
      const need = user ? (write ? USER_WRITE : USER_READ) : write ? PRIV_WRITE : PRIV_READ;
      const access = this.domainAccess[this.domain[slot]!]!;
      const granted = access === 3 ? ALL_ACCESS : access === 1 ? this.clientPermission[slot]! : 0;
      if ((granted & need) !== 0) {
        this.translatedWholePage = true;
        return this.physicalPage[slot]! | (mva & 0xfff);
      }
    }
    this.translatedWholePage = false;
    return this.walk(mva, user ? (write ? USER_WRITE : USER_READ) : write ? PRIV_WRITE : PRIV_READ);
  }

  private fault(status: number, domain: number, mva: number): never {
    this.faultStatus = (domain << 4) | status;
    this.faultAddress = mva >>> 0;
    throw TRANSLATION_FAULT;
  }

  /** Permission bits granted by an AP field under the current S and R bits. */
  private accessFromAp(ap: number): number {
    switch (ap) {
      case 0: {
        const s = this.cp15.systemProtection;
        const r = this.cp15.romProtection;
        if (s && !r) return PRIV_READ;
        if (r && !s) return PRIV_READ | USER_READ;
        return 0;
      }
      case 1:
        return PRIV_READ | PRIV_WRITE;
      case 2:
        return PRIV_READ | PRIV_WRITE | USER_READ;
      default:
        return ALL_ACCESS;
    }
  }

  /** The word address to watch for a descriptor read at `address`, or NOT_CACHEABLE outside RAM. */
  private descriptorWord(address: number): number {
    return address >>> 0 < this.ramSize ? address >>> 2 : NOT_CACHEABLE;
  }

  private walk(mva: number, need: number): number {
    this.walks++;
    this.sync(); // in case a host changed CP15 fields without a write()
    const l1Address = (this.cp15.ttbr & 0xffffc000) | ((mva >>> 20) << 2);
    const l1 = this.memory.read32(l1Address);
    const domain = (l1 >>> 5) & 15;
    const type = l1 & 3;
    if (type === 0) this.fault(FAULT_TRANSLATION_SECTION, domain, mva);

    const domainAccess = (this.cp15.dacr >>> (domain * 2)) & 3;
    const isSection = type === 2;
    if (domainAccess === 0 || domainAccess === 2) {
      // Domain faults are reported after the walk reaches a valid leaf descriptor.
      if (!isSection) this.secondLevel(l1, type, mva, domain); // may raise the page translation fault
      this.fault(isSection ? FAULT_DOMAIN_SECTION : FAULT_DOMAIN_PAGE, domain, mva);
    }
    const manager = domainAccess === 3;

    let physical: number;
    let client: number; // client permissions for the exact address
    let pageClient: number; // client permissions valid for the whole 4 KB cached page
    let l2Word = -1;
    let cacheable = this.caching;
    if (isSection) {
      physical = (l1 & 0xfff00000) | (mva & 0x000fffff);
      client = this.accessFromAp((l1 >>> 10) & 3);
      pageClient = client;
    } else {
      const l2Address = this.secondLevelAddress(l1, type, mva);
      l2Word = this.descriptorWord(l2Address);
      // A fine table holds one descriptor per 1 KB: a 4 KB slot would stand for four of them,
      // which software must replicate but may not (UNPREDICTABLE). Walked every time instead.
      if (l2Word === NOT_CACHEABLE || type === 3) cacheable = false;
      const l2 = this.secondLevel(l1, type, mva, domain);
      const l2Type = l2 & 3;
      if (l2Type === 1) {
        // Large page, 64 KB; four 16 KB subpages with their own AP
        physical = (l2 & 0xffff0000) | (mva & 0xffff);
        client = this.accessFromAp((l2 >>> (4 + ((mva >>> 14) & 3) * 2)) & 3);
        pageClient = client;
      } else if (l2Type === 2) {
        // Small page, 4 KB; four 1 KB subpages with their own AP
        physical = (l2 & 0xfffff000) | (mva & 0xfff);
        client = this.accessFromAp((l2 >>> (4 + ((mva >>> 10) & 3) * 2)) & 3);
        pageClient = ALL_ACCESS;
        for (let sub = 0; sub < 4; sub++) pageClient &= this.accessFromAp((l2 >>> (4 + sub * 2)) & 3);
      } else {
        // Tiny page, 1 KB (only reachable from a fine table)
        physical = (l2 & 0xfffffc00) | (mva & 0x3ff);
        client = this.accessFromAp((l2 >>> 4) & 3);
        pageClient = client; // never cached: fine tables are walked every time
      }
    }
    const granted = manager ? ALL_ACCESS : client;
    if ((granted & need) === 0) {
      this.fault(isSection ? FAULT_PERMISSION_SECTION : FAULT_PERMISSION_PAGE, domain, mva);
    }
    const l1Word = this.descriptorWord(l1Address);
    if (cacheable && l1Word !== NOT_CACHEABLE) {
      this.fill(mva, physical, pageClient, manager, domain, l1Word, l2Word);
      this.translatedWholePage = this.injectedFault === 'whole-page-from-subpage' || ((manager ? ALL_ACCESS : pageClient) & need) !== 0;
    }
    return physical >>> 0;
  }

  private fill(mva: number, physical: number, pageClient: number, manager: boolean, domain: number, l1Word: number, l2Word: number): void {
    const page = mva >>> 12;
    const slot = slotOf(page);
    const set = this.current;
    set.tag[slot] = page + 1;
    set.physicalPage[slot] = physical & ~0xfff;
    if (this.injectedFault === 'stale-domain') {
      set.clientPermission[slot] = manager ? ALL_ACCESS : pageClient; // the DACR of now, frozen
      set.domain[slot] = NO_DOMAIN;
    } else {
      set.clientPermission[slot] = pageClient;
      set.domain[slot] = domain;
    }
    set.l1Word[slot] = l1Word;
    set.l2Word[slot] = l2Word;
    set.filled++;
    if (this.injectedFault !== 'ignore-descriptor-writes') {
      this.descriptorBlocks[l1Word >>> 8] = 1;
      if (l2Word >= 0) this.descriptorBlocks[l2Word >>> 8] = 1;
    }
  }

  private secondLevelAddress(l1: number, type: number, mva: number): number {
    if (type === 1) return (l1 & 0xfffffc00) | (((mva >>> 12) & 0xff) << 2);
    return (l1 & 0xfffff000) | (((mva >>> 10) & 0x3ff) << 2);
  }

  /** Fetch the second-level descriptor; raises a page translation fault for an invalid one. */
  private secondLevel(l1: number, type: number, mva: number, domain: number): number {
    const l2 = this.memory.read32(this.secondLevelAddress(l1, type, mva));
    const l2Type = l2 & 3;
    // A tiny-page descriptor in a coarse table is invalid on ARMv5.
    if (l2Type === 0 || (l2Type === 3 && type === 1)) this.fault(FAULT_TRANSLATION_PAGE, domain, mva);
    return l2;
  }
}
