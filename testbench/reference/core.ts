// The ARM926EJ-S programmer's model: banked registers, CPSR/SPSRs, exceptions, virtual memory
// accesses through FCSE and the MMU, and the fetch/decode/execute loop. Instruction semantics
// live in ops/*.ts; this file is the machinery they run on.
import { bankMap, hasSpsr, isValidMode, MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_UND, MODE_USR, spsrSlot, PHYSICAL_REGISTER_COUNT, physicalRegisterName } from './modes.ts';
import { Cp15, type TlbMaintenance } from './cp15.ts';
import { FAULT_ALIGNMENT, Mmu, TRANSLATION_FAULT, type MmuOptions, type TranslationCacheFault } from './mmu.ts';
import type { PhysicalMemory } from './physical-memory.ts';
import type { Pl190Vic } from './devices/pl190.ts';
import type { TimedDevice } from './devices/device.ts';
import type { ExceptionKind, MemoryAccess, RegisterWrite, StepEffects } from './effects.ts';
import { lookupOpAt } from './decode.ts';
import { lookupThumbOp } from './ops/thumb.ts';

/** Why a run stopped before its instruction budget. */
export type StopReason =
  | { readonly kind: 'exit'; readonly code: number; readonly reason: number }
  | { readonly kind: 'wfi-deadlock'; readonly pc: number };

export interface RunResult {
  /** Instructions executed (attempted, including condition-failed and aborted ones). */
  readonly executed: number;
  readonly stop: StopReason | undefined;
}

/** What an access tap is told: an ARM or a Thumb instruction fetch, a data read or write. */
export const TAP_FETCH_ARM = 0;
export const TAP_READ = 1;
export const TAP_WRITE = 2;
export const TAP_FETCH_THUMB = 3;
/** Sees every translated access (MVA after FCSE, physical address); opt-in, for cache warming (testbench/machine/access-ring.ts). */
export type AccessTap = (mva: number, pa: number, kind: number) => void;

const BANK_MAPS: Int8Array[] = [];
for (let m = 0; m < 32; m++) BANK_MAPS.push(bankMap(m | 0x10));


export class Arm926Core {
  /** Current-mode view of r0..r15; r15 reads as the instruction address + 8 during execution. */
  readonly r = new Int32Array(16);
  /** Backing store of all 31 physical registers for banks not currently mapped. */
  private readonly banked = new Int32Array(PHYSICAL_REGISTER_COUNT);
  private readonly spsrs = new Int32Array(6);
  private map: Int8Array = BANK_MAPS[MODE_SVC & 0xf]!;

  mode = MODE_SVC;
  privileged = true;
  nf = 0;
  zf = 0;
  cf = 0;
  vf = 0;
  qf = 0;
  /** The IRQ and FIQ masks: written only where refreshHorizon follows (fastUntil depends on them). */
  iBit = 1;
  fBit = 1;
  tBit = 0;

  /** Address of the instruction being executed / about to execute. */
  pc = 0;
  /** Address of the next instruction; ops write it to branch. */
  nextPc = 0;
  /** Carry out of the barrel shifter for the current instruction. */
  shifterCarry = 0;
  /** Scratch for 64-bit results and saturation flags (avoids allocation). */
  readonly scratch = new Int32Array(2);

  instret = 0;
  /** The instruction clock runs `clockSkew` ahead of instret (the time idled in WFI): one counter per instruction. */
  private clockSkew = 0;
  private stopReason: StopReason | undefined = undefined;
  private waiting = false;
  /**
   * run() takes the straight path to the next instruction while instret is below this: no device
   * event due, not waiting for an interrupt, no interrupt line up, not stopped. Everything that
   * changes one of those recomputes it (refreshHorizon), so the loop tests one number.
   */
  private fastUntil = 0;

  readonly cp15: Cp15;
  readonly mmu: Mmu;
  private mmuOn = false;
  /** MMU off and FCSE PID zero: virtual = physical. */
  private flat = true;
  alignCheck = false;
  private fcsePid = 0;
  /** Opt-in access tap (setAccessTap); while set, every access takes the translating path. */
  private accessTap: AccessTap | null = null;
  private vectorBase = 0;

  /** RAM as words (LDM/STM reach it directly through blockWordIndex). */
  readonly ramWords: Int32Array;
  private readonly ramHalves: Uint16Array;
  private readonly ramBytes: Uint8Array;
  private readonly ramSize: number;
  /**
   * The 4 KB virtual page instructions are fetched from and its physical base: a fetch there skips
   * the translation. Only set when the MMU's cached translation grants the current privilege a read
   * of the whole page; dropped on any CP15 write, mode change or change of the MMU's translations.
   */
  private fetchPage = -1;
  private fetchBase = 0;
  /** The same for the last page read and the last page written, with the privilege they were checked for. */
  private readPage = -1;
  private readBase = 0;
  private readUser = false;
  private writePage = -1;
  private writeBase = 0;
  private writeUser = false;
  /** Tests only: a deliberate bug in the core's shortcuts (mmu.ts TranslationCacheFault). */
  private readonly injectedFault: TranslationCacheFault | undefined;
  /** PhysicalMemory.descriptorBlocks: a store there may change a cached translation. */
  private readonly descriptorBlocks: Uint8Array;
  private nextEventAt = Infinity;

  /** Semihosting console output (SYS_WRITEC / SYS_WRITE0), as byte values. */
  readonly semihostOutput: number[] = [];

  // Recording state (only used by step()).
  /**
   * Told of each crossing between user mode and the others (a trap: before the exception's mode
   * is entered, user registers in place; a resume: when user mode is entered, with where it
   * resumes). Null (the default): the mode changes pay one test each, nothing per instruction.
   */
  crossingHook: CrossingHook | null = null;
  /** The last SWI's comment field, for the crossing hook. */
  private swiComment = 0;
  private recording = false;
  private recordedAccesses: MemoryAccess[] = [];
  private recordedException: ExceptionKind | undefined = undefined;
  private recordedSpsrWrite: number | undefined = undefined;

  constructor(
    readonly memory: PhysicalMemory,
    readonly vic: Pl190Vic,
    private readonly timedDevices: readonly TimedDevice[],
    mmuOptions: MmuOptions & { readonly cacheType?: number } = {},
  ) {
    this.cp15 = new Cp15({
      onTranslationChange: (request) => this.translationChanged(request),
      onWaitForInterrupt: () => {
        this.waitingForInterrupt = true;
      },
    }, mmuOptions.cacheType);
    this.mmu = new Mmu(this.cp15, memory, mmuOptions, () => this.forgetPages());
    this.injectedFault = mmuOptions.translationCacheFault;
    // The `core-stores-unwatched` mutant reads a map of nothing watched: no store of the core's is seen.
    this.descriptorBlocks = this.injectedFault === 'core-stores-unwatched' ? new Uint8Array(memory.descriptorBlocks.length) : memory.descriptorBlocks;
    this.ramWords = memory.words;
    this.ramHalves = memory.halves;
    this.ramBytes = memory.bytes;
    this.ramSize = memory.ramSize;
    vic.onChange = () => this.refreshHorizon();
    this.refreshEvents();
  }

  /** The machine's instruction clock: one tick per instruction, plus the time idled in WFI. */
  get clock(): number {
    return this.instret + this.clockSkew;
  }

  set clock(t: number) {
    this.clockSkew = t - this.instret;
    this.refreshHorizon();
  }

  get stop(): StopReason | undefined {
    return this.stopReason;
  }

  set stop(reason: StopReason | undefined) {
    this.stopReason = reason;
    this.refreshHorizon();
  }

  get waitingForInterrupt(): boolean {
    return this.waiting;
  }

  set waitingForInterrupt(w: boolean) {
    this.waiting = w;
    this.refreshHorizon();
  }

  /** Recompute fastUntil; called by everything that changes what it depends on, the I and F masks included. */
  private refreshHorizon(): void {
    // A masked interrupt line does not leave the straight path: iterate() would not take it either.
    const slow = this.waiting || this.stopReason !== undefined || (this.vic.irqOut && this.iBit === 0) || (this.vic.fiqOut && this.fBit === 0);
    this.fastUntil = slow ? -Infinity : this.nextEventAt - this.clockSkew;
  }

  // ---------------------------------------------------------------- status registers

  get cpsr(): number {
    return (
      ((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28) | (this.qf << 27) |
        (this.iBit << 7) | (this.fBit << 6) | (this.tBit << 5) | this.mode) >>> 0
    );
  }

  /** Write CPSR fields selected by `mask` (bytes); T is only written when allowT (exception return). */
  writeCpsr(value: number, mask: number, allowT: boolean): void {
    if (mask & 0xff000000) {
      this.nf = (value >>> 31) & 1;
      this.zf = (value >>> 30) & 1;
      this.cf = (value >>> 29) & 1;
      this.vf = (value >>> 28) & 1;
      this.qf = (value >>> 27) & 1;
    }
    if (mask & 0xff) {
      const masks = (this.iBit << 1) | this.fBit;
      this.iBit = (value >>> 7) & 1;
      this.fBit = (value >>> 6) & 1;
      if (allowT) this.tBit = (value >>> 5) & 1;
      // An invalid mode field is UNPREDICTABLE; the model keeps the current mode.
      if (isValidMode(value & 0x1f)) this.setMode(value & 0x1f);
      if (masks !== ((this.iBit << 1) | this.fBit)) this.refreshHorizon();
    }
  }

  get spsr(): number {
    return this.spsrs[spsrSlot(this.mode)]! >>> 0;
  }

  /** SPSR of the current mode; modes without one (usr/sys) ignore the write (UNPREDICTABLE). */
  writeSpsr(value: number, mask: number): void {
    if (!hasSpsr(this.mode)) return;
    const slot = spsrSlot(this.mode);
    let bytes = 0;
    for (let i = 0; i < 4; i++) if (mask & (0xff << (i * 8))) bytes |= 0xff << (i * 8);
    this.spsrs[slot] = (this.spsrs[slot]! & ~bytes) | (value & bytes);
    if (this.recording) this.recordedSpsrWrite = this.spsrs[slot]! >>> 0;
  }

  spsrOf(mode: number): number {
    return this.spsrs[spsrSlot(mode)]! >>> 0;
  }

  /**
   * Exception return (MOVS pc / LDM ^ with pc): CPSR = SPSR of the current mode, and the pc
   * (already in nextPc) aligned for the state returned to.
   */
  restoreCpsrFromSpsr(): void {
    if (hasSpsr(this.mode)) this.writeCpsr(this.spsr, 0xff0000ff, true); // usr/sys: UNPREDICTABLE, CPSR kept
    this.nextPc &= this.tBit ? ~1 : ~3;
  }

  setMode(mode: number): void {
    if (mode === this.mode) return;
    const fromUser = this.mode === MODE_USR;
    const oldMap = this.map;
    const newMap = BANK_MAPS[mode & 0xf]!;
    const r = this.r;
    const banked = this.banked;
    for (let i = 8; i <= 14; i++) banked[oldMap[i]!] = r[i]!;
    for (let i = 8; i <= 14; i++) r[i] = banked[newMap[i]!]!;
    this.map = newMap;
    this.mode = mode;
    // The read and write shortcuts carry the privilege they were checked for; the fetch shortcut
    // was checked for the current one.
    const privileged = mode !== MODE_USR;
    if (privileged !== this.privileged) this.fetchPage = -1;
    this.privileged = privileged;
    // Into user mode: every way there (an exception return, an MSR) has set nextPc and the T bit.
    if (this.crossingHook !== null && !fromUser && mode === MODE_USR) this.crossingHook.resume((this.nextPc & (this.tBit ? ~1 : ~3)) >>> 0);
  }

  /** Drop the fetch, read and write page shortcuts (a translation or permission may have changed). */
  private forgetPages(): void {
    this.fetchPage = -1;
    this.readPage = -1;
    this.writePage = -1;
  }

  /** Value of a user-bank register (LDM/STM with ^), whatever the current mode. */
  readUserRegister(index: number): number {
    if (this.map[index] === index) return this.r[index]!;
    return this.banked[index]!;
  }

  writeUserRegister(index: number, value: number): void {
    if (this.map[index] === index) this.r[index] = value;
    else this.banked[index] = value;
  }

  /** Value of any physical register (0..30). */
  physicalRegister(physical: number): number {
    for (let i = 0; i < 16; i++) if (this.map[i] === physical) return i === 15 ? this.pc : this.r[i]!;
    return this.banked[physical]!;
  }

  /** All 31 physical registers (r15 = next pc) into `out`. */
  snapshotPhysical(out: Int32Array): void {
    out.set(this.banked);
    for (let i = 0; i < 15; i++) out[this.map[i]!] = this.r[i]!;
    out[15] = this.pc;
  }

  /** Set any physical register (test setup, golden harness). */
  setPhysicalRegister(physical: number, value: number): void {
    for (let i = 0; i < 15; i++) {
      if (this.map[i] === physical) {
        this.r[i] = value;
        return;
      }
    }
    this.banked[physical] = value;
  }

  /** Set every field of the CPSR (test setup, golden harness). */
  setCpsr(value: number): void {
    this.writeCpsr(value, 0xff0000ff, true);
  }

  setSpsr(mode: number, value: number): void {
    this.spsrs[spsrSlot(mode)] = value;
  }

  // ---------------------------------------------------------------- control flow helpers

  /** Data-processing write to r15: bits 1:0 ignored (ARM state). */
  branchTo(target: number): void {
    this.nextPc = target & ~3;
  }

  /** Load to r15 or BX: ARMv5T interworking on bit 0. */
  branchExchange(target: number): void {
    this.tBit = target & 1;
    this.nextPc = target & (this.tBit ? ~1 : ~3);
  }

  // ---------------------------------------------------------------- exceptions

  private enterException(kind: ExceptionKind, mode: number, vectorOffset: number, returnAddress: number): void {
    if (this.crossingHook !== null && this.mode === MODE_USR) this.crossingHook.trap(kind, kind === 'swi' ? this.swiComment : 0);
    const saved = this.cpsr;
    this.setMode(mode);
    this.spsrs[spsrSlot(mode)] = saved;
    this.r[14] = returnAddress;
    this.iBit = 1;
    if (kind === 'fiq' || kind === 'reset') this.fBit = 1;
    this.refreshHorizon();
    this.tBit = 0;
    this.nextPc = this.vectorBase + vectorOffset;
    if (this.recording) {
      this.recordedException = kind;
      this.recordedSpsrWrite = saved;
    }
  }

  /** Undefined and SWI return to the next instruction: + 2 in Thumb state, + 4 in ARM state. */
  undefinedInstruction(): void {
    this.enterException('undefined', MODE_UND, 0x04, this.pc + (this.tBit ? 2 : 4));
  }

  /** SWI with its comment field (24 bits in ARM state, 8 in Thumb). */
  softwareInterrupt(comment = 0): void {
    this.swiComment = comment;
    this.enterException('swi', MODE_SVC, 0x08, this.pc + (this.tBit ? 2 : 4));
  }

  /** BKPT: a prefetch abort with the debug-event status; IFSR is left unchanged (see docs). */
  breakpoint(): void {
    this.enterException('prefetch-abort', MODE_ABT, 0x0c, this.pc + 4);
  }

  private prefetchAbort(): void {
    this.cp15.instructionFaultStatus = this.mmu.faultStatus;
    this.cp15.instructionFaultAddress = this.mmu.faultAddress;
    this.enterException('prefetch-abort', MODE_ABT, 0x0c, this.pc + 4);
  }

  private dataAbort(): void {
    this.cp15.dataFaultStatus = this.mmu.faultStatus;
    this.cp15.faultAddress = this.mmu.faultAddress;
    this.enterException('data-abort', MODE_ABT, 0x10, this.pc + 8);
  }

  /** Reset: SVC mode, interrupts masked, CP15 at its reset values (MMU off), PC at the reset vector. */
  reset(): void {
    this.setMode(MODE_SVC);
    this.iBit = 1;
    this.fBit = 1;
    this.tBit = 0;
    this.mmu.resetTlb();
    this.cp15.reset();
    this.pc = this.nextPc = this.vectorBase;
    this.stop = undefined;
    this.waitingForInterrupt = false;
  }

  // ---------------------------------------------------------------- memory

  private translationChanged(request: TlbMaintenance): void {
    // TLB maintenance (c8) changes no unlocked translation: the translation cache follows
    // descriptor writes, so it never holds a translation a walk of the current tables would not
    // give (mmu.ts). It does remove lockdown entries (by MVA) and empties the main TLB the
    // lockdown model tracks, so the page shortcuts go: the next access to each page is seen again.
    if (request.kind === 'registers') this.syncControl();
    else {
      if (request.kind === 'all') this.mmu.invalidateTlbAll();
      else this.mmu.invalidateTlbEntry(request.address);
      this.forgetPages();
    }
  }

  /** A store to RAM at `pa`: tell the MMU if it hit a watched descriptor block. */
  private stored(pa: number): void {
    if (this.descriptorBlocks[pa >>> 10] !== 0) this.memory.onDescriptorWrite(pa >>> 2, pa >>> 2);
  }

  /** Re-read the CP15 state the fast paths depend on. */
  syncControl(): void {
    const mmuOn = this.cp15.mmuEnabled;
    const fcsePid = this.cp15.fcsePid;
    // Cache and TLB maintenance (most CP15 writes) keep the page shortcuts: they change no translation.
    if (mmuOn !== this.mmuOn || fcsePid !== this.fcsePid) this.forgetPages();
    this.mmuOn = mmuOn;
    this.fcsePid = fcsePid;
    this.alignCheck = this.cp15.alignmentCheck;
    this.vectorBase = this.cp15.highVectors ? 0xffff0000 | 0 : 0;
    this.flat = !this.mmuOn && this.fcsePid === 0 && this.accessTap === null;
    this.mmu.sync(); // forgets the shortcuts itself when TTBR, the S and R bits or the DACR changed
  }

  /** Attach (or, with null, detach) the access tap. */
  setAccessTap(tap: AccessTap | null): void {
    this.accessTap = tap;
    this.forgetPages(); // the tap must see every access from now on
    this.syncControl();
  }

  /**
   * True when the translation just made holds for its whole 4 KB page, for the access and
   * privilege it was made for. Never while an access tap is attached: the tap must see every access.
   */
  private wholePage(): boolean {
    if (this.accessTap !== null) return false;
    return !this.mmuOn || this.mmu.translatedWholePage;
  }

  /** Translate an instruction fetch; remember the page when the translation covers all of it. */
  private translateFetch(pc: number): number {
    const user = !this.privileged;
    const pa = this.translate(pc, false, user, this.tBit ? TAP_FETCH_THUMB : TAP_FETCH_ARM);
    if (this.wholePage()) {
      this.fetchPage = pc >>> 12;
      this.fetchBase = pa & ~0xfff;
    }
    return pa;
  }

  private translateRead(va: number, user: boolean): number {
    if (va >>> 12 === this.readPage && user === this.readUser) return this.readBase | (va & 0xfff);
    const pa = this.translate(va, false, user);
    if (this.wholePage()) {
      this.readPage = va >>> 12;
      this.readBase = pa & ~0xfff;
      this.readUser = user;
    }
    return pa;
  }

  private translateStore(va: number, user: boolean): number {
    if (va >>> 12 === this.writePage && user === this.writeUser) return this.writeBase | (va & 0xfff);
    const pa = this.translate(va, true, user);
    if (this.wholePage()) {
      this.writePage = va >>> 12;
      this.writeBase = pa & ~0xfff;
      this.writeUser = user;
    }
    return pa;
  }

  /** FCSE relocation then MMU translation. */
  private translate(va: number, write: boolean, user: boolean, fetchKind?: number): number {
    const mva = va >>> 0 < 0x02000000 ? va | this.fcsePid : va;
    const pa = this.mmuOn ? this.mmu.translate(mva, write, user) : mva;
    if (this.accessTap !== null) this.accessTap(mva >>> 0, pa >>> 0, fetchKind ?? (write ? TAP_WRITE : TAP_READ));
    return pa;
  }

  /** Raise an alignment data abort for `va`: the FAR gets its MVA (after FCSE), as for MMU faults. */
  alignmentFault(va: number): never {
    this.mmu.faultStatus = FAULT_ALIGNMENT;
    this.mmu.faultAddress = (va >>> 0 < 0x02000000 ? va | this.fcsePid : va) >>> 0;
    throw TRANSLATION_FAULT;
  }

  private deviceAccessDone(): void {
    this.refreshEvents();
  }

  /**
   * Load the aligned word containing `va` (callers rotate or check alignment). The translation is
   * of `va` itself, so a fault records its MVA with bits 1:0 as the instruction computed them (as
   * the RTL, whose data port carries the unaligned address: docs/REFERENCE.md, Aborts).
   */
  read32(va: number, user: boolean): number {
    const pa = this.flat ? va & ~3 : this.translateRead(va, user) & ~3;
    let value: number;
    if (pa >>> 0 < this.ramSize) value = this.ramWords[pa >>> 2]!;
    else {
      this.memory.now = this.clock;
      value = this.memory.read32(pa);
      this.deviceAccessDone();
    }
    if (this.recording) this.record(va, pa, 4, value, false);
    return value;
  }

  read16(va: number, user: boolean): number {
    const pa = this.flat ? va & ~1 : this.translateRead(va, user) & ~1;
    let value: number;
    if (pa >>> 0 < this.ramSize) value = this.ramHalves[pa >>> 1]!;
    else {
      this.memory.now = this.clock;
      value = this.memory.read16(pa);
      this.deviceAccessDone();
    }
    if (this.recording) this.record(va, pa, 2, value, false);
    return value;
  }

  read8(va: number, user: boolean): number {
    const pa = this.flat ? va : this.translateRead(va, user);
    let value: number;
    if (pa >>> 0 < this.ramSize) value = this.ramBytes[pa >>> 0]!;
    else {
      this.memory.now = this.clock;
      value = this.memory.read8(pa);
      this.deviceAccessDone();
    }
    if (this.recording) this.record(va, pa, 1, value, false);
    return value;
  }

  /** Translate a store address (so a faulting multi-word store can abort before writing). */
  translateWrite(va: number, user: boolean): number {
    return this.flat ? va : this.translateStore(va, user);
  }

  write32(va: number, value: number, user: boolean): void {
    const pa = this.flat ? va & ~3 : this.translateStore(va, user) & ~3;
    this.writePhysical32(va, pa, value);
  }

  /** Store to an already translated address (multi-word stores translate first). */
  writePhysical32(va: number, pa: number, value: number): void {
    if (pa >>> 0 < this.ramSize) {
      this.ramWords[pa >>> 2] = value;
      this.stored(pa);
    } else {
      this.memory.now = this.clock;
      this.memory.write32(pa, value);
      this.deviceAccessDone();
    }
    if (this.recording) this.record(va, pa, 4, value, true);
  }

  /**
   * LDM/STM's shortcut: the RAM word index of `va` when the `bytes` from it (word aligned) lie in
   * one page the read (or write) page shortcut holds for `user`, or the core is flat, all in RAM
   * and, for a store, with no watched page-table descriptor among them; -1 otherwise. It translates
   * nothing, so a caller that gets -1 goes on with read32/write32 per word and no walk or tap call
   * happens twice. Never while recording: step() lists every access.
   */
  blockWordIndex(va: number, bytes: number, write: boolean, user: boolean): number {
    if (this.recording) return -1;
    const lastWord = (va + bytes - 4) | 0;
    if ((va ^ lastWord) >>> 12 !== 0 && this.injectedFault !== 'block-crosses-pages') return -1;
    let pa: number;
    const anyPrivilege = this.injectedFault === 'block-ignores-privilege';
    if (this.flat) pa = va;
    else if (write) {
      if (va >>> 12 !== this.writePage || (user !== this.writeUser && !anyPrivilege)) return -1;
      pa = this.writeBase | (va & 0xfff);
    } else {
      if (va >>> 12 !== this.readPage || (user !== this.readUser && !anyPrivilege)) return -1;
      pa = this.readBase | (va & 0xfff);
    }
    const lastPa = (pa + bytes - 4) >>> 0;
    if (lastPa >= this.ramSize) return -1;
    if (write && this.injectedFault !== 'block-ignores-descriptors' && (this.descriptorBlocks[pa >>> 10] !== 0 || this.descriptorBlocks[lastPa >>> 10] !== 0)) return -1;
    return pa >>> 2;
  }

  write16(va: number, value: number, user: boolean): void {
    const pa = this.flat ? va & ~1 : this.translateStore(va, user) & ~1;
    if (pa >>> 0 < this.ramSize) {
      this.ramHalves[pa >>> 1] = value;
      this.stored(pa);
    } else {
      this.memory.now = this.clock;
      this.memory.write16(pa, value & 0xffff);
      this.deviceAccessDone();
    }
    if (this.recording) this.record(va, pa, 2, value & 0xffff, true);
  }

  write8(va: number, value: number, user: boolean): void {
    const pa = this.flat ? va : this.translateStore(va, user);
    if (pa >>> 0 < this.ramSize) {
      this.ramBytes[pa >>> 0] = value;
      this.stored(pa);
    } else {
      this.memory.now = this.clock;
      this.memory.write8(pa, value & 0xff);
      this.deviceAccessDone();
    }
    if (this.recording) this.record(va, pa, 1, value & 0xff, true);
  }

  /** Debugger-style privileged byte read through the MMU (semihosting); undefined if it faults. */
  peek8(va: number): number | undefined {
    try {
      const pa = this.flat ? va : this.translate(va, false, false);
      return this.memory.read8(pa);
    } catch (e) {
      if (e === TRANSLATION_FAULT) return undefined;
      throw e;
    }
  }

  /** Debugger translation (privileged read, as peek8): the physical address, or undefined if it faults. */
  debugTranslate(va: number): number | undefined {
    try {
      return (this.flat ? va : this.translate(va, false, false)) >>> 0;
    } catch (e) {
      if (e === TRANSLATION_FAULT) return undefined;
      throw e;
    }
  }

  /** The vector base the core uses now (0, or 0xFFFF0000 with CP15 V). */
  get vectors(): number {
    return this.vectorBase >>> 0;
  }

  private record(va: number, pa: number, size: 1 | 2 | 4, value: number, write: boolean): void {
    const mask = size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
    this.recordedAccesses.push({ virtualAddress: va >>> 0, physicalAddress: pa >>> 0, size, value: (value & mask) >>> 0, write });
  }

  // ---------------------------------------------------------------- devices and time

  refreshEvents(): void {
    let next = Infinity;
    for (const d of this.timedDevices) next = Math.min(next, d.nextEventAt());
    this.nextEventAt = next;
    this.refreshHorizon();
  }

  private serviceDevices(): void {
    for (const d of this.timedDevices) d.advanceTo(this.clock);
    this.refreshEvents();
  }

  // ---------------------------------------------------------------- execution

  conditionPassed(cond: number): boolean {
    switch (cond) {
      case 0: return this.zf === 1;
      case 1: return this.zf === 0;
      case 2: return this.cf === 1;
      case 3: return this.cf === 0;
      case 4: return this.nf === 1;
      case 5: return this.nf === 0;
      case 6: return this.vf === 1;
      case 7: return this.vf === 0;
      case 8: return this.cf === 1 && this.zf === 0;
      case 9: return this.cf === 0 || this.zf === 1;
      case 10: return this.nf === this.vf;
      case 11: return this.nf !== this.vf;
      case 12: return this.zf === 0 && this.nf === this.vf;
      case 13: return this.zf === 1 || this.nf !== this.vf;
      default: return true;
    }
  }

  /** Take a pending, unmasked FIQ or IRQ; true if one was taken. */
  private takeInterrupt(): boolean {
    if (this.vic.fiqOut && !this.fBit) {
      this.enterException('fiq', MODE_FIQ, 0x1c, this.pc + 4);
    } else if (this.vic.irqOut && !this.iBit) {
      this.enterException('irq', MODE_IRQ, 0x18, this.pc + 4);
    } else {
      return false;
    }
    this.pc = this.nextPc;
    return true;
  }

  /** One iteration: devices, interrupt check, then at most one instruction. */
  private iterate(): void {
    if (this.clock >= this.nextEventAt) this.serviceDevices();
    if (this.waitingForInterrupt) {
      if (!this.vic.irqOut && !this.vic.fiqOut) {
        // Idle until the next device event; nothing will ever wake a core with no event pending.
        if (this.nextEventAt === Infinity) {
          this.stop = { kind: 'wfi-deadlock', pc: this.pc >>> 0 };
          return;
        }
        this.clock = this.nextEventAt;
        return;
      }
      this.waitingForInterrupt = false;
    }
    if ((this.vic.irqOut || this.vic.fiqOut) && this.takeInterrupt()) return;
    this.executeOne();
  }

  // The bookkeeping step() reports (lastFetched, lastExecuted) is written only on the paths that
  // clear it: step() sets both before each instruction, so run() pays no store for them.
  private executeOne(): void {
    const pc = this.pc;
    this.instret++;
    let word: number;
    let pa: number;
    try {
      pa = this.flat ? pc : pc >>> 12 === this.fetchPage ? this.fetchBase | (pc & 0xfff) : this.translateFetch(pc);
      if (this.tBit) {
        if (pa >>> 0 < this.ramSize) word = this.ramHalves[pa >>> 1]!;
        else {
          this.memory.now = this.clock;
          word = this.memory.read16(pa);
        }
      } else if (pa >>> 0 < this.ramSize) word = this.ramWords[pa >>> 2]!;
      else {
        this.memory.now = this.clock;
        word = this.memory.read32(pa);
      }
    } catch (e) {
      if (e !== TRANSLATION_FAULT) throw e;
      this.lastFetched = false;
      this.lastExecuted = false;
      this.prefetchAbort();
      this.pc = this.nextPc;
      return;
    }
    this.lastWord = word;
    if (this.tBit) {
      this.executeThumb(pc, word);
      return;
    }
    this.r[15] = pc + 8;
    this.nextPc = pc + 4;
    const cond = word >>> 28;
    if (cond < 14 && !this.conditionPassed(cond)) {
      this.lastExecuted = false;
      this.pc = this.nextPc;
      return;
    }
    try {
      lookupOpAt(pa, word)(this, word);
    } catch (e) {
      if (e !== TRANSLATION_FAULT) throw e;
      this.dataAbort();
    }
    this.pc = this.nextPc;
  }

  /** A Thumb instruction: only the conditional branch (1101, cond < 1110) has a condition. */
  private executeThumb(pc: number, hw: number): void {
    this.r[15] = pc + 4;
    this.nextPc = pc + 2;
    const cond = (hw >>> 8) & 15;
    if ((hw & 0xf000) === 0xd000 && cond < 14 && !this.conditionPassed(cond)) {
      this.lastExecuted = false;
      this.pc = this.nextPc;
      return;
    }
    try {
      lookupThumbOp(hw)(this, hw);
    } catch (e) {
      if (e !== TRANSLATION_FAULT) throw e;
      this.dataAbort();
    }
    this.pc = this.nextPc;
  }

  private lastWord = 0;
  private lastFetched = false;
  private lastExecuted = false;

  /** Run up to `maxInstructions` instructions, or until a stop (exit, deadlock). */
  run(maxInstructions: number): RunResult {
    const start = this.instret;
    const end = start + maxInstructions;
    while (this.instret < end) {
      // The common case (see fastUntil) goes straight to the instruction.
      if (this.instret < this.fastUntil) this.executeOne();
      else if (this.stopReason !== undefined) break;
      else this.iterate();
    }
    return { executed: this.instret - start, stop: this.stop };
  }

  /** One recorded step: an interrupt entry or one instruction, with its effects. */
  step(): StepEffects | undefined {
    if (this.stop !== undefined) return undefined;
    const before = new Int32Array(PHYSICAL_REGISTER_COUNT);
    this.snapshotPhysical(before);
    const mode = this.mode;
    const thumb = this.tBit === 1; // an instruction runs in the state it starts in
    const instretBefore = this.instret;
    const pcBefore = this.pc;
    this.recording = true;
    this.lastFetched = true;
    this.lastExecuted = true;
    this.recordedAccesses = [];
    this.recordedException = undefined;
    this.recordedSpsrWrite = undefined;
    try {
      this.iterate();
    } finally {
      this.recording = false;
    }
    const ranInstruction = this.instret !== instretBefore;
    const registerWrites: RegisterWrite[] = [];
    const after = new Int32Array(PHYSICAL_REGISTER_COUNT);
    this.snapshotPhysical(after);
    for (let p = 0; p < PHYSICAL_REGISTER_COUNT; p++) {
      if (p !== 15 && after[p] !== before[p]) registerWrites.push({ physical: p, name: physicalRegisterName(p), value: after[p]! >>> 0 });
    }
    return {
      pc: ranInstruction ? pcBefore >>> 0 : undefined,
      instruction: ranInstruction && this.lastFetched ? this.lastWord >>> 0 : undefined,
      mode,
      executed: ranInstruction && this.lastExecuted,
      thumb: ranInstruction && thumb,
      cpsrAfter: this.cpsr,
      nextPc: this.pc >>> 0,
      registerWrites,
      memory: this.recordedAccesses,
      exception: this.recordedException,
      spsrWrite: this.recordedSpsrWrite,
    };
  }

  /** Current-mode register value as software sees it between instructions (r15 = next pc). */
  register(index: number): number {
    return index === 15 ? this.pc >>> 0 : this.r[index]! >>> 0;
  }

  setRegister(index: number, value: number): void {
    if (index === 15) this.pc = this.nextPc = value;
    else this.r[index] = value;
  }
}

export { MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_UND, MODE_USR };

/** What the crossing hook is told (Arm926Core.crossingHook). */
export interface CrossingHook {
  /** From user mode into `kind`'s mode (a SWI's comment field in `swi`): this.pc is the trapping instruction, user registers in place. */
  trap(kind: ExceptionKind, swi: number): void;
  /** Into user mode, resuming at `pc`. */
  resume(pc: number): void;
}
