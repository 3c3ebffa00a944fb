// CP15 system control coprocessor of the ARM926EJ-S (register values from the ARM926EJ-S TRM).
// MMU-relevant changes are reported through the `onTranslationChange` callback so the core can
// switch its translation context. Cache maintenance is accepted and has no architectural effect
// (the ISS has no caches); test-and-clean reports "clean".
import { hex32 } from './bits.ts';

export const ARM926_MAIN_ID = 0x41069265;
/** 16 KB I + 16 KB D, 4-way, 32-byte lines, write-back, format C lockdown. */
export const ARM926_CACHE_TYPE_16K = 0x1d152152;

export const CTRL_M = 1 << 0;
export const CTRL_A = 1 << 1;
export const CTRL_C = 1 << 2;
export const CTRL_W = 1 << 3;
export const CTRL_S = 1 << 8;
export const CTRL_R = 1 << 9;
export const CTRL_I = 1 << 12;
export const CTRL_V = 1 << 13;
export const CTRL_RR = 1 << 14;
export const CTRL_L4 = 1 << 15;
/** Bits that read as one on the ARM926EJ-S (W, P, D, L and bits 16, 18). */
const CTRL_READS_AS_ONE = 0x00050078;
const CTRL_WRITABLE = CTRL_M | CTRL_A | CTRL_C | CTRL_S | CTRL_R | CTRL_I | CTRL_V | CTRL_RR | CTRL_L4;

/**
 * A translation-relevant change: control, TTBR or DACR written (`registers`), or TLB maintenance
 * (all entries, or the one covering `address`).
 */
export type TlbMaintenance =
  | { readonly kind: 'registers' }
  | { readonly kind: 'all' }
  | { readonly kind: 'entry'; readonly address: number };
/** TLB lockdown entries of the ARM926EJ-S (c10; the RTL's default `tlb.lockdownEntries`). */
export const ARM926_TLB_LOCKDOWN_ENTRIES = 8;
const REGISTERS_CHANGED: TlbMaintenance = { kind: 'registers' };
const INVALIDATE_ALL: TlbMaintenance = { kind: 'all' };

export interface Cp15Hooks {
  /** Control, TTBR or DACR changed, or TLB maintenance. */
  onTranslationChange(request: TlbMaintenance): void;
  /** c7,c0,4: wait for interrupt. */
  onWaitForInterrupt(): void;
}

export class Cp15 {
  control = CTRL_READS_AS_ONE;
  ttbr = 0;
  dacr = 0;
  dataFaultStatus = 0;
  instructionFaultStatus = 0;
  faultAddress = 0;
  /** Prefetch abort address: an ARMv6-style IFAR at c6,c0,2 (the ARM926 itself has none). */
  instructionFaultAddress = 0;
  fcsePid = 0;
  contextId = 0;
  private dcacheLockdown = 0;
  private icacheLockdown = 0;
  private tlbLockdown = 0;

  constructor(
    private readonly hooks: Cp15Hooks,
    /** c0 cache type: the configured cache geometry (testbench/machine passes the RTL's configuration's). */
    readonly cacheType = ARM926_CACHE_TYPE_16K,
  ) {}

  /** c10 P bit: table walks now fill the lockdown TLB entry the victim field selects. */
  get tlbPreserve(): boolean {
    return (this.tlbLockdown & 1) !== 0;
  }
  /** c10 victim field (bits 28:26). */
  get tlbVictim(): number {
    return (this.tlbLockdown >>> 26) & 7;
  }
  /**
   * A walk filled the lockdown entry the victim selects: the victim advances (ARM926 TRM 2.3.11),
   * wrapping at 8 (its field's width), as the RTL's CP15 does; the entry is victim mod the count.
   */
  advanceTlbVictim(): void {
    const t = this.tlbLockdown;
    this.tlbLockdown = ((t & ~(7 << 26)) | ((((t >>> 26) + 1) & 7) << 26)) >>> 0;
  }

  /**
   * Reset: every register to its reset value (control 0x00050078, the rest zero), as the RTL's
   * CP15 registers take at reset, so a machine restarted after a program starts as a fresh one.
   */
  reset(): void {
    this.control = CTRL_READS_AS_ONE;
    this.ttbr = 0;
    this.dacr = 0;
    this.dataFaultStatus = 0;
    this.instructionFaultStatus = 0;
    this.faultAddress = 0;
    this.instructionFaultAddress = 0;
    this.fcsePid = 0;
    this.contextId = 0;
    this.dcacheLockdown = 0;
    this.icacheLockdown = 0;
    this.tlbLockdown = 0;
    this.hooks.onTranslationChange(REGISTERS_CHANGED);
  }

  get mmuEnabled(): boolean {
    return (this.control & CTRL_M) !== 0;
  }
  get alignmentCheck(): boolean {
    return (this.control & CTRL_A) !== 0;
  }
  get highVectors(): boolean {
    return (this.control & CTRL_V) !== 0;
  }
  get systemProtection(): boolean {
    return (this.control & CTRL_S) !== 0;
  }
  get romProtection(): boolean {
    return (this.control & CTRL_R) !== 0;
  }

  /** MRC: the register value, or undefined for an unimplemented register (undefined instruction). */
  read(crn: number, opc1: number, crm: number, opc2: number): number | undefined {
    if (opc1 !== 0) return undefined;
    switch (crn) {
      case 0:
        if (crm !== 0) return undefined;
        if (opc2 === 1) return this.cacheType;
        if (opc2 === 2) return 0; // TCM status: no TCMs
        return ARM926_MAIN_ID; // unimplemented c0 opc2 values read the main ID
      case 1:
        return crm === 0 && opc2 === 0 ? this.control : undefined;
      case 2:
        return crm === 0 && opc2 === 0 ? this.ttbr : undefined;
      case 3:
        return crm === 0 && opc2 === 0 ? this.dacr : undefined;
      case 5:
        if (crm !== 0) return undefined;
        return opc2 === 0 ? this.dataFaultStatus : opc2 === 1 ? this.instructionFaultStatus : undefined;
      case 6:
        if (crm !== 0) return undefined;
        return opc2 === 0 ? this.faultAddress : opc2 === 2 ? this.instructionFaultAddress : undefined;
      case 7:
        // Test (and clean/invalidate) D-cache: Z set in the result means "clean".
        if (crm === 10 && opc2 === 3) return 0x40000000;
        if (crm === 14 && opc2 === 3) return 0x40000000;
        return undefined;
      case 9:
        if (crm === 0) return opc2 === 0 ? this.dcacheLockdown : opc2 === 1 ? this.icacheLockdown : undefined;
        if (crm === 1) return 0; // TCM region registers: no TCMs
        return undefined;
      case 10:
        return crm === 0 && opc2 === 0 ? this.tlbLockdown : undefined;
      case 13:
        if (crm !== 0) return undefined;
        return opc2 === 0 ? this.fcsePid : opc2 === 1 ? this.contextId : undefined;
      case 15:
        return 0; // test and debug registers: no architectural content here
      default:
        return undefined;
    }
  }

  /** MCR: returns false for an unimplemented register (undefined instruction). */
  write(crn: number, opc1: number, crm: number, opc2: number, value: number): boolean {
    if (opc1 !== 0) return false;
    switch (crn) {
      case 1:
        if (crm !== 0 || opc2 !== 0) return false;
        this.control = (value & CTRL_WRITABLE) | CTRL_READS_AS_ONE;
        this.hooks.onTranslationChange(REGISTERS_CHANGED);
        return true;
      case 2:
        if (crm !== 0 || opc2 !== 0) return false;
        this.ttbr = value >>> 0;
        this.hooks.onTranslationChange(REGISTERS_CHANGED);
        return true;
      case 3:
        if (crm !== 0 || opc2 !== 0) return false;
        this.dacr = value >>> 0;
        this.hooks.onTranslationChange(REGISTERS_CHANGED);
        return true;
      case 5:
        if (crm !== 0) return false;
        if (opc2 === 0) this.dataFaultStatus = value & 0xff;
        else if (opc2 === 1) this.instructionFaultStatus = value & 0xff;
        else return false;
        return true;
      case 6:
        if (crm !== 0) return false;
        if (opc2 === 0) this.faultAddress = value >>> 0;
        else if (opc2 === 2) this.instructionFaultAddress = value >>> 0;
        else return false;
        return true;
      case 7:
        if (crm === 0 && opc2 === 4) this.hooks.onWaitForInterrupt();
        return true; // cache maintenance, prefetch flush, drain write buffer: no state here
      case 8:
        if (opc2 > 1) return false;
        // c8,c5 (I), c8,c6 (D) and c8,c7 (unified) act on the one unified TLB; other CRm: no effect (as the RTL).
        if (crm < 5 || crm > 7) return true;
        if (opc2 === 0) this.hooks.onTranslationChange(INVALIDATE_ALL);
        else this.hooks.onTranslationChange({ kind: 'entry', address: value >>> 0 });
        return true;
      case 9:
        if (crm === 0 && opc2 === 0) this.dcacheLockdown = value >>> 0;
        else if (crm === 0 && opc2 === 1) this.icacheLockdown = value >>> 0;
        else if (crm !== 1) return false;
        return true;
      case 10:
        if (crm !== 0 || opc2 !== 0) return false;
        this.tlbLockdown = value >>> 0;
        return true;
      case 13:
        if (crm !== 0) return false;
        if (opc2 === 0) this.fcsePid = value & 0xfe000000;
        else if (opc2 === 1) this.contextId = value >>> 0;
        else return false;
        return true;
      case 15:
        return true;
      default:
        return false;
    }
  }

  describe(): string {
    return `control=${hex32(this.control)} ttbr=${hex32(this.ttbr)} dacr=${hex32(this.dacr)} pid=${hex32(this.fcsePid)}`;
  }
}
