// Generated programs for the translation-cache property: page-table writes (by the host, by the
// core's store paths, as loads of whole images), TTBR/DACR/control/FCSE PID/context ID writes, TLB
// and cache maintenance, and reads and writes of every size in both privilege levels. Run on a
// machine with the translation cache and on the oracle without it, every observation must agree.
import fc from 'fast-check';
import { VersatileMachine, type MachineConfig } from '../../testbench/reference/index.ts';
import { TRANSLATION_FAULT } from '../../testbench/reference/mmu.ts';
import { blockTransfer } from '../../testbench/reference/ops/block-transfer.ts';

export const RAM = 4 << 20;
/** Two first-level tables (TTBR choices), three coarse and two fine second-level tables. */
export const L1_TABLES = [0x100000, 0x104000] as const;
const COARSE_TABLES = [0x108000, 0x108400, 0x108800] as const;
const FINE_TABLES = [0x109000, 0x10a000] as const;
/** Megabytes of virtual address space the programs use (0x20 and 0x40: FCSE slices 1 and 2). */
const MBS = [0, 1, 2, 3, 0x20, 0x21, 0x40, 0xfff] as const;
/** 4 KB pages within a megabyte. */
const PAGES = [0, 1, 2, 0x10, 0xff] as const;

export type TranslationOp =
  | { readonly kind: 'host-write'; readonly address: number; readonly value: number }
  | { readonly kind: 'host-load'; readonly address: number; readonly value: number }
  | { readonly kind: 'core-store-physical'; readonly address: number; readonly value: number }
  | { readonly kind: 'store'; readonly size: 1 | 2 | 4; readonly va: number; readonly value: number; readonly user: boolean }
  | { readonly kind: 'load'; readonly size: 1 | 2 | 4; readonly va: number; readonly user: boolean }
  | { readonly kind: 'translate-write'; readonly va: number; readonly user: boolean }
  | { readonly kind: 'cp15'; readonly crn: number; readonly crm: number; readonly opc2: number; readonly value: number }
  | { readonly kind: 'execute'; readonly va: number; readonly mode: 'keep' | 'user' | 'svc'; readonly count: number }
  | { readonly kind: 'block'; readonly word: number; readonly va: number; readonly mode: 'keep' | 'user' | 'svc' };

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const domain = fc.integer({ min: 0, max: 15 });

const va = fc
  .tuple(fc.constantFrom(...MBS), fc.constantFrom(...PAGES), fc.integer({ min: 0, max: 0xfff }))
  .map(([mb, page, offset]) => ((mb << 20) | (page << 12) | offset) >>> 0);

/** First-level descriptors: every type, pointing mostly where the programs look. */
const l1Descriptor = fc.oneof(
  u32.map((v) => (v & ~3) >>> 0), // fault
  fc
    .tuple(fc.constantFrom(0, 1, 2, 3, 0x7ff, 0xfff), fc.integer({ min: 0, max: 3 }), domain, fc.integer({ min: 0, max: 0x1f }))
    .map(([mb, ap, d, low]) => ((mb << 20) | (ap << 10) | (d << 5) | (low & 0x1c) | 2) >>> 0), // section
  fc.tuple(fc.constantFrom(...COARSE_TABLES, 0x200000, 0x7ffc00), domain).map(([t, d]) => (t | (d << 5) | 0x11) >>> 0),
  fc.tuple(fc.constantFrom(...FINE_TABLES, 0x201000), domain).map(([t, d]) => (t | (d << 5) | 0x13) >>> 0),
  u32, // anything at all
);

/** Second-level descriptors: large, small, tiny (invalid in a coarse table) and invalid. */
const l2Descriptor = fc.oneof(
  fc.tuple(fc.constantFrom(0x20, 0x30, 0x7ff0), fc.integer({ min: 0, max: 0xff })).map(([b, ap]) => ((b << 16) | (ap << 4) | 1) >>> 0),
  fc.tuple(fc.constantFrom(0x200, 0x201, 0x210, 0x300, 0x7ff), fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0, max: 3 })).map(([p, ap, cb]) => ((p << 12) | (ap << 4) | (cb << 2) | 2) >>> 0),
  fc.tuple(fc.integer({ min: 0x800, max: 0x8ff }), fc.integer({ min: 0, max: 3 })).map(([p, ap]) => ((p << 10) | (ap << 4) | 3) >>> 0),
  fc.constant(0),
  u32,
);

/** The descriptors a walk of `address` may read (either first-level table, any second-level one). */
function descriptorWrite(address: fc.Arbitrary<number>): fc.Arbitrary<{ address: number; value: number }> {
  return fc.oneof(
    fc.tuple(fc.constantFrom(...L1_TABLES), address, l1Descriptor).map(([t, a, v]) => ({ address: t + (a >>> 20) * 4, value: v })),
    fc.tuple(fc.constantFrom(...COARSE_TABLES), address, l2Descriptor).map(([t, a, v]) => ({ address: t + ((a >>> 12) & 0xff) * 4, value: v })),
    fc.tuple(fc.constantFrom(...FINE_TABLES), address, l2Descriptor).map(([t, a, v]) => ({ address: t + ((a >>> 10) & 0x3ff) * 4, value: v })),
  );
}

const size = fc.constantFrom(1 as const, 2 as const, 4 as const);

function cp15Write(address: fc.Arbitrary<number>): fc.Arbitrary<{ crn: number; crm: number; opc2: number; value: number }> {
  return fc.oneof(
    fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()).map(([m, a, s, r]) => ({ crn: 1, crm: 0, opc2: 0, value: (m ? 1 : 0) | (a ? 2 : 0) | (s ? 0x100 : 0) | (r ? 0x200 : 0) })),
    fc.tuple(fc.constantFrom(...L1_TABLES), fc.integer({ min: 0, max: 0x3fff })).map(([t, low]) => ({ crn: 2, crm: 0, opc2: 0, value: t | low })),
    fc.oneof(u32, fc.constantFrom(0, 0x55555555, 0xffffffff, 0xaaaaaaaa)).map((v) => ({ crn: 3, crm: 0, opc2: 0, value: v })),
    fc.oneof(u32, fc.constantFrom(0, 0x02000000, 0x04000000)).map((v) => ({ crn: 13, crm: 0, opc2: 0, value: v })),
    u32.map((v) => ({ crn: 13, crm: 0, opc2: 1, value: v })),
    fc.tuple(fc.constantFrom([7, 0], [5, 0], [6, 0], [7, 1], [5, 1], [6, 1]), address).map(([[crm, opc2], v]) => ({ crn: 8, crm: crm!, opc2: opc2!, value: v })),
    fc.constant({ crn: 7, crm: 7, opc2: 0, value: 0 }),
  );
}

/** One op over a program's working set of addresses (and now and then any address). */
function translationOp(workingSet: readonly number[]): fc.Arbitrary<TranslationOp> {
  const address = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...workingSet) }, { weight: 1, arbitrary: va });
  return fc.oneof(
    { weight: 3, arbitrary: descriptorWrite(address).map((w) => ({ kind: 'host-write' as const, ...w })) },
    { weight: 1, arbitrary: descriptorWrite(address).map((w) => ({ kind: 'host-load' as const, ...w })) },
    { weight: 2, arbitrary: descriptorWrite(address).map((w) => ({ kind: 'core-store-physical' as const, ...w })) },
    { weight: 2, arbitrary: fc.tuple(size, address, u32, fc.boolean()).map(([s, v, value, user]) => ({ kind: 'store' as const, size: s, va: v, value, user })) },
    // Stores of every size through the core to a descriptor (MB 1 maps the tables at their own addresses).
    { weight: 2, arbitrary: fc.tuple(size, descriptorWrite(address), fc.boolean()).map(([s, w, user]) => ({ kind: 'store' as const, size: s, va: w.address, value: w.value, user })) },
    { weight: 10, arbitrary: fc.tuple(size, address, fc.boolean()).map(([s, v, user]) => ({ kind: 'load' as const, size: s, va: v, user })) },
    { weight: 1, arbitrary: fc.tuple(address, fc.boolean()).map(([v, user]) => ({ kind: 'translate-write' as const, va: v, user })) },
    { weight: 3, arbitrary: cp15Write(address).map((w) => ({ kind: 'cp15' as const, ...w })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(address, fc.constantFrom('keep' as const, 'keep' as const, 'user' as const, 'svc' as const), fc.integer({ min: 1, max: 8 }))
        .map(([v, mode, count]) => ({ kind: 'execute' as const, va: v, mode, count })),
    },
    { weight: 3, arbitrary: blockOp(address) },
  );
}

/**
 * LDM/STM (any addressing mode, any list, r13 the base) at an address of the working set or one
 * 4 to 64 bytes below a page end, so transfers start and end in a page or run across into the next.
 */
function blockOp(address: fc.Arbitrary<number>): fc.Arbitrary<TranslationOp> {
  const start = fc.oneof(address, fc.tuple(address, fc.integer({ min: 1, max: 16 })).map(([a, k]) => (((a | 0xfff) + 1 - 4 * k) >>> 0)));
  return fc
    .tuple(start, fc.integer({ min: 0, max: 15 }), fc.boolean(), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom('keep' as const, 'keep' as const, 'user' as const, 'svc' as const))
    .map(([va, modeBits, load, list, mode]) => ({ kind: 'block' as const, word: (0xe8000000 | ((modeBits & 3) << 23) | (load ? 0x00100000 : 0) | (13 << 16) | list) >>> 0, va, mode }));
}

/** A program: a working set of one to three addresses, then up to `maxLength` ops mostly on it. */
export function translationProgram(maxLength: number): fc.Arbitrary<TranslationOp[]> {
  // Each address with a neighbour in another 1 KB subpage of its 4 KB page: a small page's four
  // subpages have their own AP bits, and a translation that holds for one need not for the page.
  const withNeighbours = (ws: readonly number[]): number[] => ws.flatMap((a) => [a, (a ^ 0x400) >>> 0]);
  return fc.array(va, { minLength: 1, maxLength: 3 }).chain((workingSet) => fc.array(translationOp(withNeighbours(workingSet)), { minLength: 1, maxLength, size: 'max' }));
}

/**
 * Small pages' subpage AP bits (AP3 AP2 AP1 AP0, bits 11:4 of the descriptor) with `mixed`
 * permissions: pages whose 1 KB subpages grant different accesses, so one subpage's translation
 * does not hold for the page.
 */
const MIXED_SUBPAGE_AP: Readonly<Record<number, number>> = { 0: 0xff, 1: 0xb7, 2: 0xde, 0x10: 0xf5, 0xff: 0xaa };
/** With `mixed` permissions: domains 0 and 1 (MBs 0, 1, 2, 0x21) clients, domain 2 (MBs 3, 0x40) manager, the rest client. */
const MIXED_DACR = 0x55555575;

/**
 * A machine with both tables mapping every program megabyte, the MMU on: all domains manager and
 * every page open, or (`permissions: 'mixed'`) client domains and small pages with mixed subpage
 * permissions.
 */
export function translationMachine(config: MachineConfig = {}, permissions: 'open' | 'mixed' = 'open'): VersatileMachine {
  const m = new VersatileMachine({ ...config, ramSize: RAM });
  // Code that tells physical pages apart: every word of page p in megabyte mb is
  // ADD r(mb + 1), r(mb + 1), #((p & 0x7f) + 1).
  for (const mb of [0, 2, 3]) {
    const r = mb + 1;
    for (let p = mb * 256; p < (mb + 1) * 256; p++) m.memory.words.fill(0xe2800000 | (r << 16) | (r << 12) | ((p & 0x7f) + 1), p * 1024, (p + 1) * 1024);
  }
  const initial: Record<number, number> = { 0: 0x00000c02, 1: 0x00100c02, 2: COARSE_TABLES[0] | 0x31, 3: 0x00300c42, 0x20: FINE_TABLES[0] | 0x13, 0x21: 0x00200402, 0x40: COARSE_TABLES[1] | 0x51, 0xfff: 0 };
  for (const table of L1_TABLES) for (const mb of MBS) m.memory.write32(table + mb * 4, initial[mb]!);
  for (const t of COARSE_TABLES) for (const p of PAGES) m.memory.write32(t + p * 4, ((0x200 + p) << 12) | ((permissions === 'mixed' ? MIXED_SUBPAGE_AP[p]! : 0xff) << 4) | 2);
  for (const t of FINE_TABLES) for (const p of PAGES) for (let s = 0; s < 4; s++) m.memory.write32(t + (p * 4 + s) * 4, ((0x210 + p) << 12) | 0xff2);
  const cp15 = m.core.cp15;
  cp15.write(2, 0, 0, 0, L1_TABLES[0]);
  cp15.write(3, 0, 0, 0, permissions === 'mixed' ? MIXED_DACR : 0xffffffff);
  cp15.write(1, 0, 0, 0, cp15.control | 1);
  m.core.syncControl();
  return m;
}

function faultText(m: VersatileMachine, e: unknown): string {
  if (e !== TRANSLATION_FAULT) throw e;
  return `fault fsr=${m.core.mmu.faultStatus.toString(16)} far=${m.core.mmu.faultAddress.toString(16)}`;
}

/** Apply one op; what a program could observe of it. */
export function applyOp(m: VersatileMachine, op: TranslationOp): string {
  const core = m.core;
  try {
    switch (op.kind) {
      case 'host-write':
        m.memory.write32(op.address, op.value);
        return 'ok';
      case 'host-load':
        m.memory.load(op.address, new Uint8Array(new Uint32Array([op.value]).buffer));
        return 'ok';
      case 'core-store-physical':
        core.writePhysical32(op.address, op.address, op.value);
        return 'ok';
      case 'store':
        if (op.size === 4) core.write32(op.va, op.value, op.user);
        else if (op.size === 2) core.write16(op.va, op.value, op.user);
        else core.write8(op.va, op.value, op.user);
        return 'ok';
      case 'load': {
        const v = op.size === 4 ? core.read32(op.va, op.user) : op.size === 2 ? core.read16(op.va, op.user) : core.read8(op.va, op.user);
        return `value ${(v >>> 0).toString(16)}`;
      }
      case 'translate-write':
        return `pa ${(core.translateWrite(op.va, op.user) >>> 0).toString(16)}`;
      case 'cp15':
        core.cp15.write(op.crn, 0, op.crm, op.opc2, op.value);
        core.syncControl(); // as MCR does
        return 'ok';
      case 'execute': {
        // Whatever the RAM holds there (ADDs naming the physical page, stored values; aborts to the vectors).
        if (op.mode !== 'keep') core.setCpsr(op.mode === 'user' ? 0xd0 : 0xd3);
        core.setRegister(15, op.va & ~3);
        const run = core.run(op.count);
        const registers = Array.from({ length: 16 }, (_, i) => (core.register(i) >>> 0).toString(16));
        return `ran ${run.executed} stop ${run.stop?.kind ?? '-'} cpsr ${core.cpsr.toString(16)} ${registers.join(' ')}`;
      }
      case 'block': {
        if (op.mode !== 'keep') core.setCpsr(op.mode === 'user' ? 0xd0 : 0xd3);
        for (let i = 0; i < 13; i++) core.r[i] = Math.imul(i + 1, 0x01010101) ^ op.va;
        core.r[13] = op.va;
        core.r[15] = 0x8008;
        blockTransfer(core, op.word);
        const registers = Array.from({ length: 15 }, (_, i) => (core.r[i]! >>> 0).toString(16));
        return `block ${registers.join(' ')} next ${(core.nextPc >>> 0).toString(16)} cpsr ${core.cpsr.toString(16)}`;
      }
    }
  } catch (e) {
    return faultText(m, e);
  }
}

/** Every observation of a program, then the RAM it leaves (page tables and data). */
export function observe(ops: readonly TranslationOp[], config: MachineConfig = {}, permissions: 'open' | 'mixed' = 'open'): { readonly steps: readonly string[]; readonly ram: Uint8Array } {
  const m = translationMachine(config, permissions);
  const steps = ops.map((op) => applyOp(m, op));
  return { steps, ram: m.memory.bytes };
}

/** The first op whose observation differs between the cached model and the oracle, or undefined. */
export function firstDivergence(ops: readonly TranslationOp[], config: MachineConfig = {}, permissions: 'open' | 'mixed' = 'open'): string | undefined {
  const cached = observe(ops, config, permissions);
  const oracle = observe(ops, { ...config, translationCache: false }, permissions);
  for (let i = 0; i < ops.length; i++) {
    if (cached.steps[i] !== oracle.steps[i]) return `op ${i} ${JSON.stringify(ops[i])}: cached ${cached.steps[i]}, oracle ${oracle.steps[i]}`;
  }
  if (Buffer.compare(cached.ram, oracle.ram) !== 0) return 'RAM differs at the end';
  return undefined;
}
