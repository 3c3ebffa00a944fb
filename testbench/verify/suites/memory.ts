// memory: the MMU + D-cache + write buffer against flat memory under generated accesses and
// maintenance on generated configurations. Every read returns what flat memory says; after a final
// clean and drain, RAM holds exactly flat memory (no dirty data lost). One section, cacheable and
// bufferable (write-back; write-through when the knob says so), so evictions and write-backs are
// exercised hard. (The full per-page/I-side property stays in tests/mem/properties.test.ts.)
// Each input also carries a generated MMU program run in lockstep, RTL against the reference model
// (testbench/lockstep/mmu-programs.ts): TLB lockdown fills, invalidates with locked entries, c10
// reads, and a D-cache clean by set/way sized from the cache type register, on generated cache and
// lockdown-count knobs.
import fc from 'fast-check';
import { validateConfig, type PartialConfig } from '../../../rtl/config.ts';
import { CTRL_C, CTRL_M, OP, RESULT_Z } from '../../../rtl/mem/cp15-link.ts';
import { Harness, section } from '../../../tests/mem/harness.ts';
import { VcdWriter } from '../../trace/vcd-writer.ts';
import { checkMmuProgram, mmuProgram, renderMmuProgram, type MmuProgram } from '../../lockstep/mmu-programs.ts';
import type { Suite } from '../suite.ts';

const TTB = 0x4000;
const VA = 0x8000_0000;
const PA = 0x0010_0000;
/** Words of the working set: 64 x 8 words (2 KB) spread over 32 KB so that sets collide. */
const offset = fc.tuple(fc.nat(63), fc.nat(7)).map(([line, w]) => line * 512 + w * 4);

type Op =
  | { readonly k: 'read'; readonly off: number; readonly size: 0 | 1 | 2 }
  | { readonly k: 'write'; readonly off: number; readonly size: 0 | 1 | 2; readonly value: number }
  | { readonly k: 'clean'; readonly off: number; readonly inv: boolean }
  | { readonly k: 'drain' };

interface MemoryInput {
  readonly hardware: PartialConfig;
  readonly ops: readonly Op[];
  /** Run in lockstep after the operations (its own hardware knobs). */
  readonly program: MmuProgram;
}

const size = fc.constantFrom<0 | 1 | 2>(0, 1, 2, 2);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('read' as const), off: offset, size }) },
  { weight: 8, arbitrary: fc.record({ k: fc.constant('write' as const), off: offset, size, value: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('clean' as const), off: offset, inv: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('drain' as const) }) },
);
const hardware: fc.Arbitrary<PartialConfig> = fc.record({
  dcache: fc.record({
    sizeBytes: fc.constantFrom(1024, 4096, 16384),
    ways: fc.constantFrom(1, 2, 4, 8),
    lineBytes: fc.constantFrom(16, 32, 64),
    replacement: fc.constantFrom('round-robin' as const, 'random' as const),
    writePolicy: fc.constantFrom('page' as const, 'write-through' as const),
  }),
  writeBuffer: fc.record({ depth: fc.constantFrom(1, 4, 16) }),
  memory: fc.record({ ramWaitStates: fc.integer({ min: 0, max: 3 }) }),
});

const initial = (pa: number): number => (Math.imul(pa ^ 0x2545f491, 0x9e3779b1) >>> 0);

/** Runs the operations; returns the first disagreement with flat memory. */
function run(i: MemoryInput, vcd?: string): string | undefined {
  const h = new Harness(validateConfig(i.hardware), { ramBytes: 1 << 22, check: false });
  const writer = vcd ? new VcdWriter(h.sim, { output: vcd, version: 'handoff verify memory' }) : undefined;
  try {
    const flat = new Map<number, number>();
    const word = (pa: number): number => flat.get(pa) ?? initial(pa);
    for (let pa = PA; pa < PA + 0x8000; pa += 4) h.pokeWord(pa, initial(pa));
    h.pokeWord(TTB + ((VA >>> 20) << 2), section(PA, { c: true, b: true }));
    h.setCp15({ ttbr: TTB, dacr: 0x1, ctrl: CTRL_M | CTRL_C });
    for (const [n, o] of i.ops.entries()) {
      if (o.k === 'read' || o.k === 'write') {
        const off = o.off & ~((1 << o.size) - 1);
        const pa = (PA + off) & ~3;
        if (o.k === 'read') {
          const a = h.read(VA + off, { size: o.size, priv: true });
          const want = word(pa); // the D port returns the aligned word; the core picks the lane
          if (a.abort || a.data >>> 0 !== want >>> 0) return `op ${n} (read ${o.size === 2 ? 'word' : o.size === 1 ? 'half' : 'byte'} at +0x${off.toString(16)}): got ${a.abort ? 'an abort' : `0x${(a.data >>> 0).toString(16)}`}, flat memory says 0x${want.toString(16)}`;
        } else {
          h.write(VA + off, o.value, { size: o.size, priv: true });
          const shift = (off & 3) * 8;
          const mask = o.size === 2 ? 0xffffffff : ((o.size === 1 ? 0xffff : 0xff) << shift) >>> 0;
          flat.set(pa, ((word(pa) & ~mask) | ((o.value << (o.size === 2 ? 0 : shift)) & mask)) >>> 0);
        }
      } else if (o.k === 'clean') h.op(o.inv ? OP.CLEAN_INV_D_MVA : OP.CLEAN_D_MVA, VA + o.off);
      else h.op(OP.DRAIN_WB);
    }
    for (let n = 0; n < 10_000; n++) if ((h.op(OP.TEST_CLEAN_D).result & RESULT_Z) !== 0) break;
    h.op(OP.DRAIN_WB);
    for (const [pa, v] of flat) if (h.peekWord(pa) >>> 0 !== v) return `after clean + drain, RAM[0x${pa.toString(16)}] = 0x${(h.peekWord(pa) >>> 0).toString(16)}, flat memory 0x${v.toString(16)} (dirty data lost)`;
    return undefined;
  } finally {
    writer?.close();
  }
}

export const memorySuite: Suite<MemoryInput> = {
  name: 'memory',
  description: 'MMU + D-cache + write buffer against flat memory: generated accesses, line maintenance and drains on generated cache/write-buffer/latency knobs',
  arbitrary: fc.record({ hardware, ops: fc.array(op, { minLength: 1, maxLength: 120, size: 'max' }), program: mmuProgram() }), // long sequences: evictions
  check: (i) => {
    const problem = run(i);
    if (problem !== undefined) return problem;
    const lockstep = checkMmuProgram(i.program);
    return lockstep === undefined ? undefined : `MMU program (lockstep): ${lockstep}`;
  },
  show(i) {
    return `hardware ${JSON.stringify(i.hardware)}\n${i.ops.map((o, n) => `  ${n}: ${JSON.stringify(o)}`).join('\n')}\nMMU program on ${JSON.stringify(i.program.hardware)}:\n${renderMmuProgram(i.program)}`;
  },
  waveform(i, path) {
    if (run(i) === undefined) {
      checkMmuProgram(i.program, { vcdOnMismatch: path });
      return path;
    }
    run(i, path);
    return path;
  },
};
