// ARMv5 virtual memory system architecture: two-level table walk (sections; coarse and fine
// second-level tables with large, small and tiny pages), 16 domains, AP with the S and R bits,
// and the architected fault status codes. A direct-mapped translation cache of 4 KB pages sits
// in front of the walk; it is dropped on every CP15 change that could make it stale.
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

const CACHE_ENTRIES = 1024;

/** Thrown (a shared sentinel, no stack capture) when a translation faults; details on the MMU. */
export class TranslationFault {
  readonly name = 'TranslationFault';
}
export const TRANSLATION_FAULT = new TranslationFault();

export class Mmu {
  /** FSR value (domain << 4 | status) and faulting address of the last fault. */
  faultStatus = 0;
  faultAddress = 0;
  /** Count of table walks (for statistics). */
  walks = 0;

  private readonly tag = new Int32Array(CACHE_ENTRIES);
  private readonly physicalPage = new Int32Array(CACHE_ENTRIES);
  private readonly permission = new Uint8Array(CACHE_ENTRIES);

  constructor(
    private readonly cp15: Cp15,
    private readonly memory: PhysicalMemory,
  ) {}

  invalidateAll(): void {
    this.tag.fill(0);
  }

  invalidateEntry(mva: number): void {
    // A large or section mapping covers many 4 KB cache slots: drop everything (cheap, correct).
    void mva;
    this.tag.fill(0);
  }

  /**
   * Translate a modified virtual address (after FCSE). Throws TRANSLATION_FAULT with faultStatus
   * and faultAddress set.
   */
  translate(mva: number, write: boolean, user: boolean): number {
    const page = mva >>> 12;
    const slot = page & (CACHE_ENTRIES - 1);
    const need = user ? (write ? USER_WRITE : USER_READ) : write ? PRIV_WRITE : PRIV_READ;
    if (this.tag[slot] === page + 1 && (this.permission[slot]! & need) !== 0) {
      return this.physicalPage[slot]! | (mva & 0xfff);
    }
    return this.walk(mva, need);
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

  private walk(mva: number, need: number): number {
    this.walks++;
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
    let granted: number; // permissions for the exact address
    let pageGranted: number; // permissions valid for the whole 4 KB cached page
    let cacheable = true;
    if (isSection) {
      physical = (l1 & 0xfff00000) | (mva & 0x000fffff);
      granted = manager ? ALL_ACCESS : this.accessFromAp((l1 >>> 10) & 3);
      pageGranted = granted;
    } else {
      const l2 = this.secondLevel(l1, type, mva, domain);
      const l2Type = l2 & 3;
      if (l2Type === 1) {
        // Large page, 64 KB; four 16 KB subpages with their own AP
        physical = (l2 & 0xffff0000) | (mva & 0xffff);
        granted = manager ? ALL_ACCESS : this.accessFromAp((l2 >>> (4 + ((mva >>> 14) & 3) * 2)) & 3);
        pageGranted = granted;
      } else if (l2Type === 2) {
        // Small page, 4 KB; four 1 KB subpages with their own AP
        physical = (l2 & 0xfffff000) | (mva & 0xfff);
        granted = manager ? ALL_ACCESS : this.accessFromAp((l2 >>> (4 + ((mva >>> 10) & 3) * 2)) & 3);
        pageGranted = ALL_ACCESS;
        for (let sub = 0; sub < 4 && !manager; sub++) pageGranted &= this.accessFromAp((l2 >>> (4 + sub * 2)) & 3);
      } else {
        // Tiny page, 1 KB (only reachable from a fine table)
        physical = (l2 & 0xfffffc00) | (mva & 0x3ff);
        granted = manager ? ALL_ACCESS : this.accessFromAp((l2 >>> 4) & 3);
        pageGranted = granted;
        cacheable = false; // 1 KB does not fit a 4 KB cache slot
      }
    }
    if ((granted & need) === 0) {
      this.fault(isSection ? FAULT_PERMISSION_SECTION : FAULT_PERMISSION_PAGE, domain, mva);
    }
    if (cacheable) {
      const page = mva >>> 12;
      const slot = page & (CACHE_ENTRIES - 1);
      this.tag[slot] = page + 1;
      this.physicalPage[slot] = physical & ~0xfff;
      this.permission[slot] = pageGranted;
    }
    return physical >>> 0;
  }

  /** Fetch the second-level descriptor; raises a page translation fault for an invalid one. */
  private secondLevel(l1: number, type: number, mva: number, domain: number): number {
    let l2Address: number;
    if (type === 1) l2Address = (l1 & 0xfffffc00) | (((mva >>> 12) & 0xff) << 2);
    else l2Address = (l1 & 0xfffff000) | (((mva >>> 10) & 0x3ff) << 2);
    const l2 = this.memory.read32(l2Address);
    const l2Type = l2 & 3;
    // A tiny-page descriptor in a coarse table is invalid on ARMv5.
    if (l2Type === 0 || (l2Type === 3 && type === 1)) this.fault(FAULT_TRANSLATION_PAGE, domain, mva);
    return l2;
  }
}
