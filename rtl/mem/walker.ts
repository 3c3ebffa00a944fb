// Hardware table walker: reads the first-level descriptor (TTBR[31:14] | MVA[31:20] << 2) and,
// for coarse or fine tables, the second-level descriptor, as real bus reads on the D-side bus
// (through the arbiter). A valid translation is written into the TLB (state FILL); permission and
// domain checks are the TLB's (done on every access with the current DACR), so the walker reports
// only translation faults and external aborts on translation.
//
// One walk at a time, for the I side or the D side (D first when both ask). The requester holds
// its request (walk_i / walk_d with the MVA) until `done_i` / `done_d`; with it `fault` and `fsr`.
//
// ARM926-style subpages: a large or small page whose four AP fields differ is entered one subpage
// (16 KB or 1 KB) at a time. The not-global bit for the 'asid' knob is bit 9 of the first-level
// descriptor (an implementation-defined bit the ARM926 ignores), for sections and page tables.
// The entry's ASID is CONTEXTIDR[7:0] latched with TTBR when the walk starts.
import { Module } from '../hdl/index.ts';
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
  FS_TRANSLATION_PAGE,
  FS_TRANSLATION_SECTION,
  FS_WALK_L1,
  FS_WALK_L2,
  SZ_16K,
  SZ_1K,
  SZ_1M,
  SZ_4K,
  SZ_64K,
} from './faults.ts';

/** Offset mask of a TLB entry of each size code below 1 MB (no allocation per walk). */
const REGION_MASK = [0x3ff, 0xfff, 0x3fff, 0xffff] as const;

export const W_IDLE = 0;
export const W_L1 = 1;
export const W_L2 = 2;
export const W_FILL = 3;
export const W_DONE = 4;

export class Walker extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly ttbr = this.input('ttbr', 32);
  readonly contextid = this.input('contextid', 32);
  readonly walk_i = this.input('walk_i', 1);
  readonly mva_i = this.input('mva_i', 32);
  readonly walk_d = this.input('walk_d', 1);
  readonly mva_d = this.input('mva_d', 32);

  // Bus (through the D-side arbiter): a word read while `want`.
  readonly want = this.output('want', 1);
  readonly bus_addr = this.output('bus_addr', 32);
  readonly grant = this.input('grant', 1);
  readonly bus_ready = this.input('bus_ready', 1);
  readonly bus_rdata = this.input('bus_rdata', 32);
  readonly bus_abort = this.input('bus_abort', 1);

  // TLB write.
  readonly fill_valid = this.output('fill_valid', 1);
  readonly fill_mva = this.output('fill_mva', 32);
  readonly fill_pa = this.output('fill_pa', 22);
  readonly fill_attr = this.output('fill_attr', ATTR_WIDTH);

  // Result to the requester.
  readonly done_i = this.output('done_i', 1);
  readonly done_d = this.output('done_d', 1);
  readonly fault = this.output('fault', 1);
  readonly fsr = this.output('fsr', 8);

  readonly state = this.reg('state', 3, W_IDLE);
  readonly side_d = this.reg('side_d', 1); // 1: walking for the D side
  readonly mva = this.reg('mva', 32);
  readonly asid = this.reg('asid', 8); // CONTEXTIDR[7:0] when the walk started (tags the entry)
  readonly desc_addr = this.reg('desc_addr', 32);
  readonly l1 = this.reg('l1', 32); // first-level descriptor
  readonly res_pa = this.reg('res_pa', 22);
  readonly res_attr = this.reg('res_attr', ATTR_WIDTH);
  readonly res_fault = this.reg('res_fault', 1);
  readonly res_fsr = this.reg('res_fsr', 8);
  readonly walks = this.reg('walks', 32);
  readonly walk_faults = this.reg('walk_faults', 32);

  constructor(parent: Module, name: string) {
    super(parent, name);
    // Outputs that are always another signal's value are that net (one store slot, one VCD
    // identifier for both names), not a copy made each cycle.
    this.connect(this.bus_addr, this.desc_addr);
    this.connect(this.fill_mva, this.mva);
    this.connect(this.fill_pa, this.res_pa);
    this.connect(this.fill_attr, this.res_attr);
    this.connect(this.fault, this.res_fault);
    this.connect(this.fsr, this.res_fsr);
  }

  override comb(): void {
    const st = this.state.v;
    this.want.v = st === W_L1 || st === W_L2 ? 1 : 0;
    this.fill_valid.v = st === W_FILL ? 1 : 0;
    this.done_i.v = st === W_DONE && !this.side_d.on ? 1 : 0;
    this.done_d.v = st === W_DONE && this.side_d.on ? 1 : 0;
  }

  override clock(): void {
    switch (this.state.v) {
      case W_IDLE: {
        if (!this.walk_d.on && !this.walk_i.on) break;
        const d = this.walk_d.on;
        const mva = d ? this.mva_d.v : this.mva_i.v;
        this.side_d.next = d ? 1 : 0;
        this.mva.next = mva;
        // TTBR and ASID are both taken now: an entry is tagged with the ASID of the table it came
        // from even if CONTEXTIDR changes while the walk is on the bus.
        this.desc_addr.next = firstLevelAddress(this.ttbr.v, mva);
        this.asid.next = this.contextid.v & 0xff;
        this.res_fault.next = 0;
        this.res_fsr.next = 0;
        this.walks.next = (this.walks.v + 1) >>> 0;
        this.state.next = W_L1;
        break;
      }
      case W_L1:
        if (this.grant.on && this.bus_ready.on) this.firstLevel();
        break;
      case W_L2:
        if (this.grant.on && this.bus_ready.on) this.secondLevel();
        break;
      case W_FILL:
        this.state.next = W_DONE;
        break;
      default:
        this.state.next = W_IDLE;
        break;
    }
  }

  private fail(status: number, domain: number): void {
    this.res_fault.next = 1;
    this.res_fsr.next = (domain << 4) | status;
    this.walk_faults.next = (this.walk_faults.v + 1) >>> 0;
    this.state.next = W_DONE;
  }

  private firstLevel(): void {
    if (this.bus_abort.on) return this.fail(FS_WALK_L1, 0);
    const desc = this.bus_rdata.v;
    const domain = (desc >>> 5) & 15;
    switch (desc & 3) {
      case 0:
        return this.fail(FS_TRANSLATION_SECTION, domain);
      case 2: { // section
        const e = sectionEntry(desc, this.asid.v);
        this.res_pa.next = e.pa22;
        this.res_attr.next = e.attr;
        this.state.next = W_FILL;
        return;
      }
      default:
        this.desc_addr.next = secondLevelAddress(desc, this.mva.v);
        break;
    }
    this.l1.next = desc;
    this.state.next = W_L2;
  }

  private secondLevel(): void {
    const l1 = this.l1.v;
    const domain = (l1 >>> 5) & 15;
    if (this.bus_abort.on) return this.fail(FS_WALK_L2, domain);
    const e = pageEntry(l1, this.bus_rdata.v, this.mva.v, this.asid.v);
    if (typeof e === 'number') return this.fail(e, domain);
    this.res_pa.next = e.pa22;
    this.res_attr.next = e.attr;
    this.state.next = W_FILL;
  }
}

/** A translation as the walker enters it in the TLB: PA[31:10] of the region base and the attribute word. */
export interface WalkEntry {
  readonly pa22: number;
  readonly attr: number;
}

function entryAttr(size: number, domain: number, ap: number, cb: number, ng: number, asid: number, section: boolean): number {
  return (
    A_VALID |
    (size << A_SIZE_SHIFT) |
    (ng ? A_NG : 0) |
    (asid << A_ASID_SHIFT) |
    (domain << A_DOMAIN_SHIFT) |
    (ap << A_AP_SHIFT) |
    (cb & 2 ? A_C : 0) |
    (cb & 1 ? A_B : 0) |
    (section ? A_SECTION : 0)
  );
}

/** Address of the first-level descriptor of `mva`. */
export function firstLevelAddress(ttbr: number, mva: number): number {
  return ((ttbr & 0xffff_c000) | ((mva >>> 20) << 2)) >>> 0;
}

/** Address of the second-level descriptor of `mva` under a coarse (type 1) or fine (type 3) first-level descriptor. */
export function secondLevelAddress(l1: number, mva: number): number {
  // Coarse: 256 entries of 4 bytes, indexed by MVA[19:12]; fine: 1024 entries, by MVA[19:10].
  if ((l1 & 3) === 1) return ((l1 & 0xffff_fc00) | (((mva >>> 12) & 0xff) << 2)) >>> 0;
  return ((l1 & 0xffff_f000) | (((mva >>> 10) & 0x3ff) << 2)) >>> 0;
}

/** The entry of a section descriptor (first-level type 2). */
export function sectionEntry(desc: number, asid: number): WalkEntry {
  return { pa22: (desc >>> 20) << 10, attr: entryAttr(SZ_1M, (desc >>> 5) & 15, (desc >>> 10) & 3, (desc >>> 2) & 3, (desc >>> 9) & 1, asid, true) };
}

/** The entry of second-level descriptor `desc` for `mva` under first-level `l1`, or a translation fault's status. */
export function pageEntry(l1: number, desc: number, mva: number, asid: number): WalkEntry | number {
  const domain = (l1 >>> 5) & 15;
  const ng = (l1 >>> 9) & 1;
  const cb = (desc >>> 2) & 3;
  const type = desc & 3;
  const coarse = (l1 & 3) === 1;
  // A tiny-page descriptor is valid only in a fine table.
  if (type === 0 || (type === 3 && coarse)) return FS_TRANSLATION_PAGE;
  const aps = (desc >>> 4) & 0xff;
  const uniform = aps === ((aps & 3) * 0x55);
  let size: number;
  let ap: number;
  let base: number; // PA of the page
  let pageMask: number;
  if (type === 1) {
    base = desc & 0xffff_0000;
    pageMask = 0xffff;
    ap = (aps >>> (((mva >>> 14) & 3) * 2)) & 3;
    size = uniform ? SZ_64K : SZ_16K;
  } else if (type === 2) {
    base = desc & 0xffff_f000;
    pageMask = 0xfff;
    ap = (aps >>> (((mva >>> 10) & 3) * 2)) & 3;
    size = uniform ? SZ_4K : SZ_1K;
  } else {
    base = desc & 0xffff_fc00;
    pageMask = 0x3ff;
    ap = aps & 3;
    size = SZ_1K;
  }
  const regionMask = REGION_MASK[size]!;
  const pa = (base | (mva & pageMask & ~regionMask)) >>> 0;
  return { pa22: pa >>> 10, attr: entryAttr(size, domain, ap, cb, ng, asid, false) };
}
