// Properties of the memory system alone, with fast-check (seeds printed on failure), check mode on:
//  - every read returns what flat memory says, given the maintenance done (D side always; I side
//    once the line has been made coherent: clean D + drain + invalidate I);
//  - no dirty data is lost: after a final clean and drain, RAM equals flat memory;
//  - every valid TLB entry equals a fresh walk of the current tables (checked after every step);
//  - every knob changes timing and counters, never results;
//  - the debug read port (rtl/mem/debug-port.ts) returns, without side effects, what each read then returns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfig, type HardwareConfig, type PartialConfig } from '../../rtl/config.ts';
import { CTRL_C, CTRL_I, CTRL_M, OP, RESULT_Z } from '../../rtl/mem/cp15-link.ts';
import { A_AP_SHIFT, A_B, A_C, A_DOMAIN_SHIFT, A_SIZE_SHIFT, A_VALID, SIZE_LOG2, laneMask } from '../../rtl/mem/faults.ts';
import { DebugPort } from '../../rtl/mem/debug-port.ts';
import { Harness, coarse, section, small } from './harness.ts';
import { check, walk } from './oracle.ts';

const TTB = 0x4000;
const L2 = 0x8000;
const PAGES = 8;
const PAGE_VA = 0x9000_0000;
const SECT_VA = 0x8000_0000;
const SECT_PA = 0x0020_0000; // a section is 1 MB aligned: its own megabyte, no alias of the pages
const DATA_PA = 0x0010_0000;
const DACR = 0x0000_0005 | (1 << 4); // domains 0, 1 client; domain 2 client
const CTRL = CTRL_M | CTRL_C | CTRL_I;

interface PageAttr {
  readonly c: boolean;
  readonly b: boolean;
  readonly ap: number;
}

type Op =
  | { k: 'read'; region: number; off: number; size: number; user: boolean }
  | { k: 'write'; region: number; off: number; size: number; value: number; user: boolean }
  | { k: 'fetch'; region: number; off: number }
  | { k: 'sync'; region: number; off: number } // clean D line + drain + invalidate I line
  | { k: 'cleanD'; region: number; off: number; inv: boolean }
  | { k: 'setway'; set: number; way: number; inv: boolean }
  | { k: 'testClean'; inv: boolean }
  | { k: 'drain' }
  | { k: 'tlbInv'; region: number; all: boolean }
  | { k: 'remap'; a: number; b: number; attr: PageAttr };

const attrArb = fc.record({ c: fc.boolean(), b: fc.boolean(), ap: fc.constantFrom(1, 3, 3, 3) });
// region 0..PAGES-1: small pages; region PAGES: the section (first 8 KB used)
const region = fc.integer({ min: 0, max: PAGES });
// A small working set per page (4 x 64 bytes), so that lines are reused and evicted often.
const offArb = fc.tuple(fc.nat(15), fc.nat(3)).map(([w, k]) => k * 0x400 + w * 4);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ k: fc.constant('read' as const), region, off: offArb, size: fc.constantFrom(0, 1, 2, 2), user: fc.boolean() }) },
  {
    weight: 10,
    arbitrary: fc.record({ k: fc.constant('write' as const), region, off: offArb, size: fc.constantFrom(0, 1, 2, 2), value: fc.nat(), user: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('fetch' as const), region, off: offArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('sync' as const), region, off: offArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('cleanD' as const), region, off: offArb, inv: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('setway' as const), set: fc.nat(1023), way: fc.nat(7), inv: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('testClean' as const), inv: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('drain' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('tlbInv' as const), region, all: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('remap' as const), a: fc.nat(PAGES - 1), b: fc.nat(PAGES - 1), attr: attrArb }) },
);

const knobArb: fc.Arbitrary<PartialConfig> = fc.record({
  icache: fc.record({ sizeBytes: fc.constantFrom(1024, 4096, 16384), ways: fc.constantFrom(1, 2, 4), lineBytes: fc.constantFrom(16, 32, 64), replacement: fc.constantFrom('round-robin' as const, 'random' as const) }),
  dcache: fc.record({
    sizeBytes: fc.constantFrom(1024, 4096, 16384),
    ways: fc.constantFrom(1, 2, 4, 8),
    lineBytes: fc.constantFrom(16, 32, 64),
    replacement: fc.constantFrom('round-robin' as const, 'random' as const),
    writePolicy: fc.constantFrom('page' as const, 'write-through' as const),
  }),
  tlb: fc.record({ entries: fc.constantFrom(8, 16, 64), ways: fc.constantFrom(1, 2, 4), lockdownEntries: fc.constantFrom(0, 8) }),
  writeBuffer: fc.record({ depth: fc.constantFrom(1, 4, 16) }),
  memory: fc.record({ ramWaitStates: fc.integer({ min: 0, max: 3 }) }),
  addressSpaceSwitch: fc.constantFrom('flush' as const, 'fcse' as const, 'asid' as const),
});

/** Runs a sequence on one configuration against the flat-memory model; returns the observable results and cycles. */
function run(config: HardwareConfig, attrs0: readonly PageAttr[], sectAttr: PageAttr, ops: readonly Op[], soc = false): { results: string[]; cycles: number } {
  const h = new Harness(config, { ramBytes: 1 << 22, soc });
  const start = h.sim.cycle;
  const flat = new Map<number, number>();
  const initial = (pa: number): number => (Math.imul(pa ^ 0x5bd1e995, 0x9e3779b1) ^ (pa >>> 7)) >>> 0;
  for (let pa = DATA_PA; pa < DATA_PA + PAGES * 0x1000; pa += 4) h.pokeWord(pa, initial(pa));
  for (let pa = SECT_PA; pa < SECT_PA + 0x2000; pa += 4) h.pokeWord(pa, initial(pa));
  const flatRead = (pa: number): number => flat.get(pa & ~3) ?? initial(pa & ~3);
  // Tables: page k of the VA window maps physical page perm[k].
  const perm = Array.from({ length: PAGES }, (_, k) => k);
  const attrs = [...attrs0];
  const writeTables = (): void => {
    h.pokeWord(TTB + ((PAGE_VA >>> 20) << 2), coarse(L2, { domain: 1 }));
    h.pokeWord(TTB + ((SECT_VA >>> 20) << 2), section(SECT_PA & 0xfff00000, { domain: 2, ...sectAttr }));
    for (let k = 0; k < PAGES; k++) h.pokeWord(L2 + (k << 2), small(DATA_PA + perm[k]! * 0x1000, attrs[k]));
  };
  writeTables();
  h.setCp15({ ttbr: TTB, dacr: DACR, ctrl: CTRL, contextid: 1 });
  const va = (r: number, off: number): number => (r === PAGES ? SECT_VA + (off & 0x1fff) : PAGE_VA + r * 0x1000 + (off & 0xfff)) >>> 0;
  const iUnknown = new Set<number>(); // PA words the I side may see stale
  const results: string[] = [];
  const peek = (pa: number): number => h.peekWord(pa);
  const debug = new DebugPort(h.mem, peek);

  const fullClean = (inv: boolean): void => {
    for (let n = 0; n < 10_000; n++) if ((h.op(inv ? OP.TEST_CLEAN_INV_D : OP.TEST_CLEAN_D).result & RESULT_Z) !== 0) break;
    h.op(OP.DRAIN_WB);
  };

  const tlbMatchesTables = (): void => {
    const t = h.mem.tlb;
    for (let e = 0; e < t.entries + t.lockdown; e++) {
      const a = t.tlb_attr.data[e]!;
      if ((a & A_VALID) === 0) continue;
      const size = 1 << SIZE_LOG2[(a >>> A_SIZE_SHIFT) & 7]!;
      const base = (t.tlb_va.data[e]! << 10) >>> 0;
      for (const probe of [base, base + size - 4]) {
        const w = walk(peek, TTB, probe >>> 0);
        expect('fault' in w, `TLB entry ${e} maps 0x${probe.toString(16)}, the tables do not`).toBe(false);
        if ('fault' in w) return;
        const pa = ((t.tlb_pa.data[e]! << 10) | (probe & (size - 1))) >>> 0;
        expect(pa, `TLB entry ${e}: PA of 0x${probe.toString(16)}`).toBe(w.pa);
        expect([(a >>> A_DOMAIN_SHIFT) & 15, (a >>> A_AP_SHIFT) & 3, (a & A_C) !== 0, (a & A_B) !== 0]).toEqual([w.domain, w.ap, w.c, w.b]);
      }
    }
  };

  const expected = (v: number, write: boolean, user: boolean): { pa: number; fsr: number } => {
    const w = walk(peek, TTB, v);
    if ('fault' in w) return { pa: 0, fsr: w.fault };
    return { pa: w.pa, fsr: check(w, DACR, !user, write, false, false) };
  };

  for (const op of ops) {
    switch (op.k) {
      case 'read': {
        const off = op.off & ~((1 << op.size) - 1);
        const v = va(op.region, off);
        const e = expected(v, false, op.user);
        const seen = debug.readWord(v);
        const r = h.read(v, { size: op.size, priv: !op.user });
        expect(r.abort, `read 0x${v.toString(16)}`).toBe(e.fsr !== 0);
        if (!r.abort) expect(seen, `debug read of 0x${v.toString(16)} before the read`).toMatchObject({ ok: true, value: r.data });
        if (e.fsr !== 0) expect(r.fsr).toBe(e.fsr);
        else expect(r.data, `read 0x${v.toString(16)} (PA 0x${e.pa.toString(16)})`).toBe(flatRead(e.pa));
        results.push(`r${r.abort ? `!${r.fsr}` : r.data}`);
        break;
      }
      case 'write': {
        const off = op.off & ~((1 << op.size) - 1);
        const v = va(op.region, off);
        const e = expected(v, true, op.user);
        const r = h.write(v, op.value, { size: op.size, priv: !op.user });
        expect(r.abort, `write 0x${v.toString(16)}`).toBe(e.fsr !== 0);
        if (e.fsr === 0) {
          const m = laneMask(v, op.size);
          const lanes = op.size === 0 ? (op.value & 0xff) * 0x01010101 : op.size === 1 ? (op.value & 0xffff) * 0x10001 : op.value;
          flat.set(e.pa & ~3, ((flatRead(e.pa) & ~m) | (lanes & m)) >>> 0);
          iUnknown.add(e.pa & ~3);
        } else expect(r.fsr).toBe(e.fsr);
        results.push(`w${r.abort ? `!${r.fsr}` : ''}`);
        break;
      }
      case 'fetch': {
        const v = va(op.region, op.off);
        const e = expected(v, false, false);
        const r = h.fetch(v);
        expect(r.abort).toBe(e.fsr !== 0);
        if (e.fsr === 0 && !iUnknown.has(e.pa & ~3)) expect(r.data, `fetch 0x${v.toString(16)}`).toBe(flatRead(e.pa));
        results.push(`f${r.abort ? '!' : ''}`);
        break;
      }
      case 'sync': {
        // The self-modifying-code sequence for one line, as a kernel would do it.
        const v = va(op.region, op.off);
        const e = expected(v, false, false);
        if (e.fsr !== 0) break;
        h.op(OP.CLEAN_D_MVA, v);
        h.op(OP.DRAIN_WB);
        h.op(OP.INV_I_MVA, v);
        // Only the words of the smaller of the two lines are certainly coherent.
        const small = Math.min(config.dcache.lineBytes, config.icache.lineBytes);
        const sb = e.pa & ~(small - 1);
        for (let a = sb; a < sb + small; a += 4) iUnknown.delete(a);
        break;
      }
      case 'cleanD': {
        const v = va(op.region, op.off);
        if (op.inv) h.op(OP.CLEAN_INV_D_MVA, v);
        else h.op(OP.CLEAN_D_MVA, v);
        break;
      }
      case 'setway': {
        const d = h.mem.dcache;
        const set = op.set % d.sets;
        const way = op.way % d.ways;
        const operand = ((d.ways > 1 ? way << (32 - Math.log2(d.ways)) : 0) | (set << d.lineShift)) >>> 0;
        h.op(op.inv ? OP.CLEAN_INV_D_SETWAY : OP.CLEAN_D_SETWAY, operand);
        break;
      }
      case 'testClean':
        fullClean(op.inv);
        break;
      case 'drain':
        h.op(OP.DRAIN_WB);
        break;
      case 'tlbInv':
        if (op.all) h.op(OP.TLB_INV_ALL);
        else h.op(OP.TLB_INV_MVA, va(op.region, 0));
        break;
      case 'remap': {
        // Page-table edit, done as the architecture requires: clean+invalidate D, drain,
        // invalidate I, edit, invalidate the TLB entries.
        fullClean(true);
        h.op(OP.INV_I_ALL);
        iUnknown.clear();
        [perm[op.a], perm[op.b]] = [perm[op.b]!, perm[op.a]!];
        attrs[op.a] = op.attr;
        writeTables();
        h.op(OP.TLB_INV_MVA, va(op.a, 0));
        h.op(OP.TLB_INV_MVA, va(op.b, 0));
        break;
      }
    }
    tlbMatchesTables();
  }
  // No dirty data lost: clean everything, drain, and RAM is flat memory.
  fullClean(false);
  for (const [pa, v] of flat) expect(h.peekWord(pa), `RAM at 0x${pa.toString(16)} after clean + drain`).toBe(v);
  if (process.env.MEMSTATS) console.log(JSON.stringify(h.mem.stats()));
  return { results, cycles: h.sim.cycle - start };
}

const pagesArb = fc.array(attrArb, { minLength: PAGES, maxLength: PAGES });

describe('memory system properties', () => {
  it('reads return flat memory, no dirty data lost at clean, TLB entries equal fresh walks (default ARM926 config)', () => {
    fc.assert(
      fc.property(pagesArb, attrArb, fc.array(opArb, { minLength: 20, maxLength: 150, size: 'max' }), (attrs, sect, ops) => {
        run(validateConfig(), attrs, sect, ops);
      }),
      { numRuns: 60 },
    );
  });

  it('the same on the Versatile PB SoC (rtl/soc bus and RAM) behind the memory system', () => {
    fc.assert(
      fc.property(knobArb, pagesArb, attrArb, fc.array(opArb, { minLength: 20, maxLength: 100, size: 'max' }), (knobs, attrs, sect, ops) => {
        run(validateConfig(knobs), attrs, sect, ops, true);
      }),
      { numRuns: 15 },
    );
  });

  it('every knob changes timing and counters, never results', () => {
    let cyclesDiffered = 0;
    fc.assert(
      fc.property(knobArb, pagesArb, attrArb, fc.array(opArb, { minLength: 20, maxLength: 100, size: 'max' }), (knobs, attrs, sect, ops) => {
        const a = run(validateConfig(), attrs, sect, ops);
        const b = run(validateConfig(knobs), attrs, sect, ops);
        expect(b.results).toEqual(a.results);
        if (a.cycles !== b.cycles) cyclesDiffered++;
      }),
      { numRuns: 40 },
    );
    expect(cyclesDiffered).toBeGreaterThan(20);
  });
});
