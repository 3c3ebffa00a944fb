// The main TLB (set-associative, ARM926: 64 entries, 2-way) plus the fully associative lockdown
// TLB (ARM926: 8 entries), unified for instructions and data. Each entry maps a 1 KB, 4 KB, 16 KB,
// 64 KB or 1 MB region (a small or large page whose subpages have different AP is entered one
// subpage at a time, as on the ARM926) and holds domain, AP, C, B, and, for the 'asid' knob, the
// ASID and the not-global bit.
//
// Two combinational lookup ports, I and D. Each applies FCSE relocation, looks up two sets of the
// main TLB (the page set, MVA[12+], where 1 KB..64 KB entries live, and the section set, MVA[31:20]
// XOR-folded, where 1 MB sections live: a section is one entry whatever 4 KB of it is used) and all lockdown
// entries, and checks domain (DACR) and AP (with S and R) against the
// current CP15 values, so a DACR or control change needs no TLB flush. The D port also checks
// alignment (A bit). While a c7 maintenance operation is requested, the D port translates the
// operation's MVA instead (for physically tagged caches) once no data access is pending.
//
// Clocked: entries written by the table walker (fill_*), and the c8 maintenance operations.
import type { TlbConfig } from '../config.ts';
import { Module, RecordDriver, type Signal } from '../hdl/index.ts';
import {
  A_ASID_SHIFT,
  A_AP_SHIFT,
  A_B,
  A_C,
  A_DOMAIN_SHIFT,
  A_NG,
  A_SECTION,
  A_SIZE_SHIFT,
  A_VALID,
  ATTR_WIDTH,
  FS_ALIGNMENT,
  FS_DOMAIN_PAGE,
  FS_DOMAIN_SECTION,
  FS_PERMISSION_PAGE,
  FS_PERMISSION_SECTION,
  SIZE_LOG2,
  fcse,
  log2,
} from './faults.ts';
import { CTRL_A, CTRL_C, CTRL_I, CTRL_M, CTRL_R, CTRL_S, OP, opCode } from './cp15-link.ts';

/** Attribute bits that identify a not-global region's entry: size, not-global, ASID (a global one: size and nG). */
const SAME_REGION = (7 << A_SIZE_SHIFT) | A_NG | (0xff << A_ASID_SHIFT);

/** Does the AP field (under S, R) allow this access? */
export function apAllows(ap: number, priv: boolean, write: boolean, s: boolean, r: boolean): boolean {
  switch (ap) {
    case 0:
      if (write) return false;
      if (s && !r) return priv;
      if (r && !s) return true;
      return false;
    case 1:
      return priv;
    case 2:
      return priv || !write;
    default:
      return true;
  }
}

/** A lookup port's output names, in the order its record driver writes them. */
const PORT_FIELDS = ['mva', 'miss', 'fault', 'fsr', 'pa', 'cache', 'buf', 'sect', 'dom'] as const;
type PortField = (typeof PORT_FIELDS)[number];
/** One lookup port's outputs. */
interface LookupPort {
  readonly mva: Signal; //   32 FCSE-relocated address
  readonly miss: Signal; //   1 no matching entry (MMU on): a table walk is needed
  readonly fault: Signal; //  1 alignment, domain or permission fault (valid when !miss)
  readonly fsr: Signal; //    8 domain << 4 | status
  readonly pa: Signal; //    32 physical address
  readonly cache: Signal; //  1 cacheable (page C and the side's cache enable)
  readonly buf: Signal; //    1 bufferable (page B; MMU off: 0)
  readonly sect: Signal; //   1 the mapping is a section (for external-abort status codes)
  readonly dom: Signal; //    4 domain of the mapping
}
/** A lookup's outputs as values, computed first and then driven onto a port's wires at once. */
type LookupValues = Record<PortField, number>;

export class Tlb extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  // Current CP15 values and requests (connected by the parent).
  readonly ctrl = this.input('ctrl', 32);
  readonly dacr = this.input('dacr', 32);
  readonly fcsepid = this.input('fcsepid', 32);
  readonly contextid = this.input('contextid', 32);
  readonly tlblock = this.input('tlblock', 32);
  readonly op_valid = this.input('op_valid', 1);
  readonly op_crn = this.input('op_crn', 4);
  readonly op_crm = this.input('op_crm', 4);
  readonly op_opc2 = this.input('op_opc2', 3);
  readonly op_data = this.input('op_data', 32);
  readonly op_ready = this.input('op_ready', 1);
  /** This module's part of the current operation is complete (or it has none). */
  readonly op_done = this.output('op_done', 1);

  // Lookup inputs.
  readonly i_va = this.input('i_va', 32);
  readonly i_priv = this.input('i_priv', 1);
  readonly d_req = this.input('d_req', 1);
  readonly d_va = this.input('d_va', 32);
  readonly d_priv = this.input('d_priv', 1);
  readonly d_we = this.input('d_we', 1);
  readonly d_size = this.input('d_size', 2);

  // Lookup outputs.
  readonly i: LookupPort = this.port('i');
  readonly d: LookupPort = this.port('d');
  // Each port's wires are written from one record per cycle, with constant slots (RecordDriver).
  private readonly driveI = new RecordDriver(PORT_FIELDS, this.i);
  private readonly driveD = new RecordDriver(PORT_FIELDS, this.d);
  private readonly out: LookupValues = { mva: 0, miss: 0, fault: 0, fsr: 0, pa: 0, cache: 0, buf: 0, sect: 0, dom: 0 };

  // Fill from the table walker: the region's MVA, PA[31:10] of its base, and the attribute word.
  readonly fill_valid = this.input('fill_valid', 1);
  readonly fill_mva = this.input('fill_mva', 32);
  readonly fill_pa = this.input('fill_pa', 22);
  readonly fill_attr = this.input('fill_attr', ATTR_WIDTH);

  readonly entries: number;
  readonly ways: number;
  readonly sets: number;
  private readonly setBits: number;
  readonly lockdown: number;
  readonly asidMode: boolean;
  /** MVA[31:10] of each entry's region base; main entries at set*ways+way, lockdown after them. */
  readonly tlb_va: ReturnType<Module['memory']>;
  /** PA[31:10] of each entry's region base. */
  readonly tlb_pa: ReturnType<Module['memory']>;
  /** Attribute word (see faults.ts A_*). */
  readonly tlb_attr: ReturnType<Module['memory']>;
  /** Round-robin replacement pointer of the main TLB. */
  readonly victim: ReturnType<Module['reg']>;
  /** This module finished its part of the requested c8 operation. */
  readonly op_fin = this.reg('op_fin', 1);

  constructor(parent: Module | null, name: string, cfg: TlbConfig, asidMode: boolean) {
    super(parent, name);
    this.entries = cfg.entries;
    this.ways = cfg.ways;
    this.sets = cfg.entries / cfg.ways;
    this.setBits = log2(this.sets);
    this.lockdown = cfg.lockdownEntries;
    this.asidMode = asidMode;
    const depth = this.entries + this.lockdown;
    // Traced entry by entry (a waveform shows every TLB fill and invalidation): <array>_s<set>w<way>, <array>_l<k>.
    const names = (a: string): string[] => [
      ...Array.from({ length: this.entries }, (_, e) => `${a}_s${Math.floor(e / this.ways)}w${e % this.ways}`),
      ...Array.from({ length: this.lockdown }, (_, k) => `${a}_l${k}`),
    ];
    this.tlb_va = this.memory('tlb_va', 22, depth, { writePorts: depth, trace: true, entryNames: names('va') });
    this.tlb_pa = this.memory('tlb_pa', 22, depth, { writePorts: depth, trace: true, entryNames: names('pa') });
    this.tlb_attr = this.memory('tlb_attr', ATTR_WIDTH, depth, { writePorts: depth, resetValue: 0, trace: true, entryNames: names('attr') });
    this.victim = this.reg('victim', Math.max(1, log2(this.ways)));
  }

  private port(p: string): LookupPort {
    return {
      mva: this.output(`${p}_mva`, 32),
      miss: this.output(`${p}_miss`, 1),
      fault: this.output(`${p}_fault`, 1),
      fsr: this.output(`${p}_fsr`, 8),
      pa: this.output(`${p}_pa`, 32),
      cache: this.output(`${p}_cache`, 1),
      buf: this.output(`${p}_buf`, 1),
      sect: this.output(`${p}_sect`, 1),
      dom: this.output(`${p}_dom`, 4),
    };
  }

  /** Main TLB set of a page entry (1 KB..64 KB): MVA[12 + log2 sets - 1 : 12]. */
  pageSet(mva: number): number {
    return (mva >>> 12) & (this.sets - 1);
  }

  /**
   * Main TLB set of a section entry (1 MB): MVA[31:20] XOR-folded to log2 sets bits (for 32 sets:
   * MVA[24:20] ^ MVA[29:25] ^ MVA[31:30]), so one entry serves the whole section, and sections at
   * 32 MB strides (FCSE slots, 0x40000000 / 0xC0000000) do not all meet in one set.
   */
  sectionSet(mva: number): number {
    const bits = this.setBits;
    if (bits === 0) return 0;
    let x = mva >>> 20;
    let set = 0;
    while (x !== 0) {
      set ^= x & (this.sets - 1);
      x >>>= bits;
    }
    return set;
  }

  /** Index of the entry translating `mva` under the current ASID, or -1. Probes the page set and the section set. */
  find(mva: number): number {
    const asid = this.contextid.v & 0xff;
    const va = this.tlb_va.data;
    const at = this.tlb_attr.data;
    const ps = this.pageSet(mva);
    let base = ps * this.ways;
    for (let w = 0; w < this.ways; w++) if (this.matches(base + w, mva, asid, va, at)) return base + w;
    const ss = this.sectionSet(mva);
    if (ss !== ps) {
      base = ss * this.ways;
      for (let w = 0; w < this.ways; w++) if (this.matches(base + w, mva, asid, va, at)) return base + w;
    }
    for (let k = 0; k < this.lockdown; k++) if (this.matches(this.entries + k, mva, asid, va, at)) return this.entries + k;
    return -1;
  }

  private matches(e: number, mva: number, asid: number, va: Uint32Array, at: Uint32Array): boolean {
    const a = at[e]!;
    if ((a & A_VALID) === 0) return false;
    const shift = SIZE_LOG2[(a >>> A_SIZE_SHIFT) & 7]!;
    if (((mva >>> shift) ^ ((va[e]! << 10) >>> shift)) !== 0) return false;
    return !this.asidMode || (a & A_NG) === 0 || ((a >>> A_ASID_SHIFT) & 0xff) === asid;
  }

  /** Look `mva` up for one side and drive that side's port. */
  private lookup(port: RecordDriver<PortField>, mva: number, priv: boolean, write: boolean, side: 'i' | 'd', align: boolean): void {
    this.translate(this.out, mva, priv, write, side, align);
    port.drive(this.out);
  }

  private translate(p: LookupValues, mva: number, priv: boolean, write: boolean, side: 'i' | 'd', align: boolean): void {
    const ctrl = this.ctrl.v;
    p.mva = mva;
    if (align) {
      p.miss = 0;
      p.fault = 1;
      p.fsr = FS_ALIGNMENT;
      p.pa = mva;
      p.cache = 0;
      p.buf = 0;
      p.sect = 1;
      p.dom = 0;
      return;
    }
    if ((ctrl & CTRL_M) === 0) {
      // MMU off: flat; data non-cacheable and non-bufferable; instructions cacheable if I is set.
      p.miss = 0;
      p.fault = 0;
      p.fsr = 0;
      p.pa = mva;
      p.cache = side === 'i' && (ctrl & CTRL_I) !== 0 ? 1 : 0;
      p.buf = 0;
      p.sect = 1;
      p.dom = 0;
      return;
    }
    const e = this.find(mva);
    if (e < 0) {
      p.miss = 1;
      p.fault = 0;
      p.fsr = 0;
      p.pa = 0;
      p.cache = 0;
      p.buf = 0;
      p.sect = 0;
      p.dom = 0;
      return;
    }
    const a = this.tlb_attr.data[e]!;
    const shift = SIZE_LOG2[(a >>> A_SIZE_SHIFT) & 7]!;
    const offsetMask = (1 << shift) - 1;
    const domain = (a >>> A_DOMAIN_SHIFT) & 15;
    const section = (a & A_SECTION) !== 0;
    const access = (this.dacr.v >>> (domain * 2)) & 3;
    let status = 0;
    if (access === 0 || access === 2) status = section ? FS_DOMAIN_SECTION : FS_DOMAIN_PAGE;
    else if (access === 1) {
      const ap = (a >>> A_AP_SHIFT) & 3;
      if (!apAllows(ap, priv, write, (ctrl & CTRL_S) !== 0, (ctrl & CTRL_R) !== 0)) status = section ? FS_PERMISSION_SECTION : FS_PERMISSION_PAGE;
    }
    const enable = side === 'i' ? CTRL_I : CTRL_C;
    p.miss = 0;
    p.fault = status !== 0 ? 1 : 0;
    p.fsr = status !== 0 ? (domain << 4) | status : 0;
    p.pa = (((this.tlb_pa.data[e]! << 10) & ~offsetMask) | (mva & offsetMask)) >>> 0;
    p.cache = (a & A_C) !== 0 && (ctrl & enable) !== 0 ? 1 : 0;
    p.buf = (a & A_B) !== 0 ? 1 : 0;
    p.sect = section ? 1 : 0;
    p.dom = domain;
  }

  /** True when the requested operation is a c8 (TLB) operation. */
  private tlbOp(): boolean {
    return this.op_valid.on && this.op_crn.v === 8;
  }

  override comb(): void {
    const pid = this.fcsepid.v;
    this.lookup(this.driveI, fcse(this.i_va.v, pid), this.i_priv.on, false, 'i', false);
    if (this.op_valid.on && this.op_crn.v === 7 && !this.d_req.on) {
      // Translate the maintenance operation's MVA (already modified: no FCSE, no checks). A data
      // access still pending (older than the MCR) goes first.
      this.lookup(this.driveD, this.op_data.v, true, false, 'd', false);
    } else {
      const va = this.d_va.v;
      const size = this.d_size.v;
      const misaligned = (this.ctrl.v & CTRL_A) !== 0 && ((size === 2 && (va & 3) !== 0) || (size === 1 && (va & 1) !== 0));
      this.lookup(this.driveD, fcse(va, pid), this.d_priv.on, this.d_we.on, 'd', misaligned);
    }
    this.op_done.v = !this.tlbOp() || this.op_fin.on ? 1 : 0;
  }

  override clock(): void {
    if (this.fill_valid.on) this.fill();
    if (this.op_ready.on) this.op_fin.next = 0;
    else if (this.tlbOp() && !this.op_fin.on) {
      this.maintain();
      this.op_fin.next = 1;
    }
  }

  private fill(): void {
    const state = this.victim.v;
    const r = this.place(this.fill_mva.v, this.fill_attr.v, this.tlblock.v, state);
    if (r >>> 16 !== state) this.victim.next = r >>> 16;
    this.write(r & 0xffff, this.fill_mva.v, this.fill_pa.v, this.fill_attr.v);
  }

  /**
   * Testbench backdoor for functional warming (no clock): enter a translation as a walk's fill
   * would (the same entry choice) under round-robin pointer `state`; returns the pointer after.
   */
  preload(mva: number, pa22: number, attr: number, state: number): number {
    const r = this.place(mva, attr, this.tlblock.v, state);
    const e = r & 0xffff;
    const shift = SIZE_LOG2[(attr >>> A_SIZE_SHIFT) & 7]!;
    this.tlb_va.load(e, [((mva >>> shift) << shift) >>> 10]);
    this.tlb_pa.load(e, [pa22]);
    this.tlb_attr.load(e, [attr]);
    return r >>> 16;
  }

  /** Testbench backdoor: invalidate the main TLB (as c8 invalidate-all; lockdown entries stay). */
  preloadInvalidateAll(): void {
    this.tlb_attr.data.fill(0, 0, this.entries);
    this.tlb_attr.load(0, []);
  }

  private write(e: number, mva: number, pa22: number, attr: number): void {
    const shift = SIZE_LOG2[(attr >>> A_SIZE_SHIFT) & 7]!;
    this.tlb_va.write(e, ((mva >>> shift) << shift) >>> 10);
    this.tlb_pa.write(e, pa22);
    this.tlb_attr.write(e, attr);
  }

  /** The entry a fill of (mva, attr) takes, and the round-robin pointer after: `next << 16 | entry`. */
  private place(mva: number, attr: number, lock: number, state: number): number {
    const shift = SIZE_LOG2[(attr >>> A_SIZE_SHIFT) & 7]!;
    let e: number;
    let next = state;
    if ((lock & 1) !== 0 && this.lockdown > 0) {
      e = this.entries + (((lock >>> 26) & 7) % this.lockdown);
    } else {
      // A section goes to its section set (one entry for the whole MB), anything smaller to its page set.
      const base = (shift === 20 ? this.sectionSet(mva) : this.pageSet(mva)) * this.ways;
      // An entry for the same region and ASID (two walks for one region: an I and a D miss in the
      // same cycle) is overwritten, not duplicated; else an invalid way, else the round-robin victim.
      let w = -1;
      for (let k = 0; k < this.ways && w < 0; k++) {
        const a = this.tlb_attr.data[base + k]!;
        if ((a & A_VALID) === 0 || this.tlb_va.data[base + k] !== ((mva >>> shift) << shift) >>> 10) continue;
        const same = (attr & A_NG) !== 0 ? ((a ^ attr) & SAME_REGION) === 0 : ((a ^ attr) & ((7 << A_SIZE_SHIFT) | A_NG)) === 0;
        if (same) w = k;
      }
      for (let k = 0; k < this.ways && w < 0; k++) {
        if ((this.tlb_attr.data[base + k]! & A_VALID) === 0) w = k;
      }
      if (w < 0) {
        w = state % this.ways;
        next = (w + 1) % this.ways;
      }
      e = base + w;
    }
    return (next << 16) | e;
  }

  /** c8 operations. Invalidate-all spares the lockdown entries (ARM926); by-MVA and by-ASID do not. */
  private maintain(): void {
    const code = opCode(this.op_crn.v, this.op_crm.v, this.op_opc2.v);
    const data = this.op_data.v;
    const at = this.tlb_attr.data;
    switch (code) {
      case OP.TLB_INV_ALL:
      case OP.TLB_INV_I_ALL:
      case OP.TLB_INV_D_ALL:
        for (let e = 0; e < this.entries; e++) if ((at[e]! & A_VALID) !== 0) this.tlb_attr.write(e, 0);
        break;
      case OP.TLB_INV_MVA:
      case OP.TLB_INV_I_MVA:
      case OP.TLB_INV_D_MVA: {
        // Every entry whose region holds the MVA (a large mapping may sit in several sets).
        // 'asid' mode: non-global entries only of the ASID in op_data[7:0].
        const asid = data & 0xff;
        for (let e = 0; e < this.entries + this.lockdown; e++) {
          const a = at[e]!;
          if ((a & A_VALID) === 0) continue;
          const shift = SIZE_LOG2[(a >>> A_SIZE_SHIFT) & 7]!;
          if (((data >>> shift) ^ ((this.tlb_va.data[e]! << 10) >>> shift)) !== 0) continue;
          if (this.asidMode && (a & A_NG) !== 0 && ((a >>> A_ASID_SHIFT) & 0xff) !== asid) continue;
          this.tlb_attr.write(e, 0);
        }
        break;
      }
      case OP.TLB_INV_ASID:
      case OP.TLB_INV_I_ASID:
      case OP.TLB_INV_D_ASID: {
        const asid = data & 0xff;
        for (let e = 0; e < this.entries + this.lockdown; e++) {
          const a = at[e]!;
          if ((a & A_VALID) !== 0 && (a & A_NG) !== 0 && ((a >>> A_ASID_SHIFT) & 0xff) === asid) this.tlb_attr.write(e, 0);
        }
        break;
      }
      default:
        break; // other c8 codes: no effect
    }
  }
}
