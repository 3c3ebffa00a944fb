// The "Why it is fast" section of `npm start`: a row per IPC design and one sentence per claim of
// the post, each number taken from the rows (the designs measured in this run).
import type { IpcDesign } from '../../kernel/abi.ts';
import { BOOT_HAND_OFF_SYMBOL } from './boot-on-model.ts';
import { CLAIM_NAMES, type DesignRow } from './designs.ts';

const num = (x: number | undefined): string => (x === undefined ? '-' : String(x));

/** `saves 33` or `costs 12`: l4's cost against the alternative's. */
function delta(l4: DesignRow, other: DesignRow): { verb: string; cycles: string } | undefined {
  if (l4.hotCycles === undefined || other.hotCycles === undefined) return undefined;
  const d = other.hotCycles - l4.hotCycles;
  return { verb: d >= 0 ? 'saves' : 'costs', cycles: `${Math.abs(d)} cycle${Math.abs(d) === 1 ? '' : 's'}` };
}

/** Where the difference goes: each phase's cycles in `other` minus l4's (phases of either), non-zero ones. */
export function phaseDelta(l4: DesignRow, other: DesignRow): string {
  const cycles = (r: DesignRow, phase: string): number => r.phases.filter((p) => p.phase === phase).reduce((a, p) => a + p.cycles, 0);
  const names = [...new Set([...other.phases.map((p) => p.phase), ...l4.phases.map((p) => p.phase)])];
  const parts = names.map((n) => [n, cycles(other, n) - cycles(l4, n)] as const).filter(([, d]) => d !== 0);
  return parts.length === 0 ? 'no phase differs' : parts.map(([n, d]) => `${n} ${d > 0 ? '+' : ''}${d}`).join(', ');
}

function brokenClaims(r: DesignRow): string {
  const broken = CLAIM_NAMES.filter((c) => !r.claims[c]);
  return broken.length === 0 ? 'none' : broken.join('; ');
}

export interface WhyContext {
  readonly words: number;
  readonly registerMrs: number;
  readonly strategy: string;
}

export function whyText(rows: readonly DesignRow[], c: WhyContext): string[] {
  const by = (d: IpcDesign): DesignRow | undefined => rows.find((r) => r.design === d);
  const l4 = by('l4');
  const mrs = c.words + 1;
  const inRegs = Math.min(c.registerMrs, mrs);
  const inUtcb = mrs - inRegs;
  const L: string[] = [];
  L.push(`Why it is fast: one message (the tag + ${c.words} words: ${inRegs} MRs in registers, ${inUtcb} in the UTCB), the same programs and hardware (${c.strategy} switch)`);
  const onModel = rows.filter((r) => r.boot === 'model').length;
  const boot = onModel === 0 ? '' : ` (the kernel's boot ran on the reference model up to ${BOOT_HAND_OFF_SYMBOL} in ${onModel === rows.length ? 'each run' : `${onModel} of the ${rows.length} runs`}, then the RTL)`;
  L.push(`under each IPC design of the kernel, every hand-off judged by the same checkers, which do not know the design${boot}:`);
  L.push(`  ${'design'.padEnd(10)} ${'hot'.padStart(5)} ${'cold'.padStart(5)} ${'instr'.padStart(6)} ${'I-lines'.padStart(8)} ${'misses I/D'.padStart(11)} ${'walks'.padStart(6)}  claims broken (fast-path hand-offs)`);
  for (const r of rows) {
    const k = r.counters;
    const misses = `${num(k['icacheMisses'])}/${num(k['dcacheMisses'])}`;
    L.push(
      `  ${r.design.padEnd(10)} ${num(r.hotCycles).padStart(5)} ${num(r.coldCycles).padStart(5)} ${num(r.hotKernelInstructions).padStart(6)} ${num(r.iLines).padStart(8)} ${misses.padStart(11)} ${num(k['tlbWalks']).padStart(6)}  ${brokenClaims(r)} (${r.fastHandOffs} of ${r.handOffs})${r.ok ? '' : '; PROGRAM OR KERNEL PROBLEM'}`,
    );
  }
  if (!l4) return L;
  // Each sentence weighs a claim of the fast path: only when the l4 design took it here.
  if (l4.fastHandOffs === 0) {
    const others = rows.filter((r) => r.design !== 'l4' && r.fastHandOffs > 0).map((r) => r.design);
    L.push(`So: no claim is weighed here: the l4 design took its fast path on none of its ${l4.handOffs} hand-offs (${others.length === 0 ? 'nor did any other design' : `${others.join(', ')} did`}); the rows compare general paths.`);
    return L;
  }
  L.push('So, per one-way IPC (hot):');
  const sentence = (d: IpcDesign, text: (v: { verb: string; cycles: string }, r: DesignRow) => string): void => {
    const r = by(d);
    const v = r ? delta(l4, r) : undefined;
    if (r && v) L.push(`  ${text(v, r)}; by phase: ${phaseDelta(l4, r)}`);
  };
  sentence('tcb-copy', (v, r) => `leaving the ${inRegs} register MRs in place ${v.verb} ${v.cycles} against copying them through the TCBs (tcb-copy: ${r.registerStores} stores and ${r.registerWrites} register writes of message words)`);
  sentence('buffered', (v, r) => `copying the message once, straight to the receiver, ${v.verb} ${v.cycles} against copying it into a kernel buffer and out again (buffered: ${r.stagedWords} UTCB words and ${r.registerStores} register MRs staged)`);
  // What the remap design did in its hot IPC: a remapping only when it wrote a page-table entry or maintained the TLB or caches.
  sentence('remap', (v, r) =>
    r.pageTableWrites + r.cacheOps + r.tlbOps > 0
      ? `copying the ${inUtcb} UTCB words ${v.verb} ${v.cycles} against remapping the message page (remap: ${r.pageTableWrites} page-table writes, ${r.cacheOps} cache and ${r.tlbOps} TLB operations)`
      : `copying the ${inUtcb} UTCB words ${v.verb} ${v.cycles} against the remap design, which remapped nothing in its hot IPC (0 page-table writes, 0 cache and 0 TLB operations)`,
  );
  sentence('slow', (v) => `the fast path ${v.verb} ${v.cycles} against the general path (slow)`);
  // What the spread added, as the rows measured it: kernel instructions per hot IPC against l4's.
  const moreInstructions = (r: DesignRow): string => {
    if (r.hotKernelInstructions === undefined || l4.hotKernelInstructions === undefined) return '';
    const d = r.hotKernelInstructions - l4.hotKernelInstructions;
    return `, ${r.hotKernelInstructions} kernel instructions against l4's ${l4.hotKernelInstructions} (${d >= 0 ? '+' : ''}${d})`;
  };
  sentence('l4-spread', (v, r) => `keeping the fast path on ${num(l4.iLines)} I-cache lines in ${num(l4.iPages)} pages ${v.verb} ${v.cycles} against spreading the same code out (l4-spread: ${num(r.iLines)} lines in ${num(r.iPages)} pages${moreInstructions(r)})`);
  return L;
}
