// Generated MMU programs for the RTL-vs-reference lockstep: TLB lockdown (c10) fills with P = 1 by
// the TRM's procedure (invalidate the entry, P = 1 with a victim, one load to walk, P = 0), reads
// and writes of c10, invalidate-all (c8 CRm 5/6/7) with locked entries, invalidate-by-MVA,
// descriptor edits (each followed by TLB maintenance: software must do it), and a D-cache
// clean+invalidate by set/way whose loop takes the geometry from the c0 cache type register, then
// reads the lines back through an uncached alias, on generated cache and lockdown-count knobs.
//
// What the programs keep to (each is a legitimate RTL/reference difference or outside what the
// reference's lockdown model claims, testbench/reference/mmu.ts):
// - the code runs from section 0, which is never invalidated while P = 1 (invalidate-all runs at
//   P = 0 and is followed by nops so the fetch side re-walks it at P = 0), far from its end;
// - the main TLB keeps its default geometry and the program uses five sections in five sets: no
//   main-TLB eviction;
// - no descriptor edit without TLB maintenance, remapped sections are not cacheable (no VIVT
//   aliasing), no self-modifying code, no CP15 c1/c13 writes after the MMU is on.
import fc from 'fast-check';
import { assembleProgram } from '../../kernel/toolchain/index.ts';
import type { PartialConfig } from '../../rtl/config.ts';
import { runLockstep } from './rtl-vs-iss.ts';

/** Sections (VA MB n): 0 code and table (identity, NCNB); 1, 2 remappable to PA MB 1 or 2 (NCNB); 3 PA MB 3 write-back; 4 an NCNB alias of PA MB 3. */
const TTB = 0x80000;
const OFFSETS = [0, 0x104, 0xff0] as const;

export type MmuStep =
  | { readonly k: 'lock'; readonly section: number; readonly second: number | null; readonly victim: number; readonly off: number }
  | { readonly k: 'load'; readonly section: number; readonly off: number }
  | { readonly k: 'store'; readonly section: number; readonly off: number; readonly value: number }
  | { readonly k: 'remap'; readonly section: number; readonly pa: number; readonly maintenance: 'all' | 'mva' }
  | { readonly k: 'invalidate-all'; readonly crm: 5 | 6 | 7 }
  | { readonly k: 'invalidate-mva'; readonly section: number; readonly off: number }
  | { readonly k: 'read-c10' }
  | { readonly k: 'write-c10'; readonly victim: number }
  | { readonly k: 'clean-set-way'; readonly stores: readonly (readonly [page: number, off: number, value: number])[] };

export interface MmuProgram {
  readonly hardware: PartialConfig;
  readonly steps: readonly MmuStep[];
}

const section123 = fc.integer({ min: 1, max: 3 });
const off = fc.constantFrom(...OFFSETS);
const step: fc.Arbitrary<MmuStep> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('lock' as const), section: section123, second: fc.option(section123, { nil: null }), victim: fc.integer({ min: 0, max: 7 }), off }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('load' as const), section: section123, off }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('store' as const), section: section123, off, value: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('remap' as const), section: fc.integer({ min: 1, max: 2 }), pa: fc.integer({ min: 1, max: 2 }), maintenance: fc.constantFrom('all' as const, 'mva' as const) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('invalidate-all' as const), crm: fc.constantFrom<5 | 6 | 7>(5, 6, 7) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('invalidate-mva' as const), section: section123, off }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('read-c10' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('write-c10' as const), victim: fc.integer({ min: 0, max: 7 }) }) },
);
const cleanSetWay: fc.Arbitrary<MmuStep> = fc.record({
  k: fc.constant('clean-set-way' as const),
  stores: fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 1023 }).map((w) => w * 4), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }),
});

/** Cache knobs of the generated configurations (up to 32 KB: the set/way loop stays a few thousand iterations). */
export const mmuHardware: fc.Arbitrary<PartialConfig> = fc.record({
  icache: fc.record({ sizeBytes: fc.constantFrom(1024, 4096, 16384, 32768), ways: fc.constantFrom(1, 2, 4, 8), lineBytes: fc.constantFrom(16, 32, 64) }),
  dcache: fc.record({
    sizeBytes: fc.constantFrom(1024, 4096, 16384, 32768),
    ways: fc.constantFrom(1, 2, 4, 8),
    lineBytes: fc.constantFrom(16, 32, 64),
    replacement: fc.constantFrom('round-robin' as const, 'random' as const),
    writePolicy: fc.constantFrom('page' as const, 'page' as const, 'write-through' as const),
  }),
  tlb: fc.record({ lockdownEntries: fc.constantFrom(0, 1, 3, 8, 8) }),
  memory: fc.record({ ramWaitStates: fc.integer({ min: 0, max: 2 }) }),
});

/** A program: steps with lockdown and TLB maintenance, and (mostly) one set/way clean somewhere among them. */
export function mmuProgram(maxSteps = 24): fc.Arbitrary<MmuProgram> {
  return fc
    .record({
      hardware: mmuHardware,
      steps: fc.array(step, { minLength: 1, maxLength: maxSteps }),
      clean: fc.option(fc.tuple(cleanSetWay, fc.nat()), { freq: 4, nil: null }),
    })
    .map(({ hardware, steps, clean }) => {
      if (clean === null) return { hardware, steps };
      const at = clean[1] % (steps.length + 1);
      return { hardware, steps: [...steps.slice(0, at), clean[0], ...steps.slice(at)] };
    });
}

const desc = (pa: number, cacheable: boolean): string => `0x${((pa << 20) | (cacheable ? 0xc0e : 0xc02)).toString(16)}`;
const NOPS = ['  nop', '  nop', '  nop', '  nop', '  nop', '  nop', '  nop', '  nop'];

/** The program's assembly (text at 0; ends with the semihosting exit). */
export function renderMmuProgram(p: MmuProgram): string {
  const out: string[] = [
    '  .text',
    '  .global _start',
    'vectors:',
    '  b _start',
    ...Array.from({ length: 7 }, () => '  b .'),
    '_start:',
    `  ldr r0, =0x${TTB.toString(16)}`,
    `  ldr r1, =${desc(0, false)}`,
    '  str r1, [r0]',
    `  ldr r1, =${desc(1, false)}`,
    '  str r1, [r0, #4]',
    `  ldr r1, =${desc(2, false)}`,
    '  str r1, [r0, #8]',
    `  ldr r1, =${desc(3, true)}`,
    '  str r1, [r0, #12]',
    `  ldr r1, =${desc(3, false)}`,
    '  str r1, [r0, #16]',
  ];
  // Distinct words where the steps load (MMU off: physical addresses).
  for (let s = 1; s <= 3; s++) {
    for (const o of OFFSETS) {
      out.push(`  ldr r1, =0x${((s << 24) | (o << 4) | 0xa5).toString(16)}`, `  ldr r2, =0x${((s << 20) + o).toString(16)}`, '  str r1, [r2]');
    }
  }
  out.push(
    '  mcr p15, 0, r0, c2, c0, 0',
    '  mov r1, #1',
    '  mcr p15, 0, r1, c3, c0, 0   @ domain 0 client',
    '  mcr p15, 0, r1, c8, c7, 0',
    '  mcr p15, 0, r1, c7, c7, 0',
    '  mrc p15, 0, r1, c1, c0, 0',
    '  orr r1, r1, #5              @ M, C',
    '  mcr p15, 0, r1, c1, c0, 0',
    ...NOPS,
  );
  p.steps.forEach((s, n) => {
    out.push(`  @ step ${n}: ${JSON.stringify(s)}`);
    switch (s.k) {
      case 'lock': {
        const two = s.second !== null && s.second !== s.section;
        out.push(`  mov r2, #0x${(s.section << 20).toString(16)}`, '  mcr p15, 0, r2, c8, c7, 1   @ the entry to lock is not in the TLB');
        if (two) out.push(`  mov r5, #0x${(s.second! << 20).toString(16)}`, '  mcr p15, 0, r5, c8, c7, 1');
        out.push(
          `  mov r1, #0x${((s.victim << 26) >>> 0).toString(16)}`,
          '  orr r1, r1, #1',
          '  mcr p15, 0, r1, c10, c0, 0  @ P = 1',
          `  ldr r3, [r2, #${s.off}]            @ walk: fills the lockdown entry`,
          ...(two ? [`  ldr r6, [r5, #${s.off}]`] : []),
          '  mrc p15, 0, r4, c10, c0, 0  @ victim advanced',
          '  bic r4, r4, #1',
          '  mcr p15, 0, r4, c10, c0, 0  @ P = 0',
        );
        break;
      }
      case 'load':
        out.push(`  mov r2, #0x${(s.section << 20).toString(16)}`, `  ldr r5, [r2, #${s.off}]`);
        break;
      case 'store':
        out.push(`  mov r2, #0x${(s.section << 20).toString(16)}`, `  mov r7, #${s.value}`, `  str r7, [r2, #${s.off}]`);
        break;
      case 'remap':
        out.push(
          `  mov r0, #0x${TTB.toString(16)}`,
          `  mov r1, #0x${(s.pa << 20).toString(16)}`,
          '  orr r1, r1, #0xc00',
          '  orr r1, r1, #2',
          `  str r1, [r0, #${s.section * 4}]`,
          '  mcr p15, 0, r1, c7, c10, 4  @ drain',
        );
        if (s.maintenance === 'all') out.push('  mcr p15, 0, r1, c8, c7, 0', ...NOPS);
        else out.push(`  mov r2, #0x${(s.section << 20).toString(16)}`, '  mcr p15, 0, r2, c8, c7, 1');
        break;
      case 'invalidate-all':
        out.push(`  mcr p15, 0, r0, c8, c${s.crm}, 0`, ...NOPS);
        break;
      case 'invalidate-mva':
        out.push(`  mov r2, #0x${(s.section << 20).toString(16)}`, `  add r2, r2, #${s.off}`, '  mcr p15, 0, r2, c8, c7, 1');
        break;
      case 'read-c10':
        out.push('  mrc p15, 0, r6, c10, c0, 0');
        break;
      case 'write-c10':
        out.push(`  mov r1, #0x${((s.victim << 26) >>> 0).toString(16)}`, '  mcr p15, 0, r1, c10, c0, 0');
        break;
      case 'clean-set-way': {
        for (const [page, o, v] of s.stores) out.push('  mov r2, #0x300000', `  add r2, r2, #0x${(page << 12).toString(16)}`, `  mov r7, #${v}`, `  str r7, [r2, #${o}]`);
        out.push(
          '  mrc p15, 0, r9, c0, c0, 1   @ cache type: the D-cache geometry',
          '  mov r10, r9, lsr #12',
          '  and r10, r10, #3',
          '  add r10, r10, #3            @ log2(line bytes)',
          '  mov r11, r9, lsr #15',
          '  and r11, r11, #7            @ log2(ways)',
          '  mov r12, r9, lsr #18',
          '  and r12, r12, #15',
          '  add r12, r12, #9            @ log2(size)',
          '  sub r12, r12, r10',
          '  sub r12, r12, r11',
          '  mov r3, #1',
          '  mov r12, r3, lsl r12        @ sets',
          '  mov r8, r3, lsl r11         @ ways',
          '  rsb r11, r11, #32           @ way field shift (32: no way field)',
          '  mov r4, r8',
          `sw${n}_way:`,
          '  subs r4, r4, #1',
          `  bmi sw${n}_done`,
          '  mov r5, r12',
          `sw${n}_set:`,
          '  subs r5, r5, #1',
          `  bmi sw${n}_way`,
          '  mov r6, r4, lsl r11',
          '  orr r6, r6, r5, lsl r10',
          '  mcr p15, 0, r6, c7, c14, 2  @ clean and invalidate D line by set/way',
          `  b sw${n}_set`,
          `sw${n}_done:`,
          '  mcr p15, 0, r0, c7, c10, 4  @ drain',
        );
        // Read back through the uncached alias (VA MB 4 = PA MB 3): RAM must hold every store.
        for (const [page, o] of s.stores) out.push('  mov r2, #0x400000', `  add r2, r2, #0x${(page << 12).toString(16)}`, `  ldr r3, [r2, #${o}]`);
        break;
      }
    }
  });
  out.push('  mov r0, #0x18', '  ldr r1, =0x20026', '  swi 0x123456', '  .ltorg');
  return `${out.join('\n')}\n`;
}

/** Run a program in lockstep on its configuration: undefined when both models agree to the exit, else what went wrong. */
export function checkMmuProgram(p: MmuProgram, options: { readonly vcdOnMismatch?: string } = {}): string | undefined {
  const image = assembleProgram(renderMmuProgram(p), { textAddress: 0 });
  const r = runLockstep(image, { maxCycles: 400_000, system: { hardware: p.hardware }, ...options });
  if (!r.ok) return r.report ?? `lockstep ended: ${r.end}`;
  return r.end === 'exit' ? undefined : `lockstep ended: ${r.end} after ${r.retired} retirements (the program did not reach its exit)`;
}
